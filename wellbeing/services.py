"""Actions on check-ins, sharing, partner notices and "how are you doing" answers.

Nothing here logs answers, totals or free text: the server log must never hold them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from content.loader import base_language
from households.models import Membership
from intake.safety import IntakeSafety, assess_intake
from safety.rules import SafetyDecision
from safety.screen import ScreenAnswerError, ScreenQuestion, ScreenRound
from scoring.instruments import InvalidAnswers, score

from . import registry, selectors
from .assessment import (
    Assessment,
    assess,
    frustration_decision,
    in_reader_language,
    reader_language,
)
from .exceptions import InvalidInput, NotAllowed, NotFound
from .models import (
    CheckIn,
    FrustrationCheck,
    PartnerNotice,
    RespondentRole,
    SafetyScreening,
    Visibility,
    WellbeingPreference,
)

if TYPE_CHECKING:  # numpy and the sentence model behind it, loaded on first use
    from intake.engine import IntakeResult

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
    outcome = assess(check_in)
    if result.self_harm_item_positive:
        # parent-mental-health.md 'What this means for the app' 4: a positive self-harm item
        # leads at once to the safety screen, before any total.
        screening = open_screening(
            member,
            SafetyScreening.Origin.CHECK_IN,
            ("self",),
            signals={"self_harm_item_positive": True},
            check_in=check_in,
        )
        outcome = replace(outcome, screening=screening)
    return outcome


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


#: An "at my limit" answer at or above this opens the crying plan and the safety screen
#: (safety.md §2: frustration ≥7/10 opens the step-by-step flow).
FRUSTRATION_SCREEN_AT = 7


@dataclass(frozen=True)
class FrustrationOutcome:
    """What a 0–10 answer opens: the decision, and the screening when it is high enough."""

    decision: SafetyDecision
    screening: SafetyScreening | None = None


def record_frustration(
    member: Membership,
    rating: int | None,
    source: str = FrustrationCheck.Source.ASKED,
    cry_event_id: int | None = None,
) -> FrustrationOutcome:
    """Save a 0–10 "how are you doing right now" answer and return what it opens.

    ``rating`` may be None for "I'm at my limit" pressed without a number. A rating at or
    above FRUSTRATION_SCREEN_AT also opens the safety screen (about the baby and oneself).
    """
    _require_parent(member)
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10
    ):
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
    decision = frustration_decision(member, rating)
    screening = None
    if rating is not None and rating >= FRUSTRATION_SCREEN_AT:
        screening = open_screening(
            member,
            SafetyScreening.Origin.FRUSTRATION,
            ("baby", "self"),
            signals={"frustration_rating": rating},
        )
    return FrustrationOutcome(decision, screening)


@dataclass(frozen=True)
class IntakeReading:
    """What "Tell us what's going on" read: concerns, the safety decision, and the screen
    opened for the member when the text calls for it (None without a member)."""

    result: IntakeResult
    safety: IntakeSafety
    screening: SafetyScreening | None = None

    @property
    def decision(self) -> SafetyDecision:
        return in_reader_language(self.safety.decision)

    @property
    def unread_notice(self) -> str | None:
        """What to tell the parent when part of their words was in a language the intake
        cannot read (intake/language.py), in the reader's language; None when all was read."""
        return unread_notice(self.result)


#: Reader languages that write a language's name in lower case mid-sentence ("en español").
_LOWER_CASE_LANGUAGE_NAMES = frozenset({"es"})


def language_name(code: str) -> str:
    """A language's name as written mid-sentence in the reader's language ("Spanish",
    "español"), or "another language" for one Django does not name."""
    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return _("another language")
    if base_language(reader_language()) in _LOWER_CASE_LANGUAGE_NAMES:
        return name[:1].lower() + name[1:]
    return name


def unread_notice(result: IntakeResult) -> str | None:
    """The sentence saying which words were not read and why, or None."""
    from intake.language import main_language

    language = main_language(result.unread)
    if language is None:
        return None
    words = {"language": language_name(language)}
    whole = any(part.whole for part in result.unread)
    if whole:
        return (
            _(
                "What you wrote seems to be in %(language)s. Nestling can only read English so far, "
                "so it could not read your words, and it will not guess at them. Because it could "
                "not read them, it asks you directly."
            )
            % words
        )
    return (
        _(
            "Part of what you wrote seems to be in %(language)s. Nestling can only read English so "
            "far, so it could not read that part, and it will not guess at it. Because it could "
            "not read it, it asks you directly."
        )
        % words
    )


