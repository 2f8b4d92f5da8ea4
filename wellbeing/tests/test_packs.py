"""An instrument pack (here: placeholder EPDS wording, not the real text) makes the EPDS
answerable; its item 10 then opens the safety screen like PHQ-9 item 9 (Cox 1987 via
parent-mental-health.md 'What this means for the app' 2), and fathers get their cut-off."""

from __future__ import annotations

import pytest

from wellbeing import registry, services

PACK = """
format = "nestling-instrument/1"
version = "test-1"
key = "epds"
stem = "Placeholder stem for the past 7 days"
[pack]
name = "Test pack with placeholder items"
holder = "Nestling tests"
licence = "Placeholder text only; not the EPDS wording."
""" + "".join(
    f"""
[[items]]
number = {n}
text = "Placeholder item {n}"
option_labels = ["Option A{n}", "Option B{n}", "Option C{n}", "Option D{n}"]
"""
    for n in range(1, 11)
)


@pytest.fixture
def epds(tmp_path, settings):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "epds.toml").write_text(PACK, encoding="utf-8")
    settings.NESTLING_INSTRUMENT_PACKS = str(folder)
    return registry.instrument("epds")


def _index_of(item, score: int) -> int:
    return next(i for i, o in enumerate(item.options) if o.score == score)


def test_without_a_pack_the_epds_cannot_be_answered(people):
    assert registry.instrument("epds") is None
    assert "epds" in registry.instruments()  # the skeleton is there, scoring only


def test_a_pack_makes_it_answerable_and_item_10_opens_the_safety_screen(people, epds):
    assert epds is not None and epds.items[0].text == "Placeholder item 1"
    answers = [_index_of(item, 0) for item in epds.items]
    answers[9] = _index_of(epds.items[9], 1)
    services.update_preference(people.bob, "nothing", "nothing", "father", None)
    outcome = services.submit_check_in(people.bob, "epds", answers)
    assert outcome.check_in.self_harm_flag
    assert outcome.decision.show_safety_screen_first
    assert outcome.check_in.role_used == "father"


def test_fathers_reach_the_positive_screen_at_10(people, epds):
    services.update_preference(people.bob, "nothing", "nothing", "father", None)
    answers = [_index_of(item, 0) for item in epds.items]
    for n in range(3):  # items 1–3 at 3 points, item 4 at 1: total 10
        answers[n] = _index_of(epds.items[n], 3)
    answers[3] = _index_of(epds.items[3], 1)
    outcome = services.submit_check_in(people.bob, "epds", answers)
    assert (outcome.check_in.total, outcome.check_in.is_positive) == (10, True)
