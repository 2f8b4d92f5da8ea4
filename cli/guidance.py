"""`nestling plan show|create|rate`: thin wrappers over the guidance services."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

plan_app = typer.Typer(help="The bonding plan.", no_args_is_help=True)


class Response(StrEnum):
    content = "content"
    fussy = "fussy"
    crying = "crying"


def _plan(me: Any, create_hint: bool = True) -> Any:
    from cli.main import fail, field_error
    from guidance import selectors

    plan = selectors.active_plan(me.household, me)
    if plan is None:
        said = {"name": me.display_name}
        if create_hint:
            message = _("%(name)s has no plan yet (make one with `nestling plan create`)") % said
        else:
            message = _("%(name)s has no plan yet") % said
        raise fail(field_error("plan", message))
    return plan


def _response(code: str) -> str:
    """How the baby was, in words: "content", "calma"."""
    from guidance.models import PlanSession

    try:
        return str(PlanSession.Response(code).label).lower()
    except ValueError:
        return code


def _print(me: Any, plan: Any) -> None:
    from cli.main import local_date
    from reports.shapes import plan_json

    data = plan_json(me, plan)
    typer.echo(
        ngettext(
            "%(name)s's plan from %(date)s, %(weeks)d week, level %(level)s",
            "%(name)s's plan from %(date)s, %(weeks)d weeks, level %(level)s",
            plan.weeks,
        )
        % {
            "name": plan.membership.display_name,
            "date": local_date(plan.start_date, "D d M"),
            "weeks": plan.weeks,
            "level": plan.level,
        }
    )
    day = None
    for s in data["sessions"]:
        if s["date"] != day:
            day = s["date"]
            # "Saturday 21 November", "Sábado 21 de noviembre": the day and month the way
            # the reader's language writes them (Django's MONTH_DAY_FORMAT).
            typer.echo(f"\n{local_date(day, 'l')} {date_format(day, 'MONTH_DAY_FORMAT')}")
        mark = {"done": "✓", "started": "…"}.get(s["status"], " ")
        flags = "".join(
            [
                " [" + pgettext("a plan session's tag", "yours") + "]"
                if s["is_owned_routine"]
                else "",
                " [" + pgettext("a plan session's tag", "changed") + "]"
                if s["is_changed_form"]
                else "",
            ]
        )
        rating = (
            " — "
            + _("%(response)s, you %(confidence)s/5")
            % {"response": _response(s["baby_response"]), "confidence": s["parent_confidence"]}
            if s["baby_response"]
            else ""
        )
        about = _("%(minutes)s min, level %(level)s") % {
            "minutes": s["minutes"],
            "level": s["level"],
        }
        typer.echo(
            f" {mark} #{s['id']:<5} {s['local_start']:%H:%M}  {s['title']} ({about}){flags}{rating}"
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
    from cli.main import _membership, fail, field_error, run_service, setup_django

    setup_django()
    from guidance import services

    me = _membership(user)
    target = None
    if member is not None:
        target = me.household.members.filter(display_name=member).first()
        if target is None:
            raise fail(
                field_error(
                    "member",
                    _("no member called %(name)s in your household") % {"name": repr(member)},
                )
            )
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
    from cli.main import _membership, fail, field_error, run_service, setup_django

    setup_django()
    from guidance import selectors, services
    from households.exceptions import NotFound

    me = _membership(user)
    plan = _plan(me)
    try:
        row = selectors.session(plan, session_id)
    except NotFound:
        raise fail(
            field_error("session", _("no session #%(id)s in your plan") % {"id": session_id})
        ) from None
    run_service(services.rate_session, me, plan, row, baby.value, confidence)
    plan.refresh_from_db()
    typer.echo(
        _("Rated #%(id)s: %(response)s, you %(confidence)s/5. Level now %(level)s.")
        % {
            "id": session_id,
            "response": _response(baby.value),
            "confidence": confidence,
            "level": plan.level,
        }
    )
