"""What salary pages, fact boxes and ladders say, rendered from small catalogues without MkDocs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from karriereguiden.pages import salary
from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.render import (
    Edition,
    href,
    render_role_pages,
    render_salaries_overview,
    url_path,
)
from tests.conftest import SOURCES, TODAY, catalogue_yaml, load, role_yaml

# What the templates mark for search to leave out as the interface's words.
UI = " data-search-exclude"

LANG = {lang.code: lang for lang in load_languages()}
EDITION = Edition(today=TODAY, data_url="https://code.example/k/blob/main/data/roles.yaml")

NOK_FIGURE = """\
      - country: "NO"
        currency: NOK
        measure: median
        who: experienced
        low: 480000
        high: 560000
        period: year
        tax: before
        includes: [bonus]
        excludes: [overtime]
        year: 2021
        year_basis: reference
        source: stats
"""
DKK_FIGURE = """\
      - country: DK
        currency: DKK
        measure: average
        who: all
        amount: 32000
        period: month
        tax: unstated
        year: 2025
        year_basis: reference
        source: stats
"""
RATES = """\
exchange_rates:
  - {currency: DKK, per_eur: 7.46038, date: 2025-11-03, source: stats}
  - {currency: NOK, per_eur: 11.5, date: 2025, source: stats}
  - {currency: SEK, per_eur: 11, date: 2025-06, source: stats}
  - {currency: DKK, per_eur: 7.4, date: 2021, source: stats}
  - {currency: NOK, per_eur: 10, date: 2021, source: stats}
  - {currency: SEK, per_eur: 10.2, date: 2021, source: stats}
"""
LADDER = """\
ladders:
  - id: path
    roles: [alpha, beta, gamma]
"""


def catalogue(*, rates: bool = True, ladder: bool = False, figures: str = DKK_FIGURE + NOK_FIGURE):
    head = (LADDER if ladder else "") + SOURCES
    return load(
        catalogue_yaml(
            role_yaml("alpha", related=("beta",), salaries="    salaries:\n" + figures),
            role_yaml("beta"),
            role_yaml("gamma"),
            sources=head,
            rates=RATES if rates else "",
        )
    )


def page(cat, kind: str, lang: str = "da", role: str = "alpha", edition: Edition = EDITION):
    pages = render_role_pages(cat.role(role), cat, LANG[lang], edition)
    return next(p for p in pages if p.key.startswith(f"{kind}/")).html


def table_rows(html: str) -> list[list[str]]:
    """The data cells of each row in the body of every table, as HTML."""
    bodies = re.findall(r"<tbody>(.*?)</tbody>", html, re.S)
    rows = [row for body in bodies for row in body.split("<tr>")[1:]]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]


class Tags(HTMLParser):
    """Start tags with their attributes, and the text, of an HTML fragment."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str, cls: str | None = None) -> list[dict]:
        return [a for t, a in self.tags if t == tag and (cls is None or cls in a.get("class", ""))]


# -- what each figure says about itself ------------------------------------------------------


def test_each_figure_says_who_is_measured_the_statistic_tax_and_what_is_included():
    text = page(catalogue(), "salary", "no")
    assert f"<dt{UI}>Hvem</dt>\n<dd{UI}>Med flere års erfaring</dd>" in text
    assert f"<dd{UI}>Median (halvparten tjener mer, halvparten mindre)</dd>" in text
    assert f"<dd{UI}>Før skatt</dd>" in text
    assert f"<dd{UI}>Inngår: bonus. Inngår ikke: overtidsbetaling.</dd>" in text


def test_a_figure_whose_source_is_silent_says_so_for_tax_and_components():
    text = page(catalogue(), "salary", "sv")
    assert f"<dd{UI}>Källan säger inte om siffran är före eller efter skatt</dd>" in text
    assert f"<dd{UI}>Källan säger inte om pension, bonus eller övertid ingår.</dd>" in text


def test_a_figure_older_than_the_configured_years_carries_a_notice():
    text = page(catalogue(), "salary", "da")  # 2021 is more than 3 years before 2026
    assert "Tallet er fra 2021 og dermed mere end 3 år gammelt." in text
    assert "Tallet er fra 2025" not in text


