"""Check-ins, "Tell us what's going on" and the help directory.

A check-in belongs to the person who answered: the list and detail routes return the
caller's own check-ins in full and other members' only as far as they shared them with
their partner (unshared ones are 404, as if they did not exist). The intake text is read
in memory and neither stored nor logged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Router, Schema, Status

from safety.help import Service, help_for_country, help_for_screen
from safety.rules import SafetyDecision
from wellbeing import registry, selectors, services
from wellbeing.assessment import Assessment
from wellbeing.selectors import CheckInView

from .auth import caller
from .errors import errors
from .schemas import MemberRef, _In

router = Router(tags=["wellbeing"])

VisibilityCode = Literal["nothing", "done", "band", "everything"]


class OptionOut(Schema):
    index: int
    label: str | None


class ItemOut(Schema):
    number: int
    text: str | None
    options: list[OptionOut]


class InstrumentOut(Schema):
    key: str
    name: str
    short_name: str
    measures: str
    stem: str | None
    items: list[ItemOut]
    citation: str
    permission: str
    offered_now: bool = Field(description="The cadence rule offers it today (never nagging).")
    offered_reason: str | None = None


class CheckInOut(Schema):
    id: int
    member: MemberRef
    instrument: str
    instrument_name: str
    created_at: datetime
    shared: Literal["own", "done", "band", "everything"] = Field(
        description="'own' for your check-ins; otherwise what its owner shared with you."
    )
    band: str | None = None
    band_label: str | None = None
    is_positive: bool | None = None
    total: int | None = None
    max_total: int | None = None
    answers: list[int] | None = None
    self_harm_flag: bool | None = None
    share_with_partner: VisibilityCode | None = None
    share_with_reports: VisibilityCode | None = None


class CheckInIn(_In):
    instrument: str = Field(description="An instrument key from GET /checkins/instruments.")
    answers: list[int] = Field(description="0-based option index per item, in item order.")
    share_with_partner: VisibilityCode | None = Field(
        None, description="Defaults to your wellbeing setting (nothing, unless you changed it)."
    )
    share_with_reports: VisibilityCode | None = None


class ContactOut(Schema):
    method: Literal["call", "text", "web"]
    value: str
    label: str | None = None


class ServiceOut(Schema):
    key: str
    name: str
    kind: str
    contacts: list[ContactOut]
    hours: str | None = None
    note: str | None = None
    not_a_crisis_line: bool = False


class FiredOut(Schema):
    id: str
    tier: int
    message: str
    say: list[str]


class ScreenQuestionOut(Schema):
    key: str
    text: str = Field(description="Worded for the person answering (about them or their partner).")


class ScreenOut(Schema):
    id: int = Field(description="Answer with POST /screens/{id}/answers.")
    about: Literal["writer", "partner"]
    topics: list[Literal["self", "baby"]]
    intro: str
    questions: list[ScreenQuestionOut] = Field(
        description="The questions due now (one round); empty when the screen is complete."
    )
    answers: dict[str, bool]
    is_complete: bool


class SafetyOut(Schema):
    show_safety_screen_first: bool = Field(
        description="Show the safety screen (help below) before any score."
    )
    tier: int = Field(description="1 emergency now, 2 urgent today, 3 soon, 4 routine.")
    offer_tell_partner: bool
    follow_up_days: int | None = None
    messages: list[FiredOut]
    help: list[ServiceOut]
    ask_screen: bool = Field(
        False, description="The safety screen is due now: see `screen` for its questions."
    )
    screen: ScreenOut | None = None


class IntakeSafetyOut(SafetyOut):
    about: Literal["writer", "partner", "baby", "none"] = Field(
        description="Whom the most urgent reason is about; answers are worded for the writer."
    )
    reasons: list[str] = Field(description="Reason codes, most urgent first.")


class ScreenAnswersIn(_In):
    answers: dict[str, bool] = Field(
        description="Question key → yes (true) or no (false); may be sent one round at a time."
    )


class FrustrationIn(_In):
    rating: int | None = Field(
        None, ge=0, le=10, description="0 calm … 10 at my limit; omit for 'at my limit'."
    )


class FrustrationOut(Schema):
    safety: SafetyOut


class ScreenStateOut(Schema):
    screen: ScreenOut
    safety: SafetyOut


class ScoreOut(Schema):
    total: int
    max_total: int
    band: str
    band_label: str
    is_positive: bool
    cutoff: int
    citation: str
    improvement_points: int | None = None


class CheckInCreated(Schema):
    safety: SafetyOut
    check_in: CheckInOut
    score: ScoreOut


class IntakeIn(_In):
    text: str = Field(description="The parent's own words. Not stored, not logged.")


class SpanOut(Schema):
    start: int
    end: int
    text: str


class ConcernOut(Schema):
    label: str
    severity: Literal["low", "moderate", "high", "urgent"]
    subject: str
    tags: list[str]
    evidence: list[SpanOut]


class NextStepOut(Schema):
    key: str
    urgency: Literal["emergency", "today", "soon", "routine"]
    subject: str
    text: str


class UnreadOut(Schema):
    start: int
    end: int
    language: str = Field(description="ISO 639-1 code of the language it seems to be in.")


class IntakeOut(Schema):
    concerns: list[ConcernOut]
    next_steps: list[NextStepOut]
    unread: list[UnreadOut] = Field(
        description="Parts of `text` in a language the intake cannot read (it reads English "
        "only). They were not read; when there are any, `safety.ask_screen` is true and "
        "`unread_notice` says so in the caller's language."
    )
    unread_notice: str | None = None
    safety: IntakeSafetyOut


class HelpOut(Schema):
    country: str
    name: str
    is_fallback: bool
    services: list[ServiceOut]
    not_monitored_text: str


def _service_out(service: Service) -> dict[str, Any]:
    return {
        "key": service.key,
        "name": service.name,
        "kind": service.kind,
        "contacts": [
            {"method": c.method, "value": c.value, "label": c.label} for c in service.contacts
        ],
        "hours": service.hours,
        "note": service.note,
        "not_a_crisis_line": service.not_a_crisis_line,
    }


def _screen_out(state: services.ScreenState) -> dict[str, Any]:
    row = state.screening
    return {
        "id": row.pk,
        "about": row.about,
        "topics": list(row.topics),
        "intro": state.intro,
        "questions": [{"key": q.key, "text": state.wording(q)} for q in state.due],
        "answers": {k: bool(v) for k, v in (row.answers or {}).items()},
        "is_complete": state.is_complete,
    }


def _safety_out(
    country: str, decision: SafetyDecision, screen: services.ScreenState | None = None
) -> dict[str, Any]:
    kinds = decision.urgent_help_kinds
    return {
        "show_safety_screen_first": decision.show_safety_screen_first,
        "tier": decision.tier,
        "offer_tell_partner": decision.offer_tell_partner,
        "follow_up_days": decision.follow_up_days,
        "messages": [
            {"id": f.id, "tier": f.tier, "message": f.message, "say": list(f.say)}
            for f in decision.fired
        ],
        "help": [
            _service_out(s)
            for s in help_for_screen(
                country, tuple(kinds), language=translation.get_language() or "en"
            )
        ],
        "ask_screen": screen is not None and not screen.is_complete,
        "screen": _screen_out(screen) if screen is not None else None,
    }


def _state(me: Any, screening: Any) -> services.ScreenState | None:
    return services.state_of(screening) if screening is not None else None


def _check_in_out(view: CheckInView) -> dict[str, Any]:
    return {
        "id": view.id,
        "member": {"id": view.member_id, "display_name": view.member_name},
        "instrument": view.instrument,
        "instrument_name": view.instrument_name,
        "created_at": view.created_at,
        "shared": view.level,
        "band": view.band,
        "band_label": view.band_label,
        "is_positive": view.is_positive,
        "total": view.total,
        "max_total": view.max_total,
        "answers": list(view.answers) if view.answers is not None else None,
        "self_harm_flag": view.self_harm_flag,
        "share_with_partner": view.share_with_partner,
        "share_with_reports": view.share_with_reports,
    }


@router.get(
    "/checkins/instruments",
    response={200: list[InstrumentOut], **errors(401, 403)},
    operation_id="list_instruments",
)
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    """The questionnaires you can answer, with item text, options and citation, and which
    the cadence rule offers you today."""
    me = caller(request)
    plan = selectors.check_in_plan(me) if me.can_write else None
    offered = {o.instrument: o.reason for o in plan.offers} if plan else {}
    return [
        {
            "key": inst.key,
            "name": inst.name,
            "short_name": inst.short_name,
            "measures": inst.measures,
            "stem": inst.stem,
            "items": [
                {
                    "number": item.number,
                    "text": item.text,
                    "options": [{"index": i, "label": o.label} for i, o in enumerate(item.options)],
                }
                for item in inst.items
            ],
            "citation": inst.citation,
            "permission": inst.permission,
            "offered_now": inst.key in offered,
            "offered_reason": offered.get(inst.key),
        }
        for inst in registry.answerable().values()
    ]


@router.get(
    "/checkins", response={200: list[CheckInOut], **errors(401, 403)}, operation_id="list_check_ins"
)
def list_check_ins(request: HttpRequest) -> list[dict[str, Any]]:
    """Your check-ins, and others' only as far as they shared them with you; newest first."""
    return [_check_in_out(v) for v in selectors.visible_check_ins(caller(request))]


