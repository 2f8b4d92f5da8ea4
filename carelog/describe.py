"""An entry's details in plain words for History, Today and the report ("Bottle · 4 fl oz ·
Formula", "Wet and dirty", "Calpol 2.5 ml · every 4 h at most"), generated from what each
kind asks (carelog/inputs.py): the same labels and choices, in the same order, with amounts
in the household's units. Only the details no form asks (other apps' breast timings, Baby
Buddy's moods) and the note are worded here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.units import METRIC, Units, format_value

from .inputs import DetailInput, inputs

#: Ticks said together in one phrase when all are ticked.
_TOGETHER: Final[Mapping[str, tuple[tuple[str, ...], Any]]] = {
    "nappy": (("wet", "dirty"), gettext_lazy("Wet and dirty")),
}


def _number(value: float) -> str:
    return f"{value:g}"


def _minutes_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _value_words(item: DetailInput, value: Any, units: Units) -> str:
    """The words for one detail's value ("" when there is nothing to say)."""
    words = item.said_choices if item.said_choices is not None else item.choices
    if item.input == "tick":
        return str(item.said or item.label) if value else ""
    if item.input == "ticks":
        return ", ".join(str(words[v]) for v in value or () if v in words)
    if item.input == "amount" and item.dimension is not None:
        return format_value(value, item.dimension, units)
    if words:
        return str(words[value]) if value in words else ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return str(value)


def _phrase(item: DetailInput, value: Any, units: Units) -> str:
    words = _value_words(item, value, units)
    if not words or item.input == "tick" or item.said is None:
        return words
    return str(item.said) % {"value": words.lower() if item.lower else words}


def _not_asked(kind: str, d: Mapping[str, Any]) -> list[str]:
    """The details other apps bring that no form asks."""
    if kind == "feed":
        sides = [
            _("%(side)s %(time)s") % {"side": label, "time": _minutes_seconds(d[key])}
            for key, label in (("left_s", _("L")), ("right_s", _("R")))
            if d.get(key)
        ]
        return [" ".join(sides)] if sides else []
    if kind == "sleep" and (d.get("mood_start") or d.get("mood_end")):
        return [" → ".join(m for m in (d.get("mood_start"), d.get("mood_end")) if m)]
    return []


def describe(kind: str, details: Mapping[str, Any] | None, units: Units = METRIC) -> list[str]:
    """Short phrases for an entry's details, in the order its form asks them, with amounts
    in ``units`` (stored values are SI)."""
    d = details or {}
    together = _TOGETHER.get(kind)
    joined = together is not None and all(d.get(name) for name in together[0])
    parts: list[str] = []
    previous_said = False
    for item in inputs(kind):
        if joined and together is not None and item.name in together[0]:
            if item.name == together[0][0]:
                parts.append(str(together[1]))
            previous_said = True
            continue
        value = d.get(item.name)
        phrase = _phrase(item, value, units) if value not in (None, "", [], False) else ""
        if phrase and item.joins and previous_said and parts:
            parts[-1] = f"{parts[-1]} {phrase}"
        elif phrase and not item.joins:
            parts.append(phrase)
        previous_said = bool(phrase) and (not item.joins or previous_said)
    parts.extend(_not_asked(kind, d))
    if d.get("note") and kind != "note":
        parts.append(str(d["note"]))
    return [p for p in parts if p]


def format_duration(value: timedelta | None) -> str:
    """'1 h 05 min', '12 min', '40 s'; empty for None."""
    if value is None:
        return ""
    seconds = max(0, int(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d min") % {"m": minutes}
    return _("%(s)d s") % {"s": seconds}