def read_intake(text: str, member: Membership | None = None) -> IntakeReading:
    """Read a parent's own words and return the concerns and the safety decision.

    The text is neither stored nor logged: it lives only for this call. When the safety
    decision asks the screen and ``member`` is given, a screening is opened for them holding
    only the yes/no signals, never the text. Raises InvalidInput naming ``text`` when it is
    empty or too long.
    """
    if not text or not text.strip():
        raise InvalidInput({"text": _("Write a few words about what's going on.")})
    if len(text) > INTAKE_MAX_CHARS:
        raise InvalidInput(
            {"text": _("Please keep it under %(n)s characters.") % {"n": f"{INTAKE_MAX_CHARS:,}"}}
        )
    from intake.engine import read as read_text  # the reader and its model, on first use

    # The reader's language (web, API and the command line activate it): the next steps are
    # worded in it, and short pieces in it count as writing the intake cannot read.
    language = reader_language()
    chosen = member.language if member is not None and member.language else language
    result = read_text(text, expect=[chosen])
    result = replace(result, next_steps=tuple(s.in_language(language) for s in result.next_steps))
    safety = assess_intake(result)
    screening = None
    if member is not None and safety.ask_screen:
        screening = open_screening(
            member,
            SafetyScreening.Origin.INTAKE,
            safety.topics,
            about=safety.screen_about,
            signals=dict(safety.signals),
            partner_words=dict(result.words),
        )
    return IntakeReading(result, safety, screening)


# --- the same-session safety screen ------------------------------------------------------


@dataclass(frozen=True)
class ScreenState:
    """A stored screening and where it stands: the questions due (none when complete), the
    decision so far, and the wording for the member (see safety.screen.ScreenRound)."""

    screening: SafetyScreening
    round: ScreenRound

    @property
    def due(self) -> tuple[ScreenQuestion, ...]:
        return self.round.due

    @property
    def decision(self) -> SafetyDecision:
        return in_reader_language(self.round.decision)

    @property
    def is_complete(self) -> bool:
        return self.round.is_complete

    @property
    def intro(self) -> str:
        """The opening line, in the reader's language."""
        round_ = self.round
        return round_.screen.intro_for(round_.about, round_.words, reader_language())

    def wording(self, question: ScreenQuestion) -> str:
        """The question as asked of this member, in the reader's language."""
        language = reader_language()
        words = self.round.screen.words_in(self.round.words, language)
        return question.wording(self.round.about, words, language)


def state_of(screening: SafetyScreening) -> ScreenState:
    """Return where a screening the caller already holds stands (no query)."""
    return ScreenState(
        screening,
        ScreenRound(
            topics=tuple(screening.topics),
            about=screening.about,
            origin=dict(screening.origin_signals or {}),
            answers={k: bool(v) for k, v in (screening.answers or {}).items()},
            words=dict(screening.partner_words or {}),
        ),
    )


def open_screening(
    member: Membership,
    origin: str,
    topics: Sequence[str],
    about: str = "writer",
    signals: Mapping[str, object] | None = None,
    check_in: CheckIn | None = None,
    partner_words: Mapping[str, str] | None = None,
) -> SafetyScreening:
    """Open a screening for ``member`` on ``topics`` ("self", "baby"); it is theirs alone."""
    return SafetyScreening.objects.create(
        membership=member,
        origin=origin,
        check_in=check_in,
        topics=[t for t in ("self", "baby") if t in topics] or ["self"],
        about=about if about in ("writer", "partner") else "writer",
        origin_signals=dict(signals or {}),
        partner_words=dict(partner_words or {}),
        created_at=timezone.now(),
    )


def screening_state(member: Membership, screening_id: int | str) -> ScreenState:
    """Return your screening with what is due next. NotFound for anyone else's."""
    return state_of(selectors.own_screening(member, screening_id))


def _parse_answer(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "y", "true", "1"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("no", "n", "false", "0"):
        return False
    raise InvalidInput({f"answers.{key}": _("Answer yes or no.")})


@transaction.atomic
def answer_screening(
    member: Membership, screening_id: int | str, answers: Mapping[str, object]
) -> ScreenState:
    """Add yes/no answers to your screening and return what is due next and the decision.

    Answers are question key → yes/no (true/false, or "yes"/"no"). Raises InvalidInput
    naming ``answers.<key>`` for an unknown question, a value that is not yes or no, or a
    follow-up whose lead question was not answered yes; nothing is saved then.
    """
    row = selectors.own_screening(member, screening_id, for_update=True)
    if not isinstance(answers, Mapping) or not answers:
        raise InvalidInput({"answers": _("Answer at least one question.")})
    given = {str(k): _parse_answer(str(k), v) for k, v in answers.items()}
    try:
        state = state_of(row).round.answered(given)
    except ScreenAnswerError as exc:
        raise InvalidInput({f"answers.{exc.field}": exc.problem}) from None
    row.answers = dict(state.answers)
    row.tier = state.decision.tier
    row.completed_at = None if state.due else timezone.now()
    row.save(update_fields=["answers", "tier", "completed_at"])
    return ScreenState(row, state)


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
        "unread": [{"start": u.start, "end": u.end, "language": u.language} for u in result.unread],
    }
