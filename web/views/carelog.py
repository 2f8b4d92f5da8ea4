"""Today, quick logging, timers, the log form, and the history of a baby's care."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from carelog import selectors, services
from carelog import suggestions as cry
from carelog.describe import describe
from carelog.kinds import KINDS
from carelog.labels import METHODS
from carelog.models import Baby, CrySuggestion, Event
from households.exceptions import InvalidInput
from households.models import Membership
from households.selectors import members
from households.units import format_clock

from ..access import MemberRequest, member_view, pick_baby, require_writer
from ..describe import add_row_urls
from ..forms import CrySuggestionForm, EventFilterForm, EventForm, StopForm, stop_fields
from ..htmx import done, posted, render_fragment, render_page
from .guidance import today_context as plan_context
from .insights import handover_context

logger = logging.getLogger(__name__)

TODAY = "web/carelog/today.html"
TIMED_KINDS = [code for code, kind in KINDS.items() if kind.has_duration]
TIMELINE_WINDOW = timedelta(hours=24)
TIMELINE_SHOWN = 3  # rows drawn on Today; the rest on request
TIMELINE_MAX = 300
#: Possible crying shown on Today at once; more wait ("and 2 more"), so the log buttons
#: stay within reach on a phone.
SUGGESTIONS_SHOWN = 3
HISTORY_PAGE_SIZE = 10  # with the filters folded, two phone screens

#: One-tap buttons on Today: (kind, details). Duration kinds start a timer.
QUICK: dict[str, tuple[str, dict[str, Any], Any]] = {
    "feed-left": ("feed", {"method": "breast", "side": "left"}, gettext_lazy("Left")),
    "feed-right": ("feed", {"method": "breast", "side": "right"}, gettext_lazy("Right")),
    "nappy-wet": ("nappy", {"wet": True}, gettext_lazy("Wet")),
    "nappy-dirty": ("nappy", {"dirty": True}, gettext_lazy("Dirty")),
    "nappy-both": ("nappy", {"wet": True, "dirty": True}, gettext_lazy("Both")),
    "sleep": ("sleep", {}, gettext_lazy("Sleep")),
    "cry": ("cry", {}, gettext_lazy("Crying")),
    "holding": ("holding", {}, gettext_lazy("Holding")),
    "skin_to_skin": ("skin_to_skin", {}, gettext_lazy("Skin-to-skin")),
    "bath": ("bath", {}, gettext_lazy("Bath")),
    "play": ("play", {}, gettext_lazy("Play")),
    "reading": ("reading", {"activity": "reading"}, gettext_lazy("Reading")),
    "singing": ("reading", {"activity": "singing"}, gettext_lazy("Singing")),
    "walk": ("walk", {}, gettext_lazy("Walk")),
    "soothing": ("soothing", {}, gettext_lazy("Soothing")),
    "tummy_time": ("tummy_time", {}, gettext_lazy("Tummy time")),
    "pump": ("pump", {}, gettext_lazy("Pumping")),
}
QUICK_GROUPS = [
    (gettext_lazy("Feed (a breast starts a timer)"), ["feed-left", "feed-right"]),
    (gettext_lazy("Nappy"), ["nappy-wet", "nappy-dirty", "nappy-both"]),
    (gettext_lazy("Sleep and crying (start a timer)"), ["sleep", "cry"]),
    (gettext_lazy("Tummy time and pumping (start a timer)"), ["tummy_time", "pump"]),
    (
        gettext_lazy("Time together (starts a timer)"),
        ["holding", "skin_to_skin", "bath", "play", "reading", "singing", "walk", "soothing"],
    ),
]


#: Groups always on Today (feeds, nappies, sleep and crying); the others show when the family
#: logged one of their kinds in this window, or has logged nothing yet (to be found).
ALWAYS_SHOWN_GROUPS = 3
QUICK_RECENT = timedelta(days=30)
#: Once a family has logged something, the optional groups become one group of at most this
#: many buttons (two rows on a phone): the kinds they used lately, most used first, in their
#: usual order. Every kind stays one tap further under "More".
OPTIONAL_BUTTONS = 6
OTHER_TIMERS = gettext_lazy("Your other timers")


def _kind_of(code: str) -> str:
    return QUICK[code][0] if code in QUICK else code


def _grouped_codes(used: dict[str, int]) -> list[tuple[Any, list[str]]]:
    """(title, codes) of the one-tap groups for a family whose recent use is ``used``."""
    everyday = QUICK_GROUPS[:ALWAYS_SHOWN_GROUPS]
    optional = QUICK_GROUPS[ALWAYS_SHOWN_GROUPS:]
    if not used:  # nothing logged yet: every group, to be found
        return [*everyday, *optional]
    codes = [code for _title, group in optional for code in group if _kind_of(code) in used]
    shown = set(sorted(codes, key=lambda c: used[_kind_of(c)], reverse=True)[:OPTIONAL_BUTTONS])
    kept = [code for code in codes if code in shown]
    return [*everyday, *([(OTHER_TIMERS, kept)] if kept else [])]


def _quick_groups(baby: Baby, used: dict[str, int]) -> list[dict[str, Any]]:
    """The one-tap groups for Today: the everyday ones, then the timers the family uses
    (`used`: how many of each kind were logged lately; empty for a family with nothing
    logged, which sees every group)."""
    groups = []
    for title, codes in _grouped_codes(used):
        buttons = [
            {
                "label": QUICK[code][2],
                "post": reverse("web:quick-log", args=[baby.pk, code]),
                "icon": KINDS[QUICK[code][0]].icon,
            }
            if code in QUICK
            else {
                "label": str(KINDS[code].label) + "…",
                "href": reverse("web:event-add", args=[baby.pk, code]),
                "icon": KINDS[code].icon,
            }
            for code in codes
        ]
        if codes[0] == "feed-left":
            add = reverse("web:event-add", args=[baby.pk, "feed"])
            buttons += [
                {"label": _("Bottle…"), "href": add + "?method=bottle", "icon": "feed"},
                {
                    "label": _("Solids…"),
                    "href": reverse("web:event-add", args=[baby.pk, "solids"]),
                    "icon": KINDS["solids"].icon,
                },
            ]
        # The four ways to feed share one row on a phone (web/static/web/nestling.css).
        groups.append({"title": title, "buttons": buttons, "one_row": codes[0] == "feed-left"})
    return groups


def _error_text(exc: InvalidInput) -> str:
    return " ".join(exc.errors.values())


def _timers_context(membership: Membership, baby: Baby) -> dict[str, Any]:
    # Any: each event gets display attributes for the template (as in describe.add_row_urls).
    timers: list[Any] = list(selectors.running_timers(membership.household, baby))
    now = timezone.now()
    for event in timers:
        # Sessions and cries ask about the episode; a timer the other parent started asks
        # who was caring by the end.
        event.asks_on_stop = bool(stop_fields(event.kind)) or (event.caregiver_id != membership.pk)
        event.elapsed = now - event.start
        event.stale = event.elapsed > KINDS[event.kind].stale_after
    return {"baby": baby, "timers": timers, "membership": membership}


def _timeline_rows(membership: Membership, baby: Baby, now: datetime) -> QuerySet[Event]:
    since = now - TIMELINE_WINDOW
    qs = selectors.events(membership.household, baby=baby).filter(selectors.overlapping(since))
    # Running timers are shown above the timeline, not in it.
    return qs.exclude(end=None, kind__in=TIMED_KINDS, flag="")


def _timeline(membership: Membership, baby: Baby, now: datetime) -> dict[str, Any]:
    """The newest rows of the last 24 hours, and how many more there are: those are drawn
    only when a parent opens them (``timeline_rest``), which keeps Today fast with a busy
    day's log."""
    rows = _timeline_rows(membership, baby, now)
    shown = list(rows[:TIMELINE_SHOWN])
    add_row_urls(shown)
    more = rows.count() - len(shown)  # counted every time: the same queries, busy day or not
    return {"timeline": shown, "timeline_more": min(more, TIMELINE_MAX - TIMELINE_SHOWN)}


