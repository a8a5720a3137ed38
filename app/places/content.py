"""Load content/places/ (divisions.yaml generated from the statistics bureau's codes, aliases.yaml
kept by hand) into the division table: validated first, upserted by code, removed codes deleted."""
import hashlib
import json
from pathlib import Path

from sqlalchemy import delete, select

from app.common.content import ContentError, content_loader, read_yaml
from app.common.state import set_state
from app.extensions import db
from app.places import registry
from app.places.models import Division

VERSION_KEY = "places.version"


def read_divisions(root: Path) -> list[registry.Division]:
    """The validated divisions of a content folder (ContentError naming file, entry, field)."""
    folder = root / "places"
    divisions_file, aliases_file = folder / "divisions.yaml", folder / "aliases.yaml"
    content = read_yaml(divisions_file)
    aliases = read_yaml(aliases_file) if aliases_file.exists() else None

    def error(message, entry, field):
        file = aliases_file if field == "aliases" else divisions_file
        return ContentError(file, message, entry=entry, field=field)

    return registry.parse(content, aliases, error)


@content_loader("places", order=5)
def load_places(root: Path) -> dict:
    if not (root / "places").is_dir():
        return {}
    divisions = read_divisions(root)
    existing = {d.code: d for d in db.session.scalars(select(Division))}
    created = updated = 0
    for item in divisions:
        row = existing.pop(item.code, None)
        values = {"name": item.name, "level": item.level, "parent_code": item.parent_code,
                  "aliases": list(item.aliases)}
        if row is None:
            db.session.add(Division(code=item.code, **values))
            created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            updated += 1
    if existing:
        db.session.execute(delete(Division).where(Division.code.in_(list(existing))))
    digest = hashlib.sha256(json.dumps(
        [(d.code, d.name, d.level, d.parent_code, d.aliases) for d in divisions],
        ensure_ascii=False).encode()).hexdigest()[:16]
    set_state(VERSION_KEY, digest)
    from app.places.service import forget

    forget()   # the domains loaded next resolve their districts against these rows
    return {"divisions": len(divisions), "created": created, "updated": updated,
            "removed": len(existing)}
