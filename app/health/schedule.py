"""The immunisation and check-up schedules and the warning-sign checklist, as plain data and pure
functions (no Flask, no database): the API, the FAQ bot and the reminder outbox call the same.

A `child` is anything with `birth_date` and `sex` (the accounts Child model will do). Every
answer carries its source and confidence label from facts.md.
"""
import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

_AGE = re.compile(r"^(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)d)?$")
DTAP_CHANGE = date(2025, 1, 1)


# --- ages -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Age:
    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> "Age":
        match = _AGE.match(str(text).strip())
        if not match or not any(match.groups()):
            raise ValueError(f"年龄写法应为 2m、6y、13y6m 或 28d，而不是 {text!r}")
        y, m, d = (int(g or 0) for g in match.groups())
        return cls(y, m, d)

    def after(self, start: date) -> date:
        return add_months(start, self.years * 12 + self.months) + timedelta(days=self.days)

    def label(self) -> str:
        if self.years == self.months == self.days == 0:
            return "出生时"
        parts = []
        if self.years:
            parts.append(f"{self.years}周岁")
        if self.months:
            parts.append(f"{self.months}月龄" if not self.years else f"{self.months}个月")
        if self.days:
            parts.append(f"{self.days}天")
        return "".join(parts)


def add_months(start: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 m)."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


# --- the schedules as data ------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str | None = None

    def as_dict(self) -> dict:
        return {"title": self.title, "url": self.url}


@dataclass(frozen=True)
class DoseRule:
    vaccine: str
    vaccine_name: str
    dose: int
    at: Age
    complete_before: Age | None
    after_previous: Age | None
    product: str | None
    note: str | None
    unconfirmed_if_born_before_2025: str | None
    confidence: str
    source: Source


@dataclass(frozen=True)
class Vaccine:
    key: str
    name: str
    doses: tuple[DoseRule, ...]
    group: str | None = None
    group_note: str | None = None
    sex: str | None = None
    born_on_or_after: date | None = None
    born_before_2025: str | None = None   # a note for children on the pre-2025 schedule


@dataclass(frozen=True)
class Immunization:
    edition: str
    vaccines: tuple[Vaccine, ...]
    general_rules: tuple[dict, ...]
    clinic_advice: str
    provincial: dict = field(default_factory=dict)

    def for_province(self, province: str | None) -> tuple[Vaccine, ...]:
        return self.vaccines + tuple(self.provincial.get(province or "", ()))

    def dose_rule(self, vaccine: str, dose: int, province: str | None = None) -> DoseRule | None:
        for v in self.for_province(province):
            if v.key == vaccine:
                return next((d for d in v.doses if d.dose == dose), None)
        return None


@dataclass(frozen=True)
class Visit:
    key: str
    name: str
    at: Age
    when: str | None
    includes: str | None
    includes_confidence: str | None
    confidence: str
    source: Source


@dataclass(frozen=True)
class CheckupPlan:
    visits: tuple[Visit, ...]
    where: str
    ends_at: Age  # the age the schedule covers up to (0–6 years: the 7th birthday)


@dataclass(frozen=True)
class SignBand:
    months: int
    signs: tuple[tuple[str, str], ...]   # (key, text)


@dataclass(frozen=True)
class WarningSigns:
    bands: tuple[SignBand, ...]
    advice: str
    all_clear: str
    confidence: str
    source: Source

    def band(self, months: int) -> SignBand | None:
        return next((b for b in self.bands if b.months == months), None)


# --- building them from content documents (validated by the loader) -----------------------

def _sources(document: dict) -> dict[str, Source]:
    return {key: Source(key, s["title"], s.get("url"))
            for key, s in (document.get("sources") or {}).items()}


def _vaccine(entry: dict, sources: dict[str, Source]) -> Vaccine:
    doses = []
    for d in entry["doses"]:
        if d["source"] not in sources:
            raise ValueError(f"来源 {d['source']} 没有在 sources 中列出")
        doses.append(DoseRule(
            vaccine=entry["key"], vaccine_name=entry["name"], dose=int(d["dose"]),
            at=Age.parse(d["at"]),
            complete_before=Age.parse(d["complete_before"]) if d.get("complete_before") else None,
            after_previous=Age.parse(d["after_previous"]) if d.get("after_previous") else None,
            product=d.get("product"), note=d.get("note"),
            unconfirmed_if_born_before_2025=d.get("unconfirmed_if_born_before_2025"),
            confidence=d["confidence"],
            source=sources[d["source"]]))
    born = entry.get("born_on_or_after")
    if isinstance(born, str):
        born = date.fromisoformat(born)
    return Vaccine(entry["key"], entry["name"], tuple(doses), entry.get("group"),
                   entry.get("group_note"), entry.get("sex"), born, entry.get("born_before_2025"))


def immunization_from(document: dict) -> Immunization:
    sources = _sources(document)
    vaccines = tuple(_vaccine(v, sources) for v in document["vaccines"])
    provincial = {name: tuple(_vaccine(v, sources) for v in entries)
                  for name, entries in (document.get("provincial") or {}).items()}
    rules = tuple({"text": r["text"], "confidence": r["confidence"],
                   "source": sources[r["source"]].as_dict()}
                  for r in document.get("general_rules") or ())
    return Immunization(document["edition"], vaccines, rules, document["clinic_advice"],
                        provincial)


