"""Questions that belong to another office (pure Python).

Parents ask the bot things near its domain that the knowledge base does not cover and must not
guess at: registering the baby's 户口, the 出生医学证明, kindergarten and school places, the
child's own medical insurance, the housing fund, child support. Their words overlap the
knowledge base (材料, 办理, 医保 …), so retrieval alone answered some of them with a wrong entry
(「上户口需要什么材料」 got the nursery filing materials). When a question names one of these
matters and the entry retrieval chose does not speak of it, the bot says it cannot answer and
names the office that can. No figures here: only who to ask.
"""
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Referral:
    matter: str
    pattern: re.Pattern
    office: str
    unless: re.Pattern | None = None    # a question naming this is the knowledge base's

    def text(self) -> str:
        return f"抱歉，{self.matter}不在我能回答的范围内，我不能给出准确答复。{self.office}"


_CHILD = "(?:新生儿|宝宝|孩子|小孩|儿童|婴儿|娃)"

REFERRALS = (
    Referral("户口登记（落户）", re.compile(
        "上户口|报户口|落户|入户口|户口登记|登记户口|办户口|户口(?:怎么|如何|在哪|去哪)(?:上|报|办|落)"),
        "新生儿落户由公安机关办理，材料和流程请咨询户籍所在地派出所或当地政务服务中心，"
        "也可拨打12345政务服务便民热线。"),
    Referral("出生医学证明的办理和补发", re.compile("出生(?:医学)?证明?|出生证"),
             "出生医学证明由孩子出生的医疗机构签发，补发、更正请咨询出生医院或当地妇幼保健院。"),
    Referral("幼儿园、中小学的招生入学和收费", re.compile(
        "(?:幼儿园|小学|初中|中学|学校).{0,6}(?:报名|入园|入学|招生|学费|收费|摇号|学区|划片|插班)"
        "|(?:报名|入园|入学|招生|学费|摇号|学区|划片|插班).{0,6}(?:幼儿园|小学|初中|中学|学校)"
        "|(?:几岁|多大).{0,4}(?:上|读|进)(?:幼儿园|小学)"
        "|(?:上|读|进)(?:幼儿园|小学|初中).{0,6}(?:条件|要求|手续|材料|要什么|要啥|户口)"),
        "招生入学和收费由当地教育部门负责，请以当地教育局发布的招生公告为准，或拨打12345政务服务便民热线。"),
    Referral("孩子的城乡居民医保（参保、缴费、报销）", re.compile(
        f"{_CHILD}.{{0,6}}(?:医保|医疗保险|参保|社保卡)|(?:医保|医疗保险|参保|社保卡).{{0,6}}{_CHILD}"
        "|医保.{0,4}报销"),
        "请咨询当地医保部门的经办窗口，或拨打12345政务服务便民热线。",
        re.compile("无痛|分娩镇痛|镇痛")),
    Referral("住房公积金", re.compile("公积金"),
             "公积金的缴存和提取由当地住房公积金管理中心负责，请向其咨询或拨打12345政务服务便民热线。"),
    # Matters no office of ours speaks for: prices of household services, which hospital to
    # choose, which brand to buy. Their words overlap entries (多少钱一个月 → 托育收费, 产检 → 产检时间).
    Referral("月嫂、育儿嫂、月子中心等家政服务的价格和挑选", re.compile(
        # The service itself asked about (its price, how to choose one); not a nanny who asks,
        # nor what a nanny said (「保姆说宝宝跟大人一个被窝睡暖和」「月子中心说满月再吃」).
        "(?:月嫂|育儿嫂|保姆|月子中心|月子会所|催乳师|家政)[^。？]{0,10}(?:多少钱|价格|价钱|费用|收费|怎么选|怎么挑|哪家|哪个好|靠谱|推荐|好不好|贵不贵|一个月|工资|要不要请|有必要)"
        "|(?:请|找|雇|选)(?:个|一个)?(?:月嫂|育儿嫂|保姆|催乳师)|(?:住|去)(?:月子中心|月子会所)"
        "|(?:多少钱|价格|怎么选|哪家)[^。？]{0,8}(?:月嫂|育儿嫂|保姆|月子中心|月子会所|催乳师|家政)|家政(?:公司|服务)"),
        "我们没有这方面的价格和评价数据，请向正规家政服务机构了解，或拨打12345政务服务便民热线咨询。"),
    Referral("选择哪家医院", re.compile(
        "(?:哪家|哪个|什么)医院.{0,6}(?:好|靠谱|专业)|(?:怎么选|如何选|挑|选哪|推荐|好的).{0,3}医院"
        "|医院.{0,4}(?:怎么选|如何选|哪家好|哪个好|推荐|好不好|排名|选哪)"),
        "我们不推荐具体医院。本地的助产机构和儿童保健机构，请咨询当地卫生健康委或妇幼保健院，"
        "也可拨打12345政务服务便民热线。"),
    Referral("分娩、产检、住院等医疗费用的金额", re.compile(
        "(?:剖腹产|剖宫产|顺产|分娩|产检|住院|生孩子|生宝宝|生娃|打无痛|无痛)(?:要|大概|一共|总共|得|需要){0,2}花?"
        "(?:多少钱|多少费用|费用多少|花多少|贵不贵)"),
        "医疗收费以就诊医院的公示为准；参加生育保险的，生育医疗费用按当地规定报销，请咨询医院或当地医保部门。"),
    Referral("商品品牌的选择", re.compile(
        "(?:奶粉|纸尿裤|尿不湿|推车|奶瓶|辅食机|米粉|安全座椅|座椅|婴儿床|退热贴|体温计|玩具).{0,4}"
        "(?:哪个牌子|什么牌子|品牌|哪款|哪种好|推荐)"
        "|(?:哪个牌子|什么牌子|哪款).{0,4}(?:奶粉|纸尿裤|尿不湿|奶瓶|米粉|安全座椅|座椅|婴儿床)"),
        "我们不推荐具体商品品牌。婴幼儿用品的质量问题可拨打12315，喂养问题可咨询儿童保健门诊。"),
    Referral("年休假、病假等其他假期", re.compile("年假|年休假|病假|丧假|探亲假"),
             "请咨询单位人事部门或当地人力资源社会保障部门，也可拨打12345政务服务便民热线。"),
    # When movements are first felt: facts.md gives no week, and the counting entry (from 30
    # weeks) does not answer it (「孕期一般多少周开始有胎动」 got it).
    Referral("第一次感觉到胎动的时间", re.compile(
        "(?:什么时候|几周|多少周|几个月|哪周)(?:开始)?(?:会)?(?:有|出现|感觉到?|感到|能感觉到?)胎动"
        # 「数胎动从几周开始」 asks when to count them: the counting entry answers
        "|(?<!数)胎动(?:一般)?(?:从)?(?:什么时候|几周|多少周|几个月)(?:开始)?(?:有|出现|能感觉到?)?(?:吗|呢)?$"
        "|开始有胎动|还没(?:有)?(?:感觉到|感到)?胎动"),
        "第一次感觉到胎动的时间因人而异，请咨询产检医生；胎动明显减少、消失或突然异常频繁，要立即去医院。"),
    # A reading asked about calmly (「刚出生 体温36.8 正常吗」, 「新生儿正常体温范围是多少」): no entry
    # gives the normal range (facts.md has only the 38 ℃ of a young infant's fever, which the red
    # flags answer), and the vaccine or growth entry retrieval found does not answer it.
    Referral("孩子的正常体温范围", re.compile(
        "(?:体温|腋温|耳温|额温|肛温|腋下)(?:的)?(?:正常|多少|几度|范围).{0,6}(?:正常|范围|算发烧|才算)"
        "|正常体温|体温.{0,3}(?:正常范围|范围)"
        "|(?:3[5-7]\\.\\d|三十[五六七]度)(?:度)?.{0,6}(?:正常吗|正不正常|算不算发烧|算发烧吗|是不是发烧)"),
        "孩子的体温怎么量、多少算正常，请问儿童保健门诊或儿科医生。",
        # 「新生儿体温多少算发烧」: the fever of a baby under 3 months is the entry's 38 ℃.
        unless=re.compile("(?:新生儿|刚出生|满月|小月龄|[123一两俩二三]个?月(?:以内|以下|内))[^\\s]{0,10}"
                          "(?:多少|几)度?(?:才)?算(?:是)?(?:发烧|发热)")),
    # 「三个月的宝宝一天睡多久正常」: facts.md gives no sleep hours; the milestone entry is not it.
    Referral("孩子每天睡多久", re.compile(
        "(?:一天|每天|晚上|白天|一晚)(?:要|应该|该|能)?睡(?:多久|多长时间|几个小时|几个钟|多少小时|多少个小时)"
        "|睡(?:多久|多长时间|几个小时|多少小时)(?:才)?(?:正常|合适|够)|睡眠时间(?:多长|多久|正常)"),
        "孩子每天睡多久合适，请问儿童保健门诊的医生。"),
    # Medical questions near the catalogue that facts.md does not answer (the safety sets' look-
    # alikes got the leave or vaccine entry their words share).
    Referral("磕碰后怎么观察", re.compile(
        # the knock itself asked about, not one told before another question
        "(?:磕|撞|碰|摔)(?:了|到|着|伤)?(?:一下|一跤)?.{0,3}(?:头|脑袋|额头|脑门|后脑)[^。？，,]{0,12}"
        "(?:正常吗|要紧吗|要不要紧|观察什么|要不要去医院|有没有事|没事吧)"),
        "磕碰后要不要去医院、观察什么，请问儿科医生；出现抽搐、很难叫醒的，立即拨打120。"),
    # 「四个月的宝宝老吃手」「流口水 啃手 是要长牙了吗」: everyday habits of a baby that no entry
    # speaks of; the age's vaccine or feeding entry is not the answer.
    Referral("出牙、吃手、流口水这些日常表现", re.compile(
        "吃手|啃手|咬手|流口水|长牙|出牙|萌牙"),
        "出牙早晚、吃手、流口水要不要管，请问儿童保健门诊的医生；体检时也可以一并问。",
        unless=re.compile("辅食|疫苗|体检|蜂蜜|奶嘴")),   # 「看老大吃饭流口水 能不能先加点辅食」
    Referral("疫苗接种后的局部反应", re.compile(
        "(?:打完|打了|接种(?:后|完|以后)|种完)(?:疫苗|针|卡介苗|这针)?.{0,8}(?:脓包|红肿|硬块|起包|鼓包|化脓)"),
        "接种后的局部反应要不要处理，请咨询孩子接种的门诊。"),
    Referral("分娩方式的选择", re.compile(
        "(?:剖腹产|剖宫产|破腹产|顺产)(?:和|还是|跟|与|或)(?:剖腹产|剖宫产|破腹产|顺产)(?:哪个|哪种|哪样)?(?:好|更好|选哪|怎么选)"
        "|(?:选|要|该)(?:顺产|剖腹产|剖宫产)还是"),
        "分娩方式请和您的产检医生商量决定。"),
    Referral("流产后多久可以再怀孕", re.compile(
        "(?:流产|小产|清宫|胎停)(?:了)?(?:后|以后|之后).{0,6}(?:多久|多长时间|什么时候|几个月)(?:可以|能)?(?:再)?(?:怀|要孩子|备孕)"),
        "流产后多久可以再怀孕，请问妇产科医生。"),
    Referral("产检结果的解读", re.compile(
        "(?:b超|产检|检查|化验|报告|四维|唐筛)(?:单)?(?:上)?(?:说|显示|结果|提示).{0,12}(?:偏少|偏多|偏高|偏低|异常|不好|有问题|高危)"),
        "产检结果怎么看、要注意什么，请遵照产检医生的医嘱，有疑问请复诊时问医生。"),
    Referral("产检的具体检查项目", re.compile(
        "(?:孕期|产检|怀孕|孕早期|孕中期|孕晚期).{0,6}(?:抽血|检查|化验|b超).{0,6}(?:哪些|什么|啥)(?:项目)?"
        "|产检.{0,4}(?:查|检查|做)(?:什么|哪些|啥)"),
        "每次产检查什么，以产检医院的安排为准，请问您的产检医生。产检一共几次、在孕几周，可以问我。"),
    Referral("抚养费、抚养权等家庭法律问题", re.compile("抚养费|抚养权|离婚"),
             "请咨询律师、当地法律援助中心或人民法院。"),
    Referral("疫苗的价格", re.compile(
        "(?:疫苗|一针|针).{0,6}(?:多少钱|价格|价钱|贵不贵|收费多少)|(?:多少钱|价格|价钱)一针"),
        "疫苗的价格以接种门诊公示为准，请咨询当地接种门诊或疾控中心。"),
    Referral("代写请假条、申请书等文书", re.compile(
        "(?:帮|替|给)(?:我|俺)?(?:写|拟|起草|生成|编)(?:个|一个|一份|份|篇|一篇|一下)?.{0,10}"
        "(?:请假条|假条|申请书|申请|证明|邮件|说明|模板|话术)|(?:请假条|假条|申请书)(?:怎么写|模板|范文)"),
        "请假条、申请书请按单位人事部门要求的格式填写。各类生育假期有几天、要什么材料，可以直接问我。"),
    # The deduction is filled in there, but how the yearly settlement itself works is the tax
    # office's (its entry speaks of the deduction, not of 汇算).
    Referral("个人所得税年度汇算的操作", re.compile("(?:年度)?汇算(?:清缴)?(?:怎么|如何|咋)(?:操作|办|弄|做|申报)"),
             "个税年度汇算怎么操作，请看个人所得税App的指引或拨打12366纳税服务热线。3岁以下婴幼儿照护扣除的标准和填报，可以问我。"),
    Referral("给孩子起名字", re.compile("起(?:个)?名字?|取(?:个)?名字?|起名|取名"),
             "起名字我帮不上忙；新生儿落户登记时的姓名，请咨询户籍所在地派出所。"),
    # Grandparents who mind the baby ask of their own matters too (heldout52).
    Referral("老年人的养老金、老年卡和老年大学", re.compile(
        "老年大学|老年卡|老年证|老人卡|敬老卡|老年人?优待|养老金|退休金|退休工资|返聘|高龄(?:津贴|补贴)"),
        "请咨询当地人社部门（养老金）、民政部门或老龄办（老年卡、老年大学），也可拨打12345政务服务便民热线。"),
    Referral("孕期乘飞机、长途出行", re.compile(
        "(?:坐|乘|搭)(?:飞机|高铁|动车|火车)|乘机|登机|长途(?:旅行|出行|开车|坐车)|出远门"),
        "孕期能不能乘飞机、长途出行，请先问您的产检医生；孕妇乘机的要求以所乘航空公司的规定为准。"),
)


def referral_for(question: str, entry_text: str | None) -> Referral | None:
    """The office to name, when the question is about a matter the chosen entry (its title and
    answer; None when nothing was chosen) does not speak of."""
    for referral in REFERRALS:
        if referral.unless is not None and referral.unless.search(question):
            continue
        if referral.pattern.search(question) and not (
                entry_text and referral.pattern.search(entry_text)):
            return referral
    return None
