"""A medicine logged with the label's interval reminds whoever gave it once the wait is over:
through the page, the API and the CLI; moved by an edit, cancelled by a delete, never sooner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from ninja.testing import TestClient
from typer.testing import CliRunner

from api.api import api
from carelog import services
from carelog.models import Event
from cli.main import app
from notifications.models import Reminder

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
CALPOL = {"name": "Paracetamol", "dose": 2.5, "unit": "ml", "interval_h": 4}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _reminders() -> list[Reminder]:
    return list(Reminder.objects.filter(dedupe_key__startswith="medicine-next-dose:"))


def test_a_dose_with_an_interval_reminds_the_giver_when_the_wait_is_over(people):
    event = services.log_event(
        people.alice, people.baby, "medicine", start=NOW - timedelta(minutes=30),
        caregiver=people.bob, details=CALPOL,
    )  # fmt: skip
    [reminder] = _reminders()
    assert reminder.membership == people.bob  # who gave it, not who typed it
    assert reminder.due_at == event.start + timedelta(hours=4)
    assert "Paracetamol" in reminder.title
    assert "only if it is still needed" in reminder.body


def test_no_interval_or_a_wait_already_over_schedules_nothing(people):
    services.log_event(people.alice, people.baby, "medicine",
                       details={"name": "Vitamin D", "dose": 1, "unit": "drops"})  # fmt: skip
    services.log_event(people.alice, people.baby, "medicine", start=NOW - timedelta(hours=5),
                       details=CALPOL)  # fmt: skip
    assert _reminders() == []


def test_editing_the_dose_moves_the_reminder_and_deleting_it_cancels_it(people):
    event = services.log_event(people.alice, people.baby, "medicine", details=CALPOL)
    services.update_event(people.alice, event, start=NOW - timedelta(hours=1),
                          caregiver=people.bob)  # fmt: skip
    [reminder] = _reminders()
    assert (reminder.membership, reminder.due_at) == (people.bob, NOW + timedelta(hours=3))
    services.update_event(people.alice, event, details={**CALPOL, "interval_h": None})
    assert _reminders() == []
    services.update_event(people.alice, event, details=CALPOL)
    assert len(_reminders()) == 1
    services.delete_event(people.alice, event)
    assert _reminders() == []


def test_the_page_says_when_the_next_dose_may_be_given(people, client):
    client.force_login(people.alice.user)
    response = client.post(
        reverse("web:event-add", args=[people.baby.pk, "medicine"]),
        {"start": "2026-11-23T02:10", "caregiver": people.alice.pk, "name": "Paracetamol",
         "dose": "2.5", "unit": "ml", "interval_h": "4"},
        follow=True,
    )  # fmt: skip
    assert "Next dose of Paracetamol not before 06:10, as the label says." in (
        response.content.decode()
    )
    assert len(_reminders()) == 1


def test_the_api_answer_carries_the_advice(people):
    client = TestClient(api)
    response = client.post(
        "/events",
        json={"baby": people.baby.pk, "kind": "medicine", "start": "2026-11-23T02:10:00Z",
              "details": CALPOL},
        user=people.alice.user,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["advice"] == [
        {"code": "next_dose",
         "message": "Next dose of Paracetamol not before 06:10, as the label says."}
    ]  # fmt: skip
    plain = client.post(
        "/events",
        json={"baby": people.baby.pk, "kind": "nappy", "details": {"wet": True}},
        user=people.alice.user,
    )
    assert plain.json()["advice"] == []


def test_the_api_and_cli_warn_of_a_fever_for_the_babys_age(people):
    from carelog.models import Baby

    Baby.objects.filter(pk=people.baby.pk).update(birth_date=NOW.date() - timedelta(days=40))
    response = TestClient(api).post(
        "/events",
        json={"baby": people.baby.pk, "kind": "temperature", "details": {"celsius": 38.4}},
        user=people.alice.user,
    )
    [advice] = response.json()["advice"]
    assert advice["code"] == "fever"
    # The household is in the UK: whom to call is the UK's (content/messages/advice.toml).
    assert "38 °C or more is a reason to call your GP or NHS 111 promptly" in advice["message"]
    result = CliRunner().invoke(
        app, ["log", "temperature", "--user", "alice", "--detail", "temp=101.3F"]
    )
    assert result.exit_code == 0, result.output
    assert "warning: At " in result.stdout and "38 °C or more" in result.stdout
    assert Event.objects.filter(kind="temperature").count() == 2


def test_the_cli_says_when_the_next_dose_may_be_given(people):
    result = CliRunner().invoke(
        app,
        ["log", "medicine", "--user", "alice", "--start", "2026-11-23T02:10",
         "--detail", "name=Paracetamol", "--detail", "dose=2.5", "--detail", "unit=ml",
         "--detail", "interval_h=4"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Next dose of Paracetamol not before 06:10, as the label says." in result.stdout
    assert len(_reminders()) == 1


def test_a_second_dose_inside_the_labels_wait_is_flagged_not_silently_stored(people):
    services.log_event(people.bob, people.baby, "medicine", start=NOW - timedelta(hours=2),
                       details=CALPOL)  # fmt: skip
    response = TestClient(api).post(
        "/events",
        json={"baby": people.baby.pk, "kind": "medicine",
              "details": {**CALPOL, "name": " paracetamol "}},
        user=people.alice.user,
    )  # fmt: skip
    codes = [a["code"] for a in response.json()["advice"]]
    assert codes == ["too_soon", "next_dose"]
    assert "The last dose of Paracetamol was at 01:00" in response.json()["advice"][0]["message"]
    # Another medicine, or the same one after the wait, is not flagged.
    later = services.log_event(people.alice, people.baby, "medicine",
                               start=NOW + timedelta(minutes=-1), details={**CALPOL, "name": "Ibuprofen"})  # fmt: skip
    from reports.advice import after_logging

    assert [a.code for a in after_logging(later, people.alice.household)] == ["next_dose"]
