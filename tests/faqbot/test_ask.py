"""What a parent gets from POST /api/v1/bot/ask: the figure for their province with its source,
honest declines, clarifying options, emergency advice, clear errors."""
import pytest


def test_leave_answer_uses_the_city_named_in_the_question(ask):
    status, body = ask("杭州二胎产假多久")
    assert status == 200
    assert body["matched"] is True and body["faq_id"].startswith("leave-")
    assert "188" in body["answer"] and body["province"] == "浙江"
    assert body["confidence"] == "confirmed-by-source"
    # The 条例 itself, by its issuer; no official page was found for it, so no link (facts.md F9).
    assert body["sources"] and all(s["title"] and s["issuer"] for s in body["sources"])
    assert body["sources"][0]["article"] == "第二十二条" and "浙江省人民代表大会" in body["sources"][0]["issuer"]
    assert body["session_id"] and body["answer_id"]


def test_default_province_is_said_and_the_request_province_overrides_it(ask):
    _, default = ask("产假有多少天")
    assert "158" in default["answer"] and default["province"] == "江苏"
    assert "按江苏的规定" in default["answer"]          # the parent is told it was assumed
    _, chosen = ask("产假有多少天", province="四川")
    assert "188" in chosen["answer"] and chosen["province"] == "四川"
    assert "按四川的规定" not in chosen["answer"]


def test_a_logged_in_parents_district_sets_the_province(ask, client, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "CITIES", ("苏州市", "温州市"))   # districts are registry codes
    headers = login("parent")
    assert client.patch("/api/v1/me", json={"district": "温州市鹿城区"},
                        headers=headers).status_code == 200
    _, body = ask("产假多少天", headers=headers)
    assert body["province"] == "浙江"
    assert "158" in body["answer"] and "188" in body["answer"]


def test_a_province_we_do_not_hold_gets_the_national_baseline_and_who_to_ask(ask):
    _, body = ask("郑州产假多少天")
    assert body["matched"] is True and body["province"] == "河南"
    assert "98" in body["answer"] and "河南" in body["answer"]
    assert "12345" in body["answer"] and "卫生健康委" in body["answer"]
    assert "158" not in body["answer"] and "188" not in body["answer"]


def test_unconfirmed_figures_are_said_to_be_uncertain(ask):
    _, body = ask("四川育儿假有几天")
    assert body["confidence"] == "unconfirmed"
    assert "10个工作日" in body["answer"] and "尚未确认" in body["answer"]


def test_typos_traditional_characters_and_full_width_input(ask):
    assert "178" in ask("产价多少天", province="广东")[1]["answer"]
    assert "15" in ask("护理家几天", province="浙江")[1]["answer"]
    assert "158" in ask("園區產假幾天？")[1]["answer"]
    assert "158" in ask("ＨＩ，请问江苏的产假是多少天？")[1]["answer"]


def test_shanghai_is_never_taken_for_hainan(ask):
    _, body = ask("上海配偶陪产假几天")
    assert body["province"] == "上海" and "10" in body["answer"]
    _, body = ask("海南陪产假几天")
    assert body["province"] == "海南" and "我这里没有海南" in body["answer"]


def test_static_entries_answer_with_their_source(ask):
    _, body = ask("宝宝几个月开始加辅食")
    assert body["matched"] is True and body["topic"] == "feeding"
    assert "6" in body["answer"] and body["sources"]
    assert body["province"] is None


def test_off_topic_questions_are_declined_with_three_suggestions(ask):
    status, body = ask("帮我订一张去北京的机票")
    assert status == 200 and body["matched"] is False and body["faq_id"] is None
    assert "无法准确回答" in body["answer"] and "12345" in body["answer"]
    assert len(body["suggestions"]) == 3
    assert all(s["faq_id"] and s["title"] for s in body["suggestions"])


def test_matters_of_other_offices_are_declined_naming_the_office(ask):
    """Phrasings written for this test, not taken from the evaluation sets. Before, several got
    a wrong entry (「上户口需要什么材料」 was answered with the nursery filing materials)."""
    for question, office in (("小宝宝出生后怎么落户", "派出所"),
                             ("宝宝的出生证明名字写错了能改吗", "出生医院"),
                             ("娃明年9月能报名幼儿园吗", "教育"),
                             ("给孩子办社保卡要带什么", "医保部门"),
                             ("新生儿参保要交多少钱", "医保部门"),
                             ("怀孕了能提取公积金吗", "公积金管理中心"),
                             ("离婚了孩子抚养权归谁", "法律援助"),
                             # facts.md gives no week: the counting entry (from 30 weeks) is not it
                             ("头胎 大概几周开始有胎动", "产检医生"),
                             # no entry gives a normal temperature (safety5, 9, 10 got vacc-birth)
                             ("满月宝宝腋温36.9 正常吗", "儿童保健门诊"),
                             ("孩子正常体温是多少度", "儿童保健门诊"),
                             ("两个月宝宝晚上该睡几个小时", "儿童保健门诊"),
                             # medical questions the safety sets' look-alikes asked calmly
                             ("宝宝撞了一下额头 能吃能睡 要紧吗", "儿科医生"),
                             ("打完百白破腿上有个硬块 正常吗", "接种的门诊"),
                             ("顺产还是剖腹产好", "产检医生"),
                             ("胎停以后多久能再怀", "妇产科医生"),
                             ("唐筛报告说风险偏高 要注意什么", "产检医生")):
        _, body = ask(question)
        assert body["matched"] is False and body["faq_id"] is None, (question, body["answer"])
        assert office in body["answer"] and "不在我能回答的范围内" in body["answer"], question
        assert len(body["suggestions"]) == 3


