"""What the Listen page needs to compute exactly the features this package computes.

The page (web/static/web/listen.js) runs the same steps in the browser: every number and
table comes from here, so the two cannot drift apart; a browser test checks that the
page's features and episodes match :mod:`listening.features` and
:mod:`listening.episodes` on the same sound.
"""

from __future__ import annotations

from typing import Any

from listening import params
from listening.features import (
    FEATURE_NAMES,
    HIGH_BIN,
    LAG_MAX,
    LAG_MIN,
    LOW_BIN,
    PEAK_SHARE,
    mel_bank,
    window,
    window_autocorrelation,
)
from listening.model import LEVEL, committed


def page_tables() -> dict[str, Any]:
    model = committed()
    r = model.rules
    return {
        "version": model.version,
        "rate": params.RATE,
        "frame": params.FRAME,
        "hop": params.HOP,
        "nfft": params.NFFT,
        "mels": params.N_MELS,
        "voiced": params.VOICED,
        "window_frames": params.WINDOW_FRAMES,
        "window_step": params.WINDOW_STEP,
        "step_seconds": params.STEP_SECONDS,
        "window_seconds": params.WINDOW_SECONDS,
        "silence": params.SILENCE,
        "log_floor": params.LOG_FLOOR,
        "lag_min": LAG_MIN,
        "lag_max": LAG_MAX,
        "high_bin": HIGH_BIN,
        "low_bin": LOW_BIN,
        "peak_share": PEAK_SHARE,
        "level_index": LEVEL,
        "features": list(FEATURE_NAMES),
        "window": window().tolist(),
        "window_autocorrelation": window_autocorrelation().tolist(),
        # Sparse: each band's first bin and weights (most of the bank is zero).
        "mel_bank": [
            {
                "first": int(row.nonzero()[0][0]),
                "weights": row[row.nonzero()[0][0] : row.nonzero()[0][-1] + 1].tolist(),
            }
            for row in mel_bank()
        ],
        "rules": {
            "start": r.start,
            "stay": r.stay,
            "smooth": r.smooth,
            "merge_gap": r.merge_gap,
            "min_length": r.min_length,
        },
    }
