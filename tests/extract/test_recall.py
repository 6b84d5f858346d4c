"""Figures the extractor used to miss or invent, on invented sentences in each language:
breakdowns in sentences of their own, sub-counts ("among them"), number formats, function
words of each language between a figure and its verb, and figures that are not people."""

from __future__ import annotations

import datetime as dt

import pytest

from emigre.extract.claims import extract_document
from emigre.extract.quantities import find_quantities
from emigre.extract.readers import read_document
from emigre.model import Claim

PUB = dt.date(2023, 3, 15)


def claims(text: str) -> list[Claim]:
    return extract_document(read_document(text, "test", published=PUB))


def values(text: str) -> list[int | None]:
    return [c.value for c in claims(text)]


# --- a sentence that breaks the figure before it down -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bis Ende Mai hat Österreich 41.000 Geflüchtete registriert. "
            "Davon seien 30.250 ukrainische Staatsangehörige.",
            [(41000, "registration"), (30250, "registration")],
        ),
        (
            "Plus de 12 000 personnes sont arrivées en Moldavie cette semaine. "
            "Parmi elles, 3,4 mille ont déjà été enregistrées.",
            [(12000, "flow"), (3400, "registration")],
        ),
        (
            "В Сербию за год приехали 25 тысяч россиян. Из них 9 тысяч — айтишники.",
            [(25000, "flow"), (9000, "flow")],
        ),
        (
            "Over the winter 64,000 people were registered in Ireland. 21,500 children are "
            "among them.",
            [(64000, "registration"), (21500, "registration")],
        ),
    ],
)
def test_a_breakdown_sentence_counts_what_the_figure_before_counted(
    text: str, expected: list[tuple[int, str]]
) -> None:
    assert [(c.value, c.measure) for c in claims(text)] == expected


def test_figures_after_a_sentence_that_names_what_is_counted() -> None:
    # the movement verb in one sentence, the estimates in the next one of the paragraph
    text = (
        "Число тех, кто уехал из Белоруссии после выборов, оценивают по-разному. "
        "Одни говорят о 100 тысячах человек, другие — о 150 тысячах человек."
    )
    assert values(text) == [100000, 150000]


def test_a_breakdown_does_not_reach_into_the_next_paragraph() -> None:
    text = "In May 3,000 Georgians moved to Poland.\n\nThe town has 20,000 residents."
    assert values(text) == [3000]


# --- a figure followed by its language's function words -----------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("De ellos, 6 millones 20 mil están en Argentina.", 6020000),
        ("Von den Antragstellern sind 1 200 bereits eingereist.", 1200),
        ("По данным МВД, 4 тысячи оттуда страну покинули.", 4000),
        ("Grâce au programme, 2 500 ont déjà été réinstallées en Irlande.", 2500),
    ],
)
def test_function_words_between_a_figure_and_its_verb(text: str, value: int) -> None:
    assert value in values(text)


def test_a_people_noun_is_not_read_as_a_unit() -> None:
    # "статусов" starts like "статей" (articles), which is a unit
    found = claims("В 2023 году Грузия предоставила 640 статусов беженца гражданам России.")
    assert [(c.value, c.measure) for c in found] == [(640, "registration")]


def test_an_aside_between_a_figure_and_its_noun() -> None:
    found = claims("More than 18,000 Overseas Nationals (ONs) citizens have applied for visas.")
    assert [c.value for c in found] == [18000]


# --- number formats -----------------------------------------------------------------------


def test_a_year_then_a_figure_is_no_range() -> None:
    qs = find_quantities("estimée au 30 juin 2021 à 312 400 personnes")
    assert [(q.value, q.low, q.high) for q in qs][-2:] == [(2021, None, None), (312400, None, None)]


def test_a_decimal_comma_typed_with_a_space() -> None:
    qs = find_quantities("за рік прибуло 2, 315 мільйонів людей")
    assert [q.value for q in qs] == [2315000]


def test_a_figure_larger_than_all_migrants_is_no_count() -> None:
    assert values("The ministry said 650 million people crossed the borders of the bloc.") == []


def test_a_spanish_noun_of_migrants_is_no_movement_verb() -> None:
    # "migrantes" names people; only the verbs "migraron", "migran" say they moved
    found = claims("En Ecuador viven 480 mil personas, la mayoría migrantes.")
    assert [(c.value, c.measure) for c in found] == [(480000, "stock")]


