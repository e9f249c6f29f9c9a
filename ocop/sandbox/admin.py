"""``/__sandbox__/…``: the sandbox's control operations over HTTP, for other processes.

    GET  /__sandbox__/stats                  API calls received (requests, writes, per route)
    POST /__sandbox__/stats/reset
    POST /__sandbox__/faults      {knob: value, …}          see Sandbox.set_faults
    POST /__sandbox__/moderation  {delay_s, reject_title_words}      (either server)
    POST /__sandbox__/seed        {seed}
    POST /__sandbox__/mutate      {id, price?, stock?, status?}
    POST /__sandbox__/delete      {id}                      (Voso only)
    POST /__sandbox__/listings    {sku, …fields}            hand-made listing
    POST /__sandbox__/expire-tokens                         (Postmart only)

Answers are ``{"ok": true, "data": …}`` or ``{"ok": false, "error": "…"}`` with 400/404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ocop.sandbox.wire import Request, Response, json_object

if TYPE_CHECKING:
    from ocop.sandbox.launch import Sandbox


def handle(sandbox: Sandbox, marketplace: str, request: Request) -> Response:
    """Run one control operation on ``marketplace``."""
    operation = request.path.removeprefix("/__sandbox__/")
    body = json_object(request) if request.body else {}
    if body is None:
        return Response.json(400, {"ok": False, "error": "body must be a JSON object"})
    try:
        data = _run(sandbox, marketplace, request.method, operation, body)
    except KeyError as exc:
        return Response.json(404, {"ok": False, "error": f"not found: {exc}"})
    except (TypeError, ValueError) as exc:
        return Response.json(400, {"ok": False, "error": str(exc)})
    return Response.json(200, {"ok": True, "data": data})


def _run(
    sandbox: Sandbox, marketplace: str, method: str, operation: str, body: dict[str, Any]
) -> Any:
    handle = sandbox.handle(marketplace)
    if method == "GET" and operation == "stats":
        return handle.stats()
    if method != "POST":
        raise KeyError(operation)
    simple: dict[str, Callable[[], Any]] = {
        "stats/reset": lambda: handle.reset_stats(),
        "faults": lambda: sandbox.set_faults(marketplace, **body),
        "moderation": lambda: sandbox.set_moderation(**body),
        "seed": lambda: sandbox.seed(int(body["seed"])),
    }
    if operation in simple:
        return simple[operation]()
    return _data_operation(sandbox, marketplace, operation, body)


def _data_operation(
    sandbox: Sandbox, marketplace: str, operation: str, body: dict[str, Any]
) -> Any:
    if operation == "mutate":
        remote_id = body.pop("id")
        if marketplace == "voso":
            return sandbox.voso.mutate(int(remote_id), **body)
        return sandbox.postmart.mutate(str(remote_id), **body)
    if operation == "delete" and marketplace == "voso":
        sandbox.voso.delete(int(body["id"]))
        return None
    if operation == "listings":
        sku = body.pop("sku")
        if marketplace == "voso":
            return sandbox.voso.create_product(sku, **body)
        return sandbox.postmart.create_listing(sku, **body)
    if operation == "expire-tokens" and marketplace == "postmart":
        return sandbox.postmart.expire_tokens()
    raise KeyError(operation)
