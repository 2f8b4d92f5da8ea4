"""`nestling backup OUT` and `nestling restore IN`: thin wrappers over nestling.backup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cli.main import fail, setup_django


def _size(size_bytes: int) -> str:
    if size_bytes < 1000:
        return ngettext("%(n)d byte", "%(n)d bytes", size_bytes) % {"n": size_bytes}
    size = size_bytes / 1000
    for unit in ("kB", "MB"):
        if size < 1000:
            return f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def _tables(n: int) -> str:
    return ngettext("%(n)d table", "%(n)d tables", n) % {"n": n}


def _events(n: int) -> str:
    return ngettext("%(n)d event", "%(n)d events", n) % {"n": n}


def backup_cmd(
    out: Annotated[Path, typer.Argument(help="The file to write, e.g. nestling-2026-11-23.backup")],
) -> None:
    """Back up the whole instance to one file. Safe while Nestling runs."""
    setup_django()
    from nestling.backup import ENGINE_NAMES, BackupError, backup

    try:
        info = backup(out)
    except BackupError as exc:
        raise fail(exc.message) from None
    typer.echo(
        _("Wrote %(path)s (%(engine)s, %(size)s): %(tables)s, %(events)s.")
        % {
            "path": info.path,
            "engine": ENGINE_NAMES[info.engine],
            "size": _size(info.size_bytes),
            "tables": _tables(info.tables),
            "events": _events(info.events),
        }
    )


def restore_cmd(
    src: Annotated[Path, typer.Argument(help="A file written by `nestling backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Don't ask before replacing the data.")
    ] = False,
) -> None:
    """Replace all of this instance's data with a backup (migrated if it is from an older version)."""
    setup_django()
    from nestling.backup import ENGINE_NAMES, BackupError, database_label, describe, restore

    try:
        found = describe(src)
    except BackupError as exc:
        raise fail(exc.message) from None
    typer.echo(
        _("%(path)s: a %(engine)s backup (%(size)s) with %(tables)s and %(events)s.")
        % {
            "path": found.path,
            "engine": ENGINE_NAMES[found.engine],
            "size": _size(found.size_bytes),
            "tables": _tables(found.tables),
            "events": _events(found.events),
        }
    )
    if not yes:
        question = _(
            "Replace everything in %(database)s with this backup? "
            "Whatever was logged after the backup was taken will be lost"
        ) % {"database": database_label()}
        try:
            confirmed = typer.confirm(question, default=False)
        except typer.Abort:  # no answer: end of input, or Ctrl+C
            typer.echo("")
            confirmed = False
        if not confirmed:
            typer.echo(_("Nothing restored."))
            raise typer.Exit(code=1)
    try:
        info = restore(src)
    except BackupError as exc:
        raise fail(exc.message) from None
    typer.echo(
        _("Restored %(path)s: %(tables)s, %(events)s.")
        % {"path": info.source, "tables": _tables(info.tables), "events": _events(info.events)}
    )
    if info.migrations_applied:
        typer.echo(
            _("The backup came from an older version; brought it up to date with: %(names)s")
            % {"names": ", ".join(info.migrations_applied)}
        )
