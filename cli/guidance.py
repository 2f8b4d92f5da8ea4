"""`nestling plan show|create|rate`: thin wrappers over the guidance services."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer

plan_app = typer.Typer(help="The bonding plan.", no_args_is_help=True)


class Response(StrEnum):
    content = "content"
    fussy = "fussy"
    crying = "crying"


def _plan(me: Any, create_hint: bool = True) -> Any:
    from cli.main import fail
    from guidance import selectors

    plan = selectors.active_plan(me.household, me)
    if plan is None:
        hint = " (make one with `nestling plan create`)" if create_hint else ""
        raise fail(f"plan: {me.display_name} has no plan yet{hint}")
    return plan


def _print(me: Any, plan: Any) -> None:
    from reports.shapes import plan_json

    data = plan_json(me, plan)
    typer.echo(
        f"{plan.membership.display_name}'s plan from {plan.start_date:%a %d %b}, "
        f"{plan.weeks} weeks, level {plan.level}"
    )
    day = None
    for s in data["sessions"]:
        if s["date"] != day:
            day = s["date"]
            typer.echo(f"\n{day:%A %d %B}")
        mark = {"done": "✓", "started": "…"}.get(s["status"], " ")
        flags = "".join(
            [
                " [yours]" if s["is_owned_routine"] else "",
                " [changed]" if s["is_changed_form"] else "",
            ]
        )
        rating = (
            f" — {s['baby_response']}, you {s['parent_confidence']}/5" if s["baby_response"] else ""
        )
        typer.echo(
            f" {mark} #{s['id']:<5} {s['local_start']:%H:%M}  {s['title']} "
            f"({s['minutes']} min, level {s['level']}){flags}{rating}"
        )
    if data["notes"]:
        typer.echo("")
        for note in data["notes"]:
            typer.echo(f"* {note['text']}")


@plan_app.command("show")
def show(
    user: Annotated[str | None, typer.Option("--user", help="Whose plan (you).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The API's JSON.")] = False,
) -> None:
    """Your plan: sessions by day (with ids for `plan rate`), then notes."""
    from cli.main import _membership, setup_django

    setup_django()
    from reports.shapes import plan_json

    me = _membership(user)
    plan = _plan(me)
    if as_json:
        typer.echo(json.dumps(plan_json(me, plan), default=str, ensure_ascii=False, indent=2))
        return
    _print(me, plan)


@plan_app.command("create")
def create(
    user: Annotated[str | None, typer.Option("--user", help="Who you are.")] = None,
    member: Annotated[
        str | None, typer.Option(help="Display name of the member it is for (owner only).")
    ] = None,
) -> None:
    """Make a 4-week plan from the latest log (replacing the active one)."""
    from cli.main import _membership, fail, run_service, setup_django

    setup_django()
    from guidance import services

    me = _membership(user)
    target = None
    if member is not None:
        target = me.household.members.filter(display_name=member).first()
        if target is None:
            raise fail(f"member: no member called {member!r} in your household")
    plan = run_service(services.create_plan, me, member=target)
    _print(me, plan)


@plan_app.command("rate")
def rate(
    session_id: Annotated[int, typer.Argument(help="The session's id (from `plan show`).")],
    baby: Annotated[Response, typer.Option("--baby", help="How the baby was.")],
    confidence: Annotated[int, typer.Option(help="Your confidence, 1 (low) to 5.")],
    user: Annotated[str | None, typer.Option("--user", help="Who you are.")] = None,
) -> None:
    """Rate a session of your plan; the plan adapts at once."""
    from cli.main import _membership, fail, run_service, setup_django

    setup_django()
    from guidance import selectors, services
    from households.exceptions import NotFound

    me = _membership(user)
    plan = _plan(me)
    try:
        row = selectors.session(plan, session_id)
    except NotFound:
        raise fail(f"session: no session #{session_id} in your plan") from None
    run_service(services.rate_session, me, plan, row, baby.value, confidence)
    plan.refresh_from_db()
    typer.echo(f"Rated #{session_id}: {baby.value}, you {confidence}/5. Level now {plan.level}.")