def checkups_from(document: dict) -> CheckupPlan:
    sources = _sources(document)
    visits = tuple(Visit(v["key"], v["name"], Age.parse(v["at"]), v.get("when"),
                         v.get("includes"), v.get("includes_confidence"), v["confidence"],
                         sources[v["source"]]) for v in document["visits"])
    return CheckupPlan(visits, document["where"], Age.parse(document["ends_at"]))


def warning_signs_from(document: dict) -> WarningSigns:
    src = document["source"]
    bands = tuple(SignBand(int(b["months"]), tuple((f"m{b['months']}_{i}", text)
                                                   for i, text in enumerate(b["signs"], 1)))
                  for b in document["bands"])
    return WarningSigns(bands, document["advice"], document["all_clear"],
                        document["confidence"], Source("warning_signs", src["title"], src.get("url")))


# --- answers for one child ------------------------------------------------------------------

def doses_for(child, given: dict[tuple[str, int], date], today: date, schedule: Immunization,
              province: str | None = None) -> list[dict]:
    """Every dose that applies to this child, with its status on `today`:
    done (recorded), overdue (past the age it should be completed by), due (old enough),
    upcoming (not yet old enough). `given` maps (vaccine, dose) to the date given."""
    birth = child.birth_date
    chosen = _chosen_alternatives(schedule.for_province(province), given)
    result = []
    for vaccine in schedule.for_province(province):
        if vaccine.sex and vaccine.sex != child.sex:
            continue
        if vaccine.born_on_or_after and birth < vaccine.born_on_or_after:
            continue
        if vaccine.group and chosen.get(vaccine.group) != vaccine.key:
            continue
        previous_given = None
        for rule in vaccine.doses:
            earliest = rule.at.after(birth)
            if rule.after_previous and previous_given:
                earliest = max(earliest, rule.after_previous.after(previous_given))
            deadline = rule.complete_before.after(birth) if rule.complete_before else None
            done_on = given.get((vaccine.key, rule.dose))
            if done_on:
                status = "done"
            elif deadline and today >= deadline:
                status = "overdue"
            elif today >= earliest:
                status = "due"
            else:
                status = "upcoming"
            old_schedule = birth < DTAP_CHANGE
            notes = [n for n in (rule.note, vaccine.group_note,
                                 vaccine.born_before_2025 if old_schedule else None) if n]
            unconfirmed = rule.unconfirmed_if_born_before_2025 if old_schedule else None
            result.append({
                "vaccine": vaccine.key, "vaccine_name": vaccine.name, "dose": rule.dose,
                "product": rule.product, "age": rule.at.label(), "earliest_on": earliest,
                "complete_before": rule.complete_before.label() if rule.complete_before else None,
                "complete_by": deadline, "status": status, "given_on": done_on,
                "notes": notes, "unconfirmed": unconfirmed,
                "confidence": rule.confidence, "source": rule.source.as_dict(),
            })
            previous_given = done_on
    result.sort(key=lambda d: (d["earliest_on"], d["vaccine"], d["dose"]))
    return result


def _chosen_alternatives(vaccines, given) -> dict[str, str]:
    """For each group of alternatives (乙脑 live or inactivated …): the one with a dose given,
    else the first listed."""
    chosen: dict[str, str] = {}
    for v in vaccines:
        if v.group is None:
            continue
        if any(key == v.key for key, _ in given):
            chosen[v.group] = v.key
        chosen.setdefault(v.group, v.key)
    return chosen


def next_doses(child, given, today, schedule, province=None, within_days: int = 7) -> list[dict]:
    """Doses due now or becoming due within `within_days` (what a reminder would carry)."""
    horizon = today + timedelta(days=within_days)
    return [d for d in doses_for(child, given, today, schedule, province)
            if d["status"] in ("due", "overdue")
            or (d["status"] == "upcoming" and d["earliest_on"] <= horizon)]


def checkups_for(child, done: dict[str, date], today: date, plan: CheckupPlan) -> list[dict]:
    """Each visit: done, due (age reached, next visit not yet), missed (the next visit's age, or
    the end of the schedule, has come), upcoming."""
    birth = child.birth_date
    starts = [v.at.after(birth) for v in plan.visits] + [plan.ends_at.after(birth)]
    result = []
    for i, visit in enumerate(plan.visits):
        if visit.key in done:
            status = "done"
        elif today < starts[i]:
            status = "upcoming"
        elif today < starts[i + 1]:
            status = "due"
        else:
            status = "missed"
        result.append({
            "visit": visit.key, "name": visit.name, "age": visit.at.label(),
            "on_or_after": starts[i], "when": visit.when, "status": status,
            "done_on": done.get(visit.key), "includes": visit.includes,
            "includes_confidence": visit.includes_confidence, "where": plan.where,
            "confidence": visit.confidence, "source": visit.source.as_dict(),
        })
    return result


def next_checkup(child, done: dict[str, date], today: date, plan: CheckupPlan) -> dict | None:
    """The visit to go to now, or the next one to come; None after the last."""
    for visit in checkups_for(child, done, today, plan):
        if visit["status"] in ("due", "upcoming"):
            return visit
    return None


def band_for_age(signs: WarningSigns, age_months: int) -> SignBand | None:
    """The latest band the child has reached (3 months first); None before 3 months or after
    the last band's age has been passed by a whole year (facts.md lists up to 36 months)."""
    reached = [b for b in signs.bands if b.months <= age_months]
    if not reached or age_months >= reached[-1].months + 12:
        return None
    return reached[-1]
