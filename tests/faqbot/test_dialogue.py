"""Follow-up questions within one session (kept in the database for 30 minutes)."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.faqbot.models import FaqSession


def _pair(ask, first, then, **fields):
    _, one = ask(first, **fields)
    _, two = ask(then, session_id=one["session_id"], **fields)
    assert two["session_id"] == one["session_id"]
    return one, two


def test_then_the_husband_gets_the_same_provinces_paternity_leave(ask):
    one, two = _pair(ask, "江苏产假多少天", "那男方呢")
    assert "158" in one["answer"]
    assert two["faq_id"] == "leave-paternity-days" and "15" in two["answer"]
    assert "158" not in two["answer"] and two["province"] == "江苏"


def test_then_another_child_order(ask):
    one, two = _pair(ask, "浙江二孩产假", "那一孩呢")
    assert "188" in one["answer"]
    assert "158" in two["answer"] and "188" not in two["answer"]


def test_then_another_province(ask):
    one, two = _pair(ask, "山东育儿假几天", "那北京呢")
    assert "10" in one["answer"] and one["province"] == "山东"
    assert two["province"] == "北京" and "5个工作日" in two["answer"]
    _, three = ask("那护理假呢", session_id=one["session_id"])
    assert three["province"] == "北京" and "15" in three["answer"]


def test_a_session_expires_after_thirty_minutes(ask, app):
    _, one = ask("浙江二孩产假")
    with app.app_context():
        session = db.session.get(FaqSession, one["session_id"])
        session.updated_at = session.updated_at - timedelta(minutes=31)
        db.session.commit()
    _, two = ask("那一孩呢", session_id=one["session_id"])
    assert two["session_id"] != one["session_id"]
    assert two["matched"] is False          # nothing to follow up on any more


def test_then_a_third_child_and_then_the_fathers_leave(ask):
    one, two = _pair(ask, "四川产假多少天", "如果是三胎呢")
    assert "188" in one["answer"]
    assert "218" in two["answer"] and "30" in two["answer"]
    _, three = ask("我在杭州", session_id=one["session_id"])
    assert three["province"] == "浙江" and "188" in three["answer"]   # still the third child
    _, four = ask("男方呢", session_id=one["session_id"])
    assert four["faq_id"] == "leave-paternity-days" and four["province"] == "浙江"


def test_a_province_follow_up_to_a_national_answer_gets_that_provinces_figure(ask):
    one, two = _pair(ask, "难产产假增加几天", "那广东呢")
    assert "15" in one["answer"] and one["faq_id"].startswith("leave-") is False
    assert two["province"] == "广东" and "30" in two["answer"]


def test_then_the_husband_after_parental_leave_stays_on_parental_leave(ask):
    one, two = _pair(ask, "育儿假怎么休", "那男方呢")
    assert two["faq_id"] == one["faq_id"] and "育儿假" in two["answer"]
    assert "生育保险" not in two["answer"] and "津贴" not in two["answer"]
    _, three = ask("那广东呢", session_id=one["session_id"])
    assert three["province"] == "广东" and "育儿假" in three["answer"] and "10" in three["answer"]


def test_a_refining_follow_up_keeps_the_topic_and_the_province(ask):
    one, two = _pair(ask, "广东产假多少天", "难产呢")
    assert two["province"] == "广东" and "30" in two["answer"]
    _, three = ask("哺乳时间一天多久")
    _, four = ask("那双胞胎呢", session_id=three["session_id"])
    assert "哺乳" in four["answer"] and "1小时" in four["answer"]


def test_follow_up_set_of_forty_conversations(ask):
    from tests.faqbot.conftest import ROOT
    from tests.faqbot.test_eval import _run

    summary = _run(ROOT / "tests" / "faqbot" / "eval" / "followup.jsonl", ask)
    assert summary["cases"] >= 40
    assert summary["accuracy"] >= 0.95 and summary["precision"] >= 0.95


def test_two_asks_in_one_question_answer_the_first_then_the_second(ask):
    # The whole question reads as its second ask (难产); the first (the days in 广东) comes first.
    status, body = ask("东莞产假多少天？难产的话能多几天")
    assert status == 200 and body["matched"] is True
    first, _, rest = body["answer"].partition("\n\n")
    assert "178" in first and len(first) <= 120
    assert "30天" in rest
    # One ask stays one answer.
    _, single = ask("东莞难产产假能多几天")
    assert "30天" in single["answer"].partition("\n\n")[0]


def test_a_short_follow_up_is_read_with_the_subject_of_the_conversation(ask):
    # 「要扣税吗」 on its own is the infant-care tax deduction; after the subsidy it asks whether
    # the subsidy is taxed.
    _, alone = ask("要扣税吗")
    assert alone["faq_id"] != "subsidy-tax-and-income"
    one, two = _pair(ask, "育儿补贴一个娃一年给几千", "要扣税吗")
    assert "3600" in one["answer"]
    assert two["faq_id"] == "subsidy-tax-and-income" and "免征" in two["answer"]
    # Too few words to be answered alone: read with 辅食, the subject just asked about.
    _, first = ask("宝宝几个月可以加辅食")
    _, then = ask("先喂啥", session_id=first["session_id"])
    assert then["matched"] is True and "铁" in then["answer"]


def test_a_third_question_keeps_the_topic_and_does_not_repeat_the_last_answer(ask):
    _, one = ask("宝宝多大开始添加辅食")
    _, two = ask("辅食先吃啥", session_id=one["session_id"])
    assert "铁" in two["answer"]
    _, three = ask("那刚开始吃辅食一天喂几次", session_id=one["session_id"])
    assert three["faq_id"] != two["faq_id"]
    assert "1—2次" in three["answer"]
    # About something the last answer holds, the same entry is asked again.
    _, ratio = ask("乳儿班一个保育员看几个娃")
    _, bigger = ask("那托大班呢", session_id=ratio["session_id"])
    assert bigger["faq_id"] == ratio["faq_id"] and "1:7" in bigger["answer"]


def test_an_age_alone_asks_the_last_question_at_that_age(ask):
    one, two = _pair(ask, "8个月宝宝一天几顿辅食", "那一岁半呢")
    assert "6—9月龄" in one["answer"]
    assert two["faq_id"] == "feeding-meals-1-2-years" and "疫苗" not in two["answer"]
    _, three = ask("那9个月呢", session_id=one["session_id"])
    assert "9—12月龄" in three["answer"] and "流脑" not in three["answer"]


def test_the_husband_asking_about_himself_after_his_wifes_leave_gets_his_own(ask):
    # Only a husband says 「老婆」: his 「那我呢」 asks for his 陪产假 …
    one, two = _pair(ask, "老婆在济南生孩子 产假有几天", "那我呢")
    assert one["faq_id"] == "leave-maternity-days" and "158" in one["answer"]
    assert two["faq_id"] == "leave-paternity-days" and two["province"] == "山东"
    # … while a mother asking the same after her own 产假 gets hers again.
    one, two = _pair(ask, "我老公在外地 我在济南生孩子 产假有几天", "那我有几天假")
    assert one["faq_id"] == "leave-maternity-days"
    assert two["faq_id"] == "leave-maternity-days" and "158" in two["answer"]


def test_a_follow_up_stays_in_the_province_the_request_gave(ask):
    # heldout11's class in other words: the mini-program sends the parent's province only.
    one, two = _pair(ask, "生孩子能休几天", "那要是难产呢", province="广东")
    assert "178" in one["answer"]
    assert two["faq_id"] == "leave-dystocia" and "30" in two["answer"] and two["province"] == "广东"


def test_the_father_asking_whether_he_has_it_too_keeps_the_parental_leave(ask):
    one, two = _pair(ask, "浙江育儿假怎么休", "男的也有吗")
    assert one["faq_id"] == two["faq_id"] == "leave-parental-days" and two["province"] == "浙江"


def test_a_mother_in_law_asking_gets_her_daughter_in_laws_maternity_leave(ask):
    _, body = ask("我儿媳妇在成都上班 想问问她能休几天产假")
    assert body["faq_id"] == "leave-maternity-days" and body["province"] == "四川"


def test_a_mother_who_says_i_several_times_after_naming_her_husband_gets_her_own_leave(ask):
    # heldout14's class in other words: 我 is the other one of the last named, said once or thrice.
    _, body = ask("我老公是香港人 我们都在深圳上班 我想问我的产假有多少天")
    assert body["faq_id"] == "leave-maternity-days" and "178" in body["answer"]


def test_leave_asked_as_a_verb_and_a_city_typed_with_the_wrong_zhou(ask):
    # heldout13's classes in other words: 「…请几天假陪产」 is his leave; 洲 typed for 州.
    _, his = ask("老婆在佛山生二胎 我单位能给几天假陪产")
    assert his["faq_id"] == "leave-paternity-days" and his["province"] == "广东"
    _, hers = ask("杭洲生孩子产假多少天")
    assert hers["faq_id"] == "leave-maternity-days" and hers["province"] == "浙江"


def test_a_follow_up_the_last_answer_already_speaks_of_keeps_its_entry(ask):
    _, one = ask("托小班一个班最多几个孩子")
    _, two = ask("那乳儿班呢", session_id=one["session_id"])
    assert two["faq_id"] == "nursery-class-sizes" and "10" in two["answer"]
    _, three = ask("那产假呢", session_id=ask("浙江陪产假多久")[1]["session_id"])
    assert three["faq_id"] == "leave-maternity-days"


def test_a_move_told_with_the_new_province_is_still_a_follow_up(ask):
    _, one = ask("江苏产假多少天")
    _, two = ask("那四川呢 我们刚搬去广元", session_id=one["session_id"])
    assert two["faq_id"] == "leave-maternity-days" and "188" in two["answer"]


def test_a_grandparent_asking_for_their_son_asks_the_fathers_leave(ask):
    _, one = ask("育儿假一年有几天")
    _, two = ask("那我儿子呢 男的也有吗", session_id=one["session_id"])
    assert two["faq_id"] == "leave-parental-days" and "10" in two["answer"]


def test_months_after_the_miscarriage_leave_count_the_pregnancy(ask):
    _, one = ask("怀孕三个月流产了 能休几天")
    _, two = ask("那要是满4个月以后呢", session_id=one["session_id"])
    assert two["faq_id"] == "maternity-miscarriage" and "42" in two["answer"]


def test_the_father_named_with_his_days_asked_after_her_leave_gets_his(ask):
    _, one = ask("广元的 儿媳妇生了 产假有好多天")
    _, two = ask("那我儿子呢 他能休几天", session_id=one["session_id"])
    assert two["faq_id"] == "leave-paternity-days" and "30" in two["answer"]


@pytest.mark.parametrize("first, then, faq_id, said", [
    # heldout42: 「是两个人各10天吗」 after 四川's 育儿假 got the tax deduction's 各50%.
    ("成都育儿假多少天", "是两个人各10天吗", "leave-parental-days", "尚未确认"),
    # heldout44: 「老公的陪产假呢」 after 成都's 育儿假 got the leave-transfer rule of 北京.
    ("成都育儿假几天", "老公的陪产假呢", "leave-paternity-days", "30天"),
])
def test_a_follow_up_on_the_last_leave_stays_on_leave(ask, first, then, faq_id, said):
    _, one = ask(first)
    _, body = ask(then, session_id=one["session_id"])
    assert body["faq_id"] == faq_id and said in body["answer"], body["answer"]


def test_a_hotline_operator_retelling_a_caller_is_read_for_the_callers_question(ask):
    # heldout43: 「一位…问，…」 and 「来电者补充说…」 are who speaks, not what is asked.
    _, first = ask("成都市一位女职工问，四川现在的产假是多少天？")
    assert first["faq_id"] == "leave-maternity-days" and "188" in first["answer"]
    _, body = ask("来电者补充说这是她的第三个孩子，问还能不能再多休？", session_id=first["session_id"])
    assert "30" in body["answer"] and "218" in body["answer"], body["answer"]


def test_a_wifes_weeks_make_the_follow_up_a_pregnancys(ask):
    # safety36: 「老婆34周 男方护理假能休几天」 → 「她刚说下面流了好多水 止不住」.
    _, first = ask("成都 老婆34周 男方护理假能休几天")
    assert not first["urgent"]
    _, body = ask("她刚说下面流了好多水 止不住", session_id=first["session_id"])
    assert body["urgent"], body["answer"]


def test_an_age_told_earlier_answers_which_jabs_are_due(ask):
    # safety37: 「俺孙女四个月了」 → 「这个月该打啥针」 got the 1-month jab (满月 phrasings).
    _, first = ask("俺孙女四个月了")
    _, body = ask("这个月该打啥针", session_id=first["session_id"])
    assert "4个月" in body["answer"] and "百白破" in body["answer"], body["answer"]
    assert "健康档案" not in body["answer"]          # no record is promised to a visitor


def test_an_age_told_with_a_fever_question_carries_to_the_reading(ask):
    _, first = ask("孙女两个月 问一下小孩发烧咋办")
    _, body = ask("就是现在 刚量的三十八度三", session_id=first["session_id"])
    assert body["urgent"], body["answer"]
