"""Load the demo household: the family in story.txt, simulated with a known truth.

The simulator (a pure core) writes weeks of care as the parents would have logged it;
this module turns it into a household with two logins (mum, dad) through the same
bulk service an importer uses, so every demo event passed the app's own checks.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carelog import services as carelog
from guidance.demo import load_demo_guidance
from households import services as households
from households.models import Household, Membership
from simulator import simulate

DEMO_PASSWORD = "nestling-demo"
DEMO_USERS = {"mum": "Mum", "dad": "Dad"}
DEMO_BABY = "Sam"
DEMO_TIMEZONE = "Europe/London"


@transaction.atomic
def load_demo(
    seed: int = 7, weeks: int = 8, now: datetime | None = None, progress: bool = False
) -> str:
    """Replace any earlier demo household with a fresh simulation; return a summary line."""
    now = now or timezone.now()
    User = get_user_model()
    old = Household.objects.filter(members__user__username__in=list(DEMO_USERS)).distinct()
    for household in old:
        # Events first: they protect the memberships they name.
        household.babies.all().delete()
        household.delete()
    User.objects.filter(username__in=list(DEMO_USERS)).delete()

    users = {}
    for username in DEMO_USERS:
        user = User(username=username)
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
    mum = households.create_household(
        users["mum"], "Sam's family", DEMO_TIMEZONE, "GB", DEMO_USERS["mum"]
    )
    dad = Membership.objects.create(
        household=mum.household, user=users["dad"], display_name=DEMO_USERS["dad"]
    )
    # keep_running: what is still going on now (a nap, say) shows as a running timer.
    simulation = simulate(
        seed=seed, weeks=weeks, now=now, timezone=DEMO_TIMEZONE, keep_running=True
    )
    baby = carelog.add_baby(mum, DEMO_BABY, simulation.baby_birth_date)
    records = simulation.events
    if progress:
        from rich.progress import track

        records = track(records, description="Writing the demo family's log")
    count = carelog.import_events(mum, baby, records, {"mum": mum, "dad": dad}, now=now)
    load_demo_guidance(mum, dad, baby, simulation.schedules, now)
    return (
        f"Demo household “{mum.household.name}”: {DEMO_BABY}, born "
        f"{simulation.baby_birth_date:%d %b %Y}, {count} events over {weeks} weeks (seed {seed})."
    )
