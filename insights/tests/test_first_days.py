"""Honest first days: no share or average from fewer observations than it needs."""

from datetime import UTC, date, datetime, timedelta

from insights import compute_insights
from insights.findings import MIN_DAYS_FOR_AVERAGE, MIN_SESSIONS_FOR_SHARE
from insights.records import EventRecord

from .helpers import words

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
BORN = date(2026, 8, 1)


def entry(kind: str, start: datetime, minutes: int, who: str, **details: object) -> EventRecord:
    return EventRecord(kind=kind, start=start, end=start + timedelta(minutes=minutes),
                       caregiver=who, others_present=(), details=details)  # fmt: skip


def first_day() -> list[EventRecord]:
    start = NOW - timedelta(hours=10)
    return [
        entry("holding", start, 20, "papa", baby_response="content"),
        entry("holding", start + timedelta(hours=2), 20, "mama", baby_response="crying"),
        entry("cry", start + timedelta(hours=2, minutes=5), 40, "mama", intensity=2),
        entry("feed", start + timedelta(hours=4), 15, "mama", method="breast"),
    ]


def findings(records: list[EventRecord]) -> dict[str, str]:
    result = compute_insights(records, BORN, "Europe/London", NOW)
    return {f.code: words(f, {"papa": "Papa", "mama": "Mama"}) for f in result.findings}


def test_one_day_gives_counts_not_averages_or_percentages() -> None:
    found = findings(first_day())
    assert "crying_amount" not in found
    assert "over 1 logged day" in found["crying_amount_early"]
    assert f"at least {MIN_DAYS_FOR_AVERAGE} days" in found["crying_amount_early"]
    assert "%" not in found.get("raw", "")
    assert f"a share needs at least {MIN_SESSIONS_FOR_SHARE}" in found["raw"]


def test_a_full_week_gives_the_average_over_the_days_logged() -> None:
    records: list[EventRecord] = []
    for day in range(7):
        for r in first_day():
            assert r.end is not None
            records.append(
                EventRecord(
                    r.kind,
                    r.start - timedelta(days=day),
                    r.end - timedelta(days=day),
                    r.caregiver,
                    r.others_present,
                    r.details,
                )  # fmt: skip
            )
    found = findings(records)
    assert found["crying_amount"].startswith("Over the last 7 days Sam cried on average 40")
