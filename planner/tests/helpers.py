"""What the family reads of the planner's sentences (planner.Words), in English.

The core gives sentences as keys and values; reports/wording.py, a Django app, words them.
These core tests reach into it to check the words a parent sees."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def said(words: Any) -> str:
    """A sentence, or a list of them (a session's reasons) as one paragraph, in English."""
    from django.utils import translation

    from reports.wording import plan_text, plan_texts

    with translation.override("en"):
        return plan_texts(words) if isinstance(words, list | tuple) else plan_text(words)


def said_each(sentences: Iterable[Any]) -> list[str]:
    """Each sentence in English (the weekly review's)."""
    return [said(s) for s in sentences]
