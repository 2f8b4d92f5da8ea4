"""Make and adapt a bonding plan for the parent who is struggling.

Model in plain words (rules from issue 4 and bonding.md §2):

- A session can only go where three things meet: the parent's availability, a calm window
  (the baby usually awake and content) and not the baby's usual sleep. Each such stretch is
  a *slot*; slots are ranked by the calm windows' content rate.
- One short session a day (weekday cap 15 min, bonding.md "10-15 min before work"); at
  weekends up to two, up to 30 min ("longer blocks at weekends").
- A new plan starts at level 1-2. Each week repeats one focus activity family on weekdays
  ("one new skill at a time, repeated daily"); weekends get a longer block.
- The parent owns one routine (the weekend bath if it fits; else another routine care
  family), placed once a week, preferably at the weekend.
- A family that was tried and failed is offered once a week from week 2, only in a slot
  that differs from the failed try in time of day or in the baby's state; the reason says
  how. If no slot differs, it is left out and a note says so.
- Solo levels (3-4) are never placed 17:00-21:00 in the plan's first 3 weeks (bonding.md:
  "block 5-9 pm for solo father sessions during weeks 1-3").
- adapt_plan replays the rated sessions in time order: 3 content in a row -> level up;
  2 crying without a content session between -> at level 2+ step down a level (the baby
  coped at the level below); at level 1 move away from the time of day where the crying
  happened, if another slot exists; otherwise keep level 1 and say so. Sessions after the
  last rated one (the same day included) are re-planned. What already happened or was kept
  counts: a day's cap and the 30-minute gap include its kept and rated sessions, and a week
  whose owned routine or changed form was kept does not get another.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .content import Activity, Level, default_library
from .records import (
    BANDS,
    CalmWindow,
    Plan,
    PlanInputs,
    PlannedSession,
    PlanNote,
    SessionOutcome,
    Tried,
    Words,
    band_of,
)

if TYPE_CHECKING:
    from insights.records import WeeklySchedule

# bonding.md §2 "What this means for the app" 2: block 5-9 pm for solo sessions, weeks 1-3.
EVENING_BLOCK = (17 * 60, 21 * 60)
EARLY_WEEKS = 3
# bonding.md §2: weekday core 10-15 min; weekend blocks longer.
WEEKDAY_CAP_MIN = 15
WEEKEND_CAP_MIN = 30
MIN_SESSION_MIN = 5
GAP_MIN = 30  # between two sessions on the same day
WEEKDAY_SESSIONS = 1  # sessions a day at most
WEEKEND_SESSIONS = 2


def sessions_cap(day: date) -> int:
    """Sessions that ``day`` may hold at most: one on weekdays, two at weekends."""
    return WEEKEND_SESSIONS if day.weekday() >= 5 else WEEKDAY_SESSIONS


START_LEVEL_MAX = 2  # issue 4: "start at level 1-2"
LEVEL_UP_AFTER = 3  # content sessions in a row
CRYING_LIMIT = 2  # sessions with crying (no content session between)
FEW_SESSIONS = 3  # fewer than this in a week gets a note

# Weekly focus families, in the order of bonding.md's 6-week table (week 1 face-to-face,
# then a routine task, naming and books, massage, settling, video review).
FOCUS_ORDER = (
    "face_to_face", "serve_return", "nappy_dressing", "reading", "singing", "holds",
    "massage", "walk_carry", "morning_routine", "floor_play", "video_review", "hunger_cues",
    "steady_sound", "motion", "soothe_alone",
)  # fmt: skip
WEEKEND_ORDER = (
    "walk", "reading", "babywearing", "serve_return", "outdoors_talk", "massage", "singing",
    "floor_play", "video_review", "face_to_face",
)  # fmt: skip
ROUTINE_ORDER = ("bath", "nappy_dressing", "bottle_feed", "morning_routine", "bedtime_routine")

Interval = tuple[int, int]


# ------------------------------------------------------------------ interval helpers


def _intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return sorted(out)


def _subtract(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    pieces = list(a)
    for bs, be in b:
        nxt = []
        for s, e in pieces:
            if be <= s or bs >= e:
                nxt.append((s, e))
                continue
            if s < bs:
                nxt.append((s, bs))
            if be < e:
                nxt.append((be, e))
        pieces = nxt
    return sorted(pieces)


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _band_range(name: str) -> Interval:
    for band, start, end in BANDS:
        if band == name:
            return (start, end)
    raise ValueError(name)


# ------------------------------------------------------------------ slots


@dataclass
class _Slot:
    start: int
    end: int
    rate: float
    state: str | None
    free_from: int
    free_to: int


def _windows_over(windows: Iterable[CalmWindow], start: int, end: int) -> list[CalmWindow]:
    return [w for w in windows if w.start_min < end and start < w.end_min]


def _weighted_rate(windows: Sequence[CalmWindow]) -> float:
    total = sum(w.sessions for w in windows)
    if total == 0:
        return sum(w.content_rate for w in windows) / len(windows)
    return sum(w.content_rate * w.sessions for w in windows) / total


@dataclass
class _Context:
    inputs: PlanInputs
    level: int
    blocked_bands: frozenset[str]
    by_weekday: dict[int, list[CalmWindow]]
    failed: dict[str, list[Tried]]
    worked: set[str]

    def level_info(self, level: int) -> tuple[str, str, bool]:
        for number, name, role, solo in self.inputs.level_names:
            if number == level:
                return name, role, solo
        raise KeyError(level)


def _free_slots(
    ctx: _Context,
    day_index: int,
    weekday: int,
    after_min: int,
    busy: Iterable[Interval] = (),
) -> list[_Slot]:
    """Return the day's slots after ``after_min``, keeping ``GAP_MIN`` clear of ``busy``
    (sessions the day already has, as (start, end) minutes)."""
    windows = ctx.by_weekday.get(weekday, [])
    calm = _merge((w.start_min, w.end_min) for w in windows)
    avail = [(w.start_min, w.end_min) for w in ctx.inputs.availability.days[weekday]]
    sleep = [(w.start_min, w.end_min) for w in ctx.inputs.baby_sleep_windows.days[weekday]]
    free = _subtract(_intersect(calm, avail), sleep)
    if after_min:
        free = _subtract(free, [(0, after_min)])
    if ctx.level_info(ctx.level)[2] and day_index < EARLY_WEEKS * 7:
        free = _subtract(free, [EVENING_BLOCK])
    free = _subtract(free, [_band_range(b) for b in ctx.blocked_bands])
    free = _subtract(free, [(s - GAP_MIN, e + GAP_MIN) for s, e in busy])
    slots = []
    for s, e in free:
        start = int(math.ceil(s / 5) * 5)
        if e - start < MIN_SESSION_MIN:
            continue
        over = _windows_over(windows, s, e)
        best = max(over, key=lambda w: (w.content_rate, w.sessions))
        free_window = next(
            (a for a in avail if a[0] <= s and e <= a[1]), (s, e)
        )  # the availability window the slot sits in, for the reason text
        slots.append(
            _Slot(start, e, _weighted_rate(over), best.state, free_window[0], free_window[1])
        )
    slots.sort(key=lambda sl: (-sl.rate, sl.start))
    return slots


# ------------------------------------------------------------------ choosing activities


def _changed_form(tries: Sequence[Tried], start: int, state: str | None) -> tuple[bool, str, str]:
    """Return (allowed, what changed, when it was tried) for a failed family in a slot."""
    changes: list[str] = []
    when = ""
    for t in tries:
        time_differs = t.start_min is not None and band_of(t.start_min) != band_of(start)
        state_differs = t.state is not None and state is not None and t.state != state
        if t.start_min is not None:
            when = band_of(t.start_min)
        if t.start_min is None and t.state is None:
            changes.append("planned")
        elif time_differs:
            changes.append("time")
        elif state_differs:
            changes.append("state")
        else:
            return False, "", when
    kind = "time" if "time" in changes else "state" if "state" in changes else "planned"
    return True, kind, when


def _eligible(ctx: _Context, a: Activity, age: int, slot: _Slot, cap: int) -> bool:
    return (
        a.fits_age(age)
        and a.level <= ctx.level
        and a.minutes <= min(cap, slot.end - slot.start)
        and (slot.state is None or slot.state in a.best_states)
    )


def _pick(
    ctx: _Context, family: str, age: int, slot: _Slot, cap: int, turn: int
) -> Activity | None:
    options = [
        a for a in ctx.inputs.activities if a.family == family and _eligible(ctx, a, age, slot, cap)
    ]
    if not options:
        return None
    top = max(a.level for a in options)  # the current level's form first
    options = [a for a in options if a.level == top]
    return options[turn % len(options)]


def _families_with(ctx: _Context, order: Sequence[str], age: int) -> list[str]:
    have = {a.family for a in ctx.inputs.activities if a.fits_age(age) and a.level <= ctx.level}
    fams = [f for f in order if f in have and f not in ctx.failed]
    fams += sorted(have - set(fams) - set(ctx.failed) - set(ROUTINE_ORDER))
    worked = [f for f in fams if f in ctx.worked]
    return worked + [f for f in fams if f not in ctx.worked]


# ------------------------------------------------------------------ reasons


def _calm_reason(ctx: _Context, weekday: int, start: int, minutes: int) -> Words:
    weekend = weekday >= 5
    same_type = [
        w
        for d, ws in ctx.by_weekday.items()
        if (d >= 5) == weekend
        for w in _windows_over(ws, start, start + minutes)
    ]
    values = {
        "baby": ctx.inputs.baby_name,
        "sessions": sum(w.sessions for w in same_type),
        "day_type": "weekend" if weekend else "weekday",
        "bands": band_of(start),
    }
    if same_type and all(w.content is not None for w in same_type):
        content = sum(w.content or 0 for w in same_type)
        return Words("reason_calm_counts", {**values, "content": content})
    percent = round(100 * _weighted_rate(same_type))
    return Words("reason_calm_rate", {**values, "percent": percent})


def _session(
    ctx: _Context,
    day: date,
    slot: _Slot,
    activity: Activity,
    *,
    owned: bool = False,
    changed: tuple[str, str] | None = None,
) -> PlannedSession:
    weekday = day.weekday()
    start = slot.start
    parts = [
        _calm_reason(ctx, weekday, start, activity.minutes),
        Words("reason_fits", {"free_from": slot.free_from, "free_to": slot.free_to}),
        Words("reason_level", {"level": activity.level}),
    ]
    if owned:
        parts.append(Words("reason_owned", {"routine": activity.family, "weekday": weekday}))
    if changed is not None:
        kind, when = changed
        change = (
            Words("change_time", {"band": band_of(start)})
            if kind == "time"
            else Words(f"change_{kind}")
        )
        values = {"family": activity.family, "time": start, "weekday": weekday, "change": change}
        parts.append(
            Words("reason_changed_band", {**values, "band": when})
            if when
            else Words("reason_changed", values)
        )
    local = time(start // 60, start % 60)
    tz = ZoneInfo(ctx.inputs.timezone)
    return PlannedSession(
        date=day,
        local_start=local,
        start_utc=datetime.combine(day, local, tzinfo=tz).astimezone(UTC),
        activity_id=activity.id,
        title=activity.title,
        family=activity.family,
        logs_as=activity.logs_as,
        minutes=activity.minutes,
        level=activity.level,
        reason=tuple(parts),
        is_owned_routine=owned,
        is_changed_form=changed is not None,
    )


# ------------------------------------------------------------------ the scheduler


@dataclass
class _Outcome:
    sessions: list[PlannedSession]
    any_slot: bool


def _consume(slots: Sequence[_Slot], slot: _Slot, minutes: int) -> None:
    """Take ``minutes`` from the start of ``slot`` and keep ``GAP_MIN`` clear around them in
    all of the day's ``slots``."""
    start, end = slot.start, slot.start + minutes
    for other in slots:
        if other.start >= start:  # the slot used and any later one
            other.start = max(other.start, int(math.ceil((end + GAP_MIN) / 5) * 5))
        else:
            other.end = min(other.end, start - GAP_MIN)


