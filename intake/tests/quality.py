"""Precision and recall of the intake engine on the labelled text sets."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from intake.devset.evaluate import LabelScore as Score
from intake.engine import analyse
from intake.rules import CONCERN_LABELS

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Report:
    """Scores per label for one file, and the texts that were not read perfectly."""

    name: str
    n_texts: int
    scores: tuple[Score, ...]
    misses: tuple[str, ...]

    def score(self, label: str) -> Score:
        """Return the score for ``label``."""
        return next(s for s in self.scores if s.label == label)

    def table(self) -> str:
        """Return a plain-text table for the terminal."""
        lines = [
            f"intake quality on {self.name} ({self.n_texts} texts)",
            f"{'concern':30} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}",
        ]
        for s in self.scores:
            lines.append(
                f"{s.label:30} {s.precision:9.2f} {s.recall:7.2f} {s.tp:4d} {s.fp:4d} {s.fn:4d}"
            )
        lines.extend(f"  not perfect: {m}" for m in self.misses)
        return "\n".join(lines)


def evaluate(file_name: str) -> Report:
    """Run the engine on every text in ``file_name`` (in this folder) and count."""
    data = tomllib.loads((HERE / file_name).read_text(encoding="utf-8"))
    counts = {label: [0, 0, 0] for label in CONCERN_LABELS}
    misses: list[str] = []
    for entry in data["texts"]:
        found = analyse(entry["text"]).labels()
        wanted = set(entry["labels"])
        for label in CONCERN_LABELS:
            if label in found and label in wanted:
                counts[label][0] += 1
            elif label in found:
                counts[label][1] += 1
            elif label in wanted:
                counts[label][2] += 1
        if found != wanted:
            misses.append(
                f"{entry['id']}: missing {sorted(wanted - found)}, extra {sorted(found - wanted)}"
            )
    scores = tuple(Score(label, *counts[label]) for label in CONCERN_LABELS)
    return Report(file_name, len(data["texts"]), scores, tuple(misses))
