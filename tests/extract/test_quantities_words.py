"""Numbers written as words in each language, read by the shared number grammar."""

from __future__ import annotations

import pytest

from emigre.extract.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("deux cent mille", 200000),
        ("cent mille", 100000),
        ("trois cent cinquante", 350),
        ("trescientas mil", 300000),
        ("novecientos mil", 900000),
        ("hunderttausend", 100000),
        ("двести тысяч", 200000),
        ("шестисот тысяч", 600000),
        ("п'ятисот тисяч", 500000),
        ("two hundred thousand", 200000),
    ],
)
def test_number_words(text: str, value: int) -> None:
    assert [q.value for q in find_quantities(text)] == [value]
