"""`flask content load` checks content/search/synonyms.yaml too, so an editor's mistake is
reported with the rest of the content instead of at a parent's search."""
from pathlib import Path

from app.common.content import ContentError, content_loader
from app.textsearch.synonyms import SynonymsError, read


@content_loader("search", order=15)
def load(root: Path) -> dict:
    path = root / "search" / "synonyms.yaml"
    try:
        synonyms = read(path)
    except SynonymsError as exc:
        raise ContentError(path, str(exc)) from exc
    return {"synonym_words": len(synonyms.canonical_of)}
