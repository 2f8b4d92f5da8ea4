"""Handover: what the parent coming on duty needs to know."""

from __future__ import annotations

from datetime import timedelta

from insights.handovers import DEFAULT_LOOKBACK, handover

from .helpers import at, ev

LOG = [
    ev("holding", "2025-06-02 06:00", 20, who="dad"),  # Dad's last involvement ends 06:20
    ev("feed", "2025-06-02 09:00", 15, method="breast", side="left"),
    ev("nappy", "2025-06-02 09:20", wet=True, dirty=True),
    ev("nappy", "2025-06-02 05:00", wet=True),  # before Dad was last here
    ev("sleep", "2025-06-02 10:00", 50),
    ev("play", "2025-06-02 11:00", 20, baby_response="crying"),
    ev("cry", "2025-06-02 11:05", 7, ended="soothed"),
    ev("feed", "2025-06-02 12:30", 10, method="bottle", amount_ml=120),
    ev("note", "2025-06-02 12:45", text="Teething?"),
]


def test_since_you_were_last_here() -> None:
    h = handover(LOG, "dad", at("2025-06-02 13:00"))
    assert h.since == at("2025-06-02 06:20")
    assert h.last_feed is not None
    assert (h.last_feed.method, h.last_feed.amount_ml, h.last_feed.minutes_ago) == (
        "bottle", 120, 20.0)  # fmt: skip
    assert h.last_sleep is not None and h.last_sleep.duration_min == 50
    assert h.awake_min == 130 and h.asleep_min is None
    assert (h.nappies, h.wet_nappies, h.dirty_nappies) == (1, 1, 1)
    assert [(c.duration_min, c.ended) for c in h.cries] == [(7.0, "soothed")]
    assert h.cry_min == 7 and h.running == ()
    assert h.entries_since == 7


def test_running_timers_and_a_sleep_in_progress() -> None:
    log = [*LOG, ev("sleep", "2025-06-02 12:50", None), ev("walk", "2025-06-02 12:55", None)]
    h = handover(log, "mum", at("2025-06-02 13:10"), since=at("2025-06-02 12:00"))
    assert h.asleep_min == 20 and h.awake_min is None
    assert h.last_sleep is not None and h.last_sleep.end is None
    assert [(t.kind, t.running_min) for t in h.running] == [("sleep", 20.0), ("walk", 15.0)]


def test_a_newcomer_gets_the_default_lookback_and_an_empty_log_is_fine() -> None:
    now = at("2025-06-02 13:00")
    h = handover(LOG, "grandma", now)
    assert h.since == now - DEFAULT_LOOKBACK
    empty = handover([], "dad", now)
    assert empty.last_feed is None and empty.last_sleep is None and empty.nappies == 0
    assert empty.since == now - timedelta(hours=12)


def test_feed_running_at_handover_is_zero_minutes_ago() -> None:
    h = handover([ev("feed", "2025-06-02 12:50", None, method="breast", side="right")],
                 "dad", at("2025-06-02 13:00"))  # fmt: skip
    assert h.last_feed is not None and h.last_feed.minutes_ago == 0.0
    assert h.last_feed.side == "right"
    assert [t.kind for t in h.running] == ["feed"]


def test_a_parent_who_has_just_joined_is_told_since_they_joined_not_since_yesterday() -> None:
    now = at("2025-06-02 13:00")
    joined = at("2025-06-02 12:40")
    h = handover(LOG, "grandma", now, first_visit=joined)
    assert h.since == joined
    assert h.entries_since == 1  # the note at 12:45; the 12:30 feed is still the last feed
    assert h.last_feed is not None and h.last_feed.amount_ml == 120
    # Joined long ago and never involved: the usual look-back, not the day they joined.
    old = handover(LOG, "grandma", now, first_visit=at("2025-05-01 09:00"))
    assert old.since == now - DEFAULT_LOOKBACK
    # Involvement always wins over the day they joined.
    assert handover(LOG, "dad", now, first_visit=joined).since == at("2025-06-02 06:20")