# --- movement verbs and presence in each language -----------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "measure"),
    [
        ("Border agents apprehended 2,400 migrants near the river last month.", 2400, "flow"),
        ("Last year 5,100 people were deported to Albania.", 5100, "flow"),
        ("About 30,000 Armenians found refuge in France after the war.", 30000, "stock"),
        ("Today 12,000 refugees are present in Moldova.", 12000, "stock"),
        ("Le Portugal compte 45 000 réfugiés ukrainiens.", 45000, "stock"),
        ("Environ 8 000 Arméniens ont trouvé refuge en Belgique.", 8000, "stock"),
        (
            "Quelque 600 personnes ont été placées sous la protection de la Suisse.",
            600,
            "registration",
        ),
        ("En 2022 fueron deportados 3 200 migrantes a Guatemala.", 3200, "flow"),
        ("Im Mai wurden 900 Menschen nach Georgien abgeschoben.", 900, "flow"),
        ("Около 7 тысяч армян нашли убежище во Франции.", 7000, "stock"),
        ("Понад 2 тисячі українців знайшли прихисток у Литві.", 2000, "stock"),
    ],
)
def test_movement_verbs_and_presence(sentence: str, value: int, measure: str) -> None:
    assert (value, measure) in [(c.value, c.measure) for c in claims(sentence)]


def test_the_territory_of_the_country_named_is_where_people_are() -> None:
    found = claims(
        "Hay 1 200 000 ciudadanos venezolanos en su territorio, dijo el gobierno de Chile."
    )
    assert [(c.value, c.measure) for c in found] == [(1200000, "stock")]


@pytest.mark.parametrize(
    ("text", "value"),
    [("около миллиона", 1000000), ("близько мільйона", 1000000), ("le demi-million", 500000)],
)
def test_a_scale_word_alone_is_one_of_it(text: str, value: int) -> None:
    assert [q.value for q in find_quantities(text)] == [value]


# --- figures that are not people on the move ----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("В 2023 году 11 из 27 стран ЕС выдали россиянам 40 тысяч виз.", [40000]),
        ("Internally displaced people number 2 million, while 600,000 fled abroad.", [600000]),
        ("Внутрішньо переміщених осіб 3 млн, а за кордон виїхали 900 тисяч осіб.", [900000]),
        ("Das Amt hat 800 Asylanträge abgelehnt, 2.000 Menschen sind eingereist.", [2000]),
        ("Le pays a rejeté 1 500 demandes; 4 000 personnes sont arrivées.", [4000]),
        (
            "The scheme allows 150 families to settle each day; 9,000 people arrived in June.",
            [9000],
        ),
        ("The UN refugee agency said 12,000 people crossed into Chad.", [12000]),
    ],
)
def test_figures_that_count_no_one_moving(sentence: str, kept: list[int]) -> None:
    assert values(sentence) == kept


def test_a_fraction_counts_no_people() -> None:
    assert values("After 7.5 residents per home were counted, 3,000 people left the town.") == [
        3000
    ]


def test_a_german_ordinal_day_ends_no_sentence() -> None:
    text = "Bis Ende Juni wurden 7.000 Menschen erfasst. Davon seien 2.500 Kinder (Stand 30. Juni)."
    assert [(c.value, c.measure) for c in claims(text)] == [
        (7000, "registration"),
        (2500, "registration"),
    ]


# --- destinations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "destination"),
    [
        # two countries together are no one destination
        ("В Эстонию уехало 8 тысяч человек, в Литву и Латвию в общей сумме — около 900.", None),
        # "abroad" before a verb-first figure: all destinations together
        ("Після вторгнення в Україну за кордон виїхали 3 мільйони людей.", None),
        # the place of an event is not where people went
        ("После начала мобилизации в Белоруссии уехали 20 тысяч человек.", None),
        ("Остальные 12 стран оформили гражданам России 30 тысяч ВНЖ.", None),
        ("The remaining 12 countries issued 30,000 permits to Russians.", None),
        # arriving at "the territory of" a country is arriving in it
        ("Last week 420 Afghans arrived at the territory of the Republic of Uzbekistan.", "UZB"),
    ],
)
def test_destination_words(sentence: str, destination: str | None) -> None:
    found = claims(sentence)
    assert found, sentence
    assert found[-1].destination == destination


def test_a_verb_between_two_figures_is_the_second_ones() -> None:
    # verb first: "arrived A and left B"; the second verb does not make A a departure
    text = "12 мая в Армению въехало 3,1 тыс. человек и выехало 2,4 тыс. человек."
    assert [(c.value, c.destination) for c in claims(text)] == [(3100, "ARM"), (2400, None)]


def test_coming_back_from_abroad_is_going_home() -> None:
    c = claims("За даними ООН, 240 тисяч українців повернулися з-за кордону додому.")[0]
    assert (c.measure, c.destination) == ("return", "UKR")


def test_the_invader_is_no_destination() -> None:
    text = "З початку вторгнення Росії в Молдову до Румунії прибуло 80 тисяч громадян."
    assert [(c.value, c.destination) for c in claims(text)] == [(80000, "ROU")]


@pytest.mark.parametrize(
    "text",
    [
        "Since May, 4,000 Eritreans and 900 others have crossed into Sudan.",
        "С весны 7 тысяч армян и 300 грузин въехали в Россию.",
    ],
)
def test_figures_of_one_list_share_the_verbs_place(text: str) -> None:
    found = claims(text)
    assert len(found) == 2 and found[0].destination == found[1].destination is not None


def test_a_list_with_a_country_between_keeps_its_own_place() -> None:
    text = "In June 3,000 people reached Spain and 800 crossed into Portugal."
    assert [c.destination for c in claims(text)] == ["ESP", "PRT"]


