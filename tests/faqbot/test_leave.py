"""Which leave a question asks for, and for which province: through POST /api/v1/bot/ask."""


def test_the_leave_the_question_names_wins_over_who_is_asking(ask):
    # The husband asks, but about her 产假: the province's 产假, not his 陪产假.
    for question, province, days in (("我在工地上 媳妇在苏州生孩子 产假能休几天", "江苏", "158"),
                                     ("我人在外地做工 爱人在成都生小孩产假几天", "四川", "188")):
        _, hers = ask(question)
        assert hers["faq_id"] == "leave-maternity-days", question
        assert days in hers["answer"] and hers["province"] == province
        assert "护理假" not in hers["answer"]
    # Asking about his own days off stays his 陪产假.
    _, his = ask("老婆在南京生孩子 我这个当老公的有几天假")
    assert his["faq_id"] == "leave-paternity-days" and "15" in his["answer"]
    assert "158" not in his["answer"]


def test_the_province_of_the_request_answers_a_plain_question(ask):
    _, reply = ask("我太太可以休多少天产假", province="浙江")
    assert reply["matched"] is True and reply["faq_id"] == "leave-maternity-days"
    assert reply["province"] == "浙江" and "158" in reply["answer"] and "188" in reply["answer"]
    assert "按浙江的规定" not in reply["answer"]     # given by the parent, not assumed


def test_hong_kong_macau_taiwan_are_outside_mainland_rules_whatever_the_question(ask):
    for question in ("台湾那边生孩子有产假吗",           # declined before: no figure to give
                     "在澳门工作 育儿假跟珠海一样吗"):     # 珠海 named last used to win
        _, reply = ask(question)
        assert reply["matched"] is True, question
        assert "不适用内地" in reply["answer"], question
        assert not any(figure in reply["answer"] for figure in ("98天", "178", "15天", "10天"))
    _, reply = ask("育儿假有没有", province="香港")
    assert "香港不适用内地" in reply["answer"] and reply["sources"] == []


def test_a_hong_kong_parent_working_in_the_mainland_gets_that_provinces_rule(ask):
    _, reply = ask("老婆是香港人 在广州上班 产假多少天")
    assert reply["province"] == "广东" and "178" in reply["answer"]
    assert "不适用" not in reply["answer"]


def test_a_care_question_naming_hong_kong_is_answered_as_usual(ask):
    _, reply = ask("香港的宝宝几个月加辅食")
    assert reply["faq_id"] == "feeding-complementary-start" and "6月龄" in reply["answer"]


def test_a_places_administrative_suffix_is_part_of_its_name():
    from app.faqbot.slots import Gazetteer

    gazetteer = Gazetteer({"山东": {"names": ["青岛", "黄岛"]}}, {"山东"})
    place, rest = gazetteer.find("我在青岛黄岛区上班")
    assert place.province == "山东" and place.name == "黄岛区"
    assert "区" not in rest and "上班" in rest
    assert gazetteer.province_of("黄岛区") == "山东"


def test_a_county_is_read_as_its_province(ask):
    # 营山 is a county of 南充 (四川): counties.yaml, generated from the statistics bureau's codes.
    _, sichuan = ask("营山这边现在产假是多少天")
    assert sichuan["province"] == "四川" and "188" in sichuan["answer"]
    # 奉节县 is in 重庆, whose rules we do not hold: the national figure, not the default 江苏's.
    _, chongqing = ask("我在奉节县上班 产假多少天")
    assert "98" in chongqing["answer"] and "158" not in chongqing["answer"]
    assert "重庆" in chongqing["answer"]


def test_a_county_name_without_its_suffix_is_read_only_as_a_whole_word():
    import jieba

    from app.faqbot.slots import Gazetteer

    gazetteer = Gazetteer({"四川": {"names": ["雅安"]}}, {"四川"}, {"四川": ["天全", "营山"]},
                          cut=lambda text: jieba.cut(text, HMM=False))
    assert gazetteer.find("这两天全身软软的")[0] is None          # 两天|全身, not 天全
    assert gazetteer.find("我在天全上班")[0].province == "四川"
    assert gazetteer.find("营山县的产假")[0].name == "营山县"


def test_more_days_for_a_later_child_is_the_child_order_rule(ask):
    # heldout14/16's class in other words: 多休 for a third child is not the dystocia entry.
    _, body = ask("达州这边 生老三的话产假比头胎多几天")
    assert body["faq_id"] == "leave-by-child-order" and "30" in body["answer"]
    _, dystocia = ask("生二胎难产能多休几天")
    assert dystocia["faq_id"] == "leave-dystocia"


