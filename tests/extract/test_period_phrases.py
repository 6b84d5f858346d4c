"""Period phrases of every language, each resolved from the data files' time words."""

from __future__ import annotations

import datetime as dt

import pytest

from emigre.extract.dates import Period, TimeContext, find_times, period_of
from emigre.extract.undated import latest_named_day

D = dt.date
PUB = D(2023, 7, 12)  # a Wednesday


def period(text: str, language: str = "en", **ctx: object) -> Period | None:
    c = TimeContext(published=ctx.pop("published", PUB), language=language, **ctx)  # type: ignore[arg-type]
    return period_of(find_times(text, 0, len(text), c), c)


@pytest.mark.parametrize(
    ("language", "text", "start", "end"),
    [
        ("en", "by the end of last year", None, D(2022, 12, 31)),
        ("en", "until 30 September last year", None, D(2022, 9, 30)),
        ("ru", "до 30 сентября прошлого года", None, D(2022, 9, 30)),
        ("uk", "до 30 вересня минулого року", None, D(2022, 9, 30)),
        ("es", "hasta el 30 de septiembre del año pasado", None, D(2022, 9, 30)),
        ("en", "in the first five months of this year", D(2023, 1, 1), D(2023, 5, 31)),
        ("ru", "за первые пять месяцев этого года", D(2023, 1, 1), D(2023, 5, 31)),
        ("fr", "les cinq premiers mois de l'année", D(2023, 1, 1), D(2023, 5, 31)),
        ("es", "los primeros cinco meses del año", D(2023, 1, 1), D(2023, 5, 31)),
        ("de", "in den ersten fünf Monaten des Jahres", D(2023, 1, 1), D(2023, 5, 31)),
        ("ru", "с начала года", D(2023, 1, 1), PUB),
        ("uk", "з початку року", D(2023, 1, 1), PUB),
        ("de", "seit Jahresbeginn", D(2023, 1, 1), PUB),
        ("fr", "depuis le début de l'année", D(2023, 1, 1), PUB),
        ("ru", "в прошлом году", D(2022, 1, 1), D(2022, 12, 31)),
        ("fr", "l'an dernier", D(2022, 1, 1), D(2022, 12, 31)),
        ("es", "el año pasado", D(2022, 1, 1), D(2022, 12, 31)),
        ("de", "im vergangenen Jahr", D(2022, 1, 1), D(2022, 12, 31)),
        ("es", "a finales de marzo", None, D(2023, 3, 31)),
        ("ru", "к концу марта", None, D(2023, 3, 31)),
        ("de", "bis Ende März", None, D(2023, 3, 31)),
        ("es", "a corte de abril pasado", None, D(2023, 4, 30)),
        ("ru", "по состоянию на 1 мая", None, D(2023, 5, 1)),
        ("de", "Stichtag 1. Mai", None, D(2023, 5, 1)),
        ("fr", "en novembre dernier", D(2022, 11, 1), D(2022, 11, 30)),
        ("es", "desde marzo de 2019", D(2019, 3, 1), PUB),
        ("en", "over the last month", D(2023, 6, 12), PUB),
        ("ru", "за последний месяц", D(2023, 6, 12), PUB),
        ("en", "in Q2 2021", D(2021, 4, 1), D(2021, 6, 30)),
        ("en", "in H2 2021", D(2021, 7, 1), D(2021, 12, 31)),
        ("ru", "за 8 месяцев 2021 года", D(2021, 1, 1), D(2021, 8, 31)),
        ("ru", "за январь-апрель", D(2023, 1, 1), D(2023, 4, 30)),
        ("fr", "de février à avril 2021", D(2021, 2, 1), D(2021, 4, 30)),
        ("fr", "au cours des deux derniers mois", D(2023, 5, 12), PUB),
        ("de", "in den vergangenen zwei Monaten", D(2023, 5, 12), PUB),
        ("es", "en el tercer trimestre", D(2023, 7, 1), PUB),
        ("fr", "au premier semestre", D(2023, 1, 1), D(2023, 6, 30)),
        ("ru", "за неделю", D(2023, 7, 5), PUB),
        ("uk", "за останній тиждень", D(2023, 7, 5), PUB),
    ],
)
def test_period_phrases_of_each_language(
    language: str, text: str, start: dt.date | None, end: dt.date
) -> None:
    p = period(text, language)
    assert p is not None, text
    assert (p.start, p.end) == (start, end), text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "since the start of the war"),
        ("ru", "с начала войны"),
        ("uk", "з початку повномасштабного вторгнення"),
        ("de", "seit Kriegsbeginn"),
        ("fr", "depuis le début de la guerre"),
        ("es", "desde el comienzo de la invasión"),
    ],
)
def test_since_an_undated_event_runs_to_the_publication(language: str, text: str) -> None:
    p = period(text, language)
    assert p is not None and p.end == PUB, text


