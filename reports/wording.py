"""What Nestling tells the family about the log, in the reader's language: one place for the
sentences of the findings, the care suggestions, the crying norms and the caregiver verdicts.

The insights core (insights/findings.py, insights/load.py, insights/norms.py) decides *what*
to tell and gives a code with its figures; this module decides *how it is said*, through
gettext, so the Insights page, the API, ``nestling insights``, the doctor's report and the
bonding plan all say the same thing in the same words. Caregivers arrive as keys and are
named here from the household's current names.

Wording follows crying.md: the timing confounder comes before any comparison (rule 4);
never "hates", "rejects" or "prefers" (rule 6), and more crying with one parent carries the
developmental explanation (§5); no invented normal number (rule 1). The care split is a team
view, not a scoreboard (care-load.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

import planner
from guidance import content as guidance_content
from households.units import format_clock
from insights.findings import Finding, hour_ranges
from insights.verdicts import VERDICT_MORE, VERDICT_NO_SIGN
from planner.content import TERM_KINDS

Names = Mapping[str, str]


def name_of(names: Names, key: str) -> str:
    """A caregiver's display name, or their key when they are not a member any more."""
    return names.get(key) or key.capitalize()


def pct(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


def ratio(value: float | None, places: int = 2) -> str:
    return "–" if value is None else formats.number_format(value, places)


def hours_text(hours: Sequence[int]) -> str:
    """Local hours as ranges ("18:00-23:00, 02:00-04:00"), or "all day"."""
    return _("all day") if len(set(hours)) == 24 else hour_ranges(tuple(hours))


#: Weekday names as they read inside a sentence (lower case in Spanish, unlike Django's own).
_WEEKDAYS = (
    pgettext_lazy("weekday in a sentence", "Monday"),
    pgettext_lazy("weekday in a sentence", "Tuesday"),
    pgettext_lazy("weekday in a sentence", "Wednesday"),
    pgettext_lazy("weekday in a sentence", "Thursday"),
    pgettext_lazy("weekday in a sentence", "Friday"),
    pgettext_lazy("weekday in a sentence", "Saturday"),
    pgettext_lazy("weekday in a sentence", "Sunday"),
)


#: Short weekday names, for a slot in the week ("Sat 10:00") and chart rows.
SHORT_DAYS = (
    gettext_lazy("Mon"),
    gettext_lazy("Tue"),
    gettext_lazy("Wed"),
    gettext_lazy("Thu"),
    gettext_lazy("Fri"),
    gettext_lazy("Sat"),
    gettext_lazy("Sun"),
)


def slot_text(weekday: int, hour: int) -> str:
    """An hour in the coming week: "Sat 10:00"."""
    return f"{SHORT_DAYS[weekday]} {hour:02d}:00"


def days_text(days: Iterable[int]) -> str:
    """Weekdays (0 = Monday) as a list in words: "Saturday and Sunday"."""
    return str(get_text_list([str(_WEEKDAYS[d]) for d in days], _("and")))


def others_text(names: Names, keys: Sequence[str]) -> str:
    """The other caregivers by name: "Mum and Gran"."""
    return str(get_text_list([name_of(names, k) for k in keys], _("and"))) or _("others")


# --- the caregiver comparison (the findings and the cards on the Insights page) ----------


def timing_text(
    names: Names,
    who: str,
    baby: str,
    share: float,
    hours: Sequence[int],
    cry_share_then: float | None,
    cry_share_other_times: float | None,
) -> str:
    """Where a caregiver's time with the baby falls (crying.md rule 4: timing first)."""
    text = _(
        "%(share)s of %(name)s's time with %(baby)s falls in %(baby)s's fussiest hours (%(hours)s)"
    ) % {"share": pct(share), "name": name_of(names, who), "baby": baby, "hours": hours_text(hours)}
    if cry_share_then is not None and cry_share_other_times is not None:
        text += _(
            ", when %(baby)s cries in %(in)s of sessions with anyone, against %(out)s at "
            "other times"
        ) % {"baby": baby, "in": pct(cry_share_then), "out": pct(cry_share_other_times)}
    return text + "."


def explained_text(explained: float) -> str:
    """How much of a raw difference the timing and state explain."""
    amount = _("Nearly all") if explained >= 0.95 else _("About %(pct)s") % {"pct": pct(explained)}
    return _(
        "%(amount)s of the difference is explained by when and in what state the sessions happen."
    ) % {"amount": amount}


def could_hide_text(name: str, far: float) -> str:
    """'No sign' is not reassurance: how large a difference this much data could hide."""
    return _(
        "That is not proof of no difference: with this much data, odds of crying up to "
        "%(far)s times as high with %(name)s could still be hidden."
    ) % {"far": ratio(far, 1), "name": name}


def cries_more_text(name: str, baby: str) -> str:
    """More crying with one parent, always with the developmental explanation (§5)."""
    return _(
        "Even at the same times and in the same state, %(baby)s does cry more often with "
        "%(name)s. At this age babies are still getting to know the people around them, and "
        "settling gets easier with practice: short sessions when %(baby)s is fed and rested "
        "help."
    ) % {"baby": baby, "name": name}


_BLOCKS = {
    0: lambda: pgettext("part of the day", "night"),
    3: lambda: pgettext("part of the day", "night"),
    6: lambda: pgettext("part of the day", "early morning"),
    9: lambda: pgettext("part of the day", "morning"),
    12: lambda: pgettext("part of the day", "midday"),
    15: lambda: pgettext("part of the day", "afternoon"),
    18: lambda: pgettext("part of the day", "evening"),
    21: lambda: pgettext("part of the day", "late evening"),
}


def block_text(start: int) -> str:
    """A 3-hour block of the day: "evening (18:00-21:00)"."""
    word = _BLOCKS[start]() if start in _BLOCKS else ""
    return f"{word} ({start:02d}:00-{(start + 3) % 24 or 24:02d}:00)".strip()


def not_enough_text(name: str, more: int, block_start: int | None) -> str:
    text = ngettext(
        "Not enough data yet to compare %(name)s's sessions at the same times: log %(n)d more "
        "session with %(name)s",
        "Not enough data yet to compare %(name)s's sessions at the same times: log %(n)d more "
        "sessions with %(name)s",
        more,
    ) % {"name": name, "n": more}
    if block_start is not None:
        text += _(", ideally in the %(block)s") % {"block": block_text(block_start)}
    return text + _(", over at least a week.")


def verdict_text(verdict: str, name: str, baby: str, ci_high: float | None) -> str:
    """The caregiver card's verdict in plain words (the figures are in its chart)."""
    if verdict == VERDICT_NO_SIGN:
        text = _(
            "No sign that %(baby)s cries more with %(name)s at the same times of day and in "
            "the same state (hunger, tiredness)."
        ) % {"baby": baby, "name": name}
        if ci_high is not None and ci_high > 1:
            text += " " + could_hide_text(name, ci_high)
        return text
    if verdict == VERDICT_MORE:
        return cries_more_text(name, baby)
    return ""


def _adjusted(p: Mapping[str, Any], name: str, baby: str) -> str:
    if p["verdict"] == VERDICT_NO_SIGN:
        text = _(
            "At the same times of day and in the same state (hunger, tiredness), there is no "
            "sign that %(baby)s cries more with %(name)s."
        ) % {"baby": baby, "name": name}
        if p.get("ratio") is not None:
            text += " " + _(
                "The matched odds ratio is %(ratio)s (95%% interval %(low)s to %(high)s)."
            ) % {"ratio": ratio(p["ratio"]), "low": ratio(p["ci_low"]), "high": ratio(p["ci_high"])}
        if p.get("explained") is not None:
            text += " " + explained_text(p["explained"])
        if p.get("could_hide") is not None:
            text += " " + could_hide_text(name, p["could_hide"])
        return text
    if p["verdict"] == VERDICT_MORE:
        return (
            cries_more_text(name, baby)
            + " "
            + _("About %(ratio)s times the odds (95%% interval %(low)s to %(high)s).")
            % {
                "ratio": ratio(p["ratio"], 1),
                "low": ratio(p["ci_low"], 1),
                "high": ratio(p["ci_high"], 1),
            }
        )
    return not_enough_text(name, int(p.get("more") or 1), p.get("block_start"))


def _raw(p: Mapping[str, Any], names: Names, name: str, baby: str) -> str:
    if p.get("early"):
        return ngettext(
            "So far %(baby)s cried in %(cried)d of %(name)s's %(n)d session; a share needs "
            "at least %(needed)d (%(more)d more).",
            "So far %(baby)s cried in %(cried)d of %(name)s's %(n)d sessions; a share needs "
            "at least %(needed)d (%(more)d more).",
            p["sessions"],
        ) % {
            "baby": baby,
            "cried": p["cried"],
            "name": name,
            "n": p["sessions"],
            "needed": p["needed"],
            "more": p["more"],
        }
    return _(
        "Counting every session, %(baby)s cried in %(share)s of %(name)s's (%(cried)d of "
        "%(n)d) and %(others_share)s of %(others)s's."
    ) % {
        "baby": baby,
        "share": pct(p["share"]),
        "name": name,
        "cried": p["cried"],
        "n": p["sessions"],
        "others_share": pct(p["others_share"]),
        "others": others_text(names, p["others"]),
    }


# --- crying -------------------------------------------------------------------------------


def norm_text(key: str) -> str:
    """What is known about crying at this age (insights/norms.py, from crying.md)."""
    if key == "0-6":
        return _(
            "Weeks 0-6: fuss + cry averages about 2 hours a day (117-133 min, SD about "
            "66-70), with a very wide normal spread."
        )
    if key == "7-9":
        return _(
            "Weeks 7-9: crying usually falls from about 2 hours towards about 1 hour a day; "
            "the drop becomes clear after 8-9 weeks."
        )
    if key == "10-12":
        return _(
            "Weeks 10-12: fuss + cry averages about 68 minutes a day (SD 46), with a wide spread."
        )
    return _(
        "After 3 months crying usually keeps falling but stays common and varies a lot "
        "between babies; no reliable average is known for this age."
    )


def excess_text(baby: str, days: int, past_colic_age: bool) -> str:
    text = ngettext(
        "On %(n)d of the last 7 days %(baby)s cried for 3 hours or more: worth a check with "
        "your GP or health visitor.",
        "On %(n)d of the last 7 days %(baby)s cried for 3 hours or more: worth a check with "
        "your GP or health visitor.",
        days,
    ) % {"n": days, "baby": baby}
    if past_colic_age:
        text += " " + _(
            "Crying that starts or persists past 5 months is outside the usual colic "
            "definition, so it is worth checking with your doctor."
        )
    return text


def _crying_amount(p: Mapping[str, Any], baby: str) -> str:
    days = int(p["days"])
    if days >= 7:
        text = _("Over the last 7 days %(baby)s cried on average %(min)d minutes a day") % {
            "baby": baby,
            "min": p["minutes_a_day"],
        }
    else:
        text = ngettext(
            "Over the %(n)d day logged this week %(baby)s cried on average %(min)d minutes a day",
            "Over the %(n)d days logged this week %(baby)s cried on average %(min)d minutes a day",
            days,
        ) % {"n": days, "baby": baby, "min": p["minutes_a_day"]}
    if p.get("peak_hour") is not None:
        text += _(", most around %(h)02d:00") % {"h": p["peak_hour"]}
    return text + ". " + norm_text(p["norm"])


# --- the care split and its suggestions --------------------------------------------------


def suggestion_text(code: str, evidence: Mapping[str, Any], who: str, names: Names) -> str:
    """One concrete swap (insights/load.py), worded as a team view."""
    other, main = name_of(names, who), name_of(names, str(evidence.get("from", "")))
    if code == "bath":
        text = _(
            "Baths are usually around %(hour)02d:00 and %(main)s did %(by_main)d of %(n)d."
        ) % {
            "hour": evidence["bath_hour"],
            "main": main,
            "by_main": evidence["by_main"],
            "n": evidence["baths"],
        }
        if evidence.get("weekdays"):
            return (
                text
                + " "
                + _("%(other)s is around then on %(days)s, so %(other)s could take those baths.")
                % {"other": other, "days": days_text(evidence["weekdays"])}
            )
        return text + " " + _("%(other)s could take some of them.") % {"other": other}
    if code == "night":
        return _(
            "%(main)s handled %(by_main)d of %(n)d night-time sessions (22:00-06:00). "
            "%(other)s could take the wakings on the nights of %(days)s, before a free morning."
        ) % {
            "main": main,
            "by_main": evidence["by_main"],
            "n": evidence["night_sessions"],
            "other": other,
            "days": days_text(evidence["nights"]),
        }
    if code == "weekend_morning":
        minute = int(evidence["typical_local_min"])
        return _(
            "On weekend mornings %(main)s started the day with the baby on %(by_main)d of "
            "%(n)d days, usually around %(at)s. %(other)s could own the weekend morning "
            "routine (change, dress, play)."
        ) % {
            "main": main,
            "by_main": evidence["by_main"],
            "n": evidence["weekend_mornings"],
            "at": f"{minute // 60:02d}:{minute % 60:02d}",
            "other": other,
        }
    return ""


def _care_split(p: Mapping[str, Any], names: Names) -> str:
    parts = ", ".join(f"{name_of(names, k)} {pct(share)}" for k, share in p["time_shares"])
    text = _("Share of logged care time (entries with a length): %(parts)s") % {"parts": parts}
    if p.get("night"):
        key, share = p["night"]
        text += _("; at night %(name)s did %(share)s") % {
            "name": name_of(names, key),
            "share": pct(share),
        }
    entries = list(p["entries"])
    total = sum(n for _k, n in entries)
    if total:
        counts = ", ".join(
            f"{name_of(names, k)} {formats.number_format(n, force_grouping=True)} ({pct(n / total)})"
            for k, n in entries
        )
        text += ". " + _("Entries of every kind, timed or not: %(counts)s") % {"counts": counts}
    return text + "."


# --- every finding ----------------------------------------------------------------------


def finding_text(finding: Finding | Mapping[str, Any], names: Names, baby: str) -> str:
    """The finding in the reader's language. ``finding`` is a core Finding or its JSON
    shape ({"code", "params", "caregiver"}); ``names`` maps caregiver keys to names."""
    if isinstance(finding, Finding):
        code, p, who = finding.code, finding.params, finding.caregiver
    else:
        code, p, who = finding["code"], finding.get("params") or {}, finding.get("caregiver")
    name = name_of(names, who) if who else ""
    wording: dict[str, Callable[[], str]] = {
        "timing": lambda: timing_text(
            names,
            str(who),
            baby,
            p["share"],
            p["hours"],
            p.get("cry_share_then"),
            p.get("cry_share_other_times"),
        ),
        "raw": lambda: _raw(p, names, name, baby),
        "adjusted": lambda: _adjusted(p, name, baby),
        "crying_not_logged": lambda: _crying_not_logged(baby),
        "crying_not_logged_recently": lambda: _crying_not_logged_recently(baby),
        "crying_amount_early": lambda: _crying_amount_early(p, baby),
        "crying_amount": lambda: _crying_amount(p, baby),
        "excess_crying": lambda: excess_text(baby, p["days"], bool(p.get("past_colic_age"))),
        "calm_window": lambda: _calm_window(p, baby),
        "calm_window_for": lambda: _calm_window_for(p, name),
        "care_split": lambda: _care_split(p, names),
        "suggestion": lambda: suggestion_text(str(p.get("code")), p, str(who), names),
        "history": lambda: _history(p, baby),
    }
    word = wording.get(code)
    return word() if word is not None else ""


def _crying_not_logged(baby: str) -> str:
    """No crying logged ever: what the answers rest on."""
    return _(
        "No crying has been logged, so Nestling can't say how much %(baby)s cries or "
        "whether it happens more with one of you. Logging a cry when it starts, with who "
        "was there, is what these answers rest on."
    ) % {"baby": baby}


def _crying_not_logged_recently(baby: str) -> str:
    """No crying logged in the last 7 days."""
    return _(
        "No crying has been logged in the last 7 days, so there is no figure for how much "
        "%(baby)s cried this week."
    ) % {"baby": baby}


def _crying_amount_early(p: Mapping[str, Any], baby: str) -> str:
    """Crying minutes so far, before an average a day can be given."""
    return ngettext(
        "So far %(baby)s cried for %(min)d minutes over %(n)d logged day. An average a day "
        "needs at least %(needed)d days of logging (%(more)d more).",
        "So far %(baby)s cried for %(min)d minutes over %(n)d logged days. An average a "
        "day needs at least %(needed)d days of logging (%(more)d more).",
        p["days"],
    ) % {
        "baby": baby,
        "min": p["minutes"],
        "n": p["days"],
        "needed": p["needed"],
        "more": p["more"],
    }


def _calm_window(p: Mapping[str, Any], baby: str) -> str:
    """The hour of the week the baby is most often content."""
    return _(
        "%(baby)s is most often content around %(at)s (%(share)s of sessions at that hour)."
    ) % {
        "baby": baby[:1].upper() + baby[1:],
        "at": slot_text(p["weekday"], p["hour"]),
        "share": pct(p["share"]),
    }


def _calm_window_for(p: Mapping[str, Any], name: str) -> str:
    """Calm times when one caregiver is around."""
    return _("Good calm times when %(name)s is around: %(at)s.") % {
        "name": name,
        "at": ", ".join(slot_text(day, hour) for day, hour in p["at"]),
    }


def _history(p: Mapping[str, Any], baby: str) -> str:
    """The log ends in the past: what everything here describes."""
    return _(
        "The newest entry is from %(when)s, so everything here describes that time, not "
        "%(baby)s today, and there are no calm times for the coming days."
    ) % {"when": formats.date_format(_as_date(p["newest"]), "j F Y"), "baby": baby}


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def findings_json(
    findings: Iterable[Mapping[str, Any]], names: Names, baby: str
) -> list[dict[str, Any]]:
    """The findings' JSON shape with each one's words added, in the active language."""
    return [{**f, "text": finding_text(f, names, baby)} for f in findings]


# --- the bonding plan: why each session, notes on the plan, the weekly review ------------
#
# The planner core gives each sentence as planner.Words (a key and its values); the words
# are in content/messages/planner.toml by language, with their sources. Values are worded
# by what their placeholder holds (listed beside planner.content.TEXT_FIELDS).

_TERMS = frozenset(TERM_KINDS)
_MINUTES = frozenset({"time", "free_from", "free_to", "start", "end"})


def _minute_text(minute: int, clock: str) -> str:
    if minute >= 24 * 60 and clock != "12":
        return "24:00"  # the end of the day, as a window's end
    return format_clock((minute // 60) % 24, minute % 60, clock)


def _plan_value(name: str, value: Any, language: str, clock: str) -> Any:
    texts = planner.default_plan_texts()
    if isinstance(value, planner.Words):
        return plan_text(value, clock)
    if name in _TERMS:
        return texts.term(name, str(value), language)
    if name == "routine":
        return texts.term("family", str(value), language).lower()
    if name == "weekday":
        return str(_WEEKDAYS[int(value)])
    if name == "days":
        return days_text(int(d) for d in value)
    if name in _MINUTES:
        return _minute_text(int(value), clock)
    if name == "date":
        return formats.date_format(_as_date(value), "MONTH_DAY_FORMAT")
    if name in ("this_week", "first_week"):
        return formats.number_format(float(value), 1)
    return value


def plan_text(words: planner.Words | Mapping[str, Any], clock: str = "24") -> str:
    """One sentence of the bonding plan (a Words, or the JSON a plan stores) in the active
    language, with times on the household's ``clock`` ("24" or "12")."""
    if not isinstance(words, planner.Words):
        words = planner.Words.from_json(words)
    language = get_language() or planner.BASE_LANGUAGE
    template = planner.default_plan_texts().template(words.key, language)
    values = {
        name: _plan_value(name, value, language, clock) for name, value in words.values.items()
    }
    if "level" in words.values:
        values.update(level_words(int(words.values["level"])))
    text = template.format(**values)
    return text[:1].upper() + text[1:]


def level_words(level: int) -> dict[str, str]:
    """A plan level's ``level_name`` and ``partner_role`` in the active language."""
    language = get_language() or planner.BASE_LANGUAGE
    name, role = planner.default_library().levels[level].words(language)
    return {"level_name": name, "partner_role": role}


def activity_title(activity_id: str, stored: str) -> str:
    """A plan session's activity title in the active language."""
    return guidance_content.title_in(activity_id, stored, get_language() or "en")


def plan_texts(sentences: Iterable[planner.Words | Mapping[str, Any]], clock: str = "24") -> str:
    """Sentences worded and joined into one paragraph (a session's reasons)."""
    return " ".join(plan_text(words, clock) for words in sentences)


def band_text(code: str) -> str:
    """A time of day of the plan ("morning") as a heading, in the active language."""
    if code == planner.UNKNOWN_BAND:
        return _("Time not recorded")
    text = planner.default_plan_texts().term("band", code, get_language() or "en")
    return text[:1].upper() + text[1:]
