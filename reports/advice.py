"""What Nestling says at once after an entry is logged, worded once for the page, API and CLI.

Three things are said today:

- a temperature at the fever level for the baby's age: call the doctor promptly, or the
  emergency number if the baby seems very unwell;
- a medicine given before the wait on the label of the same medicine's last dose was over:
  what the label said, and whom to ask;
- a medicine entry with an interval from the label: when the next dose may be given. It is
  never a prompt to give a dose; it says "not before".

The words, the fever levels, whom to call in which country and the sources are data
(content/messages/advice.toml, read by reports/advice_text.py); this module decides when
each is said. Each piece of advice has a stable ``code`` for programs and a ``message`` in
the family's units, clock and the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from carelog.medicine import dose_too_soon, next_dose_at
from households.units import Units, format_clock, format_temperature
from reports.advice_text import load_advice
from reports.build import age_on


@dataclass(frozen=True)
class Advice:
    """One thing to tell the parent straight after logging."""

    code: str  # "fever" | "too_soon" | "next_dose"
    message: str

    @property
    def is_warning(self) -> bool:
        """Something to act on (fever, a dose too soon), not only to know."""
        return self.code in ("fever", "too_soon")


def after_logging(event: Any, household: Any) -> list[Advice]:
    """What to say about ``event`` (a saved carelog Event) in ``household``'s units."""
    units = Units.of(household)
    tz = household.tz
    words = load_advice()
    language = get_language() or "en"
    out: list[Advice] = []
    if event.kind == "temperature" and event.details.get("celsius") is not None:
        baby = event.baby
        months = age_on(baby.birth_date, event.start.astimezone(tz).date()).months
        level = words.fever_level(months, float(event.details["celsius"]))
        if level is not None:
            out.append(
                Advice(
                    "fever",
                    words.say(
                        "fever",
                        language,
                        name=baby.name,
                        level=format_temperature(level, units.temperature),
                        contact=words.contact("fever", household.country, language),
                    ),
                )
            )
    earlier = dose_too_soon(event)
    if earlier is not None:
        local = earlier.start.astimezone(tz)
        out.append(
            Advice(
                "too_soon",
                words.say(
                    "too_soon",
                    language,
                    baby=event.baby.name,
                    name=str(earlier.details.get("name")),
                    time=format_clock(local.hour, local.minute, units.clock),
                    hours=f"{float(earlier.details['interval_h']):g}",
                    contact=words.contact("too_soon", household.country, language),
                ),
            )
        )
    when = next_dose_at(event)
    if when is not None:
        local = when.astimezone(tz)
        time = format_clock(local.hour, local.minute, units.clock)
        days = (local.date() - event.start.astimezone(tz).date()).days
        if days == 1:
            time = _("%(time)s tomorrow") % {"time": time}
        elif days > 1:
            time = f"{local:%a %d %b}, {time}"
        name = event.details.get("name") or _("this medicine")
        out.append(Advice("next_dose", words.say("next_dose", language, name=str(name), time=time)))
    return out