def test_marriage_leave_is_answered_for_the_provinces_facts_hold_and_referred_elsewhere(ask):
    # Seven blind cases (heldout20–23) asked for 婚假; facts.md holds 四川, 山东 and 上海 only.
    _, sichuan = ask("孙女在广元办酒结婚 婚假有几天 做了婚检是不是还多几天")
    assert sichuan["faq_id"] == "leave-marriage-days" and sichuan["province"] == "四川"
    assert "20天" in sichuan["answer"] and "5天" in sichuan["answer"]
    assert all(s["url"] is None or ".gov.cn" in s["url"] for s in sichuan["sources"])
    _, shandong = ask("烟台结婚 婚假现在几天", session_id=sichuan["session_id"])
    assert shandong["province"] == "山东" and "15天" in shandong["answer"]
    assert "3天" in shandong["answer"] and "尚未核实" in shandong["answer"]
    _, shanghai = ask("那上海呢", session_id=shandong["session_id"])
    assert shanghai["faq_id"] == "leave-marriage-days" and "7天" in shanghai["answer"]
    # 江苏 (the default) is not in facts.md: no figure, and who to ask.
    _, jiangsu = ask("下个月领证 婚假几天")
    assert jiangsu["faq_id"] == "leave-marriage-days" and jiangsu["province"] == "江苏"
    assert "没有江苏" in jiangsu["answer"] and "12345" in jiangsu["answer"]
    assert not any(d in jiangsu["answer"] for d in ("20天", "15天", "3天"))


def test_the_days_for_one_childs_order_are_the_maternity_figure_for_it(ask):
    _, body = ask("台州生三胎的产假是多少")
    assert body["faq_id"] == "leave-maternity-days" and "188" in body["answer"]
    _, compared = ask("二胎产假是不是比头胎长", province="浙江")
    assert compared["faq_id"] == "leave-by-child-order"


def test_a_district_right_after_its_city_is_part_of_the_place(ask):
    # 鼓楼 alone is in several provinces, so it is not listed; after 南京 it is Nanjing's.
    _, body = ask("南京鼓楼这边产假现在是多少天啊")
    assert body["faq_id"] == "leave-maternity-days" and body["province"] == "江苏"
    assert "158" in body["answer"]


def test_where_the_family_comes_from_is_not_where_the_mother_works(ask):
    for question in ("女儿在苏州上班 下个月生 我们是四川过来帮忙带娃的 她产假能休多少天",
                     "在苏州上班 我是四川人 产假多少天"):
        _, body = ask(question)
        assert body["province"] == "江苏" and "158" in body["answer"], question


def test_a_due_date_or_a_normal_birth_told_does_not_change_the_days_asked(ask):
    for question, days in (("青岛产假多少天 我十月份预产期", "158"),
                           ("青岛的产假是多少天啊 顺产一胎", "158")):
        _, body = ask(question)
        assert body["faq_id"] == "leave-maternity-days" and days in body["answer"], question
    _, before = ask("预产期前多久可以开始休")
    assert before["faq_id"] == "maternity-prenatal-15-days"
    _, one = ask("江苏产假几天")
    _, two = ask("那浙江生二胎呢", session_id=one["session_id"])
    assert two["faq_id"] == "leave-maternity-days" and "188" in two["answer"]


def test_how_parental_leave_is_taken_is_beijings_rule_where_facts_hold_it(ask):
    # heldout37: 北京日报's expert answers (facts.md F9) say how 北京's 育儿假 is counted.
    _, beijing = ask("朝阳区 育儿假今年没休完 能留到明年吗")
    assert beijing["faq_id"] == "leave-parental-rules" and beijing["province"] == "北京"
    assert "不延到下一年" in beijing["answer"] and "周岁年度" in beijing["answer"]
    assert "单一来源" in beijing["answer"]
    _, twice = ask("两个孩子都不满3岁 能翻倍吗", session_id=beijing["session_id"])
    assert "累加" in twice["answer"]
    # Elsewhere nothing is verified: the parent is told so, and who to ask.
    _, jiangsu = ask("育儿假能分几次休吗")
    assert jiangsu["province"] == "江苏" and "没有统一规定" in jiangsu["answer"]
    assert "周岁年度" not in jiangsu["answer"]
