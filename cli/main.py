"""The `nestling` command: thin wrappers over the same services the pages and API use.

Errors from services come out as one line naming the field, with exit status 2, the way
the web shows them next to the field and the API returns them in `errors`.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from typing import Annotated, Any

import typer
from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

app = typer.Typer(
    help="Nestling: a companion for two parents caring for a baby in the first year.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
token_app = typer.Typer(help="Personal API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    import django

    django.setup()


def fail(message: str) -> typer.Exit:
    """Print ``message`` (already in the person's language) as one error line; exit 2."""
    try:
        line = _("error: %(message)s") % {"message": message}
    except (AppRegistryNotReady, ImproperlyConfigured):  # before setup_django(): no catalogue
        line = f"error: {message}"
    typer.echo(line, err=True)
    return typer.Exit(code=2)


def field_error(field: str, message: str) -> str:
    """``field: message``: the field (an option or argument name) as typed, never translated,
    then what is wrong with it, in the person's language."""
    return f"{field}: {message}"


def local_date(value: Any, fmt: str) -> str:
    """A date or time with day and month names in the active language (Django's date
    format codes: "D d M H:i" is "Mon 23 Nov 07:30", "Lun 23 Nov 07:30" in Spanish)."""
    from django.utils.dateformat import format as date_format

    return date_format(value, fmt)


def run_service(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a service, turning its errors into the CLI's one-line messages."""
    from households.exceptions import InvalidInput, NestlingError

    try:
        return func(*args, **kwargs)
    except InvalidInput as exc:
        raise fail("; ".join(f"{field}: {msg}" for field, msg in exc.errors.items())) from None
    except NestlingError as exc:
        raise fail(exc.message) from None


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `nestling manage migrate`."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nestling manage", *ctx.args])


@app.command()
def serve(
    host: Annotated[str, typer.Option(envvar="NESTLING_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="NESTLING_PORT")] = 8000,
    workers: Annotated[int, typer.Option(envvar="NESTLING_WORKERS")] = 2,
    threads: Annotated[int, typer.Option(envvar="NESTLING_THREADS")] = 2,
    with_worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            envvar="NESTLING_RUN_WORKER",
            help="Also run the task queue's worker (reminders, imports) beside the server. "
            "Turn off when you run `nestling worker` yourself.",
        ),
    ] = True,
) -> None:
    """Migrate, collect static files and serve Nestling with gunicorn (not a dev server)."""
    from cli.server import prepare_in_child
    from nestling.serving import exec_serve

    prepare_in_child()
    exec_serve(host, port, workers, threads, with_worker)


@app.command()
def worker(
    threads: Annotated[int, typer.Option(min=1, help="Worker threads running tasks.")] = 2,
) -> None:
    """Run the task queue: reminders and other background jobs (SQLite, or Redis via REDIS_URL)."""
    setup_django()
    from cli.worker import run_worker

    run_worker(threads)


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Seed for the simulator: same seed, same family.")] = 7,
    weeks: Annotated[int, typer.Option(help="Weeks of history to simulate.")] = 8,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Start the server afterwards.")
    ] = True,
    host: Annotated[str, typer.Option(envvar="NESTLING_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="NESTLING_PORT")] = 8000,
) -> None:
    """(Re)create the demo household from story.txt and, unless --no-serve, serve it."""
    setup_django()
    from cli.server import prepare
    from guidance.demo_family import DEMO_PASSWORD, load_demo

    prepare(collect_static=False)
    summary = load_demo(seed=seed, weeks=weeks, progress=sys.stderr.isatty())
    typer.echo(summary)
    typer.echo("")
    typer.echo(_("Log in as either parent:"))
    for demo_user in ("mum", "dad"):
        typer.echo(
            "  "
            + _("user: %(user)s   password: %(password)s")
            % {"user": demo_user, "password": DEMO_PASSWORD}
        )
    if serve_after:
        typer.echo(
            "\n"
            + _("Nestling is at %(url)s  (Ctrl+C to stop)") % {"url": f"http://{host}:{port}/"},
            nl=True,
        )
        sys.stdout.flush()
        from cli.server import serve_in_place

        # This process holds everything the demo loaded: the server replaces it, small.
        serve_in_place(host, port)


@app.command(hidden=True)
def prepare() -> None:
    """Migrate and collect static files (run by `serve` in a child process)."""
    setup_django()
    from cli.server import prepare as prepare_files

    prepare_files()


@app.command()
def createuser(
    username: str,
    password: Annotated[
        str | None, typer.Option(help="Omit to be asked (not shown on screen).")
    ] = None,
    email: str = "",
) -> None:
    """Create a login. They create or join a household when they first sign in."""
    setup_django()
    from households import services

    if password is None:
        password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    run_service(services.create_user, username, password, email)
    typer.echo(_("Created user %(name)s.") % {"name": username})


def _membership(username: str | None) -> Any:
    from django.contrib.auth import get_user_model

    from households.selectors import membership_of

    username = username or os.environ.get("NESTLING_USER")
    if not username:
        raise fail(_("say who you are: --user NAME (or set NESTLING_USER)"))
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise fail(field_error("user", _("no user called %(name)s") % {"name": repr(username)}))
    membership = membership_of(user)
    if membership is None:
        raise fail(
            field_error(
                "user", _("%(name)s does not belong to a household yet") % {"name": username}
            )
        )
    if membership.language:
        # What Nestling tells this person (findings, the report) in the language they
        # chose on the household page, as on the web.
        from django.utils import translation

        translation.activate(membership.language)
    return membership


def speak_as(username: str | None) -> None:
    """Speak the language ``username`` (or NESTLING_USER) chose, when there is such a member;
    for commands that need nobody in particular, so never an error."""
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError
    from django.utils import translation

    from households.selectors import membership_of

    username = username or os.environ.get("NESTLING_USER")
    if not username:
        return
    try:
        user = get_user_model().objects.filter(username=username).first()
        membership = membership_of(user) if user is not None else None
    except DatabaseError:  # no database yet (e.g. listening to a file on a fresh install)
        return
    if membership is not None and membership.language:
        translation.activate(membership.language)


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option("--user", help="Whose token.")],
    name: Annotated[str, typer.Option(help="A label, e.g. 'home assistant'.")] = "",
) -> None:
    """Create a personal API token and print only the token."""
    setup_django()
    from households import services

    _token, raw = run_service(services.create_token, _membership(user), name)
    typer.echo(raw)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (see `nestling token list`).")],
    user: Annotated[str, typer.Option("--user")],
) -> None:
    """Revoke one of the user's tokens."""
    setup_django()
    from households import services

    run_service(services.revoke_token, _membership(user), token_id)
    typer.echo(_("Revoked token %(id)s.") % {"id": token_id})


