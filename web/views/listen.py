"""The Listen page: an old phone in the nursery listens for crying in the browser.

The page runs the detector itself (web/static/web/listen.js with ONNX Runtime Web) from
the tables and model these views serve; it sends only episode times, to the same
suggestions API as every other device. No view here accepts sound.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.csp import CSP
from django.views.decorators.cache import cache_control
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from carelog import selectors
from households.models import Membership

from ..access import MemberRequest, member_view

# Only this page may compile WebAssembly (ONNX Runtime); scripts are never eval'd.
LISTEN_CSP: dict[str, list[str]] = {
    **settings.SECURE_CSP,
    "script-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL],
}


@require_GET
@csp_override(LISTEN_CSP)
@member_view
def listen(request: MemberRequest, membership: Membership) -> HttpResponse:
    from listening.model import committed

    return render(
        request,
        "web/carelog/listen.html",
        {
            "nav": "today",
            "babies": list(selectors.babies(membership.household)),
            "runtime_ready": (settings.ORT_DIR / "ort.wasm.min.js").is_file(),
            "model_version": committed().version,
        },
    )


@require_GET
@cache_control(private=True, max_age=3600)
@member_view
def listen_tables(request: MemberRequest, membership: Membership) -> HttpResponse:
    from listening.page import page_tables

    return JsonResponse(page_tables())


@require_GET
@cache_control(private=True, max_age=3600)
@member_view
def listen_model(request: MemberRequest, membership: Membership) -> FileResponse:
    from listening.model import MODEL_PATH

    return FileResponse(
        MODEL_PATH.with_suffix(".onnx").open("rb"), content_type="application/octet-stream"
    )
