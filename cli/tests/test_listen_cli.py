"""`nestling listen` on recordings: JSON out, nothing stored, clear errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.io import wavfile
from typer.testing import CliRunner

from cli.main import app
from listening.params import RATE

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def quiet_room(tmp_path):
    path = tmp_path / "room.wav"
    rng = np.random.default_rng(7)
    wavfile.write(path, 16000, (rng.normal(0, 0.002, 16000 * 12) * 32767).astype(np.int16))
    return path


def test_a_recording_as_json_stores_nothing_and_needs_no_household(quiet_room):
    result = run("listen", "--file", str(quiet_room), "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out == {"seconds": pytest.approx(12.0, abs=0.01), "episodes": []}


def test_a_steady_cry_like_wail_is_heard_and_reported_in_seconds(tmp_path):
    # A wail that rises and falls around 450 Hz with harmonics, in bursts with breaths,
    # for 20 s after 10 s of quiet room: the shape of a cry, not a recording of one.
    t = np.arange(int(20 * RATE)) / RATE
    f0 = 450 + 60 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    wail = sum(np.sin(k * phase) / k for k in range(1, 6)) * (np.sin(2 * np.pi * 0.5 * t) > -0.6)
    rng = np.random.default_rng(8)
    sound = np.concatenate(
        [rng.normal(0, 0.003, 10 * RATE), 0.2 * wail, rng.normal(0, 0.003, 10 * RATE)]
    )
    path = tmp_path / "wail.wav"
    wavfile.write(path, RATE, (sound * 32767).astype(np.int16))
    out = json.loads(run("listen", "--file", str(path), "--json").stdout)
    assert out["seconds"] == pytest.approx(40.0, abs=0.01)
    for episode in out["episodes"]:
        assert set(episode) == {"start", "end", "confidence"}
        assert 0 <= episode["start"] < episode["end"] <= 40 and 0 <= episode["confidence"] <= 1


def test_an_unreadable_file_is_named(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("not sound")
    result = run("listen", "--file", str(bad), "--json")
    assert result.exit_code == 2
    assert "file:" in result.stderr and "notes.txt" in result.stderr


def test_a_missing_file_is_named(tmp_path):
    result = run("listen", "--file", str(tmp_path / "gone.wav"))
    assert result.exit_code == 2 and "gone.wav: no such file" in result.stderr


def test_it_asks_what_to_listen_to():
    result = run("listen")
    assert result.exit_code == 2 and "--device N" in result.stderr


def test_the_plain_output_says_when_nothing_was_heard(quiet_room):
    result = run("listen", "--file", str(quiet_room))
    assert result.exit_code == 0 and "No crying heard in 0:00:12" in result.stdout


@pytest.fixture
def crying(tmp_path):
    """Five real cry clips (the tune part, from one phone) between quiet stretches."""
    from listening.devset.corpus import MissingAudio, clips_in

    try:
        clips = [c for c in clips_in("tune") if c.cries][:5]
    except MissingAudio as err:
        pytest.skip(str(err))
    quiet = np.zeros(5 * RATE, dtype=np.float32)
    sound = np.concatenate([quiet, *(c.samples() for c in clips), quiet])
    path = tmp_path / "crying.wav"
    wavfile.write(path, RATE, (sound * 32767).astype(np.int16))
    return path


def test_a_recording_with_a_start_time_becomes_suggestions_not_log_entries(people, crying):
    from carelog.models import CrySuggestion, Event

    people.alice.listening = True
    people.alice.save()
    events = Event.objects.count()
    result = run(
        "listen", "--file", str(crying), "--started", "2026-12-06T02:00:00+00:00", "--user", "alice"
    )
    assert result.exit_code == 0, result.stderr
    stored = list(CrySuggestion.objects.filter(household=people.alice.household))
    assert stored and all(s.status == "pending" for s in stored)
    assert "suggestion" in result.stdout and " on Today." in result.stdout
    assert Event.objects.count() == events  # nothing logged without a parent's tap
    assert stored[0].start.isoformat().startswith("2026-12-06T02:00")


def test_a_member_who_has_not_turned_listening_on_stores_nothing(people, crying):
    from carelog.models import CrySuggestion

    result = run(
        "listen", "--file", str(crying), "--started", "2026-12-06 02:00", "--user", "alice"
    )
    assert result.exit_code == 2 and "listening" in result.stderr
    assert not CrySuggestion.objects.exists()


def test_the_microphones_are_listed_or_their_absence_said():
    result = run("listen", "--devices")
    assert result.exit_code == 0
    assert result.stdout.strip() and (
        ":" in result.stdout or "No microphones found." in result.stdout
    )


def test_a_microphone_needs_listening_turned_on(people):
    result = run("listen", "--device", "0", "--user", "alice")
    assert result.exit_code == 2 and "listening is off for you" in result.stderr