@token_app.command("list")
def token_list(user: Annotated[str, typer.Option("--user")]) -> None:
    """List the user's tokens (never the tokens themselves)."""
    setup_django()
    from households.selectors import tokens

    for token in tokens(_membership(user)):
        used = (
            _("last used %(when)s") % {"when": token.last_used_at.isoformat()}
            if token.last_used_at
            else _("never used")
        )
        typer.echo(f"{token.pk}\t{token.prefix}…\t{token.name}\t{used}")


def parse_time(value: str | None, tz: Any, field: str) -> datetime | None:
    """ISO-8601 (naive means household time), HH:MM today, or relative like 90m / 2h ago
    (parsers.times, the same rules and messages as the pages)."""
    if value is None:
        return None
    from django.utils import timezone

    from parsers import times

    try:
        return times.entry_time(value, timezone.now(), tz)
    except times.ParseError as exc:
        said = _(exc.template) % exc.params if exc.params else _(exc.template)
        raise fail(field_error(field, said)) from None


#: Short names for the amounts (carelog/inputs.py AMOUNTS) that take a value with its unit
#: (`amount=4oz`, `weight=10lb2oz`, `temp=100.4F`). The SI names take a unit too
#: (`amount_ml=4oz`); without a unit a value is read as it is (`amount_ml=120`).
AMOUNT_ALIASES: dict[str, str] = {
    "amount": "amount_ml",
    "left": "left_ml",
    "right": "right_ml",
    "total": "total_ml",
    "weight": "weight_kg",
    "length": "length_cm",
    "head": "head_cm",
    "temperature": "celsius",
    "temp": "celsius",
}


def parse_details(pairs: list[str]) -> dict[str, Any]:
    """`key=value` pairs as details. Values are JSON where they parse (120, true), else
    text; a value with a unit (4oz, 10lb2oz, 21.5in, 100.4F) is stored in SI under the
    SI name, so `amount=4oz` gives amount_ml 118.3 (households.units)."""
    from carelog.inputs import AMOUNTS
    from households.units import parse_quantity

    details: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise fail(
                field_error(
                    "detail", _("%(pair)s should look like key=value") % {"pair": repr(pair)}
                )
            )
        key = key.strip()
        if key == "purple":
            details[key] = [item.strip() for item in raw.split(",") if item.strip()]
            continue
        si_key = AMOUNT_ALIASES.get(key, key)
        if si_key in AMOUNTS:
            try:
                value = parse_quantity(raw, AMOUNTS[si_key])
            except ValueError as exc:
                raise fail(field_error("detail", f"{key}: {exc}")) from None
            if value is not None:
                details[si_key] = value
                continue
        try:
            details[key] = json.loads(raw)
        except json.JSONDecodeError:
            details[key] = raw
    return details


