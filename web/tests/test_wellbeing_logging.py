"""Nothing wellbeing-related reaches the server log in clear text: not the answers of a
check-in, not its total, not a word of "Tell us what's going on"."""

from __future__ import annotations

import logging

from django.urls import reverse
from ninja.testing import TestClient

from api.api import api
from wellbeing.testing import answers_for

SECRET = "I secretly feel like a zebra made of glass tonight"


def _everything_logged(caplog) -> str:
    return "\n".join(
        f"{r.name} {r.getMessage()} {r.args!r} {getattr(r, 'request', '')!r}"
        for r in caplog.records
    )


def test_check_ins_and_intake_leave_no_trace_in_the_log(people, client_as, frozen, caplog):
    caplog.set_level(logging.DEBUG)
    answers = answers_for("phq9", 17, 2)
    c = client_as(people.bob)
    data = {f"item_{i}": str(a) for i, a in enumerate(answers, 1)}
    c.post(
        reverse("web:checkin-new", args=["phq9"]),
        {**data, "share_with_partner": "nothing", "share_with_reports": "nothing"},
    )
    c.post(reverse("web:checkin-new", args=["phq9"]), {"item_1": "3"})  # invalid: 422
    c.post(reverse("web:intake"), {"text": SECRET + " and he hates me"})
    c.post(reverse("web:intake"), {"text": ""})  # invalid: 422
    client = TestClient(api)
    client.post("/checkins", json={"instrument": "phq9", "answers": answers}, user=people.bob.user)
    client.post("/checkins", json={"instrument": "phq9", "answers": [9] * 9}, user=people.bob.user)
    client.post("/intake", json={"text": SECRET}, user=people.bob.user)
    logged = _everything_logged(caplog)
    assert "django.request" in logged  # the log was listening (the 422s are logged)
    assert SECRET not in logged and "zebra" not in logged
    assert str(answers) not in logged and ",".join(map(str, answers)) not in logged
    assert "Thoughts that you would be better off dead" not in logged