def test_the_notice_follows_the_build_date_not_the_clock():
    earlier = dataclasses.replace(EDITION, today=dt.date(2024, 1, 1))
    assert "Tallet er fra 2021" not in page(catalogue(), "salary", "da", edition=earlier)


# -- charts ------------------------------------------------------------------------------------


def test_each_country_gets_a_chart_per_currency_and_period():
    cat = catalogue()
    charts = salary.charts(cat.role("alpha").figures_for("NO"), "NO", cat, LANG["da"], TODAY)
    assert [(c.currency, c.period) for c in charts] == [("NOK", "year")]
    assert charts[0].id == "chart-no-nok-year"


def test_chart_bars_are_drawn_to_scale_on_a_round_axis():
    cat = catalogue()
    (chart,) = salary.charts(cat.role("alpha").figures_for("NO"), "NO", cat, LANG["da"], TODAY)
    (bar,) = chart.bars
    assert [(t.x, t.text) for t in chart.ticks] == [(0, "0"), (50, "300.000"), (100, "600.000")]
    assert bar.low_width == pytest.approx(480000 / 600000 * 100, abs=0.1)
    assert bar.low_width + bar.range_width == pytest.approx(560000 / 600000 * 100, abs=0.1)


def test_chart_carries_its_numbers_a_text_alternative_and_a_table():
    text = page(catalogue(), "salary", "da")
    fragment = Tags(text)
    (plot,) = [a for t, a in fragment.tags if a.get("data-currency") == "NOK"]
    assert plot["role"] == "img"
    title_id, desc_id = plot["aria-labelledby"].split()
    assert f'<figcaption id="{title_id}">Norge: løntal om året i NOK</figcaption>' in text
    desc = re.search(rf'<p id="{desc_id}" hidden>(.*?)</p>', text).group(1)
    assert "Løn med erfaring 480.000–560.000\u00a0NOK" in desc
    assert {"aria-labelledby": title_id} in fragment.all("table")
    rows = fragment.all("div", "kg-chart__row")
    assert {(r["data-low"], r["data-high"]) for r in rows} == {
        ("32000", "32000"),
        ("480000", "560000"),
    }
    assert (
        '<tr><th scope="row">Løn med erfaring <span class="kg-kind">(officiel statistik)</span>'
        '</th><td data-label="Fra (NOK)">480.000</td><td data-label="Til (NOK)">560.000</td>'
        '<td data-label="År">2021</td></tr>'
    ) in text


# -- comparison across countries ---------------------------------------------------------------


# -- overview ------------------------------------------------------------------------------------


def test_the_salary_overview_lists_every_role_in_every_country_linking_to_its_salary_page():
    overview = render_salaries_overview(catalogue(), LANG["sv"], EDITION)
    assert [(h.level, h.name) for h in overview.headings[1:]] == [
        (2, "Lön i Sverige"),
        (2, "Lön i Danmark"),
        (2, "Lön i Norge"),
    ]
    sections = overview.html.split("<h2 ")[1:]
    for section in sections:
        for role in ("alpha", "beta", "gamma"):
            assert f'<a href="../yrken/{role}-sv/lon/">Title {role} sv</a>' in section
    assert ["Medellön", "32\u00a0000\u00a0DKK per månad", "2025"] in [
        row[1:4] for row in table_rows(sections[1])
    ]


# -- fact box, ladder, review ------------------------------------------------------------------


def test_the_fact_box_gives_education_salary_workplaces_and_related_roles():
    text = page(catalogue(), "role", "da")
    box = text[text.index("<aside") : text.index("</aside>")]
    assert "Typical education alpha da" in box and "Typical workplaces alpha da" in box
    assert "Gennemsnitsløn: 32.000\u00a0kr. om måneden (2025; officiel statistik)" in box
    assert '<a href="../beta-da/">Title beta da</a>' in box


def test_the_fact_box_says_when_the_readers_country_has_no_figure():
    text = page(catalogue(), "role", "sv")
    assert "Vi har ännu ingen lönesiffra med källa för Sverige." in text


def test_the_headline_figure_prefers_everyone_in_the_job_and_the_median():
    figures = DKK_FIGURE + DKK_FIGURE.replace("measure: average", "measure: median").replace(
        "amount: 32000", "amount: 31000"
    )
    cat = catalogue(figures=figures)
    role = cat.role("alpha")
    assert salary.headline(role, "DK", cat).measure == "median"
    assert salary.headline(role, "SE", cat) is None


