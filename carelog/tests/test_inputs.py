"""What each kind asks (carelog/inputs.py) and what each kind accepts (carelog/kinds.py) are
one registry (issue 8): every input is a detail of its kind with exactly the kind's choices,
every detail is asked or deliberately not, every amount is measured in a known dimension,
and the pages' forms and the command line are built from it."""

from __future__ import annotations

import pytest

from carelog import inputs, kinds
from carelog.tests.test_labels import _choices
from households.units import METRIC, Units
from web.forms import EventForm, StopForm, detail_fields

US = Units(volume="floz", weight="lb", length="in", temperature="f", clock="12")


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_input_is_a_detail_of_its_kind_with_the_same_choices(kind: str) -> None:
    model = kinds.KINDS[kind].details
    for detail in inputs.inputs(kind):
        assert detail.name in model.model_fields, (kind, detail.name)
        accepted = _choices(model.model_fields[detail.name].annotation)
        if detail.choices and accepted:
            assert set(detail.choices) == accepted, (kind, detail.name)
        if detail.input == "amount":
            assert detail.dimension is not None, (kind, detail.name)
        if detail.only_with:
            other, value = detail.only_with
            assert value in _choices(model.model_fields[other].annotation)


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_detail_is_asked_or_left_out_on_purpose(kind: str) -> None:
    model = kinds.KINDS[kind].details
    asked = {d.name for d in inputs.inputs(kind)}
    left_out = inputs.NOT_ASKED.get(kind, frozenset()) | {"note"}
    assert set(model.model_fields) == asked | left_out, set(model.model_fields) ^ asked


@pytest.mark.parametrize(
    ("kind", "detail"),
    [("cry", inputs.CRY[0]), ("play", inputs.SESSION[1])],
    ids=["intensity", "parent_confidence"],
)
def test_whole_number_choices_cover_their_range(kind: str, detail: inputs.DetailInput) -> None:
    assert detail.is_whole_number
    for value in detail.choices:
        kinds.validate_details(kind, {detail.name: value})
    for value in (min(detail.choices) - 1, max(detail.choices) + 1):
        with pytest.raises(kinds.DetailsError):
            kinds.validate_details(kind, {detail.name: value})


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_the_forms_ask_exactly_the_registry_in_its_order(kind: str) -> None:
    names = [d.name for d in inputs.inputs(kind)]
    assert list(detail_fields(kind, METRIC)) == names
    assert list(detail_fields(kind, US)) == names
    form = EventForm(kind=kind, members=[], units=METRIC)
    assert form.detail_names == names
    assert StopForm(kind=kind).detail_names == [d.name for d in inputs.stop_inputs(kind)]


def test_a_bottle_feed_keeps_only_the_bottles_details() -> None:
    data = {"start": "2026-12-07T06:00", "end": "2026-12-07T06:20", "caregiver": "1"}
    data |= {"method": "bottle", "side": "left", "amount_ml": "120", "milk": "formula"}
    form = EventForm(data, kind="feed", members=[], units=METRIC)
    form.fields["caregiver"].choices = [(1, "Mum")]  # type: ignore[attr-defined]
    assert form.is_valid(), form.errors
    assert form.details() == {"method": "bottle", "amount_ml": 120.0, "milk": "formula"}
