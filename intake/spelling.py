"""How people type on a phone, applied to the phrase rules' patterns once, when they load.

Forum posts and messages written at 3 a.m. drop apostrophes ("i dont want to be here
anymore", "ive been saving my tablets", "im scared ill hurt her"). The rules in
``content/intake/rules.toml`` are written with the apostrophes; :func:`optional_apostrophes`
rewrites a compiled-to-be pattern so that the contractions match with or without one.

Only contractions whose bare spelling is not another common word are loosened:

- ``n't`` (don't → dont, can't → cant, won't → wont, didn't → didnt);
- ``i'm`` → im, ``'ve`` (i've → ive, could've → couldve);
- ``you're`` / ``they're`` (not "we're", which is "were");
- ``it's``, ``he's``, ``she's``, ``that's``, ``what's``, ``there's``, ``who's``.

Not ``'ll`` ("I'll" → "ill", "we'll" → "well", "he'll" → "hell") and not ``'d`` ("I'd" → "id",
"she'd" → "shed", "we'd" → "wed"). Pure Python; the rewrite keeps every other part of the
pattern as written.
"""

from __future__ import annotations

import re
from typing import Final

_START: Final = r"(?:(?<![a-z'\\])|(?<=\\b))"  # a word's start in the pattern text, or after \b

_LOOSEN: Final = (
    # n't at the end of a word written out in the pattern ("don't"), not a bare suffix
    # ("n't\b" would then match "want" and "went").
    (re.compile(r"(?<=[a-z])n'(?=t)", re.IGNORECASE), "n'?"),
    (re.compile(_START + r"(i)'(?=m(?![a-z]))", re.IGNORECASE), r"\1'?"),
    (re.compile(r"'(?=ve(?![a-z]))", re.IGNORECASE), "'?"),
    (re.compile(_START + r"(you|they)'(?=re(?![a-z]))", re.IGNORECASE), r"\1'?"),
    (
        re.compile(_START + r"(it|he|she|that|what|there|who)'(?=s(?![a-z]))", re.IGNORECASE),
        r"\1'?",
    ),
)


def optional_apostrophes(pattern: str) -> str:
    """``pattern`` with the apostrophes of the contractions above made optional."""
    for finder, replacement in _LOOSEN:
        pattern = finder.sub(replacement, pattern)
    return pattern
