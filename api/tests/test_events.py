import hashlib
from datetime import timedelta

import pytest
from django.core.cache import cache

from carelog.models import Event

from .conftest import NOW, ago, iso, make_event


def bottle(people, **extra):
    return {
        "kind": "feed",
        "baby": people.baby.pk,
        "start": ago(minutes=30),
        "end": ago(minutes=10),
        "details": {"method": "bottle", "amount_ml": 120},
        **extra,
    }


# Logging -----------------------------------------------------------------------------


def test_owner_logs_a_feed_with_who_was_there(people, as_):
    response = as_(people.alice).post(
        "/events", json=bottle(people, caregiver=people.bob.pk, others_present=[people.alice.pk])
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["caregiver"] == {"id": people.bob.pk, "display_name": "Dad"}
    assert data["others_present"] == [{"id": people.alice.pk, "display_name": "Mum"}]
    assert data["duration_s"] == 20 * 60
    assert data["is_running"] is False
    assert data["start"] == "2026-11-23T02:30:00Z"
    event = Event.objects.get()
    assert (event.caregiver, event.created_by, event.details) == (
        people.bob,
        people.alice,
        {"method": "bottle", "amount_ml": 120},
    )


def test_partner_logs_and_is_the_caregiver_by_default(people, as_):
    response = as_(people.bob).post(
        "/events",
        json={"kind": "nappy", "baby": people.baby.pk, "details": {"wet": True}},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["caregiver"]["id"] == people.bob.pk
    assert response.json()["start"] == iso(NOW)


def test_a_duration_kind_without_end_starts_a_timer(people, as_):
    data = as_(people.bob).post("/events", json={"kind": "sleep", "baby": people.baby.pk}).json()
    assert data["is_running"] is True
    assert data["duration_s"] is None


def test_viewer_cant_log(people, as_):
    response = as_(people.vera).post("/events", json=bottle(people))
    assert response.status_code == 403
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "dance"}, "kind"),
        ({"end": ago(minutes=40)}, "end"),
        ({"details": {"method": "bottle", "amount_ml": -20}}, "details.amount_ml"),
        ({"details": {"method": "spoon"}}, "details.method"),
        ({"start": iso(NOW + timedelta(minutes=30)), "end": None}, "start"),
        ({"start": "2026-11-23T02:30:00"}, "start"),
        ({"end": "2026-11-23T02:50:00"}, "end"),
        ({"start": "half past two"}, "start"),
        ({"baby": "Sam"}, "baby"),
        ({"colour": "red"}, "colour"),
        ({"caregiver": 999999}, "caregiver"),
        ({"others_present": [999999]}, "others_present"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(people, as_, change, field):
    response = as_(people.alice).post("/events", json=bottle(people, **change))
    assert response.status_code == 422, response.json()
    data = response.json()
    assert field in data["errors"], data
    assert field in data["detail"]
    assert not Event.objects.exists()


def test_a_missing_kind_is_named(people, as_):
    payload = bottle(people)
    del payload["kind"]
    response = as_(people.alice).post("/events", json=payload)
    assert response.status_code == 422
    assert response.json()["errors"] == {"kind": "This field is required."}


def test_a_naive_time_is_refused_with_a_hint(people, as_):
    response = as_(people.alice).post("/events", json=bottle(people, start="2026-11-23T02:30:00"))
    assert "offset" in response.json()["errors"]["start"]


@pytest.mark.parametrize("raw", ['{"kind": "feed",', "not json", b"\xff\xfe", "[1, 2]", ""])
def test_a_body_that_isnt_a_json_object_is_refused(people, as_, raw):
    response = as_(people.alice).post("/events", data=raw)
    assert response.status_code in (400, 422)
    assert "body" in response.json()["errors"], response.json()
    assert not Event.objects.exists()


def test_someone_elses_baby_or_member_is_a_bad_field(people, as_):
    response = as_(people.charlie).post("/events", json=bottle(people))
    assert response.status_code == 422
    assert response.json()["errors"] == {"baby": "No such baby."}
    response = as_(people.alice).post("/events", json=bottle(people, caregiver=people.charlie.pk))
    assert "caregiver" in response.json()["errors"]
    assert not Event.objects.exists()


# Reading -----------------------------------------------------------------------------


def test_get_one_event(people, as_):
    event = make_event(people.baby, "sleep", by=people.bob, minutes=45)
    data = as_(people.vera).get(f"/events/{event.pk}").json()
    assert (data["id"], data["kind"], data["duration_s"]) == (event.pk, "sleep", 45 * 60)
    assert data["caregiver"] == {"id": people.bob.pk, "display_name": "Dad"}


def test_list_is_newest_first_and_paginated(people, as_):
    for minutes_ago in (300, 200, 100):
        make_event(people.baby, "play", by=people.alice, minutes_ago=minutes_ago)
    data = as_(people.bob).get("/events?limit=2").json()
    assert (data["count"], data["limit"], data["offset"]) == (3, 2, 0)
    assert [e["start"] for e in data["items"]] == [ago(minutes=100), ago(minutes=200)]
    data = as_(people.bob).get("/events?limit=2&offset=2").json()
    assert [e["start"] for e in data["items"]] == [ago(minutes=300)]


def test_list_filters(people, as_):
    make_event(people.baby, "feed", by=people.alice, minutes_ago=50, details={"method": "breast"})
    make_event(people.baby, "sleep", by=people.bob, minutes_ago=40)
    make_event(people.baby, "cry", by=people.bob, minutes_ago=300)
    make_event(people.baby, "nappy", by=people.alice, minutes_ago=20, minutes=None)
    client = as_(people.alice)

    def kinds(query: str) -> list[str]:
        response = client.get(f"/events?{query}")
        assert response.status_code == 200, response.json()
        return [e["kind"] for e in response.json()["items"]]

    assert kinds("kind=feed&kind=sleep") == ["sleep", "feed"]
    assert kinds(f"caregiver={people.bob.pk}") == ["sleep", "cry"]
    assert kinds(f"since={ago(minutes=45).replace('Z', '%2B00:00')}") == ["nappy", "sleep"]
    assert kinds(f"until={ago(minutes=45)}") == ["feed", "cry"]
    assert kinds(f"baby={people.baby.pk}&kind=cry") == ["cry"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=feed&kind=dance", "kind"),
        ("since=2026-11-23T02:00:00", "since"),
        ("limit=501", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("baby=999999", "baby"),
    ],
)
def test_bad_filters_are_named(people, as_, query, field):
    response = as_(people.alice).get(f"/events?{query}")
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()


def test_outsider_list_never_includes_alices_events(people, as_):
    make_event(people.baby, "feed", by=people.alice, details={"method": "breast"})
    make_event(people.charlies_baby, "sleep", by=people.charlie)
    data = as_(people.charlie).get("/events").json()
    assert [e["kind"] for e in data["items"]] == ["sleep"]
    assert data["count"] == 1
    assert as_(people.charlie).get(f"/events?caregiver={people.alice.pk}").json()["count"] == 0
    assert as_(people.charlie).get(f"/events?baby={people.baby.pk}").status_code == 422


@pytest.mark.parametrize("count", [5, 200])
def test_listing_takes_the_same_queries_however_many_events(
    people, as_, django_assert_max_num_queries, count
):
    for i in range(count):
        event = make_event(people.baby, "play", by=people.alice, minutes_ago=i + 1, minutes=1)
        event.others_present.set([people.bob, people.vera])
    client = as_(people.bob)
    # Session user lookup is done by the client; membership, count, page, others present.
    with django_assert_max_num_queries(4):
        response = client.get("/events?limit=500")
    assert len(response.json()["items"]) == count
    assert response.json()["items"][0]["others_present"][0]["display_name"] == "Dad"


def test_each_listed_event_reads_exactly_as_the_event_itself(people, as_):
    # The list writes its rows itself (api.events.event_rows); each must be what GET
    # /events/{id} says through the schema, running timers and people present included.
    running = make_event(people.baby, "sleep", by=people.bob, minutes_ago=20, minutes=None)
    fed = make_event(
        people.baby,
        "feed",
        by=people.alice,
        minutes_ago=90,
        details={"method": "bottle", "amount_ml": 90},
    )
    fed.others_present.set([people.vera, people.bob])
    make_event(
        people.baby, "nappy", by=people.alice, minutes_ago=5, minutes=None, details={"wet": True}
    )
    client = as_(people.alice)
    listed = client.get("/events").json()["items"]
    assert len(listed) == 3
    assert {e["id"] for e in listed if e["is_running"]} == {running.pk}
    for item in listed:
        assert item == client.get(f"/events/{item['id']}").json()


# Changing ----------------------------------------------------------------------------


def test_partner_moves_the_end_and_nothing_else_changes(people, as_):
    event = make_event(people.baby, "sleep", by=people.alice, minutes_ago=60, minutes=30)
    event.others_present.set([people.bob])
    response = as_(people.bob).patch(f"/events/{event.pk}", json={"end": ago(minutes=15)})
    assert response.status_code == 200, response.json()
    assert response.json()["duration_s"] == 45 * 60
    event.refresh_from_db()
    assert event.end == NOW - timedelta(minutes=15)
    assert event.caregiver == people.alice
    assert list(event.others_present.all()) == [people.bob]


def test_patch_changes_people_and_details(people, as_):
    event = make_event(people.baby, "feed", by=people.alice, details={"method": "breast"})
    response = as_(people.alice).patch(
        f"/events/{event.pk}",
        json={
            "caregiver": people.bob.pk,
            "others_present": [people.alice.pk],
            "details": {"method": "bottle", "amount_ml": 90},
        },
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["caregiver"]["id"] == people.bob.pk
    assert [p["id"] for p in data["others_present"]] == [people.alice.pk]
    assert data["details"] == {"method": "bottle", "amount_ml": 90}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end": ago(minutes=90)}, "end"),
        ({"start": "2026-11-23T01:00:00"}, "start"),
        ({"details": {"method": "bottle", "amount_ml": -5}}, "details.amount_ml"),
        ({"kind": "sleep"}, "kind"),
    ],
)
def test_a_bad_patch_names_the_field_and_changes_nothing(people, as_, change, field):
    event = make_event(people.baby, "feed", by=people.alice, details={"method": "breast"})
    response = as_(people.alice).patch(f"/events/{event.pk}", json=change)
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    fresh = Event.objects.get(pk=event.pk)
    assert (fresh.kind, fresh.start, fresh.end, fresh.details) == (
        event.kind,
        event.start,
        event.end,
        event.details,
    )


