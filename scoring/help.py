"""Where to get help: the help directory by country, and the "worried about my partner" path.

Model: ``content/help/directory.toml`` lists, per country (ISO 3166-1 alpha-2 code), the
services a parent can call, text or open — each of one *kind* (emergency, crisis,
perinatal, support, medical), with its contacts and source — plus the documented *gaps*
where our research brief had no sourced number. A household's country selects its list;
an unknown country gets the ``international`` fallback, which carries no numbers, only the
plain "call your local emergency number". :func:`help_for_screen` orders services the way
a safety decision asks (emergency first, then crisis, then perinatal …).

Words: the directory's languages are those of its ``always.translations``. Every country's
name and every service's shown words (``hours``, ``audience``, ``region``, ``note``, contact
labels; a generic service name) are translated into each, field for field and keeping every
number; :meth:`CountryHelp.in_language` gives the list worded for a reader, numbers as they
are. A service's own name (Samaritans, NHS 111) stays as it is.

``content/help/partner.toml`` holds the partner path: titled sections of sourced points.

Gaps and ``source`` notes are for maintainers and never shown to parents; what a page shows
of a source is its readable name from ``content/sources.toml`` (``cite`` lists).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Final

from content.loader import (
    Source,
    Sources,
    Table,
    base_language,
    check_shown,
    content_path,
    load_sources,
    load_toml,
    unique_sources,
)

KINDS: Final = ("emergency", "crisis", "perinatal", "support", "medical")
METHODS: Final = ("call", "text", "web")
#: A service's words shown to parents, each translated (``translations.<language>``) wherever
#: the English has it. ``name`` may be translated too, but only a generic one ("Emergency
#: services"): a service's own name (Samaritans, NHS 111) is kept as it is.
SHOWN_FIELDS: Final = ("hours", "audience", "region", "note")
#: Every key a directory ``translations.<language>`` table may hold (each entry allows only
#: the ones its English has: ``label`` on a contact, ``name`` on a country or service).
_TRANSLATABLE: Final = frozenset({"name", "label", *SHOWN_FIELDS})
_CODE_RE: Final = re.compile(r"^([A-Z]{2}|international)$")
_DATE_RE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Contact:
    """How to reach a service: ``method`` call/text/web, ``value`` to dial, text or open."""

    method: str
    value: str
    label: str | None = None
    #: language -> the label in it (only when there is a label; the value never changes).
    #: Left out of ``==`` and ``hash`` so a contact stays hashable.
    translations: Mapping[str, str] = field(default_factory=dict, compare=False)

    def in_language(self, language: str) -> Contact:
        """The contact with its label in ``language`` (as written, when not translated)."""
        label = self.translations.get(base_language(language))
        return self if label is None else replace(self, label=label)


@dataclass(frozen=True)
class Service:
    """One helpline or service."""

    key: str
    name: str
    kind: str
    contacts: tuple[Contact, ...]
    source: str
    hours: str | None = None
    languages: tuple[str, ...] = ()
    audience: str | None = None
    region: str | None = None
    note: str | None = None
    open_to_fathers: bool = False
    not_a_crisis_line: bool = False
    last_verified: str | None = None
    #: language -> {field: words} for ``name`` (generic names only) and the
    #: :data:`SHOWN_FIELDS` the English has; contacts carry their own labels' translations.
    #: Left out of ``==`` and ``hash`` so a service stays hashable.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False)

    def in_language(self, language: str) -> Service:
        """The service worded in ``language`` (as written, when not translated): the same
        key, kind, numbers, flags and source."""
        base = base_language(language)
        words = self.translations.get(base)
        contacts = tuple(c.in_language(base) for c in self.contacts)
        if words is None and contacts == self.contacts:
            return self
        words = words or {}
        return replace(
            self,
            name=words.get("name", self.name),
            contacts=contacts,
            hours=words.get("hours", self.hours),
            audience=words.get("audience", self.audience),
            region=words.get("region", self.region),
            note=words.get("note", self.note),
        )


@dataclass(frozen=True)
class Gap:
    """A kind of help our research had no sourced number for, in this country.

    A note for maintainers (and the API); pages never show it to parents.
    """

    kind: str
    note: str


@dataclass(frozen=True)
class CountryWords:
    """What a country's page says in one language, beside its services."""

    name: str
    no_number_text: str
    not_monitored_text: str


