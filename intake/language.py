"""Which parts of a text are written in a language the intake cannot read.

The phrase rules and the second reader understand English only. A parent who writes in
Spanish, Polish or Arabic would otherwise be answered as if they had written nothing
worrying ("We didn't spot anything"), whatever they wrote. Instead the intake finds the parts
it cannot read, says so plainly, and asks the direct safety question (issue #13: when in
doubt, ask). It never guesses at what those parts say.

Language identification is CLD2 (Chromium's compact language detector, through the pycld2
package: a C++ library with its tables compiled in, about 7 MB, no model file to load). It
tells English from 80-odd languages on sentences as short as a forum title.

Rules, in one place:

- The writer's own part of the text (not other people's replies) is judged as a whole, and
  each sentence of it on its own.
- A piece with fewer than :data:`MIN_LETTERS` letters ("ok", "help!") is never judged:
  there is too little to tell. One with fewer than :data:`MIN_SENTENCE_LETTERS` counts only
  in a non-Latin script or in a language the reader is expected to write.
- A piece is unread when CLD2 calls its language reliably found, and that language is not
  English and makes up at least :data:`MIN_PERCENT` of the piece.
- When the whole part is unread, it is one unread piece; otherwise each unread sentence is.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import pycld2

#: The language the intake reads.
READ_LANGUAGE: Final = "en"
#: What CLD2 may call ordinary English: short, casual English sentences ("She sleeps 7 till
#: 5.") often come out as Scots.
_READ_AS_ENGLISH: Final = frozenset({READ_LANGUAGE, "sco"})
#: CLD2's codes for "unknown" and for text it does not judge.
_UNKNOWN: Final = frozenset({"un", "xxx", "zzb"})
#: CLD2's older codes, as ISO 639-1.
_CODES: Final = {"iw": "he", "in": "id", "jw": "jv", "zh-Hant": "zh"}

#: Fewer letters than this and a piece is not judged at all.
MIN_LETTERS: Final = 12
#: Fewer letters than this and a piece is short: short English ("I'm devastated.", "Reflux
#: meds ok?") is where CLD2 errs, so a short piece counts as unread only when most of its
#: letters are in a script other than Latin, or when it is in a language the reader is
#: expected to write (``expect``: the language they chose for the app).
MIN_SENTENCE_LETTERS: Final = 24
#: The share (%) of a piece its language must make up.
MIN_PERCENT: Final = 60


@dataclass(frozen=True)
class Unread:
    """A piece of the text (offsets into it) in ``language`` (ISO 639-1), not read;
    ``whole`` when it is all of the writer's own words."""

    start: int
    end: int
    language: str
    whole: bool = False


def language_of(piece: str) -> tuple[str, bool, int] | None:
    """CLD2's language of ``piece`` (ISO 639-1), whether it is reliable and its share (%);
    None when the piece has fewer than MIN_LETTERS letters or CLD2 cannot read it."""
    if _letters(piece) < MIN_LETTERS:
        return None
    clean = "".join(ch if ch.isprintable() else " " for ch in piece)
    try:
        reliable, _, details = pycld2.detect(
            clean.encode("utf-8", "replace"), isPlainText=True, bestEffort=True
        )
    except pycld2.error:
        return None
    _, code, percent, _ = details[0]
    return _CODES.get(str(code), str(code)), bool(reliable), int(percent)


def _letters(piece: str) -> int:
    return sum(ch.isalpha() for ch in piece)


def _mostly_not_latin(piece: str) -> bool:
    letters = [ch for ch in piece if ch.isalpha()]
    latin = sum(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)
    return latin * 2 < len(letters)


def _unread(piece: str, expect: frozenset[str]) -> str | None:
    found = language_of(piece)
    if found is None:
        return None
    language, reliable, percent = found
    if not reliable or language in _UNKNOWN or language in _READ_AS_ENGLISH:
        return None
    if percent < MIN_PERCENT:
        return None
    short = _letters(piece) < MIN_SENTENCE_LETTERS
    if short and language not in expect and not _mostly_not_latin(piece):
        return None
    return language


def unread_parts(
    text: str,
    sentences: Sequence[tuple[int, int]],
    region_end: int | None = None,
    expect: Sequence[str] = (),
) -> tuple[Unread, ...]:
    """The pieces of ``text[:region_end]`` in a language the intake cannot read.

    ``sentences`` are (start, end) offsets into ``text``; only those starting before
    ``region_end`` (the writer's own words) count. ``expect``: languages (ISO 639-1) the
    writer is likely to use besides English, judged on short pieces too.
    """
    expected = frozenset(code.split("-")[0].lower() for code in expect)
    end = len(text) if region_end is None else region_end
    whole = text[:end].strip()
    if not whole:
        return ()
    language = _unread(whole, expected)
    if language is not None:
        start = len(text[:end]) - len(text[:end].lstrip())
        return (Unread(start, start + len(whole), language, whole=True),)
    found = []
    for s_start, s_end in sentences:
        if s_start >= end:
            continue
        language = _unread(text[s_start:s_end], expected)
        if language is not None:
            found.append(Unread(s_start, s_end, language))
    return tuple(found)


def main_language(parts: Sequence[Unread]) -> str | None:
    """The language of most of the unread text, or None when everything was read."""
    if not parts:
        return None
    letters: Counter[str] = Counter()
    for part in parts:
        letters[part.language] += part.end - part.start
    return letters.most_common(1)[0][0]
