"""Small builders for scoring tests."""

from __future__ import annotations

from scoring.instruments import Instrument


def answers_for_total(instrument: Instrument, total: int, *, self_harm: int = 0) -> list[int]:
    """Return option indices giving ``total``; self-harm items score ``self_harm``.

    Fills items in order with the highest score that still fits, so any reachable total
    can be built; the index is looked up per item (reverse-keyed items are handled).
    """
    remaining = total - self_harm * len(instrument.self_harm_items)
    answers: list[int] = []
    for item in instrument.items:
        scores = [o.score for o in item.options]
        wanted = self_harm if item.is_self_harm else min(max(scores), max(remaining, 0))
        if not item.is_self_harm:
            remaining -= wanted
        answers.append(scores.index(wanted))
    if remaining != 0:
        raise ValueError(f"total {total} is not reachable with self_harm={self_harm}")
    return answers
