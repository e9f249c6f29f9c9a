"""postmart.vn (Vietnam Post) for ocop — a MODELLED contract (Postmart publishes no seller API).

Everything about the marketplace lives in this package: the descriptor ocop finds through the
``ocop.marketplaces`` entry point (``marketplace.py``), the connector (``connector.py``, token in
``auth.py``, field mapping in ``payload.py``), its typed refusals (``errors.py``) and its
sandbox (``sandbox/``).
"""
