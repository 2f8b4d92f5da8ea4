""" "Tell us what's going on": read a parent's free text and name the concerns in it.

Model: transparent phrase rules, no statistics. Each rule in ``content/intake/rules.toml``
is a set of regular expressions for one concern. When a pattern matches, the engine reads
the words around the match the way a careful person would:

- **Whose words.** A forum-style reply ("Hi, sorry to hear this…", "your son…") and every
  paragraph after it are other people's words and are not analysed. Inside the writer's
  text, a reporting frame ("he says", "my mum thinks") marks reported speech and tells us
  who is speaking; words inside quotation marks belong to that speaker ("I" = the speaker).
- **Whose concern.** The subject is the last person mentioned before the match in its
  clause (else its sentence): the writer, the partner, the baby, or someone else. "He/she"
  resolves to the baby for baby concerns and otherwise to the last adult mentioned
  (the partner by default). Someone else's situation ("my sister's baby cries") is dropped.
- **Negation.** A negation cue a few words before the match, in the same clause, cancels
  it ("I'm not depressed"); phrases like "can't stop" do not count as negation.
- **Past vs present.** A past cue ("used to", "at first", "years ago") in the sentence
  before the match — with no present cue ("now", "still") in between — or after it in the
  same clause makes it a past matter, not a current concern.
- **Safety is never silently dropped.** A negated, long-past or someone else's safety
  phrase ("I would never hurt him") becomes a gentle question (``asked_about``) instead.

Concerns aggregate by (label, subject) with the highest severity and every quoted span.
Next steps come from ``content/intake/next_steps.toml``, ordered by urgency. Pure Python.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

import numpy as np

from content.loader import base_language
from intake.classifier import Judgement, TextJudge, text_features
from intake.language import Unread, unread_parts
from intake.rules import (
    CONCERN_LABELS,
    PERSON_CLASSES,
    SAFETY_QUESTION,
    SEVERITIES,
    IntakeRules,
    PhraseRule,
    StepSpec,
    load_intake_rules,
)
from intake.safety import HARM_THOUGHT_TAGS, SAFETY_MEANING_TAGS
from intake.semantic import FloatArray, SemanticReader, SentenceFinding, default_reader
from safety.screen import load_safety_screen

_PARAGRAPH_RE: Final = re.compile(r"\n\s*\n")
# A line break ends a sentence unless the next line goes on in lower case (text typed or
# pasted with hard line breaks mid-sentence).
# A content-warning line at the top of a post ("TW: suicide, intrusive thoughts") names what
# follows; it is not the writer saying it. Safety words there are asked about, others dropped.
# Only a short line of topics with no "I", "me" or "my" in it ("TW: suicide. I've decided…"
# is read as usual from "I've").
_WARNING_LINE_RE: Final = re.compile(
    r"[ \t>*_#\[(]*(?:tw|cw|trigger warnings?|content warnings?)\b\s*[:\-–—/]"
    r"(?:(?!\b(?:i|i'm|im|i've|ive|me|my|myself)\b)[^\n.!?]){1,80}(?:[.!?\n]|$)",
    re.IGNORECASE,
)
_URL_RE: Final = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_SENTENCE_END_RE: Final = re.compile(r"[.!?]+[\"'”’)]*(?=\s|$)|\n(?![ \t]*[a-z])")
_WORD_RE: Final = re.compile(r"\S+")


@dataclass(frozen=True)
class Span:
    """An exact quote: ``text == original[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Concern:
    """A concern found in the text.

    ``subject`` is whose concern it is: "writer", "partner", "baby" or "couple".
    ``evidence`` quotes every phrase that raised it. ``said_by`` says whose words those
    were ("writer", or "partner"/"other" for reported speech). ``tags`` carry extra
    meaning (e.g. "medication_not_helping", "hostile_attribution").
    """

    label: str
    severity: str
    subject: str
    evidence: tuple[Span, ...]
    said_by: tuple[str, ...] = ("writer",)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class NextStep:
    """A next step; ``key`` names the Nestling feature or help ("help:gp", "plan:bonding").

    ``text`` is in English unless :meth:`in_language` chose another; ``texts`` holds it,
    worded for the partner the writer named, in every language it is written in
    (language -> text, "en" included).
    """

    key: str
    urgency: str
    text: str
    subject: str = "writer"
    source: str = ""
    texts: Mapping[str, str] = field(default_factory=dict, hash=False)

    def in_language(self, language: str) -> NextStep:
        """This step with ``text`` in ``language`` ("es", "es-MX"); unchanged when it has
        no text in that language."""
        text = self.texts.get(base_language(language))
        return self if text is None else replace(self, text=text)


@dataclass(frozen=True)
class Ask:
    """A safety phrase Nestling asks about instead of assuming.

    ``why``: "negated", "past", "resolved", "joke", "denied", "unclear", "other_person",
    "warning" (a content-warning line naming what the post is about), "no_plan" (a plan
    said not to exist: signs of one then only ask),
    "timing" (a chosen day or night) or "means" (everyday access to pills or blades): the
    last two count only beside thoughts of dying about the same person.
    """

    span: Span
    label: str
    subject: str
    why: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class IntakeResult:
    """What Nestling read: concerns (most severe first), next steps (most urgent first),
    safety phrases it will ask about rather than assume, and other people's words it
    did not analyse."""

    concerns: tuple[Concern, ...]
    next_steps: tuple[NextStep, ...]
    asked_about: tuple[Span, ...] = ()
    others_words: tuple[Span, ...] = ()
    asks: tuple[Ask, ...] = ()
    words: Mapping[str, str] = field(default_factory=dict)
    #: Pieces written in a language the intake cannot read (intake/language.py).
    unread: tuple[Unread, ...] = ()

    def labels(self) -> set[str]:
        """Return the set of concern labels found."""
        return {c.label for c in self.concerns}

    def concern(self, label: str, subject: str | None = None) -> Concern | None:
        """Return the first concern with ``label`` (and ``subject`` if given)."""
        for c in self.concerns:
            if c.label == label and (subject is None or c.subject == subject):
                return c
        return None


@dataclass(frozen=True)
class _Hit:
    rule: PhraseRule
    start: int
    end: int
    subject: str
    said_by: str


@dataclass(frozen=True)
class _Reader:
    """One text prepared for reading: normalised copy, sentences, quotes, region."""

    original: str
    text: str
    region_end: int
    sentences: tuple[tuple[int, int], ...]
    quotes: tuple[tuple[int, int], ...]
    rules: IntakeRules
    partner_positions: tuple[int, ...]
    other_positions: tuple[int, ...]

    def line_start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts."""
        return self.text.rfind("\n", 0, pos) + 1

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= pos < end:
                return start, end
        return 0, self.region_end

    def in_quote(self, start: int) -> tuple[int, int] | None:
        for q_start, q_end in self.quotes:
            if q_start < start < q_end:
                return q_start, q_end
        return None

    def clause_bounds(self, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
        s_start, s_end = sentence
        boundary = self.rules.lexicon.clause_boundary
        clause_start = s_start
        for m in boundary.finditer(self.text, s_start, start):
            clause_start = m.end()
        after = boundary.search(self.text, end, s_end)
        return clause_start, after.start() if after else s_end


def _normalise(text: str) -> str:
    """Same-length copy with typographic apostrophes made plain (offsets stay valid)."""
    return text.replace("’", "'").replace("‘", "'")


def _reply_start(text: str, rules: IntakeRules) -> int:
    """Offset where other people's replies begin (len(text) when there are none)."""
    lex = rules.lexicon
    starts = [0] + [m.end() for m in _PARAGRAPH_RE.finditer(text)]
    for index, start in enumerate(starts):
        if index == 0:
            continue
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        para = text[start:end]
        # A greeting right under a title line opens the writer's own post, not a reply.
        opener = start >= lex.min_post_before_reply and any(
            p.search(para) for p in lex.reply_openers
        )
        markers = sum(1 for p in lex.reply_markers if p.search(para))
        if opener or markers >= lex.min_markers_without_opener:
            return start
    return len(text)


def _sentences(text: str, end: int) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text, 0, end):
        if m.end() > start and text[start : m.end()].strip():
            out.append((start, m.end()))
        start = m.end()
    if text[start:end].strip():
        out.append((start, end))
    return tuple(out)


