"""A catalogue seeded with 35 different mistakes gets 35 messages, each on the right line."""

from __future__ import annotations

import re

from ocop.loading import read_catalog

from .conftest import AS_OF, DATA

EXPECT = re.compile(r"#\s*expect:\s*(\w+)")


def expected_marks() -> set[tuple[int, str]]:
    text = (DATA / "thirty-mistakes.yaml").read_text(encoding="utf-8")
    return {
        (n, m.group(1))
        for n, line in enumerate(text.splitlines(), 1)
        if (m := EXPECT.search(line)) and not line.lstrip().startswith("#")
    }


def test_every_seeded_mistake_is_reported_on_its_line() -> None:
    result = read_catalog(DATA / "thirty-mistakes.yaml", as_of=AS_OF)
    found = {(p.line, p.code) for p in result.errors}
    expected = expected_marks()
    assert len(expected) >= 30
    assert found == expected
    assert len(result.errors) == len(expected)
    assert result.catalog is None


def test_messages_are_plain_words_with_a_where() -> None:
    result = read_catalog(DATA / "thirty-mistakes.yaml", as_of=AS_OF)
    for problem in result.errors:
        assert problem.message and problem.where
        assert "pydantic" not in problem.message.lower()
        assert "Input should" not in problem.message
