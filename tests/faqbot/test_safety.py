"""The red-flag layer, through the real API: every red flag urgent before any catalogue entry,
with the first aid facts.md supports; look-alikes answered or declined, never sent to 120."""
import pytest

from tests.faqbot.conftest import ROOT
from tests.faqbot.test_eval import _run

SAFETY = ROOT / "tests" / "faqbot" / "eval" / "safety.jsonl"
SAFETY2 = ROOT / "tests" / "faqbot" / "eval" / "safety2.jsonl"


def _kind(question: str) -> str | None:
    from app.faqbot import safety
    from app.faqbot.slots import age_months
    from app.faqbot.text import normalize
    norm = normalize(question)
    return safety.classify(norm, age_months(norm))


def test_safety_set_every_red_flag_is_urgent_and_no_look_alike_is(ask):
    summary = _run(SAFETY, ask)
    assert summary["red_flags"] >= 60 and summary["cases"] >= 80
    assert summary["urgent_rate"] == 1.0
    assert summary["false_alarms"] == 0
    assert summary["wrong_confident"] == 0
    assert summary["accuracy"] == 1.0


def test_safety2_red_flags_in_a_parents_own_words_are_all_urgent(ask):
    """safety2.jsonl was written before the fourth pass changed the matching: 15 of its 49 red
    flags were urgent then (docs/benchmarks.md). Its three other misses are retrieval answering a
    look-alike with a near entry, not safety."""
    summary = _run(SAFETY2, ask)
    assert summary["red_flags"] >= 49
    assert summary["urgent_rate"] == 1.0
    assert summary["false_alarms"] == 0
    assert summary["accuracy"] >= 0.95


# The blind safety sets of the sixth pass: each written by an engineer who saw neither the layer
# nor another set, run once before it was read, then mended by class (first runs in
# docs/benchmarks.md). One test, so that the knowledge base is loaded once for all of them.
BLIND_SAFETY_SETS = {  # name: red flags in the set; first run: red flags urgent, false alarms
    "safety3": 58,    # frightened parents, five regions' dialect: 40 of 58, 4 false alarms
    "safety4": 47,    # signs inside leave and care questions, two children: 36 of 47, 5
    "safety5": 49,    # short messages, caregivers, signs described: 41 of 50, 1
    "safety6": 50,    # the next step asked (「能等到明天吗」), calm voices: 45 of 50, 4
    "safety7": 49,    # a month's realistic mix: 43 of 49, 3
    "safety8": 51,    # each sign in as many words as people use: 40 of 51, 1
    "safety9": 51,    # a second month's mix: 49 of 51, 4
    "safety10": 45,   # a third month's mix: 42 of 45, 3
    "safety11": 48,   # a fourth month's mix: 44 of 48, 1
    "safety12": 38,   # 57 look-alikes from the catalogue's everyday questions: 35 of 38, 4
    "safety13": 49,   # a fifth month's mix: 46 of 49, 3
    "safety14": 46,   # each sign in many words, a second writer: 40 of 46, 1
    "safety15": 49,   # a sixth month's mix: 46 of 49, 4
    "safety16": 48,   # a seventh month's mix: 43 of 48, 5
    "safety17": 49,   # signs relayed by a carer, several things in one message: 41 of 49, 6
    "safety18": 49,   # an eighth month's mix: 42 of 49, 6
    "safety19": 48,   # a ninth month's mix: 47 of 48, 6
    "safety20": 50,   # a tenth month's mix: 45 of 50, 3
    "safety21": 50,   # panic on a phone, scares retold: 49 of 50, 6
    "safety22": 48,   # a night shift, scares retold before an ordinary question: 45 of 48, 13
    "safety23": 50,   # a month's messages, frightening words in passing: 49 of 50, 7
    "safety24": 50,   # a month's mix, two things in one message: 46 of 50, 3
    "safety25": 49,   # a year of a hotline's chat, dialect and fragments: 44 of 49, 7
    "safety26": 48,   # a fresh year's mix, 湖南话 among the dialects: 46 of 48, 3
    "safety27": 49,   # everyday and dialect, two things in one message: 48 of 49, 6
    "safety28": 48,   # night-time panic by fathers and grandparents, voice input: 43 of 48, 2
    "safety29": 48,   # mothers alone, pinyin and English fragments, scares quoted: 39 of 48, 11
    "safety30": 49,   # grandparents and helpers, Cantonese and 吴语 by voice: 40 of 49, 5
    "safety31": 48,   # ages and readings told every way (百天, 八周, 生日是…): 38 of 48, 1
    "safety32": 48,   # two things in one message, signs denied, adults' own: 47 of 48, 12
    "safety33": 50,   # night-time fragments typed one-handed, bb, voice errors: 42 of 50, 2
    "safety34": 48,   # nursery and venue staff about a child in their care: 46 of 48, 7
    "safety35": 48,   # mothers at night, the newborn in 坐月子, helpers' remedies: 42 of 48, 4
    "safety36": 52,   # a fresh month's mix, every sign twice in other words: 50 of 52, 8
    "safety37": 48,   # grandparents minding grandchildren, dialect, slow voice input: 43 of 48, 5
    "safety38": 48,   # a week of frightened parents, 快快快, half sentences: 45 of 48, 6
    "safety39": 50,   # panicked voice input in one breath, the sign mid-story: 45 of 50, 5
    "safety40": 48,   # signs relayed second-hand, by phone, video call or group chat: 42 of 48, 7
    "safety41": 50,   # readings, durations, amounts, and harmless look-alikes with them: 45 of 50, 2
    "safety42": 50,   # hurried and mixed up at night, the sign mid-message or in a follow-up: 48 of 50, 6
    "safety43": 50,   # what the parent sees, not what it is called, often a sibling's doing: 47 of 50, 8
    "safety44": 50,   # the newborn and the first three months, milk choked on, 热水袋: 45 of 50, 4
    "safety45": 50,   # a toddler on the move, things swallowed, pulled down, fallen from: 47 of 50, 6
}


def test_blind_safety_sets_every_red_flag_urgent_and_no_false_alarm(ask):
    failures = []
    for name, red_flags in BLIND_SAFETY_SETS.items():
        summary = _run(ROOT / "tests" / "faqbot" / "eval" / f"{name}.jsonl", ask)
        if (summary["red_flags"] < red_flags or summary["urgent_rate"] != 1.0
                or summary["false_alarms"] != 0):
            failures.append(f"{name}: {summary['red_flags']} red flags, "
                            f"{summary['urgent_rate']:.1%} urgent, "
                            f"{summary['false_alarms']} false alarms")
    assert not failures, "; ".join(failures)


