"""Wellbeing pages: check-ins and sharing, the safety screen, the crying plan, "how are you
doing", help where you live, "worried about my partner" and "Tell us what's going on".

Advice text comes from content/ through the cores (scoring, safety, intake); the templates hold
only labels and button text. Nothing here logs answers, totals or the intake text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from content.loader import load_sources, unique_sources
from households.exceptions import InvalidInput
from households.models import Membership
from households.selectors import membership_of
from notifications.services import schedule_reminder
from safety.help import help_for_country, help_for_screen, load_partner_path, quick_contacts
from safety.rules import SafetyDecision, load_crying_plan
from scoring.instruments import Instrument
from wellbeing import registry, selectors, services
from wellbeing.assessment import Assessment, assess
from wellbeing.labels import CONCERN_LABELS, SEVERITY_LABELS, SUBJECT_LABELS, URGENCY_LABELS
from wellbeing.models import FrustrationCheck

from ..access import MemberRequest, member_view, require_writer
from ..forms.wellbeing import CheckInForm, IntakeForm, PreferenceForm, RatingForm, SharingForm
from ..htmx import done, posted, render_page
from ..presenters.wellbeing import highlighted, trend_chart

if TYPE_CHECKING:  # numpy and the sentence model behind it, loaded on first use
    pass

logger = logging.getLogger(__name__)

T = "web/wellbeing/"
HELP_KIND_LABELS = {
    "emergency": gettext_lazy("Emergency"),
    "crisis": gettext_lazy("Crisis line"),
    "perinatal": gettext_lazy("Perinatal and parent support"),
    "support": gettext_lazy("Support"),
    "medical": gettext_lazy("Medical advice"),
}


# --- helpers -------------------------------------------------------------------------------


def _help_groups(country: str | None, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    """Services for a screen, grouped by kind in the decision's order."""
    services_ = help_for_screen(country, kinds, language=get_language() or "en")
    return [
        {"kind": kind, "label": HELP_KIND_LABELS.get(kind, kind), "services": grouped}
        for kind in kinds
        if (grouped := [s for s in services_ if s.kind == kind])
    ]


def _safety_context(member: Membership | None, decision: SafetyDecision) -> dict[str, Any]:
    country = member.household.country if member else None
    help_country = help_for_country(country, language=get_language() or "en")
    kinds = decision.help_kinds
    # The safety screen always leads with the local emergency number; a result page that
    # only suggests a helpline (a severe band) does not add one: calm, not alarm.
    if decision.show_safety_screen_first and "emergency" not in kinds:
        kinds = ("emergency", *kinds)
    return {
        "decision": decision,
        "help_groups": _help_groups(country, kinds),
        "help_country": help_country,
        "can_tell_partner": bool(
            member and decision.offer_tell_partner and selectors.partners(member)
        ),
    }


def _instrument_or_404(key: str) -> Instrument:
    inst = registry.instrument(key)
    if inst is None:
        raise Http404("No such check-in.")
    return inst


def _own_assessment(member: Membership, check_in_id: int) -> Assessment:
    row = selectors.own_check_in(member, check_in_id)
    try:
        return assess(row)
    except LookupError:  # its instrument pack was removed: nothing to score it with
        raise Http404("This check-in's questionnaire is no longer installed.") from None


def _next_step_url(key: str) -> str | None:
    exact = {
        "help:partner_path": reverse("web:partner-path"),
        "safety:crying_plan": reverse("web:crying-plan"),
        "checkin:phq9": reverse("web:checkin-new", args=["phq9"]),
        "checkin:gad7": reverse("web:checkin-new", args=["gad7"]),
        "care_load": reverse("web:history"),
        "insights:crying": reverse("web:history"),
    }
    if key in exact:
        return exact[key]
    if key.startswith(("help:", "safety:")):
        return reverse("web:help-directory")
    return None


# --- wellbeing home, check-ins, sharing ----------------------------------------------------