def test_since_a_dated_event_starts_there() -> None:
    anchors = {"war": D(2022, 3, 3)}
    assert period("с начала войны", "ru", anchors=anchors) == Period(D(2022, 3, 3), PUB)


def test_a_month_needs_its_capital_only_where_a_language_writes_one() -> None:
    assert period("the may be held") is None
    assert period("en mai", "fr") == Period(D(2023, 5, 1), D(2023, 5, 31))


def test_the_same_period_of_another_year_is_the_last_figures_months_then() -> None:
    last = Period(D(2023, 1, 1), D(2023, 3, 31))
    assert period("during the same period in 2021", last_period=last) == Period(
        D(2021, 1, 1), D(2021, 3, 31)
    )
    assert period("за тот же период 2021 года", "ru", last_period=last) == Period(
        D(2021, 1, 1), D(2021, 3, 31)
    )


def test_that_period_is_the_one_named_last() -> None:
    named = Period(D(2023, 2, 1), D(2023, 4, 30))
    assert period("during that period", last_named=named) == named


def test_a_forecast_horizon_is_not_cut_at_the_publication() -> None:
    c = TimeContext(published=PUB)
    times = find_times("over the next three years", 0, 25, c)
    assert period_of(times, c, forecast=True) == Period(PUB, D(2026, 7, 12))
    times = find_times("by the end of 2025", 0, 18, c)
    assert period_of(times, c, forecast=True) == Period(None, D(2025, 12, 31))
    assert period_of(times, c) == Period(None, PUB)  # a count ends when it is read
    text = "this year"
    times = find_times(text, 0, len(text), c)
    assert period_of(times, c, forecast=True) == Period(D(2023, 1, 1), D(2023, 12, 31))


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "by the end of the year"), ("ru", "к концу года"), ("uk", "до кінця року"),
     ("fr", "d'ici la fin de l'année"), ("es", "a finales de año")],
)  # fmt: skip
def test_the_end_of_the_year_is_a_horizon(language: str, text: str) -> None:
    c = TimeContext(published=PUB, language=language)
    p = period_of(find_times(text, 0, len(text), c), c, forecast=True)
    assert p is not None and p.end == D(2023, 12, 31), text


def test_the_day_something_was_said_is_not_the_figures_period() -> None:
    text = "as of May 2023, the ministry said on Monday"
    assert period(text) == Period(None, D(2023, 5, 31))
    # but it dates what was said when nothing else does
    assert period("the office said in March that") == Period(D(2023, 3, 1), D(2023, 3, 31))


def test_by_a_date_and_an_earlier_one_make_a_span() -> None:
    text = "by the end of 2022, since the outbreak on 3 March 2022"
    assert period(text) == Period(D(2022, 3, 3), D(2022, 12, 31))


def test_an_undated_text_was_written_after_the_latest_day_it_names() -> None:
    text = "On 3 March 2021 they met. The count ended on 9 April. By 2030 all may leave."
    assert latest_named_day(text, 0, len(text), "en") == D(2021, 4, 9)
    assert latest_named_day("No dates here.", 0, 14, "en") is None
