"""The cross-country comparison: only like with like, each at its own year's rate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from karriereguiden.data import compare
from karriereguiden.data.errors import DataErrors
from karriereguiden.pages import salary
from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.render import Edition, render_role_pages
from tests.conftest import SOURCES as BASE_SOURCES
from tests.conftest import TODAY, catalogue_yaml, load, role_yaml

# What the templates mark for search to leave out as the interface's words.
UI = " data-search-exclude"

LANG = {lang.code: lang for lang in load_languages()}

# The shared sources ('stats', official statistics), and one of every other kind.
SOURCES = (
    BASE_SOURCES
    + """\
  method:
    publisher: Statistics Office
    title: What monthly earnings are
    url: https://example.org/method
    accessed: 2026-11-01
    kind: official_statistics
  agreement:
    publisher: Union
    title: The agreement
    published: 2025-03-01
    kind: collective_agreement
  survey:
    publisher: Union
    title: Pay survey
    published: 2025-03-01
    kind: survey
  article:
    publisher: Jobs Site
    title: What it pays
    accessed: 2025-02-03
    kind: article
definitions:
  monthly:
    source: method
    tax: before
    includes: [bonus]
    excludes: [overtime]
    hours: full_time_equivalent
"""
)
# Rates of the two years the figures are from; 2021's differ from 2025's on purpose.
RATES = """\
exchange_rates:
  - {currency: DKK, per_eur: 7.4, date: 2021, source: stats}
  - {currency: NOK, per_eur: 10, date: 2021, source: stats}
  - {currency: SEK, per_eur: 10.2, date: 2021, source: stats}
  - {currency: DKK, per_eur: 7.46038, date: 2025-06-20, source: stats}
  - {currency: NOK, per_eur: 11.5, date: 2025-06, source: stats}
  - {currency: SEK, per_eur: 11, date: 2025, source: stats}
