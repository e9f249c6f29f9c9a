"""tiny.example: a made-up marketplace, small enough to read in one sitting.

It is what docs/connectors.md walks through: a descriptor (``marketplace.py``), a connector
(``connector.py``), its sandbox (``sandbox.py``), and nothing in ocop itself. ocop's tests
install it and check that plan, push, sandbox, verify and report see it.
"""
