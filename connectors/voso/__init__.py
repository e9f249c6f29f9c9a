"""voso.vn (Viettel Post) connector — a MODELLED contract; see ``connector.py``."""

from .connector import CAPABILITIES, VosoConnector

__all__ = ["CAPABILITIES", "VosoConnector"]
