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
from typing import Final

from content.loader import ContentError, Table, content_path, load_toml

FORMAT: Final = "nestling-instrument/1"
BUILTIN_DIR: Final[Path] = content_path("instruments")
ANY_ROLE: Final = "any"
_KEY_RE: Final = re.compile(r"^[a-z][a-z0-9_]*$")

_INSTRUMENT_KEYS: Final = {
    "format",
    "version",
    "key",
    "name",
    "short_name",
    "measures",
    "recall_period_days",
    "stem",
    "citation",
    "permission",
    "permission_source",
    "text_source",
    "has_item_text",
    "fallback_role",
    "fallback_reason",
    "notes",
    "options",
    "items",
    "functional_question",
    "bands",
    "cutoffs",
    "pack",
}
_PACK_COMPLETION_KEYS: Final = {"format", "version", "key", "stem", "pack", "items", "text_source"}


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


def _parse_options(table: Table, key: str) -> tuple[AnswerOption, ...]:
    options = []
    for opt in table.get_tables(key):
        opt.check_keys({"label", "score"})
        options.append(AnswerOption(opt.get_str("label"), opt.get_int("score", minimum=0)))
    return tuple(options)


def _parse_items(doc: Table, has_text: bool) -> tuple[Item, ...]:
    shared = _parse_options(doc, "options") if doc.has("options") else None
    items: list[Item] = []
    for index, it in enumerate(doc.get_tables("items"), start=1):
        it.check_keys(
            {"number", "text", "options", "option_scores", "self_harm", "self_harm_source"}
        )
        number = it.get_int("number")
        if number != index:
            raise it.error("number", f"items must be numbered 1, 2, 3 … in order; expected {index}")
        if has_text:
            text: str | None = it.get_str("text")
            if it.has("option_scores"):
                raise it.error("option_scores", "only a skeleton (has_item_text = false) uses it")
            options = _parse_options(it, "options") if it.has("options") else shared
            if options is None:
                raise it.error("options", "is required when there are no shared [[options]]")
        else:
            if it.has("text") or it.has("options"):
                raise it.error("text", "a skeleton (has_item_text = false) must not carry wording")
            scores = it.get_int_list("option_scores")
            if len(scores) < 2 or any(s < 0 for s in scores):
                raise it.error("option_scores", "needs at least two scores, none negative")
            text, options = None, tuple(AnswerOption(None, s) for s in scores)
        if len(options) < 2:
            raise it.error("options", "needs at least two answer options")
        is_self_harm = it.get_bool("self_harm", False)
        harm_source = it.get_optional_str("self_harm_source")
        if is_self_harm and harm_source is None:
            raise it.error("self_harm_source", "is required when self_harm = true")
        items.append(Item(number, text, options, is_self_harm, harm_source))
    if shared is not None and not has_text:
        raise doc.error("options", "a skeleton (has_item_text = false) must not carry wording")
    return tuple(items)


def _parse_bands(doc: Table) -> tuple[Band, ...]:
    bands = []
    for b in doc.get_tables("bands"):
        b.check_keys({"key", "label", "min_total", "max_total", "source", "role"})
        bands.append(
            Band(
                key=b.get_str("key"),
                label=b.get_str("label"),
                min_total=b.get_int("min_total", minimum=0),
                max_total=b.get_int("max_total", minimum=0),
                source=b.get_str("source"),
                role=b.get_str("role", ANY_ROLE).lower(),
            )
        )
    return tuple(bands)


def _parse_cutoffs(doc: Table) -> tuple[Cutoff, ...]:
    cutoffs = []
    for c in doc.get_tables("cutoffs"):
        c.check_keys({"role", "min_total", "primary", "meaning", "source"})
        cutoffs.append(
            Cutoff(
                role=c.get_str("role").lower(),
                min_total=c.get_int("min_total", minimum=0),
                is_primary=c.get_bool("primary"),
                meaning=c.get_str("meaning"),
                source=c.get_str("source"),
            )
        )
    return tuple(cutoffs)


def _validate(doc: Table, inst: Instrument) -> None:
    """Check bands cover every total exactly once and each role has one primary cut-off."""
    lo, hi = inst.min_total, inst.max_total
    roles = sorted({b.role for b in inst.bands})
    for role in roles:
        bands = sorted((b for b in inst.bands if b.role == role), key=lambda b: b.min_total)
        expected = lo
        for band in bands:
            if band.min_total > band.max_total:
                raise doc.error("bands", f"band '{band.key}' has min_total above max_total")
            if band.min_total != expected:
                raise doc.error(
                    "bands",
                    f"bands for role '{role}' must cover {lo}–{hi} without gaps or overlaps; "
                    f"band '{band.key}' starts at {band.min_total}, expected {expected}",
                )
            expected = band.max_total + 1
        if expected != hi + 1:
            raise doc.error("bands", f"bands for role '{role}' must end at the maximum total {hi}")
    cut_roles = sorted({c.role for c in inst.cutoffs})
    for role in cut_roles:
        primaries = [c for c in inst.cutoffs if c.role == role and c.is_primary]
        if len(primaries) != 1:
            raise doc.error("cutoffs", f"role '{role}' needs exactly one primary cut-off")
        if role not in roles and ANY_ROLE not in roles:
            raise doc.error("bands", f"no bands apply to role '{role}'")
    for c in inst.cutoffs:
        if not lo < c.min_total <= hi:
            raise doc.error("cutoffs", f"cut-off {c.min_total} is outside {lo + 1}–{hi}")
    if inst.fallback_role is not None and inst.fallback_role not in cut_roles:
        raise doc.error("fallback_role", f"no cut-offs are defined for '{inst.fallback_role}'")
    if inst.fallback_role is not None and inst.fallback_reason is None:
        raise doc.error("fallback_reason", "is required with fallback_role")


