"""Screening instruments as data, and scoring them.

Model: an instrument is a numbered list of items; each item offers answer options, and each
option carries a score. The total is the sum of the chosen options' scores. The total falls
in exactly one *band* (a named score range); *cut-offs* mark totals at or above which the
result counts as positive. Bands and cut-offs may depend on the respondent's role (the EPDS
uses lower cut-offs for fathers); every one carries its source. Some items are *self-harm
items* (PHQ-9 item 9, EPDS item 10): any answer scoring above zero there must lead to the
safety screen before any total is shown — see :func:`is_self_harm_answer`.

Instruments live in ``content/instruments/*.toml`` (format ``nestling-instrument/1``,
documented in ``content/instruments/README.md``). A built-in may be a *skeleton* without
item text (the EPDS, whose wording may not be redistributed); an *instrument pack* from a
licensed service supplies the wording but can never change scores, bands or cut-offs.
Packs may also add whole new instruments.

Pure Python: no Django, no I/O beyond reading the content files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Final, Self

from pydantic import AfterValidator, Field, StrictBool, StrictInt, ValidationInfo, model_validator

from content.loader import (
    ContentError,
    ContentModel,
    NonEmpty,
    Table,
    Text,
    content_path,
    context,
    invalid,
    load_toml,
    validate,
)

FORMAT: Final = "nestling-instrument/1"
BUILTIN_DIR: Final[Path] = content_path("instruments")
ANY_ROLE: Final = "any"
_KEY_RE: Final = re.compile(r"^[a-z][a-z0-9_]*$")


class InvalidAnswers(ValueError):
    """The answers do not fit the instrument; ``field`` names the offending item."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


@dataclass(frozen=True)
class AnswerOption:
    """One answer; ``label`` is None in a skeleton (wording not licensed)."""

    label: str | None
    score: int


@dataclass(frozen=True)
class Item:
    """One numbered question; ``text`` is None in a skeleton."""

    number: int
    text: str | None
    options: tuple[AnswerOption, ...]
    is_self_harm: bool = False
    self_harm_source: str | None = None


@dataclass(frozen=True)
class Band:
    """A named range of totals, inclusive at both ends, for one role (or ``"any"``)."""

    key: str
    label: str
    min_total: int
    max_total: int
    source: str
    role: str = ANY_ROLE


@dataclass(frozen=True)
class Cutoff:
    """Totals at or above ``min_total`` reach this cut-off; one per role is primary."""

    role: str
    min_total: int
    is_primary: bool
    meaning: str
    source: str


@dataclass(frozen=True)
class FunctionalQuestion:
    """An unscored follow-up question (PHQ-9's "how difficult …")."""

    text: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class PackInfo:
    """Who supplied an instrument pack and under what licence."""

    name: str
    holder: str
    licence: str
    version: str
    file: str


@dataclass(frozen=True)
class Instrument:
    """A validated instrument; see the module docstring for the model."""

    key: str
    version: str
    name: str
    short_name: str
    measures: str
    recall_period_days: int
    stem: str | None
    citation: str
    permission: str
    permission_source: str
    has_item_text: bool
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    cutoffs: tuple[Cutoff, ...]
    source_file: str
    text_source: str | None = None
    fallback_role: str | None = None
    fallback_reason: str | None = None
    notes: tuple[str, ...] = ()
    functional_question: FunctionalQuestion | None = None
    pack: PackInfo | None = None

    @property
    def min_total(self) -> int:
        """Lowest possible total."""
        return sum(min(o.score for o in item.options) for item in self.items)

    @property
    def max_total(self) -> int:
        """Highest possible total."""
        return sum(max(o.score for o in item.options) for item in self.items)

    @property
    def self_harm_items(self) -> tuple[int, ...]:
        """Numbers of the self-harm items."""
        return tuple(item.number for item in self.items if item.is_self_harm)

    def item(self, number: int) -> Item:
        """Return item ``number``; raise InvalidAnswers if there is none."""
        for item in self.items:
            if item.number == number:
                return item
        raise InvalidAnswers(f"item {number}", f"{self.short_name} has no such item")

    def resolve_role(self, respondent_role: str) -> str:
        """Return the role whose bands and cut-offs apply to ``respondent_role``.

        The respondent's own role when the instrument defines cut-offs for it, else ``"any"``
        when defined, else the instrument's documented ``fallback_role``.
        """
        role = respondent_role.strip().lower()
        roles = {c.role for c in self.cutoffs}
        if role in roles:
            return role
        if ANY_ROLE in roles:
            return ANY_ROLE
        if self.fallback_role is not None:
            return self.fallback_role
        raise InvalidAnswers("respondent_role", f"{self.short_name} has no cut-off for '{role}'")

    def bands_for(self, role: str) -> tuple[Band, ...]:
        """Return the bands that apply to the (resolved) role."""
        own = tuple(b for b in self.bands if b.role == role)
        return own or tuple(b for b in self.bands if b.role == ANY_ROLE)

    def cutoffs_for(self, role: str) -> tuple[Cutoff, ...]:
        """Return the cut-offs that apply to the (resolved) role, lowest first."""
        own = tuple(c for c in self.cutoffs if c.role == role)
        chosen = own or tuple(c for c in self.cutoffs if c.role == ANY_ROLE)
        return tuple(sorted(chosen, key=lambda c: c.min_total))

    def primary_cutoff(self, role: str) -> Cutoff:
        """Return the primary cut-off for the (resolved) role."""
        return next(c for c in self.cutoffs_for(role) if c.is_primary)


