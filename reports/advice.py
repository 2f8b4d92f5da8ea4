"""What Nestling says at once after an entry is logged, worded once for the page, API and CLI.

Three things are said today:

- a temperature at the fever level for the baby's age (NHS advice as NCT gives it, see
  ``reports.build.FEVER_RULES``): call the doctor promptly, or the emergency number if the
  baby seems very unwell;
- a medicine given before the wait on the label of the same medicine's last dose was over:
  what the label said, and whom to ask;
- a medicine entry with an interval from the label: when the next dose may be given. It is
  never a prompt to give a dose; it says "not before".

Each piece of advice has a stable ``code`` for programs and a ``message`` in the family's
units and clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from carelog.medicine import dose_too_soon, next_dose_at
from households.units import Units, format_clock, format_temperature
from reports.build import fever_threshold


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
    out: list[Advice] = []
    if event.kind == "temperature" and event.details.get("celsius") is not None:
        baby = event.baby
        day = event.start.astimezone(tz).date()
        level = fever_threshold(baby, day, float(event.details["celsius"]))
        if level is not None:
            out.append(
                Advice(
                    "fever",
                    _(
                        "At %(name)s's age, %(level)s or more is a reason to call your doctor "
                        "promptly (in the UK, your GP or NHS 111), as NHS advice puts it. If "
                        "%(name)s seems very unwell, call your emergency number."
                    )
                    % {"name": baby.name, "level": format_temperature(level, units.temperature)},
                )
            )
    earlier = dose_too_soon(event)
    if earlier is not None:
        local = earlier.start.astimezone(tz)
        out.append(
            Advice(
                "too_soon",
                # NHS advice (NHS Tayside, quoted by the Evening Telegraph, 2021-01: more than
                # the recommended dose → contact 111; often no symptoms at first, so seek
                # advice early). https://www.eveningtelegraph.co.uk/fp/tayside-children-overdosing-paracetamol/
                _(
                    "The last dose of %(name)s was at %(time)s, and its label says to wait "
                    "%(hours)s hours. If more was given than the label allows, or you are "
                    "unsure, ask now (in the UK, call 111; or your doctor or pharmacist), even "
                    "if %(baby)s seems well."
                )
                % {
                    "baby": event.baby.name,
                    "name": earlier.details.get("name"),
                    "time": format_clock(local.hour, local.minute, units.clock),
                    "hours": f"{float(earlier.details['interval_h']):g}",
                },
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
        out.append(
            Advice(
                "next_dose",
                _("Next dose of %(name)s not before %(time)s, as the label says.")
                % {"name": name, "time": time},
            )
        )
    return out
