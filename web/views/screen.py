"""The same-session safety screen: yes/no questions in rounds, the right help first.

A screening is opened by a service (a self-harm check-in answer, worrying words in "Tell us
what's going on", an "at my limit" answer of 7 or more) and belongs to the member who
answered: anyone else, their partner included, gets 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from households.exceptions import InvalidInput
from households.models import Membership
from safety.help import help_for_country
from safety.rules import CryingPlanStep, load_crying_plan
from wellbeing import selectors, services
from wellbeing.models import SafetyScreening

from ..access import MemberRequest, member_view
from .wellbeing import HELP_KIND_LABELS, _help_groups

T = "web/wellbeing/"


def screen_context(member: Membership, state: services.ScreenState) -> dict[str, Any]:
    """Everything the screen block needs: decision, help (emergency first), questions."""
    decision = state.decision
    country = member.household.country
    # A screen always shows somewhere to turn, even when nothing fired yet.
    kinds = decision.urgent_help_kinds or ("crisis", "perinatal")
    is_writer = state.screening.about == "writer"
    first_steps: tuple[CryingPlanStep, ...] = ()
    if state.screening.origin == SafetyScreening.Origin.FRUSTRATION:
        plan = load_crying_plan().in_language(get_language() or "en")
        first_steps = tuple(s for s in plan.steps if s.key in plan.first_screen)
    return {
        "first_steps": first_steps,
        "screen": state,
        "decision": decision,
        "questions": [{"key": q.key, "text": state.wording(q)} for q in state.due],
        "help_groups": _help_groups(country, kinds),
        "help_kind_labels": HELP_KIND_LABELS,
        "help_country": help_for_country(country, language=get_language() or "en"),
        "can_tell_partner": bool(is_writer and member.can_write and selectors.partners(member)),
    }


def _answers(request: HttpRequest, state: services.ScreenState) -> dict[str, str]:
    return {q.key: request.POST[q.key] for q in state.due if request.POST.get(q.key)}


@require_http_methods(["GET", "POST"])
@member_view
def screening(request: MemberRequest, membership: Membership, screening_id: int) -> HttpResponse:
    """Show the questions due and the help; a POST saves one round of answers."""
    state = services.screening_state(membership, screening_id)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        answers = _answers(request, state)
        missing = [q for q in state.due if q.key not in answers]
        if missing:
            errors = {"answers": _("Please answer each question with yes or no.")}
            status = 422
        else:
            try:
                state = services.answer_screening(membership, screening_id, answers)
            except InvalidInput as exc:
                errors = exc.errors
                status = 422
    context = {**screen_context(membership, state), "errors": errors, "nav": "wellbeing"}
    return render(request, T + "screen.html", context, status=status)
