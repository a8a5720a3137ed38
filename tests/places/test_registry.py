"""The division registry: what people type resolves to one code; the rest gets suggestions."""
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.common.content import ContentError, load_all
from app.extensions import db
from app.places import service
from app.places.content import read_divisions
from app.places.models import Division
from app.places.registry import AmbiguousPlace, Registry, UnknownPlace

ROOT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def places():
    return Registry.of(read_divisions(ROOT))


@pytest.mark.parametrize("typed, code", [
    ("苏州工业园区", "320576"), ("园区", "320576"), ("工业园区", "320576"), ("320576", "320576"),
    ("虎丘区", "320505"), ("高新区", "320505"), ("新区", "320505"), ("苏州市虎丘区", "320505"),
    ("虎丘", "320505"), ("吴江", "320509"), ("江苏苏州吴江", "320509"), ("江苏省苏州市吴江区", "320509"),
    ("姑苏 区", "320508"), ("ＳＩＰ", "320576"), ("利州区", "510802"), ("苍溪", "510824"),
    ("山亭区", "370406"), ("鹿城区", "330302"), ("盐城经济技术开发区", "320971"),
])
def test_names_aliases_and_codes_resolve_to_one_district(places, typed, code):
    assert places.resolve(typed, "district") == code


def test_an_unknown_name_gets_the_nearest_names_by_characters_and_by_sound(places):
    with pytest.raises(UnknownPlace) as typo:
        places.resolve("姑苏去", "district", prefer=("320500",))
    assert "姑苏区" in typo.value.suggestions
    with pytest.raises(UnknownPlace) as sound:
        places.resolve("wuzhong", "district", prefer=("320500",))
    assert sound.value.suggestions[0] == "吴中区"


def test_a_name_several_cities_share_needs_its_city_unless_the_deployment_settles_it(places):
    with pytest.raises(AmbiguousPlace) as shared:
        places.resolve("市中区", "district")
    assert "枣庄市市中区" in shared.value.candidates and len(shared.value.candidates) > 1
    assert places.resolve("市中区", "district", prefer=("370400",)) == "370402"
    assert places.resolve("枣庄市中区", "district") == "370402"


def test_a_code_of_another_level_is_not_a_district(places):
    with pytest.raises(UnknownPlace):
        places.resolve("320500", "district")
    with pytest.raises(UnknownPlace):
        places.resolve("999999", "district")


def test_the_seed_cities_are_complete(places):
    guangyuan = [d.name for d in places.children("510800", "district")]
    assert guangyuan == ["利州区", "昭化区", "朝天区", "旺苍县", "青川县", "剑阁县", "苍溪县"]
    suzhou = {d.name for d in places.children("320500", "district")}
    assert {"姑苏区", "虎丘区", "吴中区", "相城区", "吴江区", "苏州工业园区", "常熟市", "张家港市",
            "昆山市", "太仓市"} == suzhou
    assert len(places.children("320508", "street")) >= 8       # 姑苏区's streets
    assert {d.name for d in places.children("510802", "street")} >= {"东坝街道", "嘉陵街道"}


def test_province_and_city_of_a_district(app):
    with app.app_context():
        assert service.province_of("510802") == "四川"
        assert service.province_of("320576") == "江苏"
        assert service.city_of("370406") == "370400"
        assert service.district_name("320576") == "苏州工业园区"


def test_the_served_cities_and_their_districts(client):
    cities = client.get("/api/v1/places/cities").get_json()
    assert [c["name"] for c in cities] == ["苏州市"]
    assert cities[0]["province"] == "江苏省"
    assert {"code": "320576", "name": "苏州工业园区"} in cities[0]["districts"]


def _broken_copy(tmp_path, edit) -> Path:
    shutil.copytree(ROOT / "places", tmp_path / "places")
    path = tmp_path / "places" / "divisions.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("edit, field", [
    (lambda t: t.replace('code: "320508", name: "姑苏区"', 'code: "32050", name: "姑苏区"'), "code"),
    (lambda t: t.replace('level: district, parent: "320500"}', 'level: district, parent: "329900"}',
                         1), "parent"),
    (lambda t: t.replace('name: "吴中区"', 'name: ""'), "name"),
    (lambda t: t.replace('code: "320506"', 'code: "320505"'), "code"),
])
def test_a_bad_registry_file_is_named_and_changes_nothing(app, tmp_path, edit, field):
    folder = _broken_copy(tmp_path, edit)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Division))
        with pytest.raises(ContentError) as error:
            load_all(folder, ["places"])
        assert error.value.field == field and "divisions.yaml" in error.value.file
        assert db.session.scalar(select(func.count()).select_from(Division)) == before


def test_an_alias_for_a_code_not_in_the_registry_is_refused(app, tmp_path):
    shutil.copytree(ROOT / "places", tmp_path / "places")
    aliases = tmp_path / "places" / "aliases.yaml"
    aliases.write_text('aliases:\n  "320599": [幻想区]\n', encoding="utf-8")
    with app.app_context(), pytest.raises(ContentError) as error:
        load_all(tmp_path, ["places"])
    assert "aliases.yaml" in error.value.file and "320599" in error.value.message


def test_loading_twice_changes_nothing(app):
    with app.app_context():
        again = load_all(ROOT, ["places"])["places"]
    assert again["created"] == again["updated"] == again["removed"] == 0
    assert again["divisions"] > 1200
