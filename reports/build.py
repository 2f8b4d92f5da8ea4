"""The report to take to the doctor: what goes in it, for one baby and one period.

`build_report` gathers, once, everything the page, the PDF, the API and the CLI show:
the baby and the household, feeds, sleep and nappies per logged day and day by day
(reports.daily), the crying picture (minutes on each day, against the sourced range for
the age), the caregiver comparison and the care split from the pure insights core run on
the period's entries, bonding-plan progress from the guidance app, growth, temperatures,
medicines and notes from the care log, check-ins only as their owner allows, red flags
worded for a clinician, and the sources behind them. It returns codes and numbers;
reports.render words them.

Honesty rules (issue 10; crying.md rules 1-6): a kind not logged in the period is "not
logged", never 0; averages divide by days actually logged; the caregiver comparison keeps
the Insights page's own sentences, "not enough data" included; check-ins appear only when
the person making the report ticks "include my check-ins" (theirs) or when the person who
answered chose to share them with reports (a partner's), and never for a member who can
only look (wellbeing/selectors.py: sharing is with the partner).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from carelog import selectors as carelog_selectors
from carelog.models import Baby
from content.loader import INTERNAL_MARKERS, Source, load_sources, unique_sources
from guidance import selectors as guidance_selectors
from households.exceptions import InvalidInput, NotFound
from households.models import Membership
from households.selectors import members
from households.units import METRIC, Units
from insights.findings import CAREGIVER_CODES
from insights.norms import EXCESS_CRY_MIN_PER_DAY, EXCESS_DAYS_OF_7, ROME_IV, crying_norm
from insights.records import EventRecord
from wellbeing import selectors as wellbeing_selectors
from wellbeing.selectors import CheckInView

from . import wording
from .advice_text import load_advice

if TYPE_CHECKING:  # numpy and pandas behind it: imported when a report is made
    from .daily import DailyFigures

#: A report covers the last DEFAULT_DAYS days unless told otherwise, and at most MAX_DAYS.
#: How a period is written (week, month, FROM:TO) is reports.choices.
DEFAULT_DAYS = 28
MAX_DAYS = 366

#: Long lists are cut so that a month stays about two pages; the report says how many
#: more there were.
MAX_GROWTH = 12
MAX_TEMPERATURES = 30
MAX_NOTES = 15
MAX_DOSE_TIMES = 6


# --- the period ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Local days `first_day` to `last_day` (inclusive), and the instants that bound them:
    local midnight at the start, and the next local midnight or `now`, whichever is first."""

    first_day: date
    last_day: date
    start: datetime
    end: datetime

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def resolve_period(
    tz: tzinfo,
    *,
    days: int | None = None,
    first: date | None = None,
    last: date | None = None,
    now: datetime | None = None,
) -> Period:
    """Return the period of the last `days` local days (today included; default 28), or
    from `first` to `last`. Raises InvalidInput naming `days`, `from` or `to`."""
    now = now or timezone.now()
    today = now.astimezone(tz).date()
    if first is not None or last is not None:
        if first is None or last is None:
            field = "from" if first is None else "to"
            raise InvalidInput({field: "Give both a start and an end date."})
        errors: dict[str, str] = {}
        if last > today:
            errors["to"] = "The end date is in the future."
        elif first > last:
            errors["from"] = "The start date is after the end date."
        elif (last - first).days + 1 > MAX_DAYS:
            errors["from"] = f"A report covers at most {MAX_DAYS} days."
        if errors:
            raise InvalidInput(errors)
    else:
        days = DEFAULT_DAYS if days is None else days
        if not 1 <= days <= MAX_DAYS:
            raise InvalidInput({"days": f"Choose between 1 and {MAX_DAYS} days."})
        first, last = today - timedelta(days=days - 1), today
    return Period(first, last, _midnight(first, tz), min(_midnight(last + timedelta(1), tz), now))


# --- what the report holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Age:
    months: int
    days: int  # beyond the whole months
    weeks: int  # completed weeks in all


