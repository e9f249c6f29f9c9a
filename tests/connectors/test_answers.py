"""Broken answers fuzzed through every installed marketplace's connector (``ocop.testing``)."""

from __future__ import annotations

from ocop.registry import marketplace_names
from ocop.testing.answers import AnswerFuzz

for _name in marketplace_names():
    _cls = type(f"Test{_name.title()}Answers", (AnswerFuzz,), {"marketplace": _name})
    globals()[_cls.__name__] = _cls
