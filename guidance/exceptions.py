"""Guidance raises the households errors (InvalidInput, NotFound, NotAllowed) so every edge
already knows how to translate them; nothing here needs a type of its own yet."""

from __future__ import annotations

from households.exceptions import InvalidInput, NotAllowed, NotFound

__all__ = ["InvalidInput", "NotAllowed", "NotFound"]
