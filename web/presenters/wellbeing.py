"""What the wellbeing pages draw, worked out from the data: a check-in's totals on its bands
(a small server-drawn SVG) and a parent's words with the quoted phrases marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scoring.instruments import Instrument
from wellbeing.labels import CONCERN_LABELS
from wellbeing.models import CheckIn

if TYPE_CHECKING:  # numpy and the sentence model behind it, loaded on first use
    from intake.engine import IntakeResult


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    total: int
    when: datetime


def trend_chart(rows: list[CheckIn], inst: Instrument, role: str) -> dict[str, Any]:
    """Coordinates for a small server-drawn SVG: totals over time on the instrument's bands."""
    width, height, pad = 320.0, 150.0, 22.0
    top = inst.max_total or 1
    times = [row.created_at.timestamp() for row in rows]
    first, last = min(times), max(times)
    span = (last - first) or 1.0

    def y_of(total: float) -> float:
        return round(height - pad - (total / top) * (height - 2 * pad), 1)

    points = [
        Point(
            round(pad + ((row.created_at.timestamp() - first) / span) * (width - 2 * pad), 1)
            if len(rows) > 1
            else width / 2,
            y_of(row.total),
            row.total,
            row.created_at,
        )
        for row in rows
    ]
    bands = [
        {
            "label": band.label,
            "y": y_of(band.max_total + 0.5 if band.max_total < top else top),
            "height": round(
                y_of(max(band.min_total - 0.5, 0)) - y_of(min(band.max_total + 0.5, top)), 1
            ),
            "shade": i % 2,
        }
        for i, band in enumerate(inst.bands_for(inst.resolve_role(role)))
    ]
    return {
        "width": width,
        "height": height,
        "pad": pad,
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "bands": bands,
        "max_total": top,
        "inner_width": width - 2 * pad,
        "right": width - pad,
        "cutoff": inst.primary_cutoff(inst.resolve_role(role)).min_total,
        "cutoff_y": y_of(inst.primary_cutoff(inst.resolve_role(role)).min_total),
        "top_label_y": pad + 4,
        "zero_label_y": height - pad + 4,
    }


def highlighted(text: str, result: IntakeResult) -> list[dict[str, Any]]:
    """The text cut into plain and quoted pieces, so the template can wrap quotes in <mark>."""
    spans: list[tuple[int, int, str]] = []
    for concern in result.concerns:
        for ev in concern.evidence:
            spans.append((ev.start, ev.end, str(CONCERN_LABELS.get(concern.label, concern.label))))
    spans.sort()
    pieces: list[dict[str, Any]] = []
    pos = 0
    for start, end, label in spans:
        if start < pos:  # overlapping quote: extend the previous mark instead
            if end > pos and pieces and pieces[-1]["mark"]:
                pieces[-1]["text"] += text[pos:end]
                pos = end
            continue
        if start > pos:
            pieces.append({"text": text[pos:start], "mark": False})
        pieces.append({"text": text[start:end], "mark": True, "label": label})
        pos = end
    if pos < len(text):
        pieces.append({"text": text[pos:], "mark": False})
    return pieces
