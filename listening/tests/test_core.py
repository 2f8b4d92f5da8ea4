"""The listening core with literal and generated sound: features, episodes, the model."""

from __future__ import annotations

import numpy as np
import pytest

from listening.detector import Listener, detect
from listening.episodes import Episode, episodes
from listening.features import (
    FEATURE_NAMES,
    PITCH,
    VOICING,
    FeatureStream,
    features,
    frame_features,
)
from listening.model import MODEL_PATH, committed
from listening.params import RATE, SILENCE, STEP_SECONDS, EpisodeRules

RULES = EpisodeRules(start=0.6, stay=0.4, smooth=1, merge_gap=4.0, min_length=3.0)


def tone(hz: float, seconds: float, level: float = 0.3) -> np.ndarray:
    return (level * np.sin(2 * np.pi * hz * np.arange(int(seconds * RATE)) / RATE)).astype(
        np.float32
    )


def test_a_stream_fed_in_pieces_gives_the_windows_of_the_whole() -> None:
    sound = np.random.default_rng(1).normal(0, 0.1, RATE * 9).astype(np.float32)
    whole = features(sound)
    stream = FeatureStream()
    pieces = [stream.feed(sound[i : i + 1234]) for i in range(0, sound.size, 1234)]
    fed = np.concatenate([p for p in pieces if p.shape[0]])
    assert whole.shape == fed.shape == (16, len(FEATURE_NAMES))
    assert np.allclose(whole, fed)


@pytest.mark.parametrize("hz", [300.0, 450.0, 600.0])
def test_pitch_of_a_steady_tone(hz: float) -> None:
    frames = frame_features(tone(hz, 1.0))
    found = 440 * 2 ** np.median(frames[:, PITCH])
    assert frames[:, VOICING].min() > 0.9
    assert abs(found - hz) / hz < 0.03  # whole-sample lags at 8 kHz


def test_noise_is_not_voiced() -> None:
    frames = frame_features(np.random.default_rng(2).normal(0, 0.1, RATE).astype(np.float32))
    assert np.median(frames[:, VOICING]) < 0.5


def windows(*spans: tuple[int, float]) -> list[float]:
    out: list[float] = []
    for count, p in spans:
        out += [p] * count
    return out


def test_hysteresis_starts_high_and_stays_above_the_lower_line() -> None:
    # 10 quiet windows, 4 at 0.7 (start), 6 at 0.45 (stay), then quiet again.
    found = episodes(windows((10, 0.1), (4, 0.7), (6, 0.45), (30, 0.1)), RULES)
    assert [(e.start, e.end) for e in found] == [(10 * STEP_SECONDS, 19 * STEP_SECONDS + 1.0)]
    assert found[0].confidence == pytest.approx(0.55)


def test_a_stretch_that_never_reaches_the_start_line_is_nothing() -> None:
    assert episodes(windows((10, 0.1), (20, 0.55), (10, 0.1)), RULES) == []


def test_short_gaps_merge_and_blips_drop() -> None:
    probs = windows((4, 0.1), (8, 0.9), (4, 0.1), (8, 0.9), (30, 0.1), (2, 0.9), (20, 0.1))
    found = episodes(probs, RULES)
    assert len(found) == 1  # the 2-second gap is merged; the 1.5-second blip is dropped
    assert found[0].start == 4 * STEP_SECONDS
    assert found[0].end == 23 * STEP_SECONDS + 1.0


def test_gaps_longer_than_the_merge_gap_are_two_episodes() -> None:
    probs = windows((8, 0.9), (20, 0.1), (8, 0.9), (20, 0.1))
    assert len(episodes(probs, RULES)) == 2


def test_episodes_close_while_streaming_and_at_the_end() -> None:
    tracker_probs = windows((8, 0.9), (20, 0.1), (8, 0.9))
    from listening.episodes import EpisodeTracker

    tracker = EpisodeTracker(RULES)
    live = tracker.feed(tracker_probs)
    assert len(live) == 1  # the first closed once the merge gap passed
    assert len(tracker.finish()) == 1  # the second was still open


def test_silence_is_never_crying() -> None:
    assert detect(np.zeros(RATE * 30, dtype=np.float32)).episodes == []
    assert committed().probabilities(features(np.zeros(RATE * 5))).max() == 0.0


def test_any_rate_and_channels_are_accepted() -> None:
    sound = np.random.default_rng(3).normal(0, 0.05, (44100 * 5, 2)).astype(np.float32)
    found = detect(sound, 44100)
    assert found.seconds == pytest.approx(5.0, abs=0.01)


def test_a_listener_fed_live_matches_the_whole_recording() -> None:
    rng = np.random.default_rng(4)
    sound = np.concatenate(
        [rng.normal(0, 0.01, RATE * 20), tone(450, 20), rng.normal(0, 0.01, RATE * 20)]
    )
    whole = detect(sound)
    listener = Listener()
    live: list[Episode] = []
    for at in range(0, sound.size, 3000):
        live += listener.feed(sound[at : at + 3000])
    live += listener.finish()
    assert live == whole.episodes
    assert np.allclose(listener.probabilities, whole.probabilities)


def test_the_committed_model_is_small_and_the_onnx_export_agrees() -> None:
    import onnxruntime

    assert MODEL_PATH.stat().st_size < 1_000_000
    onnx_path = MODEL_PATH.with_suffix(".onnx")
    assert onnx_path.stat().st_size < 1_000_000
    rows = features(np.random.default_rng(5).normal(0, 0.1, RATE * 20).astype(np.float32))
    session = onnxruntime.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    (onnx_p,) = session.run(None, {"features": rows.astype(np.float32)})
    model = committed()
    mine = model.probabilities(rows)
    loud = rows[:, FEATURE_NAMES.index("level_mean")] >= SILENCE
    assert np.allclose(onnx_p[loud, 0], mine[loud], atol=1e-4)


@pytest.mark.parametrize("n", [1, 3, 5])
def test_smoothing_a_whole_recording_at_once_gives_the_trackers_episodes(n: int) -> None:
    from dataclasses import replace

    from listening.episodes import smoothed

    probs = np.random.default_rng(n).random(600) ** 0.5
    rules = EpisodeRules(start=0.8, stay=0.5, smooth=n, merge_gap=4.0, min_length=3.0)
    assert episodes(smoothed(probs, n), replace(rules, smooth=1)) == episodes(probs, rules)