@require_safe
@member_view
def timeline_rest(request: MemberRequest, membership: Membership, baby_id: int) -> HttpResponse:
    """The rest of Today's last 24 hours, opened from "N more from the last 24 hours"."""
    baby = selectors.baby(membership.household, baby_id)
    # From the last row Today shows, so a day heading is drawn only where the day changes.
    rows = list(_timeline_rows(membership, baby, timezone.now())[TIMELINE_SHOWN - 1 : TIMELINE_MAX])
    rest = rows[1:]
    add_row_urls(rest, previous_start=rows[0].start if rows else None)
    context = {"rest": rest, "baby": baby, "membership": membership}
    return render_fragment(request, TODAY + "#timeline-rest", context)


def _suggestions_context(membership: Membership, baby: Baby, now: datetime) -> dict[str, Any]:
    """Pending possible crying for Today's card: only for members who can answer."""
    if not membership.can_write:
        return {"suggestions": []}
    pending = selectors.cry_suggestions(membership.household, baby=baby)
    # Any: each suggestion gets display attributes for the template.
    shown: list[Any] = list(pending[:SUGGESTIONS_SHOWN])
    today = timezone.localdate(now)
    for suggestion in shown:
        # Not from today: say which day, or 23:50 reads like tonight.
        suggestion.shows_day = timezone.localdate(suggestion.start) != today
        # Shown to the minute: the end rounds up, so 02:10:28-02:10:41 reads 02:10-02:11.
        past = suggestion.end.replace(second=0, microsecond=0)
        suggestion.shown_end = past if past == suggestion.end else past + timedelta(minutes=1)
    more = pending.count() - len(shown) if len(shown) == SUGGESTIONS_SHOWN else 0
    return {"suggestions": shown, "more_suggestions": more, "carers": _members(membership)}


