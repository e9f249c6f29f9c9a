"""One mistake, one message: the rules do not repeat what was already reported.

A refused optional value is left out so that its record's other rules still run; a rule must
then not complain that the value is missing (a 5,000-digit shipping weight is one mistake, not
also "goods need a shipping weight"), nor that a list whose items were refused is empty ("needs
at least one image"). Likewise for a value that held a control character. Records that failed
outright, or hold a key written twice, never reach the rules (``ocop.loading``), and references
to their ids stand (``ocop.rules.context.CatalogKeys``).
"""

from __future__ import annotations

from ocop.problem import Problem


def not_repeating(rules: list[Problem], reported: list[Problem]) -> list[Problem]:
    """The rules' problems, less those about a value ``reported`` already refused."""
    refused = {p.path for p in reported if p.path}
    if not refused:
        return rules
    lists = {path[:n] for path in refused for n in range(1, len(path)) if isinstance(path[n], int)}
    return [
        p
        for p in rules
        if p.path not in lists and not any(p.path[:n] in refused for n in range(1, len(p.path) + 1))
    ]
