"""Events in plain words for the timeline ("Breast, left side", "Wet and dirty"), with
amounts and times in the household's units ("4 fl oz", "10 lb 2 oz", "3:05 pm")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from carelog.labels import (  # the words for each detail, defined once
    ACTIVITIES,
    COLOURS,
    ENDINGS,
    INTENSITIES,
    LOCATIONS,
    METHODS,
    MILKS,
    POTTY,
    PURPLE,
    RESPONSES,
    SIDES,
    TEMPERATURE_METHODS,
    TEXTURES,
)
from households.models import Household
from households.units import METRIC, Units, format_clock, format_value


def describe(kind: str, details: dict[str, Any], units: Units = METRIC) -> list[str]:
    """Return short phrases describing an event's details, in reading order, with amounts
    in `units` (stored values are SI)."""
    d = details or {}
    parts: list[str] = []
    if kind == "feed":
        method = d.get("method")
        if method in METHODS:
            parts.append(str(METHODS[method]))
        if d.get("side") in SIDES:
            parts.append(str(SIDES[d["side"]]))
        sides = [
            _("%(side)s %(time)s") % {"side": label, "time": _minutes_seconds(d[key])}
            for key, label in (("left_s", _("L")), ("right_s", _("R")))
            if d.get(key)
        ]
        if sides:
            parts.append(" ".join(sides))
        if d.get("milk") in MILKS:
            parts.append(str(MILKS[d["milk"]]))
        if d.get("amount_ml") is not None:
            parts.append(format_value(d["amount_ml"], "volume", units))
        if d.get("food"):
            parts.append(d["food"])
    elif kind == "sleep":
        if d.get("location") in LOCATIONS:
            parts.append(str(LOCATIONS[d["location"]]))
        if d.get("mood_start") or d.get("mood_end"):
            parts.append(" → ".join(m for m in (d.get("mood_start"), d.get("mood_end")) if m))
    elif kind == "nappy":
        if d.get("wet") and d.get("dirty"):
            parts.append(_("Wet and dirty"))
        elif d.get("wet"):
            parts.append(_("Wet"))
        elif d.get("dirty"):
            parts.append(_("Dirty"))
        elif d.get("dry"):
            parts.append(_("Dry"))
        if d.get("colour"):
            parts.append(str(COLOURS.get(d["colour"], d["colour"])))
        if d.get("consistency"):
            parts.append(str(TEXTURES.get(d["consistency"], d["consistency"])))
    elif kind == "cry":
        if d.get("intensity") in INTENSITIES:
            parts.append(str(INTENSITIES[d["intensity"]]))
        if d.get("ended") in ENDINGS:
            parts.append(_("ended: %(how)s") % {"how": str(ENDINGS[d["ended"]]).lower()})
        features = [str(PURPLE[f][0]).lower() for f in d.get("purple", []) if f in PURPLE]
        if features:
            parts.append(_("PURPLE: %(features)s") % {"features": ", ".join(features)})
    elif kind == "note":
        if d.get("text"):
            parts.append(d["text"])
    else:
        parts.extend(_describe_more(kind, d, units))
    if d.get("activity") in ACTIVITIES:
        parts.append(str(ACTIVITIES[d["activity"]]))
    if d.get("baby_response") in RESPONSES:
        parts.append(
            _("baby: %(response)s") % {"response": str(RESPONSES[d["baby_response"]]).lower()}
        )
    if d.get("parent_confidence") is not None:
        parts.append(_("felt %(score)s/5") % {"score": d["parent_confidence"]})
    if d.get("note") and kind != "note":
        parts.append(d["note"])
    return parts


def _number(value: float) -> str:
    return f"{value:g}"


def _minutes_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _describe_more(kind: str, d: dict[str, Any], units: Units = METRIC) -> list[str]:
    """Details of the kinds added for growth, health and feeding beyond milk."""
    parts: list[str] = []
    if kind == "growth":
        if d.get("weight_kg") is not None:
            parts.append(format_value(d["weight_kg"], "weight", units))
        if d.get("length_cm") is not None:
            parts.append(
                _("%(length)s long") % {"length": format_value(d["length_cm"], "length", units)}
            )
        if d.get("head_cm") is not None:
            parts.append(_("head %(size)s") % {"size": format_value(d["head_cm"], "length", units)})
    elif kind == "temperature":
        if d.get("celsius") is not None:
            parts.append(format_value(d["celsius"], "temperature", units))
        if d.get("method") in TEMPERATURE_METHODS:
            parts.append(str(TEMPERATURE_METHODS[d["method"]]))
    elif kind == "medicine":
        dose = (
            f"{_number(d['dose'])} {d.get('unit', '')}".strip() if d.get("dose") is not None else ""
        )
        parts.append(" ".join(p for p in (d.get("name", ""), dose) if p))
        if d.get("interval_h"):
            parts.append(_("every %(h)s h at most") % {"h": _number(d["interval_h"])})
    elif kind == "pump":
        for key, label in (("left_ml", _("left")), ("right_ml", _("right"))):
            if d.get(key) is not None:
                amount = format_value(d[key], "volume", units)
                parts.append(_("%(side)s %(amount)s") % {"side": label, "amount": amount})
        if d.get("total_ml") is not None:
            parts.append(
                _("%(amount)s in all") % {"amount": format_value(d["total_ml"], "volume", units)}
            )
    elif kind == "solids":
        if d.get("foods"):
            parts.append(d["foods"])
        if d.get("amount") is not None:
            parts.append(f"{_number(d['amount'])} {d.get('unit', '')}".strip())
        if d.get("reaction"):
            parts.append(d["reaction"])
        if d.get("first_time"):
            parts.append(_("first time"))
    elif kind == "potty":
        if d.get("result") in POTTY:
            parts.append(str(POTTY[d["result"]]))
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


def _local(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` in the household's zone; left in UTC at the ends of the calendar, where
    the conversion would leave year 1 or pass year 9999 (old records kept from before
    times were bounded must still list, so that they can be found and fixed)."""
    try:
        return moment.astimezone(tz)
    except OverflowError:
        return moment