@require_safe
@member_view
def today(
    request: MemberRequest, membership: Membership, baby_id: int | None = None
) -> HttpResponse:
    """Running timers, quick-log buttons and the last 24 hours for one baby."""
    baby = pick_baby(request, membership, baby_id)
    if baby is None:
        if membership.can_write:
            return redirect("web:baby-new")
        return render(request, "web/carelog/no_baby.html")
    now = timezone.now()
    context = {
        **_timers_context(membership, baby),
        "babies": request.babies,
        **_timeline(membership, baby, now),
        "since": now - TIMELINE_WINDOW,
        "quick_groups": _quick_groups(baby, selectors.kinds_used(baby, now - QUICK_RECENT)),
        "form_kinds": list(KINDS.items()),
        "nav": "today",
        **handover_context(membership, baby, now),
        **plan_context(membership, baby),
        **_suggestions_context(membership, baby, now),
    }
    target = request.htmx.target if request.htmx else None
    fragment = target if target in ("timers", "timeline") else "today-main"
    return render_page(request, TODAY, context, fragment)


def _after_timer_change(request: MemberRequest, membership: Membership, baby: Baby) -> HttpResponse:
    if not request.htmx:
        return redirect("web:today-baby", baby.pk)
    return render_fragment(
        request, TODAY + "#timers", _timers_context(membership, baby), trigger="timeline-changed"
    )


def _client_key(request: HttpRequest) -> str | None:
    """The tap's idempotency key: a hidden field set by nestling.js, or the header the
    service worker adds when it sends a tap again."""
    return request.POST.get("client_key") or request.headers.get("Idempotency-Key") or None


def _tapped_at(request: HttpRequest) -> datetime | None:
    """When the tap was made, for a tap the phone kept while offline and sends later.

    The phone's clock may run a little fast: a time after now is taken as now. A value
    that isn't an ISO 8601 time with an offset is ignored (the tap still counts, at the
    time it arrived). Taps sent straight away carry no time, so the server's clock rules.
    """
    value = request.POST.get("tapped_at", "")
    if not value:
        return None
    try:
        tapped = datetime.fromisoformat(value)
    except ValueError:
        logger.warning("Ignoring a tap time that is not ISO 8601: %r", value[:40])
        return None
    if timezone.is_naive(tapped):
        logger.warning("Ignoring a tap time without a UTC offset: %r", value[:40])
        return None
    return min(tapped, timezone.now())