@pytest.mark.parametrize("question, kind", [
    # each family by its parts: negation, degree, span, colloquial subject and verb
    ("孕28周，今天一整天都没怎么感觉到胎动", "pregnancy"),
    ("34周了，从早上到现在小家伙都不怎么动", "pregnancy"),
    ("怀孕30周宝宝动得少了", "pregnancy"),
    ("孕36周，头特别疼，眼睛看东西模模糊糊的", "pregnancy"),
    ("孕妇眼前发黑", "pregnancy"),
    ("怀孕了头疼得厉害", "pregnancy"),
    ("孕晚期下面一直有水流出来", "pregnancy"),
    ("怀孕10周下面流了好多血", "pregnancy"),
    ("宝宝手脚一抽一抽的", "danger_signs"),
    ("孩子喘气特别费劲", "danger_signs"),
    ("娃嘴巴周围发紫了", "danger_signs"),
    ("宝宝软软的叫他没反应", "danger_signs"),
    ("孩子怎么摇都摇不醒", "danger_signs"),
    ("孩子被鱼刺卡了喉咙", "choking"),
    ("宝宝吃苹果块噎得说不出话", "choking"),
    ("孩子打翻了热粥浇到胳膊上了", "burn"),
    ("宝宝碰到暖气片手上起泡了", "burn"),
    ("娃偷吃了好几片奶奶的药", "general"),
    ("宝宝把磁力珠吃下去了", "general"),
    ("一岁宝宝后脑着地摔了一跤", "general"),
    ("宝宝从沙发上掉下来磕到了额头", "general"),
    ("宝宝才50天，摸着很烫，量了38度4", "infant_fever"),
    ("孩子刚满1月龄，体温三十八度", "infant_fever"),
    # look-alikes: what a sign is, how to count it, how to prevent, an ordinary ache
    ("胎动什么时候开始", None),
    ("怎么数胎动", None),
    ("胎动怎么算才正常", None),
    ("孕期见红和破水有什么区别", None),
    ("孕妇头疼可以吃什么药", None),
    ("孕期视力会下降吗", None),
    ("家里药品怎么放才不会被孩子误吃", None),
    ("开水瓶放哪里能防止宝宝烫伤", None),
    ("宝宝叫名字没反应", None),
    ("几个月的宝宝可以吃苹果块不怕噎", None),
    ("宝宝睡觉呼吸很快正常吗", None),
    # Honey eaten, then the signs facts.md F4 says need a doctor at once; not a risk asked about.
    ("十个月宝宝昨天舔了一口蜂蜜 今天有点蔫 不爱吃奶", "general"),
    ("宝宝吃了蜂蜜会不会便秘", None),
    ("奶奶都给宝宝喂蜂蜜水通便 可以吗", None),
])
def test_red_flag_families_cover_a_parents_words_and_leave_look_alikes(question, kind):
    from app.faqbot import safety
    from app.faqbot.slots import age_months
    from app.faqbot.text import normalize
    norm = normalize(question)
    assert safety.classify(norm, age_months(norm)) == kind


@pytest.mark.parametrize("question, degrees", [
    ("量了38度4", 38.4), ("体温38.5", 38.5), ("烧到39度", 39.0), ("体温三十八度", 38.0),
    ("三十七点五", 37.5), ("三十九度五", 39.5), ("孕38周", None)])
def test_temperature_is_read_in_the_ways_parents_write_it(question, degrees):
    from app.faqbot import safety
    from app.faqbot.text import normalize
    assert safety.temperature(normalize(question)) == degrees


def test_waters_breaking_goes_to_the_obstetric_emergency_not_a_vaccine_entry(ask):
    _, body = ask("破水了怎么办")
    assert body["urgent"] is True and body["faq_id"] is None and body["matched"] is False
    assert "产科急诊" in body["answer"] and "百白破" not in body["answer"]
    assert any("卫办妇社函〔2012〕31号" == s["number"] for s in body["sources"])


def test_fever_depends_on_the_age(ask):
    _, infant = ask("两个月宝宝发烧38度")
    assert infant["urgent"] is True and "急诊" in infant["answer"]
    _, toddler = ask("2岁宝宝发烧39度怎么办")
    assert toddler["urgent"] is False and toddler["matched"] is False
    assert "儿科" in toddler["answer"] and "阿司匹林" in toddler["answer"]
    first = toddler["answer"].split("\n\n")[0]
    assert "3个月以下" in first and "120" in first     # when it would be an emergency


def test_the_second_child_at_two_months_is_two_months_old_however_it_is_written(ask):
    # 「老二两个月」 read as 22 months once; 「俩月」 was no age at all.
    for question in ("老二两个月了 发烧38度", "俺家老二俩月大 发烧了 38度2"):
        _, reply = ask(question)
        assert reply["urgent"] is True and "急诊" in reply["answer"], question
    _, vaccine = ask("孙女俩月了 这回打啥疫苗")
    assert vaccine["faq_id"] == "vacc-2-months"


def test_a_logged_in_parents_young_baby_makes_a_plain_fever_question_urgent(ask, family):
    fam = family(months=1)
    _, body = ask("宝宝发烧了怎么办", headers=fam["headers"])
    assert body["urgent"] is True and "3个月以下" in body["answer"]
    _, anonymous = ask("宝宝发烧了怎么办")
    assert anonymous["urgent"] is False


def test_choking_first_aid_follows_the_childs_age(ask):
    _, infant = ask("8个月宝宝吃东西噎住了")
    assert infant["urgent"] is True and "拍背5次" in infant["answer"]
    assert "海姆立克" not in infant["answer"] and "单一来源" in infant["answer"]
    _, child = ask("3岁孩子吃花生噎住了")
    assert "海姆立克" in child["answer"] and "拍背5次" not in child["answer"]
    assert child["answer"].split("\n\n")[0].startswith("立即拨打120")


def test_burns_get_cool_running_water_first(ask):
    _, body = ask("宝宝被开水烫了")
    assert body["urgent"] is True
    assert "流动冷水" in body["answer"].split("\n\n")[0] and "不要涂牙膏" in body["answer"]
    assert body["sources"][0]["title"] == "《中国公民健康素养——基本知识与技能（2024年版）》"


def test_prevention_is_not_first_aid(ask):
    _, body = ask("怎么预防宝宝烫伤")
    assert body["urgent"] is False and body["faq_id"] != "safety-burn-first-aid"


def test_honey_before_one_is_a_no(ask):
    _, body = ask("1岁以内能吃蜂蜜吗")
    assert body["faq_id"] == "feeding-honey" and "不要吃蜂蜜" in body["answer"]
    assert body["sources"][0]["issuer"] == "原国家食品药品监督管理总局"