@dataclass
class _Day:
    """One plan day being filled: its slots and how many sessions it has."""

    index: int
    day: date
    age: int
    slots: list[_Slot]
    used: int = 0

    @property
    def full(self) -> bool:
        return self.used >= sessions_cap(self.day)


@dataclass(frozen=True)
class _Taken:
    """A session a re-plan must build around: kept from the plan, or rated but not in it.
    ``start_min`` is None when the time is unknown (it then counts only toward the cap)."""

    date: date
    start_min: int | None
    minutes: int
    family: str | None = None
    owned: bool = False
    changed: bool = False


def _place(
    ctx: _Context,
    out: list[PlannedSession],
    day: _Day,
    families: Sequence[str],
    cap: int,
    *,
    owned: bool = False,
    changed: bool = False,
) -> PlannedSession | None:
    """Place the first family of ``families`` that fits the day's best slot, if any."""
    if day.full:
        return None
    for slot in day.slots:
        for family in families:
            change: tuple[str, str] | None = None
            if changed:
                ok, kind, when = _changed_form(ctx.failed[family], slot.start, slot.state)
                if not ok:
                    continue
                change = (kind, when)
            activity = _pick(ctx, family, day.age, slot, cap, day.index)
            if activity is None:
                continue
            session = _session(ctx, day.day, slot, activity, owned=owned, changed=change)
            _consume(day.slots, slot, activity.minutes)
            day.used += 1
            out.append(session)
            return session
    return None


