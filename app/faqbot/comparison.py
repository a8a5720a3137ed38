"""Two or more provinces' leave side by side: 「广东跟上海产假差多少天」「江苏和上海男方陪产假哪边多」
「我在上海上班，家住江苏太仓，产假按哪边算？两边天数一样吗」. Families live across provinces;
one province's answer to a question about two is half an answer."""
import re

from app.faqbot import leave as leave_data
from app.faqbot.kb import CONFIDENCE

# The leave kinds a province holds figures for; the overview is too long to set beside another.
KINDS = ("maternity", "paternity", "parental", "dystocia", "breastfeeding_extra", "nursing",
         "marriage")
_COMPARED = re.compile(r"和|跟|与|同|还是|哪个|哪边|哪里|哪儿|差|分别|比|一样|不同|区别|对比|两边|两地|两个地方|都是|各"
                       # 「上海育儿假一年才5天吗？我看江苏都10天」: one figure held against another
                       r"|(?:才|都|都有|就)\d+(?:个工作)?[天日]")
# 「按哪边算」: which province's rule applies is not settled by anything we hold (facts.md).
_WHICH_APPLIES = re.compile(r"按哪|算哪|听哪|哪边算|哪里算|以哪|按.{1,8}还是.{1,8}(?:算|执行|休|来)")
WHICH_APPLIES_NOTE = ("按工作地、参保地还是户籍地的规定执行，我们没有核实到国家统一规定，"
                      "请以单位人事和当地人社部门的答复为准。")


# 「点解广东产假同浙江产假唔同」 asks why the rules differ, which the national entry answers.
_WHY = re.compile(r"为什么|为啥|为何|点解|怎么会|咋会|凭什么")


def provinces_compared(norm: str, gazetteer) -> list[str]:
    """The covered provinces a question sets side by side, in the order named; [] if fewer
    than two, nothing compares them, or it asks why they differ."""
    if _WHY.search(norm):
        return []
    named: list[str] = []
    for _, place in gazetteer.named(norm):
        if not place.covered:
            return []       # one we hold no figures for would be answered by the national rule
        if place.province not in named:
            named.append(place.province)
    return named if len(named) >= 2 and _COMPARED.search(norm) else []


def side_by_side(data: dict, kind: str, provinces: list[str], child_order: int | None,
                 norm: str) -> leave_data.LeaveAnswer:
    """Each province's first paragraph, one after the other (each fits a phone screen), then the
    notes they share, once."""
    rendered = [leave_data.render(data, kind, province, child_order) for province in provinces]
    leads = [r.text.split("\n\n")[0] for r in rendered]
    notes: list[str] = [WHICH_APPLIES_NOTE] if _WHICH_APPLIES.search(norm) else []
    for r in rendered:
        notes += [n for n in r.text.split("\n\n")[1:] if n not in notes]
    sources = [s for r in rendered for s in r.sources]
    sources = [s for i, s in enumerate(sources) if s not in sources[:i]]
    confidence = max((r.confidence for r in rendered if r.confidence),
                     key=CONFIDENCE.index, default=None)     # the least sure of them
    return leave_data.LeaveAnswer(text="\n\n".join(leads) + "".join("\n\n" + n for n in notes),
                                  sources=sources, confidence=confidence, province=None,
                                  held=all(r.held for r in rendered))