def _member_named(membership: Any, name: str) -> Any:
    from households.selectors import members

    for member in members(membership.household):
        if name.lower() in (member.display_name.lower(), member.user.username.lower()):
            return member
    raise fail(
        field_error("by", _("nobody called %(name)s in this household") % {"name": repr(name)})
    )


def _baby(membership: Any, name: str | None) -> Any:
    from carelog.selectors import babies

    found = list(babies(membership.household))
    if name:
        found = [b for b in found if b.name.lower() == name.lower()]
    if not found:
        raise fail(
            field_error(
                "baby", _("no such baby in this household") if name else _("add a baby first")
            )
        )
    if len(found) > 1:
        raise fail(field_error("baby", _("there are several babies; say which with --baby NAME")))
    return found[0]


@app.command()
def log(
    kind: Annotated[
        str,
        typer.Argument(
            help="The kind of entry: feed, sleep, nappy, growth, temperature, medicine… "
            "(an unknown kind is answered with the full list, from the kinds registry)."
        ),
    ],
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who was caring (display name or username); default: you."),
    ] = None,
    start: Annotated[str | None, typer.Option(help="When it started; default now.")] = None,
    end: Annotated[str | None, typer.Option(help="When it ended; omit to start a timer.")] = None,
    detail: Annotated[
        list[str] | None,
        typer.Option(
            "--detail",
            help="key=value, repeatable: method=bottle amount_ml=120 (SI), or with a unit: "
            "amount=4oz weight=10lb2oz length=21.5in temp=100.4F.",
        ),
    ] = None,
    with_: Annotated[
        list[str] | None, typer.Option("--with", help="Someone else present (repeatable).")
    ] = None,
    baby: Annotated[str | None, typer.Option(help="Which baby, if there are several.")] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Who is logging (or NESTLING_USER); default: --by.")
    ] = None,
) -> None:
    """Log an event (or start a timer) through the same checks as the app."""
    setup_django()
    from carelog import services

    if user is None and by is not None and "NESTLING_USER" not in os.environ:
        user = by
    membership = _membership(user)
    tz = membership.household.tz
    caregiver = _member_named(membership, by) if by else membership
    present = [_member_named(membership, name) for name in with_ or []]
    event = run_service(
        services.log_event,
        membership,
        _baby(membership, baby),
        kind,
        start=parse_time(start, tz, "start"),
        end=parse_time(end, tz, "end"),
        caregiver=caregiver,
        others_present=present,
        details=parse_details(detail or []),
    )
    _echo_logged(event, membership)


def _echo_logged(event: Any, membership: Any) -> None:
    """Say what was logged, then any advice or warning that follows it (reports.advice)."""
    from reports.advice import after_logging

    said = {
        "kind": kind_label(event.kind),
        "id": event.pk,
        "time": f"{event.start.astimezone(membership.household.tz):%Y-%m-%d %H:%M}",
    }
    if event.is_running:
        typer.echo(_("started timer: %(kind)s #%(id)s at %(time)s") % said)
    else:
        typer.echo(_("logged %(kind)s #%(id)s at %(time)s") % said)
    for advice in after_logging(event, membership.household):
        if advice.is_warning:
            typer.echo(_("warning: %(message)s") % {"message": advice.message})
        else:
            typer.echo(advice.message)


def kind_label(code: str) -> str:
    """A kind's name in the active language, in lower case ("nappy", "pañal", "diaper"),
    or its code when the registry has no such kind."""
    from carelog.kinds import KINDS

    kind = KINDS.get(code)
    return str(kind.label).lower() if kind is not None else code


@app.command()
def events(
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="Only these kinds (repeatable).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only since this time (ISO, HH:MM or 24h).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
    limit: int = 50,
    user: Annotated[str | None, typer.Option("--user")] = None,
) -> None:
    """List recent events of your household, newest first."""
    setup_django()
    from carelog.kinds import KINDS
    from carelog.selectors import events as select_events

    membership = _membership(user)
    tz = membership.household.tz
    for name in kind or []:
        if name not in KINDS:
            raise fail(
                field_error(
                    "kind",
                    _("unknown kind %(kind)s; use one of: %(kinds)s")
                    % {"kind": repr(name), "kinds": ", ".join(KINDS)},
                )
            )
    rows = select_events(
        membership.household, kinds=kind or None, since=parse_time(since, tz, "since")
    )[:limit]
    for event in rows:
        if as_json:
            typer.echo(json.dumps(event_as_dict(event), ensure_ascii=False))
            continue
        when = local_date(event.start.astimezone(tz), "D d M H:i")
        until = (
            event.end.astimezone(tz).strftime("%H:%M")
            if event.end
            else (_("running") if event.is_running else "")
        )
        typer.echo(
            f"{event.pk:>7}  {when}  {until:>7}  {event.kind:<13} {event.caregiver.display_name:<10} {json.dumps(event.details, ensure_ascii=False) if event.details else ''}"
        )


