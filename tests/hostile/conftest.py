"""The sheet corpus starts from the same exported sheet as the round-trip tests."""

from tests.sheet.conftest import catalogue, exported

__all__ = ["catalogue", "exported"]
