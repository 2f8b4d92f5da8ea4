"""The instruments, rules and help Nestling offers, loaded once from content/ via the cores.

Instrument packs (a licensed EPDS, or any instrument in the ``nestling-instrument/1``
format, see content/instruments/README.md) are read from the folder named by the
``NESTLING_INSTRUMENT_PACKS`` setting, when set. Everything is validated at start-up by
:func:`check_content` (called from ``WellbeingConfig.ready``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

from intake.rules import load_intake_rules
from safety.help import load_help_directory, load_partner_path
from safety.rules import load_crying_plan, load_rules
from scoring.cadence import load_cadence
from scoring.instruments import Instrument, load_instruments


def pack_dir() -> Path | None:
    """The instrument-pack folder from settings, or None."""
    value = getattr(settings, "NESTLING_INSTRUMENT_PACKS", None)
    return Path(value) if value else None


@cache
def _instruments(folder: Path | None) -> dict[str, Instrument]:
    return load_instruments(folder)


def instruments() -> dict[str, Instrument]:
    """Every instrument, built-in or from a pack, keyed by its code."""
    return _instruments(pack_dir())


def answerable() -> dict[str, Instrument]:
    """Instruments a person can fill in: those with item text (a skeleton needs its pack)."""
    return {key: inst for key, inst in instruments().items() if inst.has_item_text}


def instrument(key: str) -> Instrument | None:
    """The answerable instrument ``key``, or None."""
    return answerable().get(key)


def check_content() -> None:
    """Load and validate every content file the wellbeing features use; raise ContentError."""
    instruments()
    load_cadence()
    load_rules()
    load_crying_plan()
    load_help_directory()
    load_partner_path()
    load_intake_rules()
