"""Values are fitted to WeChat's field limits before sending; the template file is checked."""
from pathlib import Path

import pytest

from app.notifications import templates

ROOT = Path(__file__).resolve().parents[2]


def test_values_are_cut_or_refused_by_their_wechat_type():
    assert templates.fit("thing1", "thing", "科学育儿课：婴幼儿睡眠与安抚的十个常见问题解答") == \
        "科学育儿课：婴幼儿睡眠与安抚的十个常见…"
    assert templates.fit("thing1", "thing", "第一行\n第二行") == "第一行 第二行"
    assert templates.fit("phrase4", "phrase", "预约成功啦真好") == "预约成功啦"
    with pytest.raises(templates.ValueRejected) as refused:
        templates.fit("phrase4", "phrase", "OK了")
    assert refused.value.field == "phrase4"
    with pytest.raises(templates.ValueRejected):
        templates.fit("number2", "number", "12a")
    with pytest.raises(templates.ValueRejected):
        templates.fit("thing1", "thing", "  ")
    assert templates.fit("name1", "name", "欧阳小明同学的妈妈在这里") == "欧阳小明同学的妈妈在"


def test_the_shipped_templates_load_and_every_kind_has_its_template():
    catalogue = templates.load(ROOT / "content" / "notifications" / "templates.yaml")
    assert {"booking_confirmed", "waitlisted", "offer_made", "offer_expired", "session_changed",
            "session_cancelled", "reminder_24h", "reminder_2h", "voucher_issued",
            "voucher_expiring", "voucher_redeemed", "voucher_reversed", "vaccine_due",
            "checkup_due"} <= set(catalogue.kinds)


@pytest.mark.parametrize("text, where", [
    ("templates: {t: {title: x, page: p, fields: {thing1: {type: thingy}}}}\nkinds: {}",
     "[t] thing1"),
    ("templates: {t: {title: x, page: p, fields: {time1: {type: thing}}}}\nkinds: {}",
     "[t] time1"),
    ("templates: {t: {title: x, page: 'p?id={booking_id}', fields: {thing1: {type: thing}}}}\n"
     "kinds: {k: {template: t, needs: [course], title: a, body: b}}", "[k] page"),
    ("templates: {}\nkinds: {k: {template: nope, needs: [a], title: a, body: b}}",
     "[k] template"),
])
def test_a_bad_template_file_names_the_entry_and_field(tmp_path, text, where):
    path = tmp_path / "templates.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(templates.TemplateError) as error:
        templates.load(path)
    assert where in str(error.value)


def test_content_load_checks_the_template_file(runner, tmp_path):
    folder = tmp_path / "notifications"
    folder.mkdir()
    (folder / "templates.yaml").write_text(
        (ROOT / "content" / "notifications" / "templates.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    good = runner.invoke(args=["content", "load", "--dir", str(tmp_path),
                               "--only", "notifications"])
    assert good.exit_code == 0, good.output
    assert "kinds=14" in good.output
    (folder / "templates.yaml").write_text(
        "templates: {t: {title: x, page: p, fields: {thing1: {type: thing}}}}\n"
        "kinds: {k: {template: t, needs: [a], title: '{b}', body: b}}", encoding="utf-8")
    bad = runner.invoke(args=["content", "load", "--dir", str(tmp_path),
                              "--only", "notifications"])
    assert bad.exit_code != 0
    assert "templates.yaml [k] title" in bad.output
