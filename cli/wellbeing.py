"""`nestling intake FILE|-` and `nestling checkin history`: thin wrappers over wellbeing.

The intake text is read once and never stored or logged; the check-in history is the
user's own, in full, plus what others in the household shared with them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

checkin_app = typer.Typer(help="Your private wellbeing check-ins.", no_args_is_help=True)


def intake(
    source: Annotated[str, typer.Argument(help="A text file to read, or - for standard input.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON: {concerns: [...], next_steps: [...]}.")
    ] = False,
) -> None:
    """Read a parent's own words and list the concerns, quoted, and next steps, urgent first.

    Nestling is not a diagnostic tool; this reads phrases, not people.
    """
    from cli.main import fail, run_service, setup_django

    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise fail(f"file: no such file {source!r}")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise fail(f"file: {source!r} is not UTF-8 text") from None
    setup_django()
    from wellbeing import services

    result, decision = run_service(services.read_intake, text)
    payload = services.intake_as_dict(result)
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if decision.show_safety_screen_first:
        for fired in decision.fired:
            if fired.tier <= 2:
                typer.echo(f"!! {fired.message}")
        typer.echo("!! Help where you live: `nestling` web app → Help, or your emergency number.")
        typer.echo("")
    typer.echo("Concerns")
    if not payload["concerns"]:
        typer.echo("  none from Nestling's list")
    for concern in payload["concerns"]:
        quotes = " · ".join(f"“{e['text']}”" for e in concern["evidence"])
        typer.echo(f"  {concern['label']} ({concern['severity']}, {concern['subject']}): {quotes}")
    typer.echo("")
    typer.echo("Next steps, most urgent first")
    for number, step in enumerate(payload["next_steps"], start=1):
        typer.echo(f"  {number}. [{step['urgency']}] {step['text']}")
    typer.echo("")
    typer.echo("Nestling is not a diagnostic tool. Nothing you wrote was saved.")


@checkin_app.command("history")
def history(
    user: Annotated[str | None, typer.Option("--user", help="Whose history.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False,
) -> None:
    """Your check-ins (and what others shared with you), newest first."""
    from cli.main import _membership, setup_django

    setup_django()
    from wellbeing import selectors

    me = _membership(user)
    tz = me.household.tz
    for view in selectors.visible_check_ins(me):
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "id": view.id,
                        "member": view.member_name,
                        "instrument": view.instrument,
                        "created_at": view.created_at.isoformat(),
                        "shared": view.level,
                        "band": view.band,
                        "band_label": view.band_label,
                        "total": view.total,
                        "max_total": view.max_total,
                    },
                    ensure_ascii=False,
                )
            )
            continue
        when = view.created_at.astimezone(tz).strftime("%a %d %b %Y %H:%M")
        total = f"{view.total}/{view.max_total}" if view.total is not None else "—"
        band = view.band_label or ("(shared: done)" if view.level == "done" else "")
        typer.echo(
            f"{view.id:>6}  {when}  {view.member_name:<10} {view.instrument_name:<7} {total:>6}  {band}"
        )
