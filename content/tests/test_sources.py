"""The source list (content/sources.toml): only sources the domain briefs name, readable
names a parent may see, and cite keys checked where content files use them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.loader import ContentError, load_sources, parse_sources, parse_toml
from safety.help import parse_partner_path
from safety.rules import load_crying_plan, parse_crying_plan
from scoring.instruments import load_builtin_instruments

DOMAIN = Path(__file__).resolve().parents[3] / "shared" / "domain"
SOURCES = load_sources()


def test_every_url_is_copied_from_the_briefs() -> None:
    briefs = "\n".join(path.read_text(encoding="utf-8") for path in DOMAIN.glob("*.md"))
    for source in SOURCES.by_key.values():
        if source.url is not None:
            assert source.url in briefs, source.key


def test_every_source_is_named_in_the_brief_it_points_to() -> None:
    doc = parse_toml((Path(__file__).parents[1] / "sources.toml").read_text(), "sources.toml")
    for entry in doc.get_tables("sources"):
        brief = DOMAIN / entry.get_str("brief").split()[0]
        assert brief.is_file(), entry.get_str("key")
        first_word = re.match(r"[\w-]+", entry.get_str("name"))
        assert first_word and first_word.group() in brief.read_text(encoding="utf-8"), (
            entry.get_str("key")
        )


def test_every_questionnaire_names_its_sources() -> None:
    assert set(SOURCES.instruments) == set(load_builtin_instruments())
    assert all(SOURCES.instruments.values())


def test_the_plans_first_screen_and_emergency_box_say_where_they_come_from() -> None:
    plan = load_crying_plan()
    assert plan.first_screen == ("put_down_safely", "step_away", "call_someone")
    for step in (*plan.numbered[: len(plan.first_screen)], plan.always):
        assert step.cites and step.source, step.key


SOURCES_TOML = """
version = "t"
[[sources]]
key = "cdc"
name = "CDC: Preventing abusive head trauma"
url = "https://www.cdc.gov/x"
brief = "safety.md §1"
[instruments]
phq9 = ["cdc"]
"""


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('phq9 = ["cdc"]', 'phq9 = ["cdcc"]', "instruments.phq9[0]"),
        ('phq9 = ["cdc"]', 'phq9 = ["cdc", "cdc"]', "instruments.phq9[1]"),
        ('name = "CDC: Preventing', 'name = "safety.md §1: Preventing', "sources[0].name"),
        ('name = "CDC: Preventing', 'name = "UNCONFIRMED: Preventing', "sources[0].name"),
        ('url = "https://www.cdc.gov/x"', 'url = "www.cdc.gov"', "sources[0].url"),
        ('brief = "safety.md §1"\n', "", "sources[0].brief"),
        ('key = "cdc"', 'key = "cdc"\nsource = "x"', "sources[0].source"),
    ],
    ids=["unknown-key", "cited-twice", "file-name", "working-note", "bad-url", "no-brief", "typo"],
)
def test_a_bad_sources_file_names_the_field(old: str, new: str, field: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_sources(parse_toml(SOURCES_TOML.replace(old, new, 1), "sources.toml"))
    assert info.value.field == field


PLAN_TOML = """
version = "t"
title = "t"
always_visible = "sos"
first_screen = ["a", "b"]
[[steps]]
key = "a"
title = "A"
text = "a"
action = "none"
source = "s"
cite = ["cdc"]
[[steps]]
key = "sos"
title = "SOS"
text = "s"
action = "call:emergency"
source = "s"
cite = []
[[steps]]
key = "b"
title = "B"
text = "b"
action = "timer:10"
source = "s"
cite = ["cdc"]
"""


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('cite = ["cdc"]', 'cite = ["nhs"]', "steps[0].cite[0]"),
        ('cite = ["cdc"]\n', "", "steps[0].cite"),
        ('first_screen = ["a", "b"]', 'first_screen = ["b", "a"]', "first_screen"),
        ('first_screen = ["a", "b"]', 'first_screen = ["a", "sos"]', "first_screen"),
        ('first_screen = ["a", "b"]', "first_screen = []", "first_screen"),
        ('key = "b"', 'key = "a"', "steps[2].key"),
    ],
    ids=["unknown-source", "no-cite", "out-of-order", "emergency-step", "empty", "duplicate"],
)
def test_a_bad_crying_plan_names_the_field(old: str, new: str, field: str) -> None:
    sources = parse_sources(parse_toml(SOURCES_TOML, "sources.toml"))
    doc = parse_toml(PLAN_TOML.replace(old, new, 1), "crying_plan.toml")
    with pytest.raises(ContentError) as info:
        parse_crying_plan(doc, sources)
    assert (info.value.file, info.value.field) == ("crying_plan.toml", field)


def test_a_good_crying_plan_carries_readable_sources() -> None:
    sources = parse_sources(parse_toml(SOURCES_TOML, "sources.toml"))
    plan = parse_crying_plan(parse_toml(PLAN_TOML, "crying_plan.toml"), sources)
    assert [s.key for s in plan.numbered] == ["a", "b"]
    assert plan.always.key == "sos" and plan.always.cites == ()
    assert plan.numbered[0].cites[0].name == "CDC: Preventing abusive head trauma"


PARTNER_TOML = """
version = "t"
title = "t"
intro = "i"
intro_source = "s"
intro_cite = ["cdc"]
[[sections]]
key = "k"
title = "T"
[[sections.points]]
text = "p"
source = "s"
cite = ["cdc"]
"""


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            'source = "s"\ncite = ["cdc"]',
            'source = "s"\ncite = ["who"]',
            "sections[0].points[0].cite[0]",
        ),
        ('intro_cite = ["cdc"]', 'intro_cite = "cdc"', "intro_cite"),
        ('intro_cite = ["cdc"]\n', "", "intro_cite"),
    ],
    ids=["unknown-source", "not-a-list", "no-intro-cite"],
)
def test_a_bad_partner_path_names_the_field(old: str, new: str, field: str) -> None:
    sources = parse_sources(parse_toml(SOURCES_TOML, "sources.toml"))
    doc = parse_toml(PARTNER_TOML.replace(old, new, 1), "partner.toml")
    with pytest.raises(ContentError) as info:
        parse_partner_path(doc, sources)
    assert (info.value.file, info.value.field) == ("partner.toml", field)
