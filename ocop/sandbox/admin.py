"""``/__sandbox__/…``: a marketplace sandbox's control operations over HTTP, for other processes.

    GET  /__sandbox__/stats                  API calls received (requests, writes, per route)
    POST /__sandbox__/stats/reset
    POST /__sandbox__/faults      {knob: value, …}          see MarketSandbox.set_faults
    POST /__sandbox__/moderation  {delay_s, reject_title_words}   (moderated marketplaces)
    POST /__sandbox__/seed        {seed}                    re-seed the fault RNG
    POST /__sandbox__/<operation> {…}                       the marketplace's own operations
                                                            (MarketSandbox.operations)

Answers are ``{"ok": true, "data": …}`` or ``{"ok": false, "error": "…"}`` with 400/404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ocop.sandbox.wire import Request, Response, json_object

if TYPE_CHECKING:
    from ocop.sandbox.kit import MarketSandbox


def handle(sandbox: MarketSandbox, request: Request) -> Response:
    """Run one control operation on ``sandbox``."""
    operation = request.path.removeprefix("/__sandbox__/")
    body = json_object(request) if request.body else {}
    if body is None:
        return Response.json(400, {"ok": False, "error": "body must be a JSON object"})
    try:
        data = _run(sandbox, request.method, operation, body)
    except KeyError as exc:
        return Response.json(404, {"ok": False, "error": f"not found: {exc}"})
    except (TypeError, ValueError) as exc:
        return Response.json(400, {"ok": False, "error": str(exc)})
    return Response.json(200, {"ok": True, "data": data})


def _run(sandbox: MarketSandbox, method: str, operation: str, body: dict[str, Any]) -> Any:
    if method == "GET" and operation == "stats":
        return sandbox.stats()
    if method != "POST":
        raise KeyError(operation)
    common: dict[str, Callable[[], Any]] = {
        "stats/reset": sandbox.reset_stats,
        "faults": lambda: sandbox.set_faults(**body),
        "moderation": lambda: _moderation(sandbox, body),
        "seed": lambda: sandbox.rng.seed(int(body["seed"])),
    }
    if operation in common:
        return common[operation]()
    own = sandbox.operations()
    if operation in own:
        return own[operation](body)
    raise KeyError(operation)


def _moderation(sandbox: MarketSandbox, body: dict[str, Any]) -> None:
    if not sandbox.set_moderation(**body):
        raise KeyError("moderation")  # this marketplace has no moderator