@require_POST
@member_view
def quick_log(
    request: MemberRequest, membership: Membership, baby_id: int, preset: str
) -> HttpResponse:
    """One tap: log a nappy at once, or start a timer (feed side, sleep, cry, sessions)."""
    baby = selectors.baby(membership.household, baby_id)
    require_writer(membership)
    if preset not in QUICK:
        raise Http404("No such button.")
    kind, details, _label = QUICK[preset]
    try:
        event = services.log_event(
            membership,
            baby,
            kind,
            start=_tapped_at(request),
            details=details,
            client_key=_client_key(request),
        )
    except InvalidInput as exc:
        messages.error(request, _error_text(exc))
    else:
        words = " · ".join(describe(kind, event.details))
        label = KINDS[kind].label
        what = f"{label} ({words})" if words else str(label)
        if event.is_running:
            messages.success(request, _("Timer started: %(what)s.") % {"what": what})
        else:
            messages.success(request, _("Logged: %(what)s.") % {"what": what})
    return _after_timer_change(request, membership, baby)


@require_http_methods(["GET", "POST"])
@member_view
def timer_stop(request: MemberRequest, membership: Membership, event_id: int) -> HttpResponse:
    """Stop a running timer; sessions ask two optional taps, a cry asks about the episode."""
    event = selectors.event(membership.household, event_id)
    require_writer(membership)
    if not event.is_running and request.method == "GET":
        # Someone stopped it on the other phone since this page was drawn.
        messages.info(request, _("That timer was already stopped."))
        if request.htmx:
            return render_fragment(request, None, {}, trigger="timers-changed")
        return redirect("web:today-baby", event.baby_id)
    data = request.POST if request.method == "POST" else None
    form = StopForm(
        data, kind=event.kind, prefix=f"stop{event.pk}", starter=event.caregiver, me=membership
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stop_timer(
                membership,
                event,
                end=_tapped_at(request),
                details=form.details(),
                caregiver=form.caregiver(),
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(
                request, _("Stopped: %(kind)s.") % {"kind": str(KINDS[event.kind].label).lower()}
            )
            return _after_timer_change(request, membership, event.baby)
    if request.method == "POST" and request.htmx:
        # The form was posted from inside the timers list: show it again where it was.
        response = render_page(
            request, "web/carelog/timer_stop.html", _stop_ctx(event, form), "stop-form"
        )
        return reswap(retarget(response, f"#stop-{event.pk}"), "outerHTML")
    return render_page(request, "web/carelog/timer_stop.html", _stop_ctx(event, form), "stop-form")


def _stop_ctx(event: Event, form: StopForm) -> dict[str, Any]:
    return {"event": event, "form": form, "baby": event.baby}


def _members(membership: Membership) -> list[Membership]:
    return list(members(membership.household))


def _save_event_form(
    request: HttpRequest,
    membership: Membership,
    form: EventForm,
    event: Event | None,
    baby: Baby,
    kind: str,
) -> Event | None:
    data = form.cleaned_data
    fields: dict[str, Any] = {
        "start": data["start"],
        "end": data.get("end"),
        "caregiver": data["caregiver"],
        "others_present": data.get("others_present") or [],
        "details": form.details(),
    }
    try:
        if event is None:
            return services.log_event(membership, baby, kind, **fields)
        return services.update_event(membership, event, **fields)
    except InvalidInput as exc:
        form.add_service_errors(exc.errors)
        return None


@require_http_methods(["GET", "POST"])
@member_view
def event_new(
    request: MemberRequest, membership: Membership, baby_id: int, kind: str
) -> HttpResponse:
    """The full log form for one kind; times are entered in the household's time zone."""
    baby = selectors.baby(membership.household, baby_id)
    require_writer(membership)
    if kind not in KINDS:
        raise Http404("No such kind.")
    initial: dict[str, Any] = {"start": timezone.now(), "caregiver": membership.pk}
    if request.GET.get("method") in METHODS:
        initial["method"] = request.GET["method"]
    form = EventForm(posted(request), kind=kind, members=_members(membership), initial=initial)
    if request.method == "POST" and form.is_valid():
        event = _save_event_form(request, membership, form, None, baby, kind)
        if event is not None:
            if event.is_running:
                messages.success(request, _("Timer started."))
            else:
                messages.success(request, _("Saved."))
            _advise(request, membership, event)
            return done(request, "web:today-baby", baby.pk)
    context = {"form": form, "baby": baby, "kind": KINDS[kind], "event": None}
    return render_page(request, "web/carelog/event_form.html", context, "event-form")


def _advise(request: HttpRequest, membership: Membership, event: Event) -> None:
    """Say at once what the entry calls for: the fever level for the baby's age, or when a
    medicine's next dose may be given (reports.advice words both, for every interface)."""
    from reports.advice import after_logging

    for advice in after_logging(event, membership.household):
        if advice.is_warning:
            messages.warning(
                request, advice.message + " " + _("Warning signs: Baby unwell? at the top.")
            )
        else:
            messages.info(request, advice.message)


@require_http_methods(["GET", "POST"])
@member_view
def event_edit(request: MemberRequest, membership: Membership, event_id: int) -> HttpResponse:
    event = selectors.event(membership.household, event_id)
    require_writer(membership)
    initial: dict[str, Any] = {
        "start": event.start,
        "end": event.end,
        "caregiver": event.caregiver_id,
        "others_present": [m.pk for m in event.others_present.all()],
    }
    for key, value in event.details.items():
        initial[key] = value if isinstance(value, bool | list) else str(value)
    form = EventForm(
        posted(request),
        kind=event.kind,
        members=_members(membership),
        initial=initial,
        is_new=False,
        is_running=event.is_running,
    )
    if request.method == "POST" and form.is_valid():
        if _save_event_form(request, membership, form, event, event.baby, event.kind):
            messages.success(request, _("Saved."))
            return done(request, "web:today-baby", event.baby_id)
    context = {"form": form, "baby": event.baby, "kind": KINDS[event.kind], "event": event}
    return render_page(request, "web/carelog/event_form.html", context, "event-form")


@require_http_methods(["GET", "POST"])
@member_view
def event_delete(request: MemberRequest, membership: Membership, event_id: int) -> HttpResponse:
    """Ask, then delete. From a timeline row (htmx) the row itself becomes the question."""
    event = selectors.event(membership.household, event_id)
    require_writer(membership)
    if request.method == "POST":
        services.delete_event(membership, event)
        messages.success(request, _("Entry deleted."))
        if request.htmx:
            return render_fragment(request, None, {}, trigger="timers-changed")
        return redirect("web:today-baby", event.baby_id)
    return render_page(
        request,
        "web/carelog/event_delete.html",
        {"event": event, "baby": event.baby},
        "delete-confirm",
    )


def _confirmed_message(membership: Membership, suggestion: CrySuggestion) -> str:
    event = suggestion.event
    assert event is not None  # a confirmed suggestion has its entry
    if event.end is None:
        return _("Added to the crying timer that is running.")
    clock = membership.household.clock
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    return _("In the log: crying %(start)s–%(end)s, with %(who)s.") % {
        "start": format_clock(start.hour, start.minute, clock),
        "end": format_clock(end.hour, end.minute, clock),
        "who": event.caregiver.display_name,
    }


def _confirm(
    request: HttpRequest,
    membership: Membership,
    suggestion: CrySuggestion,
    form: CrySuggestionForm,
) -> bool:
    """Confirm from a valid form; a refusal goes on the form. True when it was saved."""
    data = form.cleaned_data
    try:
        confirmed = cry.confirm_suggestion(
            membership,
            suggestion,
            data["carer"],
            others_present=data.get("others_present") or [],
            start=data.get("start"),
            end=data.get("end"),
        )
    except InvalidInput as exc:
        form.add_service_errors(exc.errors)
        return False
    messages.success(request, _confirmed_message(membership, confirmed))
    return True


@require_POST
@member_view
def suggestion_confirm(
    request: MemberRequest, membership: Membership, suggestion_id: int
) -> HttpResponse:
    """One tap on Today's card: it was crying, and this member (`carer`) was there."""
    suggestion = selectors.cry_suggestion(membership.household, suggestion_id)
    require_writer(membership)
    form = CrySuggestionForm(request.POST, members=_members(membership))
    if not (form.is_valid() and _confirm(request, membership, suggestion, form)):
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
    # done(): a tap kept offline and sent later by the service worker comes as htmx and
    # must not be answered with a redirect (the worker would take it for a signed-out one).
    return done(request, "web:today-baby", suggestion.baby_id)


@require_http_methods(["GET", "POST"])
@member_view
def suggestion_edit(
    request: MemberRequest, membership: Membership, suggestion_id: int
) -> HttpResponse:
    """Correct the times heard (in the household's time zone), then confirm."""
    suggestion = selectors.cry_suggestion(membership.household, suggestion_id)
    require_writer(membership)
    if request.method == "GET" and not suggestion.is_pending:
        messages.info(request, _("This possible crying was already answered."))
        return redirect("web:today-baby", suggestion.baby_id)
    initial = {"start": suggestion.start, "end": suggestion.end, "carer": membership.pk}
    form = CrySuggestionForm(posted(request), members=_members(membership), initial=initial)
    if request.method == "POST" and form.is_valid():
        if _confirm(request, membership, suggestion, form):
            return done(request, "web:today-baby", suggestion.baby_id)
    context = {"form": form, "suggestion": suggestion, "baby": suggestion.baby}
    return render_page(request, "web/carelog/suggestion_form.html", context, "suggestion-form")


@require_POST
@member_view
def suggestion_discard(
    request: MemberRequest, membership: Membership, suggestion_id: int
) -> HttpResponse:
    """It was not crying: nothing is logged."""
    suggestion = selectors.cry_suggestion(membership.household, suggestion_id)
    require_writer(membership)
    try:
        cry.discard_suggestion(membership, suggestion)
    except InvalidInput as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Noted: not crying. Nothing was logged."))
    return done(request, "web:today-baby", suggestion.baby_id)


@require_safe
@member_view
def history_current(request: MemberRequest, membership: Membership) -> HttpResponse:
    baby = pick_baby(request, membership, None)
    if baby is None:
        return redirect("web:today")
    return redirect("web:event-list", baby.pk)


@require_safe
@member_view
def event_list(request: MemberRequest, membership: Membership, baby_id: int) -> HttpResponse:
    """Every entry, newest first, grouped by day, filtered by kind, caregiver and day.

    Two phone screens by default; "Show older entries" adds the next rows in place (htmx),
    or opens the next page without JavaScript."""
    baby = pick_baby(request, membership, baby_id)
    people = _members(membership)
    form = EventFilterForm(request.GET or None, members=people)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            filters["kinds"] = [data["kind"]]
        if data["caregiver"] is not None:
            filters["caregiver_id"] = data["caregiver"]
        if data["day"]:
            tz = membership.household.tz
            filters["since"] = datetime.combine(data["day"], time(), tzinfo=tz)
            filters["until"] = datetime.combine(data["day"] + timedelta(days=1), time(), tzinfo=tz)
    qs = selectors.events(membership.household, baby=baby, **filters)
    page = Paginator(qs, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    events = list(page.object_list)
    # Rows appended under earlier ones repeat no day heading: the day the last shown row had.
    previous = (
        qs.values_list("start", flat=True)[page.start_index() - 2]
        if page.number > 1 and events
        else None
    )
    add_row_urls(events, previous_start=previous)
    context = {
        "baby": baby,
        "babies": request.babies,
        "form": form,
        "page": page,
        "events": events,
        "nav": "history",
    }
    if request.htmx and request.GET.get("more"):
        # "Show older entries": the next rows (and the next button), added in place.
        return render_page(request, "web/carelog/event_list.html", context, "event-rows")
    return render_page(request, "web/carelog/event_list.html", context, "event-list")


@require_safe
def warning_signs(request: HttpRequest) -> HttpResponse:
    """Medical warning signs, reachable from every page and without signing in."""
    return render(request, "web/help/warning_signs.html")
