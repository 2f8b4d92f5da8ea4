"""The words for each detail's choices (carelog/labels.py) and the choices the entries accept
(carelog/kinds.py) are one list: a choice added to a kind without its words, or words left
for a choice that is gone, fails here (issue 8: one registry of kinds)."""

from __future__ import annotations

import typing

import pytest

from carelog import kinds, labels

#: (details model, field, the words for its choices)
PAIRS = [
    (kinds.FeedDetails, "method", labels.METHODS),
    (kinds.FeedDetails, "side", labels.SIDES),
    (kinds.FeedDetails, "milk", labels.MILKS),
    (kinds.SleepDetails, "location", labels.LOCATIONS),
    (kinds.NappyDetails, "colour", labels.COLOURS),
    (kinds.NappyDetails, "consistency", labels.TEXTURES),
    (kinds.TemperatureDetails, "method", labels.TEMPERATURE_METHODS),
    (kinds.PottyDetails, "result", labels.POTTY),
    (kinds.SessionDetails, "baby_response", labels.RESPONSES),
    (kinds.ReadingDetails, "activity", labels.ACTIVITIES),
    (kinds.CryDetails, "ended", labels.ENDINGS),
    (kinds.CryDetails, "purple", labels.PURPLE),
]


def _choices(annotation: object) -> set[object]:
    """Every Literal value inside a field's annotation (through Optional, list, aliases)."""
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    found: set[object] = set()
    for arg in typing.get_args(annotation):
        found |= _choices(arg)
    return found


@pytest.mark.parametrize(
    ("model", "field", "words"), PAIRS, ids=lambda p: getattr(p, "__name__", str(p))
)
def test_every_choice_has_its_words_and_no_words_are_left_over(model, field, words) -> None:
    choices = _choices(model.model_fields[field].annotation)
    assert choices, f"{model.__name__}.{field} has no fixed choices"
    assert choices == set(words), choices ^ set(words)


def test_the_crying_intensity_words_cover_its_range() -> None:
    metadata = kinds.CryDetails.model_fields["intensity"].metadata
    low = next(m.ge for m in metadata if hasattr(m, "ge"))
    high = next(m.le for m in metadata if hasattr(m, "le"))
    assert set(labels.INTENSITIES) == set(range(low, high + 1))
