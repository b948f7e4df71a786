"""What a reader gets from the built site beyond the text: charts true to the data, the
cross-country view, fact boxes, ladders, correction links and open data."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from karriereguiden.data.compare import compare
from karriereguiden.data.parse import load_file
from karriereguiden.pages.formatting import format_number, round_converted
from karriereguiden.pages.languages import language_codes, load_languages
from karriereguiden.pages.salary import countries_for, figure_view
from tests.conftest import ROOT
from tests.test_site_build import EXPECTED, PREFIX, _JsonLd

pytestmark = pytest.mark.build

LANG = {lang.code: lang for lang in load_languages()}
CATALOGUE = load_file(ROOT / "data" / "roles.yaml", language_codes())
DATA_LINES = (ROOT / "data" / "roles.yaml").read_text(encoding="utf-8").splitlines()


class Tree(HTMLParser):
    """Start tags with attributes, and the text inside each element with a class or id."""

    def __init__(self, path: Path):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str, cls: str | None = None, **attrs: str) -> list[dict]:
        return [
            a
            for t, a in self.tags
            if t == tag
            and (cls is None or cls in (a.get("class") or "").split())
            and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def html_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def test_every_link_inside_the_site_leads_to_a_file_that_exists(site):
    broken = []
    for path in site.rglob("*.html"):
        for _tag, attrs in Tree(path).tags:
            target = attrs.get("href") or ""
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path or target.startswith("#"):
                continue
            # Root-relative (the 404 pages, which any address may show) or page-relative.
            base = site if parts.path.startswith("/") else path.parent
            resolved = Path(posixpath.normpath(base / unquote(parts.path).lstrip("/")))
            if resolved.is_dir():
                resolved /= "index.html"
            if not resolved.is_file():
                broken.append((path.relative_to(site).as_posix(), target))
    assert broken == []


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_salary_charts_draw_exactly_the_figures_in_the_data(site, lang):
    language = LANG[lang]
    for role in CATALOGUE.roles:
        tree = Tree(html_file(site, EXPECTED[(role.id, "salary")][lang]))
        for country in ("DK", "NO", "SE"):
            figures = role.figures_for(country)
            drawn = []
            for plot in tree.find("div", "kg-chart__plot", role="img"):
                chart_id = plot["aria-labelledby"].split()[0].removesuffix("-title")
                if chart_id.startswith(f"chart-{country.lower()}-"):
                    drawn.append(chart_id)
            expected_charts = {(f.currency, f.period) for f in figures}
            assert len(drawn) == len(expected_charts), (role.id, country)
        rows = [
            (int(g["data-low"]), int(g["data-high"])) for g in tree.find("div", "kg-chart__row")
        ]
        assert sorted(rows) == sorted((f.low, f.high) for f in role.salaries), role.id
        raw = html_file(site, EXPECTED[(role.id, "salary")][lang]).read_text(encoding="utf-8")
        for figure in role.salaries:
            view = figure_view(figure, CATALOGUE, language, dt.date.today())
            row = (
                f'<tr><th scope="row">{html.escape(view.label)} '
                f'<span class="kg-kind">({html.escape(view.kind_in_text + view.marks)})</span></th>'
                f'<td data-label="{language.word("col_low")} ({figure.currency})">'
                f"{format_number(figure.low, language)}</td>"
                f'<td data-label="{language.word("col_high")} ({figure.currency})">'
                f"{format_number(figure.high, language)}</td>"
                f'<td data-label="{language.word("col_year")}">{html.escape(view.year)}</td></tr>'
            )
            assert row in raw, (role.id, row)


def test_bar_lengths_are_proportional_to_the_amounts(site):
    raw = html_file(site, "roller/kundeservicemedarbejder/loen").read_text(encoding="utf-8")
    charts = re.findall(r'<div class="kg-chart__plot".*?</figure>', raw, flags=re.S)
    assert charts
    for chart in charts:
        top = int(re.findall(r'class="kg-chart__tick[^>]*>([^<]+)<', chart)[-1].replace(".", ""))
        for low, high, bar in re.findall(
            r'data-low="(\d+)" data-high="(\d+)">.*?class="kg-chart__bar" style="width: ([\d.]+)%"',
            chart,
            flags=re.S,
        ):
            assert float(bar) == pytest.approx(int(low) / top * 100, abs=0.1)
            assert int(high) <= top


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_each_salary_page_compares_what_the_rules_allow_and_says_why_the_rest_is_left_out(
    site, lang
):
    language = LANG[lang]
    for role in CATALOGUE.roles:
        text = " ".join(Tree(html_file(site, EXPECTED[(role.id, "salary")][lang])).text)
        result = compare(role, CATALOGUE, language.currency, countries_for(language))
        for group in result.groups:
            for entry in group.entries:
                monthly = format_number(round_converted(entry.monthly, "month"), language)
                assert monthly in text, (role.id, entry.figure.country, monthly)
        if not result.groups:
            expected = "compare_none" if role.salaries else "compare_empty"
            assert language.word(expected) in text, role.id
            assert language.word("compare_caution") not in text
        for _, reason in result.left_out:
            assert language.word(f"left_out_{reason}") in text, (role.id, reason)


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_each_language_has_a_salary_overview_linking_every_salary_page(site, lang):
    overview = {"da": "loen", "no": "no/lonn", "sv": "sv/lon"}[lang]
    tree = Tree(html_file(site, overview))
    links = {
        posixpath.normpath(posixpath.join(overview + "/", a["href"])) + "/" for a in tree.find("a")
    }
    for role in CATALOGUE.roles:
        assert EXPECTED[(role.id, "salary")][lang] in links
    assert "".join(tree.text).count(LANG[lang].word("no_figures_short")) >= 1


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_role_pages_open_with_a_fact_box_and_show_the_ladder(site, lang):
    for role in CATALOGUE.roles:
        tree = Tree(html_file(site, EXPECTED[(role.id, "role")][lang]))
        text = " ".join(tree.text)
        assert len(tree.find("aside", "kg-facts")) == 1
        assert role.texts[lang].typical_education in text
        assert role.texts[lang].typical_workplaces in text
        # A role an editor adds may be on no career path yet, or on another.
        ladders = [ladder for ladder in CATALOGUE.ladders if role.id in ladder.roles]
        if len(ladders) != 1:
            continue
        (ladder,) = ladders
        steps = tree.find("li", "kg-ladder__step")
        assert len(steps) == len(ladder.roles)
        current = [i for i, s in enumerate(steps) if s.get("aria-current") == "step"]
        assert current == [ladder.roles.index(role.id)]


def test_the_representative_shows_its_occupation_codes_in_page_and_structured_data(site):
    url = EXPECTED[("customer-service-representative", "role")]["sv"]
    text = " ".join(Tree(html_file(site, url)).text)
    assert "ISCO-08 4222, STYRK-08 4222, SSYK 2012 4222" in text
    (block,) = _JsonLd(html_file(site, url)).blocks
    occupation = next(i for i in json.loads(block)["@graph"] if i["@type"] == "Occupation")
    assert {c["codeValue"] for c in occupation["occupationalCategory"]} == {"4222"}
    assert occupation["sameAs"] == "http://data.europa.eu/esco/isco/C4222"


@pytest.mark.parametrize("kind", ["role", "salary", "faq"])
def test_every_role_page_links_its_correction_to_the_roles_line_in_the_data(site, kind):
    for role in CATALOGUE.roles:
        tree = Tree(html_file(site, EXPECTED[(role.id, kind)]["da"]))
        (link,) = [a["href"] for a in tree.find("a") if "/data/roles.yaml#L" in a.get("href", "")]
        line = int(link.rsplit("#L", 1)[1])
        assert DATA_LINES[line - 1].strip() == f"- id: {role.id}"


def test_old_figures_carry_the_stale_notice(site):
    text = " ".join(Tree(html_file(site, "no/yrker/kundeservicemedarbeider/lonn")).text)
    assert "Tallet er fra 2022 og altså mer enn 3 år gammelt." in text


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_open_data_is_published_and_linked_from_the_about_page(site, lang):
    about = f"{PREFIX[lang]}om"
    tree = Tree(html_file(site, about))
    hrefs = [a["href"] for a in tree.find("a")]
    data_links = [h for h in hrefs if h.startswith("../data/")]
    assert len(data_links) == 2
    assert any("creativecommons.org/licenses/by/4.0" in h for h in hrefs)
    json_file = site / PREFIX[lang] / "data" / f"karriereguiden-{lang}.json"
    data = json.loads(json_file.read_text(encoding="utf-8"))
    assert [r["id"] for r in data["roles"]] == [r.id for r in CATALOGUE.roles]
    assert data["roles"][0]["title"] == CATALOGUE.roles[0].texts[lang].title
    (csv_file,) = (site / PREFIX[lang] / "data").glob("*.csv")
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert len(rows) == sum(len(r.salaries) for r in CATALOGUE.roles)
