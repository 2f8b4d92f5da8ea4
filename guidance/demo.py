"""The demo family's guidance: both parents' availability from the simulator, what they had
already tried (story.txt), and Dad's plan. Called by `guidance.demo_family.load_demo`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from carelog.models import Baby
from households.models import Membership
from insights.records import WeeklySchedule

from . import services
from .models import Plan

#: story.txt: "we've tried skin to skin, leaving them alone together, walks, me holding him
#: while he talks to him, I've even tried holding him while I wear my husbands shirt …
#: Nothing seems to be working". No time of day: they were tried whenever there was a chance.
STORY_TRIED = (
    ("skin_to_skin", "Skin-to-skin"),
    ("other", "Leaving them alone together"),
    ("walk", "Walks"),
    ("face_to_face", "Dad talking to him while Mum holds him"),
    ("other", "Mum holding him wearing Dad's shirt, for his scent"),
)


def load_demo_guidance(
    mum: Membership,
    dad: Membership,
    baby: Baby,
    schedules: Mapping[str, WeeklySchedule],
    now: datetime,
) -> Plan:
    """Store both parents' availability and Dad's tries, and make Dad's plan."""
    for member, key in ((mum, "mum"), (dad, "dad")):
        days = [[(w.start_min, w.end_min) for w in day] for day in schedules[key].days]
        services.set_availability(member, days)
    for family, note in STORY_TRIED:
        services.record_tried(mum, family, "failed", note=note, member=dad)
    return services.create_plan(mum, member=dad, baby=baby, now=now)