"""


def figure(country: str, measure: str, who: str, amount: str, period: str = "month", **extra):
    currency = {"DK": "DKK", "NO": "NOK", "SE": "SEK"}[country]
    fields = {
        "country": f'"{country}"',
        "currency": currency,
        "measure": measure,
        "who": who,
        "amount" if "-" not in amount else "range": amount,
        "period": period,
        "tax": "before",
        "year": "2025",
        "year_basis": "reference",
        "source": "stats",
    } | extra
    if "range" in fields:
        low, high = fields.pop("range").split("-")
        fields.pop("amount", None)
        fields["low"], fields["high"] = low, high
    lines = [f"{k}: {v}" for k, v in fields.items()]
    return "      - " + "\n        ".join(lines) + "\n"


# A minimum, means and medians of different years, periods and populations.
MIXED = (
    figure("DK", "average", "all", "32000")
    + figure("DK", "minimum", "new_in_role", "25000", source="agreement")
    + figure("NO", "average", "all", "480000", period="year", year="2021")
    + figure("NO", "median", "all", "450000", period="year", year="2021")
    + figure("SE", "average", "all", "35000")
    + figure("SE", "median", "new_in_role", "30000")
)


def catalogue(figures: str, rates: str = RATES):
    salaries = "    salaries:\n" + figures
    return load(catalogue_yaml(role_yaml("alpha", salaries=salaries), sources=SOURCES, rates=rates))


def compared(figures: str, lang: str = "da") -> compare.Comparison:
    cat = catalogue(figures)
    language = LANG[lang]
    return compare.compare(
        cat.role("alpha"), cat, language.currency, salary.countries_for(language)
    )


def salary_page(figures: str, lang: str = "da") -> str:
    cat = catalogue(figures)
    pages = render_role_pages(cat.role("alpha"), cat, LANG[lang], Edition(today=TODAY))
    return next(p for p in pages if p.key.startswith("salary/")).html


def test_only_the_same_statistic_about_the_same_people_stands_side_by_side():
    result = compared(MIXED)
    assert [(g.measure, g.who) for g in result.groups] == [("average", "all")]
    (group,) = result.groups
    assert [e.figure.country for e in group.entries] == ["DK", "NO", "SE"]


def test_each_figure_is_converted_at_a_rate_of_its_own_year_and_put_per_month():
    (group,) = compared(MIXED).groups
    dk, no, se = group.entries
    assert dk.monthly == 32000
    # 480,000 NOK a year in 2021: 40,000 a month, at 2021's rates (10 NOK, 7.4 DKK per euro).
    assert no.monthly == Decimal(40000) / 10 * Decimal("7.4")
    # 35,000 SEK a month in 2025, at 2025's rates.
    assert se.monthly == Decimal(35000) / 11 * Decimal("7.46038")


def test_the_reader_sees_the_comparison_in_their_own_currency():
    (group,) = compared(MIXED, "no").groups
    assert [e.figure.country for e in group.entries] == ["NO", "DK", "SE"]
    assert group.entries[0].monthly == 40000


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (figure("NO", "minimum", "all", "30000"), "minimum"),
        (figure("NO", "average", "all", "30000-36000"), "range"),
        (figure("NO", "typical", "all", "30000"), "measure"),
        (figure("NO", "most_common", "all", "30000"), "measure"),
        (figure("NO", "average", "unstated", "30000"), "who"),
        (
            figure("NO", "average", "all", "30000", source="article", year_basis="accessed"),
            "article",
        ),
        (figure("NO", "average", "all", "30000", tax="after"), "after_tax"),
    ],
)
def test_figures_that_do_not_measure_pay_people_earn_never_enter(extra, reason):
    result = compared(figure("DK", "average", "all", "32000") + extra)
    assert result.groups == ()
    assert (result.left_out[-1][0].country, result.left_out[-1][1]) == ("NO", reason)


def test_a_figure_that_is_only_our_reading_of_its_source_never_enters():
    reading = '\n        reading: {da: "Our reading.", "no": "Our reading.", sv: "Our reading."}'
    extra = figure("NO", "average", "all", "480000", period="year").rstrip("\n") + reading + "\n"
    result = compared(figure("DK", "average", "all", "32000") + extra)
    assert result.groups == ()
    assert result.left_out[-1][1] == "reading"


def test_a_figure_with_only_the_date_its_source_was_read_has_no_year_to_take_a_rate_from():
    survey = figure("NO", "average", "all", "40000", source="survey", year_basis="published")
    undated = figure("SE", "average", "all", "35000", source="stats", year_basis="accessed")
    sources = SOURCES.replace("    published: 2025-06-01\n", "    accessed: 2025-06-01\n", 1)
    cat = load(
        catalogue_yaml(
            role_yaml("alpha", salaries="    salaries:\n" + survey + undated),
            sources=sources,
            rates=RATES,
        )
    )
    result = compare.compare(cat.role("alpha"), cat, "DKK", ("DK", "NO", "SE"))
    assert [(f.country, r) for f, r in result.left_out] == [("NO", "alone"), ("SE", "undated")]


def test_an_undated_figure_is_converted_at_its_sources_publication_year():
    survey = figure("NO", "average", "all", "40000", source="survey", year_basis="published")
    (group,) = compared(figure("DK", "average", "all", "32000") + survey).groups
    assert group.entries[1].monthly == Decimal(40000) / Decimal("11.5") * Decimal("7.46038")


def test_a_country_with_two_figures_for_one_statistic_shows_the_stronger_source():
    weaker = figure("NO", "average", "all", "41000", source="survey", year_basis="published")
    official = figure("NO", "average", "all", "480000", period="year", year="2021")
    result = compared(figure("DK", "average", "all", "32000") + weaker + official)
    (group,) = result.groups
    assert group.entries[1].figure.source == "stats"
    assert ("NO", "second_choice") in [(f.country, r) for f, r in result.left_out]


def test_a_figure_no_other_country_matches_is_left_out_as_alone():
    result = compared(MIXED)
    reasons = {(f.country, f.measure, f.who): r for f, r in result.left_out}
    assert reasons == {
        ("DK", "minimum", "new_in_role"): "minimum",
        ("NO", "median", "all"): "alone",
        ("SE", "median", "new_in_role"): "alone",
    }


def test_the_page_states_the_rule_shows_the_table_and_the_rates_it_used():
    text = salary_page(MIXED)
    assert LANG["da"].word("compare_rules", currency="DKK") in text
    assert "<caption>Gennemsnitsløn for alle i jobbet</caption>" in text
    # Each cell is labelled with its column, for narrow screens (karriereguiden.pages.tables).
    source, monthly, year = (
        f'<td data-label="{label}">'
        for label in ("Tallet i kilden", "Om måneden i DKK", "År og kildetype")
    )
    assert (
        f"{source}480.000\u00a0NOK om året</td>{monthly}ca. 29.600\u00a0kr.</td>"
        f"{year}2021; officiel statistik</td>"
    ) in text
    assert f"{source}32.000\u00a0kr. om måneden</td>{monthly}32.000\u00a0kr.</td>" in text
    assert "1 EUR = 10 NOK (gennemsnit for 2021, " in text
    assert "1 EUR = 7,4 DKK (gennemsnit for 2021, " in text
    assert "1 EUR = 11 SEK (gennemsnit for 2025, " in text
    assert "1 EUR = 7,46038 DKK (20. juni 2025, " in text
    assert "11,5 NOK" not in text  # a rate no conversion on the page uses
    assert LANG["da"].word("compare_caution") in text


def test_where_nothing_is_comparable_the_page_says_so_in_one_sentence_instead_of_a_table():
    only_minimum = figure("DK", "average", "all", "32000") + figure("SE", "minimum", "all", "21704")
    text = salary_page(only_minimum)
    section = text[text.index('<h2 id="sammenlignet-paa-tvaers-af-landene">') :]
    assert LANG["da"].word("compare_none") in section
    assert "<table" not in section
    assert LANG["da"].word("compare_caution") not in section


def test_every_figure_left_out_is_listed_with_the_rule_that_keeps_it_out():
    text = salary_page(MIXED, "sv")
    words = LANG["sv"].words
    assert words["compare_left_out"] in text
    assert (
        "Danmark, lägstalön på 25\u00a0000\u00a0DKK per månad (2025): " + words["left_out_minimum"]
    ) in text
    assert words["left_out_alone"] in text


def test_a_figure_says_what_it_is_in_the_readers_words():
    text = salary_page(MIXED)
    assert LANG["da"].word("what_minimum", who="for nye i jobbet") in text
    assert "Medianlønnen for alle i jobbet: halvdelen tjener mere, halvdelen mindre." in text


# -- the headline figure ------------------------------------------------------------------------


def headline(figures: str, country: str = "DK"):
    cat = catalogue(figures)
    return salary.headline(cat.role("alpha"), country, cat)


def test_the_headline_is_never_a_minimum():
    assert headline(figure("SE", "minimum", "all", "21704"), "SE") is None


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        (figure("DK", "median", "all", "31000"), figure("DK", "average", "all", "32000")),
        (
            figure("DK", "average", "all", "32000"),
            figure("DK", "median", "all", "31000", source="survey", year_basis="published"),
        ),
        (
            figure("DK", "average", "all", "33000", source="survey", year_basis="published"),
            figure("DK", "median", "all", "31000", source="article", year_basis="accessed"),
        ),
    ],
)
def test_the_headline_follows_official_median_official_mean_survey_article(better, worse):
    assert headline(worse + better).low == headline(better).low


def test_without_a_figure_of_pay_earned_the_fact_box_and_answer_say_so():
    cat = catalogue(figure("SE", "minimum", "all", "21704"))
    pages = render_role_pages(cat.role("alpha"), cat, LANG["sv"], Edition(today=TODAY))
    role_page, _, faq = (p.html for p in pages)
    assert LANG["sv"].word("fact_no_earnings", country="Sverige") in role_page
    assert "21\u00a0704" not in role_page
    assert LANG["sv"].word("faq_salary_no_earnings", country="Sverige") in faq


# -- the statistics office's own definition ---------------------------------------------------


def test_a_figure_of_official_statistics_shows_the_offices_definition_apart_from_its_source():
    figures = figure("NO", "average", "all", "43140", tax="unstated", definition="monthly")
    text = salary_page(figures, "no")
    assert (
        f"<dt{UI}>Skatt</dt>\n"
        f"<dd{UI}>Kilden sier ikke om tallet er før eller etter skatt</dd>" in text
    )
    assert (
        f"<dt{UI}>Definisjon fra Statistics Office</dt>\n"
        "<dd>Før skatt. Lønnen til deltidsansatte er "
        "regnet om til full stilling. Inngår: bonus. Inngår ikke: overtidsbetaling. "
        '(<a href="https://example.org/method">Statistics Office: What monthly earnings are</a>'
    ) in text


# -- what the check refuses -------------------------------------------------------------------


def problems(figures: str, rates: str = RATES, sources: str = SOURCES) -> list[str]:
    text = catalogue_yaml(
        role_yaml("alpha", salaries="    salaries:\n" + figures), sources=sources, rates=rates
    )
    with pytest.raises(DataErrors) as caught:
        load(text)
    return [str(e) for e in caught.value.errors]


def test_a_comparable_figure_without_a_rate_of_its_year_is_refused_at_its_year():
    rates_2025_only = "\n".join(line for line in RATES.splitlines() if "2021" not in line) + "\n"
    # Both Norwegian figures are from 2021 and may be compared: each is named.
    message, _ = problems(MIXED, rates=rates_2025_only)
    year_line = (
        catalogue_yaml(
            role_yaml("alpha", salaries="    salaries:\n" + MIXED),
            sources=SOURCES,
            rates=rates_2025_only,
        )
        .splitlines()
        .index("        year: 2021")
        + 1
    )
    assert message.startswith(f"roles.yaml:{year_line}:15: role 'alpha', salary for NO: ")
    assert "no exchange rate for DKK, NOK, SEK in 2021" in message


def test_a_figure_kept_out_of_the_comparison_needs_no_rate():
    load(
        catalogue_yaml(
            role_yaml(
                "alpha", salaries="    salaries:\n" + figure("SE", "minimum", "all", "21704")
            ),
            sources=SOURCES,
            rates="",
        )
    )


def test_two_rates_for_one_currency_and_year_are_refused():
    twice = RATES + "  - {currency: NOK, per_eur: 10.1, date: 2021-06-30, source: stats}\n"
    (message,) = problems(figure("DK", "average", "all", "32000"), rates=twice)
    assert "NOK has a rate for 2021 already" in message


def test_a_rate_for_a_year_that_is_not_over_is_refused():
    ongoing = RATES + "  - {currency: NOK, per_eur: 10.1, date: 2026, source: stats}\n"
    (message,) = problems(figure("DK", "average", "all", "32000"), rates=ongoing)
    assert "'date' 2026 has not passed yet" in message


def test_a_definition_on_a_figure_that_is_not_official_statistics_is_refused():
    (message,) = problems(
        figure(
            "NO",
            "average",
            "all",
            "41000",
            source="survey",
            year_basis="published",
            definition="monthly",
        )
    )
    assert "'definition' belongs to official statistics" in message


def test_a_figure_contradicting_its_definition_is_refused():
    (message,) = problems(
        figure("NO", "average", "all", "41000", tax="after", definition="monthly")
    )
    assert "'tax: after' contradicts definition 'monthly'" in message


def test_a_definition_must_cite_the_offices_own_page():
    second_hand = SOURCES.replace(
        "    accessed: 2026-11-01\n    kind: official_statistics\n",
        "    accessed: 2026-11-01\n    kind: official_statistics\n    quotes: Someone\n",
    )
    messages = problems(figure("DK", "average", "all", "32000"), sources=second_hand)
    assert any("must be the statistics office's own page" in m for m in messages)


def test_the_currencies_compared_are_the_site_languages_own():
    assert set(compare.READER_CURRENCIES) == {lang.currency for lang in load_languages()}
