"""The Postmart sandbox's fixed world: the OAuth client, its store and the category list.

These credentials are the sandbox's own and are printed on purpose; they open nothing real.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ocop.connector import Category


@dataclass(frozen=True)
class PostmartClient:
    """A Postmart OAuth client and its store."""

    client_id: str
    client_secret: str
    store_id: str
    store_name: str


POSTMART_CLIENTS = {
    "sandbox-postmart-client": PostmartClient(
        "sandbox-postmart-client", "sandbox-postmart-secret", "ST-000001", "HTX Đặc sản Thái Nguyên"
    ),
}
POSTMART_DEMO_CLIENT = POSTMART_CLIENTS["sandbox-postmart-client"]

POSTMART_CATEGORIES = {
    "CHE-TRA": "Chè, trà",
    "GAO-MIEN": "Gạo, miến, bún",
    "MAT-ONG": "Mật ong, tinh bột nghệ",
    "DO-UONG": "Đồ uống",
    "THIT-KHO": "Thịt, đồ khô, măng",
    "DUOC-LIEU": "Nấm, dược liệu",
    "THU-CONG": "Thủ công mỹ nghệ",
    "NONG-SAN": "Nông sản khác",
}


def postmart_categories(categories: Sequence[Category] | None) -> Mapping[str, str]:
    """The list a sandbox serves, code → name: the leaves of ``categories`` when given
    (``ocop sandbox --categories``; Postmart's list is flat), else the default one above."""
    if categories is None:
        return POSTMART_CATEGORIES
    return {str(c.id): c.name for c in categories if c.leaf}