def _parse_pack_info(doc: Table, version: str) -> PackInfo:
    pack = doc.get_table("pack")
    assert pack is not None
    pack.check_keys({"name", "holder", "licence"})
    return PackInfo(
        name=pack.get_str("name"),
        holder=pack.get_str("holder"),
        licence=pack.get_str("licence"),
        version=version,
        file=doc.file,
    )


def parse_instrument(doc: Table, *, is_pack: bool = False) -> Instrument:
    """Build a complete Instrument from a parsed file; raise ContentError on any problem."""
    doc.check_keys(_INSTRUMENT_KEYS)
    if doc.get_str("format") != FORMAT:
        raise doc.error("format", f"must be '{FORMAT}'")
    key = doc.get_str("key")
    if not _KEY_RE.match(key):
        raise doc.error("key", "must be lowercase letters, digits and underscores")
    has_text = doc.get_bool("has_item_text")
    if is_pack and not has_text:
        raise doc.error("has_item_text", "a pack that adds an instrument must include its text")
    if is_pack != doc.has("pack"):
        raise doc.error("pack", "is required in a pack file" if is_pack else "only packs have it")
    fq = doc.get_table("functional_question", required=False)
    functional = None
    if fq is not None:
        fq.check_keys({"text", "options"})
        functional = FunctionalQuestion(
            fq.get_str("text"), fq.get_str_list("options", non_empty=True)
        )
    version = doc.get_str("version")
    inst = Instrument(
        key=key,
        version=version,
        name=doc.get_str("name"),
        short_name=doc.get_str("short_name"),
        measures=doc.get_str("measures"),
        recall_period_days=doc.get_int("recall_period_days", minimum=1),
        stem=doc.get_str("stem") if has_text else doc.get_optional_str("stem"),
        citation=doc.get_str("citation"),
        permission=doc.get_str("permission"),
        permission_source=doc.get_str("permission_source"),
        has_item_text=has_text,
        items=_parse_items(doc, has_text),
        bands=_parse_bands(doc),
        cutoffs=_parse_cutoffs(doc),
        source_file=doc.file,
        text_source=doc.get_optional_str("text_source"),
        fallback_role=(doc.get_optional_str("fallback_role") or "").lower() or None,
        fallback_reason=doc.get_optional_str("fallback_reason"),
        notes=doc.get_str_list("notes", ()),
        functional_question=functional,
        pack=_parse_pack_info(doc, version) if is_pack else None,
    )
    if not has_text and inst.stem is not None:
        raise doc.error("stem", "a skeleton (has_item_text = false) must not carry wording")
    _validate(doc, inst)
    return inst


def complete_skeleton(base: Instrument, doc: Table) -> Instrument:
    """Return ``base`` (a skeleton) with the wording from pack ``doc``.

    The pack supplies the stem, each item's text and its answer labels in display order.
    It may repeat ``option_scores`` but they must equal the skeleton's; it can change no
    score, band or cut-off. Raises ContentError naming the pack file and field otherwise.
    """
    doc.check_keys(_PACK_COMPLETION_KEYS)
    if doc.get_str("format") != FORMAT:
        raise doc.error("format", f"must be '{FORMAT}'")
    version = doc.get_str("version")
    info = _parse_pack_info(doc, version)
    item_tables = doc.get_tables("items")
    if len(item_tables) != len(base.items):
        raise doc.error(
            "items",
            f"{base.short_name} has {len(base.items)} items, the pack has {len(item_tables)}",
        )
    items: list[Item] = []
    for base_item, it in zip(base.items, item_tables, strict=True):
        it.check_keys({"number", "text", "option_labels", "option_scores"})
        if it.get_int("number") != base_item.number:
            raise it.error("number", f"expected {base_item.number}")
        labels = it.get_str_list("option_labels")
        if len(labels) != len(base_item.options):
            raise it.error("option_labels", f"needs exactly {len(base_item.options)} labels")
        if it.has("option_scores"):
            scores = it.get_int_list("option_scores")
            if scores != tuple(o.score for o in base_item.options):
                raise it.error("option_scores", "a pack cannot change the built-in scoring")
        options = tuple(
            AnswerOption(label, o.score) for label, o in zip(labels, base_item.options, strict=True)
        )
        items.append(replace(base_item, text=it.get_str("text"), options=options))
    return replace(
        base,
        version=f"{base.version}+pack.{version}",
        stem=doc.get_str("stem"),
        has_item_text=True,
        items=tuple(items),
        text_source=doc.get_optional_str("text_source") or info.name,
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
