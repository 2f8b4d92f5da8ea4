from datetime import UTC, datetime

import time_machine
from typer.testing import CliRunner

from carelog.models import Event
from cli.main import app
from households.models import Membership

NOW = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)


def _load(seed: int):
    with time_machine.travel(NOW, tick=False):
        return CliRunner().invoke(
            app, ["demo", "--no-serve", "--seed", str(seed), "--weeks", "3"], catch_exceptions=False
        )


def test_demo_loads_the_story_family_and_prints_both_logins(db):
    result = _load(1)
    assert result.exit_code == 0, result.output
    assert "user: mum" in result.output and "user: dad" in result.output
    mum = Membership.objects.get(user__username="mum")
    dad = Membership.objects.get(user__username="dad")
    assert mum.household == dad.household and mum.is_owner
    events = Event.objects.filter(household=mum.household)
    assert events.count() > 800
    # Mum does almost all the care; Dad's share is small but real.
    dads = events.filter(caregiver=dad).count()
    assert 0 < dads < events.count() * 0.25
    # Dad's weekday care falls outside his 06:00-22:00 working day.
    tz = mum.household.tz
    for event in events.filter(caregiver=dad):
        local = event.start.astimezone(tz)
        if local.weekday() < 5:
            assert not (6 <= local.hour < 22), local


def test_demo_again_replaces_the_demo_household_and_nothing_else(people):
    _load(1)
    first = Membership.objects.get(user__username="mum").household_id
    _load(2)
    assert Membership.objects.get(user__username="mum").household_id != first
    assert Membership.objects.filter(user__username="mum").count() == 1
    assert Membership.objects.filter(pk=people.alice.pk).exists()