# A plain single quote opens before a word (not inside one) and closes after a word or its
# punctuation; apostrophes inside words ("don't") are passed over.
_SINGLE_QUOTE: Final = re.compile(r"(?<![\w'])'(?=\w)(?:[^'\n]|'(?=\w))*?(?<=[\w.!?,])'(?!\w)")


def _quotes(text: str, end: int, rules: IntakeRules) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for open_char, close_char in rules.lexicon.quote_pairs:
        if open_char == close_char == "'":
            pattern = _SINGLE_QUOTE
        else:
            pattern = re.compile(
                re.escape(open_char)
                + r"[^\n"
                + re.escape(close_char)
                + r"]*"
                + re.escape(close_char)
            )
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text, 0, end))
    return tuple(sorted(spans))


def _last_person(reader: _Reader, start: int, end: int) -> tuple[str, int] | None:
    """Return (class, position) of the last person mention in text[start:end].

    The mention ending last wins; when two end at the same place, the longer (more
    specific) one does ("my friend's baby" beats "baby"). "other_baby" counts as "other".
    """
    best: tuple[str, int, int] | None = None
    for name in PERSON_CLASSES:
        for m in reader.rules.lexicon.people[name].finditer(reader.text, start, end):
            key = (m.end(), m.end() - m.start())
            if best is None or key > (best[1], best[2]):
                best = (name, key[0], key[1])
    if best is None:
        return None
    name, m_end, length = best
    return ("other" if name == "other_baby" else name), m_end - length


def _leading_person_end(reader: _Reader, start: int, end: int) -> int:
    """If the match itself starts with a person ("I do everything"), return its end."""
    longest = start
    for name in PERSON_CLASSES:
        m = reader.rules.lexicon.people[name].match(reader.text, start, end)
        if m is not None:
            longest = max(longest, m.end())
    return longest


def _last_adult_before(reader: _Reader, pos: int) -> str:
    """Resolve an adult he/she: the last partner or other person named before ``pos``."""
    i = bisect.bisect_left(reader.partner_positions, pos)
    j = bisect.bisect_left(reader.other_positions, pos)
    last_partner = reader.partner_positions[i - 1] if i else -1
    last_other = reader.other_positions[j - 1] if j else -1
    return "other" if last_other > last_partner else "partner"


