"""A live microphone through PortAudio (the sounddevice package), as 8 kHz chunks.

Imported only by `nestling listen --device`: the rest of Nestling never loads
PortAudio. Nothing read here is written anywhere.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from typing import Any

import numpy as np

from listening.audio import Samples, resample
from listening.params import RATE


class MicrophoneError(RuntimeError):
    pass


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as err:  # the PortAudio library itself is missing
        raise MicrophoneError(
            f"PortAudio is not installed ({err}); on Debian or Raspberry Pi OS: "
            "apt-get install libportaudio2"
        ) from None
    return sounddevice


def input_devices() -> list[tuple[int, str]]:
    sd = _sounddevice()
    return [
        (i, str(d["name"])) for i, d in enumerate(sd.query_devices()) if d["max_input_channels"] > 0
    ]


def microphone(device: int, seconds: float = 1.0) -> Iterator[Samples]:
    """Chunks of ``seconds`` of mono 8 kHz sound from input ``device``, until stopped."""
    sd = _sounddevice()
    try:
        info = sd.query_devices(device, "input")
    except (ValueError, sd.PortAudioError) as err:
        raise MicrophoneError(f"no microphone number {device} ({err}); see --devices") from None
    rate = RATE
    try:
        sd.check_input_settings(device=device, samplerate=RATE, channels=1)
    except sd.PortAudioError:
        rate = int(info["default_samplerate"])  # the device can't do 8 kHz: resample here
    chunks: queue.Queue[Samples] = queue.Queue()

    def take(data: np.ndarray, frames: int, when: object, status: object) -> None:
        chunks.put(data[:, 0].copy())

    with sd.InputStream(
        device=device,
        channels=1,
        samplerate=rate,
        dtype="float32",
        blocksize=int(rate * seconds),
        callback=take,
    ):
        while True:
            yield resample(chunks.get(), rate)
