"""``/__sandbox__/…``: the sandbox Shopee's control operations over HTTP (never faulted).

    GET  /__sandbox__/stats                 POST /__sandbox__/stats/reset
    POST /__sandbox__/faults      {knob: value}        the kit's fault knobs
    POST /__sandbox__/behaviour   {knob: value}        access_ttl_s, review_s, storefront
    POST /__sandbox__/seed        {seed}
    POST /__sandbox__/mutate      {item_id, …fields}   e.g. {"item_id": 8…, "item_status": "BANNED"}
    POST /__sandbox__/delete      {item_id}            as the seller would in Seller Centre
    POST /__sandbox__/items       {item_sku, …fields}  a hand-made item
    POST /__sandbox__/expire-tokens {access?, refresh?}

Answers are ``{"ok": true, "data": …}``, or ``{"ok": false, "error": …}`` with 400/404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ocop.sandbox.wire import Request, Response, json_object

if TYPE_CHECKING:
    from ocop_shopee.sandbox.launch import ShopeeSandbox


def handle(sandbox: ShopeeSandbox, request: Request) -> Response:
    """Run one control operation."""
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


def _run(sandbox: ShopeeSandbox, method: str, operation: str, body: dict[str, Any]) -> Any:
    if method == "GET" and operation == "stats":
        return sandbox.stats()
    if method != "POST":
        raise KeyError(operation)
    operations: dict[str, Callable[[], Any]] = {
        "stats/reset": sandbox.reset_stats,
        "faults": lambda: sandbox.set_faults("shopee", **body),
        "behaviour": lambda: sandbox.set_behaviour(**body),
        "seed": lambda: sandbox.seed(int(body["seed"])),
        "mutate": lambda: sandbox.mutate(int(body.pop("item_id")), **body),
        "delete": lambda: sandbox.delete(int(body["item_id"])),
        "items": lambda: sandbox.create_item(str(body.pop("item_sku")), **body),
        "expire-tokens": lambda: sandbox.expire_tokens(**body),
    }
    if operation not in operations:
        raise KeyError(operation)
    return operations[operation]()