@dataclass
class _Week:
    """A plan week being filled: the owned routine (one family all plan long) and whether
    this week has it yet, and the tried families placed in a changed form this week."""

    routine: str | None
    routine_done: bool
    changed_done: set[str]


def _schedule(
    ctx: _Context, from_day: int = 0, from_min: int = 0, taken: Sequence[_Taken] = ()
) -> _Outcome:
    """Place sessions from plan day ``from_day`` (0 = start date) after ``from_min`` that day.

    ``taken`` are sessions the plan already has (kept or rated): they count toward their
    day's cap and gap, and a kept owned routine or changed form counts for its week. They
    are not part of the result.
    """
    inputs = ctx.inputs
    out: list[PlannedSession] = []
    any_slot = False
    by_day: dict[int, list[_Taken]] = {}
    for t in sorted(taken, key=lambda t: (t.date, t.start_min or 0)):
        by_day.setdefault((t.date - inputs.start_date).days, []).append(t)
    owned_before = [t.family for ts in by_day.values() for t in ts if t.owned and t.family]
    routine: str | None = owned_before[0] if owned_before else None
    for week in range(inputs.weeks):
        age = inputs.baby_age_weeks + week
        days = _week_days(ctx, week, age, by_day, from_day, from_min)
        any_slot = any_slot or any(d.slots for d in days)
        week_taken = [t for d in days for t in by_day.get(d.index, [])]
        state = _Week(
            routine,
            any(t.owned for t in week_taken),
            {t.family for t in week_taken if t.changed and t.family},
        )
        focus = _families_with(ctx, FOCUS_ORDER, age)
        weekend_fams = _families_with(ctx, WEEKEND_ORDER, age)
        weekend = [d for d in days if d.day.weekday() >= 5]
        weekdays = [d for d in days if d.day.weekday() < 5]
        _fill_weekend(ctx, out, weekend, week, state, weekend_fams, focus)
        _fill_weekdays(ctx, out, weekdays, week, state, focus)
        routine = state.routine
    out.sort(key=lambda s: (s.date, s.local_start))
    return _Outcome(out, any_slot)