@dataclass(frozen=True)
class ScoreResult:
    """The scored check-in. ``is_positive`` means total ≥ the primary cut-off for the role."""

    instrument_key: str
    instrument_version: str
    short_name: str
    measures: str
    respondent_role: str
    role_used: str
    item_scores: tuple[int, ...]
    total: int
    max_total: int
    band: Band
    cutoff: Cutoff
    is_positive: bool
    cutoffs_reached: tuple[Cutoff, ...]
    self_harm_item_positive: bool
    self_harm_items_positive: tuple[int, ...]
    citation: str
    role_note: str | None = None


# --- parsing ---------------------------------------------------------------------------

_SKELETON: Final = "a skeleton (has_item_text = false) must not carry wording"


def _format(value: str) -> str:
    if value != FORMAT:
        raise invalid(f"must be '{FORMAT}'")
    return value


def _key(value: str) -> str:
    if not _KEY_RE.match(value):
        raise invalid("must be lowercase letters, digits and underscores")
    return value


Format = Annotated[Text, AfterValidator(_format)]
Role = Annotated[Text, AfterValidator(str.lower)]
Score = Annotated[StrictInt, Field(ge=0)]


class OptionEntry(ContentModel):
    """An answer as worded, and its score."""

    label: Text
    score: Score


Options = Annotated[tuple[OptionEntry, ...], Field(min_length=2)]


class ItemEntry(ContentModel):
    """One ``[[items]]`` entry: its text and options, or in a skeleton only ``option_scores``."""

    number: StrictInt
    text: Text | None = None
    options: Options | None = None
    option_scores: Annotated[tuple[Score, ...], Field(min_length=2)] | None = None
    self_harm: StrictBool = False
    self_harm_source: Text | None = None

    @model_validator(mode="after")
    def _self_harm_is_sourced(self) -> Self:
        if self.self_harm and self.self_harm_source is None:
            raise invalid("is required when self_harm = true", "self_harm_source")
        return self


class BandEntry(ContentModel):
    """One ``[[bands]]`` entry: a named range of totals for one role."""

    key: Text
    label: Text
    min_total: Score
    max_total: Score
    source: Text
    role: Role = ANY_ROLE


class CutoffEntry(ContentModel):
    """One ``[[cutoffs]]`` entry."""

    role: Role
    min_total: Score
    primary: StrictBool
    meaning: Text
    source: Text


class FunctionalQuestionEntry(ContentModel):
    """The ``[functional_question]`` table."""

    text: Text
    options: NonEmpty[Text]


class PackEntry(ContentModel):
    """A pack file's ``[pack]`` table: who supplied it, under what licence."""

    name: Text
    holder: Text
    licence: Text


