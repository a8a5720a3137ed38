"""Growth charts: the standard's P3/P15/P50/P85/P97 curves for the child's sex with the child's
points, as series (the mini-program draws its own) or as an SVG drawn here with pygal.

pygal is imported inside `render_svg`, so a worker pays for it only on the first chart.
"""
from app.accounts.models import User
from app.health import growth as growth_service
from app.health.consent import child_record
from app.health.standards import CURVES, INDICATOR_NAMES, STANDING_FROM_DAYS, default_standard

DAYS_PER_MONTH = 365.25 / 12
_UNITS = {"wfa": "公斤", "lhfa": "厘米", "wflh": "公斤", "bmi": "kg/m²", "hcfa": "厘米"}
SEX_NAMES = {"male": "男孩", "female": "女孩"}


def chart_series(user: User, child_id: int, indicator: str) -> dict:
    child = child_record(user, child_id)
    sex = growth_service.require_sex(child)
    report = growth_service.growth(user, child_id)
    standard = default_standard()
    points = []
    for item in report["measurements"]:
        for score in item["indicators"]:
            if score["indicator"] != indicator:
                continue
            row = item["measurement"]
            x = _x_of(indicator, item["age_days"], row)
            points.append({"x": x, "y": score["value"], "z": score["z"],
                           "percentile": score["percentile"],
                           "measured_on": row.measured_on.isoformat()})
    last_age = max((i["age_days"] for i in report["measurements"]), default=0)
    if indicator == "wflh":
        table = "wfl" if last_age < STANDING_FROM_DAYS else "wfh"
        low, high = standard.WFL_RANGE if table == "wfl" else standard.WFH_RANGE
        xs = [low + step * 0.5 for step in range(int((high - low) * 2) + 1)]
        x_name, x_unit = ("身长" if table == "wfl" else "身高"), "厘米"
    else:
        table = indicator
        months = min(60, max(24, int(last_age / DAYS_PER_MONTH) + 6))
        xs = [round(m * DAYS_PER_MONTH) for m in range(months + 1)]
        x_name, x_unit = "月龄", "月"
    curves = standard.curves(table, sex, xs)
    to_x = (lambda x: x) if indicator == "wflh" else (lambda d: round(d / DAYS_PER_MONTH, 2))
    return {
        "child_id": child.id, "indicator": indicator, "name": INDICATOR_NAMES[indicator],
        "sex": sex, "x_name": x_name, "x_unit": x_unit, "y_unit": _UNITS[indicator],
        "standard": report["standard"],
        "curves": [{"percentile": p, "label": f"P{p}",
                    "points": [[to_x(x), y] for x, y in curves[p]]} for p in CURVES],
        "points": points,
    }


def _x_of(indicator, age_days, row):
    if indicator == "wflh":
        return row.length_cm
    return round(age_days / DAYS_PER_MONTH, 2)


def render_svg(series: dict) -> str:
    import pygal
    from pygal.style import Style

    style = Style(background="white", plot_background="white",
                  font_family="'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'PingFang SC', sans-serif",
                  colors=("#d9534f", "#f0ad4e", "#5cb85c", "#f0ad4e", "#d9534f", "#1f4e9c"))
    chart = pygal.XY(
        style=style, js=[], width=800, height=560, dots_size=2, show_dots=False,
        title=f"{series['name']}（{SEX_NAMES[series['sex']]}，{series['standard']['name']}）",
        x_title=f"{series['x_name']}（{series['x_unit']}）",
        y_title=f"{series['name'].removeprefix('年龄别')}（{series['y_unit']}）",
        legend_at_bottom=True, truncate_legend=-1, disable_xml_declaration=True)
    for curve in series["curves"]:
        chart.add(f"第{curve['percentile']}百分位", [tuple(p) for p in curve["points"]],
                  stroke_style={"width": 1.5})
    chart.add("孩子的测量值", [(p["x"], p["y"]) for p in series["points"]],
              show_dots=True, dots_size=5, stroke_style={"width": 2.5})
    return chart.render(is_unicode=True)
