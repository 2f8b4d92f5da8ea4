"""Migration 0002 keeps plans made by earlier releases: their English sentences are shown as
written, and the plan's new sentences are keys and values."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from carelog.models import Baby
from households.models import Household, Membership

BEFORE = [("guidance", "0001_initial")]
AFTER = [("guidance", "0002_plan_words")]


@pytest.mark.django_db(transaction=True)
def test_stored_english_becomes_as_written() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    # Only guidance goes back; the other apps' tables stay as they are now.
    household = Household.objects.create(name="Old", time_zone="Europe/London")
    user = User.objects.create(username="old-dad")
    member = Membership.objects.create(household=household, user=user, display_name="Dad")
    baby = Baby.objects.create(household=household, name="Sam", birth_date=date(2026, 6, 1))
    plan = apps.get_model("guidance", "Plan").objects.create(
        household_id=household.pk,
        membership_id=member.pk,
        baby_id=baby.pk,
        start_date=date(2026, 11, 2),
        notes=[{"code": "leave", "text": "Take some leave if you can."}],
    )
    plan.sessions.create(
        date=date(2026, 11, 7),
        local_start=time(9, 0),
        start_at=datetime(2026, 11, 7, 9, 0, tzinfo=UTC),
        activity_id="bath-together",
        title="Bath",
        family="bath",
        logs_as="bath",
        minutes=15,
        level=1,
        reason="Sam is calm on Saturday mornings.",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    stored = apps.get_model("guidance", "Plan").objects.get(pk=plan.pk)
    assert stored.notes == [
        {"code": "leave", "key": "as_written", "values": {"text": "Take some leave if you can."}}
    ]
    session = apps.get_model("guidance", "PlanSession").objects.get(plan=stored)
    assert session.reason == [
        {"key": "as_written", "values": {"text": "Sam is calm on Saturday mornings."}}
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
