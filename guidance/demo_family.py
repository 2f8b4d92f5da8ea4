"""Load the demo household: the family in story.txt, simulated with a known truth.

The simulator (a pure core) writes weeks of care as the parents would have logged it;
this module turns it into a household with two logins (mum, dad) through the same
bulk service an importer uses, so every demo event passed the app's own checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carelog import services as carelog
from carelog.models import Baby
from guidance.demo import load_demo_guidance
from households import services as households
from households.models import Household, Membership
from insights.records import EventRecord
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
    records: Iterable[EventRecord] = simulation.events
    if progress:
        from rich.progress import track

        records = track(records, description="Writing the demo family's log")
    count = carelog.import_events(mum, baby, records, {"mum": mum, "dad": dad}, now=now)
    count += load_demo_growth(mum, baby, now)
    load_demo_guidance(mum, dad, baby, simulation.schedules, now)
    return (
        f"Demo household “{mum.household.name}”: {DEMO_BABY}, born "
        f"{simulation.baby_birth_date:%d %b %Y}, {count} events over {weeks} weeks (seed {seed})."
    )


# --- growth: weighed and measured at the usual checks -------------------------------------

#: (age in days, weight kg, length cm, head cm) for the demo boy: near the WHO median at
#: birth, drifting a little below it by six months, as many healthy babies do. Length and
#: head are measured less often than weight. None: not measured at that check.
DEMO_GROWTH = [
    (0, 3.45, 50.5, 34.6),
    (5, 3.25, None, None),
    (14, 3.62, None, None),
    (42, 4.95, 56.8, 38.2),
    (56, 5.40, None, None),
    (84, 6.15, 60.9, 40.4),
    (112, 6.70, None, None),
    (140, 7.15, 64.8, 42.0),
    (182, 7.65, 66.9, 43.1),
    (244, 8.30, 70.2, 44.3),
    (305, 8.85, 73.1, 45.1),
    (365, 9.40, 75.6, 45.8),
]


def load_demo_growth(mum: Membership, baby: Baby, now: datetime) -> int:
    """Give the demo baby a sex (Sam is a boy, as in story.txt) and his growth checks so
    far, logged at 11:00 local on each check's day; return how many entries were added."""
    carelog.update_baby(mum, baby, baby.name, baby.birth_date, baby.due_date, sex="male")
    tz = ZoneInfo(DEMO_TIMEZONE)
    added = 0
    for age_days, weight, length, head in DEMO_GROWTH:
        start = datetime.combine(baby.birth_date + timedelta(days=age_days), time(11), tz)
        if start > now:
            break
        values = {"weight_kg": weight, "length_cm": length, "head_cm": head}
        details = {key: value for key, value in values.items() if value is not None}
        carelog.log_event(mum, baby, "growth", start=start, details=details, now=now)
        added += 1
    return added
