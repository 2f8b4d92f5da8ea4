"""The demo family (story.txt) for guidance tests, loaded once per test module.

Loading simulates six weeks of care and computes insights (several seconds), so a module
loads it once, committed, at a frozen time; each test then runs in its own transaction
(rolled back as usual) and the module removes the household when it is done.

The root conftest.py registers this module as a pytest plugin, so a test asks for ``demo``
by name; it imports only ``NOW`` and ``Demo`` from here. Models are imported inside the
fixtures, so the plugin loads even where Django is not set up (pure-core runs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
import time_machine
from pytest_django import DjangoDbBlocker

if TYPE_CHECKING:
    from carelog.models import Baby
    from households.models import Membership

#: Saturday 21 November 2026, 06:30 in London (UTC in winter): Dad is off work, Sam is up.
NOW = datetime(2026, 11, 21, 6, 30, tzinfo=UTC)


@dataclass
class Demo:
    mum: Membership
    dad: Membership
    baby: Baby


def _fetch() -> Demo:
    from households.models import Membership

    mum = Membership.objects.select_related("household").get(user__username="mum")
    dad = Membership.objects.select_related("household").get(user__username="dad")
    return Demo(mum, dad, mum.household.babies.get())


def _remove_demo() -> None:
    from django.contrib.auth import get_user_model

    from households.models import Household

    for household in Household.objects.filter(members__user__username="mum").distinct():
        household.babies.all().delete()
        household.delete()
    get_user_model().objects.filter(username__in=["mum", "dad"]).delete()


@pytest.fixture(scope="module")
def demo_module(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Load the demo household (with Dad's plan) once for the module."""
    from guidance.demo_family import load_demo

    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        load_demo(seed=7, weeks=6, now=NOW)
    yield
    with django_db_blocker.unblock():
        _remove_demo()


@pytest.fixture
def demo_clock() -> Iterator[datetime]:
    """Freeze the clock at NOW for one test (nested travel moves it on)."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def demo(demo_module: None, db: None, demo_clock: datetime) -> Demo:
    """The demo family, as `nestling demo` leaves it, inside this test's transaction."""
    return _fetch()
