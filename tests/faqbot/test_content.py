"""`flask content load` for content/faq/: all or nothing, clear errors, idempotent, and admin
phrasings survive a reload."""
import shutil

import yaml
from sqlalchemy import func, select

from app.extensions import db
from app.faqbot.models import FaqEntry, FaqQuestion
from tests.faqbot.conftest import ROOT


def _copy_content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "faq", target / "faq")
    return target


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(FaqEntry)),
                db.session.scalar(select(func.count()).select_from(FaqQuestion)))


def test_the_knowledge_base_loads_with_at_least_120_entries(runner, app):
    result = runner.invoke(args=["content", "load", "--only", "faq"])
    assert result.exit_code == 0, result.output
    entries, questions = _counts(app)
    assert entries >= 120 and questions >= 8 * entries
    with app.app_context():
        leave = db.session.scalars(select(FaqEntry).where(FaqEntry.leave_kind.is_not(None))).all()
        assert leave and all(e.id.startswith("leave-") for e in leave)
    again = runner.invoke(args=["content", "load", "--only", "faq"])
    assert again.exit_code == 0 and _counts(app) == (entries, questions)


def test_a_bad_entry_names_file_entry_and_field_and_changes_nothing(runner, app, tmp_path):
    assert runner.invoke(args=["content", "load", "--only", "faq"]).exit_code == 0
    before = _counts(app)
    content = _copy_content(tmp_path)
    path = content / "faq" / "leave_entries.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries[0]["questions"] = entries[0]["questions"][:3]
    entries[1]["title"] = "改过的标题"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--dir", str(content), "--only", "faq"])
    assert result.exit_code == 1
    assert "leave_entries.yaml" in result.output and "[leave-maternity-days]" in result.output
    assert "questions" in result.output and "至少需要 8 个" in result.output
    assert _counts(app) == before
    with app.app_context():
        assert db.session.get(FaqEntry, "leave-paternity-days").title != "改过的标题"


def test_a_leave_figure_must_appear_in_its_answer(runner, tmp_path):
    content = _copy_content(tmp_path)
    path = content / "faq" / "leave.yaml"
    text = path.read_text(encoding="utf-8").replace("text: 广东产假共178天", "text: 广东产假共180天", 1)
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--dir", str(content), "--only", "faq"])
    assert result.exit_code == 1
    assert "leave.yaml [广东] maternity.days" in result.output


def test_admin_phrasings_survive_a_reload(runner, client, login, app, kb):
    admin = login("admin")
    assert client.post("/api/v1/admin/bot/entries/leave-parental-days/questions",
                       json={"question": "带娃的假一年给几天"}, headers=admin).status_code == 201
    assert runner.invoke(args=["content", "load", "--only", "faq"]).exit_code == 0
    with app.app_context():
        texts = [q.text for q in db.session.get(FaqEntry, "leave-parental-days").questions]
    assert "带娃的假一年给几天" in texts


