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
        "|(?:几岁|多大).{0,4}(?:上|读|进)(?:幼儿园|小学)"),
        "招生入学和收费由当地教育部门负责，请以当地教育局发布的招生公告为准，或拨打12345政务服务便民热线。"),
    Referral("孩子的城乡居民医保（参保、缴费、报销）", re.compile(
        f"{_CHILD}.{{0,6}}(?:医保|医疗保险|参保|社保卡)|(?:医保|医疗保险|参保|社保卡).{{0,6}}{_CHILD}"
        "|医保.{0,4}报销"),
        "请咨询当地医保部门的经办窗口，或拨打12345政务服务便民热线。"),
    Referral("住房公积金", re.compile("公积金"),
             "公积金的缴存和提取由当地住房公积金管理中心负责，请向其咨询或拨打12345政务服务便民热线。"),
    Referral("抚养费、抚养权等家庭法律问题", re.compile("抚养费|抚养权|离婚"),
             "请咨询律师、当地法律援助中心或人民法院。"),
)


def referral_for(question: str, entry_text: str | None) -> Referral | None:
    """The office to name, when the question is about a matter the chosen entry (its title and
    answer; None when nothing was chosen) does not speak of."""
    for referral in REFERRALS:
        if referral.pattern.search(question) and not (
                entry_text and referral.pattern.search(entry_text)):
            return referral
    return None
