"""All insights together: findings wording, JSON shape, edge cases."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from insights import Insights, as_json, compute_insights, handover
from insights.findings import BANNED_WORDS, hour_ranges
from simulator import simulate

from .helpers import TZ, at, ev, words

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)


def _insights(seed: int, factor: float = 1.0, weeks: int = 8) -> Insights:
    sim = simulate(seed=seed, weeks=weeks, now=NOW, caregiver_factor={"dad": factor})
    return compute_insights(sim.events, sim.baby_birth_date, sim.timezone, sim.now,
                            availability=sim.schedules)  # fmt: skip


@pytest.mark.parametrize(("seed", "factor", "weeks"), [(0, 1.0, 8), (1, 2.0, 6), (2, 1.0, 1)])
def test_findings_are_plain_ordered_and_never_blame(seed: int, factor: float, weeks: int) -> None:
    result = _insights(seed, factor, weeks)
    codes = [f.code for f in result.findings]
    assert codes[:3] == ["timing", "raw", "adjusted"]
    assert "crying_amount" in codes and "care_split" in codes
    for finding in result.findings:
        lowered = words(finding).lower()
        assert not any(word in lowered for word in BANNED_WORDS), words(finding)
        assert words(finding).endswith(".")


def test_the_story_household_reads_as_timing_not_the_baby_disliking_dad() -> None:
    result = _insights(0)
    texts = [words(f) for f in result.findings]
    assert "Dad's time with Sam falls in Sam's fussiest hours" in texts[0]
    assert "no sign that Sam cries more with Dad" in texts[2]
    assert "95% interval" in texts[2]
    dad = next(c for c in result.caregivers if c.caregiver == "dad")
    # "No sign" comes with the largest difference the data could still hide.
    assert dad.ci_high is not None
    assert f"up to {dad.ci_high:.1f} times as high with Dad could still be hidden" in texts[2]
    assert dad.raw_ratio is not None and dad.raw_ratio > 1.2 and dad.verdict == "no sign"


def test_a_real_difference_is_stated_with_its_interval_and_context() -> None:
    adjusted = next(f for f in _insights(1, 2.0, 6).findings if f.code == "adjusted")
    assert "does cry more often with Dad" in words(adjusted)
    assert "95% interval" in words(adjusted) and "practice" in words(adjusted)


def test_one_week_is_not_enough_to_compare() -> None:
    result = _insights(2, 1.0, 1)
    dad = next(c for c in result.caregivers if c.caregiver == "dad")
    assert dad.verdict == "not enough data"
    adjusted = next(f for f in result.findings if f.code == "adjusted")
    assert words(adjusted).startswith("Not enough data yet")


def test_json_has_the_api_fields() -> None:
    data = json.loads(json.dumps(as_json(_insights(0))))
    dad = next(c for c in data["caregivers"] if c["caregiver"] == "dad")
    for key in ("raw_ratio", "adjusted_ratio", "ci_low", "ci_high", "sessions", "verdict",
                "explained_by_timing"):  # fmt: skip
        assert key in dad
    assert 0 <= dad["explained_by_timing"] <= 1
    assert data["crying"]["norm_source"]
    assert data["now"].startswith("2025-06-02T12:00")


def test_an_empty_log_gives_empty_insights() -> None:
    result = compute_insights([], date(2025, 1, 6), TZ, NOW)
    assert result.caregivers == () and result.findings == ()
    assert result.crying.mean_cry_min_per_day is None
    json.dumps(as_json(result))


def test_running_timers_overlaps_and_a_dst_week_do_not_break_anything() -> None:
    sim = simulate(seed=4, weeks=3, now=datetime(2025, 10, 28, 1, 0, tzinfo=UTC),
                   keep_running=True)  # fmt: skip
    extra = [ev("holding", "2025-10-26 01:30", 40, who="dad"),  # ambiguous hour
             ev("play", "2025-10-26 01:40", 10)]  # fmt: skip
    result = compute_insights(sim.events + extra, sim.baby_birth_date, sim.timezone, sim.now)
    assert result.events_used == len(sim.events) + 2
    assert len(result.crying.by_hour_min_per_day) == 24
    h = handover(sim.events, "dad", sim.now)
    assert len(h.running) == 1


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_insights([], date(2025, 1, 6), TZ, datetime(2025, 6, 2))


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        ((19,), "19:00-20:00"),
        ((16, 17, 18, 19, 22, 23, 0, 1), "16:00-20:00, 22:00-02:00"),
        (tuple(range(24)), "00:00-00:00"),
    ],
)
def test_hour_ranges_wrap_midnight(hours: tuple[int, ...], text: str) -> None:
    assert hour_ranges(hours) == text


def test_local_helper_is_london_time() -> None:
    assert at("2025-06-02 13:00").hour == 12


def _without(kinds: set[str], seed: int = 0) -> Insights:
    """The story household's log as an app that never records crying would export it."""
    sim = simulate(seed=seed, weeks=8, now=NOW)
    events = [e for e in sim.events if e.kind not in kinds]
    return compute_insights(events, sim.baby_birth_date, sim.timezone, sim.now,
                            availability=sim.schedules)  # fmt: skip


