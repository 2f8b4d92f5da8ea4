"""The bonding plan: availability, what was tried, the plan and its sessions, activities,
the weekly review, and the Today card.

A parent's plan is visible to everyone in the household; only that parent and the owner
can change it (`guidance.selectors.can_change`). Outsiders get 404, viewers 403 on writes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelog.models import Baby
from guidance import content, selectors, services
from guidance.models import Availability, Plan, PlanSession, Tried
from households.exceptions import InvalidInput, NotAllowed, NotFound
from households.models import Membership
from households.selectors import member as member_by_id
from households.selectors import members
from parsers import times
from reports import wording

from ..access import MemberRequest, member_view, require_writer
from ..forms import ServiceErrorsMixin, set_choices
from ..htmx import done, posted, render_page

WEEKDAY_LABELS = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)


def _minute(text: str, *, end: bool = False) -> int:
    """A typed time of day (parsers.times), with its message in the reader's language."""
    try:
        return times.minute_of_day(text, end=end)
    except times.ParseError as exc:
        raise ValueError(_(exc.template) % exc.params) from None


def parse_windows(text: str) -> list[tuple[int, int]]:
    """Typed free windows (parsers.times), with the message in the reader's language."""
    try:
        return times.windows(text)
    except times.ParseError as exc:
        raise ValueError(_(exc.template) % exc.params) from None


def format_windows(windows: list[list[int]]) -> str:
    return ", ".join(f"{times.hhmm(s)}-{times.hhmm(e)}" for s, e in windows)


# --- forms ---------------------------------------------------------------------------------


class AvailabilityForm(ServiceErrorsMixin, forms.Form):
    """Free windows per weekday, in the household's time zone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in zip(services.WEEKDAYS, WEEKDAY_LABELS, strict=True):
            self.fields[name] = forms.CharField(label=label, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns; its stub says it may be None
        for name in services.WEEKDAYS:
            try:
                data[f"{name}_windows"] = parse_windows(data.get(name, ""))
            except ValueError as exc:
                self.add_error(name, str(exc))
        return data

    def days(self) -> list[list[tuple[int, int]]]:
        return [self.cleaned_data[f"{name}_windows"] for name in services.WEEKDAYS]


class WorkHoursForm(ServiceErrorsMixin, forms.Form):
    """The quick form: "I work 06:00–22:00 on weekdays"."""

    DAYS = (
        ("weekdays", gettext_lazy("on weekdays")),
        ("every_day", gettext_lazy("every day")),
    )
    work_from = forms.CharField(label=gettext_lazy("I work from"), initial="06:00")
    work_to = forms.CharField(label=gettext_lazy("until"), initial="22:00")
    which = forms.ChoiceField(
        label=gettext_lazy("Which days"), choices=DAYS, initial="weekdays", widget=forms.RadioSelect
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns; its stub says it may be None
        for name, is_end in (("work_from", False), ("work_to", True)):
            if name in data:
                try:
                    data[f"{name}_min"] = _minute(data[name], end=is_end)
                except ValueError as exc:
                    self.add_error(name, str(exc))
        return data

    def days(self) -> list[list[tuple[int, int]]]:
        window = (self.cleaned_data["work_from_min"], self.cleaned_data["work_to_min"])
        count = 5 if self.cleaned_data["which"] == "weekdays" else 7
        return [[window] if d < count else [] for d in range(7)]


class TriedForm(ServiceErrorsMixin, forms.Form):
    family = forms.ChoiceField(label=gettext_lazy("What you tried"))
    outcome = forms.ChoiceField(
        label=gettext_lazy("How it went"), choices=Tried.Outcome.choices, widget=forms.RadioSelect
    )
    at = forms.CharField(
        label=gettext_lazy("Usually at (optional)"),
        required=False,
        help_text=gettext_lazy("e.g. 21:30; leave empty if it was at random times"),
    )
    note = forms.CharField(label=gettext_lazy("Note (optional)"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "family", content.families())

    def clean_at(self) -> int | None:
        text = self.cleaned_data.get("at", "").strip()
        if not text:
            return None
        try:
            return _minute(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class RateForm(ServiceErrorsMixin, forms.Form):
    baby_response = forms.ChoiceField(
        label=gettext_lazy("How was the baby?"),
        choices=PlanSession.Response.choices,
        widget=forms.RadioSelect,
    )
    parent_confidence = forms.TypedChoiceField(
        label=gettext_lazy("How confident did you feel? (1 low – 5 high)"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )


# --- helpers -------------------------------------------------------------------------------


def _today(membership: Membership) -> date:
    return timezone.now().astimezone(membership.household.tz).date()


def _plan_for(membership: Membership, plan_id: int) -> Plan:
    return selectors.plan(membership.household, plan_id)


def _changer(membership: Membership, plan: Plan) -> None:
    require_writer(membership)
    if not selectors.can_change(membership, plan):
        raise NotAllowed(
            _("Only %(who)s (or the household's owner) can change this plan.")
            % {"who": plan.membership.display_name}
        )


def _weeks(plan: Plan, rows: list[PlanSession], today: date) -> list[dict[str, Any]]:
    """Sessions grouped by plan week, today's first (then what is still to come)."""
    weeks = []
    for week in range(plan.weeks):
        first = plan.start_date + timedelta(days=7 * week)
        in_week = [r for r in rows if first <= r.date < first + timedelta(days=7)]
        weeks.append({"number": week + 1, "first": first, "sessions": in_week})
    return weeks