def test_the_ladder_lists_its_roles_in_order_and_marks_the_current_one():
    text = page(catalogue(ladder=True), "role", "no", role="beta")
    nav = Tags(text[text.index('<nav class="kg-ladder"') :])
    steps = nav.all("li", "kg-ladder__step")
    assert len(steps) == 3
    assert [s.get("aria-current") for s in steps] == [None, "step", None]
    assert [a["href"] for a in nav.all("a")][:2] == ["../alpha-no/", "../gamma-no/"]


def test_a_role_on_no_ladder_has_none():
    assert "kg-ladder" not in page(catalogue(), "role", "da")


def test_occupation_codes_and_the_esco_link_appear_only_when_given():
    assert "ISCO-08" not in page(catalogue(), "role")
    with_codes = load(
        catalogue_yaml(
            role_yaml("alpha").replace(
                "    reviewed: 2026-11-01\n",
                '    reviewed: 2026-11-01\n    codes:\n      isco08: "4222"\n'
                "      esco: http://data.europa.eu/esco/isco/C4222\n",
            )
        )
    )
    text = page(with_codes, "role")
    assert "ISCO-08 4222" in text
    assert "uri=http://data.europa.eu/esco/isco/C4222" in text


def test_every_page_of_a_role_says_when_it_was_reviewed_and_links_to_its_line():
    cat = catalogue()
    line = cat.role("alpha").marks[""].line
    for kind in ("role", "salary", "faq"):
        text = page(cat, kind, "da")
        assert "Senest gennemgået 1. november 2026." in text
        assert f'href="https://code.example/k/blob/main/data/roles.yaml#L{line}"' in text


def test_without_a_data_address_there_is_no_correction_link():
    text = page(catalogue(), "role", "da", edition=Edition(today=TODAY))
    assert "Foreslå en rettelse" not in text


# -- URLs in raw HTML --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "current", "directory_urls", "expected"),
    [
        ("da/roller/b/index.md", "da/roller/a/index.md", True, "../b/"),
        ("da/roller/a/loen.md", "da/roller/a/index.md", True, "loen/"),
        ("da/roller/a/index.md", "da/roller/a/loen.md", True, "../"),
        ("da/roller/b/index.md", "da/roller/a/index.md", False, "../b/index.html"),
        ("da/roller/a/loen.md", "da/roller/a/index.md", False, "loen.html"),
    ],
)
def test_links_in_html_parts_use_the_urls_mkdocs_gives_pages(
    target, current, directory_urls, expected
):
    assert href(target, current, Edition(TODAY, directory_urls=directory_urls)) == expected


def test_page_urls_follow_mkdocs():
    assert url_path("da/roller/a/index.md", True) == "da/roller/a/"
    assert url_path("da/om.md", True) == "da/om/"
    assert url_path("da/om.md", False) == "da/om.html"


# -- undated figures, kinds of source, the editors' reading -------------------------------------

READ_ONLY_SOURCE = """\
  article:
    publisher: Jobs Site
    title: What it pays
    accessed: 2025-02-03
    kind: article
"""
SECOND_HAND_SOURCE = """\
  paper:
    publisher: Trade Paper
    title: Pay in the trade
    published: 2021-03-04
    kind: official_statistics
    quotes: Statistics Norway
"""
UNDATED_FIGURE = """\
      - country: DK
        currency: DKK
        measure: typical
        who: new_in_role
        amount: 30000
        period: month
        tax: unstated
        year: 2025
        year_basis: accessed
        source: article
"""


def weighed_catalogue(figures: str):
    """The DKK official figure and whatever else, with an article and a second-hand source."""
    head = SOURCES + READ_ONLY_SOURCE + SECOND_HAND_SOURCE
    salaries = "    salaries:\n" + DKK_FIGURE + figures
    return load(catalogue_yaml(role_yaml("alpha", salaries=salaries), sources=head, rates=RATES))


