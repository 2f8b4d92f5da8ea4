"""/api/v1/availability and /api/v1/plans on the demo family."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from ninja.testing import TestClient

from api.api import api
from guidance import selectors
from guidance.models import Availability, PlanSession
from guidance.testing import Demo
from households.models import Membership


def as_(member: Membership):
    client = TestClient(api)

    class Caller:
        def __getattr__(self, method):
            send = getattr(client, method)
            return lambda path, *a, **kw: send(path, *a, user=member.user, **kw)

    return Caller()


def dads(demo: Demo):
    return selectors.active_plan(demo.dad.household, demo.dad)


def test_get_and_put_your_availability(demo):
    dad = as_(demo.dad)
    got = dad.get("/availability").json()
    assert got["is_set"] and got["free"]["monday"] == [
        {"start": "00:00", "end": "06:00"},
        {"start": "22:00", "end": "24:00"},
    ]
    put = dad.put(
        "/availability",
        json={"entered_as": "work", "days": {"monday": [{"start": "07:00", "end": "19:00"}]}},
    )
    assert put.status_code == 200
    assert put.json()["free"]["monday"][0] == {"start": "00:00", "end": "07:00"}
    assert put.json()["free"]["sunday"] == [{"start": "00:00", "end": "24:00"}]


def test_a_window_ending_before_it_starts_is_422_naming_the_day(demo):
    before = Availability.objects.get(membership=demo.dad).days
    response = as_(demo.dad).put(
        "/availability", json={"days": {"friday": [{"start": "10:00", "end": "09:00"}]}}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["friday"]
    assert Availability.objects.get(membership=demo.dad).days == before


def test_list_and_get_plans(demo):
    plan = dads(demo)
    listed = as_(demo.mum).get("/plans").json()
    assert [p["id"] for p in listed] == [plan.pk] and listed[0]["sessions"] is None
    got = as_(demo.mum).get(f"/plans/{plan.pk}").json()
    assert got["member"]["display_name"] == "Dad" and got["can_change"]  # Mum owns
    assert len(got["sessions"]) == plan.sessions.count()
    assert any(s["is_owned_routine"] and s["logs_as"] == "bath" for s in got["sessions"])


def test_start_and_rate_a_session_then_the_plan_adapts(demo):
    plan = dads(demo)
    dad = as_(demo.dad)
    for _ in range(3):
        # Rating re-plans what is still to come, so take the next session each time.
        row = plan.sessions.filter(status="scheduled").first()
        with time_machine.travel(row.start_at, tick=False):
            started = dad.post(f"/plans/{plan.pk}/sessions/{row.pk}/start")
        assert started.status_code == 200 and started.json()["status"] == "started"
        with time_machine.travel(row.start_at + timedelta(minutes=row.minutes), tick=False):
            rated = dad.post(
                f"/plans/{plan.pk}/sessions/{row.pk}/rate",
                json={"baby_response": "content", "parent_confidence": 4},
            )
        assert rated.status_code == 200 and rated.json()["baby_response"] == "content"
    assert dad.get(f"/plans/{plan.pk}").json()["level"] == 2
    review = dad.get(f"/plans/{plan.pk}/review").json()
    assert review["first_week"]["content"] == 3 and review["sentences"]


def test_a_confidence_of_9_is_422_and_nothing_changes(demo):
    plan = dads(demo)
    row = plan.sessions.first()
    with time_machine.travel(row.start_at, tick=False):
        response = as_(demo.dad).post(
            f"/plans/{plan.pk}/sessions/{row.pk}/rate",
            json={"baby_response": "content", "parent_confidence": 9},
        )
    assert response.status_code == 422 and "parent_confidence" in response.json()["errors"]
    assert PlanSession.objects.get(pk=row.pk).status == "scheduled"


def test_create_plan_for_yourself_and_for_a_member(demo):
    created = as_(demo.dad).post("/plans", json={})
    assert created.status_code == 201 and created.json()["member"]["id"] == demo.dad.pk
    for_dad = as_(demo.mum).post("/plans", json={"member": demo.dad.pk})
    assert for_dad.status_code == 201 and for_dad.json()["is_active"]
    refused = as_(demo.dad).post("/plans", json={"member": demo.mum.pk})
    assert refused.status_code == 403


def test_the_partner_sees_but_cannot_change(demo):
    mums = as_(demo.mum).post("/plans", json={}).json()
    dad = as_(demo.dad)
    got = dad.get(f"/plans/{mums['id']}")
    assert got.status_code == 200 and not got.json()["can_change"]
    sid = got.json()["sessions"][0]["id"]
    response = dad.post(
        f"/plans/{mums['id']}/sessions/{sid}/rate",
        json={"baby_response": "content", "parent_confidence": 4},
    )
    assert response.status_code == 403


def test_an_outsider_gets_404(demo, people):
    plan = dads(demo)
    charlie = as_(people.charlie)
    assert charlie.get(f"/plans/{plan.pk}").status_code == 404
    assert charlie.get(f"/plans/{plan.pk}/review").status_code == 404
    sid = plan.sessions.first().pk
    assert charlie.post(f"/plans/{plan.pk}/sessions/{sid}/start").status_code == 404
    assert charlie.get("/plans").json() == []


def test_a_viewer_reads_but_gets_403_on_writes(demo):
    user = get_user_model().objects.create_user(username="gran", password="x" * 12)
    gran = Membership.objects.create(
        household=demo.mum.household, user=user, display_name="Gran", role="viewer"
    )
    plan = dads(demo)
    client = as_(gran)
    assert client.get(f"/plans/{plan.pk}").status_code == 200
    assert client.post("/plans", json={}).status_code == 403
    assert client.put("/availability", json={"days": {}}).status_code == 403
    sid = plan.sessions.first().pk
    assert client.post(f"/plans/{plan.pk}/sessions/{sid}/start").status_code == 403


def test_no_availability_is_422_naming_it(db, people):
    response = as_(people.bob).post("/plans", json={})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["availability"]