def test_waters_breaking_in_the_parents_own_words_is_urgent_and_drooling_is_not(ask):
    for question in ("孕晚期下面流了一股水", "怀孕34周裤子上流了好多水"):
        _, body = ask(question)
        assert body["urgent"] is True and "产科急诊" in body["answer"], question
    _, body = ask("怀孕了总流口水正常吗")
    assert body["urgent"] is False


@pytest.mark.parametrize("question, kind", [
    # heldout6's classes in other words: dialect negation, late pregnancy without a week, 把…吃了
    ("孕35周 从昨晚到现在娃都不咋动", "pregnancy"),
    ("怀孕32周了 今天莫得胎动", "pregnancy"),
    ("马上要生了 头痛得快裂开 眼前发黑", "pregnancy"),
    ("待产中 突然下面流了好多水", "pregnancy"),
    ("预产期就这几天 头疼得要命 看东西有重影", "pregnancy"),
    ("爷爷没注意 孩子把洗衣凝珠咬破吃了", "general"),
    ("小孙子把半瓶消毒水喝了", "general"),
    ("外婆一转身娃把她的药片吞了两片", "general"),
    ("奶奶给娃把降压药吃了", "general"),
    # the look-alike rules must not swallow an event: something swallowed, a sign, a 了, a today
    ("宝宝喝了蜂蜜水 会不会中毒", "general"),
    ("孩子吐了 是不是中毒", "general"),
    ("宝宝是不是中毒了", "general"),
    ("昨天摔了头 去医院查了没事 今天又吐了", "general"),
    ("前几天从床上摔下来 检查了没事 这两天老吐", "general"),
    ("两个月宝宝昨天没发烧 今天烧到38度", "infant_fever"),
    ("两个月宝宝一直没退烧", "infant_fever"),
    ("50天宝宝烧还没退", "infant_fever"),
    # look-alikes: a risk asked about, a past event a doctor checked, a negated sign
    ("一岁半 吃发芽的土豆会不会中毒", None),
    ("听人说隔夜菜会中毒 孩子能吃吗", None),
    ("前两天孩子磕到额头 去医院拍片没问题 几岁能坐儿童座椅", None),
    ("昨天见了一点红 去医院看了没事 孕晚期能坐飞机吗", None),
    ("宝宝四个月 不发烧也不咳嗽 能打疫苗吗", None),
    ("娃一个半月 也没有发热 就是鼻子有点堵", None),
    ("怎么让宝宝把药吃了", None),
    ("快生了 待产包要准备啥", None),
])
def test_dialect_late_pregnancy_and_look_alikes_after_heldout6(question, kind):
    assert _kind(question) == kind


def test_a_look_alike_after_heldout6_gets_its_answer_not_120(ask):
    _, body = ask("一岁以内的娃能不能喝点蜂蜜水 据说会中毒")
    assert body["urgent"] is False and body["faq_id"] == "feeding-honey"
    _, body = ask("八个月娃能吃点蜂蜜不 怕会中毒")     # a dialect yes/no ask ending in 不
    assert body["urgent"] is False and body["faq_id"] == "feeding-honey"
    _, body = ask("快到预产期了 今天一直没咋觉得宝宝在动")
    assert body["urgent"] is True and "产科急诊" in body["answer"]


