"""`flask content load`: every domain's content from content/, validated, in one transaction.

A domain registers a loader with @content_loader(name, order). A loader reads its files, raises
ContentError naming file, entry and field for anything invalid, and upserts by stable keys so that
loading twice changes nothing. Any error rolls the whole load back.
"""
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import click
from flask import current_app
from flask.cli import AppGroup

from app.common import yamlfile
from app.common.state import get_state, set_state
from app.extensions import db

log = logging.getLogger("app.content")

CONTENT_VERSION_KEY = "content_version"


class ContentError(Exception):
    def __init__(self, file: str | Path, message: str, entry: str | None = None,
                 field: str | None = None):
        self.file, self.entry, self.field, self.message = str(file), entry, field, message
        where = self.file
        if entry is not None:
            where += f" [{entry}]"
        if field is not None:
            where += f" {field}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Loader:
    name: str
    order: int
    load: Callable[[Path], dict]


_LOADERS: dict[str, Loader] = {}


def content_loader(name: str, order: int):
    """Register fn(content_root: Path) -> {"what": count, ...} as the loader of one content kind."""

    def decorator(fn):
        _LOADERS[name] = Loader(name, order, fn)
        return fn

    return decorator


def read_yaml(path: Path):
    return yamlfile.read_yaml(path, ContentError)


def content_fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_all(root: Path, only: list[str] | None = None) -> dict:
    """Run every registered loader in order inside one transaction; return counts per loader."""
    if not root.is_dir():
        raise ContentError(root, "内容目录不存在")
    results = {}
    try:
        for loader in sorted(_LOADERS.values(), key=lambda item: item.order):
            if only and loader.name not in only:
                continue
            results[loader.name] = loader.load(root)
            db.session.flush()
        set_state(CONTENT_VERSION_KEY, content_fingerprint(root))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for callback in _AFTER_LOAD:
        callback()
    return results


_AFTER_LOAD: list[Callable[[], None]] = []


def after_content_load(fn):
    """Run fn() after a successful load (e.g. to refresh an in-memory copy of reference data)."""
    _AFTER_LOAD.append(fn)
    return fn


def content_version() -> str | None:
    return get_state(CONTENT_VERSION_KEY)


content_cli = AppGroup("content", help="Load the content under content/.")


@content_cli.command("load")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Content folder (default: CONTENT_DIR, i.e. ./content).")
@click.option("--only", multiple=True, help="Load only this kind (repeatable).")
def load_command(directory, only):
    """Validate and load all content in one transaction; a bad file changes nothing."""
    root = Path(directory or current_app.config["CONTENT_DIR"])
    try:
        results = load_all(root, list(only) or None)
    except ContentError as exc:
        click.echo(f"内容校验失败，未写入任何数据：{exc}", err=True)
        raise SystemExit(1)
    for name, counts in results.items():
        summary = ", ".join(f"{k}={v}" for k, v in (counts or {}).items())
        click.echo(f"{name}: {summary}")
    click.echo(f"content version {content_version()}")