def _week_days(
    ctx: _Context,
    week: int,
    age: int,
    by_day: Mapping[int, Sequence[_Taken]],
    from_day: int,
    from_min: int,
) -> list[_Day]:
    """The week's days with their free slots, around the sessions already taken; days
    before ``from_day`` have none."""
    days: list[_Day] = []
    for index in range(week * 7, week * 7 + 7):
        date_ = ctx.inputs.start_date + timedelta(index)
        had = by_day.get(index, [])
        busy = [(t.start_min, t.start_min + t.minutes) for t in had if t.start_min is not None]
        after = from_min if index == from_day else 0
        slots = _free_slots(ctx, index, date_.weekday(), after, busy) if index >= from_day else []
        days.append(_Day(index, date_, age, slots, used=len(had)))
    return days


def _place_routine(
    ctx: _Context, out: list[PlannedSession], d: _Day, state: _Week, cap: int
) -> bool:
    """Place the owned routine (or, before there is one, the first routine that fits) on
    day ``d``; whether it was placed."""
    placed = _place(
        ctx, out, d, [state.routine] if state.routine else ROUTINE_ORDER, cap, owned=True
    )
    if placed:
        state.routine, state.routine_done = placed.family, True
        return True
    return False


def _fill_weekend(
    ctx: _Context,
    out: list[PlannedSession],
    weekend: Sequence[_Day],
    week: int,
    state: _Week,
    weekend_fams: Sequence[str],
    focus: Sequence[str],
) -> None:
    """Weekend days first: the owned routine, a changed form, then a longer block."""
    for d in weekend:
        if not state.routine_done:
            _place_routine(ctx, out, d, state, WEEKEND_CAP_MIN)
        for family in ctx.failed:
            if week >= 1 and family not in state.changed_done and d.used < 2:
                if _place(ctx, out, d, [family], WEEKEND_CAP_MIN, changed=True):
                    state.changed_done.add(family)
        if d.used < 2:
            turn = week % max(1, len(weekend_fams))
            _place(
                ctx,
                out,
                d,
                [*weekend_fams[turn:], *weekend_fams[:turn], *focus],
                WEEKEND_CAP_MIN,
            )


