"""postmart.vn (Vietnam Post) connector — a MODELLED contract; see ``connector.py``."""

from .connector import CAPABILITIES, PostmartConnector

__all__ = ["CAPABILITIES", "PostmartConnector"]