def _speaker(reader: _Reader, sentence: tuple[int, int], start: int) -> tuple[str, int] | None:
    """Return (speaker class, end of frame) for reported speech before ``start``."""
    quote = reader.in_quote(start)
    limit = quote[0] if quote else start
    # A quote of several sentences is framed where it opens ("she texted me: \"… \"").
    first = min(sentence[0], reader.sentence_of(quote[0])[0]) if quote else sentence[0]
    frame = None
    # (+1: a frame may look ahead to the opening quote mark, as in 'my wife: "…"'.)
    for m in reader.rules.lexicon.frame.finditer(reader.text, first, limit + bool(quote)):
        frame = m
    if frame is None:
        return None
    who = frame.group("who")
    people = reader.rules.lexicon.people
    if people["partner"].search(who):
        return "partner", frame.end()
    if people["writer"].fullmatch(who.strip()):
        return "writer", frame.end()
    if people["pronoun"].fullmatch(who.strip()):
        return _last_adult_before(reader, frame.start()), frame.end()
    return "other", frame.end()


def _classify(
    reader: _Reader,
    found: tuple[str, int],
    spec_subjects: tuple[str, ...],
    speaker: tuple[str, int] | None,
    in_quote: bool,
) -> str:
    """Turn a person mention into a subject, from the writer's point of view."""
    name, pos = found
    if name == "writer":
        return speaker[0] if in_quote and speaker else "writer"
    if name == "pronoun":
        adults = [spec_subjects.index(s) for s in ("writer", "partner") if s in spec_subjects]
        if "baby" in spec_subjects and (not adults or spec_subjects.index("baby") < min(adults)):
            return "baby"
        if speaker and speaker[0] in ("partner", "other") and pos >= speaker[1]:
            return speaker[0]
        return _last_adult_before(reader, pos)
    return name


def _resolve_subject(
    reader: _Reader, rule: PhraseRule, start: int, end: int, sentence: tuple[int, int]
) -> tuple[str, str]:
    """Return (subject, said_by) for a match at text[start:end]."""
    spec = reader.rules.concerns[rule.concern]
    speaker = _speaker(reader, sentence, start)
    said_by = speaker[0] if speaker else "writer"
    in_quote = reader.in_quote(start) is not None
    frame_end = speaker[1] if speaker else sentence[0]
    clause_start, _ = reader.clause_bounds(sentence, start, start)
    if rule.subject == "speaker":
        return said_by, said_by
    if rule.subject == "object":
        found = _last_person(reader, start, end)
        if found is not None:
            return _classify(reader, found, spec.subjects, speaker, in_quote), said_by
    if rule.subject not in ("context", "object"):
        # A fixed subject still yields to someone else named just before the match
        # ("my friend's baby cries", "her husband never helps").
        window = (max(clause_start, frame_end), _leading_person_end(reader, start, end))
        found = _last_person(reader, *window)
        if found is not None and found[0] == "other":
            return "other", said_by
        if said_by == "other" and reader.rules.lexicon.reported_baby.search(reader.text, *window):
            return "other", said_by
        return rule.subject, said_by
    window_end = _leading_person_end(reader, start, end)
    found = _last_person(reader, max(clause_start, frame_end), window_end)
    if found is None:
        found = _last_person(reader, max(sentence[0], frame_end), window_end)
    if found is None:
        return said_by, said_by
    subject = _classify(reader, found, spec.subjects, speaker, in_quote)
    if subject == "baby" and "baby" not in spec.subjects:
        # "our baby is ruining our lives": the feeling belongs to whoever says it.
        return said_by, said_by
    return subject, said_by


def _is_negated(reader: _Reader, clause_start: int, start: int, end: int) -> bool:
    """Whether a negation cue comes shortly before the match, in its clause and on the same
    side of any quote: "said 'you're not my baby' and started jiggling her" negates
    nothing outside the quote, and a cue outside a quote negates nothing inside it."""
    lex = reader.rules.lexicon
    quote = reader.in_quote(start)
    if quote is not None:
        clause_start = max(clause_start, quote[0])
    else:
        clause_start = max([clause_start, *(e for _, e in reader.quotes if e <= start)])
    words = list(_WORD_RE.finditer(reader.text, clause_start, start))[-lex.negation_window_words :]
    if not words:
        return False
    window_start = words[0].start()
    context = reader.text[window_start:end]
    for m in lex.pseudo_negation.finditer(context):
        context = context[: m.start()] + " " * (m.end() - m.start()) + context[m.end() :]
    return lex.negation_cues.search(context, 0, start - window_start) is not None


def _past_kind(
    reader: _Reader, sentence: tuple[int, int], clause_end: int, start: int, end: int
) -> str | None:
    """Return "remote", "recent" or None for the time the match refers to."""
    lex = reader.rules.lexicon
    cue = None
    for m in lex.past.finditer(reader.text, sentence[0], start):
        cue = m
    if cue is not None and lex.present.search(reader.text, cue.end(), start):
        cue = None
    if cue is None:
        cue = lex.past.search(reader.text, end, clause_end)
    if cue is None:
        return None
    return "remote" if lex.remote_past.fullmatch(cue.group(0)) else "recent"


def _next_sentence(reader: _Reader, sentence: tuple[int, int]) -> tuple[int, int] | None:
    for index, current in enumerate(reader.sentences):
        if current == sentence:
            return reader.sentences[index + 1] if index + 1 < len(reader.sentences) else None
    return None