def _fill_weekdays(
    ctx: _Context,
    out: list[PlannedSession],
    weekdays: Sequence[_Day],
    week: int,
    state: _Week,
    focus: Sequence[str],
) -> None:
    """Weekdays: the routine or a changed form if the weekend had no room, else the focus."""
    for d in weekdays:
        if d.full:
            continue
        if not state.routine_done and _place_routine(ctx, out, d, state, WEEKDAY_CAP_MIN):
            continue
        pending = [f for f in ctx.failed if week >= 1 and f not in state.changed_done]
        if pending and (placed := _place(ctx, out, d, pending, WEEKDAY_CAP_MIN, changed=True)):
            state.changed_done.add(placed.family)
            continue
        turn = week % max(1, len(focus))
        _place(ctx, out, d, [*focus[turn:], *focus[:turn]], WEEKDAY_CAP_MIN)


# ------------------------------------------------------------------ public API


def _context(inputs: PlanInputs, level: int, blocked: Iterable[str] = ()) -> _Context:
    by_weekday: dict[int, list[CalmWindow]] = {}
    for w in inputs.calm_windows:
        by_weekday.setdefault(w.weekday, []).append(w)
    failed: dict[str, list[Tried]] = {}
    for t in inputs.tried:
        if t.outcome == "failed":
            failed.setdefault(t.activity_family, []).append(t)
    worked = {t.activity_family for t in inputs.tried if t.outcome == "worked"} - set(failed)
    return _Context(inputs, level, frozenset(blocked), by_weekday, failed, worked)


