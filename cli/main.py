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
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


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
    typer.echo("Log in as either parent:")
    typer.echo(f"  user: mum   password: {DEMO_PASSWORD}")
    typer.echo(f"  user: dad   password: {DEMO_PASSWORD}")
    if serve_after:
        typer.echo(f"\nNestling is at http://{host}:{port}/  (Ctrl+C to stop)", nl=True)
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
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    run_service(services.create_user, username, password, email)
    typer.echo(f"Created user {username}.")


def _membership(username: str | None) -> Any:
    from django.contrib.auth import get_user_model

    from households.selectors import membership_of

    username = username or os.environ.get("NESTLING_USER")
    if not username:
        raise fail("say who you are: --user NAME (or set NESTLING_USER)")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise fail(f"user: no user called {username!r}")
    membership = membership_of(user)
    if membership is None:
        raise fail(f"user: {username} does not belong to a household yet")
    if membership.language:
        # What Nestling tells this person (findings, the report) in the language they
        # chose on the household page, as on the web.
        from django.utils import translation

        translation.activate(membership.language)
    return membership


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
    typer.echo(f"Revoked token {token_id}.")


@token_app.command("list")
def token_list(user: Annotated[str, typer.Option("--user")]) -> None:
    """List the user's tokens (never the tokens themselves)."""
    setup_django()
    from households.selectors import tokens

    for token in tokens(_membership(user)):
        used = token.last_used_at.isoformat() if token.last_used_at else "never"
        typer.echo(f"{token.pk}\t{token.prefix}…\t{token.name}\tlast used {used}")


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
        raise fail(f"{field}: {exc}") from None


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
            raise fail(f"detail: {pair!r} should look like key=value")
        key = key.strip()
        if key == "purple":
            details[key] = [item.strip() for item in raw.split(",") if item.strip()]
            continue
        si_key = AMOUNT_ALIASES.get(key, key)
        if si_key in AMOUNTS:
            try:
                value = parse_quantity(raw, AMOUNTS[si_key])
            except ValueError as exc:
                raise fail(f"detail: {key}: {exc}") from None
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
    raise fail(f"by: nobody called {name!r} in this household")


def _baby(membership: Any, name: str | None) -> Any:
    from carelog.selectors import babies

    found = list(babies(membership.household))
    if name:
        found = [b for b in found if b.name.lower() == name.lower()]
    if not found:
        raise fail("baby: no such baby in this household" if name else "baby: add a baby first")
    if len(found) > 1:
        raise fail("baby: there are several babies; say which with --baby NAME")
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
    state = "started timer" if event.is_running else "logged"
    typer.echo(f"{state} {event.kind} #{event.pk} at {event.start.astimezone(tz):%Y-%m-%d %H:%M}")
    from reports.advice import after_logging

    for advice in after_logging(event, membership.household):
        typer.echo(("warning: " if advice.is_warning else "") + advice.message)


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
            raise fail(f"kind: unknown kind {name!r}; use one of: {', '.join(KINDS)}")
    rows = select_events(
        membership.household, kinds=kind or None, since=parse_time(since, tz, "since")
    )[:limit]
    for event in rows:
        if as_json:
            typer.echo(json.dumps(event_as_dict(event), ensure_ascii=False))
            continue
        when = event.start.astimezone(tz).strftime("%a %d %b %H:%M")
        until = (
            event.end.astimezone(tz).strftime("%H:%M")
            if event.end
            else ("running" if event.is_running else "")
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
    from households.models import Household
    from reports.shapes import insights_json

    if household is not None:
        found = Household.objects.filter(pk=household).first()
        if found is None:
            raise fail(f"household: no household {household}")
        membership = found.members.order_by("created_at").first()
        if membership is None:
            raise fail(f"household: household {household} has no members")
    else:
        membership = _membership(user)
    data = insights_json(membership, _baby(membership, baby))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for finding in data["findings"]:
        typer.echo(f"• {finding['text']}")
    typer.echo("")
    typer.echo(
        f"{'caregiver':<12}{'sessions':>9}{'raw':>7}{'adjusted':>10}  95% interval   verdict"
    )
    for row in data["caregivers"]:
        raw = f"{row['raw_ratio']:.2f}" if row["raw_ratio"] is not None else "–"
        adj = f"{row['adjusted_ratio']:.2f}" if row["adjusted_ratio"] is not None else "–"
        ci = (
            f"{row['ci_low']:.2f}–{row['ci_high']:.2f}"
            if row["ci_low"] is not None and row["ci_high"] is not None
            else "–"
        )
        typer.echo(
            f"{row['name']:<12}{row['sessions']:>9}{raw:>7}{adj:>10}  {ci:<14} {row['verdict']}"
        )
    typer.echo(
        "\nNestling is not a diagnostic tool; talk to your health visitor or GP about worries."
    )


from cli.portability import delete_household_cmd, export_cmd  # noqa: E402

app.command("export")(export_cmd)
app.command("delete-household")(delete_household_cmd)

from cli.backup import backup_cmd, restore_cmd  # noqa: E402

app.command("backup")(backup_cmd)
app.command("restore")(restore_cmd)

from cli.report import report_cmd  # noqa: E402

app.command("report")(report_cmd)