def test_an_undated_figure_says_undated_and_when_its_source_was_read_wherever_its_year_shows():
    cat = weighed_catalogue(UNDATED_FIGURE)
    undated = "uden årstal, kilden læst 3. februar 2025"
    salary_page = page(cat, "salary", "da")
    in_year_column = f'<td data-label="År">{undated}</td></tr>'
    assert in_year_column in salary_page  # the chart's table
    years = [row[3] for row in table_rows(render_salaries_overview(cat, LANG["da"], EDITION).html)]
    assert undated in years
    assert "2025" in years  # the dated figure keeps its year
    startlon_row = re.search(r'<th scope="row">Startløn .*?</tr>', salary_page).group(0)
    assert startlon_row.endswith(in_year_column)


def test_an_undated_figure_is_aged_by_its_sources_publication_date():
    figure = UNDATED_FIGURE.replace("year: 2025", "year: 2021").replace(
        "year_basis: accessed\n        source: article",
        "year_basis: published\n        source: paper",
    )
    text = page(weighed_catalogue(figure), "salary", "da")
    assert "Kilden er udgivet 4. marts 2021, mere end 3 år før denne udgave af guiden." in text


def test_an_undated_figure_known_only_by_its_reading_date_is_never_taken_as_fresh():
    text = page(weighed_catalogue(UNDATED_FIGURE), "salary", "da")
    assert LANG["da"].word("age_unknown") in text


def test_every_figure_shows_its_kind_of_source_and_a_weak_one_a_caution():
    cat = weighed_catalogue(UNDATED_FIGURE)
    text = page(cat, "salary", "sv")
    assert f"<dt{UI}>Typ av källa</dt>\n<dd>Officiell statistik</dd>" in text
    assert f"<dt{UI}>Typ av källa</dt>\n<dd>Artikel utan angivet dataunderlag</dd>" in text
    assert text.count(LANG["sv"].word("weak_caution")) == 1
    assert "(artikel utan angivet dataunderlag; använd med försiktighet)</span>" in text
    overview = render_salaries_overview(cat, LANG["sv"], EDITION).html
    kinds = [row[4] for row in table_rows(overview)]
    assert "Artikel utan angivet dataunderlag; använd med försiktighet" in kinds


def test_a_second_hand_figure_names_who_first_published_it():
    figure = NOK_FIGURE.replace("source: stats", "source: paper")
    text = page(weighed_catalogue(figure), "salary", "no")
    assert "<dd>Offisiell statistikk fra Statistics Norway, gjengitt av Trade Paper</dd>" in text


def test_the_headline_figure_prefers_the_strongest_kind_of_source():
    median_from_article = UNDATED_FIGURE.replace("measure: typical", "measure: median").replace(
        "who: new_in_role", "who: all"
    )
    cat = weighed_catalogue(median_from_article)
    assert salary.headline(cat.role("alpha"), "DK", cat).source == "stats"


def test_the_editors_reading_stands_next_to_the_figure():
    reading = '          da: Reading da.\n          "no": Reading no.\n          sv: Reading sv.\n'
    figure = UNDATED_FIGURE + "        reading:\n" + reading
    cat = weighed_catalogue(figure)
    text = page(cat, "salary", "da")
    assert f"<dt{UI}>Vores tolkning</dt>\n<dd>Reading da.</dd>" in text
    assert "brug med forbehold; vores tolkning)</span>" in text


# -- the FAQ's salary question ---------------------------------------------------------------------


def test_the_salary_question_is_answered_with_the_headline_figure_its_kind_year_and_source():
    text = page(weighed_catalogue(UNDATED_FIGURE), "faq", "da")
    assert '>Hvad tjener man som title alpha da?<a class="headerlink"' in text
    assert (
        "Gennemsnitsløn i Danmark: 32.000\u00a0kr. om måneden (2025). "
        "Kilde: Statistics Office: Earnings table – officiel statistik."
    ) in text


def test_the_salary_question_says_plainly_when_the_readers_country_has_none():
    text = page(catalogue(), "faq", "sv")
    words = LANG["sv"].words
    assert words["faq_salary_none"].format(country="Sverige") in text
    assert "Lönesidan visar de siffror vi har från Danmark och Norge." in text


def test_the_salary_answer_promises_no_figures_that_do_not_exist():
    text = page(catalogue(figures=NOK_FIGURE.replace('"NO"', "SE").replace("NOK", "SEK")), "faq")
    assert LANG["da"].word("faq_salary_nowhere") not in text
    beta = page(catalogue(), "faq", "da", role="beta")
    assert LANG["da"].word("faq_salary_nowhere") in beta
