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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Annotated, Final, Self

from pydantic import AfterValidator, StrictBool, model_validator

from content.loader import (
    Cites,
    ContentModel,
    NonEmpty,
    Shown,
    Source,
    Sources,
    Table,
    Text,
    base_language,
    content_path,
    invalid,
    load_sources,
    load_toml,
    one_of,
    unique_sources,
    validate,
)

KINDS: Final = ("emergency", "crisis", "perinatal", "support", "medical")
METHODS: Final = ("call", "text", "web")
#: A service's words shown to parents, each translated (``translations.<language>``) wherever
#: the English has it. ``name`` may be translated too, but only a generic one ("Emergency
#: services"): a service's own name (Samaritans, NHS 111) is kept as it is.
SHOWN_FIELDS: Final = ("hours", "audience", "region", "note")
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


# --- loading -------------------------------------------------------------------------------


def _country_code(code: str) -> str:
    if not _CODE_RE.match(code):
        raise invalid("country codes are ISO 3166-1 alpha-2, upper case")
    return code


def _iso_date(text: str) -> str:
    if not _DATE_RE.match(text):
        raise invalid("must be an ISO date (YYYY-MM-DD)")
    return text


class Words(ContentModel):
    """A directory entry's ``translations.<language>``: the words of its English it
    translates (``label`` on a contact, ``name`` on a country or service, and the shown
    fields of a service)."""

    name: Shown | None = None
    label: Shown | None = None
    hours: Shown | None = None
    audience: Shown | None = None
    region: Shown | None = None
    note: Shown | None = None

    def given(self, fields: Iterable[str] | None = None) -> dict[str, str]:
        """The fields given, by name (only ``fields`` and in their order, when named)."""
        said = {key: text for key, text in self.model_dump().items() if text is not None}
        return said if fields is None else {key: said[key] for key in fields if key in said}


def _check_words(
    translations: Mapping[str, Words], english: Mapping[str, str], optional: Mapping[str, str]
) -> None:
    """Each translation gives every field of ``english`` and may give ``optional`` ones (a
    generic service name), nothing else, each keeping the English's numbers and quoted
    words ("PANDAS") exactly, in order."""
    for language, words in translations.items():
        given = words.given()
        at = ("translations", language)
        for key in given:
            if key not in english and key not in optional:
                raise invalid(f"translates '{key}', which the English does not have", *at, key)
        for key, text in {**english, **optional}.items():
            if key in english and key not in given:
                raise invalid("is required but missing", *at, key)
            for what, pattern in (("numbers", r"\d+"), ("quoted words", r'"([^"]*)"')):
                if key in given and re.findall(pattern, given[key]) != re.findall(pattern, text):
                    raise invalid(
                        f"must keep the English's {what} exactly: {re.findall(pattern, text)}, "
                        f"got {re.findall(pattern, given[key])}",
                        *at,
                        key,
                    )


def _check_languages(
    translations: Mapping[str, Words], has_words: bool, languages: frozenset[str], *at: str | int
) -> None:
    """Only the directory's ``languages``; all of them where there are words to show."""
    for language in translations:
        if language not in languages:
            raise invalid(
                f"the directory is not translated into '{language}' (its languages: "
                f"{sorted(languages)}, from always.translations)",
                *at,
                "translations",
                language,
            )
    if has_words and set(translations) != languages:
        missing = sorted(languages - set(translations))
        raise invalid(f"needs the directory's languages; missing {missing}", *at, "translations")


class ContactEntry(ContentModel):
    """One of a service's ``contacts``: how to reach it."""

    method: Annotated[Text, one_of(METHODS)]
    value: Text
    label: Shown | None = None
    translations: dict[str, Words] = {}

    @model_validator(mode="after")
    def _checks(self) -> Self:
        if self.method in ("call", "text") and not re.fullmatch(r"[0-9][0-9 \-]*[0-9]", self.value):
            raise invalid(f"'{self.value}' is not a phone number (digits, spaces, dashes)", "value")
        _check_words(self.translations, {"label": self.label} if self.label else {}, {})
        return self