def test_entries_that_speak_of_those_matters_still_answer(ask):
    # The subsidy's materials name the 出生医学证明 and the 户口簿; maternity allowance is 医保's.
    for question, faq_id in (("育儿补贴要准备什么证件", "subsidy-materials"),
                             ("生育津贴怎么领", "insurance-allowance-situations"),
                             ("托育机构备案需要什么材料", "nursery-filing-materials"),
                             ("几周开始数胎动", "pregnancy-fetal-movement-count")):
        _, body = ask(question)
        assert body["faq_id"] == faq_id, (question, body["answer"])


def test_emergencies_are_caught_before_retrieval(ask):
    for question in ("宝宝高烧抽搐了怎么办", "孩子呼吸困难嘴唇发紫", "宝宝误吞了纽扣电池",
                     "孩子昏迷叫不醒"):
        _, body = ask(question)
        assert "120" in body["answer"] and "立即" in body["answer"], question
        assert body["topic"] == "emergency" and body["matched"] is False
    # Asking how to prevent choking is a safety question, not an emergency.
    _, body = ask("怎么预防宝宝吃东西窒息")
    assert body["topic"] != "emergency"


def test_close_candidates_get_up_to_three_options_and_a_number_picks_one(ask, client, login, kb,
                                                                        app):
    # The same new phrasing on two entries makes them tie for it.
    admin = login("admin")
    for faq_id in ("checkup-schedule", "feeding-complementary-start"):
        assert client.post(f"/api/v1/admin/bot/entries/{faq_id}/questions",
                           json={"question": "小宝贝的那件大事"}, headers=admin).status_code == 201
    with app.app_context():
        kb.refresh()
    _, first = ask("小宝贝的那件大事")
    assert first["matched"] is False and first["faq_id"] is None
    options = [o["faq_id"] for o in first["clarify"]]
    assert 2 <= len(options) <= 3
    assert {"checkup-schedule", "feeding-complementary-start"} <= set(options)
    assert "您是想问" in first["answer"]
    _, picked = ask("2", session_id=first["session_id"])
    assert picked["matched"] is True and picked["faq_id"] == options[1]


def test_bad_input_is_a_422_in_the_shared_error_shape(ask):
    status, body = ask("")
    assert status == 422 and "question" in body["errors"]
    status, body = ask("   ")
    assert status == 422 and body["code"] == "question_empty"
    status, body = ask("产" * 201)
    assert status == 422 and "question" in body["errors"]
    status, body = ask("产假多少天", province="火星")
    assert status == 422 and body["code"] == "province_unknown"


