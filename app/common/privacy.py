"""Masking of personal data for responses (PIPL: show the minimum)."""


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"