class ServiceEntry(ContentModel):
    """One ``[[countries.XX.services]]`` entry."""

    key: Text
    name: Shown
    kind: Annotated[Text, one_of(KINDS)]
    contacts: NonEmpty[ContactEntry]
    source: Text
    hours: Shown | None = None
    languages: tuple[Text, ...] = ()
    audience: Shown | None = None
    region: Shown | None = None
    note: Shown | None = None
    open_to_fathers: StrictBool = False
    not_a_crisis_line: StrictBool = False
    last_verified: Annotated[Text, AfterValidator(_iso_date)] | None = None
    translations: dict[str, Words] = {}

    def shown(self) -> dict[str, str]:
        """The :data:`SHOWN_FIELDS` it has, by name."""
        fields = {key: getattr(self, key) for key in SHOWN_FIELDS}
        return {key: text for key, text in fields.items() if text is not None}

    @model_validator(mode="after")
    def _translations_match(self) -> Self:
        _check_words(self.translations, self.shown(), {"name": self.name})
        return self


class GapEntry(ContentModel):
    """One ``[[countries.XX.gaps]]`` entry."""

    kind: Annotated[Text, one_of(KINDS)]
    note: Text


class CountryEntry(ContentModel):
    """One ``[countries.XX]`` table."""

    name: Shown
    services: NonEmpty[ServiceEntry] = ()
    gaps: NonEmpty[GapEntry] = ()
    translations: dict[str, Words] = {}

    @model_validator(mode="after")
    def _checks(self) -> Self:
        if not any(s.kind == "emergency" for s in self.services) and not any(
            g.kind == "emergency" for g in self.gaps
        ):
            raise invalid("needs an emergency service or a documented emergency gap", "services")
        _check_words(self.translations, {"name": self.name}, {})
        return self


class AlwaysWords(ContentModel):
    """``always.translations.<language>``."""

    no_number_text: Text
    not_monitored_text: Text


class AlwaysEntry(ContentModel):
    """The ``[always]`` table: the lines beside every list; its translations' languages
    are the directory's."""

    no_number_text: Text
    not_monitored_text: Text
    not_monitored_source: Text
    translations: dict[str, AlwaysWords] = {}


class NeverOfferEntry(ContentModel):
    """One ``[[never_offer]]`` entry."""

    name: Text
    reason: Text
    source: Text


class DirectoryFile(ContentModel):
    """``content/help/directory.toml``."""

    version: Text
    fallback: Text
    aliases: dict[str, Text] = {}
    countries: dict[Annotated[str, AfterValidator(_country_code)], CountryEntry]
    never_offer: NonEmpty[NeverOfferEntry] = ()
    always: AlwaysEntry

    @model_validator(mode="after")
    def _checks(self) -> Self:
        languages = frozenset(self.always.translations)
        seen: set[str] = set()
        for code, country in self.countries.items():
            for index, service in enumerate(country.services):
                at = ("countries", code, "services", index)
                if service.key in seen:
                    raise invalid(f"duplicate service key '{service.key}'", *at, "key")
                seen.add(service.key)
                for number, c in enumerate(service.contacts):
                    _check_languages(
                        c.translations, bool(c.label), languages, *at, "contacts", number
                    )
                _check_languages(service.translations, bool(service.shown()), languages, *at)
            _check_languages(country.translations, True, languages, "countries", code)
        if self.fallback not in self.countries:
            raise invalid(f"no country '{self.fallback}' in the file", "fallback")
        for alias, target in self.aliases.items():
            if target not in self.countries:
                raise invalid(f"no country '{target}' in the file", "aliases", alias)
        return self


