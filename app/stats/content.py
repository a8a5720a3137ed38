"""Load content/stats/population.yaml: 常住人口 per district with its year and source (districts
of a city the deployment does not serve are skipped)."""
from pathlib import Path

import marshmallow as ma

from app.common.content import ContentError, content_loader, read_yaml
from app.common.errors import DomainError
from app.extensions import db
from app.places.service import district_code, unserved_city
from app.stats.models import DistrictPopulation


class _PopulationSchema(ma.Schema):
    district = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    population = ma.fields.Integer(required=True, strict=True,
                                   validate=ma.validate.Range(min=1, max=100_000_000))
    year = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=2000,
                                                                                     max=2100))
    source = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    synthetic = ma.fields.Boolean(required=True)


@content_loader("stats", order=60)
def load_population(root: Path) -> dict:
    path = root / "stats" / "population.yaml"
    if not path.exists():
        return {"districts": 0}
    entries = read_yaml(path) or []
    if not isinstance(entries, list):
        raise ContentError(path, "应为区县人口列表")
    seen, skipped = set(), 0
    for index, entry in enumerate(entries):
        label = entry.get("district") if isinstance(entry, dict) else f"第{index + 1}项"
        if isinstance(entry, dict) and unserved_city(entry.get("district")) is not None:
            skipped += 1
            continue
        try:
            data = _PopulationSchema().load(entry if isinstance(entry, dict) else {})
        except ma.ValidationError as err:
            field, messages = next(iter(err.messages.items()))
            raise ContentError(path, str(messages), entry=label, field=field) from None
        try:
            data["district"] = district_code(data["district"])
        except DomainError as err:
            raise ContentError(path, err.message, entry=label, field="district") from None
        if data["district"] in seen:
            raise ContentError(path, "区县重复", entry=label, field="district")
        seen.add(data["district"])
        db.session.merge(DistrictPopulation(**data))
    db.session.flush()
    return {"districts": len(seen), **({"districts_skipped": skipped} if skipped else {})}
