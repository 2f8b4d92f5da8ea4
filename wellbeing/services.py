"""Actions on check-ins, sharing, partner notices and "how are you doing" answers.

Nothing here logs answers, totals or free text: the server log must never hold them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Membership
from intake.engine import IntakeResult, analyse, safety_signal_flags
from scoring.instruments import InvalidAnswers, score
from scoring.safety import SafetyDecision, SafetySignals, safety_decision

from . import registry, selectors
from .assessment import Assessment, assess, frustration_decision
from .exceptions import InvalidInput, NotAllowed, NotFound
from .models import (
    CheckIn,
    FrustrationCheck,
    PartnerNotice,
    RespondentRole,
    Visibility,
    WellbeingPreference,
)

#: Longest text "Tell us what's going on" reads (about ten pages); longer is refused.
INTAKE_MAX_CHARS = 20_000
_ITEM_FIELD = re.compile(r"^item (\d+)$")


def _require_parent(member: Membership) -> None:
    if not member.can_write:
        raise NotAllowed(_("Check-ins are for the parents and carers in the household."))


def _visibility(value: str | None, default: str, field: str) -> str:
    if value is None or value == "":
        return default
    if value not in Visibility.values:
        raise InvalidInput(
            {field: _("Choose one of: %(choices)s.") % {"choices": ", ".join(Visibility.values)}}
        )
    return value


def _answer_errors(exc: InvalidAnswers) -> dict[str, str]:
    match = _ITEM_FIELD.match(exc.field)
    if match:
        return {f"item_{match.group(1)}": _("Choose one of the answers.")}
    return {"answers": exc.problem}


def _clean_answers(items: Sequence[Any], answers: Sequence[Any]) -> list[int]:
    """Option indices as ints; every unanswered or unreadable item is named."""
    if not isinstance(answers, Sequence) or isinstance(answers, str):
        raise InvalidInput({"answers": _("Send a list with one answer per question.")})
    if len(answers) > len(items):
        raise InvalidInput(
            {
                "answers": _("There are %(n)s questions; send one answer for each.")
                % {"n": len(items)}
            }
        )
    padded = list(answers) + [None] * (len(items) - len(answers))
    cleaned: list[int] = []
    errors: dict[str, str] = {}
    for item, answer in zip(items, padded, strict=True):
        if isinstance(answer, str) and answer.strip().isdigit():
            answer = int(answer)
        if isinstance(answer, bool) or not isinstance(answer, int):
            errors[f"item_{item.number}"] = _("Choose one of the answers.")
            continue
        cleaned.append(answer)
    if errors:
        raise InvalidInput(errors)
    return cleaned


@transaction.atomic
def submit_check_in(
    member: Membership,
    instrument: str,
    answers: Sequence[Any],
    share_with_partner: str | None = None,
    share_with_reports: str | None = None,
    now: datetime | None = None,
) -> Assessment:
    """Score and save a check-in; return it with the safety decision.

    ``answers`` are 0-based option indices in item order. Sharing defaults to the
    member's preference. Raises InvalidInput naming ``instrument``, ``answers``,
    ``item_N`` or a sharing field, and saves nothing, when any part is wrong.
    """
    _require_parent(member)
    inst = registry.instrument(instrument)
    if inst is None:
        raise InvalidInput(
            {
                "instrument": _("Choose one of: %(choices)s.")
                % {"choices": ", ".join(registry.answerable())}
            }
        )
    pref = selectors.preference(member)
    partner = _visibility(share_with_partner, pref.share_with_partner, "share_with_partner")
    reports = _visibility(share_with_reports, pref.share_with_reports, "share_with_reports")
    cleaned = _clean_answers(inst.items, answers)
    try:
        result = score(inst, cleaned, pref.respondent_role)
    except InvalidAnswers as exc:
        raise InvalidInput(_answer_errors(exc)) from None
    check_in = CheckIn.objects.create(
        membership=member,
        instrument=inst.key,
        instrument_version=inst.version,
        answers=cleaned,
        total=result.total,
        band=result.band.key,
        band_label=result.band.label,
        role_used=result.role_used,
        is_positive=result.is_positive,
        self_harm_flag=result.self_harm_item_positive,
        share_with_partner=partner,
        share_with_reports=reports,
        created_at=now or timezone.now(),
    )
    return assess(check_in)


def change_sharing(
    member: Membership,
    check_in_id: int | str,
    share_with_partner: str | None = None,
    share_with_reports: str | None = None,
) -> CheckIn:
    """Change what one of your own check-ins shares. NotFound for anyone else's."""
    row = selectors.own_check_in(member, check_in_id)
    row.share_with_partner = _visibility(
        share_with_partner, row.share_with_partner, "share_with_partner"
    )
    row.share_with_reports = _visibility(
        share_with_reports, row.share_with_reports, "share_with_reports"
    )
    row.save(update_fields=["share_with_partner", "share_with_reports"])
    return row