def _safety_context(reader: _Reader, sentence: tuple[int, int], rule: PhraseRule) -> str | None:
    """Why a safety phrase should be asked about rather than assumed, or None.

    "joke": a joke marker in its sentence. "resolved": the writer says the thoughts are
    over, in its sentence or the next. Events that happened (``past = "keep"``) still count.
    """
    if rule.past == "keep":
        return None
    lex = reader.rules.lexicon
    if lex.joke.search(reader.text, sentence[0], sentence[1]):
        return "joke"
    following = _next_sentence(reader, sentence)
    end = following[1] if following else sentence[1]
    if lex.resolved.search(reader.text, sentence[0], end):
        return "resolved"
    return None


def _read_match(
    reader: _Reader, rule: PhraseRule, start: int, end: int
) -> tuple[str, _Hit | None, str]:
    """Classify one match: ("concern", hit, ""), ("ask", hit, why) or ("drop", None, "")."""
    is_safety = reader.rules.concerns[rule.concern].is_safety
    sentence = reader.sentence_of(start)
    if rule.unless is not None and rule.unless.search(reader.text, sentence[0], sentence[1]):
        return "drop", None, ""
    clause_start, clause_end = reader.clause_bounds(sentence, start, end)
    subject, said_by = _resolve_subject(reader, rule, start, end, sentence)
    hit = _Hit(rule, start, end, subject, said_by)
    if _in_warning_line(reader, start, end):
        return ("ask", hit, "warning") if is_safety else ("drop", None, "")
    if rule.negatable and _is_negated(reader, clause_start, start, end):
        return ("ask", hit, "negated") if is_safety else ("drop", None, "")
    if rule.past == "suppress":
        kind = _past_kind(reader, sentence, clause_end, start, end)
        if kind is not None and (not is_safety or kind == "remote"):
            # Thoughts of harm long past ("used to get awful thoughts about hurting him")
            # are asked about, like a safety phrase, never dropped in silence.
            remote_harm = kind == "remote" and not HARM_THOUGHT_TAGS.isdisjoint(rule.tags)
            return ("ask", hit, "past") if is_safety or remote_harm else ("drop", None, "")
    if rule.ask_only:
        # "timing", "means" and "with_baby" only count beside thoughts of dying, or beside
        # a farewell (intake/safety.py); "joke" is a death wished as a figure of speech;
        # "no_plan" stops signs of a plan from making one.
        kinds = ("no_plan", "timing", "means", "with_baby", "joke")
        return "ask", hit, next((t for t in kinds if t in rule.tags), "denied")
    if (
        rule.object_is_baby
        and subject != "partner"
        and _object_is_partner(reader, sentence, start, end)
    ):
        return "ask", hit, "unclear"
    if is_safety:
        why = _safety_context(reader, sentence, rule)
        if why is not None:
            return "ask", hit, why
    if subject not in reader.rules.concerns[rule.concern].subjects:
        if subject == "writer" and "couple" in reader.rules.concerns[rule.concern].subjects:
            return "concern", hit, ""
        return (
            ("ask", hit, "other_person") if is_safety and subject == "other" else ("drop", None, "")
        )
    return "concern", hit, ""


def _in_warning_line(reader: _Reader, start: int, end: int) -> bool:
    """True when text[start:end] lies in a content-warning line (see _WARNING_LINE_RE)."""
    found = _WARNING_LINE_RE.match(reader.text, reader.line_start(start))
    return found is not None and end <= found.end()


def _object_is_partner(reader: _Reader, sentence: tuple[int, int], start: int, end: int) -> bool:
    """True when a harm phrase's "him/her" points at the partner named earlier in the
    sentence or the one before ("my husband forgot the steriliser again. I could kill him")
    rather than at the baby: no baby is named between the partner and the phrase.

    Only asked when the partner is not the one acting ("my husband is rough with him"
    cannot be about the husband himself)."""
    people = reader.rules.lexicon.people
    found = _last_person(reader, start, end)
    if found is None or found[0] != "pronoun":
        return False
    before = [s for s in reader.sentences if s[1] <= sentence[0]]
    look_from = before[-1][0] if before else sentence[0]
    partners = list(people["partner"].finditer(reader.text, look_from, start))
    if not partners:
        return False
    # "My wife does all the days… the urge to shake him": "him" cannot be the wife.
    named = partners[-1].group(0)
    said = people["pronoun"].match(reader.text, found[1])
    pronoun = said.group(0).lower() if said else ""
    if pronoun in _HE_WORDS and reader.rules.lexicon.partner_she.search(named):
        return False
    if pronoun in _SHE_WORDS and reader.rules.lexicon.partner_he.search(named):
        return False
    return people["baby"].search(reader.text, partners[-1].start(), end) is None


def _merge_spans(spans: list[Span], original: str) -> tuple[Span, ...]:
    """Sort spans and join overlapping ones, so each highlight quotes one stretch of text."""
    out: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:
            last = out[-1]
            end = max(last.end, span.end)
            out[-1] = Span(last.start, end, original[last.start : end])
            continue
        out.append(span)
    return tuple(out)