@router.post(
    "/checkins",
    response={201: CheckInCreated, **errors(400, 401, 403, 413, 422)},
    operation_id="create_check_in",
)
def create_check_in(request: HttpRequest, payload: CheckInIn) -> Status[dict[str, Any]]:
    """Answer a questionnaire. `safety` comes first: when `show_safety_screen_first` is true,
    show its messages and help before any score."""
    me = caller(request)
    outcome: Assessment = services.submit_check_in(
        me,
        payload.instrument,
        payload.answers,
        payload.share_with_partner,
        payload.share_with_reports,
    )
    view = selectors.check_in_for(me, outcome.check_in.pk)
    result = outcome.result
    return Status(
        201,
        {
            "safety": _safety_out(
                me.household.country, outcome.decision, _state(me, outcome.screening)
            ),
            "check_in": _check_in_out(view),
            "score": {
                "total": result.total,
                "max_total": result.max_total,
                "band": result.band.key,
                "band_label": result.band.label,
                "is_positive": result.is_positive,
                "cutoff": result.cutoff.min_total,
                "citation": result.citation,
                "improvement_points": outcome.improvement_points,
            },
        },
    )


@router.get(
    "/checkins/{check_in_id}",
    response={200: CheckInOut, **errors(401, 403, 404)},
    operation_id="get_check_in",
)
def get_check_in(request: HttpRequest, check_in_id: int) -> dict[str, Any]:
    """One check-in: yours in full, or another member's as far as they shared it (else 404)."""
    return _check_in_out(selectors.check_in_for(caller(request), check_in_id))


