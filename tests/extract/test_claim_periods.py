"""Which period a figure takes in a text: the phrase that governs it, else what came before."""

from __future__ import annotations

import datetime as dt

from emigre.extract.claims import extract_document
from emigre.extract.readers import read_document
from emigre.model import Claim

PUB = dt.date(2023, 7, 12)


def claims(text: str, published: dt.date | None = PUB) -> list[Claim]:
    return extract_document(read_document(text, "test", published=published))


def by_value(text: str, published: dt.date | None = PUB) -> dict[int, Claim]:
    return {c.value: c for c in claims(text, published) if c.value is not None}


def test_people_present_are_counted_on_the_day_of_the_report() -> None:
    text = (
        "In 2022, 40,000 Moldovans moved to Romania and 15,000 left it again. "
        "Some 25,000 Moldovans still live in Romania."
    )
    c = by_value(text)
    assert (c[40000].start, c[40000].end) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert c[25000].measure == "stock" and c[25000].end == PUB


def test_a_part_of_the_figure_before_shares_its_day() -> None:
    text = (
        "Hasta marzo de 2023, 900 000 venezolanos habían salido de Venezuela. "
        "De estos, 300 000 venezolanos viven en Colombia."
    )
    c = by_value(text)
    assert c[900000].end == dt.date(2023, 3, 31)
    assert c[300000].measure == "stock" and c[300000].end == dt.date(2023, 3, 31)


def test_a_figure_inside_a_comparison_takes_the_comparisons_time() -> None:
    text = (
        "Between mid-2021 and mid-2022, 52,000 residents left Iceland. That was twice as many "
        "as the year before, when 26,000 residents left."
    )
    c = by_value(text)
    assert c[52000].end == dt.date(2022, 6, 30)
    assert (c[26000].start, c[26000].end) == (dt.date(2020, 7, 1), dt.date(2021, 6, 30))


def test_a_forecast_keeps_its_horizon() -> None:
    c = by_value("Officials expect 70,000 Moldovans to leave for Romania by the end of 2025.")
    assert c[70000].measure == "forecast" and c[70000].end == dt.date(2025, 12, 31)


def test_the_day_of_a_statement_is_not_the_figures_period() -> None:
    text = "As of May 2023, 81,000 Moldovans were living in Romania, the ministry said on Monday."
    c = by_value(text)
    assert c[81000].end == dt.date(2023, 5, 31)


def test_an_undated_text_counts_to_the_latest_day_it_names() -> None:
    text = (
        "The census office published its count on 14 April 2021. "
        "Since January, 3,100 Moldovans have moved to Romania."
    )
    c = by_value(text, published=None)
    assert c[3100].end == dt.date(2021, 4, 14)


def test_a_figure_in_another_language_takes_its_own_phrase() -> None:
    text = "За первые пять месяцев этого года в Грузию переехали 12 тысяч россиян."
    c = by_value(text)
    assert (c[12000].start, c[12000].end) == (dt.date(2023, 1, 1), dt.date(2023, 5, 31))
    text = "Seit Kriegsbeginn sind 4.000 Russen nach Finnland gekommen."
    assert by_value(text)[4000].end == PUB


def test_people_of_an_earlier_figure_who_stayed_share_its_period() -> None:
    text = "In 2022, 100,000 Moldovans entered Romania. About 20,000 of them stayed in Romania."
    c = by_value(text)
    assert c[20000].measure == "stock" and c[20000].end == dt.date(2022, 12, 31)
    text = (
        "В 2022 году в Грузию въехали 100 тысяч россиян. Из них 20 тысяч человек остались в Грузии."
    )
    c = by_value(text)
    assert c[20000].measure == "stock" and c[20000].end == dt.date(2022, 12, 31)


def test_what_follows_a_dated_event_is_counted_from_it() -> None:
    text = (
        "The outbreak of the war in Moldova in March 2021 led to an exodus of more than "
        "300,000 Moldovans to Romania."
    )
    c = by_value(text)[300000]
    assert (c.start, c.end) == (dt.date(2021, 3, 1), PUB)


def test_the_same_period_of_another_year_in_the_sentence_of_the_first_figure() -> None:
    text = (
        "Some 52,000 Moldovans entered Romania in the first half of 2023, up from the 31,000 "
        "who entered Romania during the same period in 2022."
    )
    c = by_value(text)
    assert (c[52000].start, c[52000].end) == (dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assert (c[31000].start, c[31000].end) == (dt.date(2022, 1, 1), dt.date(2022, 6, 30))


def test_the_first_week_after_an_event_dated_in_the_same_sentence() -> None:
    """The event's date is learnt from the sentence that names the span, not only from one
    before it, in English as in Russian."""
    for text in (
        "In the first week after the call-up was announced on 14 May 2023, "
        "41,000 Moldovans entered Romania.",
        "В первую неделю после объявления мобилизации 14 мая 2023 года "
        "в Румынию въехали 41 тысяча граждан Молдовы.",
    ):
        c = by_value(text)[41000]
        assert (c.start, c.end) == (dt.date(2023, 5, 14), dt.date(2023, 5, 21)), text


def test_by_the_start_of_a_month_in_russian_ends_early_in_that_month() -> None:
    c = by_value("К началу марта 2023 года в Грузию переехали около 30 тысяч армян.")[30000]
    assert c.end is not None and dt.date(2023, 3, 1) <= c.end <= dt.date(2023, 3, 10)
    assert c.qualifier == "about"


def test_a_date_in_a_bracketed_attribution_is_when_it_was_reported() -> None:
    for text in (
        "In 2022, 12,000 Moldovans registered their stay in Romania (Radio Chisinau, "
        "3 November 2022).",
        "В 2022 году 12 тысяч граждан Молдовы зарегистрировались в Румынии "
        "(Радио Кишинэу, 3 ноября 2022 года).",
    ):
        c = by_value(text)[12000]
        assert (c.start, c.end) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31)), text
    # with nothing else to date it, the bracketed date still dates the figure
    c = by_value("About 7,000 Moldovans live in Romania (census, 1 March 2022).")[7000]
    assert c.end == dt.date(2022, 3, 1)


def test_the_words_that_dated_a_figure_leave_out_a_bracketed_report_date() -> None:
    c = by_value(
        "In 2022, 12,000 Moldovans registered their stay in Romania (Radio Chisinau, "
        "3 November 2022)."
    )[12000]
    assert c.found_in is not None
    period = (c.found_in.cues or {}).get("period", "")
    assert "2022" in period and "November" not in period