@dataclass(frozen=True)
class CountryHelp:
    """The help list for one country; ``is_fallback`` when the country was not listed."""

    code: str
    name: str
    is_fallback: bool
    services: tuple[Service, ...]
    gaps: tuple[Gap, ...]
    no_number_text: str
    not_monitored_text: str
    #: language -> the country's name and the lines beside its list in it; every service
    #: with words to show has the same languages.
    translations: Mapping[str, CountryWords] = field(default_factory=dict)

    def in_language(self, language: str) -> CountryHelp:
        """The list worded in ``language`` (as written, when not translated into it): the
        country's name, the lines beside the list and each service's shown words. Services
        keep their own names (a generic one, "Emergency services", is translated), numbers,
        order and sources. Call it on the list as loaded (English)."""
        base = base_language(language)
        words = self.translations.get(base)
        if words is None:
            return self
        return replace(
            self,
            name=words.name,
            no_number_text=words.no_number_text,
            not_monitored_text=words.not_monitored_text,
            services=tuple(s.in_language(base) for s in self.services),
        )

    def by_kind(self, kind: str) -> tuple[Service, ...]:
        """Return this country's services of ``kind``, in file order."""
        return tuple(s for s in self.services if s.kind == kind)

    def has_emergency_number(self) -> bool:
        """Return True when a sourced emergency number is listed."""
        return bool(self.by_kind("emergency"))


@dataclass(frozen=True)
class NeverOffer:
    """A service that must never be offered to parents, and why."""

    name: str
    reason: str
    source: str


@dataclass(frozen=True)
class HelpDirectory:
    """The validated directory file."""

    version: str
    fallback: str
    aliases: dict[str, str]
    countries: dict[str, CountryHelp]
    never_offer: tuple[NeverOffer, ...]


