"""What each domain holds about a person, for PIPL access (export) and erasure (account deletion).

A domain registers, from its init_app, an exporter fn(user) -> JSON-ready data, an eraser
fn(user) that runs inside the deletion's transaction (no commit) before the account row goes,
and a child eraser fn(child) that does the same before one child is deleted.
An eraser releases what must be released (seats, vouchers) and pseudonymises what must stay for
public-funds accounting.
"""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Holder:
    name: str
    export: Callable
    erase: Callable | None
    erase_child: Callable | None


_HOLDERS: dict[str, Holder] = {}


def register(name: str, export: Callable, erase: Callable | None = None,
             erase_child: Callable | None = None) -> None:
    _HOLDERS[name] = Holder(name, export, erase, erase_child)


def export_all(user) -> dict:
    return {name: holder.export(user) for name, holder in sorted(_HOLDERS.items())}


def erase_all(user) -> None:
    for holder in _HOLDERS.values():
        if holder.erase is not None:
            holder.erase(user)


def erase_child_all(child) -> dict:
    """Run every child eraser; their reports (e.g. {"released_bookings": [...]}) merged."""
    report: dict = {}
    for holder in _HOLDERS.values():
        if holder.erase_child is not None:
            report.update(holder.erase_child(child) or {})
    return report