@require_safe
@member_view
def home(request: MemberRequest, membership: Membership) -> HttpResponse:
    """What is offered today (never nagging), notices, what a partner shared, and the paths."""
    plan = selectors.check_in_plan(membership) if membership.can_write else None
    offers = []
    if plan is not None:
        for offer in plan.offers:
            inst = registry.instrument(offer.instrument)
            if inst is not None:
                offers.append({"offer": offer, "instrument": inst})
    shared = [v for v in selectors.visible_check_ins(membership) if not v.is_own][:20]
    context = {
        "plan": plan,
        "offers": offers,
        "instruments": list(registry.answerable().values()),
        "shared": shared,
        "notices": selectors.notices_for(membership),
        "own_count": len(selectors.own_history(membership)),
        "nav": "wellbeing",
    }
    return render_page(request, T + "home.html", context, "wellbeing-main")


@require_http_methods(["GET", "POST"])
@member_view
def checkin_new(request: MemberRequest, membership: Membership, instrument: str) -> HttpResponse:
    """One short page of questions; a self-harm answer leads straight to the safety screen."""
    require_writer(membership)
    inst = _instrument_or_404(instrument)
    pref = selectors.preference(membership)
    form = CheckInForm(
        posted(request),
        instrument=inst,
        initial={
            "share_with_partner": pref.share_with_partner,
            "share_with_reports": pref.share_with_reports,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.submit_check_in(
                membership,
                inst.key,
                form.answers(),
                form.cleaned_data["share_with_partner"],
                form.cleaned_data["share_with_reports"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            if outcome.screening is not None:
                return done(request, "web:screen", outcome.screening.pk)
            if outcome.decision.show_safety_screen_first:
                return done(request, "web:checkin-safety", outcome.check_in.pk)
            return done(request, "web:checkin-detail", outcome.check_in.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "instrument": inst, "nav": "wellbeing"}
    return render_page(request, T + "checkin_form.html", context, "checkin-form", status=status)


@require_safe
@member_view
def checkin_safety(
    request: MemberRequest, membership: Membership, check_in_id: int
) -> HttpResponse:
    """The safety screen, shown before any score: numbers first, nothing behind a button."""
    outcome = _own_assessment(membership, check_in_id)
    context = {
        **_safety_context(membership, outcome.decision),
        "check_in": outcome.check_in,
        "nav": "wellbeing",
    }
    return render(request, T + "safety.html", context)


@require_safe
@member_view
def checkin_detail(
    request: MemberRequest, membership: Membership, check_in_id: int
) -> HttpResponse:
    """Your result in plain words; or, for a partner, only what was shared."""
    view = selectors.check_in_for(membership, check_in_id)
    if not view.is_own:
        inst = registry.instruments().get(view.instrument)
        answers = []
        if view.answers is not None and inst is not None:
            answers = [
                {"item": item, "option": item.options[a]}
                for item, a in zip(inst.items, view.answers, strict=False)
            ]
        context = {"view": view, "answers": answers, "nav": "wellbeing"}
        return render(request, T + "checkin_shared.html", context)
    outcome = _own_assessment(membership, check_in_id)
    row = outcome.check_in
    inst = registry.instruments()[row.instrument]
    form = SharingForm(
        initial={
            "share_with_partner": row.share_with_partner,
            "share_with_reports": row.share_with_reports,
        }
    )
    context = {
        **_safety_context(membership, outcome.decision),
        "outcome": outcome,
        "result": outcome.result,
        "check_in": row,
        "instrument": inst,
        "answers": [
            {"item": item, "option": item.options[a]}
            for item, a in zip(inst.items, row.answers, strict=False)
        ],
        "sharing_form": form,
        "follow_up": outcome.decision.follow_up_days,
        "cites": load_sources().instruments.get(inst.key, ()),
        "nav": "wellbeing",
    }
    return render(request, T + "result.html", context)


@require_POST
@member_view
def checkin_sharing(
    request: MemberRequest, membership: Membership, check_in_id: int
) -> HttpResponse:
    """Change what one of your check-ins shares (partner and reports separately)."""
    selectors.own_check_in(membership, check_in_id)
    form = SharingForm(request.POST)
    if form.is_valid():
        try:
            services.change_sharing(membership, check_in_id, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("Sharing saved."))
            return done(request, "web:checkin-detail", check_in_id)
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return done(request, "web:checkin-detail", check_in_id)


@require_safe
@member_view
def checkin_history(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Your own check-ins and a trend chart per questionnaire. Only ever your own."""
    rows = selectors.own_history(membership)
    role = selectors.preference(membership).respondent_role
    charts = []
    for key in dict.fromkeys(row.instrument for row in rows):
        inst = registry.instruments().get(key)
        own = [row for row in rows if row.instrument == key]
        if inst is not None:
            charts.append({"instrument": inst, "chart": trend_chart(own, inst, role), "rows": own})
    context = {"charts": charts, "rows": list(reversed(rows)), "nav": "wellbeing"}
    return render_page(request, T + "history.html", context, "history-main")


@require_http_methods(["GET", "POST"])
@member_view
def preferences(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Defaults for sharing, the role cut-offs use, and when treatment started."""
    require_writer(membership)
    pref = selectors.preference(membership)
    form = PreferenceForm(
        posted(request),
        initial={
            "share_with_partner": pref.share_with_partner,
            "share_with_reports": pref.share_with_reports,
            "respondent_role": pref.respondent_role,
            "on_treatment_since": pref.on_treatment_since,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preference(membership, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("Saved."))
            return done(request, "web:wellbeing")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "nav": "wellbeing"}
    return render_page(request, T + "preferences.html", context, "preferences-form", status=status)


@require_POST
@member_view
def tell_partner(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Pressed on purpose: leave a notice for the other parent (no answers, no scores)."""
    require_writer(membership)
    sent = services.tell_partner(membership)
    for notice in sent:
        # Also through the partner's inbox and phone; outside channels get only a neutral
        # line (sensitive), never why. The notice above stands even if this fails.
        try:
            schedule_reminder(
                notice.recipient,
                "partner",
                _("%(name)s needs you now") % {"name": membership.display_name},
                _("%(name)s asked Nestling to let you know. Please go to them or call them.")
                % {"name": membership.display_name},
                reverse("web:wellbeing"),
                timezone.now(),
                f"partner-notice:{notice.pk}",
                sensitive=True,
            )
        except InvalidInput:
            logger.exception("Could not queue the partner reminder for notice %s", notice.pk)
    names = ", ".join(notice.recipient.display_name for notice in sent)
    messages.success(
        request,
        _("We've let %(names)s know you need them. Nestling can't call them for you.")
        % {"names": names},
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return done(request, "web:wellbeing")


@require_POST
@member_view
def notice_dismiss(request: MemberRequest, membership: Membership, notice_id: int) -> HttpResponse:
    services.dismiss_notice(membership, notice_id)
    return done(request, "web:wellbeing")


# --- crying plan and "how are you doing" ---------------------------------------------------


@require_safe
def crying_plan(request: HttpRequest) -> HttpResponse:
    """The "I'm at my limit" plan, open to anyone signed in or not. The first screen shows the
    plan's first steps together (put the baby down, step away, call someone), with numbers to
    call, and fits a phone without scrolling; each later step is a screen of its own, one tap
    on. The emergency step is on every screen. ``?step=N`` is the step number (1 …)."""
    membership = membership_of(request.user)
    language = get_language() or "en"
    plan = load_crying_plan().in_language(language)
    steps = plan.numbered
    first_count = len(plan.first_screen)
    index = _step_number(request, len(steps))
    is_first = index <= first_count
    shown = list(enumerate(steps, 1))[:first_count] if is_first else [(index, steps[index - 1])]
    asked = _asked_country(request, membership)
    country = membership.household.country if membership else asked
    items = _plan_items(shown, country, language)
    context = {
        "plan": plan,
        "items": items,
        "has_calls": any(item["calls"] for item in items),
        **_step_links(steps, index, first_count, asked),
        "always": plan.always,
        "emergency_calls": quick_contacts(country, ("emergency",), 1, language=language),
        "help_country": help_for_country(country, language=get_language() or "en"),
        "help_url": reverse("web:help-directory") + (f"?country={asked}" if asked else ""),
        "cites": unique_sources([*(step.cites for _n, step in shown), plan.always.cites]),
        "started": timezone.now(),
        "can_tell_partner": bool(
            membership and membership.can_write and selectors.partners(membership)
        ),
        "can_log": bool(membership and membership.can_write),
        "nav": "wellbeing",
    }
    return render(request, T + "crying_plan.html", context)


def _step_number(request: HttpRequest, count: int) -> int:
    """``?step=N``, kept within the plan's ``count`` steps (1 when it is not a number)."""
    try:
        return min(max(int(request.GET.get("step", "1")), 1), count)
    except ValueError:
        return 1


def _asked_country(request: HttpRequest, membership: Membership | None) -> str | None:
    """Signed out, the country comes from the link (as on the help page) and stays on it."""
    raw = "" if membership else request.GET.get("country", "").strip()
    return raw.upper() if len(raw) == 2 and raw.isascii() and raw.isalpha() else None


def _plan_items(
    shown: list[tuple[int, Any]], country: str | None, language: str
) -> list[dict[str, object]]:
    """The steps on this screen, each with its timer or the numbers it offers to call."""
    # Room for two numbers: "call someone" offers a parent line and a crisis line (safety.md
    # §2 step 3); "might hurt" two crisis lines. The help page has the rest.
    calls = {
        "support": quick_contacts(country, ("perinatal", "support"), 1, language=language)
        + quick_contacts(country, ("crisis",), 1, language=language),
        "crisis": quick_contacts(country, ("crisis",), 2, language=language),
    }
    items = []
    for number, step in shown:
        kind, _sep, arg = step.action.partition(":")
        items.append(
            {
                "number": number,
                "step": step,
                "timer_minutes": int(arg) if kind == "timer" else None,
                "calls": calls.get(arg, ()) if kind == "call" else (),
            }
        )
    return items


def _step_links(
    steps: Sequence[Any], index: int, first_count: int, asked: str | None
) -> dict[str, Any]:
    """Where this screen sits among the plan's screens, and the links to the others (the
    first screen holds the first ``first_count`` steps)."""
    suffix = f"&country={asked}" if asked else ""

    def url(number: int) -> str:
        return f"?step={number}{suffix}"

    is_first = index <= first_count
    return {
        "is_first": is_first,
        "index": index,
        "count": len(steps),
        "first_count": first_count,
        "prev_url": None if is_first else url(1 if index - 1 <= first_count else index - 1),
        "next_url": url(first_count + 1 if is_first else index + 1)
        if (first_count if is_first else index) < len(steps)
        else None,
        "all_steps": [{"number": n, "step": s, "url": url(n)} for n, s in enumerate(steps, 1)],
    }


@require_POST
@member_view
def at_limit(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Note an "at my limit" moment (the plan's last step), for the weekly pattern."""
    require_writer(membership)
    decision = services.record_frustration(
        membership, None, FrustrationCheck.Source.AT_LIMIT
    ).decision
    messages.success(request, _("Noted. Thank you for looking after yourself and the baby."))
    for fired in decision.fired:
        messages.info(request, fired.message)
    return done(request, "web:wellbeing")


@require_safe
@member_view
def cry_check(request: MemberRequest, membership: Membership, baby_id: int) -> HttpResponse:
    """Today's slot: after a long or intense cry you logged, ask how you are; otherwise the
    one-tap link to the crying plan. htmx gets the fragment; a plain visit, the full page."""
    cry = selectors.hard_cry_to_ask(membership, baby_id) if membership.can_write else None
    form = RatingForm(initial={"cry": cry.pk if cry else None})
    context = {"form": form, "cry": cry, "nav": "today"}
    return render_page(request, T + "how_are_you.html", context, "cry-ask")


@require_http_methods(["GET", "POST"])
@member_view
def how_are_you(request: MemberRequest, membership: Membership) -> HttpResponse:
    """ "How are you doing right now?" 0–10; a high answer opens the crying plan."""
    require_writer(membership)
    form = RatingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        rating = form.cleaned_data["rating"]
        cry_id = form.cleaned_data.get("cry")
        if cry_id and not selectors.own_cry(membership, cry_id):
            cry_id = None  # not a cry this member logged in this household: ignore the link
        source = FrustrationCheck.Source.AFTER_CRY if cry_id else FrustrationCheck.Source.ASKED
        outcome = services.record_frustration(membership, rating, source, cry_id)
        decision = outcome.decision
        if outcome.screening is not None:
            # At or above the threshold: the crying plan's first steps and the safety
            # questions come together on one page.
            return done(request, "web:screen", outcome.screening.pk)
        for fired in decision.fired:
            messages.warning(request, fired.message)
        if decision.crying_plan is not None:
            return done(request, "web:crying-plan")
        if not decision.fired:
            messages.success(
                request, _("Thanks for telling us. The crying plan is always one tap away.")
            )
        return done(request, "web:wellbeing")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "cry": None, "nav": "wellbeing"}
    return render_page(request, T + "how_are_you.html", context, "cry-ask", status=status)


# --- help, partner path, intake --------------------------------------------------------------


@require_safe
def help_directory(request: HttpRequest) -> HttpResponse:
    """Emergency, crisis and perinatal help for the household's country. Where we have no
    sourced number (the directory's gaps, kept for maintainers), the page says only what to do."""
    membership = membership_of(request.user)
    country = membership.household.country if membership else request.GET.get("country")
    found = help_for_country(country, language=get_language() or "en")
    kinds = ("emergency", "crisis", "perinatal", "support", "medical")
    context = {
        "country": found,
        "help_groups": _help_groups(country, kinds),
        "nav": "wellbeing",
    }
    return render(request, T + "help_directory.html", context)


@require_safe
def partner_path(request: HttpRequest) -> HttpResponse:
    """ "Worried about my partner": signs, how to raise it, looking after yourself, where to go."""
    membership = membership_of(request.user)
    country = membership.household.country if membership else request.GET.get("country")
    path = load_partner_path().in_language(get_language() or "en")
    context = {
        "path": path,
        "cites": path.cites,
        "help_groups": _help_groups(country, ("emergency", "crisis", "perinatal")),
        "help_country": help_for_country(country, language=get_language() or "en"),
        "nav": "wellbeing",
    }
    return render(request, T + "partner.html", context)


@require_http_methods(["GET", "POST"])
@member_view
def intake(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Free text in, concerns (with the phrases that raised them) and next steps out.

    The text is read once, in memory: never saved, never logged.
    """
    form = IntakeForm(posted(request))
    context: dict[str, Any] = {"form": form, "nav": "wellbeing"}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            text = form.cleaned_data["text"]
            try:
                reading = services.read_intake(text, membership)
            except InvalidInput as exc:
                form.add_service_errors(exc.errors)
                status = 422
            else:
                result, decision = reading.result, reading.decision
                context.update(_safety_context(membership, decision))
                context["safety"] = reading.safety
                context["unread_notice"] = reading.unread_notice
                if reading.screening is not None:
                    from .screen import screen_context

                    context.update(screen_context(membership, services.state_of(reading.screening)))
                context.update(
                    {
                        "result": result,
                        "pieces": highlighted(text, result),
                        "concerns": [
                            {
                                "concern": c,
                                "label": CONCERN_LABELS.get(c.label, c.label),
                                "subject": SUBJECT_LABELS.get(c.subject, c.subject),
                                "severity": SEVERITY_LABELS.get(c.severity, c.severity),
                            }
                            for c in result.concerns
                        ],
                        "steps": [
                            {
                                "step": s,
                                "url": _next_step_url(s.key),
                                "urgency": URGENCY_LABELS.get(s.urgency, s.urgency),
                            }
                            for s in result.next_steps
                        ],
                    }
                )
        else:
            status = 422
    return render_page(request, T + "intake.html", context, "intake-main", status=status)