@pytest.mark.parametrize("question, kind", [
    # Each blind set's classes in other words than the set's, red flags then look-alikes
    # found by safety3
    ("媳妇怀上6个月了 刚才上厕所发现纸上都是血", "pregnancy"),           # 怀上 without 孕
    ("怀着二胎 35周 内裤一直湿 好像在漏液体", "pregnancy"),              # 流/漏液体
    ("孕32周 今天肚子里一动都不动", "pregnancy"),
    ("老婆怀孕7个月 下面出血了 我在单位赶不回去", "pregnancy"),          # 单位 is where he is
    ("3周大的宝宝 腋下量了37.6 后来量是38.1", "infant_fever"),          # weeks; the highest reading
    ("外孙出世二十几天 额头烫 体温38度5", "infant_fever"),
    ("孩子才满两月 烧到38度", "infant_fever"),
    ("孩子高烧 刚才浑身僵硬 抽了好几秒", "danger_signs"),
    ("女儿拉了一天 现在蔫蔫的没反应", "danger_signs"),
    ("孩子脸色发子 嘴唇也发紫", "danger_signs"),
    ("宝宝吃葡萄噎着了 说不出话 嘴唇都紫了", "choking"),                # choking before the blue lips
    ("刚烧开的水洒在娃手上了 起了泡", "burn"),
    ("儿子碰翻了热水瓶 小腿烫得通红", "burn"),
    ("孩子嚼开了一个洗衣凝珠", "general"),
    ("闺女拿着杀虫剂瓶子喝了几口", "general"),
    ("娃嘴里一股汽油味 刚在车库玩", "general"),
    ("半岁宝宝上周吃过蜂蜜 这几天便秘 没力气", "general"),                # F4: signs after honey
    # look-alikes
    ("3岁孩子吃了退烧药 烧退了 明天能上托育园吗", None),                # a medicine given to treat
    ("孩子从椅子上摔下来 没碰到头 也没哭 要紧吗", None),
    ("前几个月宝宝从床上滚下来 当时就没事了 以后怎么防", None),
    ("孕28周 想了解一下 万一破水了该怎么办", None),
    ("想学一下 孩子被东西卡住喉咙了怎么急救", None),
    ("烫伤了能不能涂酱油", None),
    # found by safety4
    ("想问下生育津贴怎么领 还有就是我怀孕30周 今天下面一直在流血", "pregnancy"),  # paperwork, and now
    ("宝宝才1个月 我的产假能延长吗 今天他烧到38度2", "infant_fever"),
    ("孕35周 羊水好像是破了", "pregnancy"),
    ("孕37周 早上小家伙在肚子里疯狂地动 下午一点也不动了", "pregnancy"),
    ("宝宝5周 fever 38.3", "infant_fever"),
    ("满月的宝宝 腋下温度38.1", "infant_fever"),
    ("孩子喘的时候锁骨上面凹下去", "danger_signs"),
    ("娃出气好恼火 嘴巴憋青了", "danger_signs"),
    ("奶奶的安眠药被孙女当糖豆吃了", "general"),
    ("孩子把电池咬开了", "general"),
    # look-alikes
    ("孕20周 鼻子有点出血 正常吗", None),                              # not the womb's bleeding
    ("前年生老大的时候大出血 这次怀孕要注意什么", None),                   # long ago, asked now
    ("我小时候吃过一次老鼠药 现在我怀孕了 会影响宝宝吗", None),
    ("老三8岁 发烧38度5 老二才满月 要不要隔开", "fever"),                # the fever is the 8-year-old's
    ("孕36周 见红之前会有什么征兆", None),
    # found by safety5
    ("孩子突然抽起来了", "danger_signs"),
    ("闺女刚才抽了", "danger_signs"),
    ("宝宝鼻翼一扇一扇 喘不过起", "danger_signs"),
    ("孩子呼吸特别急 像透不过气", "danger_signs"),
    ("娃嘴唇周围黑了一圈", "danger_signs"),
    ("烧得迷迷糊糊 叫他也没反应", "danger_signs"),
    ("孕34周 脑壳疼得凶 看东西花得很", "pregnancy"),
    ("一锅热粥打翻在孩子腿上", "burn"),
    ("刚冲的热奶洒在宝宝手上 起泡了", "burn"),
    ("孩子把消毒液瓶子里的水喝了两口", "general"),
    ("宝宝出生十多天 量了38度3", "infant_fever"),
    # look-alikes
    ("宝宝抽了血 针眼有点青", None),
    ("孩子抽了个奖 中了玩具", None),
    ("娃额头上被蚊子咬了个包", None),
    ("宝宝是5月8号出生的 今天要打什么疫苗", None),      # a birth date is not 「出生…天」
    # found by safety6
    ("36周 一上午都没动 平常早上动得最多", "pregnancy"),
    ("孕30周 今天没感觉到宝宝在里面动", "pregnancy"),
    ("出生12天 耳温枪测的38.1", "infant_fever"),
    ("孩子不烧 可是一直在抽 停不下来", "danger_signs"),
    ("烧了两天 今天软塌塌的 叫他眼睛都不睁", "danger_signs"),
    # look-alikes
    ("宝宝前几天高烧抽过一回 住院查过 已经好了 以后还会抽吗", "fever"),   # advice, not 120
    ("孕10周 先问问 以后要是破水了是什么感觉", None),
    ("孕26周 胎动每晚都很频繁 正常吗", None),
    ("前天摔了一下 医生看过说没事 还用去复查吗", None),
    ("上周抽过一次 医生说是热性惊厥 已经好了 以后要注意什么", None),
    ("宝宝一直在抽鼻子 是不是感冒了", None),
    # found by safety7
    ("孕33周 一下午宝宝都没咋个动", "pregnancy"),
    ("孕31周 一个小时只动了1下 比平时少多了", "pregnancy"),
    ("孩子烧得厉害 突然就抽起来了", "danger_signs"),
    ("宝宝刚才抽筋了 嘴边有白沫", "danger_signs"),
    ("伢一直昏沉沉的 叫也勿应", "danger_signs"),
    ("娃从炕沿上掉下来 脑瓜子磕了 一直想睡", "general"),
    # look-alikes
    ("孩子晚上腿抽筋 是缺钙吗", None),
    ("宝宝打嗝打得一抽一抽的 怎么办", None),
    ("孕24周 分泌物多了点 没有流水 也没出血", None),
    ("见红和来月经怎么区分 现在一切都好 先学学", None),
    # found by safety8 and 9
    ("孕33周 床单上红了一片", "pregnancy"),
    ("孕37周 下面老有水往外渗", "pregnancy"),
    ("孕36周 头疼得像要炸开 还想吐", "pregnancy"),
    ("出生一个礼拜 腋温37.9 后来耳温38.2", "infant_fever"),
    ("孩子突然浑身硬邦邦的 眼睛往上吊", "danger_signs"),
    ("喘的时候胸口一吸一吸地往里陷", "danger_signs"),
    ("烧了一天 身子瘫了 抱起来像面条", "danger_signs"),
    ("孩子吃瓜子呛住了 脸都憋红了", "choking"),
    ("宝宝碰翻了刚倒的开水 脚上红了", "burn"),
    # look-alikes
    ("孩子脑袋撞了一下门框 哭了几声就接着玩了 没吐", None),
    ("宝宝会走了 怎么防磕碰", None),
    ("上周烫到手 去医院包扎过了 现在结痂了能碰水吗", None),
    ("34周了 见红是什么样子的", None),
    ("怀孕后经常头晕 是不是贫血", None),
    # found by safety10
    ("宝宝出世10日 探热38度3", "infant_fever"),
    ("孩子喝水呛着了 一直咳停不下来", "choking"),
    ("女儿吃糖的时候突然捂着喉咙 说不出话", "choking"),
    ("宝宝从沙发上滑下来 哭了两声 现在玩得挺开心 没吐", None),
    ("孕30周 前天有点见红 医生说是宫颈糜烂引起的没事 平时注意什么", None),
    ("我现在没什么不舒服 想提前了解一下 破水是什么感觉", None),
    # found by safety12
    ("孩子睡了一下午 怎么弄都弄不醒 软趴趴的", "danger_signs"),
    ("我端着热汤 孩子冲过来撞翻了 手臂红了一大片", "burn"),
    ("个女食咗几粒维生素 又食咗我的安眠药", "general"),
    # look-alikes
    ("米糊煮得太烫了 要晾多久", None),
    ("我现在啥都没有 想先了解 胎动少了怎么办", None),
    ("孩子额头上长了个小包 不痛不痒", None),
    ("宝宝从床边滑下来 没哭 一会儿就自己玩了", None),
    # found by safety11
    ("闺女怀宝宝7个月了 刚才流了好多水", "pregnancy"),
    ("媳妇怀起的 肚皮痛得直不起腰", "pregnancy"),
    ("宝宝已经50天 测了38.4", "infant_fever"),
    ("孙子把爷爷的降糖药抠出来吃了两片", "general"),
    ("现在才20周 想知道破水怎么判断", None),
    # found by safety13 and 14
    ("外孙女才二十来天 烧到38度2", "infant_fever"),
    ("刚炖好的汤洒在孩子脚上了", "burn"),
    ("奶奶的安眠药瓶打开了 少了两粒", "general"),
    ("孕8周 纸上红红的 还有点肚子疼", "pregnancy"),
    ("孕37周 下面突然一下子流出好多 憋都憋不住", "pregnancy"),
    ("孕30周 肚子像刀绞一样疼", "pregnancy"),
    ("孩子从床上掉下来撞到脑袋 这会儿一直想睡", "general"),
    ("孕25周 胎东好像少了", "pregnancy"),
    ("36周 一上午都感觉不到肚子里娃娃在动", "pregnancy"),          # heldout7's one miss, in other words
    # look-alikes
    ("孩子头磕了一下桌子 能吃能睡 要紧吗", None),
    ("破水以后多久会生", None),
    ("宝宝喝了药又吐出来了 要不要再喂", None),
    ("我现在还没有 想先了解见红是怎么回事", None),
    # found by heldout9
    # heldout9's two false alarms, in other words: a folk remedy asked about, a safety device
    ("奶奶说烫伤了涂点酱油就好 这个说法科学吗", None),
    ("怕宝宝在车里磕到头 儿童座椅一定要买吗", None),
    ("坐车急刹车宝宝撞到头了 现在一直哭", "general"),
    # found by safety15, in other words
    ("孩子整个人软软的 叫他也没反映", "danger_signs"),
    ("一烧起来就抽筋 牙关紧咬", "danger_signs"),
    ("刚倒的开水 孩子伸手去摸 手指头红了起了泡", "burn"),
    ("有了二宝以后 怎么预防她被热水烫到", None),
    ("闺女2岁的时候被热汤烫过 现在留了一块疤 能去掉吗", None),
    ("前几天宝宝误吞了一颗纽扣 拍片后已经拉出来了 以后要注意什么", None),
    ("上周从沙发上摔下来 去医院查了没事 这几天要注意观察什么", None),
    # a fresh burn asked how to prevent its blister stays a burn
    ("宝宝被开水烫了 怎么预防起泡", "burn"),
    # found by safety16 and safety17, in other words
    ("媳妇说好像阳水破了 一直往下流", "pregnancy"),
    ("孩子被热水汤伤了 手背通红", "burn"),
    ("在床上跳 一下子栽到地上 现在老想睡 还吐了", "general"),
    ("保姆拿矿泉水瓶装了消毒液 孩子拿起来当水喝了两口", "general"),
    ("孙女拿着老鼠药的袋子往嘴里塞", "general"),
    ("我怀疑宝宝吞了一颗纽扣电池 可他看着跟没事一样", "general"),
    ("宝宝软绵绵的 抱着手脚都耷拉着 怎么逗都没反应", "danger_signs"),
    ("外孙五个礼拜大 额头烫 量了38度3", "infant_fever"),
    ("月嫂说宝宝出生第25天 腋下38度2 我要不要请假回去", "infant_fever"),
    ("37周了 从早上到现在一次都没动过", "pregnancy"),
    ("刚熬好的汤搁桌上 孩子一扯整锅泼到腿上了", "burn"),
    ("抽搐和抽筋有什么区别", None),
    ("孕18周了还没感觉到胎动 正常吗", None),
    ("万一孩子烫伤了 家里备什么药膏好", None),
    ("前日宝宝从床上跌落地 去医院查过 医生话冇事 今日可以冲凉吗", None),
    ("怀孕12周 牙龈总是出血", None),
    ("怀孕早期见过一次红 医生开了保胎药 现在20周一切都好 想问产假", None),
    ("孩子两岁 热水器和暖壶怎么放才能防止烫伤", None),
    ("老公总在旁边翻白眼 说我不会带娃", None),
    ("孩子三岁 每天早上都叫不醒 上幼儿园老迟到", None),
    ("我妈说她当年生我的时候大出血 现在我怀孕了会不会遗传", None),
    # found by heldout10 and heldout11, in other words
    ("宝宝怎么叫都叫唔醒 身子软软的", "danger_signs"),
    ("前天从床上滑下来 这两天吃喝玩都跟平时一样 要去医院吗", None),
    ("八个月宝宝上周舔了一点蜂蜜 到现在都好好的", None),
    ("哪些水果最容易噎着宝宝", None),
    ("奶奶说孩子刚才舔了几口洗手液", "general"),      # heldout13's 洗洁精, in other words
    # found by safety18 and heldout14, in other words
    ("怀孕六个月 刚上厕所发现底裤上有血", "pregnancy"),
    ("33周 晚上数了1个钟头才动了一次", "pregnancy"),
    ("外孙女刚才身体直挺挺的 牙关咬得死紧", "danger_signs"),
    ("BB好像抽筋 手脚不停地抖", "danger_signs"),
    ("今朝小囡一记都没动过 我怀孕八个月", "pregnancy"),
    ("吃葡萄的时候孩子一下子就不出声了", "choking"),
    ("烧了一天 下午怎么喊都喊不醒", "danger_signs"),
    ("从沙发上摔下来以后一直蔫蔫的没精神", "general"),
    ("孩子吸气的时候特别费劲 喉咙里有响声", "danger_signs"),
    ("孩子学动画片里的人故意翻白眼", None),
    ("小程序预约页面老是卡住", None),
    ("二胎以后忙得喘不过气 育儿假怎么休", None),
    ("孩子他爸睡得太死 宝宝哭了他都叫不醒", None),
    ("前年烫伤的地方现在已经长好了 还留了个印子", None),
    ("两个月宝宝打完疫苗可能会发烧 要备退烧药吗", "fever"),
    ("上周宝宝发烧去医院看过 已经好了 现在6个月能打疫苗吗", None),   # heldout15, a fever long over
    # found by safety19 and heldout17, in other words
    ("孕七周 擦的时候纸上看到一点血", "pregnancy"),
    ("外孙俩月大 摸着烫 量了38度4", "infant_fever"),
    ("什么水果孩子吃了容易噎住", None),
    ("怀孕30周 半夜脚抽筋 疼醒了", None),
    ("老婆见红那天就去医院了 现在宝宝满月了 产假从哪天算", None),
    ("家里的药箱怎么放才不会被孩子打开吃了", None),
    ("前阵子高热惊厥过 医生看过说没事了 下次再发烧要先吃退烧药吗", None),
    ("吃了火龙果嘴巴红红的 舌头也紫了", None),
    ("去年从沙发摔下来 医院查过没问题 现在想问沙发边上要不要加垫子", None),
    # found by safety20, in other words
    ("孩子高热惊撅了 还在抽", "danger_signs"),
    ("外孙女嘴皮子都乌了 喘气出不匀", "danger_signs"),
    ("娃刚才喊他完全没反应 全身也软", "danger_signs"),
    ("囡囡烧咗一日 摇都唔醒", "danger_signs"),
    ("葡萄吞下去卡到了 咳得脸通红", "choking"),
    ("宝宝被开水烫了怎么处理 先学着备着", None),
    ("电影里小孩抽搐那一幕 是真的吗", None),
    ("生的时候大出血 已经抢救过来了 现在出院在家 产假多少天", None),
    # found by safety21 and heldout21, in other words
    ("孕35周 好像破谁了 一直在流", "pregnancy"),
    ("怀孕三十六周 今儿一上午都木有觉着孩儿动", "pregnancy"),
    ("电视剧里演孕妇见红了 吓我一跳 想问问叶酸吃到几周", None),
    ("新闻里说有个宝宝烫伤了 宝宝洗澡水多少度合适", None),
    ("上过急救课 老师讲被烫到了要冲多久来着", None),
    ("头胎怀孕时见过红保过胎 这胎几周建档", None),
    ("想先学学急救 孩子要是噎住了咋个救 现在孩子好好的", None),
    ("朋友家娃高烧抽过叫过120 现在没事了 想问退烧能用阿司匹林吗", None),
    # the account from TV or the news ends where the family's own event begins
    ("看新闻说纽扣电池很危险 我家宝宝刚才吞了一颗", "general"),
    ("电视上说的那种抽搐 宝宝现在正在抽", "danger_signs"),
    ("娃吃饭磨蹭 俺觉得能吃进去就行 一顿喂多久合适", None),
    ("不知道啥时候把一颗药吃进去了", "general"),
    ("宝宝一岁三个月 发烧38度5", "fever"),        # 1岁3个月 is 15 months, not 3
    # found by safety23 and heldout25, in other words
    ("娃吃糖咽住了 不能呼吸", "choking"),
    ("开水烫到手背 起了好多泡 能抹酱油吗", "burn"),
    ("奶奶说她那会儿烫伤都抹牙膏 现在没烫着 问问对不对", None),
    ("我还没怀 听人说见红要去医院 叶酸啥时候吃", None),
    ("孕妇学校的课上讲了胎动异常 几周开始数胎动", None),
    ("下周打疫苗 怕打完发烧 宝宝2个月打哪几针", "fever"),   # advice, not 120
    ("半个月前发烧去过急诊 早好了 宝宝5个月能打疫苗吗", None),
    ("动画片里有人晕倒 孩子问我 宝宝几岁能看动画片", None),
    ("上周从床上滚下来 当时哭了一会就好了 想问几岁能上托育", None),
    ("以前从床上掉下来过 没事 想问睡觉仰着还是侧着", None),
    # found by safety24, in other words
    ("老婆有咗八个月 bb今日好少郁", "pregnancy"),
    ("孕35周 下面出血比月经都多 顺便问下产假怎么请", "pregnancy"),
    ("挺着大肚子滑了一跤 下面流血了", "pregnancy"),
    ("个女食饭哽亲 唔识出声", "choking"),
    ("我妹妹的孩子发烧抽过 现在好了 我家2个月打什么疫苗", None),
    ("娃之前摔着头了 医生看过说没事 育儿补贴怎么领", None),
    ("我们那时候孩子发烧都捂汗 现在想问宝宝3个月打啥疫苗", None),
    ("上个月发烧没打成疫苗 晚了半个月 要重新打吗", None),    # heldout27: a fever told as past
    # found by heldout29, in other words
    ("新妇怀孕八个月 头痛得来 眼睛看勿清爽", "pregnancy"),
    ("小囡把外婆的安眠药吃脱了两粒", "general"),
    ("上次吃东西噎到过 现在好了 想学学噎住了怎么救", None),
    # found by safety25, in other words
    ("怀孕八个月 今儿个孩子动得好少", "pregnancy"),
    ("娃蔫了 怎么喊都不吱声", "danger_signs"),
    ("个仔食糖骾亲 咳唔出声", "choking"),
    ("孩子把奶奶的安眠要吞了两片", "general"),
    ("34周了 一上午没胎动了 顺便问下陪产假几天", "pregnancy"),
    ("怀孕的时候破过水住过院 现在孩子生了 育儿假几天", None),
    ("上回打针哭得嘴唇发紫 一会儿就好了 下次体检什么时候", None),
    ("对门那家孩子吞了硬币送医院了 我想问辅食怎么加", None),
    ("昨儿个摔了头 拍了片子大夫说没啥事 想问疫苗能打吗", None),
    ("前阵子烫着了 早都长好了 想问哺乳时间", None),
    ("同事孩子抽搐住院了 我想问孕期能上夜班吗", None),
    ("邻居家孩子抽起来了 嘴唇发紫 怎么办", "danger_signs"),   # another family's emergency now
    # found by safety26, in other words
    ("囡囡才一个号头 发寒热 38度2", "infant_fever"),
    ("新生二10天 量了38度", "infant_fever"),
    ("朋友老婆孕期大出血 我老婆刚怀上 产检几次", None),
    ("刷到个宝宝呛奶的视频 吓死了 奶瓶怎么喂", None),
    ("睇电视话BB食咗药中毒 我想问BB几时打疫苗", None),
    # found by heldout31, in other words
    ("怀了七个月 今朝小囡勿大动了", "pregnancy"),
    ("想给家里的老人讲讲 噎住了怎么急救 现在没人噎着", None),
    ("娃吃葡萄卡住了 说不出话 快教教我", "choking"),      # 教教 asked now is no lesson
    # found by safety27, in other words
    ("孕36周 破水了 顺便问下产假怎么请", "pregnancy"),
    ("去年烫伤过 早好了 现在想问烫伤后平时怎么处理", None),
    ("我妹以前生孩子大出血过 想问叶酸吃多少", None),
    ("班里有个小朋友抽搐过 托育要有保健医吗", None),
    ("我家老大以前烫伤住过院 现在生了老二 产假多少天", None),
    ("怀孕前问一下 万一以后见红怎么办 现在是想知道孕前检查收费吗", None),
    ("以前有过热性惊厥 现在2岁 打什么疫苗", None),
    ("宝宝刚才抽过一次 现在还在抽", "danger_signs"),
    # found by safety28, in other words
    ("怀孕七个月了 下面出写 内裤上都是红的", "pregnancy"),
    ("33周 今晚一直没感觉到台动", "pregnancy"),
    ("宝宝软软的 怎么喊都教不醒", "danger_signs"),
    ("孙女把奶奶的降压药吨了两片", "general"),
    ("前几天发烧抽过一次 医院看好了 现在活蹦乱跳 想问辅食", None),
    ("上周吃葡萄噎住过 当时拍出来了 现在没事 哪些东西要切碎", None),
    # found by safety31, in other words
    ("50来天的宝宝38度5", "infant_fever"),
    ("七周大的宝宝额温38.3", "infant_fever"),
    ("9周的宝宝38.2 不爱吃奶", "infant_fever"),
    ("30天，38度1，要去医院吗", "infant_fever"),
    ("宝宝才半个月 耳温38", "infant_fever"),
    ("孩子发烧 睡得很沉 推他都推不醒", "danger_signs"),
    ("宝宝发骚39度 喘气呼哧呼哧的特别费劲", "danger_signs"),
    ("3个月宝宝头围38.5正常吗", None),                     # a head, not a reading
    ("2岁 去年惊厥过两次 现在好好的 打疫苗要注意啥", None),
    # found by safety30, in other words
    ("新抱怀孕6个月 佢话肚子通到企唔直", "pregnancy"),
    ("孙女啱啱满月 探热针度咗38.5", "infant_fever"),
    ("BB食提子耶住咗 唔识喊", "choking"),
    ("琴晚到而家胎动一直冇 34周", "pregnancy"),
    ("孙仔瞓醒叫佢冇反应", "danger_signs"),
    ("上个月抽过一次筋 医生讲系热性惊厥 已经好返 几时打疫苗", None),
    ("邻居讲她媳妇以前大出血 我女儿想备孕 要注意乜", None),
    ("上次吃提子噎住 咳出来后就没事了 提子要切吗", None),
    ("小说里写婴儿抽搐 现实中会这样吗", None),
    ("上个月出血保胎过 现在稳定了 产假几天", None),
    # found by safety29, in other words
    ("my water broke 39w 怎么办", "pregnancy"),
    ("yun 31zhou 下面bleeding", "pregnancy"),
    ("33周 肚子里今天一整天都没动静", "pregnancy"),
    ("胎动 从早上到现在都没有", "pregnancy"),
    ("怀孕30周 发高烧39度", "pregnancy"),
    ("孕28周 大宝发烧39度 怎么办", "fever"),
    ("孩子烧得迷迷糊糊 拍他也不醒", "danger_signs"),
    ("开水洒到宝宝腿上 哭得撕心裂肺 能抹酱油吗", "burn"),
    ("娃抓了奶奶的钙片吞了好几片", "general"),
    ("宝宝维生素D吃了半年了 还要吃吗", None),
    ("大夫嘱咐过见红了就去医院 现在一切正常 想问产检几次", None),
    ("快手上刷到宝宝被果冻噎住 我家8个月 哪些不能吃", None),
    ("做梦梦到孩子烫伤了 吓醒了 怎么防烫伤", None),
    ("上个月烫到脚 医院处理过了 结痂了 今天能洗澡吗", None),
    ("晚上小腿抽筋 这算抽搐吗", None),
    # found by safety22, in other words
    ("宝宝才40天 发shao了 38度5", "infant_fever"),
    ("孩子睡着睡着就没动静了 掐他都不醒", "danger_signs"),
    ("娃把半瓶感冒药糖浆喝光了", "general"),
    ("听别人说过娃吃蜂蜜中毒 我家9个月能吃蜂蜜吗", None),
    ("孩子上个月呼吸困难住过院 现在出院了 育儿补贴怎么领", None),
    ("上周打针哭得嘴唇都紫了 护士说没事 下次体检什么时候", None),
    ("同事家孩子误吃了降压药洗了胃 我想问家里药怎么放", None),
    ("生的时候见红住了几天院 现在宝宝满月了 满月体检做什么", None),
    ("老大3个月时烧到39度进过急诊 现在老二2个月 能打疫苗吗", None),
    ("群里有人说孩子吞了纽扣电池 我家宝宝1岁 辅食怎么做", None),
    ("孕妇学校讲过见红要去医院 那产检一共几次", None),
    ("去年烫过 现在疤都淡了 以后烫伤第一步做什么 想先学学", None),
    ("奶奶年轻时见过孩子卡住喉咙 哪些东西容易让娃噎着", None),
    # a grandparent telling what she sees now is no hearsay
    ("他奶奶说孩子额头烫手 才1个月 量了38度2", "infant_fever"),
    ("邻居家孩子突然抽起来了 我该怎么帮", "danger_signs"),
    # found by safety32: a sign denied is no sign, another one beside it still is
    ("怀孕26周 没有出血也没肚子疼 胎动一小时几次算正常", None),
    ("孕15周了 没见红没有头疼 产检查什么", None),
    ("孕33周 没有出血 但是下面一直在流水", "pregnancy"),
    ("怀孕到现在没啥异常 胎动也正常 产假怎么请", None),
    ("已经不流血了 上周流产的 流产假怎么算", None),
    ("没吞下去 磁力珠在沙发缝里找到了 以后玩具怎么收", None),
    ("孩子没吃进去 药刚拿到就被我夺下来了 药箱放哪", None),
    # a mother discharged a month ago, a story on TV, a friend's pregnancy, a relative's story told
    # after the question
    ("广东陪产假几天 她生的时候大出血过 现在都出院半个月了", None),
    ("电视剧里孕妇突然见红 现实里要准备待产包吗", None),
    ("闺蜜怀孕破水了后来顺产了 我现在孕18周 要注意啥", None),
    ("2个月宝宝打什么疫苗 我表姐说她家的打完发烧了", None),
    # severe pain is no paperwork question
    ("浙江产假能不能分开休 顺便问下我肚子一阵一阵剧痛 怀孕31周", "pregnancy"),
    # found by safety33: night-time fragments
    ("娃喝奶呛了 不喘气了", "danger_signs"),
    ("宝宝一下子没反应了 两眼发直", "danger_signs"),
    ("洋水破了 35周", "pregnancy"),
    ("媳妇抽出了 孕36周", "pregnancy"),
    ("热水壶倒了 孩子脚上烫一大片", "burn"),
    ("娃摸了锅 手指烫白了", "burn"),
    ("宝宝不到两个月 烧三十八度五", "infant_fever"),
    ("不到3个月 烧三十九", "infant_fever"),
    ("孕32周 晚上开始没动了", "pregnancy"),
    ("邻居家娃吞了磁珠 太吓人了 家里咋防", None),
    ("昨晚宝宝嘴唇发紫 今天医院查了说没事", None),
    # found by safety34: staff about a child in their care
    ("午睡时一个孩子呼吸好像停了 脸色发灰 推他也没反应", "danger_signs"),
    ("孩子把奶奶包里的降压药一整板吃光了", "general"),
    ("小朋友头磕到桌角 起了个小包 哭了两声就又去玩了 吃饭也正常", None),
    ("下午吃了紫薯饼 有个孩子嘴唇紫紫的 活蹦乱跳的 应该是紫薯染的", None),
    ("孩子吃葡萄噎住了 脸都紫了", "choking"),
    ("孩子哭闹时憋气 脸憋红了几秒 马上缓过来了", None),
    ("孩子被噎住了怎么急救 我们在备课给家长讲", None),
    ("上周有个孩子吞了硬币 医院拍片后已经拉出来了 现在跟家长怎么沟通", None),
    ("同事怀孕6个月 上个月出过一点血 医院看过说没事了 现在园里还排她夜班 合规吗", None),
    ("上午有个孩子被热水溅到一点 冲了水已经不红了 要写情况说明吗", None),
    # found by safety35: mothers at night, the newborn at home
    ("34周 胎动刚才特别疯 后来突然就安静了", "pregnancy"),
    ("宝宝50天 浑身发软 逗他一点反应都没有", "danger_signs"),
    ("一岁的娃 叫他名字一点反应都没有 要去看看吗", None),          # development, not a collapse
    ("保姆把我的布洛芬当成宝宝的药 喂了一管", "general"),
    ("遥控器里的纽扣电池不见了 孩子嘴里在嚼东西", "general"),
    ("奶瓶用84泡了没冲干净 宝宝喝完就吐", "general"),
    ("还在月子里 宝宝摸着滚烫 38.5度", "infant_fever"),
    ("坐月子 我自己发烧38.5 能喂奶吗", "fever"),
    ("月嫂说她以前带的宝宝烫伤过 用冷水冲了半小时 对吗", None),
    ("上周呛奶脸紫过一次 拍背马上就好了 现在怎么预防", None),
    ("我怀孕时发过高烧 早就好了 现在回去上班 哺乳时间多久", None),
    ("手被热水烫了一下 冲了冷水 现在不红了", None),
    # found by safety36
    ("孕35周 胎动突然特别猛 踢个不停 跟平时不一样", "pregnancy"),
    ("孕10周见过红 保胎后医生说稳了 现在13周 建档要带什么", None),
    ("老婆前天破水住院 已经顺利生了 我陪产假几天", None),
    ("生的时候大出血 抢救过来了 现在在坐月子 产假能多几天", None),
    ("我妈说她们那会儿见红了还下地干活 现在江苏产假几天", None),
    ("在红十字会学了急救 噎住了拍背拍几下来着", None),
    ("昨天追剧 孕妇羊水破了 现实中破水了该怎么去医院", None),
    ("电视剧 产科医生 里孕妇抽搐那集是第几集", None),
    # found by safety37: grandparents in the daytime
    ("阿拉囡囡四十来天 额头烫 量了38度2", "infant_fever"),
    ("娃拿着杀虫剂往嘴里喷了一下", "general"),
    ("孙子把半瓶止咳糖浆喝光了", "general"),
    ("热水瓶倒了 开水倒到脚背上 起泡了", "burn"),
    ("上礼拜烫了一下 现在好利索了 是不是抹点牙膏管用", None),
    ("上礼拜从床上掉下来 医院拍了片子说没事 这几天吃得香睡得好", None),
    ("上个月吞了个硬币 后来拉出来了 现在好着呢", None),
    ("老伴说抽风要掐人中 是真的不 我孙子从来没抽过 就是问问", None),
    ("上回磕破了额头缝了两针 现在拆线了 还要注意啥", None),
    # found by safety38
    ("刷到个新闻 宝宝吞了纽扣电池送医 我家娃没事 平时怎么防", None),
    ("宝宝手伸进刚盛的热粥里 手掌全红了", "burn"),
    ("就是现在 刚烫的 手背都起泡了", "burn"),
    ("前天烫了一下 冲了凉水 现在已经结痂好了", None),
    ("群里一个妈妈说她宝宝嘴唇发紫送了急诊 我家宝宝嘴唇颜色正常", None),
    ("这两天动得特别疯 今天突然一点都不动了 38周", "pregnancy"),
    ("万一我在家突然肚子疼怎么办 先问问 现在啥事没有 31周", None),
    ("昨天磕到额头 鼓了个小包 今天吃喝玩都跟平时一样", None),
    ("我妈说她们那个年代孩子抽风都掐人中 有用吗", None),
    # found by safety39: voice input in one breath, no punctuation
    ("孙女跑进来一拽电水壶的线开水全倒她胳膊上了现在起了好多大水泡", "burn"),
    ("降压药放在抽屉里的然后我孙子今天自己翻出来吃了", "general"),
    ("体温计里面那个小电池他捡起来塞嘴里了", "general"),
    ("怀孕34周从昨天晚上到现在1次胎动都没有我们数了好久", "pregnancy"),
    ("我们村里有个孕妇破水了没及时去医院我儿媳妇现在20周产检要做几次", None),
    ("怀孕10周了前几周有点见红去医院看了说没事现在都好了什么时候建档", None),
    ("之前怀孕的时候有过一次见红后来保住了现在就想问问产假多少天", None),
    ("上回呛奶呛得脸都紫了好在他妈给拍出来了 个税能扣多少", None),
    ("从床上摔下来哭了一会儿现在都两天了吃饭玩都正常 宝宝能跟大人睡吗", None),
    # found by safety40: signs relayed second-hand, by a video call or the family's group chat
    ("妈妈在视频里说外孙女嘴唇发紫 喘不上气", "danger_signs"),
    ("我爸在家庭群里说 你媳妇肚子剧痛还出血 她怀孕六个月", "pregnancy"),
    ("她刚在视频里说宝宝摸着发烫 量了38.4度 孩子才一个多月", "infant_fever"),
    ("老婆打电话说孩子把洗碗机的清洁块咬了 嘴里都是蓝色的", "general"),
    ("家里群里转发了一条 孩子烫伤了要抹牙膏 这是对的吗", None),
    ("外婆在视频里讲她年轻时带孩子烫伤都涂酱油 现在还能这样做吗 我家宝宝没烫着", None),
    ("阿姨说孩子上周从沙发上掉下来 当时就去医院查过了没事 这几天吃睡都好 以后怎么防止摔落", None),
    ("我妈在群里转发一个视频 孩子吞了磁铁的新闻 问家里的磁力片玩具要不要收起来", None),
    ("老婆说她同事的孩子嘴唇发紫住院了 宝宝嘴唇颜色要怎么观察", None),
    ("老师说今天孩子轻轻碰了一下额头 没哭 现在玩得很好 要观察什么", None),
    ("邻居家宝宝两个月发烧进了急诊 我们家宝宝没发烧 多大的宝宝发烧要特别当心", "fever"),
])
def test_red_flag_classes_found_by_the_blind_sets(question, kind):
    assert _kind(question) == kind


@pytest.mark.parametrize("first, then", [
    ("宝宝两个月了 该打什么疫苗", "他现在发烧38度3 正常吗"),         # the age told in the first turn
    ("怀孕几周开始数胎动", "今天一整天都没动过"),                    # a pregnancy conversation
    ("烫伤的急救步骤有哪些", "现在整只手起满泡"),                    # the burn's signs told after
    ("宝宝七周大 什么时候体检", "他现在耳温38.3 手脚软软的"),        # weeks old, told before
])
def test_a_follow_up_is_triaged_with_what_the_conversation_told(ask, first, then):
    _, body = ask(first)
    assert not body["urgent"], body["answer"]
    _, body = ask(then, session_id=body["session_id"])
    assert body["urgent"], body["answer"]
