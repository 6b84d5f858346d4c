"""Property tests of the number grammar: a count written as prose in any supported language
reads back as the number it is."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from emigre.extract.quantities import find_quantities

SEPARATORS = [",", " ", "\u00a0", "\u202f"]


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(min_value=1_000, max_value=99_999_999), st.sampled_from(SEPARATORS))
def test_a_grouped_count_reads_back(n: int, sep: str) -> None:
    found = find_quantities(f"Около {_grouped(n, sep)} человек уехали.")
    assert [q.value for q in found] == [n]


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=9),
    st.sampled_from(["тыс.", "тысяч", "тис.", "mil", "mille", "Tausend"]),
)
def test_a_decimal_comma_with_a_thousand_word(whole: int, tenth: int, word: str) -> None:
    (q,) = find_quantities(f"{whole},{tenth} {word}")
    assert q.value == whole * 1000 + tenth * 100


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=1, max_value=999),
    st.sampled_from([("millones", "mil"), ("мільйона", "тисяч"), ("миллиона", "тысяч")]),
)
def test_a_number_in_two_scaled_parts(millions: int, thousands: int, words: tuple) -> None:
    (q,) = find_quantities(f"{millions} {words[0]} {thousands} {words[1]}")
    assert q.value == millions * 1_000_000 + thousands * 1000


@settings(max_examples=100, deadline=None, database=None)
@given(st.integers(min_value=16, max_value=400))
def test_a_long_run_of_digits_is_no_number(length: int) -> None:
    assert find_quantities("ref " + "8" * length) == []