@dataclass(frozen=True)
class PartnerPoint:
    """One sourced point in the partner path (``cites`` empty: our own suggestion)."""

    text: str
    source: str
    cites: tuple[Source, ...] = ()
    #: language -> the point in it.
    translations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PartnerSection:
    """A titled group of points ("signs", "raise_it", …)."""

    key: str
    title: str
    points: tuple[PartnerPoint, ...]
    #: language -> the title in it.
    translations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PartnerPath:
    """The "worried about my partner" content."""

    version: str
    title: str
    intro: str
    intro_source: str
    sections: tuple[PartnerSection, ...]
    intro_cites: tuple[Source, ...] = ()
    #: language -> (title, intro) in it; every section and point has the same languages.
    translations: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def in_language(self, language: str) -> PartnerPath:
        """The page in ``language`` (as written, when not translated into it): the same
        sections, points and sources."""
        base = base_language(language)
        if base not in self.translations:
            return self
        title, intro = self.translations[base]
        sections = tuple(
            replace(
                s,
                title=s.translations[base],
                points=tuple(replace(p, text=p.translations[base]) for p in s.points),
            )
            for s in self.sections
        )
        return replace(self, title=title, intro=intro, sections=sections)

    @property
    def cites(self) -> tuple[Source, ...]:
        """Return every source the page cites (intro first), each once."""
        points = (p.cites for s in self.sections for p in s.points)
        return unique_sources((self.intro_cites, *points))

    def section(self, key: str) -> PartnerSection:
        """Return the section named ``key`` (KeyError if absent)."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)


def _parse_service(t: Table, seen: set[str], languages: frozenset[str]) -> Service:
    t.check_keys(
        {"key", "name", "kind", "contacts", "source", "hours", "languages", "audience"}
        | {"region", "note", "open_to_fathers", "not_a_crisis_line", "last_verified"}
        | {"translations"}
    )
    key = t.get_str("key")
    if key in seen:
        raise t.error("key", f"duplicate service key '{key}'")
    seen.add(key)
    contacts = []
    for c in t.get_tables("contacts"):
        c.check_keys({"method", "value", "label", "translations"})
        method = c.get_choice("method", METHODS)
        value = c.get_str("value")
        if method in ("call", "text") and not re.fullmatch(r"[0-9][0-9 \-]*[0-9]", value):
            raise c.error("value", f"'{value}' is not a phone number (digits, spaces, dashes)")
        label = c.get_optional_str("label")
        if label is not None:
            check_shown(c, "label", label)
        said = _words(c, {"label": label} if label is not None else {}, languages=languages)
        contacts.append(
            Contact(
                method,
                value,
                label,
                {language: words["label"] for language, words in said.items()},
            )
        )
    verified = t.get_optional_str("last_verified")
    if verified is not None and not _DATE_RE.match(verified):
        raise t.error("last_verified", "must be an ISO date (YYYY-MM-DD)")
    shown = {name: t.get_optional_str(name) for name in SHOWN_FIELDS}
    english = {name: check_shown(t, name, text) for name, text in shown.items() if text}
    name = check_shown(t, "name", t.get_str("name"))
    return Service(
        key=key,
        name=name,
        kind=t.get_choice("kind", KINDS),
        contacts=tuple(contacts),
        source=t.get_str("source"),
        hours=shown["hours"],
        languages=t.get_str_list("languages", ()),
        audience=shown["audience"],
        region=shown["region"],
        note=shown["note"],
        open_to_fathers=t.get_bool("open_to_fathers", False),
        not_a_crisis_line=t.get_bool("not_a_crisis_line", False),
        last_verified=verified,
        translations=_words(t, english, {"name": name}, languages=languages),
    )


def _words(
    table: Table,
    english: Mapping[str, str],
    optional: Mapping[str, str] | None = None,
    *,
    languages: frozenset[str],
) -> dict[str, dict[str, str]]:
    """``translations.<language>`` of a directory entry, checked against its English.

    ``english`` maps each shown field the entry has to its words: every translation must
    give each of them, and may give ``optional`` ones (a generic service name), nothing
    else. Where there are words to show (``english``), exactly the directory's ``languages``
    are required; otherwise a translation is optional. Each translation keeps the English's
    numbers and quoted words ("PANDAS") exactly, in order.
    """
    optional = optional or {}
    possible = {*english, *optional}
    out: dict[str, dict[str, str]] = {}
    for language, words in table.get_translations(set(_TRANSLATABLE)).items():
        if language not in languages:
            raise table.error(
                f"translations.{language}",
                f"the directory is not translated into '{language}' (its languages: "
                f"{sorted(languages)}, from always.translations)",
            )
        for key in words.data:
            if key not in possible:
                raise words.error(key, f"translates '{key}', which the English does not have")
        said: dict[str, str] = {}
        for key, text in {**english, **optional}.items():
            if key in english or words.has(key):
                said[key] = _keeps_the_facts(words, key, text, words.get_str(key))
        out[language] = said
    if english and set(out) != languages:
        missing = sorted(languages - set(out))
        raise table.error("translations", f"needs the directory's languages; missing {missing}")
    return out


def _keeps_the_facts(table: Table, key: str, english: str, said: str) -> str:
    """Return ``said`` (a translation of ``english``); ContentError naming ``key`` unless it
    keeps every number and every quoted word ("PANDAS") of the English, in order."""
    for what, pattern in (("numbers", r"\d+"), ("quoted words", r'"([^"]*)"')):
        if re.findall(pattern, said) != re.findall(pattern, english):
            raise table.error(
                key,
                f"must keep the English's {what} exactly: {re.findall(pattern, english)}, "
                f"got {re.findall(pattern, said)}",
            )
    return check_shown(table, key, said)


def parse_directory(doc: Table) -> HelpDirectory:
    """Validate a parsed directory file; raise ContentError naming the file and field.

    The languages of ``always.translations`` are the directory's: every country's ``name``
    and every service's shown words (and contact labels) must be translated into each of
    them, field for field.
    """
    doc.check_keys({"version", "fallback", "aliases", "countries", "never_offer", "always"})
    always = doc.get_table("always")
    assert always is not None
    always.check_keys(
        {"no_number_text", "not_monitored_text", "not_monitored_source", "translations"}
    )
    always.get_str("not_monitored_source")
    lines = {
        language: (words.get_str("no_number_text"), words.get_str("not_monitored_text"))
        for language, words in always.get_translations(
            {"no_number_text", "not_monitored_text"}
        ).items()
    }
    languages = frozenset(lines)
    countries_table = doc.get_table("countries")
    assert countries_table is not None
    seen: set[str] = set()
    countries: dict[str, CountryHelp] = {}
    for code in countries_table.data:
        countries[code] = _parse_country(countries_table, code, seen, languages, always, lines)
    fallback = doc.get_str("fallback")
    if fallback not in countries:
        raise doc.error("fallback", f"no country '{fallback}' in the file")
    aliases = doc.get_str_map("aliases", required=False)
    for alias, target in aliases.items():
        if target not in countries:
            raise doc.error(f"aliases.{alias}", f"no country '{target}' in the file")
    never = []
    for n in doc.get_tables("never_offer", required=False):
        n.check_keys({"name", "reason", "source"})
        never.append(NeverOffer(n.get_str("name"), n.get_str("reason"), n.get_str("source")))
    return HelpDirectory(doc.get_str("version"), fallback, aliases, countries, tuple(never))


def _parse_country(
    countries_table: Table,
    code: str,
    seen: set[str],
    languages: frozenset[str],
    always: Table,
    lines: Mapping[str, tuple[str, str]],
) -> CountryHelp:
    """One country's services and gaps, with its name and ``always``'s lines in each of
    the directory's ``languages``; ``seen`` collects the services' ids so far."""
    if not _CODE_RE.match(code):
        raise countries_table.error(code, "country codes are ISO 3166-1 alpha-2, upper case")
    ct = countries_table.get_table(code)
    assert ct is not None
    ct.check_keys({"name", "services", "gaps", "translations"})
    services = tuple(
        _parse_service(s, seen, languages) for s in ct.get_tables("services", required=False)
    )
    gaps = []
    for g in ct.get_tables("gaps", required=False):
        g.check_keys({"kind", "note"})
        gaps.append(Gap(g.get_choice("kind", KINDS), g.get_str("note")))
    if not any(s.kind == "emergency" for s in services) and not any(
        g.kind == "emergency" for g in gaps
    ):
        raise ct.error("services", "needs an emergency service or a documented emergency gap")
    name = check_shown(ct, "name", ct.get_str("name"))
    names = _words(ct, {"name": name}, languages=languages)
    return CountryHelp(
        code=code,
        name=name,
        is_fallback=False,
        services=services,
        gaps=tuple(gaps),
        no_number_text=always.get_str("no_number_text"),
        not_monitored_text=always.get_str("not_monitored_text"),
        translations={
            language: CountryWords(names[language]["name"], *lines[language])
            for language in languages
        },
    )


def parse_partner_path(doc: Table, sources: Sources | None = None) -> PartnerPath:
    """Validate a parsed partner-path file; raise ContentError naming the file and field.

    ``cite`` and ``intro_cite`` keys are checked against ``sources`` (default:
    ``content/sources.toml``).
    """
    known = sources or load_sources()
    doc.check_keys(
        {"version", "title", "intro", "intro_source", "intro_cite", "sections", "translations"}
    )
    page = _translated(doc, ("title", "intro"), None)
    languages = set(page)
    sections = []
    for s in doc.get_tables("sections"):
        s.check_keys({"key", "title", "points", "translations"})
        points = []
        for p in s.get_tables("points"):
            p.check_keys({"text", "source", "cite", "translations"})
            said = _translated(p, ("text",), languages)
            points.append(
                PartnerPoint(
                    p.get_str("text"),
                    p.get_str("source"),
                    known.cited(p),
                    {language: words["text"] for language, words in said.items()},
                )
            )
        titles = _translated(s, ("title",), languages)
        sections.append(
            PartnerSection(
                s.get_str("key"),
                s.get_str("title"),
                tuple(points),
                {language: words["title"] for language, words in titles.items()},
            )
        )
    return PartnerPath(
        doc.get_str("version"),
        doc.get_str("title"),
        doc.get_str("intro"),
        doc.get_str("intro_source"),
        tuple(sections),
        known.cited(doc, "intro_cite"),
        {language: (words["title"], words["intro"]) for language, words in page.items()},
    )


def _translated(
    table: Table, keys: tuple[str, ...], languages: set[str] | None
) -> dict[str, dict[str, str]]:
    """``translations.<language>`` of ``table`` with each of ``keys``; when ``languages`` is
    given, exactly those languages (a page is translated whole or not at all)."""
    out = {
        language: {key: words.get_str(key) for key in keys}
        for language, words in table.get_translations(set(keys)).items()
    }
    if languages is not None and set(out) != languages:
        raise table.error("translations", f"must have the page's languages: {sorted(languages)}")
    return out


@cache
def load_help_directory() -> HelpDirectory:
    """Return the built-in help directory."""
    return parse_directory(load_toml(content_path("help", "directory.toml")))


@cache
def load_partner_path() -> PartnerPath:
    """Return the built-in "worried about my partner" path."""
    return parse_partner_path(load_toml(content_path("help", "partner.toml")))


def help_for_country(
    country_code: str | None, directory: HelpDirectory | None = None, language: str = "en"
) -> CountryHelp:
    """Return the help list for an ISO country code (any case; "UK" means GB), worded in
    ``language`` (see :meth:`CountryHelp.in_language`).

    Unknown or missing codes get the international fallback with ``is_fallback=True``.
    """
    d = directory or load_help_directory()
    code = (country_code or "").strip().upper()
    code = d.aliases.get(code, code)
    if code in d.countries and code != d.fallback:
        return d.countries[code].in_language(language)
    fallback = d.countries[d.fallback]
    found = CountryHelp(
        code=code or d.fallback,
        name=fallback.name,
        is_fallback=True,
        services=fallback.services,
        gaps=fallback.gaps,
        no_number_text=fallback.no_number_text,
        not_monitored_text=fallback.not_monitored_text,
        translations=fallback.translations,
    )
    return found.in_language(language)


def help_for_screen(
    country_code: str | None,
    kinds: tuple[str, ...],
    directory: HelpDirectory | None = None,
    language: str = "en",
) -> tuple[Service, ...]:
    """Return the country's services of the given kinds, grouped in the order of ``kinds``,
    worded in ``language``.

    Use with ``SafetyDecision.help_kinds``. Where a kind has no sourced service, nothing is
    returned for it; the screen then shows ``CountryHelp.no_number_text``.
    """
    country = help_for_country(country_code, directory, language)
    return tuple(s for kind in kinds for s in country.by_kind(kind))


def quick_contacts(
    country_code: str | None,
    kinds: tuple[str, ...],
    limit: int,
    directory: HelpDirectory | None = None,
    language: str = "en",
) -> tuple[tuple[Service, Contact], ...]:
    """Return up to ``limit`` services of ``kinds`` (grouped in that order, worded in
    ``language``), each with the one contact to offer first: its first phone call, else its
    first contact.

    For a screen with room for one button a service (the crying plan's first screen); the
    full list is :func:`help_for_screen`.
    """
    found = help_for_screen(country_code, kinds, directory, language)[:limit]
    return tuple(
        (s, next((c for c in s.contacts if c.method == "call"), s.contacts[0])) for s in found
    )