def test_a_list_of_places_and_figures_under_a_verb() -> None:
    text = "Last year Russians went to Estonia (12,426), Latvia (4,500) and Lithuania (6,240)."
    assert [(c.value, c.destination) for c in claims(text)] == [
        (12426, "EST"),
        (4500, "LVA"),
        (6240, "LTU"),
    ]


@pytest.mark.parametrize(
    ("sentence", "value", "destination"),
    [
        ("Plus de 1,3 million d'Afghans ont fui vers le Pakistan.", 1300000, "PAK"),
        ("Trois millions de personnes ont fui vers la Pologne.", 3000000, "POL"),
        ("Близько шестисот тисяч українців виїхали до Польщі.", 600000, "POL"),
        ("Около девятисот тысяч россиян уехали в Казахстан.", 900000, "KAZ"),
        ("Fishing boats brought 640 migrants to Malta on Sunday.", 640, "MLT"),
        ("Belarus lost 40,000 programmers in 2021.", 40000, None),
    ],
)
def test_numbers_and_verbs_of_each_language(
    sentence: str, value: int, destination: str | None
) -> None:
    assert [(c.value, c.destination) for c in claims(sentence)] == [(value, destination)]


def test_a_place_before_the_next_figure_of_a_list_is_the_next_ones() -> None:
    text = "La Pologne accueille 950 000 réfugiés ukrainiens, l'Allemagne 1,1 million."
    assert [(c.value, c.destination) for c in claims(text)] == [
        (950000, "POL"),
        (1100000, "DEU"),
    ]


def test_an_indefinite_article_is_no_count() -> None:
    assert values("Selon l'office, 15 000 Russes ont demandé un visa en 2023.") == [15000]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Израиль принял 38 тысяч репатриантов из России.", 38000),
        ("Unos 90.000 rusos se han instalado en Uruguay.", 90000),
    ],
)
def test_more_people_and_settling_words(sentence: str, value: int) -> None:
    assert values(sentence) == [value]


@pytest.mark.parametrize(
    ("sentence", "value", "destination"),
    [
        ("The number of Syrian refugees in Jordan stands at 650,000.", 650000, "JOR"),
        ("Число беженцев из Сирии в Турции составляет около 3 млн человек.", 3000000, "TUR"),
        ("Кількість українських біженців у Чехії становить 350 тисяч осіб.", 350000, "CZE"),
        ("Die Zahl der syrischen Flüchtlinge in Österreich liegt bei 95.000.", 95000, "AUT"),
        ("Le nombre de réfugiés syriens au Liban s'élève à 800 000.", 800000, "LBN"),
        ("El número de venezolanos en Ecuador asciende a 480 mil.", 480000, "ECU"),
    ],
)
def test_a_number_of_people_somewhere_is_a_count_of_those_present(
    sentence: str, value: int, destination: str
) -> None:
    assert [(c.value, c.measure, c.destination) for c in claims(sentence)] == [
        (value, "stock", destination)
    ]


def test_a_share_stated_with_a_copula_is_no_count() -> None:
    assert values("The share of refugees in the workforce stands at 12%.") == []


def test_this_number_refers_to_the_figure_before_across_paragraphs() -> None:
    text = (
        "In Europe 2.1 million Ukrainians were registered for protection.\n\n"
        "Over the past month this number grew by 60,000 people."
    )
    found = claims(text)
    assert [(c.value, c.measure, c.destination) for c in found] == [
        (2100000, "registration", None),
        (60000, "registration", None),
    ]


@pytest.mark.parametrize(
    ("sentence", "destination"),
    [
        ("Some 9,000 Afghans fled to neighbouring Pakistan in August.", "PAK"),
        ("Около 5 тысяч человек бежали в соседнюю Армению.", "ARM"),
    ],
)
def test_an_adjective_between_the_preposition_and_the_place(
    sentence: str, destination: str
) -> None:
    assert [c.destination for c in claims(sentence)] == [destination]


def test_issued_documents_are_registrations() -> None:
    found = claims("Ireland has issued 70,000 visas to Ukrainians since March.")
    assert [(c.value, c.measure, c.destination) for c in found] == [(70000, "registration", "IRL")]


def test_fled_en_is_fled_to() -> None:
    found = claims("Des milliers de Russes ont fui en Arménie.")
    assert [(c.origin, c.destination) for c in found] == [("RUS", "ARM")]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Emigration reached 9 per 1,000 residents; 40,000 people left.", [40000]),
        ("Moldova, a country of 2.5 million people, took in 100,000 refugees.", [100000]),
        ("Armenia has a population of 2.9 million; 110,000 Russians arrived.", [110000]),
        ("В Грузию с населением 3,7 млн человек приехали 100 тысяч россиян.", [100000]),
        ("The city, home to 300,000 residents, took in 8,000 refugees.", [8000]),
    ],
)
def test_populations_and_rates_are_no_claims(sentence: str, kept: list[int]) -> None:
    assert values(sentence) == kept
