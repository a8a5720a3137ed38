"""`flask content load` checks content/notifications/templates.yaml with the rest (the file is
read, not stored: every process reads it when it first sends or writes a notification)."""
from pathlib import Path

from app.common.content import ContentError, content_loader
from app.notifications import templates


@content_loader("notifications", order=90)
def load_templates(root: Path) -> dict:
    path = root / "notifications" / "templates.yaml"
    if not path.parent.is_dir():  # a content folder holding other kinds only
        return {"templates": 0}
    try:
        catalogue = templates.load(path)
    except templates.TemplateError as error:
        raise ContentError(error.file, error.message, entry=error.entry, field=error.field)
    return {"templates": len(catalogue.templates), "kinds": len(catalogue.kinds)}