def test_crying_never_logged_is_not_reported_as_no_crying() -> None:
    result = _without({"cry"})
    assert result.not_logged == ("crying",)
    assert result.crying.mean_cry_min_per_day is None
    assert result.crying.last_7_days_mean_cry_min is None
    assert result.caregivers == ()  # no "no sign that Sam cries more with Dad"
    codes = [f.code for f in result.findings]
    assert codes[0] == "crying_not_logged"
    assert not {"timing", "raw", "adjusted", "crying_amount"} & set(codes)
    assert "can't say how much Sam cries" in words(result.findings[0])


def test_without_crying_or_answers_there_are_no_calm_windows() -> None:
    sim = simulate(seed=0, weeks=8, now=NOW)
    events = [
        dataclasses.replace(e, details={k: v for k, v in e.details.items() if k != "baby_response"})
        for e in sim.events
        if e.kind != "cry"
    ]
    result = compute_insights(events, sim.baby_birth_date, sim.timezone, sim.now,
                              availability=sim.schedules)  # fmt: skip
    assert not result.calm.top
    assert not any(f.code.startswith("calm_window") for f in result.findings)


def test_calm_windows_without_crying_rest_on_the_answers_only() -> None:
    with_answers = _without({"cry"})
    full = compute_insights(*_story_args())
    assert with_answers.calm.top  # the "how was the baby" answers still say something
    assert with_answers.calm.overall_content_rate != full.calm.overall_content_rate


def _story_args() -> tuple[Any, ...]:
    sim = simulate(seed=0, weeks=8, now=NOW)
    return (sim.events, sim.baby_birth_date, sim.timezone, sim.now)


def test_a_week_without_crying_entries_has_no_weekly_figure() -> None:
    sim = simulate(seed=0, weeks=8, now=NOW)
    week_ago = NOW.timestamp() - 7 * 86400
    events = [e for e in sim.events if e.kind != "cry" or e.start.timestamp() < week_ago - 86400]
    result = compute_insights(events, sim.baby_birth_date, sim.timezone, sim.now)  # fmt: skip
    assert result.crying.mean_cry_min_per_day is not None  # earlier weeks were logged
    assert result.crying.last_7_days_mean_cry_min is None
    assert "crying_not_logged_recently" in [f.code for f in result.findings]


def test_an_old_log_is_described_as_history_not_this_week() -> None:
    sim = simulate(seed=0, weeks=8, now=NOW)
    later = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)  # nearly two years after the last entry
    result = compute_insights(sim.events, sim.baby_birth_date, sim.timezone, later,
                              availability=sim.schedules)  # fmt: skip
    assert result.is_history and result.last_entry is not None
    assert result.findings[0].code == "history"
    assert "2 June 2025" in words(result.findings[0]) and "not Sam today" in words(
        result.findings[0]
    )
    assert not result.calm.top and not result.calm.for_availability
    assert not any(f.code.startswith("calm_window") for f in result.findings)
    recent = compute_insights(*_story_args())
    assert not recent.is_history and recent.calm.top


def test_the_care_split_counts_untimed_entries_instead_of_calling_them_no_care() -> None:
    result = _insights(0)
    split = words(next(f for f in result.findings if f.code == "care_split"))
    assert "entries with a length" in split
    total = sum(c.entries for c in result.load.by_caregiver)
    assert total > 0 and "Entries of every kind, timed or not" in split
    for c in result.load.by_caregiver:
        assert f"{c.entries:,}" in split
