"""Score the intake against our own labelled development set (``dev.toml``, ``heldout.toml``).

The held-out part is frozen: nothing is tuned on it, it is only measured. Figures:

- per-label precision, recall and F1 over the ten concerns, and their macro-F1;
- safety recall: of the texts labelled with a safety concern, the share that reach tier 1
  or 2 or ask the safety screen;
- emergency recall: of the texts whose expected response is "emergency", the share at tier 1;
- top-tier false alarms: of the texts whose expected response is not "emergency", the share
  that reach tier 1; and of the ordinary texts (no label, no safety response), the share
  at tier 1 (the bar: none);
- ordinary texts with no concern: of the texts labelled none and expected "none", the share
  with no concern found.

Pure Python over plain data; used by ``bench/bench_intake.py`` and the tests.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from intake.engine import IntakeResult
from intake.rules import CONCERN_LABELS
from intake.safety import IntakeSafety, assess_intake

HERE: Final = Path(__file__).resolve().parent
SAFETY_LABELS: Final = ("safety_risk_self", "safety_risk_baby")
RESPONSES: Final = ("emergency", "urgent", "ask", "none")


@dataclass(frozen=True)
class Text:
    """One labelled text of the development set."""

    id: str
    text: str
    labels: frozenset[str]
    safety: str
    voice: str = ""
    about: dict[str, str] = field(default_factory=dict)


def load(name: str) -> tuple[Text, ...]:
    """Load one part (``dev``, ``train``…, ``heldout``, ``heldout2``); raise ValueError
    naming the entry on a bad label."""
    data = tomllib.loads((HERE / f"{name}.toml").read_text(encoding="utf-8"))
    out: list[Text] = []
    for entry in data["texts"]:
        labels = frozenset(entry["labels"])
        unknown = labels - set(CONCERN_LABELS)
        if unknown or entry["safety"] not in RESPONSES:
            raise ValueError(f"{name}.toml {entry['id']}: bad label or safety value")
        out.append(
            Text(
                entry["id"],
                entry["text"],
                labels,
                entry["safety"],
                entry.get("voice", ""),
                dict(entry.get("about", {})),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class LabelScore:
    """Counts for one label."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was claimed."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Outcome:
    """What the intake did with one text."""

    text: Text
    found: frozenset[str]
    safety: IntakeSafety


@dataclass(frozen=True)
class Report:
    """The figures for one part of the set."""

    name: str
    outcomes: tuple[Outcome, ...]
    scores: tuple[LabelScore, ...]

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the ten labels."""
        return sum(s.f1 for s in self.scores) / len(self.scores)

    def _share(self, wanted: Callable[[Outcome], bool], ok: Callable[[Outcome], bool]) -> float:
        pool = [o for o in self.outcomes if wanted(o)]
        return sum(1 for o in pool if ok(o)) / len(pool) if pool else 1.0

    @property
    def safety_recall(self) -> float:
        """Share of safety-labelled texts at tier 1–2 or asking the screen."""
        return self._share(
            lambda o: bool(o.text.labels & set(SAFETY_LABELS)),
            lambda o: o.safety.tier <= 2 or o.safety.ask_screen,
        )

    @property
    def emergency_recall(self) -> float:
        """Share of texts expected to be emergencies that reach tier 1."""
        return self._share(lambda o: o.text.safety == "emergency", lambda o: o.safety.tier == 1)

    @property
    def top_tier_false_alarm(self) -> float:
        """Share of texts not expected to be emergencies that reach tier 1."""
        return self._share(lambda o: o.text.safety != "emergency", lambda o: o.safety.tier == 1)

    @property
    def ordinary_top_tier(self) -> float:
        """Share of ordinary texts (no label, no safety response) at the top tier (the bar:
        none)."""
        return self._share(
            lambda o: not o.text.labels and o.text.safety == "none", lambda o: o.safety.tier == 1
        )

    @property
    def ordinary_clean(self) -> float:
        """Share of ordinary texts (no label, no safety response) with no concern found."""
        return self._share(
            lambda o: not o.text.labels and o.text.safety == "none", lambda o: not o.found
        )

    @property
    def ordinary_not_asked(self) -> float:
        """Share of ordinary texts that do not ask the safety screen."""
        return self._share(
            lambda o: not o.text.labels and o.text.safety == "none",
            lambda o: not o.safety.ask_screen,
        )

    def misses(self) -> list[str]:
        """One line per text not read perfectly, for tuning (never on the held-out part)."""
        lines = []
        for o in self.outcomes:
            wanted = o.text.labels
            if o.found != wanted or (o.text.safety == "emergency") != (o.safety.tier == 1):
                lines.append(
                    f"{o.text.id}: want {sorted(wanted)} {o.text.safety}; got {sorted(o.found)}"
                    f" tier {o.safety.tier} ask={o.safety.ask_screen}"
                    f" {list(o.safety.reason_codes)}"
                )
        return lines

    def table(self) -> str:
        """Return the figures as plain text."""
        lines = [
            f"intake on {self.name} ({len(self.outcomes)} texts)",
            f"{'label':28} {'prec':>5} {'rec':>5} {'F1':>5} {'tp':>4} {'fp':>4} {'fn':>4}",
        ]
        for s in self.scores:
            lines.append(
                f"{s.label:28} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}"
                f" {s.tp:4d} {s.fp:4d} {s.fn:4d}"
            )
        lines += [
            f"macro-F1 over the ten labels      {self.macro_f1:.3f}",
            f"safety recall (tier 1-2 or asked) {self.safety_recall:.3f}",
            f"emergency recall (tier 1)         {self.emergency_recall:.3f}",
            f"top-tier false-alarm rate         {self.top_tier_false_alarm:.3f}",
            f"ordinary texts at the top tier    {self.ordinary_top_tier:.3f}",
            f"ordinary texts with no concern    {self.ordinary_clean:.3f}",
            f"ordinary texts not asked          {self.ordinary_not_asked:.3f}",
        ]
        return "\n".join(lines)


def evaluate(name: str, read: Callable[[str], IntakeResult]) -> Report:
    """Run ``read`` on every text of part ``name`` and count."""
    outcomes = []
    counts = {label: [0, 0, 0] for label in CONCERN_LABELS}
    for item in load(name):
        result = read(item.text)
        found = frozenset(result.labels())
        outcomes.append(Outcome(item, found, assess_intake(result)))
        for label in CONCERN_LABELS:
            if label in found and label in item.labels:
                counts[label][0] += 1
            elif label in found:
                counts[label][1] += 1
            elif label in item.labels:
                counts[label][2] += 1
    scores = tuple(LabelScore(label, *counts[label]) for label in CONCERN_LABELS)
    return Report(name, tuple(outcomes), scores)
