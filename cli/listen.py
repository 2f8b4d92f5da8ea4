"""`nestling listen`: possible crying from a microphone or a recording.

No sound is stored or sent: the detector runs here, and only episode times (start,
end, confidence) leave it, as suggestions a parent confirms on Today.
"""

from __future__ import annotations

import json
import signal
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cli.main import (
    _baby,
    _membership,
    fail,
    field_error,
    parse_time,
    run_service,
    setup_django,
    speak_as,
)

if TYPE_CHECKING:
    from listening.episodes import Episode


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 3600:d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _print_episodes(found: list[Episode], total: float) -> None:
    if not found:
        typer.echo(_("No crying heard in %(length)s of audio.") % {"length": _clock(total)})
        return
    typer.echo(_("Possible crying in %(length)s of audio:") % {"length": _clock(total)})
    for e in found:
        confidence = _("confidence %(value)s") % {"value": f"{e.confidence:.2f}"}
        typer.echo(f"  {_clock(e.start)}–{_clock(e.end)}  ({confidence})")


def _store(membership: Any, baby: Any, started: datetime, found: list[Episode], source: str) -> int:
    from carelog.suggestions import suggest_crying

    if not found:
        return 0
    episodes = [
        (started + timedelta(seconds=e.start), started + timedelta(seconds=e.end), e.confidence)
        for e in found
    ]
    return len(run_service(suggest_crying, membership, baby, episodes, source))


def _from_file(path: Path, as_json: bool) -> tuple[list[Episode], float]:
    from listening.audio import AudioError
    from listening.detector import detect_file

    try:
        found = detect_file(path)
    except AudioError as err:
        raise fail(field_error("file", str(err))) from None
    if as_json:
        typer.echo(json.dumps(found.as_json()))
    else:
        _print_episodes(found.episodes, found.seconds)
    return found.episodes, found.seconds


def _live(device: int, membership: Any, baby: Any, as_json: bool) -> None:
    from listening.detector import Listener
    from listening.microphone import MicrophoneError, microphone

    listener = Listener()
    started = datetime.now().astimezone()

    def report(found: list[Episode]) -> None:
        for e in found:
            _store(membership, baby, started, [e], "device")
            if as_json:
                typer.echo(json.dumps(e.as_json()))
            else:
                at = started + timedelta(seconds=e.start)
                typer.echo(
                    _("%(time)s possible crying for %(length)s: suggested on Today")
                    % {"time": f"{at:%H:%M:%S}", "length": _clock(e.length)}
                )

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        for chunk in microphone(device):
            if not listener.samples:
                typer.echo(
                    _(
                        "Listening for crying on device %(device)s for %(baby)s. Nothing is "
                        "recorded or sent; only the times of possible crying are suggested on "
                        "Today. Ctrl-C stops."
                    )
                    % {"device": device, "baby": baby.name},
                    err=True,
                )
            report(listener.feed(chunk))
    except MicrophoneError as err:
        raise fail(field_error("device", str(err))) from None
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        report(listener.finish())
        if listener.samples:
            typer.echo(
                _("Stopped after %(length)s.") % {"length": _clock(listener.seconds)}, err=True
            )


def listen(
    user: Annotated[
        str | None, typer.Option("--user", help="Whose device this is (or NESTLING_USER).")
    ] = None,
    baby: Annotated[str | None, typer.Option("--baby", help="Needed with several babies.")] = None,
    device: Annotated[
        int | None, typer.Option("--device", help="Microphone number (see --devices).")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="A recording (WAV, FLAC, OGG, MP3…).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    started: Annotated[
        str | None,
        typer.Option(
            "--started",
            help="With --file: when the recording began (e.g. '2026-12-06 02:00'); its "
            "episodes are then suggested on Today. Without it nothing is stored.",
        ),
    ] = None,
    devices: Annotated[bool, typer.Option("--devices", help="List the microphones.")] = False,
) -> None:
    """Listen for crying on this computer's microphone or in a recording.

    Possible crying becomes a suggestion on Today that a parent confirms or discards;
    nothing enters the log without a tap. No sound is stored or sent anywhere.
    """
    # Django first, for the messages in the person's language (as the app speaks to them).
    setup_django()
    speak_as(user)
    if devices:
        _list_devices()
        return
    if (device is None) == (file is None):
        raise fail(_("say what to listen to: --device N (a microphone) or --file FILE"))
    if file is not None:
        if started is None:
            _from_file(file, as_json)
        else:
            _suggest_from_file(file, started, user, baby, as_json)
        return
    membership = _membership(user)
    who = _baby(membership, baby)
    if not membership.listening:
        raise fail(
            _(
                "listening is off for you: turn on “Listen for crying on my devices” on the "
                "Household page first"
            )
        )
    _live(int(device or 0), membership, who, as_json)


def _list_devices() -> None:
    from listening.microphone import MicrophoneError, input_devices

    try:
        found = input_devices()
    except MicrophoneError as err:
        raise fail(field_error("devices", str(err))) from None
    for number, name in found:
        typer.echo(f"{number}: {name}")
    if not found:
        typer.echo(_("No microphones found."))


def _suggest_from_file(
    file: Path, started: str, user: str | None, baby: str | None, as_json: bool
) -> None:
    """Listen to a recording that began at ``started`` and suggest its crying on Today."""
    from zoneinfo import ZoneInfo

    membership = _membership(user)
    who = _baby(membership, baby)
    moment = parse_time(started, ZoneInfo(membership.household.time_zone), "started")
    assert moment is not None
    found, _seconds = _from_file(file, as_json)
    stored = _store(membership, who, moment, found, "file")
    if not as_json:
        typer.echo(
            ngettext(
                "%(n)d suggestion for %(baby)s on Today.",
                "%(n)d suggestions for %(baby)s on Today.",
                stored,
            )
            % {"n": stored, "baby": who.name}
        )