def _service(s: ServiceEntry) -> Service:
    contacts = tuple(
        Contact(
            c.method,
            c.value,
            c.label,
            {lang: w.label for lang, w in c.translations.items() if w.label is not None},
        )
        for c in s.contacts
    )
    fields = (*s.shown(), "name")
    return Service(
        key=s.key,
        name=s.name,
        kind=s.kind,
        contacts=contacts,
        source=s.source,
        hours=s.hours,
        languages=s.languages,
        audience=s.audience,
        region=s.region,
        note=s.note,
        open_to_fathers=s.open_to_fathers,
        not_a_crisis_line=s.not_a_crisis_line,
        last_verified=s.last_verified,
        translations={lang: w.given(fields) for lang, w in s.translations.items()},
    )


def parse_directory(doc: Table) -> HelpDirectory:
    """Validate a parsed directory file; raise ContentError naming the file and field.

    The languages of ``always.translations`` are the directory's: every country's ``name``
    and every service's shown words (and contact labels) must be translated into each of
    them, field for field.
    """
    file = validate(doc, DirectoryFile)
    always = file.always
    countries = {
        code: CountryHelp(
            code=code,
            name=country.name,
            is_fallback=False,
            services=tuple(_service(s) for s in country.services),
            gaps=tuple(Gap(g.kind, g.note) for g in country.gaps),
            no_number_text=always.no_number_text,
            not_monitored_text=always.not_monitored_text,
            translations={
                lang: CountryWords(
                    country.translations[lang].given()["name"],
                    words.no_number_text,
                    words.not_monitored_text,
                )
                for lang, words in always.translations.items()
            },
        )
        for code, country in file.countries.items()
    }
    never = tuple(NeverOffer(n.name, n.reason, n.source) for n in file.never_offer)
    return HelpDirectory(file.version, file.fallback, file.aliases, countries, never)


class PageWords(ContentModel):
    """The partner page's ``translations.<language>``."""

    title: Text
    intro: Text


class TitleWords(ContentModel):
    """A section's ``translations.<language>``."""

    title: Text


class TextWords(ContentModel):
    """A point's ``translations.<language>``."""

    text: Text


class PartnerPointEntry(ContentModel):
    """One ``[[sections.points]]`` entry."""

    text: Text
    source: Text
    cite: Cites
    translations: dict[str, TextWords] = {}


class PartnerSectionEntry(ContentModel):
    """One ``[[sections]]`` entry."""

    key: Text
    title: Text
    points: NonEmpty[PartnerPointEntry]
    translations: dict[str, TitleWords] = {}


class PartnerFile(ContentModel):
    """``content/help/partner.toml`` (``validate(…, sources=…)`` checks the ``cite`` keys);
    the page is translated whole or not at all."""

    version: Text
    title: Text
    intro: Text
    intro_source: Text
    intro_cite: Cites
    sections: NonEmpty[PartnerSectionEntry]
    translations: dict[str, PageWords] = {}

    @model_validator(mode="after")
    def _translated_whole(self) -> Self:
        languages = sorted(self.translations)
        problem = f"must have the page's languages: {languages}"
        for index, section in enumerate(self.sections):
            for number, point in enumerate(section.points):
                if sorted(point.translations) != languages:
                    raise invalid(problem, "sections", index, "points", number, "translations")
            if sorted(section.translations) != languages:
                raise invalid(problem, "sections", index, "translations")
        return self


def parse_partner_path(doc: Table, sources: Sources | None = None) -> PartnerPath:
    """Validate a parsed partner-path file; raise ContentError naming the file and field.

    ``cite`` and ``intro_cite`` keys are checked against ``sources`` (default:
    ``content/sources.toml``).
    """
    known = sources or load_sources()
    file = validate(doc, PartnerFile, sources=known.by_key)
    sections = tuple(
        PartnerSection(
            s.key,
            s.title,
            tuple(
                PartnerPoint(
                    p.text,
                    p.source,
                    known.cited(p.cite),
                    {lang: w.text for lang, w in p.translations.items()},
                )
                for p in s.points
            ),
            {lang: w.title for lang, w in s.translations.items()},
        )
        for s in file.sections
    )
    return PartnerPath(
        file.version,
        file.title,
        file.intro,
        file.intro_source,
        sections,
        known.cited(file.intro_cite),
        {lang: (w.title, w.intro) for lang, w in file.translations.items()},
    )


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
