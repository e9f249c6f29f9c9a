"""The fast path of each value type agrees with its slow, worded schema on every input."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ValidationError as CoreValidationError

from ocop import values
from ocop.values import FAST_PATH_REFUSED, explain_errors

TYPES = {
    "price": values.Price,
    "decision": values.DecisionNumber,
    "date": values.Day,
    "commune": values.CommuneCode,
    "flag": values.Flag,
}

# Inputs near each type's edges: whole numbers, decimals, booleans, text that looks like a
# price, a decision number, a date or a commune code, and dates with and without a time.
TEXT = st.text(alphabet="0123456789 ./,-:kQĐDUBNMTqđ\n", max_size=16)
INPUTS = st.one_of(
    st.integers(-10, 10**7),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    TEXT,
    st.sampled_from(
        ["2361/QĐ-BNNMT", "2361/QD-BNNMT", " 12 /QĐ-UBND", "05503", "yes", "26/06/2025", "125k"]
    ),
    st.dates(),
    st.datetimes(),
)


def outcome(validate: Any, value: Any) -> tuple[str, Any]:
    try:
        result = validate(value)
    except (ValidationError, CoreValidationError) as exc:
        return "refused", sorted(e["type"] for e in explain_errors(exc.errors()))
    return "accepted", (type(result), result)


@pytest.mark.parametrize("name", sorted(TYPES))
@settings(max_examples=300, deadline=None)
@given(value=INPUTS)
def test_fast_path_changes_no_outcome(name: str, value: Any) -> None:
    with_fast_path = TypeAdapter(TYPES[name]).validate_python
    slow_only = values._EXPLAINERS[name].validate_python
    assert outcome(with_fast_path, value) == outcome(slow_only, value)


def test_refusals_are_explained_in_place() -> None:
    class Offer(BaseModel):
        price: values.Price
        day: values.Day

    with pytest.raises(ValidationError) as caught:
        Offer.model_validate({"price": 125.0, "day": "31/02/2024"})
    raw = caught.value.errors()
    assert {e["type"] for e in raw} == {FAST_PATH_REFUSED}
    explained = explain_errors(raw)
    assert [(e["loc"], e["type"]) for e in explained] == [
        (("price",), "ocop_price_decimal"),
        (("day",), "ocop_date"),
    ]
    assert "template" in (explained[0].get("ctx") or {})


def test_normalised_values_still_take_the_slow_path() -> None:
    assert TypeAdapter(values.DecisionNumber).validate_python("2361 / QD-BNNMT") == "2361/QĐ-BNNMT"
    assert TypeAdapter(values.Day).validate_python("26/06/2025") == date(2025, 6, 26)
    assert TypeAdapter(values.Day).validate_python(datetime(2025, 6, 26, 0, 0)) == date(2025, 6, 26)
    assert TypeAdapter(values.CommuneCode).validate_python(5503) == "05503"