class InstrumentFile(ContentModel):
    """A whole instrument (``nestling-instrument/1``): built in, or added by a pack
    (``validate(…, is_pack=…)``). See ``content/instruments/README.md``."""

    format: Format
    version: Text
    key: Annotated[Text, AfterValidator(_key)]
    name: Text
    short_name: Text
    measures: Text
    recall_period_days: Annotated[StrictInt, Field(ge=1)]
    stem: Text | None = None
    citation: Text
    permission: Text
    permission_source: Text
    text_source: Text | None = None
    has_item_text: StrictBool
    fallback_role: Role | None = None
    fallback_reason: Text | None = None
    notes: tuple[Text, ...] = ()
    options: Options | None = None
    items: NonEmpty[ItemEntry]
    functional_question: FunctionalQuestionEntry | None = None
    bands: NonEmpty[BandEntry]
    cutoffs: NonEmpty[CutoffEntry]
    pack: PackEntry | None = None

    def options_of(self, item: ItemEntry) -> tuple[AnswerOption, ...]:
        """The answers ``item`` offers: its own, else the shared ones; a skeleton's unworded."""
        if not self.has_item_text:
            return tuple(AnswerOption(None, score) for score in item.option_scores or ())
        return tuple(AnswerOption(o.label, o.score) for o in item.options or self.options or ())

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Self:
        is_pack: bool = context(info, "is_pack")
        if is_pack and not self.has_item_text:
            raise invalid("a pack that adds an instrument must include its text", "has_item_text")
        if is_pack != (self.pack is not None):
            raise invalid("is required in a pack file" if is_pack else "only packs have it", "pack")
        for index, item in enumerate(self.items):
            self._check_item(index, item)
        if not self.has_item_text and self.options is not None:
            raise invalid(_SKELETON, "options")
        if self.has_item_text and self.stem is None:
            raise invalid("is required but missing", "stem")
        if not self.has_item_text and self.stem is not None:
            raise invalid(_SKELETON, "stem")
        self._check_scale()
        return self

    def _check_item(self, index: int, item: ItemEntry) -> None:
        at = ("items", index)
        if item.number != index + 1:
            raise invalid(
                f"items must be numbered 1, 2, 3 … in order; expected {index + 1}", *at, "number"
            )
        if not self.has_item_text:
            if item.text is not None or item.options is not None:
                raise invalid(_SKELETON, *at, "text")
            if item.option_scores is None:
                raise invalid("is required but missing", *at, "option_scores")
        elif item.text is None:
            raise invalid("is required but missing", *at, "text")
        elif item.option_scores is not None:
            raise invalid("only a skeleton (has_item_text = false) uses it", *at, "option_scores")
        elif item.options is None and self.options is None:
            raise invalid("is required when there are no shared [[options]]", *at, "options")

    def _check_scale(self) -> None:
        """Bands cover every total exactly once and each role has one primary cut-off."""
        scores = [[o.score for o in self.options_of(item)] for item in self.items]
        lo, hi = sum(map(min, scores)), sum(map(max, scores))
        roles = sorted({b.role for b in self.bands})
        for role in roles:
            bands = sorted((b for b in self.bands if b.role == role), key=lambda b: b.min_total)
            expected = lo
            for band in bands:
                if band.min_total > band.max_total:
                    raise invalid(f"band '{band.key}' has min_total above max_total", "bands")
                if band.min_total != expected:
                    raise invalid(
                        f"bands for role '{role}' must cover {lo}–{hi} without gaps or overlaps; "
                        f"band '{band.key}' starts at {band.min_total}, expected {expected}",
                        "bands",
                    )
                expected = band.max_total + 1
            if expected != hi + 1:
                raise invalid(
                    f"bands for role '{role}' must end at the maximum total {hi}", "bands"
                )
        cut_roles = sorted({c.role for c in self.cutoffs})
        for role in cut_roles:
            primaries = [c for c in self.cutoffs if c.role == role and c.primary]
            if len(primaries) != 1:
                raise invalid(f"role '{role}' needs exactly one primary cut-off", "cutoffs")
            if role not in roles and ANY_ROLE not in roles:
                raise invalid(f"no bands apply to role '{role}'", "bands")
        for c in self.cutoffs:
            if not lo < c.min_total <= hi:
                raise invalid(f"cut-off {c.min_total} is outside {lo + 1}–{hi}", "cutoffs")
        if self.fallback_role is not None and self.fallback_role not in cut_roles:
            raise invalid(f"no cut-offs are defined for '{self.fallback_role}'", "fallback_role")
        if self.fallback_role is not None and self.fallback_reason is None:
            raise invalid("is required with fallback_role", "fallback_reason")


