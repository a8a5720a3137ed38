"""Reading a content editor's YAML file with an error that says where (plain Python, no Flask,
so the FAQ bot's retrieval core can use it too)."""
from pathlib import Path
from typing import Callable

import yaml


def read_yaml(path: Path, error: Callable[[Path, str], Exception]):
    """The parsed file; `error(path, message)` is raised for bad YAML or an unreadable file."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else "?"
        raise error(path, f"YAML 格式错误（{where}）: {getattr(exc, 'problem', exc)}")
    except OSError as exc:
        raise error(path, f"无法读取: {exc.strerror}")