def test_delete(people, as_):
    event = make_event(people.baby, "play", by=people.alice)
    response = as_(people.bob).delete(f"/events/{event.pk}")
    assert response.status_code == 204
    assert not Event.objects.exists()


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_viewer_cant_change_or_delete(people, as_, method):
    event = make_event(people.baby, "play", by=people.alice)
    response = getattr(as_(people.vera), method)(
        f"/events/{event.pk}", json={"end": ago(minutes=1)}
    )
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).end == event.end


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_outsider_gets_404(people, as_, method):
    event = make_event(people.baby, "play", by=people.alice)
    response = getattr(as_(people.charlie), method)(
        f"/events/{event.pk}", json={"end": ago(minutes=1)}
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "No such event.", "errors": {}}
    assert Event.objects.get(pk=event.pk).end == event.end


def test_kinds_describe_their_details(people, as_):
    kinds = {k["code"]: k for k in as_(people.vera).get("/kinds").json()}
    assert kinds["nappy"]["has_duration"] is False
    assert kinds["holding"]["is_session"] is True
    assert "amount_ml" in kinds["feed"]["details_schema"]["properties"]
    # What the pages ask, from the same registry, in the caller's language and in SI.
    asked = {i["name"]: i for i in kinds["feed"]["inputs"]}
    assert [i["name"] for i in kinds["feed"]["inputs"]][0] == "method"
    assert asked["amount_ml"] == {
        "name": "amount_ml",
        "label": "Amount in ml",
        "input": "amount",
        "choices": [],
        "required": False,
        "dimension": "volume",
    }
    assert {"value": "formula", "label": "formula"} in asked["milk"]["choices"]
    from django.utils import translation

    with translation.override("es"):  # as the locale middleware sets it for the request
        spanish = as_(people.vera).get("/kinds").json()
    temperature = next(k for k in spanish if k["code"] == "temperature")["inputs"][0]
    assert temperature["label"] == "Temperatura en °C" and temperature["required"] is True
    assert [i["name"] for i in kinds["play"]["inputs"]] == ["baby_response", "parent_confidence"]


