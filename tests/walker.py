"""A route walker: every URL pattern and every API operation, called with real ids of a
household the caller may not see into or change (issue #12, item 2).

Nothing here is a hand-kept list of routes. The routes come from the URLconf
(`get_resolver().url_patterns`, walked down through every include, the NinjaAPI's too) and
the API's methods and parameters from its OpenAPI schema. What the walker needs to know is
how to fill a parameter, by name (`World.ids`); a route with a parameter it cannot fill is a
finding, so a new route can't slip past unwalked.

Alice's household is seeded with one of everything, each row holding a marker value
(`seed_world`). Then, on every route not allow-listed as public:

- the owner, Alice, first: she must get through with the walker's ids and bodies (else a
  refusal proves nothing), and see every marker somewhere; her pages' forms are kept;
- an outsider, Charlie: 403/404 on every route with one of her ids in the path, and on any
  route none of her markers, none of her household's rows changed, no message sent through
  her channels;
- the viewer, Vera, for every write: 403/404 and none of the household's shared rows changed;
- the partner, Bob, on every check-in, wellbeing and safety-screen route, with Alice's
  unshared check-in and her screen: 403/404, none of their values, none of her rows changed.

Pages are asked for as a whole, as an htmx fragment and with their filters filled in, and
posted the forms the owner's pages offer; API operations get a JSON body built from the
schema. Each request runs in a savepoint that is rolled back, so every request meets the
same household, and its writes are compared with that household's rows before the
rollback (`Fingerprint`).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.operation import PathView

from households.models import Household, Membership
from nestling.testing import Personas

#: 03:00 in London on a November night, as in the page and API tests.
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)

#: Routes nobody needs to be a member for. Called anonymously (they must not 500 or show
#: a household's values), not as the personas.
PUBLIC = {
    "login/": "the login form",
    "logout/": "ends the session; walking it would log the persona out mid-walk",
    "signup/": "creates a login; no household yet",
    "join/<str:code>/": (
        "the invitation code is the secret (stored hashed, so it has no id to guess); "
        "whoever holds it is meant to see which household invited them"
    ),
}

#: The pages django-ninja adds to every NinjaAPI (by URL name): its OpenAPI schema, its
#: documentation and its root. They describe operations and hold no data; public too.
NINJA_PUBLIC = {"openapi-json", "openapi-view", "api-root"}

#: Writes of a member who can only look that are not refused, and why. They touch only
#: her own rows (tokens, notification settings, her inbox) or nothing at all; the walker
#: still checks that none of the household's shared rows changed.
VIEWER_NOT_REFUSED = {
    "household/new/": "a member already has a household, so she is sent back to it (302)",
    "household/tokens/": "her own API token (a viewer's token can only look)",
    "api/v1/tokens": "her own API token (a viewer's token can only look)",
    "channels/": "her own notification channels",
    "household/language/": "the language she reads Nestling in (her own row only)",
    "api/v1/channels": "her own notification channels",
    "channels/quiet-hours/": "her own quiet hours",
    "api/v1/quiet-hours": "her own quiet hours",
    "inbox/read/": "marks her own inbox read",
    "api/v1/inbox/read": "marks her own inbox read",
    "tell-us/": "reads her words back to her (not stored); a screen it opens is hers alone",
    "api/v1/intake": "reads her words back to her (not stored); a screen it opens is hers alone",
}

#: Views whose routes the partner walks with the other parent's unshared check-in and
#: safety screen: check-ins, wellbeing and safety screens, on the web and in the API.
PARTNER_MODULES = {"web.views.wellbeing", "web.views.screen", "api.wellbeing"}

#: Path parameters that name something from Nestling's own vocabulary rather than a
#: household's row: any valid value does.
#: The file a walked upload sends: a one-row Huckleberry export.
UPLOAD = (
    b"Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes\n"
    b"Feed,2026-11-22 10:00,,,Formula,Bottle,120ml,\n"
)

VOCABULARY = {
    "preset": "sleep",
    "kind": "sleep",
    "instrument": "phq9",
    "activity_id": "hello-time",
}

#: Request-body fields a generic sample can't get right (Schema.field → value), so that
#: the request is one the owner could send: a refusal must come from scoping, not from
#: validation. The owner's pass checks that she gets through with every request.
SAMPLES: dict[str, Any] = {
    "EventIn.kind": "sleep",
    "TimerIn.kind": "sleep",
    "CheckInIn.instrument": "phq9",
    "CheckInIn.answers": [0] * 9,
    "ScreenAnswersIn.answers": {"thoughts_of_ending_life": False},
    "ChannelIn.url": "json://127.0.0.1:9/walker",
    "CrySuggestionsIn.episodes": [
        {
            "start": (NOW - timedelta(minutes=20)).isoformat(),
            "end": (NOW - timedelta(minutes=10)).isoformat(),
            "confidence": 0.8,
        }
    ],
}

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
HTMX = {"HX-Request": "true"}
#: 405 refuses before any lookup: a page called with the method it doesn't take.
ALLOWED_REFUSALS = {403, 404, 405}
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


# --- enumeration -------------------------------------------------------------------------


@dataclass
class Route:
    """One URL pattern, with the methods to call it with.

    API routes take their methods (and each method's operation) from the OpenAPI schema;
    page routes are called with GET and POST, since a page view's allowed methods are
    hidden in its decorators (405 counts as a refusal).
    """

    pattern: str
    params: tuple[str, ...]
    module: str
    name: str = ""
    operations: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the API's schema components, for filling request bodies
    components: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def is_api(self) -> bool:
        return bool(self.operations)

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(self.operations) if self.operations else ("GET", "POST")

    @property
    def is_public(self) -> bool:
        return self.pattern in PUBLIC or self.name in NINJA_PUBLIC


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _path_view(callback: Any) -> PathView | None:
    """The ninja PathView behind a URL pattern's view, if it is one. Ninja keeps no other
    link from a URL pattern back to its NinjaAPI than the view function's closure."""
    for cell in getattr(callback, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return cell.cell_contents
    return None


def enumerate_routes() -> tuple[list[Route], list[str]]:
    """Every URL pattern in the active URLconf, and what is wrong with the enumeration.

    Every NinjaAPI mounted in the URLconf is found through its patterns and its operations
    are read from its OpenAPI schema. Several ninja patterns share a path (one per
    operation name); they are one route here. Every OpenAPI operation must belong to a
    URL pattern, or the walker says so.
    """
    entries = list(_walk(get_resolver().url_patterns))
    apis = {}
    for _pattern, entry in entries:
        view = _path_view(entry.callback)
        if view is not None and view.operations:
            apis[id(view.operations[0].api)] = view.operations[0].api
    schemas = [api.get_openapi_schema() for api in apis.values()]
    routes: dict[str, Route] = {}
    for pattern, entry in entries:
        if pattern in routes:
            continue
        params = tuple(m["name"] for m in PARAM.finditer(pattern))
        module = getattr(entry.callback, "__module__", "") or ""
        operations: dict[str, dict[str, Any]] = {}
        components: dict[str, Any] = {}
        view = _path_view(entry.callback)
        if view is not None:
            module = view.operations[0].view_func.__module__
            for schema in schemas:
                for method, op in schema["paths"].get(_openapi_path(pattern), {}).items():
                    operations[method.upper()] = op
                    components = schema.get("components", {}).get("schemas", {})
        name = entry.name or ""
        routes[pattern] = Route(pattern, params, module, name, operations, components)
    problems = []
    walked = {_openapi_path(p) for p in routes}
    for schema in schemas:
        for path, ops in schema["paths"].items():
            if path not in walked:
                problems.append(f"OpenAPI path {path} ({', '.join(ops)}) matches no URL pattern")
    return list(routes.values()), problems


def _openapi_path(pattern: str) -> str:
    return "/" + PARAM.sub(lambda m: "{" + m["name"] + "}", pattern)


# --- the household under test: one of everything, each holding a marker ----------------------


@dataclass
class World:
    """The seeded household, and how to fill a route's parameters with its rows."""

    people: Personas
    #: parameter name (path, query or body) → the household's object id (or ids)
    ids: dict[str, Any]
    #: values of the household that nobody outside it may see
    markers: tuple[str, ...]
    #: values of the owner's unshared check-in and safety screen, hidden from her partner
    private_markers: tuple[str, ...]
    #: persona → raw API token
    tokens: dict[str, str]
    #: outside addresses of the household's notification channels
    channel_urls: tuple[str, ...]
    #: parameters that hold the owner's private rows (her check-in, screen, notice)
    private_params: frozenset[str] = frozenset({"check_in_id", "screening_id", "notice_id"})


#: Unmistakable values of Alice's household, as each row holds them.
MARK = {
    "household": "Hearth-Qz7-household",
    "baby": "Wren-Qz7-baby",
    "alice": "Aurelia-Qz7",
    "bob": "Barnaby-Qz7",
    "vera": "Verbena-Qz7",
    "food": "food-Qz7-note",
    "note": "note-Qz7-text",
    "plan": "plan-Qz7-note",
    "session": "session-Qz7-title",
    "tried": "tried-Qz7-note",
    "channel": "channel-Qz7-name",
    "hook": "hook-Qz7",
    "token": "token-Qz7-name",
    "inbox_title": "inbox-Qz7-title",
    "inbox_body": "inbox-Qz7-body",
    "partner_word": "partnerword-Qz7",
}

#: Alice's unshared PHQ-9 check-in: a total of 17 is "Moderately severe" (Kroenke 2001),
#: answered at a moment nothing else in the household has.
CHECK_IN_AT = datetime(2026, 11, 20, 4, 17, 33, tzinfo=UTC)
CHECK_IN_BAND = "Moderately severe"


def seed_world(people: Personas) -> World:
    """Fill Alice's household with one of everything, each holding a marker value."""
    from carelog.importing import ImportReport
    from carelog.models import CrySuggestion, Event, ImportJob
    from guidance import content
    from guidance import services as guidance
    from households import services as households
    from notifications import services as notifications
    from notifications.models import Kind, Notification
    from wellbeing import services as wellbeing
    from wellbeing.models import SafetyScreening
    from wellbeing.testing import make_check_in

    household, baby = people.household, people.baby
    alice, bob, vera = people.alice, people.bob, people.vera
    household.name = MARK["household"]
    household.save()
    baby.name = MARK["baby"]
    baby.save()
    for member, mark in ((alice, "alice"), (bob, "bob"), (vera, "vera")):
        member.display_name = MARK[mark]
        member.save()

    def event(kind: str, details: dict[str, Any], hours: float, running: bool = False) -> Event:
        start = NOW - timedelta(hours=hours)
        return Event.objects.create(
            household=household,
            baby=baby,
            kind=kind,
            start=start,
            end=None if running else start + timedelta(minutes=20),
            caregiver=alice,
            created_by=alice,
            details=details,
        )

    # The event walked is a running timer, so stopping it is a request the owner can make.
    timer = event("feed", {"method": "solids", "food": MARK["food"]}, 0.5, running=True)
    timer.others_present.set([bob])
    event("note", {"text": MARK["note"]}, 2)
    for hours in range(3, 48, 3):
        event("sleep", {}, hours)

    every_day = [[[0, 1440]]] * 7
    guidance.set_availability(alice, every_day)
    plan = guidance.create_plan(alice, baby=baby, now=NOW)
    written = {"key": "as_written", "values": {"text": MARK["plan"]}}
    plan.notes = [*plan.notes, {"code": "walker", **written}]
    plan.save()
    # The planner leaves out sessions that have begun; one due 40 minutes ago is one the
    # owner can start and rate now.
    session = plan.sessions.create(
        date=NOW.date(),
        local_start=(NOW - timedelta(minutes=40)).time(),
        start_at=NOW - timedelta(minutes=40),
        activity_id=VOCABULARY["activity_id"],
        title=MARK["session"],
        family="play",
        logs_as="play",
        minutes=10,
        level=1,
        reason=[{"key": "as_written", "values": {"text": MARK["session"]}}],
    )
    family = content.families()[0][0]
    tried = guidance.record_tried(alice, family, "worked", note=MARK["tried"])

    # Her unshared check-in opens a screen of its own; the one walked is about her partner,
    # so its questions carry the words she used for him.
    check_in = make_check_in(alice, "phq9", 17, self_harm=1, at=CHECK_IN_AT)
    words = {
        "partner": MARK["partner_word"],
        "Partner": MARK["partner_word"],
        "they": "they",
        "They": "They",
        "them": "them",
        "their": "their",
    }
    screening = wellbeing.open_screening(
        alice,
        SafetyScreening.Origin.INTAKE,
        ("self",),
        about="partner",
        signals={"partner_passive_death_wish": True},
        partner_words=words,
    )
    (notice,) = wellbeing.tell_partner(bob)  # to Alice: hers to dismiss, not his

    notification = Notification.objects.create(
        membership=alice,
        kind=Kind.PARTNER,
        title=MARK["inbox_title"],
        body=MARK["inbox_body"],
        dedupe_key="walker",
    )
    channel_url = f"json://127.0.0.1:9/{MARK['hook']}"
    channel = notifications.add_channel(alice, MARK["channel"], channel_url)
    token, _raw = households.create_token(alice, MARK["token"])
    import_job = ImportJob.objects.create(
        household=household,
        membership=alice,
        state=ImportJob.DONE,
        report=ImportReport(
            "huckleberry", "Huckleberry", baby=MARK["baby"], remarks=[MARK["note"]]
        ).as_json(),
    )
    households.invite_member(alice)  # no page shows an open invitation: no marker
    # Possible crying her phone heard, waiting on Today for a parent to answer.
    households.set_listening(alice, True)
    suggestion = CrySuggestion.objects.create(
        household=household,
        baby=baby,
        detected_by=alice,
        start=NOW - timedelta(minutes=70),
        end=NOW - timedelta(minutes=62),
        confidence=0.8,
        source="device",
    )

    tokens = {
        persona: households.create_token(member, "walker")[1]
        for persona, member in (
            ("owner", alice),
            ("partner", bob),
            ("viewer", vera),
            ("outsider", people.charlie),
        )
    }
    ids: dict[str, Any] = {
        "baby_id": baby.pk,
        "baby": baby.pk,
        "event_id": timer.pk,
        "plan_id": plan.pk,
        "session_id": session.pk,
        "tried_id": tried.pk,
        "check_in_id": check_in.pk,
        "screening_id": screening.pk,
        "notice_id": notice.pk,
        "member_id": alice.pk,
        "member": alice.pk,
        "caregiver": alice.pk,
        "others_present": [bob.pk],
        "token_id": token.pk,
        "notification_id": notification.pk,
        "channel_id": channel.pk,
        "job_id": import_job.pk,
        "suggestion_id": suggestion.pk,
        "carer": alice.pk,
    }
    private = (CHECK_IN_BAND, CHECK_IN_AT.isoformat()[:19], MARK["partner_word"])
    return World(people, ids, tuple(MARK.values()), private, tokens, (channel_url,))


# --- what a request changed ----------------------------------------------------------------


def _household_paths(model: type[models.Model], depth: int = 4) -> list[str]:
    """Every lookup path from `model` to Household through foreign keys (and reverse
    one-to-ones, so a user is reached through their membership)."""
    if model is Household:
        return ["pk"]
    found: list[str] = []

    def visit(current: type[models.Model], path: list[str], seen: set[Any]) -> None:
        if len(path) >= depth:
            return
        for f in current._meta.get_fields():
            forward = (f.many_to_one or f.one_to_one) and f.concrete
            reverse_one = f.one_to_one and f.auto_created and not f.concrete
            if not (forward or reverse_one) or f.related_model in seen:
                continue
            name = f.name if forward else f.get_accessor_name()
            if f.related_model is Household:
                found.append("__".join([*path, name]))
            elif f.related_model is not None:
                visit(f.related_model, [*path, name], seen | {f.related_model})

    visit(model, [], {model})
    return found


def _personal_prefixes(paths: list[str]) -> set[str]:
    """For a member's own rows (settings, tokens, check-ins: every path to the household
    runs through one `membership`), the path to that member. Empty for shared rows."""
    if not all("membership" in path.split("__") for path in paths):
        return set()
    prefixes = set()
    for path in paths:
        parts = path.split("__")
        prefixes.add("__".join(parts[: parts.index("membership") + 1]))
    return prefixes


class Fingerprint:
    """Every row of a household (any model with a foreign-key path to it), to compare before
    and after a request. `without` leaves out one member's personal rows; `only_of` keeps
    only one member's personal rows (of one `app`, if given).

    The queries are compiled once: a walk takes hundreds of fingerprints.
    """

    def __init__(
        self,
        household: Household,
        without: Membership | None = None,
        only_of: Membership | None = None,
        app: str | None = None,
    ) -> None:
        self.queries: list[tuple[str, str, Any]] = []
        for model in apps.get_models(include_auto_created=True):
            paths = _household_paths(model)
            if not paths or (app is not None and model._meta.app_label != app):
                continue
            query = Q()
            for path in paths:
                query |= Q(**{path: household.pk})
            personal = _personal_prefixes(paths)
            if only_of is not None:
                if not personal:
                    continue
                mine = Q()
                for prefix in personal:
                    mine |= Q(**{prefix: only_of.pk})
                query &= mine
            elif without is not None:
                for prefix in personal:
                    query &= ~Q(**{prefix: without.pk}) | Q(**{f"{prefix}__isnull": True})
            fields = [f.attname for f in model._meta.concrete_fields]
            rows = model._base_manager.filter(query).distinct().order_by("pk").values_list(*fields)
            sql, params = rows.query.sql_with_params()
            self.queries.append((model._meta.label, sql, params))

    def take(self) -> dict[str, list[Any]]:
        with connection.cursor() as cursor:
            taken = {}
            for label, sql, params in self.queries:
                cursor.execute(sql, params)
                taken[label] = cursor.fetchall()
        return taken


# --- forms the owner's pages offer --------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page: method, action and the data a browser would send unchanged."""

    FILL = {"date": NOW.date().isoformat(), "time": "02:30", "number": "1"}

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, Any]]] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._textarea: list[str] | None = None
        self._radios: set[str] = set()

    def _add(self, name: str | None, value: str) -> None:
        if name and self._form is not None:
            self._form["data"].setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").lower()
            self._form = {"action": a.get("action", ""), "method": method.upper(), "data": {}}
            self._radios = set()
            return
        if self._form is None:
            return
        name = a.get("name")
        kind = a.get("type", "text").lower()
        if tag == "input" and name:
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and name not in self._form["data"]:
                    self._add(name, a.get("value", ""))
            elif kind == "checkbox":
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind == "radio":
                if "checked" in a or name not in self._radios:
                    self._form["data"].pop(name, None)
                    self._add(name, a.get("value", "on"))
                    if "checked" in a:
                        self._radios.add(name)
            else:
                value = a.get("value", "")
                if not value and "required" in a:
                    value = self.FILL.get(kind, "walker")
                self._add(name, value)
        elif tag == "button" and name and name not in self._form["data"]:
            self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None and value:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append((self._form["method"], self._form["action"], self._form["data"]))
            self._form = None
        elif tag == "select" and self._select is not None:
            # A filter (GET form) is set to its first real choice, often one of the
            # household's ids; a POST form sends what is selected.
            first = [self._select["first"] or ""]
            is_filter = self._form is not None and self._form["method"] == "GET"
            for value in first if is_filter else self._select["chosen"] or first:
                self._add(self._select["name"], value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._add(self._textarea[0], self._textarea[1].strip() or "walker")
            self._textarea = None


def harvest_forms(url: str, html: str, into: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Record each form on the page under its method and the path it goes to (the fullest
    form wins): POST forms to post, GET forms (filters) to ask for the page with."""
    parser = _Forms()
    parser.feed(html)
    for method, action, data in parser.forms:
        key = (method, urlsplit(urljoin(url, action)).path)
        if len(data) >= len(into.get(key, {})):
            into[key] = data


# --- requests ------------------------------------------------------------------------------


class Unfillable(Exception):
    """The walker has no value for one of a route's parameters."""


def fill(pattern: str, values: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match["name"]
        if name in values:
            return str(values[name])
        if name in VOCABULARY:
            return VOCABULARY[name]
        raise Unfillable(name)

    return "/" + PARAM.sub(one, pattern)


def sample(
    schema: dict[str, Any],
    ids: dict[str, Any],
    components: dict[str, Any],
    name: str = "",
    owner: str = "",
) -> Any:
    """A value for `schema` the owner could send: the household's ids for fields named like
    an id parameter, SAMPLES where a generic value won't do, else the simplest valid value."""
    if "$ref" in schema:
        title = schema["$ref"].rsplit("/", 1)[-1]
        return sample(components[title], ids, components, name, title)
    if name in ids:
        value = ids[name]
        return value if schema.get("type") != "array" or isinstance(value, list) else [value]
    if f"{owner}.{name}" in SAMPLES:
        return SAMPLES[f"{owner}.{name}"]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return sample(options[0], ids, components, name, owner) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        required = set(schema.get("required", []))
        properties = schema.get("properties", {})
        out = {}
        for key, sub in properties.items():
            if key.endswith("_id") and key not in ids:
                raise Unfillable(f"the body field {key}")
            if key in required or key in ids:
                out[key] = sample(sub, ids, components, key, schema.get("title", owner))
        return out
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    formats = {
        "date-time": (NOW - timedelta(hours=1)).isoformat(),
        "date": (NOW - timedelta(days=7)).date().isoformat(),
        "time": "22:00",
    }
    return formats.get(schema.get("format", ""), "walker")


@dataclass(frozen=True)
class Call:
    """One request: JSON `body` for the API, form data for a page."""

    route: Route
    method: str
    url: str
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    has_form: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    #: For a multipart API body: field name -> (file name, bytes), sent beside `body`.
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


def api_calls(route: Route, method: str, ids: dict[str, Any]) -> list[Call]:
    """The operation's request filled from `ids`; when a query parameter took one of them
    (`?baby=`), the same request without it too, so the unfiltered list is seen."""
    op, components = route.operations[method], route.components
    url = fill(route.pattern, ids)
    query, plain = {}, {}
    for param in op.get("parameters", []):
        name = param["name"]
        if param["in"] != "path" and name.endswith("_id") and name not in ids:
            raise Unfillable(f"the {param['in']} parameter {name}")
        if param["in"] == "query" and name in ids:
            query[name] = sample(param["schema"], ids, components, name)
        elif param["in"] == "query" and param.get("required"):
            query[name] = plain[name] = sample(param["schema"], ids, components, name)
        elif param["in"] not in ("path", "query") and param.get("required"):
            raise Unfillable(f"{name} (in {param['in']})")
    body = None
    files: dict[str, tuple[str, bytes]] = {}
    if "requestBody" in op:
        content = op["requestBody"]["content"].get("application/json")
        upload = op["requestBody"]["content"].get("multipart/form-data")
        if content is not None:
            body = sample(content["schema"], ids, components)
        elif upload is not None:
            # Form fields from the schema; each binary field gets a small export file.
            schema = upload["schema"]
            if "$ref" in schema:
                schema = components[schema["$ref"].rsplit("/", 1)[-1]]
            binary = {
                name
                for name, sub in schema.get("properties", {}).items()
                if "binary" in json.dumps(sub)
            }
            sampled = sample(schema, ids, components) or {}
            body = {k: v for k, v in sampled.items() if k not in binary and v is not None}
            files = dict.fromkeys(binary, ("export.csv", UPLOAD))
        else:
            raise Unfillable("a request body that is neither JSON nor a form")
    calls = [Call(route, method, url, query, body, files=files)]
    if query != plain:
        calls.append(Call(route, method, url, plain, body))
    return calls


def body_of(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


# --- the walk --------------------------------------------------------------------------------


def _about(route: Route | None = None, method: str = "-") -> Call:
    """A stand-in call for findings about the walk itself rather than a request."""
    return Call(route or Route("-", (), ""), method, "-")


@dataclass(frozen=True)
class Finding:
    persona: str
    method: str
    url: str
    route: str
    problem: str

    def __str__(self) -> str:
        return f"[{self.persona}] {self.method} {self.url} (route {self.route!r}): {self.problem}"


@dataclass(frozen=True)
class Sent:
    """What one request did: its response, the rows it left, the addresses it sent to."""

    call: Call
    response: HttpResponse
    rows: dict[str, list[Any]]
    addresses: list[str]


@dataclass
class Report:
    routes: list[Route] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: every request made: (persona, call, status)
    log: list[tuple[str, Call, int]] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self, list_findings: bool = True) -> list[str]:
        api = [r for r in self.routes if r.is_api]
        operations = sum(len(r.operations) for r in api)
        with_ids = [r for r in self.routes if set(r.params) - set(VOCABULARY)]
        per_persona = Counter(persona for persona, _call, _status in self.log)
        page_posts = {
            call.url: call.has_form
            for _persona, call, status in self.log
            if not call.route.is_api and call.method == "POST" and status != 405
        }
        formless = sorted(url for url, has_form in page_posts.items() if not has_form)
        filters = {c.url for _p, c, _s in self.log if c.method == "GET" and c.has_form}
        by_outsider = {
            (call.route.pattern, call.method) for who, call, _s in self.log if who == "outsider"
        }
        api_called = sum((r.pattern, m) in by_outsider for r in api for m in r.operations)
        pages = [r for r in self.routes if not r.is_api and not r.is_public]
        pages_called = sum(any((r.pattern, m) in by_outsider for m in r.methods) for r in pages)
        lines = [
            f"{len(self.routes)} URL patterns walked: {len(self.routes) - len(api)} pages and "
            f"{len(api)} API paths ({operations} OpenAPI operations); {len(with_ids)} take "
            f"a household's id; {sum(r.is_public for r in self.routes)} public "
            f"(allow-listed) ones called anonymously",
            f"the outsider called {api_called} of {operations} OpenAPI operations and "
            f"{pages_called} of {len(pages)} non-public pages",
            f"{len(self.log)} requests in {self.seconds:.1f} s: "
            + ", ".join(f"{who} {n}" for who, n in sorted(per_persona.items())),
            f"{len(page_posts)} page URLs take POST; {len(page_posts) - len(formless)} were sent "
            f"the form the owner's pages offer"
            + (f", these an empty one: {', '.join(formless)}" if formless else ""),
            f"page GETs: whole, as htmx fragments, and {len(filters)} with the owner's filters",
            f"findings: {len(self.findings)}",
        ]
        return lines + [f"  {f}" for f in self.findings] if list_findings else lines


class Walker:
    """Calls every route as the owner (self-check), an outsider, the viewer and the partner.

    `send_log` is the list the test's stand-in for `notifications.transport.send` appends
    each address to, so a request that messages the household's channels is seen.
    """

    def __init__(self, world: World, send_log: list[str]) -> None:
        self.world = world
        self.people = world.people
        self.send_log = send_log
        #: (method, page path) → form data, from the forms on the owner's pages
        self.forms: dict[tuple[str, str], dict[str, Any]] = {}
        self.routes, problems = enumerate_routes()
        self.report = Report(routes=self.routes)
        for problem in problems:
            self._find("walker", _about(), problem)
        patterns = {r.pattern for r in self.routes}
        for listed in sorted((PUBLIC.keys() | VIEWER_NOT_REFUSED.keys()) - patterns):
            self._find("walker", _about(Route(listed, (), "")), "allow-listed, but no such route")
        # A route the walker can't fill fails the walk, once, and is not called.
        self.unfillable: set[str] = set()
        for route in list(self._walked()):
            try:
                for method in route.methods:
                    self._calls(route, method)
            except Unfillable as exc:
                self.unfillable.add(route.pattern)
                self._find(
                    "walker",
                    _about(route, method),
                    f"no value for {exc}: give the walker one in World.ids (or VOCABULARY)",
                )

    def run(self) -> Report:
        started = time.perf_counter()
        self.public()
        self.owner()
        self.outsider()
        self.viewer()
        self.partner()
        reached = {call.route.pattern for _who, call, status in self.report.log if status != 405}
        for route in self._walked():
            if route.pattern not in reached:
                self._find("walker", _about(route), "every request was 405: no view reached")
        self.report.seconds = time.perf_counter() - started
        return self.report

    # -- the passes --------------------------------------------------------------------

    def public(self) -> None:
        """Allow-listed routes, anonymously: no server error, no household values."""
        clients = self._clients(None, "anonymous")
        for route in self.routes:
            if route.is_public and not self._has_ids(route):
                for call in self._calls(route, "GET"):
                    sent = self._send("anonymous", clients, call)
                    if self._answered("anonymous", sent):
                        self._leaks("anonymous", sent, self.world.markers)

    def owner(self) -> None:
        """Self-check: the owner gets through on every route with these ids and bodies, so
        the others' refusals come from scoping; and each marker shows up somewhere for her,
        so its absence elsewhere means something. Her pages supply the forms others post."""
        clients = self._clients(self.people.alice, "owner")
        seen: set[str] = set()
        for route in self._walked():
            for method in route.methods:
                if method == "POST" and not route.is_api:
                    continue  # her posts would re-check only what the others' posts check
                for call in self._calls(route, method):
                    sent = self._send("owner", clients, call)
                    status = sent.response.status_code
                    if not self._answered("owner", sent) or (status == 405 and not route.is_api):
                        continue  # a POST-only page
                    text = body_of(sent.response)
                    seen.update(
                        m for m in self.world.markers + self.world.private_markers if m in text
                    )
                    if status >= 400:
                        why = text[:200] if route.is_api else ""
                        self._find(
                            "owner",
                            call,
                            f"the owner gets {status}, so the walker's request can't tell "
                            f"scoping apart from a bad request {why}".rstrip(),
                        )
                    elif not route.is_api:
                        harvest_forms(call.url, text, self.forms)
        for marker in self.world.markers + self.world.private_markers:
            if marker not in seen:
                self._find(
                    "walker",
                    _about(),
                    f"the owner never sees the marker {marker!r}, so not seeing it proves nothing",
                )

    def outsider(self) -> None:
        """Charlie, of another household: 403/404 wherever their id is in the path, and
        never their values, their rows changed, or their notification channels used."""
        fingerprint = Fingerprint(self.people.household)
        before = fingerprint.take()
        clients = self._clients(self.people.charlie, "outsider")
        for route in self._walked():
            for method in route.methods:
                self._check(
                    "outsider",
                    clients,
                    route,
                    method,
                    self.world.markers + self.world.private_markers,
                    fingerprint,
                    before,
                    strict=self._has_ids(route),
                )

    def viewer(self) -> None:
        """Vera, who can only look: every write refused (403/404), and none of the
        household's shared rows changed (her own may, on VIEWER_NOT_REFUSED)."""
        fingerprint = Fingerprint(self.people.household, without=self.people.vera)
        before = fingerprint.take()
        clients = self._clients(self.people.vera, "viewer")
        for route in self._walked():
            for method in route.methods:
                if method in WRITE_METHODS:
                    self._check(
                        "viewer",
                        clients,
                        route,
                        method,
                        (),
                        fingerprint,
                        before,
                        strict=route.pattern not in VIEWER_NOT_REFUSED,
                    )

    def partner(self) -> None:
        """Bob, on every check-in, wellbeing and safety-screen route, with Alice's unshared
        check-in and her screen: 403/404 for hers, none of her private values anywhere, and
        none of her wellbeing rows changed (telling her something is his to do)."""
        private = self.world.private_params
        fingerprint = Fingerprint(self.people.household, only_of=self.people.alice, app="wellbeing")
        before = fingerprint.take()
        clients = self._clients(self.people.bob, "partner")
        for route in self._walked():
            if route.module in PARTNER_MODULES or set(route.params) & private:
                for method in route.methods:
                    self._check(
                        "partner",
                        clients,
                        route,
                        method,
                        self.world.private_markers,
                        fingerprint,
                        before,
                        strict=bool(set(route.params) & private),
                    )

    # -- requests ----------------------------------------------------------------------

    def _walked(self) -> list[Route]:
        return [r for r in self.routes if not r.is_public and r.pattern not in self.unfillable]

    @staticmethod
    def _has_ids(route: Route) -> bool:
        return bool(set(route.params) - set(VOCABULARY))

    def _clients(self, who: Membership | None, persona: str) -> tuple[Client, Client]:
        """The persona's session for pages, and their bearer token for the API."""
        page = Client(raise_request_exception=False)
        if who is not None:
            page.force_login(who.user)
        token = self.world.tokens.get(persona)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return page, Client(raise_request_exception=False, headers=headers)

    def _calls(self, route: Route, method: str) -> list[Call]:
        if route.is_api:
            return api_calls(route, method, self.world.ids)
        url = fill(route.pattern, self.world.ids)
        form = self.forms.get((method, url))
        if method == "POST":
            return [Call(route, method, url, body=form or {}, has_form=form is not None)]
        # As a browser asks: whole page, htmx fragment, and with the page's filters filled in.
        calls = [Call(route, method, url), Call(route, method, url, headers=HTMX)]
        if form:
            calls.append(Call(route, method, url, query=form, has_form=True))
        return calls

    def _send(
        self,
        persona: str,
        clients: tuple[Client, Client],
        call: Call,
        fingerprint: Fingerprint | None = None,
    ) -> Sent:
        """Make one request in a savepoint, and roll back what it wrote once the household's
        rows are taken."""
        page, api = clients
        first = len(self.send_log)
        with transaction.atomic():
            if call.route.is_api and call.method == "GET":
                response = api.get(call.url, call.query)
            elif call.route.is_api and call.files:
                from django.core.files.uploadedfile import SimpleUploadedFile

                url = call.url + (f"?{urlencode(call.query, doseq=True)}" if call.query else "")
                uploads = {k: SimpleUploadedFile(n, data) for k, (n, data) in call.files.items()}
                response = api.post(url, {**(call.body or {}), **uploads})
            elif call.route.is_api:
                url = call.url + (f"?{urlencode(call.query, doseq=True)}" if call.query else "")
                data = json.dumps(call.body) if call.body is not None else ""
                response = api.generic(call.method, url, data, "application/json")
            elif call.method == "POST":
                response = page.post(call.url, call.body, headers=call.headers)
            else:
                response = page.get(call.url, call.query, headers=call.headers)
            rows = fingerprint.take() if fingerprint is not None else {}
            transaction.set_rollback(True)
        self.report.log.append((persona, call, response.status_code))
        return Sent(call, response, rows, self.send_log[first:])

    # -- checks ------------------------------------------------------------------------

    def _find(self, persona: str, call: Call, problem: str) -> None:
        self.report.findings.append(
            Finding(persona, call.method, call.url, call.route.pattern, problem)
        )

    def _answered(self, persona: str, sent: Sent) -> bool:
        """False (and a finding) for a server error or a lost session."""
        response = sent.response
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            why = f": {exc[0].__name__}: {exc[1]}" if exc else ""
            self._find(persona, sent.call, f"server error {response.status_code}{why}")
            return False
        if response.status_code in (301, 302) and "/login/" in response.get("Location", ""):
            self._find(persona, sent.call, "sent to log in: the walker lost its session")
            return False
        return True

    def _leaks(self, persona: str, sent: Sent, markers: tuple[str, ...]) -> None:
        text = body_of(sent.response)
        shown = [m for m in dict.fromkeys(markers) if m in text]
        if shown:
            self._find(persona, sent.call, f"{sent.response.status_code} shows {', '.join(shown)}")

    def _check(
        self,
        persona: str,
        clients: tuple[Client, Client],
        route: Route,
        method: str,
        markers: tuple[str, ...],
        fingerprint: Fingerprint,
        before: dict[str, list[Any]],
        strict: bool,
    ) -> None:
        for call in self._calls(route, method):
            sent = self._send(persona, clients, call, fingerprint)
            if not self._answered(persona, sent):
                continue
            status = sent.response.status_code
            if strict and status not in ALLOWED_REFUSALS:
                self._find(persona, call, f"expected 403 or 404, got {status}")
            self._leaks(persona, sent, markers)
            changed = sorted(label for label in before if before[label] != sent.rows[label])
            if changed:
                self._find(persona, call, f"changed the household's {', '.join(changed)}")
            used = [a for a in sent.addresses if a in self.world.channel_urls]
            if used:
                self._find(persona, call, f"sent a message through the household's channel {used}")