def event_as_dict(event: Any) -> dict[str, Any]:
    return {
        "id": event.pk,
        "baby": event.baby_id,
        "kind": event.kind,
        "start": event.start.isoformat(),
        "end": event.end.isoformat() if event.end else None,
        "is_running": event.is_running,
        "caregiver": {"id": event.caregiver_id, "name": event.caregiver.display_name},
        "others_present": [
            {"id": m.pk, "name": m.display_name} for m in event.others_present.all()
        ],
        "details": event.details,
    }


# Wellbeing commands live in cli/wellbeing.py; registered last, as it imports helpers above.
from cli.wellbeing import checkin_app, intake, limit, screen  # noqa: E402

app.command()(intake)
app.command()(screen)
app.command()(limit)
app.add_typer(checkin_app, name="checkin")

# The bonding plan: cli/guidance.py (registered here for the same reason).
from cli.guidance import plan_app  # noqa: E402

app.add_typer(plan_app, name="plan")

# Importing other apps' exports: cli/importing.py.
from cli.importing import import_cmd  # noqa: E402

app.command("import")(import_cmd)

# Listening for crying: cli/listen.py.
from cli.listen import listen  # noqa: E402

app.command()(listen)


@app.command()
def insights(
    household: Annotated[
        int | None, typer.Option("--household", help="Household id (server admin use).")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Or: a member of it.")] = None,
    baby: Annotated[str | None, typer.Option(help="Which baby, if there are several.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The same JSON as the API.")] = False,
) -> None:
    """Does the baby cry more with one of you, or just at your times? Findings and figures."""
    setup_django()
    from reports.shapes import insights_json

    membership = _first_member(household) if household is not None else _membership(user)
    data = insights_json(membership, _baby(membership, baby))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for finding in data["findings"]:
        typer.echo(f"• {finding['text']}")
    typer.echo("")
    _echo_caregiver_table(data["caregivers"])
    typer.echo(
        "\n"
        + _("Nestling is not a diagnostic tool; talk to your health visitor or GP about worries.")
    )


def _first_member(household: int) -> Any:
    """The first member of household ``household`` (`insights --household`, for admins)."""
    from households.models import Household

    found = Household.objects.filter(pk=household).first()
    if found is None:
        raise fail(field_error("household", _("no household %(id)s") % {"id": household}))
    membership = found.members.order_by("created_at").first()
    if membership is None:
        raise fail(
            field_error("household", _("household %(id)s has no members") % {"id": household})
        )
    return membership


def _echo_caregiver_table(caregivers: list[dict[str, Any]]) -> None:
    """The caregiver comparison as a plain-text table, one row per caregiver."""
    heads = [
        _("caregiver"),
        _("sessions"),
        pgettext("a ratio before adjusting", "raw"),
        pgettext("a ratio", "adjusted"),
        _("%(level)s%% interval") % {"level": 95},
        _("verdict"),
    ]
    # Each column as wide as its heading needs, at least as wide as the English ones.
    w = [max(width, len(head) + 1) for width, head in zip((12, 9, 7, 10, 15), heads, strict=False)]
    typer.echo(
        f"{heads[0]:<{w[0]}}{heads[1]:>{w[1]}}{heads[2]:>{w[2]}}{heads[3]:>{w[3]}}  "
        f"{heads[4]:<{w[4]}}{heads[5]}"
    )
    for row in caregivers:
        raw = f"{row['raw_ratio']:.2f}" if row["raw_ratio"] is not None else "–"
        adj = f"{row['adjusted_ratio']:.2f}" if row["adjusted_ratio"] is not None else "–"
        ci = (
            f"{row['ci_low']:.2f}–{row['ci_high']:.2f}"
            if row["ci_low"] is not None and row["ci_high"] is not None
            else "–"
        )
        typer.echo(
            f"{row['name']:<{w[0]}}{row['sessions']:>{w[1]}}{raw:>{w[2]}}{adj:>{w[3]}}  "
            f"{ci:<{w[4]}}{row['verdict']}"
        )


from cli.portability import delete_household_cmd, export_cmd  # noqa: E402

app.command("export")(export_cmd)
app.command("delete-household")(delete_household_cmd)

from cli.backup import backup_cmd, restore_cmd  # noqa: E402

app.command("backup")(backup_cmd)
app.command("restore")(restore_cmd)

from cli.report import report_cmd  # noqa: E402

app.command("report")(report_cmd)
