"""Schemathesis against our own OpenAPI schema, in process (issue 12, item 5).

Every operation in /api/v1/openapi.json gets requests made from its schema, valid ones
and deliberately invalid ones, sent as Alice with a real API token through Django's WSGI
app (no server, no network). Every response must:

- not be a server error (5xx);
- have a status, content type, headers and body that the schema declares for it;
- refuse invalid input with a 4xx: `{"rating": false}` must not pass as a rating of 0.

Three runs, bounded so that this stays a unit test (about 30 s on two cores):
schemathesis' coverage cases (deterministic: the edges of each parameter and each way to
break it), then MAX_EXAMPLES random cases per operation and mode with a fixed seed (the
same every run) and with a random one. Each line printed says what a run covered; replay
a random run with NESTLING_FUZZ_SEED=<seed>.
"""

from __future__ import annotations

import logging
import os
import random
from collections import Counter
from collections.abc import Iterator
from datetime import time
from time import perf_counter
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from guidance.models import PlanSession
from households.models import Membership
from households.services import create_token, membership_for_token
from notifications.models import Notification

from .conftest import NOW, Caller, make_event

FIXED_SEED = 20261123
#: Random cases per operation, generation mode (valid, invalid) and seed. With the
#: coverage cases that is about 3,500 requests, under 30 s on two cores.
MAX_EXAMPLES = 10

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    phases=[Phase.generate],  # no shrinking: failures are collected, not raised
    database=None,  # nothing written to .hypothesis/; the seed alone replays a run
    deadline=None,
    derandomize=False,  # Hypothesis' CI profile derandomizes, which would ignore the seed
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def app(db) -> Iterator[Any]:
    """Django's WSGI app, sharing the test's transaction as Django's test client does.

    By default every request starts and ends by closing "old" database connections,
    which inside the test's transaction would throw away what the test set up.
    """
    # Made first: django.setup() reconfigures logging, which would undo the level below.
    application = get_wsgi_application()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    # 4xx answers are the point here; keep them out of the log (5xx still go to it).
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        yield application
    finally:
        request_log.setLevel(level)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


class Token:
    """Alice's API token. Fuzzing DELETE /tokens/{id} may revoke it; then a new one is
    made, so the rest of the run is still authenticated rather than a wall of 401s."""

    def __init__(self, member: Membership) -> None:
        self.member = member
        self.raw = create_token(member, "schema fuzz")[1]

    @property
    def headers(self) -> dict[str, str]:
        if membership_for_token(self.raw) is None:
            self.raw = create_token(self.member, "schema fuzz")[1]
        return {"Authorization": f"Bearer {self.raw}"}


def _first_line(failure: BaseException) -> str:
    return (str(failure).strip().splitlines() or [type(failure).__name__])[0]


def household_with_a_bit_of_everything(people: Any) -> dict[str, int]:
    """Alice's household with one of each thing an id in a path can name, made through the
    API, so that responses with plans, sessions, check-ins and screens are checked too;
    returns the path parameter names and their ids."""
    alice = Caller(people.alice.user)
    make_event(people.baby, "feed", by=people.alice, details={"method": "breast"})
    timer = make_event(people.baby, "sleep", by=people.bob, minutes_ago=30, minutes=None)
    work = {"monday": [{"start": "09:00", "end": "17:00"}]}
    assert alice.put("/availability", json={"entered_as": "work", "days": work}).status_code == 200
    plan = alice.post("/plans", json={}).json()
    # Two days of log place no session yet; one written in, as the planner would.
    session = PlanSession.objects.create(
        plan_id=plan["id"], date=NOW.date(), local_start=time(10, 0),
        start_at=NOW.replace(hour=10), activity_id="back-strokes", title="Slow back strokes",
        family="massage", logs_as="holding", minutes=5, level=1,
        reason=[{"key": "reason_fits", "values": {"free_from": 540, "free_to": 660}}],
    )  # fmt: skip
    check_in = alice.post("/checkins", json={"instrument": "phq2", "answers": [1, 1]}).json()
    screen = alice.post("/frustration", json={"rating": 8}).json()["safety"]["screen"]
    note = Notification.objects.create(
        membership=people.alice, kind="session", title="Bath time", url="/plans/"
    )
    # Listening on, so that sending possible crying is tried past the setting's refusal.
    Membership.objects.filter(pk=people.alice.pk).update(listening=True)
    cry = {"start": "2026-11-23T02:10:00Z", "end": "2026-11-23T02:24:00Z", "confidence": 0.8}
    (suggestion,) = alice.post(
        "/cry-suggestions", json={"source": "device", "episodes": [cry]}
    ).json()
    return {
        "baby_id": people.baby.pk,
        "event_id": timer.pk,
        "member_id": people.alice.pk,
        "plan_id": plan["id"],
        "session_id": session.pk,
        "check_in_id": check_in["check_in"]["id"],
        "screening_id": screen["id"],
        "notification_id": note.pk,
        "suggestion_id": suggestion["id"],
    }