class PackItemEntry(ContentModel):
    """One item's wording in a pack that completes a skeleton."""

    number: StrictInt
    text: Text
    option_labels: tuple[Text, ...]
    option_scores: tuple[StrictInt, ...] | None = None


class PackFile(ContentModel):
    """A pack that completes a skeleton (``validate(…, base=skeleton)``): the stem, and each
    item's text and answer labels in display order; scores may be repeated, never changed."""

    format: Format
    version: Text
    key: Text
    stem: Text
    pack: PackEntry
    items: NonEmpty[PackItemEntry]
    text_source: Text | None = None

    @model_validator(mode="after")
    def _fits_the_skeleton(self, info: ValidationInfo) -> Self:
        base: Instrument = context(info, "base")
        if len(self.items) != len(base.items):
            raise invalid(
                f"{base.short_name} has {len(base.items)} items, the pack has {len(self.items)}",
                "items",
            )
        for index, (base_item, it) in enumerate(zip(base.items, self.items, strict=True)):
            at = ("items", index)
            if it.number != base_item.number:
                raise invalid(f"expected {base_item.number}", *at, "number")
            if len(it.option_labels) != len(base_item.options):
                raise invalid(
                    f"needs exactly {len(base_item.options)} labels", *at, "option_labels"
                )
            scores = tuple(o.score for o in base_item.options)
            if it.option_scores is not None and it.option_scores != scores:
                raise invalid("a pack cannot change the built-in scoring", *at, "option_scores")
        return self


def _pack_info(pack: PackEntry, version: str, file: str) -> PackInfo:
    return PackInfo(pack.name, pack.holder, pack.licence, version, file)


def parse_instrument(doc: Table, *, is_pack: bool = False) -> Instrument:
    """Build a complete Instrument from a parsed file; raise ContentError on any problem."""
    file = validate(doc, InstrumentFile, is_pack=is_pack)
    fq = file.functional_question
    return Instrument(
        key=file.key,
        version=file.version,
        name=file.name,
        short_name=file.short_name,
        measures=file.measures,
        recall_period_days=file.recall_period_days,
        stem=file.stem,
        citation=file.citation,
        permission=file.permission,
        permission_source=file.permission_source,
        has_item_text=file.has_item_text,
        items=tuple(
            Item(it.number, it.text, file.options_of(it), it.self_harm, it.self_harm_source)
            for it in file.items
        ),
        bands=tuple(
            Band(b.key, b.label, b.min_total, b.max_total, b.source, b.role) for b in file.bands
        ),
        cutoffs=tuple(
            Cutoff(c.role, c.min_total, c.primary, c.meaning, c.source) for c in file.cutoffs
        ),
        source_file=doc.file,
        text_source=file.text_source,
        fallback_role=file.fallback_role,
        fallback_reason=file.fallback_reason,
        notes=file.notes,
        functional_question=FunctionalQuestion(fq.text, fq.options) if fq else None,
        pack=_pack_info(file.pack, file.version, doc.file) if file.pack else None,
    )


def complete_skeleton(base: Instrument, doc: Table) -> Instrument:
    """Return ``base`` (a skeleton) with the wording from pack ``doc``.

    The pack supplies the stem, each item's text and its answer labels in display order.
    It may repeat ``option_scores`` but they must equal the skeleton's; it can change no
    score, band or cut-off. Raises ContentError naming the pack file and field otherwise.
    """
    file = validate(doc, PackFile, base=base)
    info = _pack_info(file.pack, file.version, doc.file)
    items = tuple(
        replace(
            base_item,
            text=it.text,
            options=tuple(
                AnswerOption(label, o.score)
                for label, o in zip(it.option_labels, base_item.options, strict=True)
            ),
        )
        for base_item, it in zip(base.items, file.items, strict=True)
    )
    return replace(
        base,
        version=f"{base.version}+pack.{file.version}",
        stem=file.stem,
        has_item_text=True,
        items=items,
        text_source=file.text_source or info.name,
        pack=info,
    )


@cache
def _builtin() -> tuple[Instrument, ...]:
    paths = sorted(BUILTIN_DIR.glob("*.toml"))
    return tuple(parse_instrument(load_toml(p)) for p in paths)


def load_builtin_instruments() -> dict[str, Instrument]:
    """Return the instruments shipped in ``content/instruments`` keyed by ``key``."""
    return {inst.key: inst for inst in _builtin()}


