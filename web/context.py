from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from households.selectors import membership_of


def household(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's membership and household, for the base layout."""
    membership = getattr(request, "membership", None)
    if membership is None and hasattr(request, "user"):
        membership = membership_of(request.user)
    return {"membership": membership, "household": membership.household if membership else None}
