"""Time expressions resolved against the publication date and what the text said before."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emigre.extract.dates import Period, TimeContext, find_times, period_of
from emigre.extract.lang.detect import language_of
from emigre.extract.lowered import lower_pattern
from emigre.extract.timewords import EXPRESSION, GATE

D = dt.date


def period(text: str, **ctx: object) -> Period | None:
    c = TimeContext(**ctx)  # type: ignore[arg-type]
    return period_of(find_times(text, 0, len(text), c), c)


def test_absolute_and_fuzzy() -> None:
    assert period("left by mid-April 2023") == Period(None, D(2023, 4, 15))
    assert period("by the end of June 2021") == Period(None, D(2021, 6, 30))
    assert period("in 2020") == Period(D(2020, 1, 1), D(2020, 12, 31))
    assert period("in the third quarter of 2021") == Period(D(2021, 7, 1), D(2021, 9, 30))
    assert period("on 3 May 2021").end == D(2021, 5, 3)  # type: ignore[union-attr]
    assert period("on May 3, 2021").end == D(2021, 5, 3)  # type: ignore[union-attr]


def test_relative_to_publication() -> None:
    pub = D(2023, 5, 10)  # a Wednesday
    assert period("on Monday", published=pub) == Period(D(2023, 5, 8), D(2023, 5, 8))
    assert period("since 2 May", published=pub) == Period(D(2023, 5, 2), pub)
    assert period("last year", published=pub) == Period(D(2022, 1, 1), D(2022, 12, 31))
    assert period("this year", published=pub) == Period(D(2023, 1, 1), pub)
    assert period("In February", published=pub) == Period(D(2023, 2, 1), D(2023, 2, 28))
    assert period("from September through February", published=pub) == Period(
        D(2022, 9, 1), D(2023, 2, 28)
    )
    assert period("in recent days", published=pub) == Period(D(2023, 5, 3), pub)
    # "in 2023" read in May 2023 runs to the day of publication
    assert period("in 2023", published=pub) == Period(D(2023, 1, 1), pub)


def test_year_from_context_and_ranges() -> None:
    assert period("before 12 March", year=2021) == Period(None, D(2021, 3, 11))
    assert period("between 5 June and 9 August, 2021") == Period(D(2021, 6, 5), D(2021, 8, 9))
    assert period("by early July", year=2021) == Period(None, D(2021, 7, 5))


def test_events_and_following_days() -> None:
    anchors = {"announcement": D(2021, 4, 2), "war": D(2021, 1, 10)}
    assert period("in the first week after the announcement", anchors=anchors) == Period(
        D(2021, 4, 2), D(2021, 4, 9)
    )
    assert period("in the war's first month", anchors=anchors) == Period(
        D(2021, 1, 10), D(2021, 2, 10)
    )
    assert period("On the following day", last_day=D(2021, 4, 3)) == Period(
        D(2021, 4, 4), D(2021, 4, 4)
    )
    last = Period(D(2022, 3, 1), D(2022, 8, 31))
    assert period("during the same period a year earlier", last_period=last) == Period(
        D(2021, 3, 1), D(2021, 8, 31)
    )


def test_comparison_is_not_the_period() -> None:
    assert period("more than in the whole of 2019") is None


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.from_regex(lower_pattern(EXPRESSION), fullmatch=True))
def test_every_time_expression_starts_with_a_word_the_gate_lets_through(expr: str) -> None:
    # the search only tries the alternatives after a first word of FIRST_WORDS, a digit or a
    # possessive: an expression starting otherwise would never be found
    assert re.match(GATE, expr), expr


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("с 3 по 9 марта", "2022-03-03", "2022-03-09"),
        ("с 5 января 2021 по 7 февраля 2022 года", "2021-01-05", "2022-02-07"),
        ("в первом полугодии 2021 г.", "2021-01-01", "2021-06-30"),
        ("за последние две недели", "2022-09-20", "2022-10-04"),
        ("станом на 3 квітня", None, "2022-04-03"),
        ("im zweiten Quartal 2021", "2021-04-01", "2021-06-30"),
        ("au deuxième trimestre 2021", "2021-04-01", "2021-06-30"),  # "au": in the quarter
        ("desde el 3 de marzo de 2021", "2021-03-03", "2022-10-04"),
        ("in February–April 2021", "2021-02-01", "2021-04-30"),
        ("between 4 and 11 July", "2022-07-04", "2022-07-11"),
        ("over the past two months", "2022-08-04", "2022-10-04"),
    ],
)
def test_periods_in_every_language(text: str, start: str | None, end: str) -> None:
    # the time words of the paragraph's language are looked for (with English)
    ctx = TimeContext(published=dt.date(2022, 10, 4), language=language_of(text))
    p = period_of(find_times(text, 0, len(text), ctx), ctx)
    assert p is not None
    assert (str(p.start) if p.start else None, str(p.end)) == (start, end)


def test_the_first_months_of_this_year_and_a_span_between_mid_years() -> None:
    ctx = TimeContext(published=dt.date(2021, 9, 1))
    text = "in the first four months of this year"
    p = period_of(find_times(text, 0, len(text), ctx), ctx)
    assert p == Period(dt.date(2021, 1, 1), dt.date(2021, 4, 30))  # its last day, as "of 2021"
    text = "between mid-2018 and mid-2019"
    p = period_of(find_times(text, 0, len(text), ctx), ctx)
    assert p == Period(dt.date(2018, 7, 1), dt.date(2019, 6, 30))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("in the first nine months of 2022", D(2022, 1, 1), D(2022, 9, 30)),
        ("during the first two weeks of 2023", D(2023, 1, 1), D(2023, 1, 14)),
    ],
)
def test_the_first_months_of_a_named_year_end_inside_it(text: str, start: D, end: D) -> None:
    """A span counted from a named year's start is that year's, whatever the publication date
    (it was read as running from the article's year to its date)."""
    assert period(text, published=D(2023, 3, 14)) == Period(start, end)


def test_every_language_maps_its_prepositions_to_a_known_kind() -> None:
    """YAML reads a bare `on` as true: `am: on` made the German 'am' a preposition of kind True
    (and hypothesis found 'truetoday' as a time expression)."""
    from emigre.extract import lang

    kinds = set(lang.mapping("dates.prepositions", ("en",)).values())
    for code in lang.LANGUAGES:
        preps = lang.mapping("dates.prepositions", (code,))
        assert preps and set(preps.values()) <= kinds, (code, set(preps.values()) - kinds)