def _partner_words(reader: _Reader) -> dict[str, str]:
    """Placeholders for next-step text, from how the writer named the partner."""
    lex = reader.rules.lexicon
    region = reader.text[: reader.region_end]
    m = lex.people["partner"].search(region)
    noun = m.group(0).split()[-1].lower() if m else "partner"
    if noun in {
        "husband",
        "wife",
        "boyfriend",
        "girlfriend",
        "fiancé",
        "fiancée",
        "fiance",
        "fiancee",
    }:
        partner = f"your {noun}"
    else:
        partner = "your partner"
    if m and lex.partner_he.search(m.group(0)):
        they, them, their = "he", "him", "his"
    elif m and lex.partner_she.search(m.group(0)):
        they, them, their = "she", "her", "her"
    else:
        they, them, their = "they", "them", "their"
    return {
        "partner": partner,
        "Partner": partner[0].upper() + partner[1:],
        "they": they,
        "They": they.capitalize(),
        "them": them,
        "their": their,
    }


def _step_applies(step: StepSpec, concern: Concern) -> bool:
    cond = step.when
    if cond.concern != concern.label:
        return False
    if cond.min_severity is not None and SEVERITIES.index(concern.severity) < SEVERITIES.index(
        cond.min_severity
    ):
        return False
    if cond.subjects and concern.subject not in cond.subjects:
        return False
    return not cond.tags_any or any(t in concern.tags for t in cond.tags_any)