def _create_overlap(inputs: PlanInputs, weekdays: range = range(7)) -> Words:
    """How to make room: the baby's calmest awake window on one of `weekdays`."""
    baby = inputs.baby_name
    awake = [
        w
        for w in inputs.calm_windows
        if w.weekday in weekdays
        and _subtract(
            [(w.start_min, w.end_min)],
            [(s.start_min, s.end_min) for s in inputs.baby_sleep_windows.days[w.weekday]],
        )
    ]
    if not awake:
        return Words("note_create_overlap_generic", {"baby": baby})
    best = max(awake, key=lambda w: (w.content_rate, w.sessions, -w.weekday))
    values = {
        "baby": baby,
        "weekday": best.weekday,
        "start": best.start_min,
        "end": best.end_min,
        "sessions": best.sessions,
    }
    if best.content is not None:
        return Words("note_create_overlap_counts", {**values, "content": best.content})
    percent = round(best.content_rate * 100)
    return Words("note_create_overlap_rate", {**values, "percent": percent})


def _note(code: str, key: str | None = None, **values: object) -> PlanNote:
    """The note ``code``, worded by sentence ``key`` (default ``note_<code>``)."""
    return PlanNote(code, Words(key or f"note_{code}", values))


def _no_overlap_notes(inputs: PlanInputs) -> list[PlanNote]:
    return [
        _note("no_overlap", baby=inputs.baby_name),
        PlanNote("create_overlap", _create_overlap(inputs)),
        _note("leave"),
    ]


