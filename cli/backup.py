"""`nestling backup OUT` and `nestling restore IN`: thin wrappers over nestling.backup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.main import fail, setup_django


def _size(size_bytes: int) -> str:
    if size_bytes < 1000:
        return f"{size_bytes} bytes"
    size = size_bytes / 1000
    for unit in ("kB", "MB"):
        if size < 1000:
            return f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


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
        f"Wrote {info.path} ({ENGINE_NAMES[info.engine]}, {_size(info.size_bytes)}): "
        f"{info.tables} tables, {info.events} events."
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
        f"{found.path}: a {ENGINE_NAMES[found.engine]} backup ({_size(found.size_bytes)}) "
        f"with {found.tables} tables and {found.events} events."
    )
    if not yes:
        question = (
            f"Replace everything in {database_label()} with this backup? "
            "Whatever was logged after the backup was taken will be lost"
        )
        try:
            confirmed = typer.confirm(question, default=False)
        except typer.Abort:  # no answer: end of input, or Ctrl+C
            typer.echo("")
            confirmed = False
        if not confirmed:
            typer.echo("Nothing restored.")
            raise typer.Exit(code=1)
    try:
        info = restore(src)
    except BackupError as exc:
        raise fail(exc.message) from None
    typer.echo(f"Restored {info.source}: {info.tables} tables, {info.events} events.")
    if info.migrations_applied:
        typer.echo(
            "The backup came from an older version; brought it up to date with: "
            + ", ".join(info.migrations_applied)
        )
