"""What each kind of entry asks a parent, in order: every detail's label, how it is given
(a choice, a tick, a number, an amount in the family's units…), its choices and which
details are amounts. The one place the pages' forms, the command line's units and the
tests read them from; carelog/kinds.py holds the rules a detail must keep, and a test keeps
the two in step (every input is a detail of its kind, with the same choices).

Labels are translated through gettext, lazily (the reader's language is chosen per request).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from django.utils.translation import gettext_lazy as _

from households.units import Dimension

from .kinds import KINDS
from .labels import (
    ACTIVITIES,
    COLOURS,
    ENDINGS,
    INTENSITIES,
    LOCATIONS,
    METHODS,
    MILKS,
    POTTY,
    PURPLE,
    RESPONSES,
    SIDES,
    TEMPERATURE_METHODS,
    TEXTURES,
)

#: How a detail is given: one of few choices (buttons), one of many (a list), a tick,
#: ticks (several choices), a line or a paragraph of text, a number, or an amount typed in
#: the family's units and stored in SI (see AMOUNTS).
Input = Literal["choice", "select", "tick", "ticks", "text", "paragraph", "number", "amount"]

#: The details that are amounts, stored in SI under their name, and what each measures.
AMOUNTS: Final[Mapping[str, Dimension]] = {
    "amount_ml": "volume",
    "left_ml": "volume",
    "right_ml": "volume",
    "total_ml": "volume",
    "weight_kg": "weight",
    "length_cm": "length",
    "head_cm": "length",
    "celsius": "temperature",
}

MEDICINE_UNITS: Final = {
    "ml": "ml",
    "mg": "mg",
    "mcg": "mcg",
    "drops": _("drops"),
    "tablets": _("tablets"),
    "sachets": _("sachets"),
    "puffs": _("puffs"),
    "units": _("units"),
    "other": _("other"),
}
SIDE_CHOICES: Final = {"left": _("Left"), "right": _("Right"), "both": _("Both")}


@dataclass(frozen=True)
class DetailInput:
    """One detail as a parent gives it. ``label`` may name the family's unit with
    ``%(unit)s`` (amounts); ``only_with`` keeps the detail only when another detail has a
    value (a bottle's amount only for a bottle feed)."""

    name: str
    label: Any  # lazy translation
    input: Input
    choices: Mapping[Any, Any] = field(default_factory=dict)
    required: bool = False
    initial: str | None = None
    max_length: int | None = None
    only_with: tuple[str, str] | None = None
    #: How History words it (carelog/describe.py): a template around the value's words
    #: (``%(value)s``; the value itself when None), ``lower`` to lower-case the value inside
    #: it, ``joins`` to attach it to the phrase before with a space ("Calpol 2.5 ml"), and
    #: ``said_choices`` for choices worded differently in History than in the form.
    said: Any = None
    lower: bool = False
    joins: bool = False
    said_choices: Mapping[Any, Any] | None = None

    @property
    def dimension(self) -> Dimension | None:
        """What an amount measures (None for any other detail)."""
        return AMOUNTS.get(self.name)

    @property
    def is_whole_number(self) -> bool:
        """A choice among whole numbers (1-5, an intensity), stored as a number."""
        return bool(self.choices) and all(isinstance(k, int) for k in self.choices)


def _amount(name: str, label: Any, required: bool = False, said: Any = None) -> DetailInput:
    return DetailInput(name, label, "amount", required=required, said=said)


#: How was the baby, how did you feel: asked when a holding or activity session ends.
SESSION: Final = (
    DetailInput(
        "baby_response",
        _("How was the baby?"),
        "choice",
        RESPONSES,
        said=_("baby: %(value)s"),
        lower=True,
    ),
    DetailInput(
        "parent_confidence",
        _("How did you feel? (1 = very hard, 5 = great)"),
        "choice",
        {i: str(i) for i in range(1, 6)},
        said=_("felt %(value)s/5"),
    ),
)

#: A crying episode, asked when it is logged or its timer stops.
CRY: Final = (
    DetailInput("intensity", _("How strong?"), "choice", INTENSITIES, initial="2"),
    DetailInput(
        "ended", _("How did it end?"), "choice", ENDINGS, said=_("ended: %(value)s"), lower=True
    ),
    DetailInput(
        "purple",
        _("Did it look like this? (tick any)"),
        "ticks",
        {code: f"{name} — {meaning}" for code, (name, meaning) in PURPLE.items()},
        said=_("PURPLE: %(value)s"),
        lower=True,
        said_choices={code: name for code, (name, _meaning) in PURPLE.items()},
    ),
)

#: Each kind's own details, in the order a form asks them (sessions add SESSION).
_OWN: Final[Mapping[str, tuple[DetailInput, ...]]] = {
    "feed": (
        DetailInput("method", _("Feed"), "choice", METHODS, required=True, initial="breast"),
        DetailInput(
            "side",
            _("Side"),
            "choice",
            SIDE_CHOICES,
            only_with=("method", "breast"),
            said_choices=SIDES,
        ),
        DetailInput(
            "milk", _("What was in the bottle"), "choice", MILKS, only_with=("method", "bottle")
        ),
        DetailInput("amount_ml", _("Amount in %(unit)s"), "amount", only_with=("method", "bottle")),
        DetailInput("food", _("What food"), "text", max_length=200, only_with=("method", "solids")),
    ),
    "sleep": (DetailInput("location", _("Where"), "choice", LOCATIONS),),
    "nappy": (
        DetailInput("wet", _("Wet"), "tick"),
        DetailInput("dirty", _("Dirty"), "tick"),
        DetailInput("dry", _("Dry (checked, nothing in it)"), "tick", said=_("Dry")),
        DetailInput("colour", _("Colour"), "select", COLOURS),
        DetailInput("consistency", _("Texture"), "select", TEXTURES),
    ),
    "growth": (
        _amount("weight_kg", _("Weight in %(unit)s")),
        _amount("length_cm", _("Length in %(unit)s"), said=_("%(value)s long")),
        _amount("head_cm", _("Head circumference in %(unit)s"), said=_("head %(value)s")),
    ),
    "temperature": (
        _amount("celsius", _("Temperature in %(unit)s"), required=True),
        DetailInput("method", _("Taken"), "choice", TEMPERATURE_METHODS),
    ),
    "medicine": (
        DetailInput("name", _("Medicine"), "text", required=True, max_length=100),
        DetailInput("dose", _("Dose"), "number", joins=True),
        DetailInput("unit", _("Unit"), "select", MEDICINE_UNITS, joins=True),
        DetailInput(
            "interval_h",
            _("Hours to wait before the next dose (from the label)"),
            "number",
            said=_("every %(value)s h at most"),
        ),
    ),
    "pump": (
        _amount("left_ml", _("Left, %(unit)s"), said=_("left %(value)s")),
        _amount("right_ml", _("Right, %(unit)s"), said=_("right %(value)s")),
        _amount("total_ml", _("Total, %(unit)s (if not by side)"), said=_("%(value)s in all")),
    ),
    "solids": (
        DetailInput("foods", _("What food"), "text", max_length=200),
        DetailInput("amount", _("How much"), "number"),
        DetailInput("unit", _("Unit (g, spoons…)"), "text", max_length=20, joins=True),
        DetailInput("reaction", _("How it went"), "text", max_length=40),
        DetailInput("first_time", _("First time trying it"), "tick", said=_("first time")),
    ),
    "potty": (DetailInput("result", _("Result"), "choice", POTTY),),
    "cry": CRY,
    "note": (DetailInput("text", _("Note"), "paragraph", required=True),),
    "reading": (
        DetailInput(
            "activity",
            _("Reading or singing"),
            "choice",
            ACTIVITIES,
            required=True,
            initial="reading",
        ),
    ),
}

#: Details a kind keeps that no form asks: the breast timings and the first side come from
#: other apps' exports, the moods from Baby Buddy's; the note is asked for every kind.
NOT_ASKED: Final[Mapping[str, frozenset[str]]] = {
    "feed": frozenset({"left_s", "right_s", "first_side"}),
    "sleep": frozenset({"mood_start", "mood_end"}),
}


def inputs(kind: str) -> tuple[DetailInput, ...]:
    """What logging or editing an entry of ``kind`` asks, in order."""
    own = _OWN.get(kind, ())
    return own + SESSION if KINDS[kind].is_session else own


def stop_inputs(kind: str) -> tuple[DetailInput, ...]:
    """What stopping a timer of ``kind`` asks: the episode for a cry, two taps for a
    session, nothing otherwise."""
    if kind == "cry":
        return CRY
    return SESSION if KINDS[kind].is_session else ()