def _summary_notes(
    ctx: _Context, sessions: Sequence[PlannedSession], any_slot: bool
) -> list[PlanNote]:
    inputs = ctx.inputs
    if not any_slot:
        return _no_overlap_notes(inputs)
    notes: list[PlanNote] = []
    owned = [s for s in sessions if s.is_owned_routine]
    if owned:
        days = sorted({s.date.weekday() for s in owned})
        notes.append(
            _note(
                "owned_routine",
                routine=owned[0].family,
                count=len(owned),
                weeks=inputs.weeks,
                days=days,
            )
        )
    else:
        notes.append(_note("no_routine", baby=inputs.baby_name))
    for family in ctx.failed:
        count = sum(1 for s in sessions if s.is_changed_form and s.family == family)
        if count:
            notes.append(_note("changed_form", family=family, count=count))
        else:
            notes.append(_note("tried_left_out", family=family))
    if sessions and all(s.date.weekday() >= 5 for s in sessions):
        # The story's father: free only before 06:00 and after 22:00 on weekdays, when the
        # baby sleeps. Say so, and say which weekday time would make room.
        notes.append(_note("no_weekday_overlap", baby=inputs.baby_name))
        notes.append(PlanNote("create_overlap", _create_overlap(inputs, range(5))))
    for week in range(inputs.weeks):
        count = sum(1 for s in sessions if (s.date - inputs.start_date).days // 7 == week)
        if count < FEW_SESSIONS:
            notes.append(_note("few_sessions", count=count, week=week + 1))
    return notes


def _check_arguments(level: int, weeks: int, timezone: str) -> None:
    """Fail early on a level outside 1-4, no weeks or an unknown zone."""
    if not 1 <= level <= 4:
        raise ValueError(f"level must be 1-4, got {level}")
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    ZoneInfo(timezone)  # fail early on an unknown zone


def make_plan(
    activities: Sequence[Activity],
    baby_age_weeks: int,
    calm_windows: Sequence[CalmWindow],
    availability: WeeklySchedule,
    baby_sleep_windows: WeeklySchedule,
    tried: Sequence[Tried],
    level: int,
    start_date: date,
    timezone: str,
    weeks: int = 4,
    *,
    baby_name: str = "Your baby",
    levels: Mapping[int, Level] | None = None,
) -> Plan:
    """Return a ``weeks``-long plan of short daily sessions starting on ``start_date``.

    Times are local to ``timezone`` (an IANA name); every session lies inside
    ``availability``, inside a calm window and outside ``baby_sleep_windows``. ``level`` is
    the parent's current level; a new plan starts at no more than level 2. When the
    availability never meets a calm window, the plan has no sessions, ``has_overlap`` is
    False and the notes say how to create an overlap.
    """
    _check_arguments(level, weeks, timezone)
    levels = levels if levels is not None else default_library().levels
    inputs = PlanInputs(
        activities=tuple(activities),
        baby_age_weeks=baby_age_weeks,
        calm_windows=tuple(calm_windows),
        availability=availability,
        baby_sleep_windows=baby_sleep_windows,
        tried=tuple(tried),
        level=level,
        start_date=start_date,
        timezone=timezone,
        weeks=weeks,
        baby_name=baby_name,
        level_names=tuple(
            (n, lv.name, lv.partner_role, lv.is_solo) for n, lv in sorted(levels.items())
        ),
    )
    start_level = min(level, START_LEVEL_MAX)
    ctx = _context(inputs, start_level)
    result = _schedule(ctx)
    notes = []
    if result.any_slot:
        notes.append(_note("start_level", level=start_level))
    notes += _summary_notes(ctx, result.sessions, result.any_slot)
    return Plan(
        start_date=start_date,
        weeks=weeks,
        timezone=timezone,
        level=start_level,
        sessions=tuple(result.sessions),
        notes=tuple(notes),
        has_overlap=result.any_slot,
        inputs=inputs,
    )


def match_outcomes(
    plan: Plan, outcomes: Sequence[SessionOutcome]
) -> list[tuple[SessionOutcome, int]]:
    """Pair each outcome with its session index (-1 when not in the plan), in time order."""
    taken: set[int] = set()
    pairs: list[tuple[SessionOutcome, int, int]] = []
    for outcome in outcomes:
        index = -1
        for i, s in enumerate(plan.sessions):
            if i in taken or s.date != outcome.date or s.activity_id != outcome.activity_id:
                continue
            if outcome.start_min is not None and s.start_min != outcome.start_min:
                continue
            index = i
            break
        if index >= 0:
            taken.add(index)
        minute = (
            outcome.start_min
            if outcome.start_min is not None
            else plan.sessions[index].start_min
            if index >= 0
            else 24 * 60 - 1
        )
        pairs.append((outcome, index, minute))
    pairs.sort(key=lambda p: (p[0].date, p[2]))
    return [(o, i) for o, i, _ in pairs]


def outcome_minute(plan: Plan, outcome: SessionOutcome, index: int) -> int:
    """Return the local minute of day an outcome's session started (end of day if unknown)."""
    if outcome.start_min is not None:
        return outcome.start_min
    return plan.sessions[index].start_min if index >= 0 else 24 * 60 - 1


def adapt_plan(plan: Plan, outcomes: Sequence[SessionOutcome]) -> Plan:
    """Return the plan with ``outcomes`` attached and the level and timing rules applied.

    Outcomes are replayed in time order from the plan's starting level: 3 content sessions
    in a row move the level up; 2 sessions with crying (no content between) step the level
    down, or at level 1 move sessions away from that time of day when another slot exists.
    Sessions after the last rated one, from the same day on, are re-planned; rated and
    earlier sessions stay as they were, once each. The re-plan builds around them: they
    count toward their day's cap (one session on weekdays, two at weekends) and the
    30-minute gap, and a week whose owned routine or changed form was kept gets no second.
    """
    inputs = plan.inputs
    pairs = match_outcomes(plan, outcomes)
    if not pairs:
        return plan
    level, blocked, notes = _replay(plan, pairs)
    last_outcome, last_index = pairs[-1]
    cut_day = (last_outcome.date - inputs.start_date).days
    cut_min = outcome_minute(plan, last_outcome, last_index) + 1
    kept = _kept_sessions(plan, pairs, cut_day, cut_min)
    taken = [
        _Taken(s.date, s.start_min, s.minutes, s.family, s.is_owned_routine, s.is_changed_form)
        for s in kept
    ]
    minutes = {a.id: a.minutes for a in inputs.activities}
    taken += [  # rated sessions that are not in the plan happened all the same
        _Taken(o.date, o.start_min, minutes.get(o.activity_id, MIN_SESSION_MIN))
        for o, i in pairs
        if i < 0
    ]
    ctx = _context(inputs, level, blocked)
    future = _schedule(ctx, max(cut_day, 0), cut_min if cut_day >= 0 else 0, taken)
    if level >= 3 and cut_day < EARLY_WEEKS * 7:
        notes.append(_note("evening_block"))
    sessions = sorted(kept + future.sessions, key=lambda s: (s.date, s.local_start))
    keep_codes = {"start_level", "no_overlap", "create_overlap", "leave"}
    old = [n for n in plan.notes if n.code in keep_codes]
    return Plan(
        start_date=plan.start_date,
        weeks=plan.weeks,
        timezone=plan.timezone,
        level=level,
        sessions=tuple(sessions),
        notes=tuple(old + _summary_notes(ctx, sessions, plan.has_overlap) + notes),
        has_overlap=plan.has_overlap,
        inputs=inputs,
        blocked_bands=tuple(sorted(blocked)),
    )


def _replay(
    plan: Plan, pairs: Sequence[tuple[SessionOutcome, int]]
) -> tuple[int, set[str], list[PlanNote]]:
    """Replay the outcomes in time order from the plan's starting level: the level they
    lead to, the time-of-day bands moved away from, and a note for each change."""
    inputs = plan.inputs
    baby = inputs.baby_name
    level = min(inputs.level, START_LEVEL_MAX)
    blocked: set[str] = set()
    streak = 0
    crying: list[int] = []  # minutes of day of recent crying sessions
    notes: list[PlanNote] = []
    for outcome, index in pairs:
        minute = outcome_minute(plan, outcome, index)
        when = outcome.date.isoformat()
        if outcome.baby_response == "content":
            streak += 1
            crying = []
            if streak >= LEVEL_UP_AFTER and level < 4:
                level += 1
                streak = 0
                notes.append(_note("level_up", baby=baby, level=level, date=when))
            continue
        streak = 0
        if outcome.baby_response != "crying":
            continue
        crying.append(minute)
        if len(crying) < CRYING_LIMIT:
            continue
        bands = {band_of(m) for m in crying}
        crying = []
        if level > 1:
            level -= 1
            notes.append(_note("step_down", baby=baby, level=level, date=when))
            continue
        band = band_of(minute)
        trial = _context(inputs, level, blocked | bands)
        day_index = (outcome.date - inputs.start_date).days
        if len(bands) == 1 and _schedule(trial, day_index, minute + 1).sessions:
            blocked |= bands
            notes.append(_note("shift_time", baby=baby, band=band, date=when))
        else:
            notes.append(_note("no_shift", baby=baby))
    return level, blocked, notes


def _kept_sessions(
    plan: Plan, pairs: Sequence[tuple[SessionOutcome, int]], cut_day: int, cut_min: int
) -> list[PlannedSession]:
    """The sessions before the cut (plan day ``cut_day``, minute ``cut_min``) and the rated
    ones, each once, with their outcomes attached."""
    attached: dict[int, SessionOutcome] = {i: o for o, i in pairs if i >= 0}
    kept: list[PlannedSession] = []
    seen: dict[tuple[date, int, str], int] = {}  # a session already kept -> its place in kept
    for i, s in enumerate(plan.sessions):
        day = (s.date - plan.inputs.start_date).days
        if not (day < cut_day or (day == cut_day and s.start_min < cut_min) or i in attached):
            continue
        session = replace(s, outcome=attached.get(i))
        key = (s.date, s.start_min, s.activity_id)
        if key in seen and (session.outcome is None or kept[seen[key]].outcome is None):
            # The same session twice: keep it once, with its rating if any.
            if session.outcome is not None:
                kept[seen[key]] = session
            continue
        seen[key] = len(kept)
        kept.append(session)
    return kept