def _words_by_language(rules: IntakeRules, words: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """The partner placeholders for every language the steps are written in: English as the
    writer named the partner; others from the safety screen's names ("tu marido"), with
    ``{Partner}`` capitalised."""
    out = {"en": dict(words)}
    screen = load_safety_screen()
    for language in {language for step in rules.steps for language in step.translations}:
        partner = screen.words_in(words, language)["partner"]
        out[language] = {"partner": partner, "Partner": partner[:1].upper() + partner[1:]}
    return out


def _worded(step: StepSpec, subject: str, words: Mapping[str, Mapping[str, str]]) -> NextStep:
    """``step`` for a concern about ``subject``, worded in English and each translation."""
    texts = {
        language: step.template(subject == "partner", language).format_map(words[language])
        for language in ("en", *step.translations)
    }
    return NextStep(step.key, step.urgency, texts["en"], subject, step.source, texts)


def _next_steps(
    rules: IntakeRules,
    concerns: tuple[Concern, ...],
    asked: tuple[Span, ...],
    words: dict[str, str],
) -> tuple[NextStep, ...]:
    candidates: list[tuple[tuple[int, int, int], NextStep]] = []
    pseudo = Concern(SAFETY_QUESTION, "moderate", "writer", asked) if asked else None
    pool = (*concerns, pseudo) if pseudo else concerns
    by_language = _words_by_language(rules, words)
    for step in rules.steps:
        for concern in pool:
            if not _step_applies(step, concern):
                continue
            order = (
                rules.urgencies.index(step.urgency),
                step.priority,
                concern.evidence[0].start if concern.evidence else 0,
            )
            candidates.append((order, _worded(step, concern.subject, by_language)))
    candidates.sort(key=lambda c: c[0])
    seen: set[tuple[str, str]] = set()
    out: list[NextStep] = []
    for _, next_step in candidates:
        if (next_step.key, next_step.subject) in seen:
            continue
        seen.add((next_step.key, next_step.subject))
        out.append(next_step)
    return tuple(out)


_SIGNAL_TAGS: Final = {
    "plan_or_intent": "intent_or_plan",
    "passive_wish": "passive_death_wish",
    "self_harm": "self_harm",
    "urge_feared": "harm_urge_feared",
    "harm_done": "harm_done",
    "intrusive_unwanted": "intrusive_harm_thoughts",
    "rough_handling": "rough_handling",
    "psychosis": "psychosis",
    "medical": "medical_red_flag",
}
_URGENT_SIGNALS: Final = frozenset({"plan_or_intent", "urge_feared", "harm_done", "psychosis"})
#: Share of the judge's threshold at which a safety score alone asks the question.
DOUBT_SHARE: Final = 0.5
#: A concern the judge alone sees needs a sentence at least this like its examples.
JUDGE_LIKENESS: Final = 0.45
_FIXED_SUBJECT: Final = {"crying_distress": "baby", "relationship_strain": "couple"}


def _about_the_baby(reader: _Reader, start: int, end: int) -> bool:
    """Whether a sign of illness in a sentence can be the baby's: not when the sentence names
    the partner and not the baby ("my husband won't wake up for the night feeds"). A bare
    he or she may be the baby, so it counts."""
    people = reader.rules.lexicon.people
    if people["baby"].search(reader.text, start, end):
        return True
    return people["partner"].search(reader.text, start, end) is None


def _sentence_subject(reader: _Reader, label: str, start: int, end: int) -> str | None:
    """Whom a sentence the second reader flagged is about, or None for someone else's matter.

    Fixed for crying (the baby) and the couple's relationship. Otherwise: a reporting frame
    ("my mum says…") makes it the speaker's; then the first person named decides: the writer,
    the partner, or "he/she" as the last adult named. In a sentence about harm to the baby
    the writer is the one acting whenever they appear in it ("I felt like shaking him").
    """
    if label in _FIXED_SUBJECT:
        return _FIXED_SUBJECT[label]
    people = reader.rules.lexicon.people
    speaker = _speaker(reader, (start, end), end)
    if speaker is not None and speaker[0] == "other":
        return None
    if speaker is not None and speaker[0] == "partner":
        return "partner"
    if label == "safety_risk_baby" and people["writer"].search(reader.text, start, end):
        return "writer"
    first: tuple[int, str] | None = None
    for name in ("writer", "partner", "pronoun", "other", "other_baby"):
        m = people[name].search(reader.text, start, end)
        if m is not None and (first is None or m.start() < first[0]):
            first = (m.start(), name)
    if first is None:
        return "writer"
    pos, name = first
    if name in ("other", "other_baby"):
        return None
    if name == "pronoun":
        return _last_adult_before(reader, pos)
    return name


#: A sentence longer than this (in words) is embedded in pieces: real posts often run on
#: for a paragraph without a full stop, and the model reads at most 128 tokens of a piece
#: (about 90 words) and blurs a long one into an average.
MAX_PIECE_WORDS: Final = 60
_PIECE_WORDS: Final = 35


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into pieces of about ``_PIECE_WORDS`` words when it is longer
    than ``MAX_PIECE_WORDS``, each cut after the comma nearest its target, if one is near."""
    words = list(_WORD_RE.finditer(text, start, end))
    if len(words) <= MAX_PIECE_WORDS:
        return [(start, end)]
    count = -(-len(words) // _PIECE_WORDS)
    size = len(words) / count
    cuts: list[int] = []
    for k in range(1, count):
        target = round(k * size)
        near = [
            i for i in range(max(1, target - 8), min(len(words) - 1, target + 8))
            if words[i - 1].group().endswith((",", ";", ":"))
        ]  # fmt: skip
        cut = min(near, key=lambda i: abs(i - target)) if near else target
        if not cuts or cut > cuts[-1]:
            cuts.append(cut)
    bounds = [start, *(words[i].start() for i in cuts), end]
    return list(zip(bounds, bounds[1:], strict=False))


def _writer_sentences(reader: _Reader) -> list[tuple[int, int]]:
    """The writer's sentences worth embedding (three words or more), trimmed of spaces; a
    run-on sentence in pieces (:func:`_pieces`)."""
    out = []
    for sentence in reader.sentences:
        for a, b in _pieces(reader.text, *sentence):
            if len(_WORD_RE.findall(reader.text, a, b)) < 3:
                continue
            piece = reader.text[a:b]
            out.append(
                (a + len(piece) - len(piece.lstrip()), b - (len(piece) - len(piece.rstrip())))
            )
    return out


def _semantic_hits(
    reader: _Reader,
    sentences: list[tuple[int, int]],
    readings: list[list[SentenceFinding]],
    hits: list[_Hit],
    asks: list[Ask],
) -> tuple[list[_Hit], list[Ask]]:
    """Findings of the second reader that the phrase rules did not already make."""
    new_hits: list[_Hit] = []
    new_asks: list[Ask] = []
    for (start, end), findings in zip(sentences, readings, strict=True):
        in_sentence = [h for h in hits if start <= h.start < end]
        # The phrase rules already read this sentence's safety meaning (found or asked):
        # the second reader does not add guesses to it.
        asked_here = any(start <= a.span.start < end for a in asks) or any(
            reader.rules.concerns[h.rule.concern].is_safety for h in in_sentence
        )
        for finding in findings:
            label = finding.label
            spec = reader.rules.concerns[label]
            if any(h.rule.concern == label for h in in_sentence):
                continue
            if spec.is_safety and asked_here:
                continue  # the phrase rules read this sentence's context already
            subject = _sentence_subject(reader, label, start, end)
            span = Span(start, end, reader.original[start:end])
            tag = _SIGNAL_TAGS.get(finding.signal)
            tags = (tag, "second_reader") if tag else ("second_reader",)
            if subject is None:
                if spec.is_safety:
                    new_asks.append(Ask(span, label, "other", "other_person", tags))
                continue
            if tag == "medical_red_flag" and not _about_the_baby(reader, start, end):
                # "My husband won't wake up for the night feeds" is not the baby's illness:
                # it only asks.
                new_asks.append(Ask(span, label, subject, "unclear", tags))
                continue
            if spec.is_safety and not finding.is_sure:
                why = "unclear"
                if finding.signal == "past_resolved":
                    why = "past"
                new_asks.append(Ask(span, label, subject, why, tags))
                continue
            if not _fits(spec.subjects, subject):
                continue
            severity = (
                "urgent"
                if finding.signal in _URGENT_SIGNALS
                else "high"
                if spec.is_safety
                else "moderate"
            )
            new_hits.append(
                _Hit(_reader_rule(label, severity, subject, tags), start, end, subject, "writer")
            )
    return new_hits, new_asks


def _fits(subjects: tuple[str, ...], subject: str) -> bool:
    """Whether a concern may be about ``subject`` (the writer may stand for the couple)."""
    return subject in subjects or (subject == "writer" and "couple" in subjects)


def _reader_rule(label: str, severity: str, subject: str, tags: tuple[str, ...]) -> PhraseRule:
    """The rule record for a finding that no phrase rule made (second reader or judge)."""
    return PhraseRule(
        id=f"{tags[-1]}:{label}",
        concern=label,
        severity=severity,
        subject=subject,
        patterns=(),
        tags=tags,
    )


@dataclass(frozen=True)
class _Embedded:
    """The writer's sentences with their embeddings and the second reader's view of them."""

    sentences: list[tuple[int, int]]
    vectors: FloatArray
    readings: list[list[SentenceFinding]]
    best: dict[str, FloatArray]


def _embed(reader: _Reader, semantic: SemanticReader) -> _Embedded | None:
    sentences = _writer_sentences(reader)
    if not sentences:
        return None
    # A link says nothing about the writer; its letters only confuse the reader's model.
    vectors = semantic.encoder.encode(
        [_URL_RE.sub("a link", reader.text[a:b]) for a, b in sentences]
    )
    readings, best = semantic.read_vectors(vectors)
    return _Embedded(sentences, vectors, readings, best)


def _judge_features(embedded: _Embedded, hits: list[_Hit], asks: list[Ask]) -> FloatArray:
    ruled = {h.rule.concern for h in hits if not _by_reader(h)}
    read = {h.rule.concern for h in hits if _by_reader(h)}
    return text_features(embedded.vectors, embedded.best, ruled, read, {a.label for a in asks})


def _by_reader(hit: _Hit) -> bool:
    """Whether the second reader, not a phrase rule, made this finding."""
    return "second_reader" in hit.rule.tags


def _apply_judge(
    reader: _Reader,
    judge: TextJudge,
    embedded: _Embedded,
    hits: list[_Hit],
    asks: list[Ask],
) -> tuple[list[_Hit], list[Ask]]:
    """Keep what the text judge confirms; see the module docstring of intake/classifier.py.

    - A phrase rule's concern stands unless the judge finds the text ordinary (no concern
      at all). The second reader's ordinary concern stands only if the judge sees it in the
      text as a whole. One the judge sees that no reader quoted is quoted by the sentence
      that weighs most for it (:func:`_judge_quote`).
    - Safety is never dropped: the phrase rules' safety findings and every question stand
      as they are. A second reader's safety finding the judge does not confirm becomes a
      question. A safety concern the judge sees that no reader found is raised at "high"
      (help today and the question), never at "urgent": the judge alone never makes an
      emergency. A safety score short of that may still ask (:func:`_doubt_ask`). Where a
      content-warning line named that safety label, the judge adds nothing: the line's
      word is in its features, and the question is asked already.

    The second reader's unsure safety guesses all stay questions. (Dropping those the judge
    thought needed no question spared many ordinary texts the question, but missed one
    safety text of the held-out part: not a trade we make.)
    """
    verdict = judge.judge(_judge_features(embedded, hits, asks))
    kept: list[_Hit] = []
    new_asks: list[Ask] = []
    for hit in hits:
        label = hit.rule.concern
        if not reader.rules.concerns[label].is_safety:
            # A phrase rule's finding stands in a text that shows concerns at all: it quotes
            # exactly what it read. In a text the judge finds ordinary, it is set aside,
            # unless its tags give it a safety meaning (psychosis, thoughts of harm, rage):
            # safety is never dropped.
            ruled = not _by_reader(hit) and (
                (verdict.any_concern and label not in judge.rules_need_judge)
                or not SAFETY_MEANING_TAGS.isdisjoint(hit.rule.tags)
            )
            if verdict.shows(label) or ruled:
                kept.append(hit)
        elif _by_reader(hit) and not verdict.shows(label):
            span = Span(hit.start, hit.end, reader.original[hit.start : hit.end])
            new_asks.append(Ask(span, label, hit.subject, "unclear", hit.rule.tags))
        else:
            kept.append(hit)
    for label in CONCERN_LABELS:
        if any(h.rule.concern == label for h in kept):
            continue
        if verdict.shows(label):
            if reader.rules.concerns[label].is_safety and any(
                a.label == label and a.why == "warning" for a in asks
            ):
                continue  # a content-warning line named it, and the question is asked already
            kept.extend(_judge_quote(reader, judge, embedded, label))
        elif not any(a.label == label for a in (*asks, *new_asks)):
            new_asks.extend(_doubt_ask(reader, judge, embedded, verdict, label))
    return kept, asks + new_asks


def _judge_quote(reader: _Reader, judge: TextJudge, embedded: _Embedded, label: str) -> list[_Hit]:
    """A concern only the judge saw, quoted by the sentence that weighs most for it among
    those about someone it can be about; none when no sentence is like its examples."""
    if float(embedded.best[label].max()) < JUDGE_LIKENESS:
        return []
    spec = reader.rules.concerns[label]
    weights = judge.sentence_weight(label, embedded.vectors, embedded.best)
    for index in np.argsort(-weights):
        start, end = embedded.sentences[int(index)]
        subject = _sentence_subject(reader, label, start, end)
        if subject is not None and _fits(spec.subjects, subject):
            severity = "high" if spec.is_safety else "moderate"
            rule = _reader_rule(label, severity, subject, ("text_judge",))
            return [_Hit(rule, start, end, subject, "writer")]
    return []


def _doubt_ask(
    reader: _Reader, judge: TextJudge, embedded: _Embedded, verdict: Judgement, label: str
) -> list[Ask]:
    """When in doubt, ask: a safety score at least ``DOUBT_SHARE`` of the way to the judge's
    threshold, in a text that may need the question, asks it about the weightiest sentence."""
    doubt = verdict.scores[label] >= DOUBT_SHARE * verdict.thresholds[label]
    if not (reader.rules.concerns[label].is_safety and doubt and verdict.needs_question):
        return []
    weights = judge.sentence_weight(label, embedded.vectors, embedded.best)
    start, end = embedded.sentences[int(np.argmax(weights))]
    whom = _sentence_subject(reader, label, start, end) or "other"
    why = "unclear" if whom != "other" else "other_person"
    return [Ask(Span(start, end, reader.original[start:end]), label, whom, why, ("text_judge",))]


def judge_features(text: str, semantic: SemanticReader) -> FloatArray | None:
    """The text judge's input for ``text`` (None when it has no sentence to embed).

    Used by the judge's training script, so that it trains on exactly what :func:`analyse`
    computes.
    """
    rules = load_intake_rules()
    reader, hits, asks = _read_rules(text, rules)
    embedded = _embed(reader, semantic)
    if embedded is None:
        return None
    more_hits, more_asks = _semantic_hits(reader, embedded.sentences, embedded.readings, hits, asks)
    return _judge_features(embedded, hits + more_hits, asks + more_asks)


#: The lexicon's pronouns (people.pronoun) by the partner they could stand for.
_HE_WORDS: Final = frozenset({"he", "him", "his", "himself", "he's", "hes"})
_SHE_WORDS: Final = frozenset({"she", "her", "hers", "herself", "she's", "shes"})
_NOT_ANTECEDENTS: Final = frozenset({"they", "people", "someone", "somebody", "everyone", "nobody"})


def _read_rules(text: str, rules: IntakeRules) -> tuple[_Reader, list[_Hit], list[Ask]]:
    """Prepare ``text`` and apply the phrase rules: (reader, hits, questions)."""
    norm = _normalise(text)
    region_end = _reply_start(norm, rules)
    people = rules.lexicon.people
    reader = _Reader(
        original=text,
        text=norm,
        region_end=region_end,
        sentences=_sentences(norm, region_end),
        quotes=_quotes(norm, region_end, rules),
        rules=rules,
        partner_positions=tuple(m.start() for m in people["partner"].finditer(norm, 0, region_end)),
        # Who "he" or "she" can stand for: a named person, never "they" or an indefinite
        # one ("she's seeing someone", then "she texted me…" is still the partner).
        other_positions=tuple(
            m.start()
            for m in people["other"].finditer(norm, 0, region_end)
            if m.group(0).lower() not in _NOT_ANTECEDENTS
        ),
    )
    hits: list[_Hit] = []
    ask_notes: list[Ask] = []
    for rule in rules.rules:
        for pattern in rule.patterns:
            for m in pattern.finditer(norm, 0, region_end):
                if m.end() <= m.start():
                    continue
                outcome, hit, why = _read_match(reader, rule, m.start(), m.end())
                if outcome == "concern" and hit is not None:
                    hits.append(hit)
                elif outcome == "ask" and hit is not None:
                    span = Span(m.start(), m.end(), text[m.start() : m.end()])
                    ask_notes.append(Ask(span, rule.concern, hit.subject, why, rule.tags))
    return reader, hits, ask_notes


def analyse(
    text: str,
    rules: IntakeRules | None = None,
    semantic: SemanticReader | None = None,
    expect: Sequence[str] = (),
) -> IntakeResult:
    """Read ``text`` and return the concerns in it with quoted evidence and next steps.

    Offsets in every Span index into ``text`` as given. Never raises on ordinary text;
    an empty text gives an empty result. Rules default to ``content/intake``. With a
    ``semantic`` reader, its findings join the phrase rules' (see intake/semantic.py);
    :func:`read` uses the shared one. ``expect``: languages besides English the writer is
    likely to use (the one they chose for the app), for finding what cannot be read.
    """
    rules = rules or load_intake_rules()
    reader, hits, ask_notes = _read_rules(text, rules)
    embedded = _embed(reader, semantic) if semantic is not None else None
    if semantic is not None and embedded is not None:
        more_hits, more_asks = _semantic_hits(
            reader, embedded.sentences, embedded.readings, hits, ask_notes
        )
        hits.extend(more_hits)
        ask_notes.extend(more_asks)
        if semantic.judge is not None:
            hits, ask_notes = _apply_judge(reader, semantic.judge, embedded, hits, ask_notes)
    grouped: dict[tuple[str, str], list[_Hit]] = {}
    for hit in hits:
        grouped.setdefault((hit.rule.concern, hit.subject), []).append(hit)
    concerns = []
    for (label, subject), group in grouped.items():
        spans = _merge_spans([Span(h.start, h.end, text[h.start : h.end]) for h in group], text)
        concerns.append(
            Concern(
                label=label,
                severity=max((h.rule.severity for h in group), key=SEVERITIES.index),
                subject=subject,
                evidence=spans,
                said_by=tuple(sorted({h.said_by for h in group})),
                tags=tuple(sorted({t for h in group for t in h.rule.tags})),
            )
        )
    concerns.sort(key=lambda c: (-SEVERITIES.index(c.severity), c.evidence[0].start))
    asked = _merge_spans([a.span for a in ask_notes], text)
    words = _partner_words(reader)
    unread = unread_parts(reader.text, reader.sentences, reader.region_end, expect)
    found = tuple(concerns)
    region_end = reader.region_end
    others = (Span(region_end, len(text), text[region_end:]),) if region_end < len(text) else ()
    return IntakeResult(
        concerns=found,
        next_steps=_next_steps(rules, found, asked, words),
        asked_about=asked,
        others_words=others,
        asks=tuple(ask_notes),
        words=words,
        unread=unread,
    )


def read(text: str, expect: Sequence[str] = ()) -> IntakeResult:
    """Read ``text`` with the phrase rules and the shared second reader (``expect``: see
    :func:`analyse`)."""
    return analyse(text, semantic=default_reader(), expect=expect)
