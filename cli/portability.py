"""`nestling export` and `nestling delete-household`: the household's data, all of it, out
of Nestling or gone for good (households/portability.py does the work; docs/export.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cli.main import _membership, fail, field_error, run_service, setup_django


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
        raise fail(
            field_error(
                "out",
                _("cannot write %(path)s: %(reason)s")
                % {"path": out, "reason": exc.strerror or exc},
            )
        ) from None
    size = ngettext("%(n)s byte", "%(n)s bytes", len(data)) % {
        "n": number_format(len(data), force_grouping=True)
    }
    typer.echo(
        _("Wrote %(path)s (%(size)s): %(household)s.")
        % {"path": out, "size": size, "household": membership.household.name}
    )


def delete_household_cmd(
    confirm: Annotated[
        str | None,
        typer.Option(
            "--confirm",
            help="The household's name, typed out, to confirm.",
        ),
    ] = None,
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
    if confirm is None:
        # Asked here, not by the option, so that it is asked in the member's language.
        confirm = typer.prompt(_("Type the household's name to delete it and everything in it"))
    run_service(delete_household, membership, confirm)
    typer.echo(_("Deleted the household %(name)s and everything in it.") % {"name": name})
