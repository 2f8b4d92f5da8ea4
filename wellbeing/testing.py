"""Helpers for wellbeing tests: answers that add up to a chosen total, in plain sight."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from households.models import Membership

from . import registry
from .models import CheckIn, Visibility


def answers_for(instrument: str, total: int, self_harm: int = 0) -> list[int]:
    """Option indices for ``instrument`` adding up to ``total`` (items with 0–3 scores, in order).

    The self-harm item (PHQ-9 item 9) gets ``self_harm``; the rest is filled from item 1.
    """
    inst = registry.instruments()[instrument]
    harm = set(inst.self_harm_items)
    left = total - self_harm
    out = []
    for item in inst.items:
        if item.number in harm:
            out.append(self_harm)
            continue
        top = max(o.score for o in item.options)
        take = min(top, left)
        out.append(next(i for i, o in enumerate(item.options) if o.score == take))
        left -= take
    assert left == 0, f"{instrument} cannot reach {total}"
    return out


def make_check_in(
    member: Membership,
    instrument: str = "phq9",
    total: int = 6,
    *,
    self_harm: int = 0,
    partner: str = Visibility.NOTHING,
    reports: str = Visibility.NOTHING,
    at: datetime | None = None,
) -> CheckIn:
    """A check-in written through the service (so its score and band are real)."""
    from .services import submit_check_in

    outcome = submit_check_in(
        member,
        instrument,
        answers_for(instrument, total, self_harm),
        partner,
        reports,
        now=at or timezone.now(),
    )
    return outcome.check_in
