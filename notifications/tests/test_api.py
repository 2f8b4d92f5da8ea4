"""/api/v1/inbox, /channels and /quiet-hours: the caller's own, nobody else's."""

import pytest
from ninja.testing import TestClient

from api.api import api
from notifications import services
from notifications.models import Channel, Notification


@pytest.fixture
def as_(people):
    def make(member):
        client = TestClient(api)

        class Caller:
            def __getattr__(self, method):
                send = getattr(client, method)
                return lambda path, *a, **k: send(path, *a, user=member.user, **k)

        return Caller()

    return make


def note(member, key="k1", title="Bath time"):
    return Notification.objects.create(
        membership=member, kind="session", title=title, url="/plans/", dedupe_key=key
    )


def test_the_inbox_lists_my_notifications(people, as_):
    note(people.bob, "a", "First")
    note(people.bob, "b", "Second")
    note(people.alice, "c", "Alice's")
    body = as_(people.bob).get("/inbox").json()
    assert body["unread"] == 2
    assert [n["title"] for n in body["notifications"]] == ["Second", "First"]


def test_marking_read_one_and_all(people, as_):
    first = note(people.bob, "a")
    note(people.bob, "b")
    response = as_(people.bob).post(f"/inbox/{first.pk}/read")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert as_(people.bob).get("/inbox?unread=true").json()["unread"] == 1
    assert as_(people.bob).post("/inbox/read").json() == {"marked": 1}


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_nobody_reads_or_marks_another_members_inbox(people, as_, who):
    mine = note(people.bob)
    caller = as_(getattr(people, who))
    assert caller.get("/inbox").json() == {"unread": 0, "notifications": []}
    response = caller.post(f"/inbox/{mine.pk}/read")
    assert response.status_code == 404
    assert response.json()["detail"]
    mine.refresh_from_db()
    assert not mine.is_read


def test_anonymous_gets_401():
    assert TestClient(api).get("/inbox").status_code == 401


def test_adding_listing_and_removing_a_channel(people, as_):
    response = as_(people.bob).post(
        "/channels", json={"url": "mailto://dad:s3cret@example.com", "name": "Email"}
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert "s3cret" not in str(created)
    assert created["service"]
    assert [c["name"] for c in as_(people.bob).get("/channels").json()] == ["Email"]
    assert as_(people.alice).get("/channels").json() == []
    assert as_(people.alice).delete(f"/channels/{created['id']}").status_code == 404
    assert as_(people.bob).delete(f"/channels/{created['id']}").status_code == 204
    assert not Channel.objects.exists()


def test_a_bad_channel_url_is_a_422_naming_url(people, as_):
    response = as_(people.bob).post("/channels", json={"url": "nope://x"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"url"}
    assert "Unparseable URL" in response.json()["errors"]["url"]


def test_testing_a_channel_reports_how_it_went(people, as_, endpoint):
    channel = services.add_channel(people.bob, "", endpoint.url)
    assert as_(people.bob).post(f"/channels/{channel.pk}/test").json() == {
        "is_sent": True,
        "error": "",
        "is_permanent": False,
    }
    endpoint.status = 403
    result = as_(people.bob).post(f"/channels/{channel.pk}/test").json()
    assert result["is_sent"] is False and result["is_permanent"] is True
    assert "403" in result["error"]
    assert len(endpoint.received) == 2
    assert as_(people.charlie).post(f"/channels/{channel.pk}/test").status_code == 404


def test_quiet_hours(people, as_):
    assert as_(people.bob).get("/quiet-hours").json() == {"start": None, "end": None}
    response = as_(people.bob).put("/quiet-hours", json={"start": "22:00", "end": "06:30"})
    assert response.json() == {"start": "22:00:00", "end": "06:30:00"}
    assert as_(people.alice).get("/quiet-hours").json() == {"start": None, "end": None}
    response = as_(people.bob).put("/quiet-hours", json={"start": "22:00", "end": "22:00"})
    assert response.status_code == 422 and set(response.json()["errors"]) == {"end"}
    response = as_(people.bob).put("/quiet-hours", json={"start": None, "end": "07:00"})
    assert set(response.json()["errors"]) == {"start"}
    as_(people.bob).put("/quiet-hours", json={"start": None, "end": None})
    assert as_(people.bob).get("/quiet-hours").json() == {"start": None, "end": None}
