"""Help directory by country and the partner path: only sourced numbers, gaps recorded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.loader import ContentError, content_path, parse_toml
from scoring.help import (
    help_for_country,
    help_for_screen,
    load_help_directory,
    load_partner_path,
    parse_directory,
    parse_partner_path,
)

BRIEF = Path(__file__).resolve().parents[3] / "shared" / "domain" / "red-flags-and-help.md"


@pytest.mark.parametrize(
    ("code", "expected_code", "emergency", "crisis"),
    [
        ("US", "US", "911", "988"),
        ("us", "US", "911", "988"),
        ("GB", "GB", "999", "116 123"),
        ("UK", "GB", "999", "116 123"),
        ("CA", "CA", "911", "988"),
        ("AU", "AU", "000", "13 11 14"),
    ],
)
def test_country_lists_have_emergency_then_crisis(
    code: str, expected_code: str, emergency: str, crisis: str
) -> None:
    country = help_for_country(code)
    assert country.code == expected_code and not country.is_fallback
    assert country.by_kind("emergency")[0].contacts[0].value == emergency
    assert country.by_kind("crisis")[0].contacts[0].value == crisis


@pytest.mark.parametrize(
    ("code", "kind"), [("US", "perinatal"), ("GB", "perinatal"), ("AU", "perinatal")]
)
def test_perinatal_lines_where_the_brief_sources_them(code: str, kind: str) -> None:
    assert help_for_country(code).by_kind(kind)


@pytest.mark.parametrize(
    ("code", "kind"), [("CA", "perinatal"), ("IE", "perinatal"), ("IE", "emergency")]
)
def test_missing_numbers_are_documented_gaps_not_inventions(code: str, kind: str) -> None:
    country = help_for_country(code)
    assert not country.by_kind(kind)
    assert any(g.kind == kind for g in country.gaps)


def test_ireland_gets_samaritans_and_the_plain_emergency_sentence() -> None:
    ireland = help_for_country("IE")
    assert [s.contacts[0].value for s in ireland.by_kind("crisis")] == ["116 123"]
    assert not ireland.has_emergency_number()
    assert "local emergency number" in ireland.no_number_text


@pytest.mark.parametrize("code", ["FR", "", None, "xx", "international"])
def test_unknown_countries_get_the_fallback_without_numbers(code: str | None) -> None:
    fallback = help_for_country(code)
    assert fallback.is_fallback
    assert fallback.services == ()
    assert {g.kind for g in fallback.gaps} >= {"emergency", "crisis", "perinatal"}


def test_screen_order_follows_the_decision() -> None:
    services = help_for_screen("US", ("emergency", "crisis", "perinatal"))
    assert [s.kind for s in services] == ["emergency", "crisis", "perinatal", "perinatal"]


def test_every_service_has_a_source_and_support_lines_say_they_are_not_crisis_lines() -> None:
    directory = load_help_directory()
    for country in directory.countries.values():
        for service in country.services:
            assert service.source, service.key
    assert help_for_country("US").by_kind("perinatal")[0].not_a_crisis_line
    assert help_for_country("AU").by_kind("perinatal")[0].not_a_crisis_line


def test_youth_lines_are_never_offered_to_parents() -> None:
    directory = load_help_directory()
    names = {s.name for c in directory.countries.values() for s in c.services}
    assert not any("Kids Help" in n for n in names)
    assert {n.name for n in directory.never_offer} == {
        "Kids Help Phone (Canada)",
        "Kids Helpline (Australia)",
    }


@pytest.mark.skipif(not BRIEF.exists(), reason="research brief not available")
def test_every_number_appears_in_the_research_brief() -> None:
    brief = BRIEF.read_text(encoding="utf-8")
    digits_in_brief = re.sub(r"\D", "", brief)
    for country in load_help_directory().countries.values():
        for service in country.services:
            for contact in service.contacts:
                if contact.method in ("call", "text"):
                    assert (
                        contact.value in brief
                        or re.sub(r"\D", "", contact.value) in digits_in_brief
                    ), (
                        service.key,
                        contact.value,
                    )
                    assert contact.value in brief, (service.key, contact.value)


DIRECTORY = """
version = "t"
fallback = "international"
[always]
no_number_text = "x"
not_monitored_text = "y"
not_monitored_source = "z"
[countries.international]
name = "Elsewhere"
[[countries.international.gaps]]
kind = "emergency"
note = "none"
[countries.US]
name = "US"
[[countries.US.services]]
key = "k"
name = "n"
kind = "emergency"
source = "s"
contacts = [{ method = "call", value = "911" }]
"""


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('value = "911"', 'value = "nine one one"', "countries.US.services[0].contacts[0].value"),
        ('kind = "emergency"\nsource', 'kind = "chat"\nsource', "countries.US.services[0].kind"),
        ('source = "s"\n', "", "countries.US.services[0].source"),
        ("[countries.US]", "[countries.usa]", "countries.usa"),
        ('kind = "emergency"\nsource', 'kind = "crisis"\nsource', "countries.US.services"),
        ('fallback = "international"', 'fallback = "world"', "fallback"),
    ],
    ids=[
        "not-a-number",
        "unknown-kind",
        "no-source",
        "bad-code",
        "no-emergency-and-no-gap",
        "bad-fallback",
    ],
)
def test_a_bad_directory_names_the_field(old: str, new: str, field: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_directory(parse_toml(DIRECTORY.replace(old, new, 1), "directory.toml"))
    assert info.value.field == field


def test_partner_path_covers_signs_raising_it_self_care_and_where_to_go() -> None:
    path = load_partner_path()
    assert [s.key for s in path.sections] == [
        "signs",
        "raise_it",
        "look_after_yourself",
        "where_to_go",
        "urgent",
    ]
    assert all(p.source for s in path.sections for p in s.points)
    signs = " ".join(p.text for p in path.section("signs").points).lower()
    for word in ("irritable", "work", "drinking", "hates"):
        assert word in signs
    with pytest.raises(KeyError):
        path.section("nope")


def test_the_partner_page_in_spanish_is_whole_with_the_same_sources() -> None:
    path = load_partner_path()
    spanish = path.in_language("es-ES")
    assert spanish.title != path.title and spanish.intro != path.intro
    assert [s.key for s in spanish.sections] == [s.key for s in path.sections]
    for english, said in zip(path.sections, spanish.sections, strict=True):
        assert said.title != english.title
        assert [p.cites for p in said.points] == [p.cites for p in english.points]
        assert all(a.text != b.text for a, b in zip(english.points, said.points, strict=True))
    assert spanish.cites == path.cites
    assert path.in_language("de") is path


def test_a_partner_point_without_the_pages_languages_is_refused() -> None:
    text = content_path("help", "partner.toml").read_text(encoding="utf-8")
    start = text.index("translations.es.text")
    end = text.index("\n", start) + 1
    with pytest.raises(ContentError, match=r"points\[0\]\.translations"):
        parse_partner_path(parse_toml(text[:start] + text[end:], "partner.toml"))


def test_the_lines_beside_every_list_are_in_the_readers_language() -> None:
    english = help_for_country("ZZ")
    spanish = help_for_country("ZZ", language="es-MX")
    assert spanish.no_number_text.startswith("Si alguien está en peligro ahora mismo")
    assert spanish.not_monitored_text.startswith("Nestling no puede pedir ayuda")
    assert spanish.services == english.services  # names and numbers as they are
    assert help_for_country("GB", language="es").no_number_text == spanish.no_number_text
    assert help_for_country("GB", language="fr").no_number_text == english.no_number_text