def update_preference(
    member: Membership,
    share_with_partner: str,
    share_with_reports: str,
    respondent_role: str,
    on_treatment_since: date | None,
) -> WellbeingPreference:
    """Save the member's defaults. Raises InvalidInput naming the field."""
    _require_parent(member)
    errors: dict[str, str] = {}
    if share_with_partner not in Visibility.values:
        errors["share_with_partner"] = _("Choose one of the options.")
    if share_with_reports not in Visibility.values:
        errors["share_with_reports"] = _("Choose one of the options.")
    if respondent_role not in RespondentRole.values:
        errors["respondent_role"] = _("Choose one of the options.")
    if on_treatment_since is not None and on_treatment_since > selectors.local_today(member):
        errors["on_treatment_since"] = _("That date is in the future.")
    if errors:
        raise InvalidInput(errors)
    pref, _created = WellbeingPreference.objects.update_or_create(
        membership=member,
        defaults={
            "share_with_partner": share_with_partner,
            "share_with_reports": share_with_reports,
            "respondent_role": respondent_role,
            "on_treatment_since": on_treatment_since,
        },
    )
    return pref


@transaction.atomic
def tell_partner(
    member: Membership, kind: str = PartnerNotice.Kind.NEEDS_YOU
) -> list[PartnerNotice]:
    """Leave an in-app notice for each other parent: only who asked and when, no content.

    Called only when the person presses "tell my partner". Raises NotFound when there is
    nobody to tell.
    """
    _require_parent(member)
    recipients = selectors.partners(member)
    if not recipients:
        raise NotFound(_("There is no other parent or carer in your household to tell."))
    now = timezone.now()
    return [
        PartnerNotice.objects.create(
            household_id=member.household_id,
            sender=member,
            recipient=recipient,
            kind=kind,
            created_at=now,
        )
        for recipient in recipients
    ]


def dismiss_notice(member: Membership, notice_id: int | str) -> None:
    """Mark one of your notices as seen. NotFound for anyone else's."""
    updated = PartnerNotice.objects.filter(
        pk=int(notice_id) if str(notice_id).isdigit() else -1, recipient=member, dismissed_at=None
    ).update(dismissed_at=timezone.now())
    if not updated:
        raise NotFound(_("No such notice."))


def record_frustration(
    member: Membership,
    rating: int | None,
    source: str = FrustrationCheck.Source.ASKED,
    cry_event_id: int | None = None,
) -> SafetyDecision:
    """Save a 0–10 "how are you doing right now" answer and return what it opens.

    ``rating`` may be None for "I'm at my limit" pressed without a number.
    """
    _require_parent(member)
    if rating is not None and (isinstance(rating, bool) or not 0 <= int(rating) <= 10):
        raise InvalidInput({"rating": _("Choose a number from 0 to 10.")})
    if source not in FrustrationCheck.Source.values:
        raise InvalidInput({"source": _("Unknown source.")})
    FrustrationCheck.objects.create(
        membership=member,
        rating=rating,
        source=source,
        cry_event_id=cry_event_id,
        created_at=timezone.now(),
    )
    return frustration_decision(member, rating)


def read_intake(text: str) -> tuple[IntakeResult, SafetyDecision]:
    """Read a parent's own words and return the concerns and the safety decision.

    The text is neither stored nor logged: it lives only for this call. Raises
    InvalidInput naming ``text`` when it is empty or too long.
    """
    if not text or not text.strip():
        raise InvalidInput({"text": _("Write a few words about what's going on.")})
    if len(text) > INTAKE_MAX_CHARS:
        raise InvalidInput(
            {"text": _("Please keep it under %(n)s characters.") % {"n": f"{INTAKE_MAX_CHARS:,}"}}
        )
    result = analyse(text)
    return result, safety_decision(SafetySignals(**safety_signal_flags(result)))


def intake_as_dict(result: IntakeResult) -> dict[str, Any]:
    """The intake result as plain data: the JSON shape the API and the CLI share."""
    return {
        "concerns": [
            {
                "label": c.label,
                "severity": c.severity,
                "subject": c.subject,
                "tags": list(c.tags),
                "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in c.evidence],
            }
            for c in result.concerns
        ],
        "next_steps": [
            {"key": s.key, "urgency": s.urgency, "subject": s.subject, "text": s.text}
            for s in result.next_steps
        ],
    }
