"""Query words for the catalogue's `q`: jieba segmentation without stop words or punctuation."""
import re

import jieba

# Terms of the trade jieba's general dictionary splits apart.
_TERMS = ("辅食", "月龄", "早教", "亲子", "孕期", "备孕", "母乳喂养", "如厕", "绘本", "大运动",
          "精细动作", "分离焦虑", "儿童保健", "预防接种", "孕妇学校", "入户指导", "科学育儿")
_STOP = set("的 了 和 与 及 是 在 吗 呢 吧 啊 怎么 怎样 如何 什么 为什么 哪些 有 要 给 让 把 被 我 你 "
            "他 她 宝宝们 一下 可以 需要 应该 课程 课".split())
_WORD = re.compile(r"\w", re.UNICODE)

_ready = False


def _prepare() -> None:
    """Teach jieba our terms on first use (loading its dictionary takes about half a second)."""
    global _ready
    if not _ready:
        for term in _TERMS:
            jieba.add_word(term)
        _ready = True


def query_words(q: str, limit: int = 8) -> list[str]:
    _prepare()
    words = []
    for word in jieba.lcut(q.strip()):
        word = word.strip()
        if not word or word in _STOP or not _WORD.search(word) or word in words:
            continue
        words.append(word)
    longer = [w for w in words if len(w) > 1]
    return (longer or words)[:limit]
