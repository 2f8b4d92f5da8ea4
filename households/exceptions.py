"""Errors every app raises; the edges translate them (form errors, {"detail": ...}, CommandError)."""

from __future__ import annotations


class NestlingError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(NestlingError):
    """Bad input. `errors` maps each field name to a plain-words message."""

    status = 422

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in errors.items()))


class NotFound(NestlingError):
    """Missing, or belongs to another household: we never say which."""

    status = 404


class NotAllowed(NestlingError):
    """A member of the household without the right to do this."""

    status = 403
