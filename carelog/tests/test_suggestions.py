"""Possible crying from a listening device: suggestions a parent confirms (issue 14)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from carelog import selectors
from carelog.models import CrySuggestion, Event
from carelog.suggestions import (
    Episode,
    confirm_suggestion,
    discard_suggestion,
    suggest_crying,
)
from households.exceptions import InvalidInput, NotAllowed, NotFound
from households.services import set_listening

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def listening(people):
    """Mum has turned listening on for her phone."""
    set_listening(people.alice, True)
    return people


def at(minutes_ago: float) -> datetime:
    return NOW - timedelta(minutes=minutes_ago)


def heard(start_ago: float, end_ago: float, confidence: float = 0.8) -> Episode:
    return Episode(at(start_ago), at(end_ago), confidence)


def cry_event(people, start_ago: float, end_ago: float | None, by=None) -> Event:
    return Event.objects.create(
        household=people.household,
        baby=people.baby,
        kind="cry",
        start=at(start_ago),
        end=None if end_ago is None else at(end_ago),
        caregiver=by or people.alice,
        created_by=by or people.alice,
        details={"intensity": 2},
    )


# Suggesting ---------------------------------------------------------------------------


def test_listening_is_off_until_the_member_turns_it_on(people):
    with pytest.raises(InvalidInput) as info:
        suggest_crying(people.alice, people.baby, [heard(50, 40)], "device")
    assert "listening" in info.value.errors
    assert not CrySuggestion.objects.exists()


def test_an_episode_is_stored_as_a_pending_suggestion_not_an_event(listening):
    (suggestion,) = suggest_crying(listening.alice, None, [heard(50, 36, 0.9)], "device")
    assert suggestion.status == CrySuggestion.PENDING
    assert (suggestion.baby, suggestion.detected_by) == (listening.baby, listening.alice)
    assert (suggestion.start, suggestion.end, suggestion.confidence) == (at(50), at(36), 0.9)
    assert not Event.objects.exists()


def test_a_viewer_may_not_turn_listening_on_or_suggest(people):
    with pytest.raises(NotAllowed):
        set_listening(people.vera, True)
    people.vera.listening = True  # even if it were on
    with pytest.raises(NotAllowed):
        suggest_crying(people.vera, people.baby, [heard(50, 40)], "device")


@pytest.mark.parametrize(
    ("episode", "field"),
    [
        (heard(40, 50), "episodes.0.end"),  # ends before it starts
        (heard(40, 40), "episodes.0.end"),  # no length at all
        (heard(40, 30, 1.5), "episodes.0.confidence"),
        (heard(40, 30, -0.1), "episodes.0.confidence"),
        (heard(40, 30, float("nan")), "episodes.0.confidence"),
        (heard(-2, -3), "episodes.0.start"),  # two minutes ahead of the clock
        (heard(5, -2), "episodes.0.end"),
        (heard(200, 10), "episodes.0.end"),  # over 3 hours
        (Episode(datetime(2026, 11, 23, 2, 0), at(10), 0.5), "episodes.0.start"),  # naive
        (heard(365 * 24 * 60, 365 * 24 * 60 - 5), "episodes.0.start"),  # before the birth
    ],
)
def test_a_wrong_episode_is_refused_by_name_and_nothing_is_stored(listening, episode, field):
    with pytest.raises(InvalidInput) as info:
        suggest_crying(listening.alice, listening.baby, [heard(90, 80), episode], "device")
    errors = info.value.errors
    assert field.replace("episodes.0", "episodes.1") in errors, errors
    assert not CrySuggestion.objects.exists()


def test_a_minute_of_clock_drift_is_allowed(listening):
    assert suggest_crying(listening.alice, listening.baby, [heard(5, -0.9)], "device")


def test_an_unknown_source_and_a_stranger_baby_are_refused(listening):
    with pytest.raises(InvalidInput) as info:
        suggest_crying(listening.alice, listening.baby, [heard(50, 40)], "radio")
    assert "source" in info.value.errors
    with pytest.raises(NotFound):
        suggest_crying(listening.alice, listening.charlies_baby, [heard(50, 40)], "device")


def test_with_two_babies_the_baby_must_be_named(listening):
    listening.household.babies.create(name="Robin", birth_date=listening.baby.birth_date)
    with pytest.raises(InvalidInput) as info:
        suggest_crying(listening.alice, None, [heard(50, 40)], "device")
    assert "baby" in info.value.errors


def test_overlapping_and_nearby_episodes_merge_into_one_pending_suggestion(listening):
    (first,) = suggest_crying(listening.alice, listening.baby, [heard(50, 40, 0.6)], "device")
    # Overlapping, then 50 s after its end: the same crying, heard in bursts.
    suggest_crying(listening.alice, listening.baby, [heard(45, 30, 0.9)], "device")
    (again,) = suggest_crying(
        listening.alice, listening.baby, [heard(30 - 50 / 60, 25, 0.5)], "page"
    )
    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.start, again.end, again.confidence) == (at(50), at(25), 0.9)
    assert again.source == "device"  # as first heard
    assert CrySuggestion.objects.count() == 1


def test_an_episode_more_than_a_minute_away_is_a_new_suggestion(listening):
    suggest_crying(listening.alice, listening.baby, [heard(50, 40)], "device")
    suggest_crying(listening.alice, listening.baby, [heard(38, 30)], "device")
    assert CrySuggestion.objects.count() == 2


def test_an_episode_bridging_two_suggestions_makes_them_one(listening):
    suggest_crying(listening.alice, listening.baby, [heard(60, 50), heard(40, 30)], "device")
    assert CrySuggestion.objects.count() == 2
    (merged,) = suggest_crying(listening.alice, listening.baby, [heard(52, 38)], "device")
    assert (merged.start, merged.end) == (at(60), at(30))
    assert list(CrySuggestion.objects.all()) == [merged]


def test_an_episode_sent_again_after_it_was_answered_is_not_asked_again(listening):
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 40)], "device")
    discard_suggestion(listening.bob, suggestion)
    (same,) = suggest_crying(listening.alice, listening.baby, [heard(48, 41)], "device")
    assert same.pk == suggestion.pk and same.status == CrySuggestion.DISCARDED
    assert CrySuggestion.objects.count() == 1


# Confirming ---------------------------------------------------------------------------


def test_confirming_logs_a_crying_entry_credited_to_the_carer(listening):
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    confirmed = confirm_suggestion(
        listening.alice, suggestion, listening.bob, others_present=[listening.alice]
    )
    event = Event.objects.get()
    assert (event.kind, event.start, event.end) == ("cry", at(50), at(36))
    assert event.caregiver == listening.bob
    assert list(event.others_present.all()) == [listening.alice]
    assert event.created_by == listening.alice
    assert confirmed.status == CrySuggestion.CONFIRMED
    assert (confirmed.resolved_by, confirmed.resolved_at, confirmed.event) == (
        listening.alice,
        NOW,
        event,
    )
    assert not selectors.cry_suggestions(listening.household).exists()


def test_editing_is_confirming_with_other_times(listening):
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    confirm_suggestion(listening.bob, suggestion, listening.bob.pk, start=at(55), end=at(30))
    event = Event.objects.get()
    assert (event.start, event.end, event.caregiver) == (at(55), at(30), listening.bob)


def test_confirming_joins_a_crying_entry_it_overlaps_and_widens_it(listening):
    logged = cry_event(listening, 45, 38, by=listening.bob)
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    confirmed = confirm_suggestion(listening.alice, suggestion, listening.alice)
    event = Event.objects.get()  # one entry, not two
    assert confirmed.event == event == logged
    assert (event.start, event.end) == (at(50), at(36))
    assert event.caregiver == listening.bob  # still theirs; Mum was there too
    assert list(event.others_present.all()) == [listening.alice]


def test_an_episode_inside_a_logged_cry_leaves_it_as_it_was(listening):
    logged = cry_event(listening, 60, 20)
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    confirm_suggestion(listening.alice, suggestion, listening.alice)
    logged.refresh_from_db()
    assert (logged.start, logged.end) == (at(60), at(20))
    assert Event.objects.count() == 1


def test_confirming_during_a_running_crying_timer_joins_it(listening):
    timer = cry_event(listening, 10, None)
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(14, 2)], "device")
    confirm_suggestion(listening.alice, suggestion, listening.alice)
    timer.refresh_from_db()
    assert (timer.start, timer.end) == (at(14), None)
    assert Event.objects.count() == 1


def test_a_crying_entry_of_another_time_is_not_joined(listening):
    cry_event(listening, 120, 100)
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    confirm_suggestion(listening.alice, suggestion, listening.alice)
    assert Event.objects.filter(kind="cry").count() == 2


def test_a_carer_from_elsewhere_or_a_bad_time_is_refused_and_nothing_changes(listening):
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    with pytest.raises(InvalidInput) as info:
        confirm_suggestion(listening.alice, suggestion, listening.charlie)
    assert "carer" in info.value.errors
    with pytest.raises(InvalidInput) as info:
        confirm_suggestion(listening.alice, suggestion, listening.bob, end=at(60))
    assert "end" in info.value.errors
    with pytest.raises(InvalidInput) as info:
        confirm_suggestion(listening.alice, suggestion, listening.bob, end=NOW + timedelta(hours=1))
    assert "end" in info.value.errors
    assert not Event.objects.exists()
    suggestion.refresh_from_db()
    assert suggestion.status == CrySuggestion.PENDING


def test_an_answered_suggestion_cannot_be_answered_again(listening):
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    confirm_suggestion(listening.alice, suggestion, listening.alice)
    with pytest.raises(InvalidInput) as info:
        confirm_suggestion(listening.bob, suggestion, listening.bob)
    assert "status" in info.value.errors
    with pytest.raises(InvalidInput):
        discard_suggestion(listening.bob, suggestion)
    assert Event.objects.count() == 1


# Discarding and scope -----------------------------------------------------------------


def test_discarding_logs_nothing_and_marks_who_said_so(listening):
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    discarded = discard_suggestion(listening.bob, suggestion)
    assert (discarded.status, discarded.resolved_by) == (CrySuggestion.DISCARDED, listening.bob)
    assert not Event.objects.exists()
    assert not selectors.cry_suggestions(listening.household).exists()
    assert list(selectors.cry_suggestions(listening.household, status="discarded")) == [discarded]


def test_another_household_can_neither_find_nor_answer_a_suggestion(listening):
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    with pytest.raises(NotFound):
        selectors.cry_suggestion(listening.charlies_household, suggestion.pk)
    assert not selectors.cry_suggestions(listening.charlies_household, status=None).exists()
    with pytest.raises(NotFound):
        confirm_suggestion(listening.charlie, suggestion, listening.charlie)
    with pytest.raises(NotFound):
        discard_suggestion(listening.charlie, suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == CrySuggestion.PENDING


def test_a_viewer_cannot_answer(listening):
    (suggestion,) = suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    with pytest.raises(NotAllowed):
        confirm_suggestion(listening.vera, suggestion, listening.vera)
    with pytest.raises(NotAllowed):
        discard_suggestion(listening.vera, suggestion)


def test_pending_suggestions_count_in_no_figure(listening):
    suggest_crying(listening.alice, listening.baby, [heard(50, 36)], "device")
    assert selectors.event_records(listening.household, listening.baby) == []
    assert not selectors.events(listening.household).exists()