# The count of a page is kept until the log changes (carelog/counts.py) ---------------


@pytest.mark.django_db(transaction=True)  # changes commit, as they do on the server
def test_the_count_follows_every_change_without_counting_each_page(people, as_):
    for minutes_ago in (300, 200, 100):
        make_event(people.baby, "play", by=people.alice, minutes_ago=minutes_ago)
    client = as_(people.bob)
    assert client.get("/events?limit=2").json()["count"] == 3
    # A second page view reads the kept count: the page's queries only, no COUNT.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        assert client.get("/events?limit=2&offset=2").json()["count"] == 3
    assert not [q for q in seen.captured_queries if "COUNT(" in q["sql"].upper()]

    created = as_(people.alice).post("/events", json=bottle(people)).json()
    assert client.get("/events?limit=2").json()["count"] == 4
    assert client.get("/events?kind=feed").json()["count"] == 1
    assert as_(people.alice).delete(f"/events/{created['id']}").status_code == 204
    assert client.get("/events?limit=2").json()["count"] == 3
    assert client.get("/events?kind=feed").json()["count"] == 0
    # Another household's count is its own.
    assert as_(people.charlie).get("/events").json()["count"] == 0


def test_a_count_made_before_a_change_commits_is_not_kept(people, as_):
    """The race: another request counts while a change is not yet visible to it. The
    generation moves when the change commits, so that count is never read."""
    from carelog import changes

    client = as_(people.bob)
    assert client.get("/events").json()["count"] == 0
    before = changes.generation(people.household.pk)
    with pytest.MonkeyPatch.context() as patch:
        committed = []
        patch.setattr(changes.transaction, "on_commit", lambda f, robust: committed.append(f))
        make_event(people.baby, "play", by=people.alice, minutes_ago=10)
        # Not committed yet: the generation stands, and other requests read the count
        # kept before the change.
        assert changes.generation(people.household.pk) == before
        assert client.get("/events").json()["count"] == 0
        committed[0]()
    assert changes.generation(people.household.pk) != before
    assert client.get("/events").json()["count"] == 1


def test_the_transaction_that_changed_the_log_counts_afresh(people):
    """Inside the writing transaction the change is visible but not committed: the count
    is made there and not kept, so no other request reads it."""
    from carelog import changes, counts

    household = people.household.pk
    events = Event.objects.filter(household_id=household)
    make_event(people.baby, "play", by=people.alice, minutes_ago=10)
    assert changes.pending(household)
    assert counts.event_count(household, events) == 1
    # Nothing kept: a request that cannot see the change would not read 1.
    digest = hashlib.sha1(repr(()).encode()).hexdigest()
    assert cache.get(f"event-count:{household}:{changes.generation(household)}:{digest}") is None