def units_of_household(household_id: int | None) -> Units:
    """The units of the household with this id (one small query), or METRIC."""
    if household_id is None:
        return METRIC
    return Units.of(Household.objects.filter(pk=household_id).first())


def clock_time(moment: datetime, units: Units = METRIC) -> str:
    """ "15:05" or "3:05 pm", as the household reads the clock (`moment` already local)."""
    return format_clock(moment.hour, moment.minute, units.clock)


def add_row_urls(
    events: Iterable[Any],
    tz: tzinfo | None = None,
    units: Units | None = None,
    previous_start: datetime | None = None,
) -> None:
    """Prepare timeline rows: edit and delete URLs, local times, duration, details in words
    and who was there, computed once here rather than through template filters per row.
    Amounts and times are in `units` (by default the events' household's: one query).
    `previous_start`: the start of the row shown just above these (a day heading is only
    drawn where the day changes).

    With a year of dense data Today draws about 70 rows; filters, URL reversing and
    translation lookups per row were most of its server time (DESIGN.md: under 50 ms).
    """
    events = list(events)
    if units is None:
        units = units_of_household(events[0].household_id) if events else METRIC
    tz = tz or timezone.get_current_timezone()
    edit = reverse("web:event-edit", args=[0]).replace("/0/", "/%d/")
    delete = reverse("web:event-delete", args=[0]).replace("/0/", "/%d/")
    with_word = _("with")
    last_day = _local(previous_start, tz).date() if previous_start else None
    for event in events:
        event.edit_url = edit % event.pk
        event.delete_url = delete % event.pk
        local_start = _local(event.start, tz)
        day = local_start.date()
        if day != last_day:
            event.day_heading = dateformat.format(local_start, "l j F")
            last_day = day
        else:
            event.day_heading = ""
        event.start_hm = clock_time(local_start, units)
        event.end_hm = clock_time(_local(event.end, tz), units) if event.end else ""
        event.duration_text = format_duration(event.duration)
        event.words = " · ".join(describe(event.kind, event.details, units))
        people = [person.display_name for person in event.others_present.all()]
        event.people = event.caregiver.display_name + (
            f" {with_word} {', '.join(people)}" if people else ""
        )
