"""Personal API tokens. A token acts as the member who made it, with their rights."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from households import selectors, services
from households.models import ApiToken

from .auth import caller
from .errors import errors
from .schemas import TokenCreated, TokenIn, TokenOut

router = Router(tags=["tokens"])


@router.get(
    "/tokens", response={200: list[TokenOut], **errors(401, 403)}, operation_id="list_tokens"
)
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    """Your tokens, newest first. The tokens themselves are never shown again."""
    return list(selectors.tokens(caller(request)))


@router.post(
    "/tokens",
    response={201: TokenCreated, **errors(400, 401, 403, 413, 422)},
    operation_id="create_token",
)
def create_token(request: HttpRequest, payload: TokenIn | None = None) -> Status[dict[str, Any]]:
    """Make a token for a script or shortcut. The response holds the token, once only."""
    token, raw = services.create_token(caller(request), (payload or TokenIn()).name)
    return Status(
        201,
        {
            "id": token.pk,
            "name": token.name,
            "prefix": token.prefix,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "token": raw,
        },
    )


@router.delete(
    "/tokens/{token_id}", response={204: None, **errors(401, 403, 404)}, operation_id="revoke_token"
)
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of your tokens; requests with it get 401 from then on."""
    services.revoke_token(caller(request), token_id)
    return Status(204, None)
