"""The words parents use for the words content uses, kept by a content editor in
content/search/synonyms.yaml:

    睡眠: [睡觉, 哄睡, 夜醒]      # canonical word (as titles and summaries say it): what parents type
    辅食: [吃饭, 喂饭]
    喂养: [吃饭, 吃奶]            # a variant may lead to several canonical words

The file is re-read when it changes (one stat per query), so an edit needs no restart.
"""
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml


class SynonymsError(ValueError):
    pass


@dataclass
class Synonyms:
    canonical_of: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def parse(cls, entries, source: str = "synonyms.yaml") -> "Synonyms":
        if entries is None:
            return cls()
        if not isinstance(entries, dict):
            raise SynonymsError(f"{source}: 应为“标准词: [家长的说法, …]”的映射")
        found: dict[str, list[str]] = {}
        for canonical, variants in entries.items():
            if not isinstance(canonical, str) or not canonical.strip():
                raise SynonymsError(f"{source}: 标准词不能为空")
            if not isinstance(variants, list) or not all(
                    isinstance(v, str) and v.strip() for v in variants):
                raise SynonymsError(f"{source} [{canonical}]: 应为非空文字的列表")
            for variant in (canonical, *variants):
                targets = found.setdefault(variant.strip().lower(), [])
                if canonical not in targets:
                    targets.append(canonical)
        return cls({word: tuple(targets) for word, targets in found.items()})

    @property
    def words(self) -> set[str]:
        return set(self.canonical_of)

    def expand(self, word: str) -> tuple[str, ...]:
        """The word and the canonical words it stands for, the word first."""
        return tuple(dict.fromkeys((word, *self.canonical_of.get(word, ()))))


def read(path: Path) -> Synonyms:
    if not path.is_file():
        return Synonyms()
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SynonymsError(f"{path.name}: YAML 格式有误（{exc.__class__.__name__}）") from exc
    return Synonyms.parse(entries, path.name)


class SynonymsFile:
    """A synonyms file, re-read when its modification time changes."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._stamp: float | None = None
        self._synonyms = Synonyms()

    def current(self) -> Synonyms:
        try:
            stamp = os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            self._synonyms = read(self.path) if stamp is not None else Synonyms()
            self._stamp = stamp
        return self._synonyms
