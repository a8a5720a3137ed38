"""Course search understands parents as facility search does: their words for the content's
words (content/search/synonyms.yaml, editable without a restart), pinyin, typos."""
from pathlib import Path

import jieba
import pytest


def titles(client, q) -> list[str]:
    response = client.get("/api/v1/courses", query_string={"q": q})
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


@pytest.fixture
def catalogue(cat):
    for title, summary, domain, tags in (
        ("宝宝睡眠：建立规律作息、减少夜醒", "从小建立睡前程序", "健康保健", ["睡眠"]),
        ("6月龄起辅食添加", "强化铁米粉到手指食物", "营养喂养", ["辅食"]),
        ("1–3岁幼儿膳食搭配与挑食应对", "一日三餐怎么搭配", "营养喂养", ["喂养"]),
        ("语言启蒙：和宝宝对话的技巧", "用绘本和儿歌陪宝宝开口", "语言", ["语言"]),
        ("婴儿大运动：抬头、翻身、坐", "跟着月龄做运动游戏", "动作", ["大运动"]),
        ("居家安全防护：防跌落、防烫伤", "家里哪些角落最危险", "安全防护", ["安全"]),
    ):
        cat.course(title=title, summary=summary, domain=domain, tags=tags)


@pytest.mark.parametrize("q, expected", [
    ("宝宝不爱睡觉怎么办", {"宝宝睡眠：建立规律作息、减少夜醒"}),            # 睡觉 -> 睡眠
    ("孩子不肯吃饭", {"6月龄起辅食添加", "1–3岁幼儿膳食搭配与挑食应对"}),   # 吃饭 -> 辅食, 喂养
    ("两岁了还不会说话", {"语言启蒙：和宝宝对话的技巧"}),                    # 说话 -> 语言
    ("宝宝什么时候会爬", {"婴儿大运动：抬头、翻身、坐"}),                    # 爬 -> 大运动
    ("shuimian", {"宝宝睡眠：建立规律作息、减少夜醒"}),                       # full pinyin
    ("fushi", {"6月龄起辅食添加"}),
    ("yyqm", {"语言启蒙：和宝宝对话的技巧"}),                                # initials
    ("睡棉", {"宝宝睡眠：建立规律作息、减少夜醒"}),                           # homophone typo
    ("辅石添加", {"6月龄起辅食添加"}),
    ("防烫商", {"居家安全防护：防跌落、防烫伤"}),                            # one wrong character
])
def test_a_parent_finds_the_course_they_mean(client, catalogue, q, expected):
    assert set(titles(client, q)) == expected


def test_the_typed_word_ranks_above_a_synonym(client, catalogue, cat):
    cat.course(title="喂养困难门诊：吃饭慢", summary="吃饭问题", domain="营养喂养")
    found = titles(client, "吃饭")
    assert found[0] == "喂养困难门诊：吃饭慢" and len(found) == 3


def test_an_editor_adds_a_synonym_and_search_uses_it_at_once(app, client, catalogue, tmp_path,
                                                             monkeypatch):
    assert titles(client, "磕碰") == []
    (tmp_path / "search").mkdir()
    source = Path(app.config["CONTENT_DIR"]) / "search" / "synonyms.yaml"
    (tmp_path / "search" / "synonyms.yaml").write_text(
        source.read_text(encoding="utf-8") + "安全防护: [磕碰]\n", encoding="utf-8")
    monkeypatch.setitem(app.config, "CONTENT_DIR", str(tmp_path))
    assert titles(client, "磕碰") == ["居家安全防护：防跌落、防烫伤"]


def test_search_never_loads_jiebas_global_dictionary(client, catalogue):
    titles(client, "宝宝不爱睡觉")
    client.get("/api/v1/facilities", query_string={"q": "摇篮托育"})
    assert not jieba.dt.initialized


def test_content_load_reports_a_bad_synonyms_file(app, runner, tmp_path, monkeypatch):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "synonyms.yaml").write_text("睡眠: 睡觉\n", encoding="utf-8")
    monkeypatch.setitem(app.config, "CONTENT_DIR", str(tmp_path))
    result = runner.invoke(args=["content", "load", "--only", "search"])
    assert result.exit_code != 0
    assert "synonyms.yaml" in result.output and "睡眠" in result.output
    (tmp_path / "search" / "synonyms.yaml").write_text("睡眠: [睡觉]\n", encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--only", "search"])
    assert result.exit_code == 0 and "synonym_words=2" in result.output, result.output