def load_pack(path: Path, instruments: Mapping[str, Instrument]) -> Instrument:
    """Load one pack file against ``instruments``; raise ContentError naming file and field.

    A pack whose key matches a skeleton completes it; one whose key matches an instrument
    that already has its wording is refused; any other key adds a whole instrument.
    """
    doc = load_toml(path)
    key = doc.get_str("key")
    base = instruments.get(key)
    if base is None:
        return parse_instrument(doc, is_pack=True)
    if base.has_item_text:
        raise doc.error("key", f"'{key}' already has its wording; a pack cannot replace it")
    return complete_skeleton(base, doc)


def load_instruments(pack_dir: Path | None = None) -> dict[str, Instrument]:
    """Return built-in instruments plus every ``*.toml`` pack in ``pack_dir`` (if given).

    Each instrument may be completed or added by at most one pack; a second pack for the
    same key raises ContentError.
    """
    builtins = load_builtin_instruments()
    instruments = dict(builtins)
    if pack_dir is None:
        return instruments
    if not pack_dir.is_dir():
        raise ContentError(str(pack_dir), "<directory>", "instrument pack directory not found")
    from_packs: set[str] = set()
    for path in sorted(pack_dir.glob("*.toml")):
        inst = load_pack(path, builtins)
        if inst.key in from_packs:
            raise ContentError(str(path), "key", f"another pack already supplies '{inst.key}'")
        from_packs.add(inst.key)
        instruments[inst.key] = inst
    return instruments


# --- scoring ---------------------------------------------------------------------------


def is_self_harm_answer(instrument: Instrument, item_number: int, option_index: int) -> bool:
    """Return True when this single answer must open the safety screen at once.

    True for any option scoring above zero on a self-harm item; call it as each answer is
    given, so the safety screen comes before (not after) the total.
    """
    item = instrument.item(item_number)
    if not 0 <= option_index < len(item.options):
        raise InvalidAnswers(f"item {item_number}", f"option {option_index} does not exist")
    return item.is_self_harm and item.options[option_index].score > 0


def score(instrument: Instrument, answers: Sequence[int], respondent_role: str) -> ScoreResult:
    """Score a completed check-in.

    ``answers`` holds, for each item in order, the 0-based index of the chosen option as
    displayed (scores come from the instrument, so reverse-keyed items are handled here).
    ``respondent_role`` is e.g. "mother" or "father"; roles without their own cut-offs use
    "any" or the instrument's documented fallback (``role_note`` then says so).
    Raises InvalidAnswers naming the item when an answer is missing or out of range.
    """
    if len(answers) != len(instrument.items):
        raise InvalidAnswers(
            "answers",
            f"{instrument.short_name} needs {len(instrument.items)} answers, got {len(answers)}",
        )
    item_scores: list[int] = []
    for item, choice in zip(instrument.items, answers, strict=True):
        if isinstance(choice, bool) or not isinstance(choice, int):
            raise InvalidAnswers(f"item {item.number}", "answer must be an option index")
        if not 0 <= choice < len(item.options):
            raise InvalidAnswers(f"item {item.number}", f"option {choice} does not exist")
        item_scores.append(item.options[choice].score)
    total = sum(item_scores)
    role_used = instrument.resolve_role(respondent_role)
    band = next(b for b in instrument.bands_for(role_used) if b.min_total <= total <= b.max_total)
    cutoff = instrument.primary_cutoff(role_used)
    harm = tuple(
        item.number
        for item, s in zip(instrument.items, item_scores, strict=True)
        if item.is_self_harm and s > 0
    )
    role = respondent_role.strip().lower()
    role_note = None
    if role_used not in (role, ANY_ROLE):
        role_note = instrument.fallback_reason
    return ScoreResult(
        instrument_key=instrument.key,
        instrument_version=instrument.version,
        short_name=instrument.short_name,
        measures=instrument.measures,
        respondent_role=role,
        role_used=role_used,
        item_scores=tuple(item_scores),
        total=total,
        max_total=instrument.max_total,
        band=band,
        cutoff=cutoff,
        is_positive=total >= cutoff.min_total,
        cutoffs_reached=tuple(c for c in instrument.cutoffs_for(role_used) if total >= c.min_total),
        self_harm_item_positive=bool(harm),
        self_harm_items_positive=harm,
        citation=instrument.citation,
        role_note=role_note,
    )
