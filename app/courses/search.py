"""The catalogue's `q`: what a parent types, understood by the shared app.textsearch (words,
the synonyms in content/search/synonyms.yaml, pinyin, typos). Pure Python, no Flask."""
from pathlib import Path

from app.textsearch import match, segment
from app.textsearch.synonyms import SynonymsFile

# Terms of the trade jieba's general dictionary splits apart.
TERMS = ("辅食", "月龄", "早教", "亲子", "孕期", "备孕", "母乳喂养", "如厕", "绘本", "大运动",
         "精细动作", "分离焦虑", "儿童保健", "预防接种", "孕妇学校", "入户指导", "科学育儿")
segment.add_words(TERMS)

_files: dict[Path, SynonymsFile] = {}
_docs: dict[int, tuple[object, match.Doc]] = {}


def synonyms_file(content_dir) -> SynonymsFile:
    path = Path(content_dir) / "search" / "synonyms.yaml"
    if path not in _files:
        _files[path] = SynonymsFile(path)
    return _files[path]


def course_scores(q: str, rows, content_dir) -> dict[int, float]:
    """{course id: score > 0} for rows of (id, version, title, summary, tags, domain)."""
    query = match.parse(q, synonyms_file(content_dir).current())
    if not query:
        return {}
    scores = {}
    for course_id, version, title, summary, tags, domain in rows:
        cached = _docs.get(course_id)
        if cached is None or cached[0] != version:
            cached = (version, match.prepare(course_id, title, summary, " ".join(tags or ()),
                                             domain))
            _docs[course_id] = cached
        value = match.score(query, cached[1])
        if value > 0:
            scores[course_id] = value
    return scores
