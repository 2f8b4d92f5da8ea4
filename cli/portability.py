"""`nestling export` and `nestling delete-household`: the household's data, all of it, out
of Nestling or gone for good (households/portability.py does the work; docs/export.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.main import _membership, fail, run_service, setup_django


def export_cmd(
    out: Annotated[Path, typer.Argument(help="Where to write the zip, e.g. nestling.zip.")],
    user: Annotated[
        str | None, typer.Option("--user", help="Who is exporting (or NESTLING_USER).")
    ] = None,
) -> None:
    """Export the whole household as one zip: JSON of everything plus a CSV per kind.

    Only your own check-ins and wellbeing settings are included, never your partner's.
    """
    setup_django()
    from households.portability import export_household

    membership = _membership(user)
    data = run_service(export_household, membership)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise fail(f"out: cannot write {out}: {exc.strerror or exc}") from None
    typer.echo(f"Wrote {out} ({len(data):,} bytes): {membership.household.name}.")


def delete_household_cmd(
    confirm: Annotated[
        str,
        typer.Option(
            "--confirm",
            prompt="Type the household's name to delete it and everything in it",
            help="The household's name, typed out, to confirm.",
        ),
    ],
    user: Annotated[
        str | None, typer.Option("--user", help="The household's owner (or NESTLING_USER).")
    ] = None,
) -> None:
    """Delete your household and everything in it, for good: every entry, plan and
    check-in, and every member's login. Export it first if you may want it back."""
    setup_django()
    from households.portability import delete_household

    membership = _membership(user)
    name = membership.household.name
    run_service(delete_household, membership, confirm)
    typer.echo(f"Deleted the household {name} and everything in it.")
