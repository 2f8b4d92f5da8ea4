from datetime import UTC, datetime, timedelta

import time_machine

from carelog import selectors, services

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_event_records_are_plain_oldest_first_and_household_scoped(people):
    services.log_event(
        people.bob,
        people.baby,
        "holding",
        start=NOW - timedelta(hours=1),
        end=NOW,
        others_present=[people.alice],
        details={"baby_response": "content"},
    )
    services.log_event(
        people.alice, people.baby, "nappy", start=NOW - timedelta(hours=2), details={"wet": True}
    )
    services.log_event(people.charlie, people.charlies_baby, "nappy", details={"dirty": True})
    records = selectors.event_records(people.household, people.baby)
    assert [r.kind for r in records] == ["nappy", "holding"]
    assert records[1].caregiver == str(people.bob.pk)
    assert records[1].others_present == (str(people.alice.pk),)
    assert selectors.event_records(people.household, people.charlies_baby) == []


@time_machine.travel(NOW, tick=False)
def test_log_version_changes_on_add_edit_and_delete(people):
    v0 = selectors.log_version(people.household, people.baby)
    event = services.log_event(
        people.alice, people.baby, "sleep", start=NOW - timedelta(hours=2), end=NOW
    )
    v1 = selectors.log_version(people.household, people.baby)
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        services.update_event(people.alice, event, end=NOW - timedelta(minutes=30))
    v2 = selectors.log_version(people.household, people.baby)
    services.delete_event(people.alice, event)
    v3 = selectors.log_version(people.household, people.baby)
    assert v0 != v1 != v2 != v3