class Tally:
    """What one seed's run covered and found."""

    def __init__(self) -> None:
        self.cases: Counter[str] = Counter()  # per operation
        self.statuses: Counter[int] = Counter()  # per status code
        self.failures: dict[tuple[str, str], str] = {}  # (operation, failure) → report


def send(case: Any, token: Token, tally: Tally) -> None:
    """Send one case as Alice and run the checks on the response."""
    label = case.operation.label
    headers = token.headers
    tally.cases[label] += 1
    response = case.call(headers=headers)
    tally.statuses[response.status_code] += 1
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except BaseExceptionGroup as group:  # schemathesis' FailureGroup
        for failure in group.exceptions:
            tally.failures.setdefault((label, _first_line(failure)), str(group))
    except AssertionError as failure:
        tally.failures.setdefault((label, _first_line(failure)), str(failure))


def cover(schema: Any, operation: Any, token: Token, tally: Tally) -> None:
    """Schemathesis' coverage cases: deterministic, for every parameter and property the
    edges of what the schema allows and each way to break it (wrong type, missing, out of
    range, unknown field, unexpected method), valid and invalid."""
    generation = schema.config.generation_for(operation=operation, phase="coverage")
    for case in schema.iter_coverage_cases(
        operation, generation_modes=list(GenerationMode), generation_config=generation
    ):
        send(case, token, tally)


def fuzz(
    operation: Any,
    mode: GenerationMode,
    seed: int,
    token: Token,
    tally: Tally,
    path_parameters: dict[str, int] | None = None,
) -> None:
    """MAX_EXAMPLES random cases for `operation` in `mode` (valid or invalid data), with
    the path's ids generated too unless `path_parameters` gives them."""
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @hypothesis.seed(seed)
    @SETTINGS
    @given(case=strategy)
    def check(case: Any) -> None:
        send(case, token, tally)

    check()


@pytest.mark.slow
def test_every_operation_keeps_to_the_schema(people, capsys, app) -> None:
    ids = household_with_a_bit_of_everything(people)
    token = Token(people.alice)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    seeds = [FIXED_SEED, int(os.environ.get("NESTLING_FUZZ_SEED") or random.getrandbits(32))]

    runs = [("coverage", None), *(("fuzzing", seed) for seed in seeds)]
    report, tallies, failures = [], [], {}
    for phase, seed in runs:
        started = perf_counter()
        tally = Tally()
        for result in schema.get_all_operations():
            operation = result.ok()
            if seed is None:
                cover(schema, operation, token, tally)
                continue
            for mode in GenerationMode:
                fuzz(operation, mode, seed, token, tally)
            # Random ids almost never name anything, so once more with real ones (but
            # not for DELETE, which would only take away what later operations use).
            names = {parameter.name for parameter in operation.path_parameters}
            if names and names <= ids.keys() and operation.method.upper() != "DELETE":
                known = {name: ids[name] for name in names}
                fuzz(operation, GenerationMode.POSITIVE, seed, token, tally, known)
        name = phase if seed is None else f"{phase}, seed {seed}"
        tallies.append(tally)
        failures.update({(name, *key): text for key, text in tally.failures.items()})
        statuses = ", ".join(f"{code}×{n}" for code, n in sorted(tally.statuses.items()))
        report.append(
            f"schema fuzz ({name}): {len(tally.cases)} of {len(schema)} operations, "
            f"{tally.cases.total()} cases (status {statuses}), {len(tally.failures)} failures, "
            f"{perf_counter() - started:.1f} s"
        )
    with capsys.disabled():
        print("\n" + "\n".join(report))

    for tally in tallies:
        assert len(tally.cases) == len(schema), "every operation is called"
        # Every request was Alice's, with a token that works: a 401 or 429 would mean the
        # run tested the authentication check instead of the operations.
        assert not tally.statuses.keys() & {401, 429}

    assert not failures, (
        f"{len(failures)} distinct failures (replay with NESTLING_FUZZ_SEED=<seed>):\n\n"
        + "\n\n".join(
            f"[{name}] {label}: {title}\n{text}" for (name, label, title), text in failures.items()
        )
    )