@router.post(
    "/intake",
    response={200: IntakeOut, **errors(400, 401, 403, 413, 422)},
    operation_id="read_intake",
)
def read_intake(request: HttpRequest, payload: IntakeIn) -> dict[str, Any]:
    """Read a parent's own words: concerns with quoted evidence (character offsets into
    `text`), next steps most urgent first, and the safety decision: `tier`, whom it is
    `about`, the `reasons`, and, when `ask_screen` is true, the safety `screen` to answer
    with POST /screens/{id}/answers. The text is not stored."""
    me = caller(request)
    reading = services.read_intake(payload.text, me)
    safety = _safety_out(me.household.country, reading.decision, _state(me, reading.screening))
    safety["ask_screen"] = reading.safety.ask_screen
    safety["about"] = reading.safety.about
    safety["reasons"] = list(reading.safety.reason_codes)
    return {
        **services.intake_as_dict(reading.result),
        "unread_notice": reading.unread_notice,
        "safety": safety,
    }


@router.post(
    "/frustration",
    response={201: FrustrationOut, **errors(400, 401, 403, 413, 422)},
    operation_id="record_frustration",
)
def record_frustration(request: HttpRequest, payload: FrustrationIn) -> Status[dict[str, Any]]:
    """How are you doing right now, 0–10 (omit `rating` for "I'm at my limit"). A rating of
    7 or more opens the crying plan and the safety screen (`safety.screen`)."""
    me = caller(request)
    source = "asked" if payload.rating is not None else "at_limit"
    outcome = services.record_frustration(me, payload.rating, source)
    return Status(
        201,
        {
            "safety": _safety_out(
                me.household.country, outcome.decision, _state(me, outcome.screening)
            )
        },
    )


@router.get(
    "/screens/{screening_id}",
    response={200: ScreenStateOut, **errors(401, 403, 404, 422)},
    operation_id="get_screen",
)
def get_screen(request: HttpRequest, screening_id: int) -> dict[str, Any]:
    """Your safety screen: the questions due now and the decision so far. Only ever yours."""
    me = caller(request)
    state = services.screening_state(me, screening_id)
    return {
        "screen": _screen_out(state),
        "safety": _safety_out(me.household.country, state.decision, state),
    }


@router.post(
    "/screens/{screening_id}/answers",
    response={200: ScreenStateOut, **errors(400, 401, 403, 404, 413, 422)},
    operation_id="answer_screen",
)
def answer_screen(
    request: HttpRequest, screening_id: int, payload: ScreenAnswersIn
) -> dict[str, Any]:
    """Answer some or all of the questions due. The reply holds the next round (if any) and
    the decision with the right help first. Nothing is shared with anyone."""
    me = caller(request)
    state = services.answer_screening(me, screening_id, payload.answers)
    return {
        "screen": _screen_out(state),
        "safety": _safety_out(me.household.country, state.decision, state),
    }


@router.get("/help", response={200: HelpOut, **errors(401, 403)}, operation_id="get_help")
def get_help(request: HttpRequest) -> dict[str, Any]:
    """Emergency, crisis, perinatal and support services for your household's country."""
    found = help_for_country(
        caller(request).household.country, language=translation.get_language() or "en"
    )
    return {
        "country": found.code,
        "name": found.name,
        "is_fallback": found.is_fallback,
        "services": [_service_out(s) for s in found.services],
        "not_monitored_text": found.not_monitored_text,
    }