def test_a_reposting_site_or_a_third_party_label_is_refused_as_a_source(runner, tmp_path):
    content = _copy_content(tmp_path)
    path = content / "faq" / "leave.yaml"
    original = path.read_text(encoding="utf-8")
    repost = original.replace("url: https://www.jsrd.gov.cn/qwfb/sjfg/202109/t20210930_1221202.shtml",
                              "url: http://m.hbzqbyyxgs.com/news/644562.html", 1)
    path.write_text(repost, encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--dir", str(content), "--only", "faq"])
    assert result.exit_code == 1 and "不是转载站或首页" in result.output
    labelled = original.replace("title: 《江苏省人口与计划生育条例》（2021年修正）",
                                "title: 《江苏省人口与计划生育条例》（第三方转载）", 1)
    path.write_text(labelled, encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--dir", str(content), "--only", "faq"])
    assert result.exit_code == 1 and "不能标为转载或第三方" in result.output


def test_every_answer_a_parent_can_get_opens_with_a_paragraph_that_fits_a_phone_screen():
    """Every static answer, every leave answer for every province and child order (as the
    default, named, and unknown province), and every red-flag reply: ≤ 120 characters before the
    first blank line; and no source a parent sees is a repost."""
    from app.faqbot import leave, safety
    from app.faqbot.kb import load_kb, official_url

    content = load_kb(ROOT / "content" / "faq")       # what the loader accepts, no database
    data = content.leave
    texts = [e.answer for e in content.entries if not e.leave]
    sources = [s for e in content.entries for s in e.sources]
    for kind in data["kinds"]:
        for province in [None, "河南", "香港", *data["provinces"]]:
            for order in (None, 1, 2, 3):
                for assumed in (False, True):
                    rendered = leave.render(data, kind, province, order, assumed=assumed)
                    texts.append(rendered.text)
                    sources += rendered.sources
    alerts = safety.Texts(content.safety).all()
    assert {a.kind for a in alerts} == set(safety.LEVELS)
    texts += [a.text for a in alerts]
    sources += [s for a in alerts for s in a.sources]
    too_long = [t for t in texts if len(t.split("\n\n")[0]) > 120]
    assert not too_long, too_long[:3]
    assert all(not s.get("url") or official_url(s["url"]) for s in sources)
    assert not [s["title"] for s in sources if "第三方" in s["title"] or "转载" in s["title"]]


def test_an_editors_note_may_not_point_to_a_reposting_site(runner, tmp_path):
    content = _copy_content(tmp_path)
    path = content / "faq" / "entries" / "leave_national.yaml"
    original = path.read_text(encoding="utf-8")
    marker = "没有找到官方原文（单一来源）。"
    assert marker in original
    path.write_text(original.replace(marker, marker + "见 http://m.jn.bendibao.com/live/60140.shtm 。"),
                    encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--dir", str(content), "--only", "faq"])
    assert result.exit_code == 1
    assert "nursing-time-until-one" in result.output and "detail" in result.output
    assert "bendibao" in result.output


def test_an_editor_changes_the_red_flag_wording_without_code(runner, client, app, tmp_path):
    """The words of a red-flag reply are content: changed and loaded, the bot says them at once;
    which questions are red flags (and urgent) stays in code."""
    content = _copy_content(tmp_path)
    path = content / "faq" / "safety.yaml"
    text = path.read_text(encoding="utf-8")
    old = "立即用清洁的流动冷水持续冲洗或浸泡伤处至少10—20分钟"
    assert old in text
    path.write_text(text.replace(old, "马上用干净的流动冷水冲洗伤处至少10—20分钟"), encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--dir", str(content), "--only", "faq"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        app.extensions["faqbot"].refresh()
    body = client.post("/api/v1/bot/ask", json={"question": "宝宝被开水烫了怎么办"}).get_json()
    assert body["urgent"] is True
    assert body["answer"].startswith("马上用干净的流动冷水冲洗伤处")
    assert body["sources"][0]["article"] == "第62条"


def test_the_red_flag_texts_are_validated_like_the_rest(runner, tmp_path):
    content = _copy_content(tmp_path)
    path = content / "faq" / "safety.yaml"
    original = yaml.safe_load(path.read_text(encoding="utf-8"))

    def load_with(change):
        data = yaml.safe_load(yaml.safe_dump(original, allow_unicode=True))
        change(data["alerts"])
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return runner.invoke(args=["content", "load", "--dir", str(content), "--only", "faq"])

    missing = load_with(lambda alerts: alerts.pop("choking"))
    assert missing.exit_code == 1 and "safety.yaml" in missing.output and "choking" in missing.output
    long = load_with(lambda alerts: alerts["burn"].update(first="请" * 121))
    assert long.exit_code == 1 and "[burn] first" in long.output
    repost = load_with(lambda alerts: alerts["pregnancy"]["sources"][0].update(
        url="http://bbs.itongcheng.cc/thread-2067408-1-1.html"))
    assert repost.exit_code == 1 and "[pregnancy]" in repost.output and "转载站" in repost.output
    unsure = load_with(lambda alerts: alerts["fever"].update(confidence="probably"))
    assert unsure.exit_code == 1 and "[fever] confidence" in unsure.output
