"""Plain-Chinese bands for a z-score, by the cut-offs of the standard used (WHO 2006).

Two readings per indicator: the level (下 / 中下 / 中 / 中上 / 上, by whole SDs around the median)
and, where WHO defines one, the nutritional classification (低体重, 生长迟缓, 消瘦, 超重 …).
Both are prompts for a conversation with the child-health clinic, never a diagnosis.
"""

SOURCE = ("WHO Child Growth Standards: Training Course on Child Growth Assessment, "
          "Interpreting Growth Indicators (WHO, 2008)")
URL = "https://www.who.int/publications/i/item/9789241595070"
NOTE = "评价仅供参考，不是诊断；如有疑问请咨询社区卫生服务中心或儿童保健门诊。"

# Below -3 / below -2, and above +3 / +2 / +1 SD: WHO's cut-offs for each indicator.
_LOW = {
    "wfa": ("重度低体重", "低体重"),
    "lhfa": ("重度生长迟缓", "生长迟缓"),
    "wflh": ("重度消瘦", "消瘦"),
    "bmi": ("重度消瘦", "消瘦"),
    "hcfa": ("头围偏小", "头围偏小"),
}
_HIGH = {
    "wflh": ("肥胖", "超重", "有超重风险"),
    "bmi": ("肥胖", "超重", "有超重风险"),
    "hcfa": ("头围偏大", "头围偏大", None),
}


def level(z: float) -> str:
    if z < -2:
        return "下"
    if z < -1:
        return "中下"
    if z <= 1:
        return "中"
    if z <= 2:
        return "中上"
    return "上"


def classification(indicator: str, z: float) -> str | None:
    """WHO's label for this z, or None inside the normal range (WHO gives no high label for
    weight- or length-for-age)."""
    severe_low, low = _LOW[indicator]
    if z < -3:
        return severe_low
    if z < -2:
        return low
    high = _HIGH.get(indicator)
    if high:
        for bound, label in zip((3, 2, 1), high):
            if z > bound:
                return label
    return None
