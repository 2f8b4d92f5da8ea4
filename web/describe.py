"""Timeline rows for the pages: local times in the household's clock ("3:05 pm"), durations
and each entry's details in words (carelog/describe.py, generated from what each kind asks)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from carelog.describe import describe, format_duration
from households.models import Household
from households.units import METRIC, Units, format_clock


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