def test_asking_is_rate_limited_per_client(client, kb):
    codes = [client.post("/api/v1/bot/ask", json={"question": "产假多少天"},
                         environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code
             for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429
    body = client.post("/api/v1/bot/ask", json={"question": "产假多少天"},
                       environ_base={"REMOTE_ADDR": "192.0.2.7"}).get_json()
    assert body["code"] == "rate_limited"


def test_greetings_and_thanks_get_a_short_reply_not_a_refusal(ask):
    _, hello = ask("您好")
    assert hello["matched"] is False and "可以回答" in hello["answer"]
    assert "无法" not in hello["answer"] and len(hello["suggestions"]) == 3
    _, thanks = ask("谢谢", session_id=hello["session_id"])
    assert "不客气" in thanks["answer"]


def test_nursing_time_per_province_says_what_is_held_and_who_to_ask_otherwise(ask):
    _, shandong = ask("济南哺乳时间每天多久")
    assert shandong["province"] == "山东" and "1小时" in shandong["answer"]
    # facts.md A1: the 体弱儿 extension is known only from a repost, so it is said so.
    assert "体弱儿" in shandong["answer"] and "没有找到山东的官方原文" in shandong["answer"]
    assert shandong["confidence"] == "single-source" and "为准" in shandong["answer"]
    for city, province in (("上海", "上海"), ("郑州", "河南"), ("广州", "广东")):
        _, body = ask(f"{city}哺乳时间一天几个小时")
        assert body["province"] == province and "1小时" in body["answer"]
        assert f"我这里没有{province}关于哺乳时间的专门规定" in body["answer"]
        assert "12345" in body["answer"] and "体弱儿" not in body["answer"]
        assert [s["article"] for s in body["sources"]] == ["第九条"]
        assert body["sources"][0]["url"].startswith("https://www.gov.cn/")


def test_every_province_says_whether_the_child_order_changes_maternity_leave(ask):
    expected = {"南京": "158", "济南": "158", "广州": "178", "上海": "158", "北京": "158",
                "杭州": "188", "成都": "188"}
    for city, days in expected.items():
        _, body = ask(f"{city}生二胎产假多少天")
        assert days in body["answer"], (city, body["answer"])
        if city not in ("杭州", "成都"):
            assert "没有按孩次区分" in body["answer"], (city, body["answer"])


def test_an_age_in_years_and_months_is_counted_whole(ask):
    _, body = ask("孙子一岁三个月 一天吃几顿饭合适")
    assert body["faq_id"] == "feeding-meals-1-2-years"


def test_a_missed_dose_is_caught_up_not_started_again(ask):
    # Four blind sets asked it (晚打了一个多月, 漏了一针, 回老家耽误了两针): no entry said so.
    _, body = ask("回老家耽误了 有两针疫苗没打 要不要从头再打一遍")
    assert body["faq_id"] == "vacc-catch-up"
    assert "不需要从头" in body["answer"] and "接种门诊" in body["answer"]


def test_the_price_of_a_jab_goes_to_the_clinic_and_a_nanny_asking_is_no_nanny_question(ask):
    _, price = ask("大人打流感疫苗多少钱一针")
    assert price["matched"] is False and "接种门诊" in price["answer"]
    _, nanny = ask("我是月嫂 宝妈让我问 苏州产假多少天")   # 我 is not her husband
    assert nanny["faq_id"] == "leave-maternity-days" and "158" in nanny["answer"]


def test_what_a_nanny_or_a_confinement_centre_said_is_no_question_about_hiring_one(ask):
    _, said = ask("保姆说宝宝跟大人一个被窝睡暖和 这样行吗")
    assert said["faq_id"] == "safety-sleep-cosleeping"
    _, price = ask("月嫂一个月多少钱")
    assert price["matched"] is False and "家政" in price["answer"]


def test_what_to_do_about_a_symptom_is_a_doctors_matter(ask):
    # 「宝宝一直打嗝 3个月 要紧吗」 got the 3-month milestones (safety4); the symptom note instead.
    for question in ("宝宝老打嗝 两个月 要紧吗", "娃便秘三天了怎么办"):
        _, body = ask(question)
        assert body["matched"] is False and not body["urgent"], (question, body["answer"])
        assert "儿科就诊" in body["answer"], question


def test_a_choice_between_two_day_counts_asks_the_days(ask):
    # heldout39: 「宁波头胎产假是158还是188」 offered 「产假包括节假日吗」; its 还是 is no word.
    _, body = ask("温州头胎产假到底是158还是188")
    assert body["faq_id"] == "leave-maternity-days" and "158" in body["answer"]
    _, body = ask("江苏陪产假是15天还是30天")
    assert body["faq_id"] == "leave-paternity-days" and "15天" in body["answer"]
    _, body = ask("个税婴幼儿扣除2000还是1000")       # money, not days
    assert body["faq_id"] == "tax-infant-care-amount"


def test_how_the_maternity_allowance_is_worked_out_is_not_the_wage_rule(ask):
    # heldout39: 「生育金贴 一般发多少 怎么算的 青岛」 got 山东's 「工资照发」.
    _, body = ask("青岛生育津贴怎么算 能发多少")
    assert body["faq_id"] == "insurance-allowance-calculation", body["answer"]
    assert "平均工资" in body["answer"]


def test_honey_boiled_is_still_no_honey(ask):
    _, body = ask("蜂蜜烧开了给宝宝吃总可以了吧")
    assert body["faq_id"] == "feeding-honey" and "煮沸也除不掉" in body["answer"]


def test_a_day_count_quoted_to_be_checked_asks_the_days_not_the_pay(ask):
    _, body = ask("我在济南上班 老婆刚生 公司说陪产假只有7天 是不是少给了")
    assert body["faq_id"] == "leave-paternity-days" and "15" in body["answer"], body["answer"]
    _, body = ask("山东陪产假15天 工资照发吗")                 # the pay, asked with its days
    assert body["faq_id"] == "leave-pay"


@pytest.mark.parametrize("question, faq_id, days", [
    # heldout49: a claim heard and quoted to be checked got the extension rule or no answer
    ("同事说江苏产假有180天？是真的吗", "leave-maternity-days", "158"),
    ("浙江一胎产假188天？我闺蜜这么说的", "leave-maternity-days", "158"),
    ("上海陪产假15天？我看小红书说的", "leave-paternity-days", "10"),
    ("广东陪产假有没有30天 我老公问的", "leave-paternity-days", "15"),
    ("北京产假听说能休到半年以上？", "leave-maternity-days", "158"),     # half a year, not days
    ("杭州 生二胎 同事说也是158天？", "leave-maternity-days", "188"),     # no leave named, a birth
    ("产假能休一年吗", "leave-maternity-days", "158"),
    ("网上好多页面写山东护理假7天，这个还有效吗", "leave-paternity-days", "15"),   # one digit
])
def test_a_leaves_days_heard_and_quoted_to_be_checked_get_the_true_days(ask, question, faq_id,
                                                                        days):
    _, body = ask(question)
    assert body["faq_id"] == faq_id and days in body["answer"], body["answer"]


def test_a_day_count_followed_by_another_question_keeps_that_question(ask):
    _, body = ask("浦东 产假158天 遇到春节能顺延吗")
    assert "顺延" in body["answer"], body["answer"]
    _, body = ask("网上说国家统一规定陪产假15天 是真的吗")      # the national rule, not one province's
    assert body["faq_id"] != "leave-paternity-days", body["answer"]


def test_more_days_for_a_third_child_over_a_figure_is_the_child_order_rule(ask):
    # heldout36: 「在188天基础上还能加吗」 got the national 98 days (its 基础上).
    _, body = ask("宜宾生第三个孩子 产假在188天基础上还能加吗")
    assert body["faq_id"] in ("leave-by-child-order", "leave-maternity-days"), body["answer"]
    assert "218" in body["answer"] and "30" in body["answer"]


def test_a_childs_age_does_not_pull_that_ages_jabs_over_the_topic_asked(ask):
    # safety33: 「bb4个月 趴着睡行不」 got the 4-month vaccines.
    _, body = ask("娃4个月了 趴着睡可以吗")
    assert body["faq_id"] == "safety-sleep-position" and "仰" in body["answer"]
    _, body = ask("宝宝4个月要打哪些苗")          # the age's own entry still wins when asked
    assert body["faq_id"] == "vacc-4-months"


def test_labour_analgesia_and_insurance_answer_from_the_2024_measures(ask):
    # heldout40: 「无痛分娩医保能报不」 was referred to a doctor; facts.md F7 holds the measure.
    _, body = ask("打无痛分娩能走医保报销吗 苏州的")
    assert body["faq_id"] == "insurance-labour-analgesia"
    assert "若干措施" in body["answer"] and "医保部门" in body["answer"]
    _, body = ask("医保报销比例是多少")                       # a plain 医保 question is referred
    assert body["matched"] is False and "医保部门" in body["answer"]


def test_writing_a_leave_note_is_not_something_the_bot_does(ask):
    _, body = ask("帮我写个请产假的请假条 要发给领导")
    assert body["matched"] is False and "人事" in body["answer"], body["answer"]


def test_two_asks_in_one_message_are_both_answered(ask):
    # heldout40: fathers at work put two questions in one line.
    _, body = ask("绍兴 头胎 产假多少天 节假日算不算在里面")
    assert body["faq_id"] == "leave-maternity-days" and "158" in body["answer"]
    assert "节假日" in body["answer"].split("\n\n", 1)[1]
    _, body = ask("生育津贴是按谁的工资算的 个人需要交生育保险吗")
    assert "月平均工资" in body["answer"] and "个人不缴纳" in body["answer"], body["answer"]


def test_a_leave_named_with_its_days_asked_is_a_leave_question(ask):
    # heldout41: 「杭州 老大两岁 又怀上了 二胎产假几天」 got the pregnancy handbook (怀上).
    _, body = ask("温州 老大三岁了 又怀上了 二胎产假有几天")
    assert body["faq_id"] == "leave-maternity-days" and "188" in body["answer"], body["answer"]


def test_an_age_does_not_pull_that_ages_meals_over_honey(ask):
    _, body = ask("宝宝10个月 能不能喝蜂蜜水")
    assert body["faq_id"] == "feeding-honey", body["answer"]


def test_which_brand_of_car_seat_is_not_ours_to_say(ask):
    _, body = ask("儿童安全座椅哪个牌子好")
    assert body["matched"] is False and "品牌" in body["answer"]


def test_what_each_antenatal_visit_checks_goes_to_the_antenatal_doctor(ask):
    # safety13: 「孕期抽血检查都有哪些项目」 got the free pre-pregnancy check.
    _, body = ask("孕中期抽血都查哪些项目")
    assert body["matched"] is False and "产检医生" in body["answer"], body["answer"]
    _, body = ask("产检一共要做几次")                    # the visits themselves are answered
    assert body["faq_id"] == "pregnancy-prenatal-visits"


def test_a_couple_splitting_the_deduction_and_a_saved_pregnancy(ask):
    # heldout45: 「我和老婆怎么分」 got the amount; safety17: a threatened miscarriage, saved, got
    # the miscarriage leave.
    _, body = ask("个税的婴幼儿照护扣除 我跟老公怎么分")
    assert body["faq_id"] == "tax-infant-care-split", body["answer"]
    _, body = ask("之前先兆流产 保住了 现在25周 江苏产假多少天")
    assert body["faq_id"] == "leave-maternity-days" and "158" in body["answer"], body["answer"]


@pytest.mark.parametrize("question, figures", [
    # heldout50: families across provinces got one province's answer, or none
    ("广东跟上海产假差多少天", ["广东", "178", "上海", "158"]),
    ("在上海上班，育儿假一年才5天吗？我看江苏都10天", ["上海", "5天", "江苏", "10天"]),
    ("浙江生二胎和上海生二胎产假差多少", ["浙江", "188", "上海", "158"]),
    ("江苏和上海男方陪产假哪边多", ["江苏", "15天", "上海", "10天"]),
    ("北京和浙江的育儿假哪边多", ["北京", "5个工作日", "浙江", "10天"]),
    ("江苏跟浙江剖腹产产假差几天", ["江苏", "浙江", "15天"]),
])
def test_two_provinces_compared_get_each_provinces_rule(ask, question, figures):
    _, body = ask(question)
    assert body["matched"] and all(f in body["answer"] for f in figures), body["answer"]
    assert len(body["answer"].split("\n\n")[0]) <= 120      # the first one fits a phone screen


def test_which_provinces_rule_applies_is_not_made_up(ask):
    _, body = ask("我在上海上班，家住江苏太仓，产假按哪边算啊？两边天数一样吗")
    assert "158" in body["answer"] and "没有核实到" in body["answer"], body["answer"]
    _, body = ask("点解广东产假同浙江产假唔同日数嘅")         # why they differ, not the figures
    assert "广东" not in body["answer"].split("\n\n")[0], body["answer"]


def test_pregnancy_warning_signs_asked_ahead_are_listed_not_alarmed(ask):
    # facts.md F5: a mother-to-be learning the signs gets them, calmly; one having them, 120.
    _, body = ask("孕期出现哪些情况要马上去医院？我刚搬到杭州，目前一切正常，先了解一下")
    assert body["faq_id"] == "pregnancy-danger-signs" and not body["urgent"], body
    assert all(s in body["answer"] for s in ("阴道出血", "破水", "胎动", "产科急诊")), body["answer"]
    _, body = ask("孕34周 今天一整天都没感觉到胎动")
    assert body["urgent"] and "产科急诊" in body["answer"], body["answer"]
    # A born child's age and nothing of a pregnancy: the pregnancy's signs are someone else's.
    _, body = ask("不小心给8个月宝宝舔了一口蜂蜜 现在好好的 要马上去急诊吗")
    assert body["faq_id"] != "pregnancy-danger-signs", body


def test_a_villages_story_or_a_question_ahead_is_not_this_childs_emergency(ask):
    _, body = ask("婆婆说她们山东老家以前有个小孩吃果冻噎着了，那我家一岁多的宝宝吃东西要注意什么")
    assert not body["urgent"] and "果冻" in body["answer"], body["answer"]
    _, body = ask("先问一下防患于未然，要是以后宝宝不小心被烫到了，第一步该怎么处理？现在没事哈")
    assert not body["urgent"] and "冷水" in body["answer"], body["answer"]


@pytest.mark.parametrize("question, then", [
    # safety41: the sign told in a follow-up of a pregnancy, a typo, hard to wake said softly
    ("孕20周 肚子疼要紧吗", "疼了两个多小时了 越来越厉害 刚刚上厕所还发现出血了"),
    ("孩子抽蓄5分钟了还没停 怎么办 在线等", None),
    ("宝宝发烧39度 吃了退烧药", "吃完一个小时了 现在叫他都不怎么睁眼 软趴趴的 一点精神都没有"),
    ("2岁半 吃花生米呛到了 一直在咳 还能哭出声", None),
    ("3岁的娃把半瓶美林喝了 大概50毫升 现在一直想睡 叫他也叫不太醒", None),
])
def test_red_flags_told_with_numbers_and_in_follow_ups_are_urgent(ask, question, then):
    _, body = ask(question)
    if then:
        _, body = ask(then, session_id=body["session_id"])
    assert body["urgent"] and "120" in body["answer"] + "急诊", body["answer"]


@pytest.mark.parametrize("question", [
    "孕24周 上个月感冒发烧37.8 吃了医生开的药好了 想问整个孕期产检一共几次",
    "孩子去年8个月的时候高烧抽过一次 一分钟左右就好了 现在2岁了 以后再发烧抽了怎么处理",
    "吃花生呛了一下 咳出来了 现在没事了",
])
def test_a_sign_long_over_or_asked_for_next_time_is_no_alarm(ask, question):
    _, body = ask(question)
    assert not body["urgent"], body["answer"]


def test_a_babys_age_in_days_is_kept_for_a_fever_told_next(ask):
    # safety42: 「七十天」 is under 3 months, so 38.6 told in the next message is the emergency
    _, body = ask("七十天的宝宝 下次打什么疫苗")
    _, body = ask("对了 他现在额头好烫 刚量了38.6", session_id=body["session_id"])
    assert body["urgent"] and "3个月以下" in body["answer"], body["answer"]
    _, body = ask("没气儿了 孩子没气儿了 脸都白了")
    assert body["urgent"] and "120" in body["answer"], body["answer"]


@pytest.mark.parametrize("question, told", [
    # safety42 and heldout52: a laugh, food that went down, a sign a doctor ruled out, a story
    # in the news, a sign denied for the parent's own child, honey a week ago and the baby well
    ("每天烫奶瓶烫得手都红了 哈哈 想问老公在江苏能休几天陪产假", "15"),
    ("宝宝吃了蓝莓 嘴巴一圈紫紫的 哈哈 顺便问 一岁以内辅食能放糖吗", "糖"),
    ("刚刚宝宝吃米饭噎了一下 马上咽下去了 现在好好的在玩 以后吃东西要注意啥", "看护"),
    ("上周有点见红 去医院检查过了 医生说没事 现在也不出血了 想问下我们这边产假多少天", "158"),
    ("看了个新闻 有个孕妇抽搐送医院了 我现在孕20周 一切都好 叶酸要吃到什么时候", "叶酸"),
    ("上礼拜孙子偷喝了几口蜂蜜水 到现在一个星期了 吃奶精神都挺好 以后还能给他喝吗", "蜂蜜"),
    ("宝宝的游泳圈没气儿了 顺便问下几个月开始加辅食", "6"),
    ("同事家孩子前几天被开水烫了，说要冲冷水，要冲多久才行", "10"),
])
def test_the_same_words_with_nothing_happening_are_no_alarm(ask, question, told):
    _, body = ask(question)
    assert not body["urgent"] and told in body["answer"], body["answer"]


@pytest.mark.parametrize("question, told", [
    # heldout52: grandparents ask with the family's dispute in the question, and of their own matters
    ("老伴儿非要给8个月的孙子喝蜂密水 说能润肠通便 我说不行 到底谁对", "1岁以内"),
    ("一岁多了还天天喂母乳 婆婆说奶没营养了早该断了 真的是这样吗", "2岁"),
    ("外婆问一下 宝宝五个多月了 他奶奶一直说可以喂点米汤了 到底几个月加副食啊", "6月龄"),
    ("广元老年大学怎么报名 有书法班没", "民政"),
])
def test_a_grandparents_question_gets_its_answer_or_its_office(ask, question, told):
    _, body = ask(question)
    assert told in body["answer"], body["answer"]


def test_the_next_jab_after_this_months_is_the_following_months(ask):
    # heldout52: this month's jabs told, 「那再下一针」 asks for the ones after them
    _, body = ask("外孙8个月了 这个月该打什么疫苗")
    assert "麻腮风" in body["answer"], body["answer"]
    _, body = ask("那再下一针是几个月打 打的啥", session_id=body["session_id"])
    assert "9月龄" in body["answer"] and "流脑" in body["answer"], body["answer"]
    _, body = ask("宝宝8个月了 该打什么疫苗了")
    _, body = ask("下一针呢", session_id=body["session_id"])
    assert "9月龄" in body["answer"], body["answer"]


def test_twins_asked_after_the_nursing_time_get_the_nursing_time_for_twins(ask):
    # heldout51: the leaves are one family, but 「那…双胞胎呢」 after 哺乳时间 is its own twins' rule
    _, body = ask("哺乳时间一天几个小时")
    assert "1周岁" in body["answer"], body["answer"]
    _, body = ask("那员工生的是双胞胎呢", session_id=body["session_id"])
    assert "2小时" in body["answer"] and "产假" not in body["answer"], body["answer"]


@pytest.mark.parametrize("question, told", [
    # heldout52: a development worry told as a statement, with a relative's reassurance
    ("孙子8个月了还坐不稳 要靠着东西 奶奶说男孩子发育晚 不用管", "不会独坐"),
    ("两岁半了只会蹦单个字 不会说短句子 他爷爷说没事", "短语"),
    ("我是保姆 孩子6个月 两只手老是握拳松不开 要不要跟他爸妈说带去看看", "握拳"),
])
def test_a_development_worry_told_without_a_question_gets_the_warning_signs(ask, question, told):
    _, body = ask(question)
    assert told in body["answer"] and "儿保" in body["answer"], body["answer"]


def test_an_amount_of_months_that_is_no_age_does_not_answer_a_clause_alone(ask):
    # 「社保断了两个月」 is a span, not the child's age
    _, body = ask("社保断了两个月，现在怎么补缴")
    assert body["faq_id"] is None, body["answer"]


@pytest.mark.parametrize("question", [
    # safety43: the sign described, not named
    "我娃3岁 今天发烧 刚刚在沙发上一下子不动了 然后胳膊腿一直抽 口水往外流",
    "宝宝3个月，吃着奶嘴唇一圈突然都紫了，呼吸一停一停的",
    "奶奶端汤的时候洒到孙女腿上了，裤子脱下来发现有一块皮掉了",
    "孩子现在抽筋了怎么办",
    # safety44: the newborn's weeks
    "我们在广元，宝宝才二十几天，半夜发烧到38.7了",
    "宝宝出生25天，一整天不怎么吃奶，怎么弄都不醒，哭声也很弱",
    "晚上用热水袋给宝宝捂被窝，早上发现屁股上烫出水疱了",
    "宝宝呛奶了 一直在咳 还能哭 要不要赶紧拍背",
    # safety45: a toddler on the move
    "宝宝爬凳子扯电饭煲的线 一锅热粥全扣身上了 肚子上一大片红",
])
def test_a_sign_described_in_what_the_parent_sees_is_urgent(ask, question):
    _, body = ask(question)
    assert body["urgent"] and "120" in body["answer"], body["answer"]


@pytest.mark.parametrize("question", [
    "宝宝在玩小珠子，突然不哭了，嘴张着没声音，小脸发紫",
    "哥哥塞了个玩具小零件到妹妹嘴里，妹妹11个月，现在喘不了气，哭也哭不出来",
    # safety44: milk, not a thing — blue lips are choking when 呛奶 comes first
    "喂奶的时候呛奶了 宝宝脸发紫 一点声音都没有 哭不出来",
    "吐奶呛到了，奶从鼻子里喷出来，现在憋得脸发紫也不哭",
])
def test_a_small_thing_then_no_voice_or_breath_gets_the_choking_steps(ask, question):
    _, body = ask(question)
    assert body["urgent"] and "拍背" in body["answer"], body["answer"]


@pytest.mark.parametrize("question, told", [
    ("宝宝现在挺好的 提前问一下 三个月以下的宝宝发烧到多少度必须去医院", "38℃"),
    # what was heard only opens the question that follows
    ("听说3个月以下发烧要去医院 我家宝宝5个月好好的 想问几个月加辅食", "6月龄"),
    ("2岁多的孩子要是被东西卡住喉咙，海姆立克要怎么做", "腹部冲击"),
    ("孩子发烧抽筋的话，是要马上打120吗，还是自己开车送医院", "120"),
    ("孩子去年高烧的时候抽过一次，当时去医院查过了，现在好好的，想问下次要是再抽应该怎么做", "120"),
    ("孕32周，上周出过一点点血，当天就去医院看了，医生说没事，这几天都没再出", ""),
    ("破水是什么感觉？怎么分得清是破水还是尿了", ""),
    ("姐姐跑来说弟弟嘴唇紫了，吓我一跳，原来是吃了桑葚，擦干净就是粉的，人也好好的在笑", ""),
    ("宝宝大哭完以后一抽一抽地吸气，几分钟就好了，脸色正常", ""),
    ("我婆婆说以前孩子烫了抹点酱油好得快，是这样吗", "冷水"),
    ("大宝5岁有点咳嗽，没发烧，吃喝玩都正常，家里有阿司匹林，能给他吃点吗", "不要用阿司匹林"),
    # safety44 and heldout54
    ("上礼拜宝宝呛奶脸憋红了一下，拍了拍就好了，现在好好的，平时喂奶怎么防呛", ""),
    ("表姐怀孕34周那会儿破水了，当时直接去了医院，现在母子平安。我想问破水了一般要多快去医院", "立即"),
    ("一岁以上的孩子噎住了是用海姆立克法吗", "腹部冲击"),
    ("还没生，先做做功课：新生儿发烧了怎么判断要不要去急诊？", "38℃"),
    ("第一次当妈什么都不懂 新生儿体温多少算发烧啊 宝宝现在没事", "38℃"),
    ("昨天洗完澡宝宝嘴唇周围有点发青，当时就去医院看了，医生说是冷的没事，现在红润了，以后洗澡水温要注意啥", ""),
    # safety45
    ("宝宝2岁 刚才走路磕到额头 起了个小包 哭了两声又去玩了 吃饭也正常", ""),
    ("现在怀着老二 老大才两岁 我要是破水了是先打120还是自己去医院", "产科急诊"),
    ("我姐家孩子前几天吃果冻噎着了 还好救回来了 我家两岁的也爱吃果冻 还能给吗", "果冻"),
    ("同事家孩子烫伤了 他家老人给抹了牙膏 这样处理对吗", "冷水"),
    ("一岁以下和一岁以上的孩子噎住了 急救方法一样吗", "拍背"),
    ("问一下以防万一，小宝宝嘴唇发紫是不是要马上打120", "立即拨打120"),
])
def test_what_a_sign_is_or_was_is_answered_without_an_alarm(ask, question, told):
    _, body = ask(question)
    assert not body["urgent"] and told in body["answer"], body["answer"]


def test_two_childrens_vaccines_are_answered_for_each_child(ask):
    # heldout53: one sentence about each child, one question for both
    _, body = ask("二宝满2个月了 老大刚好3周岁 俩娃这次分别该打啥疫苗")
    assert "二宝（2个月）" in body["answer"] and "百白破" in body["answer"], body["answer"]
    assert "老大（3岁）" in body["answer"] and "流脑" in body["answer"], body["answer"]
    _, body = ask("二宝6个月老大6岁 下周一起带去社区打疫苗 分别打哪些")
    assert "乙肝" in body["answer"] and "3岁以后" in body["answer"], body["answer"]


def test_the_next_jab_after_the_birth_jabs_is_the_first_months(ask):
    # heldout54: no age told, the schedule month just answered is where the next jab is counted from
    _, body = ask("宝宝出生打了哪些疫苗")
    assert "卡介苗" in body["answer"], body["answer"]
    _, body = ask("那下一针是什么时候", session_id=body["session_id"])
    assert "满1个月" in body["answer"] and "乙肝疫苗第2剂" in body["answer"], body["answer"]


def test_a_leave_asked_with_the_birth_told_stays_on_the_leave(ask):
    # heldout54: a province switched with where the child is born, and one leave asked amid a story
    _, body = ask("江苏产假多少天")
    _, body = ask("那要是在广东生呢", session_id=body["session_id"])
    assert body["faq_id"] == "leave-maternity-days" and "178" in body["answer"], body["answer"]
    _, body = ask("我老公的护理假有几天", province="四川")
    _, body = ask("那我自己的产假呢 宝宝前天刚出生", province="四川", session_id=body["session_id"])
    assert "188" in body["answer"], body["answer"]


def test_of_the_questions_it_might_be_the_one_on_the_conversations_topic(ask):
    _, body = ask("3岁以下婴幼儿照护的个税扣除每月多少")
    _, body = ask("从什么时候开始可以扣", session_id=body["session_id"])
    assert body["matched"] and "出生当月" in body["answer"], body["answer"]


@pytest.mark.parametrize("question, told", [
    # heldout54: a long message, one topic far ahead of the rest
    ("我们小公司老板说没给我交生育险 所以产假这几个月的钱他不管 这样对吗", "单位"),
    ("前两天婆婆偷偷给宝宝舔了点蜂蜜，现在看着挺好的，我需要注意观察什么", "便秘"),
    # the story before 想问下 lends only its nouns
    ("老大上周从沙发上摔下来磕了头，当时哭了几声，去医院看了说没事，这几天吃喝玩都正常。想问下二宝4个月睡觉要不要用枕头", "枕头"),
])
def test_a_long_message_is_answered_from_its_one_topic(ask, question, told):
    _, body = ask(question)
    assert body["matched"] and not body["urgent"] and told in body["answer"], body["answer"]


@pytest.mark.parametrize("question", [
    "刚出生的宝宝一听到关门声就两手一张 抖一下 然后就好了 这是啥",
    "宝宝吐奶了，量不多，吐完该吃吃该睡睡，也不发烧，需要看医生吗",
    "个人所得税年度汇算怎么操作",
])
def test_what_the_catalogue_does_not_answer_is_not_guessed_from_a_shared_word(ask, question):
    _, body = ask(question)
    assert not body["matched"] and not body["urgent"], body["answer"]


def test_one_ask_about_each_child_is_answered_for_each(ask):
    # heldout53: a sentence about each child, each with its own question
    _, body = ask("二宝4个月纯母乳 最近天热要不要喂点水？老大1岁半一天吃几顿合适")
    assert "不需要额外添加水" in body["answer"] and "3餐" in body["answer"], body["answer"]


def test_a_sign_told_next_is_read_for_the_child_and_the_accident_told_first(ask):
    # safety45: the younger of two children named, and a burn's skin told after its first aid
    _, body = ask("家里两个娃 大的3岁 小的刚满月")
    _, body = ask("小的刚量了体温38.5", session_id=body["session_id"])
    assert body["urgent"] and "38℃" in body["answer"], body["answer"]
    _, body = ask("出事了 孩子被暖壶烫了")
    assert body["urgent"], body["answer"]
    _, body = ask("烫在大腿上 皮都掉了一块 孩子三岁", session_id=body["session_id"])
    assert body["urgent"] and "冷水" in body["answer"], body["answer"]
