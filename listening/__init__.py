"""Listening for a baby's crying on the family's own device.

A pure core (no Django): audio in, possible crying episodes out. Nothing here stores or
sends sound. The steps, each in one module:

- :mod:`listening.params`: every number the detector rests on (rates, frames, windows,
  the episode rules), stated once.
- :mod:`listening.audio`: reading a recording and bringing it to the model's rate.
- :mod:`listening.features`: log-mel bands and pitch per frame, summarised per window.
- :mod:`listening.model`: the small committed model that turns a window into a
  probability of crying.
- :mod:`listening.episodes`: hysteresis and merge rules that turn probabilities into
  episodes (start, end, confidence).
- :mod:`listening.detector`: the whole chain, for a file or a live stream.
"""