def plan_card(membership: Membership, baby: Baby) -> dict[str, Any]:
    """What Today shows about plans: your sessions today (or your next one), the plans of
    others in the household, and your weekly message."""
    today = _today(membership)
    mine = selectors.active_plan(membership.household, membership)
    sessions = selectors.sessions_on(mine, today) if mine else []
    upcoming = None
    if mine and not sessions:
        upcoming = mine.sessions.filter(date__gt=today).first()
    others = [p for p in selectors.plans(membership.household).filter(is_active=True) if p != mine]
    message, role, week = services.weekly_message(membership, baby)
    return {
        "plan": mine,
        "sessions": sessions,
        "upcoming": upcoming,
        "other_plans": others,
        "message": message.in_language(get_language() or "en"),
        "message_week": week,
        "can_change": mine is not None and selectors.can_change(membership, mine),
        "rate_form": RateForm(),
    }


# --- pages ---------------------------------------------------------------------------------


@require_safe
@member_view
def plans(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Your plan if you have one; otherwise the household's plans and how to make yours."""
    mine = selectors.active_plan(membership.household, membership)
    if mine is not None:
        return redirect("web:plan", mine.pk)
    context = {
        "plans": selectors.plans(membership.household).filter(is_active=True),
        "has_availability": selectors.availability(membership) is not None,
        "nav": "plan",
        "members": [m for m in members(membership.household) if m.can_write],
    }
    return render_page(request, "web/guidance/plans.html", context, "plans")


@require_POST
@member_view
def plan_new(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Make (or remake) a plan: for yourself, or for the owner, for another member."""
    require_writer(membership)
    member = membership
    if request.POST.get("member"):
        try:
            member = member_by_id(membership.household, request.POST["member"])
        except NotFound:
            raise Http404("No such member.") from None
    try:
        plan = services.create_plan(membership, member=member)
    except InvalidInput as exc:
        messages.error(request, " ".join(exc.errors.values()))
        if "availability" in exc.errors:
            return done(request, "web:availability")
        return done(request, "web:plans")
    messages.success(request, _("Your plan is ready.") if member == membership else _("Saved."))
    return done(request, "web:plan", plan.pk)


@require_safe
@member_view
def plan_detail(request: MemberRequest, membership: Membership, plan_id: int) -> HttpResponse:
    plan = _plan_for(membership, plan_id)
    today = _today(membership)
    rows = list(plan.sessions.all())
    todays = [r for r in rows if r.date == today]
    later = [r for r in rows if r.date > today]
    context = {
        "plan": plan,
        "today": today,
        "today_sessions": todays,
        "weeks": _weeks(plan, later, today),
        "past": [r for r in rows if r.date < today],
        "can_change": selectors.can_change(membership, plan),
        "is_mine": plan.membership_id == membership.pk,
        "level": wording.level_words(plan.level),
        "rate_form": RateForm(),
        "nav": "plan",
    }
    return render_page(request, "web/guidance/plan.html", context, "plan")


@require_POST
@member_view
def session_start(
    request: MemberRequest, membership: Membership, plan_id: int, session_id: int
) -> HttpResponse:
    plan = _plan_for(membership, plan_id)
    row = selectors.session(plan, session_id)
    _changer(membership, plan)
    try:
        services.start_session(membership, plan, row)
    except InvalidInput as exc:
        messages.error(request, " ".join(exc.errors.values()))
    else:
        messages.success(
            request,
            _("Started: %(title)s. Tap Done when you finish.")
            % {"title": wording.activity_title(row.activity_id, row.title)},
        )
    if request.POST.get("next") == "today":
        return done(request, "web:today")
    return done(request, "web:plan", plan.pk)


@require_http_methods(["GET", "POST"])
@member_view
def session_rate(
    request: MemberRequest, membership: Membership, plan_id: int, session_id: int
) -> HttpResponse:
    """Done: two taps (the baby: content, fussy or crying; you: 1-5). The plan adapts."""
    plan = _plan_for(membership, plan_id)
    row = selectors.session(plan, session_id)
    _changer(membership, plan)
    form = RateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_session(
                membership,
                plan,
                row,
                form.cleaned_data["baby_response"],
                form.cleaned_data["parent_confidence"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            plan.refresh_from_db()
            messages.success(request, _("Thank you. The plan is updated."))
            if request.POST.get("next") == "today":
                return done(request, "web:today")
            return done(request, "web:plan", plan.pk)
    context = {"plan": plan, "session": row, "form": form, "nav": "plan"}
    status = 422 if request.method == "POST" else 200
    return render_page(request, "web/guidance/rate.html", context, "rate-form", status=status)


@require_safe
@member_view
def activity(request: MemberRequest, membership: Membership, activity_id: str) -> HttpResponse:
    found = content.activity(activity_id)
    if found is None:
        raise Http404("No such activity.")
    library = content.library()
    language = get_language() or "en"
    crying_steps = library.crying_steps(found, language)
    sources = found.sources
    found = found.in_language(language)
    context = {
        "activity": found,
        "level": wording.level_words(found.level),
        "sources": [library.sources[k] for k in sources],
        "crying_steps": crying_steps,
        "nav": "plan",
    }
    return render_page(request, "web/guidance/activity.html", context, "activity")


@require_safe
@member_view
def review(request: MemberRequest, membership: Membership, plan_id: int) -> HttpResponse:
    plan = _plan_for(membership, plan_id)
    result = services.weekly_review(plan, _today(membership))
    bands = [
        {
            "band": b.band,
            "name": wording.band_text(b.band),
            "tally": b.tally,
            "percent": round(100 * (b.tally.content_rate or 0)),
        }
        for b in result.by_time_of_day
    ]
    weeks = [
        {"w": w, "percent": round(20 * w.mean_confidence) if w.mean_confidence else 0}
        for w in result.confidence_by_week
    ]
    context = {"plan": plan, "review": result, "bands": bands, "weeks": weeks, "nav": "plan"}
    return render_page(request, "web/guidance/review.html", context, "review")


@require_http_methods(["GET", "POST"])
@member_view
def availability(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Your free time per weekday, or the quick "I work … on weekdays" form."""
    row = selectors.availability(membership)
    initial = {}
    if row is not None:
        initial = {
            name: format_windows(day) for name, day in zip(services.WEEKDAYS, row.days, strict=True)
        }
    quick = WorkHoursForm(posted(request) if request.POST.get("form") == "work" else None)
    form = AvailabilityForm(
        posted(request) if request.POST.get("form") != "work" else None, initial=initial
    )
    if request.method == "POST":
        require_writer(membership)
        chosen, entered_as = (
            (quick, Availability.EnteredAs.WORK)
            if request.POST.get("form") == "work"
            else (form, Availability.EnteredAs.FREE)
        )
        if chosen.is_valid():
            try:
                services.set_availability(membership, chosen.days(), entered_as)
            except InvalidInput as exc:
                if chosen is quick:
                    quick.add_error(None, " ".join(exc.errors.values()))
                else:
                    form.add_service_errors(exc.errors)
            else:
                messages.success(request, _("Saved your free time."))
                return done(request, "web:availability")
    context = {
        "form": form,
        "quick": quick,
        "row": row,
        "plan": selectors.active_plan(membership.household, membership),
        "nav": "plan",
    }
    status = 422 if request.method == "POST" else 200
    return render_page(request, "web/guidance/availability.html", context, "availability", status)


@require_http_methods(["GET", "POST"])
@member_view
def tried(request: MemberRequest, membership: Membership) -> HttpResponse:
    """What you already tried, and how it went: the plan offers what failed only changed."""
    form = TriedForm(posted(request))
    if request.method == "POST":
        require_writer(membership)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_tried(
                    membership, data["family"], data["outcome"], data["at"], note=data["note"]
                )
            except InvalidInput as exc:
                form.add_service_errors(exc.errors)
            else:
                messages.success(request, _("Added."))
                return done(request, "web:tried")
    rows = [
        {"row": r, "label": content.family_label(r.family)} for r in selectors.tried(membership)
    ]
    context = {
        "form": form,
        "rows": rows,
        "plan": selectors.active_plan(membership.household, membership),
        "nav": "plan",
    }
    status = 422 if request.method == "POST" else 200
    return render_page(request, "web/guidance/tried.html", context, "tried", status)


@require_POST
@member_view
def tried_delete(request: MemberRequest, membership: Membership, tried_id: int) -> HttpResponse:
    require_writer(membership)
    services.delete_tried(membership, tried_id)
    messages.success(request, _("Removed."))
    return done(request, "web:tried")


def today_context(membership: Membership, baby: Baby) -> dict[str, Any]:
    """The Today page's plan card (see plan_card), under one name."""
    return {"plan_card": plan_card(membership, baby)}
