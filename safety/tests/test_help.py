"""Help directory by country and the partner path: only sourced numbers, gaps recorded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.loader import ContentError, content_path, parse_toml
from safety.help import (
    SHOWN_FIELDS,
    Service,
    help_for_country,
    help_for_screen,
    load_help_directory,
    load_partner_path,
    parse_directory,
    parse_partner_path,
    quick_contacts,
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
    assert spanish.services == english.services == ()  # the fallback lists no numbers
    assert (english.name, spanish.name) == ("Elsewhere", "Otros países")
    assert help_for_country("GB", language="es").no_number_text == spanish.no_number_text
    assert help_for_country("GB", language="fr").no_number_text == english.no_number_text


# --- the directory in Spanish ------------------------------------------------------------

#: Shown words whose Spanish is, rightly, the English (a place's own name, a phone word).
SAME_IN_SPANISH = {"Australia", "Victoria", "1-833-TLC-MAMA", "1-800-4-A-CHILD"}


def _pairs() -> list[tuple[Service, Service]]:
    """Every service as loaded (English) beside the same service in Spanish."""
    return [
        (english, spanish)
        for country in load_help_directory().countries.values()
        for english, spanish in zip(
            country.services, country.in_language("es").services, strict=True
        )
    ]


def _shown(service: Service) -> dict[str, str | None]:
    """What a page shows of a service, by field (contact labels as ``label[i]``)."""
    out: dict[str, str | None] = {"name": service.name}
    out.update({name: getattr(service, name) for name in SHOWN_FIELDS})
    out.update({f"label[{i}]": c.label for i, c in enumerate(service.contacts)})
    return out


@pytest.mark.parametrize("code", sorted(load_help_directory().countries))
def test_every_country_and_every_word_shown_has_spanish(code: str) -> None:
    country = load_help_directory().countries[code]
    spanish = country.in_language("es")
    assert "es" in country.translations
    assert spanish.name == country.translations["es"].name
    assert spanish.name != country.name or spanish.name in SAME_IN_SPANISH
    for english, said in zip(country.services, spanish.services, strict=True):
        english_words, spanish_words = _shown(english), _shown(said)
        for name, text in english_words.items():
            if name == "name" or text is None:
                continue
            assert spanish_words[name], (english.key, name)
            assert spanish_words[name] != text or text in SAME_IN_SPANISH, (english.key, name)
        # A field the English leaves out stays out in Spanish too: nothing added.
        assert [k for k, v in english_words.items() if v is None] == [
            k for k, v in spanish_words.items() if v is None
        ]


def test_generic_names_are_spanish_and_a_services_own_name_is_kept() -> None:
    for english, spanish in _pairs():
        if english.kind == "emergency":
            assert spanish.name == "Servicios de emergencia", english.key
    names = {e.key: s.name for e, s in _pairs()}
    assert names["gb_samaritans"] == "Samaritans" and names["gb_shout"] == "Shout"
    assert names["us_988"] == "988 Suicide & Crisis Lifeline"
    assert names["gb_nhs111"].startswith("NHS 111 ")


def test_numbers_contacts_and_facts_are_the_same_in_spanish() -> None:
    for english, spanish in _pairs():
        assert (spanish.key, spanish.kind, spanish.source) == (
            english.key,
            english.kind,
            english.source,
        )
        assert [(c.method, c.value) for c in spanish.contacts] == [
            (c.method, c.value) for c in english.contacts
        ]
        assert (spanish.open_to_fathers, spanish.not_a_crisis_line) == (
            english.open_to_fathers,
            english.not_a_crisis_line,
        )
        assert (spanish.languages, spanish.last_verified) == (
            english.languages,
            english.last_verified,
        )


def test_spanish_words_keep_every_number_and_texted_keyword() -> None:
    checked = 0
    for english, spanish in _pairs():
        said = _shown(spanish)
        for name, text in _shown(english).items():
            if text is None:
                continue
            assert re.findall(r"\d+", said[name] or "") == re.findall(r"\d+", text), (
                english.key,
                name,
            )
            assert re.findall(r'"[^"]*"', said[name] or "") == re.findall(r'"[^"]*"', text)
            checked += name.startswith("label")
    assert checked == 6  # every labelled contact was looked at
    gb = help_for_country("GB", language="es")
    labels = {c.label for s in gb.services for c in s.contacts if c.label}
    assert any('"PANDAS"' in label and "85258" in label for label in labels)
    assert any(label.startswith("111") and "2" in label for label in labels)


def test_in_language_gives_spanish_for_any_spanish_and_english_otherwise() -> None:
    english = help_for_country("GB")
    mexican = help_for_country("GB", language="es-MX")
    assert english.in_language("es_MX") == mexican == english.in_language("es")
    assert mexican.name == "Reino Unido"
    emergency = mexican.by_kind("emergency")[0]
    assert emergency.name == "Servicios de emergencia"
    assert emergency.hours and "24" in emergency.hours and emergency.hours != "24/7"
    assert emergency.note == "O ve a urgencias (A&E)."
    for language in ("en", "en-GB", "fr", ""):
        assert help_for_country("GB", language=language) == english
        assert english.in_language(language) is english
    assert english.by_kind("emergency")[0].name == "Emergency services"
    assert help_for_country("zz", language="es").name == "Otros países"


def test_the_screen_lists_and_quick_calls_follow_the_language() -> None:
    kinds = ("emergency", "crisis", "perinatal")
    spanish = help_for_screen("GB", kinds, language="es-419")
    english = help_for_screen("GB", kinds)
    assert [s.key for s in spanish] == [s.key for s in english]
    assert spanish[0].name == "Servicios de emergencia" and english[0].name == "Emergency services"
    (service, contact), *_ = quick_contacts("GB", ("crisis",), 3, language="es")
    assert service.hours == help_for_country("GB", language="es").by_kind("crisis")[0].hours
    assert contact.value == "116 123"
    offered = dict(quick_contacts("GB", ("crisis",), 3, language="es"))  # still hashable
    assert "111, después la opción 2" in {c.label for c in offered.values()}
    assert len({*spanish, *english}) == 2 * len(english)  # each worded differently


SPANISH_DIRECTORY = """
version = "t"
fallback = "international"
[always]
no_number_text = "x"
not_monitored_text = "y"
not_monitored_source = "z"
translations.es.no_number_text = "x es"
translations.es.not_monitored_text = "y es"
[countries.international]
name = "Elsewhere"
translations.es.name = "Otros países"
[[countries.international.gaps]]
kind = "emergency"
note = "none"
[countries.GB]
name = "United Kingdom"
translations.es.name = "Reino Unido"
[[countries.GB.services]]
key = "k"
name = "Emergency services"
kind = "emergency"
source = "s"
contacts = [{ method = "call", value = "111", label = "111, then option 2", translations.es.label = "111, después la opción 2" }]
hours = "24/7"
translations.es.name = "Servicios de emergencia"
translations.es.hours = "24 horas al día, 7 días a la semana"
[[countries.GB.services]]
key = "p"
name = "PANDAS"
kind = "perinatal"
source = "s"
contacts = [{ method = "text", value = "85258", label = 'Text "PANDAS" to 85258', translations.es.label = 'Envía "PANDAS" al 85258' }]
"""
SERVICE = "countries.GB.services[0]"
LABEL = "countries.GB.services[0].contacts[0]"


def test_the_small_spanish_directory_loads() -> None:
    directory = parse_directory(parse_toml(SPANISH_DIRECTORY, "directory.toml"))
    gb = help_for_country("GB", directory, language="es")
    assert gb.name == "Reino Unido" and gb.no_number_text == "x es"
    assert [c.label for s in gb.services for c in s.contacts] == [
        "111, después la opción 2",
        'Envía "PANDAS" al 85258',
    ]
    assert gb.services[1].name == "PANDAS"  # no translated name: its own name, kept


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        (
            'translations.es.name = "Servicios',
            'translations.es.nombre = "Servicios',
            f"{SERVICE}.translations.es.nombre",
            "unknown field",
        ),
        (
            'translations.es.hours = "24 horas al día, 7 días a la semana"\n',
            "",
            f"{SERVICE}.translations.es.hours",
            "required but missing",
        ),
        (
            'translations.es.hours = "24',
            'translations.es.note = "Ve a urgencias."\ntranslations.es.hours = "24',
            f"{SERVICE}.translations.es.note",
            "English does not have",
        ),
        (
            'hours = "24/7"\ntranslations.es.name = "Servicios de emergencia"\n'
            'translations.es.hours = "24 horas al día, 7 días a la semana"\n',
            'hours = "24/7"\n',
            f"{SERVICE}.translations",
            "missing ['es']",
        ),
        (
            ', translations.es.label = "111, después la opción 2"',
            "",
            f"{LABEL}.translations",
            "missing ['es']",
        ),
        (
            'value = "111", label = "111, then option 2", ',
            'value = "111", ',
            f"{LABEL}.translations.es.label",
            "English does not have",
        ),
        (
            'translations.es.name = "Reino Unido"\n',
            "",
            "countries.GB.translations",
            "missing ['es']",
        ),
        (
            'translations.es.hours = "24',
            'translations.fr.hours = "24 heures, 7 jours"\ntranslations.es.hours = "24',
            f"{SERVICE}.translations.fr",
            "not translated into 'fr'",
        ),
        (
            "después la opción 2",
            "después la opción 3",
            f"{LABEL}.translations.es.label",
            "numbers",
        ),
        (
            '"24 horas al día, 7 días',
            '"Todo el día, todos los días',
            f"{SERVICE}.translations.es.hours",
            "numbers",
        ),
        (
            """'Envía "PANDAS" al 85258'""",
            """'Envía "PANDA" al 85258'""",
            "countries.GB.services[1].contacts[0].translations.es.label",
            "quoted words",
        ),
        (
            "Servicios de emergencia",
            "Servicios (ver brief)",
            f"{SERVICE}.translations.es.name",
            "brief",
        ),
    ],
    ids=[
        "unknown-key",
        "missing-field",
        "field-the-english-lacks",
        "service-without-spanish",
        "label-without-spanish",
        "label-spanish-without-english",
        "country-name-without-spanish",
        "language-the-directory-lacks",
        "changed-number",
        "dropped-number",
        "changed-keyword",
        "working-note",
    ],
)
def test_a_bad_translation_is_refused_naming_the_field(
    old: str, new: str, field: str, problem: str
) -> None:
    assert SPANISH_DIRECTORY.count(old) == 1, old
    with pytest.raises(ContentError) as info:
        parse_directory(parse_toml(SPANISH_DIRECTORY.replace(old, new), "directory.toml"))
    assert info.value.file == "directory.toml"
    assert info.value.field == field
    assert problem in info.value.problem


@pytest.mark.parametrize(
    "line",
    [
        'translations.es.audience = "Madres, padres y personas cuidadoras"\n',
        'translations.es.name = "Canadá"\n',
        'translations.es.region = "Inglaterra"\n',
    ],
)
def test_the_real_directory_missing_a_spanish_line_is_refused(line: str) -> None:
    path = content_path("help", "directory.toml")
    text = path.read_text(encoding="utf-8")
    assert text.count(line) == 1
    with pytest.raises(ContentError, match=r"translations") as info:
        parse_directory(parse_toml(text.replace(line, ""), str(path)))
    assert info.value.file == str(path)
