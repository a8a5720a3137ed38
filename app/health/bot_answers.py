"""The FAQ bot's answers from this child's own record (faqbot.personal): which vaccine is next
and when the next check-up is, from the doses and visits the parent recorded. Only with the
parent's health-record consent; without it the bot falls back to its general schedule answer."""
from app.faqbot.personal import PersonalAnswer
from app.health import checkups, vaccinations

_STATUS = {"overdue": "已超过建议完成时间", "due": "现在可以接种", "upcoming": "即将到期"}


def vaccines_due(user, child) -> PersonalAnswer | None:
    if user.health_consent_at is None or child.birth_date is None:
        return None
    doses = vaccinations.upcoming_for(child, within_days=30)
    if not doses:
        return PersonalAnswer(f"按{child.nickname}的接种记录，近30天没有到期的国家免疫规划疫苗。"
                              "以接种证和接种门诊的通知为准。")
    lines = [f"{d['vaccine_name']}第{d['dose']}剂（{d['age']}，{_STATUS[d['status']]}，"
             f"自{d['earliest_on'].isoformat()}起）" for d in doses[:4]]
    unconfirmed = any(d["unconfirmed"] for d in doses)
    text = (f"按{child.nickname}的接种记录，接下来是：" + "；".join(lines) + "。"
            "请带好接种证到预防接种门诊，以门诊的安排为准。")
    if unconfirmed:
        text += "其中部分规则对2025年前出生的孩子尚未确认，请以接种门诊的答复为准。"
    return PersonalAnswer(text, _sources(doses),
                          "unconfirmed" if unconfirmed else "confirmed-by-source")


def next_checkup(user, child) -> PersonalAnswer | None:
    if user.health_consent_at is None or child.birth_date is None:
        return None
    visit = checkups.next_for(child)
    if visit is None:
        return PersonalAnswer(f"按{child.nickname}的体检记录，0–6岁儿童健康管理的体检都已完成或已过期。")
    when = "现在就该去做" if visit["status"] in ("due", "missed") else \
        f"自{visit['on_or_after'].isoformat()}起"
    text = (f"按{child.nickname}的体检记录，下一次是{visit['name']}（{visit['age']}），{when}。"
            f"{visit['where'] or '请到社区卫生服务中心或乡镇卫生院的儿童保健门诊'}，具体时间以门诊通知为准。")
    return PersonalAnswer(text, _sources([visit]), visit["confidence"])


def _sources(items) -> list[dict]:
    seen, sources = set(), []
    for item in items:
        source = item["source"]
        if source["title"] not in seen:
            seen.add(source["title"])
            sources.append(source)
    return sources