def age_on(born: date, day: date) -> Age:
    """Return the age on `day` of a baby born on `born` (0 before the birth)."""
    if day <= born:
        return Age(0, 0, 0)
    months = (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)
    anniversary_year, anniversary_month = divmod(born.month - 1 + months, 12)
    # A birth on the 31st has its monthly birthday on the month's last day.
    last = _last_day(born.year + anniversary_year, anniversary_month + 1)
    since = date(born.year + anniversary_year, anniversary_month + 1, min(born.day, last))
    return Age(months, (day - since).days, (day - born).days // 7)


def _last_day(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


@dataclass(frozen=True)
class BabyFacts:
    name: str
    birth_date: date
    due_date: date | None
    age: Age  # on the day the report is made
    corrected_age: Age | None  # from the due date, for a baby born early
    weeks_early: int | None


@dataclass(frozen=True)
class Person:
    name: str
    role: str  # households.models.Membership.Role
    is_author: bool


@dataclass(frozen=True)
class CryingSummary:
    """Crying in the period. Minutes per day are over every day with any entry (the
    Insights page's rule): a day with entries and no cry logged is a day without crying,
    but only when the family was logging crying in the period at all."""

    is_logged: bool  # at least one crying entry in the period
    is_ever_logged: bool  # at least one crying entry in the whole log
    episodes: int
    days_logged: int  # days with any entry: the denominator
    min_per_day: float | None  # None: not logged
    longest_day: date | None
    longest_day_min: float | None
    days_over_3h: tuple[date, ...]
    most_over_3h_in_7_days: int
    peak_hour: int | None
    evening_share: float | None
    endings: dict[str, int]
    purple: dict[str, int]
    norm_description: str
    norm_sources: tuple[str, ...]
    is_past_colic_age: bool
    #: Minutes on each calendar day of the period, oldest first: None on a day with no
    #: entry at all, and on every day when crying was not logged in the period.
    by_day_min: tuple[float | None, ...] = ()
    #: Average minutes of crying per day with any entry in each local hour 0-23 (empty
    #: when crying was not logged in the period).
    by_hour_min: tuple[float, ...] = ()
    #: The normal range (mean -1 SD to +1 SD, minutes a day) for the baby's corrected age
    #: on each day, where crying.md gives one; None where no range is sourced.
    bands: tuple[tuple[float, float] | None, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """The caregiver comparison in the Insights page's words. `state` is "compared" (the
    sentences hold the verdict, "not enough data" included), "crying_not_logged",
    "one_caregiver" or "nothing_logged"."""

    state: str
    sentences: tuple[str, ...]
    sessions: int


@dataclass(frozen=True)
class GrowthRow:
    local_time: datetime
    age: Age
    weight_kg: float | None
    length_cm: float | None
    head_cm: float | None
    note: str
    # TODO(#10): WHO / UK-WHO centiles; a centile here shows beside its measure.
    weight_centile: float | None = None
    length_centile: float | None = None
    head_centile: float | None = None


@dataclass(frozen=True)
class TemperatureRow:
    local_time: datetime
    celsius: float
    method: str | None
    note: str
    fever_from: float | None  # the threshold for the baby's age that this reading met


@dataclass(frozen=True)
class MedicineRow:
    name: str
    dose: float | None
    unit: str | None
    local_times: tuple[datetime, ...]  # the first MAX_DOSE_TIMES
    count: int


@dataclass(frozen=True)
class NoteRow:
    """One note's words, with every time it was written in the period (a note repeated
    word for word, "Long contented spell on the play mat", is listed once)."""

    local_times: tuple[datetime, ...]
    who: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class RedFlag:
    """One thing a clinician should see first. `code` picks the words (reports.render)."""

    code: str  # "excess_crying", "fever", "self_harm_item"
    params: dict[str, Any]


@dataclass(frozen=True)
class CareShare:
    """One person's logged care in the period, as insights.care_load counts it: every care
    session and nappy logged as theirs. Minutes are the lengths of sessions with an end
    (a nappy or another entry without an end adds an entry, not minutes)."""

    name: str
    entries: int
    care_min: float
    share_of_care_min: float  # 0..1 of everyone's minutes
    night_min: float  # 22:00-06:00 local
    kinds: tuple[tuple[str, int], ...]  # (kind, entries), most first


@dataclass(frozen=True)
class PlanProgress:
    """One bonding plan (guidance app) for this baby, over the period's days."""

    parent: str
    start_date: date
    is_active: bool
    planned: int  # sessions on the period's days
    done: int
    skipped: int
    missed: int  # already due, neither done nor skipped
    to_come: int  # later than the report's making
    rated: int  # done sessions with the baby's response recorded
    responses: dict[str, int]  # "content" / "fussy" / "crying" -> rated sessions
    activities: tuple[tuple[str, int], ...]  # (title, times done), most first
    next_session: tuple[datetime, str] | None  # (local start, title), after the period


@dataclass(frozen=True)
class ReportData:
    baby: BabyFacts
    period: Period
    made_at: datetime  # local
    timezone: str
    author: str
    household: tuple[Person, ...]
    entries: int  # entries that started in the period
    last_entry: datetime | None  # local
    is_history: bool  # nothing logged in the period's last 28 days (insights' rule)
    daily: DailyFigures
    crying: CryingSummary
    comparison: Comparison
    care: tuple[CareShare, ...]  # most minutes first; () when no care entry was logged
    plans: tuple[PlanProgress, ...]  # () when no bonding plan ran in the period
    growth: tuple[GrowthRow, ...]
    growth_more: int
    temperatures: tuple[TemperatureRow, ...]
    temperatures_more: int
    medicines: tuple[MedicineRow, ...]
    notes: tuple[NoteRow, ...]
    notes_more: int
    include_checkins: bool
    check_ins: tuple[CheckInView, ...]
    red_flags: tuple[RedFlag, ...]
    checks: tuple[str, ...]  # the red-flag checks the data allowed: "crying", "fever", ...
    sources: tuple[Source, ...]
    #: The family's units: amounts are worded in them with SI in brackets (all values
    #: above are SI); times follow the family's clock.
    units: Units = METRIC

    @property
    def has_centiles(self) -> bool:
        return any(
            r.weight_centile is not None
            or r.length_centile is not None
            or r.head_centile is not None
            for r in self.growth
        )


# --- building it ----------------------------------------------------------------------------


def build_report(
    requester: Membership,
    baby: Baby,
    period: Period,
    *,
    include_checkins: bool = False,
    now: datetime | None = None,
) -> ReportData:
    """Return the report on `baby` for `period`, as `requester` may see it.

    `include_checkins` adds the requester's own check-ins in the period; others' appear
    only as far as they shared them with reports. Raises NotFound for a baby of another
    household.
    """
    household = requester.household
    if baby.household_id != household.pk:
        raise NotFound("No such baby.")
    now = now or timezone.now()
    tz = household.tz
    people = list(members(household))
    names = {str(m.pk): m.display_name for m in people}
    records = _records_in(household, baby, period)
    result = _insights(records, baby, household.time_zone, period.end)
    daily = _daily(records, period, household.time_zone)
    ever_cried = carelog_selectors.events(household, baby=baby, kinds=["cry"]).exists()
    crying = _crying(result, daily, ever_cried, baby, period)
    growth_rows = _growth(household, baby, period, tz)
    temperatures = _temperatures(household, baby, period, tz)
    check_ins = _check_ins(requester, period, include_checkins)
    notes = _notes(household, baby, period, tz)
    red_flags, checks = _red_flags(crying, temperatures, check_ins, records)
    return ReportData(
        baby=_baby_facts(baby, now.astimezone(tz).date()),
        period=period,
        made_at=now.astimezone(tz),
        timezone=household.time_zone,
        author=requester.display_name,
        household=tuple(Person(m.display_name, m.role, m.pk == requester.pk) for m in people),
        entries=len(records),
        last_entry=result.last_entry.astimezone(tz) if result.last_entry else None,
        is_history=bool(result.is_history),
        daily=daily,
        crying=crying,
        comparison=_comparison(result, records, names, baby.name),
        care=_care(result, names),
        plans=_plans(household, baby, period, now),
        growth=tuple(growth_rows[-MAX_GROWTH:]),
        growth_more=max(0, len(growth_rows) - MAX_GROWTH),
        temperatures=tuple(temperatures[-MAX_TEMPERATURES:]),
        temperatures_more=max(0, len(temperatures) - MAX_TEMPERATURES),
        medicines=_medicines(household, baby, period, tz),
        notes=notes[-MAX_NOTES:],
        notes_more=max(0, len(notes) - MAX_NOTES),
        include_checkins=include_checkins,
        check_ins=check_ins,
        red_flags=red_flags,
        checks=checks,
        sources=_sources(crying, temperatures, check_ins),
        units=household.units,
    )


def _records_in(household: Any, baby: Baby, period: Period) -> list[EventRecord]:
    """The baby's entries that started in the period."""
    return [
        r
        for r in carelog_selectors.event_records(household, baby, since=period.start)
        if period.start <= r.start < period.end
    ]


def _daily(records: Sequence[EventRecord], period: Period, tz_name: str) -> DailyFigures:
    """The period's per-day figures (reports.daily)."""
    from insights.frame import event_frame  # numpy and pandas, only when a report is made

    from .daily import daily_figures

    frame = event_frame(records, period.end, tz_name)
    return daily_figures(frame, period.first_day, period.last_day)


def _insights(records: Sequence[EventRecord], baby: Baby, tz_name: str, end: datetime) -> Any:
    """The insights of the period's entries alone, worked out at the period's end."""
    from insights import compute_insights  # imports statsmodels: only when a report is made

    return compute_insights(
        records,
        baby.birth_date,
        tz_name,
        end,
        due_date=baby.due_date,
    )


def _baby_facts(baby: Baby, today: date) -> BabyFacts:
    early = baby.due_date is not None and baby.due_date > baby.birth_date
    return BabyFacts(
        name=baby.name,
        birth_date=baby.birth_date,
        due_date=baby.due_date,
        age=age_on(baby.birth_date, today),
        corrected_age=age_on(baby.due_date, today) if early and baby.due_date else None,
        weeks_early=(baby.due_date - baby.birth_date).days // 7
        if early and baby.due_date
        else None,
    )


def _crying(
    result: Any, daily: DailyFigures, ever_cried: bool, baby: Baby, period: Period
) -> CryingSummary:
    profile = result.crying
    is_logged = profile.episodes > 0
    minutes = {d.day: d.cry_min for d in profile.days}
    days = [period.first_day + timedelta(days=i) for i in range(period.days)]
    # Corrected age, as the crying profile counts it (insights.crying).
    reference = baby.due_date or baby.birth_date
    norms = [crying_norm((day - reference).days / 7.0) for day in days]
    longest = max(profile.days, key=lambda d: d.cry_min) if is_logged and profile.days else None
    over = tuple(d.day for d in profile.days if d.cry_min >= EXCESS_CRY_MIN_PER_DAY)
    most_in_7 = max((sum(0 <= (other - day).days < 7 for other in over) for day in over), default=0)
    return CryingSummary(
        is_logged=is_logged,
        is_ever_logged=ever_cried,
        episodes=profile.episodes,
        days_logged=len(profile.days),
        min_per_day=profile.mean_cry_min_per_day if is_logged else None,
        longest_day=longest.day if longest else None,
        longest_day_min=longest.cry_min if longest else None,
        days_over_3h=over if is_logged else (),
        most_over_3h_in_7_days=most_in_7 if is_logged else 0,
        peak_hour=profile.peak_hour if is_logged else None,
        evening_share=profile.evening_share if is_logged else None,
        endings=dict(profile.endings),
        purple=dict(daily.purple),
        norm_description=wording.norm_text(profile.norm.key),
        norm_sources=tuple(s.strip() for s in profile.norm_source.split(";") if s.strip()),
        is_past_colic_age=bool(profile.is_past_colic_age),
        by_day_min=tuple(minutes.get(day) if is_logged else None for day in days),
        by_hour_min=tuple(profile.by_hour_min_per_day) if is_logged else (),
        bands=tuple(
            (n.band_low_min_per_day, n.band_high_min_per_day)
            if n.band_low_min_per_day is not None
            and n.band_high_min_per_day is not None
            and day >= baby.birth_date
            else None
            for day, n in zip(days, norms, strict=True)
        ),
    )


def _care(result: Any, names: dict[str, str]) -> tuple[CareShare, ...]:
    load = result.load
    kinds: dict[str, list[tuple[str, int]]] = {}
    for row in load.by_kind:
        if row.count:
            kinds.setdefault(row.caregiver, []).append((row.kind, row.count))
    return tuple(
        CareShare(
            name=names.get(row.caregiver, row.caregiver),
            entries=row.entries,
            care_min=row.care_min,
            share_of_care_min=row.share_of_care_min,
            night_min=row.night_min,
            kinds=tuple(sorted(kinds.get(row.caregiver, []), key=lambda kv: (-kv[1], kv[0]))),
        )
        for row in load.by_caregiver
        if row.entries
    )


def _plans(household: Any, baby: Baby, period: Period, now: datetime) -> tuple[PlanProgress, ...]:
    """Bonding plans for this baby that ran in the period: begun by its last day, and
    either still running or with sessions on its days."""
    tz = household.tz
    out = []
    for plan in guidance_selectors.plans(household).filter(baby=baby).order_by("start_date", "id"):
        if plan.start_date > period.last_day:
            continue
        # guidance.selectors has one day's sessions (sessions_on); a period's are read the
        # same way, through the plan's own sessions.
        sessions = list(plan.sessions.filter(date__range=(period.first_day, period.last_day)))
        if not sessions and not plan.is_active:
            continue
        done = [r for r in sessions if r.status == "done"]
        open_ = [r for r in sessions if r.status in ("scheduled", "started")]
        rated = [r for r in done if r.baby_response]
        titles: dict[str, int] = {}
        for r in done:
            title = wording.activity_title(r.activity_id, r.title)
            titles[title] = titles.get(title, 0) + 1
        later = (
            plan.sessions.filter(date__gt=period.last_day, status="scheduled")
            .order_by("start_at")
            .first()
            if plan.is_active
            else None
        )
        out.append(
            PlanProgress(
                parent=plan.membership.display_name,
                start_date=plan.start_date,
                is_active=plan.is_active,
                planned=len(sessions),
                done=len(done),
                skipped=sum(r.status == "skipped" for r in sessions),
                missed=sum(r.start_at <= now for r in open_),
                to_come=sum(r.start_at > now for r in open_),
                rated=len(rated),
                responses={
                    code: sum(r.baby_response == code for r in rated)
                    for code in ("content", "fussy", "crying")
                },
                activities=tuple(sorted(titles.items(), key=lambda kv: (-kv[1], kv[0]))),
                next_session=(
                    (
                        later.start_at.astimezone(tz),
                        wording.activity_title(later.activity_id, later.title),
                    )
                    if later
                    else None
                ),
            )
        )
    return tuple(out)


def _comparison(
    result: Any, records: Sequence[EventRecord], names: dict[str, str], baby: str
) -> Comparison:
    if not records:
        return Comparison("nothing_logged", (), 0)
    if "crying" in result.not_logged:
        return Comparison("crying_not_logged", (), result.sessions_used)
    sentences = tuple(
        wording.finding_text(f, names, baby) for f in result.findings if f.code in CAREGIVER_CODES
    )
    if len(result.caregivers) < 2 or not sentences:
        return Comparison("one_caregiver", (), result.sessions_used)
    return Comparison("compared", sentences, result.sessions_used)


def _instants(
    household: Any, baby: Baby, kind: str, since: datetime | None, until: datetime
) -> list[Any]:
    rows = carelog_selectors.events(household, baby=baby, kinds=[kind], since=since, until=until)
    return list(reversed(rows))  # oldest first


def _growth(household: Any, baby: Baby, period: Period, tz: tzinfo) -> list[GrowthRow]:
    """Every measurement up to the period's end: growth is read as a line over time."""
    out = []
    for event in _instants(household, baby, "growth", None, period.end):
        d = event.details
        local = event.start.astimezone(tz)
        out.append(
            GrowthRow(
                local_time=local,
                age=age_on(baby.birth_date, local.date()),
                weight_kg=d.get("weight_kg"),
                length_cm=d.get("length_cm"),
                head_cm=d.get("head_cm"),
                note=d.get("note", ""),
            )
        )
    return out


def _fever_from(baby: Baby, day: date, celsius: float) -> float | None:
    """The fever level for the baby's age that `celsius` reaches on `day`, or None
    (content/messages/advice.toml: no level is sourced beyond 6 months, so older babies'
    readings are listed, not flagged)."""
    return load_advice().fever_level(age_on(baby.birth_date, day).months, celsius)


def _temperatures(household: Any, baby: Baby, period: Period, tz: tzinfo) -> list[TemperatureRow]:
    out = []
    for event in _instants(household, baby, "temperature", period.start, period.end):
        d = event.details
        local = event.start.astimezone(tz)
        celsius = float(d["celsius"])
        out.append(
            TemperatureRow(
                local_time=local,
                celsius=celsius,
                method=d.get("method"),
                note=d.get("note", ""),
                fever_from=_fever_from(baby, local.date(), celsius),
            )
        )
    return out


def _medicines(household: Any, baby: Baby, period: Period, tz: tzinfo) -> tuple[MedicineRow, ...]:
    """Doses grouped by medicine, dose and unit, in the order first given."""
    groups: dict[tuple[str, Any, Any], list[datetime]] = {}
    for event in _instants(household, baby, "medicine", period.start, period.end):
        d = event.details
        key = (d.get("name", "").strip(), d.get("dose"), d.get("unit"))
        groups.setdefault(key, []).append(event.start.astimezone(tz))
    return tuple(
        MedicineRow(name, dose, unit, tuple(times[:MAX_DOSE_TIMES]), len(times))
        for (name, dose, unit), times in groups.items()
    )


def _notes(household: Any, baby: Baby, period: Period, tz: tzinfo) -> tuple[NoteRow, ...]:
    """Distinct notes, ordered by when each was last written."""
    found: dict[str, tuple[list[datetime], list[str], str]] = {}
    for event in _instants(household, baby, "note", period.start, period.end):
        text = (event.details.get("text") or "").strip()
        if not text:
            continue
        times, who, _text = found.setdefault(" ".join(text.lower().split()), ([], [], text))
        times.append(event.start.astimezone(tz))
        if event.caregiver.display_name not in who:
            who.append(event.caregiver.display_name)
    rows = [NoteRow(tuple(times), tuple(who), text) for times, who, text in found.values()]
    return tuple(sorted(rows, key=lambda row: row.local_times[-1]))


def _check_ins(requester: Membership, period: Period, include_own: bool) -> tuple[CheckInView, ...]:
    """The requester's own check-ins if they asked for them, and partners' as far as each
    shared them with reports. A member who can only look sees nobody's (wellbeing.md)."""

    def in_period(moment: datetime) -> bool:
        return period.start <= moment < period.end

    shown: list[CheckInView] = []
    if include_own:
        shown += [
            wellbeing_selectors.redact(row, "own")
            for row in wellbeing_selectors.own_history(requester)
            if in_period(row.created_at)
        ]
    if requester.can_write:
        for partner in wellbeing_selectors.partners(requester):
            shown += [
                view
                for view in wellbeing_selectors.check_ins_for_report(partner)
                if in_period(view.created_at)
            ]
    return tuple(sorted(shown, key=lambda v: (v.created_at, v.id)))


def _red_flags(
    crying: CryingSummary,
    temperatures: Sequence[TemperatureRow],
    check_ins: Sequence[CheckInView],
    records: Sequence[EventRecord],
) -> tuple[tuple[RedFlag, ...], tuple[str, ...]]:
    """The flags raised, and which checks the logged data allowed at all."""
    flags: list[RedFlag] = []
    checks: list[str] = []
    if crying.is_logged:
        checks.append("crying")
        # Rome IV research threshold: >= 3 h on >= 3 of 7 days (crying.md rule 2).
        if crying.most_over_3h_in_7_days >= EXCESS_DAYS_OF_7:
            flags.append(
                RedFlag(
                    "excess_crying",
                    {
                        "days": len(crying.days_over_3h),
                        "most_in_7": crying.most_over_3h_in_7_days,
                        "is_past_colic_age": crying.is_past_colic_age,
                    },
                )
            )
    if temperatures:
        checks.append("fever")
        for row in temperatures:
            if row.fever_from is not None:
                flags.append(
                    RedFlag(
                        "fever",
                        {"when": row.local_time, "celsius": row.celsius, "from": row.fever_from},
                    )
                )
    if any(view.self_harm_flag is not None for view in check_ins):
        checks.append("self_harm_item")
    for view in check_ins:
        if view.self_harm_flag:
            flags.append(
                RedFlag(
                    "self_harm_item",
                    {
                        "when": view.created_at,
                        "who": view.member_name,
                        "instrument": view.instrument_name,
                    },
                )
            )
    return tuple(flags), tuple(checks)


def _readable(text: str) -> bool:
    lowered = text.lower()
    return not any(marker.lower() in lowered for marker in INTERNAL_MARKERS)


def _sources(
    crying: CryingSummary,
    temperatures: Sequence[TemperatureRow],
    check_ins: Sequence[CheckInView],
) -> tuple[Source, ...]:
    """Readable names only: never a file name, a section sign or a working note."""
    known = load_sources()
    groups: list[tuple[Source, ...]] = []
    if crying.is_logged:
        groups.append(tuple(Source(f"norm:{s}", s) for s in crying.norm_sources))
        groups.append((Source("rome-iv", ROME_IV.replace(">=", "≥")),))
        if crying.purple:
            groups.append((known.by_key["purple"],))
    if temperatures:
        groups.append((known.by_key["nct-urgent"], known.by_key["nhs-healthier-together-crying"]))
    for view in check_ins:
        groups.append(tuple(known.instruments.get(view.instrument, ())))
    return tuple(s for s in unique_sources(groups) if _readable(s.name))
