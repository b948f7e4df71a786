"""The built site, as a reader gets it: the real data through the real MkDocs build."""

from __future__ import annotations

import json
import posixpath
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from karriereguiden.formatting import format_figure_amount
from karriereguiden.languages import language_codes, load_languages
from karriereguiden.parse import load_file
from tests.conftest import ROOT, make_project, run_build, run_site_build

pytestmark = pytest.mark.build

LANG = {lang.code: lang for lang in load_languages()}
CATALOGUE = load_file(ROOT / "data" / "roles.yaml", language_codes())
PREFIX = {"da": "", "no": "no/", "sv": "sv/"}  # Danish is the default language, at the root

# The 36 generated pages: (role, kind) -> URL per language.
ROLE_SLUGS = {
    "customer-service-representative": (
        "roller/kundeservicemedarbejder",
        "no/yrker/kundeservicemedarbeider",
        "sv/yrken/kundtjanstmedarbetare",
    ),
    "customer-service-team-lead": (
        "roller/teamleder-kundeservice",
        "no/yrker/teamleder-kundeservice",
        "sv/yrken/teamledare-kundtjanst",
    ),
    "customer-service-manager": (
        "roller/kundeservicechef",
        "no/yrker/kundeservicesjef",
        "sv/yrken/kundtjanstchef",
    ),
    "contact-centre-manager": (
        "roller/kontaktcenterchef",
        "no/yrker/kundesentersjef",
        "sv/yrken/kontaktcenterchef",
    ),
}
KIND_SUFFIX = {
    "role": ("", "", ""),
    "salary": ("loen/", "lonn/", "lon/"),
    "faq": ("spoergsmaal/", "sporsmal/", "fragor/"),
}
EXPECTED = {
    (role, kind): {
        lang: f"{folders[i]}/{KIND_SUFFIX[kind][i]}" for i, lang in enumerate(("da", "no", "sv"))
    }
    for role, folders in ROLE_SLUGS.items()
    for kind in KIND_SUFFIX
}
ALL_PAGES = [
    (role, kind, lang, url) for (role, kind), urls in EXPECTED.items() for lang, url in urls.items()
]


class Page(HTMLParser):
    """What a reader (or a crawler) sees of one HTML page."""

    def __init__(self, path: Path):
        super().__init__()
        self.lang = None
        self.canonical = None
        self.description = None
        self.og: dict[str, str] = {}
        self.hreflang: dict[str, str] = {}
        self.switcher: dict[str, str] = {}
        self.links: list[str] = []
        self._text: list[str] = []
        self._skip = 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.hreflang[attrs["hreflang"]] = attrs["href"]
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        if tag == "meta" and attrs.get("property", "").startswith("og:"):
            self.og.setdefault(attrs["property"], attrs["content"])
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs["content"]
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
            if "md-select__link" in (attrs.get("class") or ""):
                self.switcher[attrs["hreflang"]] = attrs["href"]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self._text.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"[ \t\r\n]+", " ", "".join(self._text))


def page(site: Path, url: str) -> Page:
    return Page(site / url / "index.html")


def resolve(url: str, href: str) -> str:
    """Site-relative URL that ``href`` on page ``url`` points at."""
    joined = posixpath.normpath(posixpath.join(url, href))
    return "" if joined == "." else joined.rstrip("/") + "/"


def test_there_are_36_generated_pages():
    assert len(ALL_PAGES) == 36


@pytest.mark.parametrize(("role", "kind", "lang", "url"), ALL_PAGES)
def test_every_generated_page_exists_at_its_localized_url_in_its_language(
    site, role, kind, lang, url
):
    html = page(site, url)
    assert html.lang == LANG[lang].html_lang
    assert CATALOGUE.role(role).texts[lang].title in html.text


@pytest.mark.parametrize(("role", "kind", "lang", "url"), ALL_PAGES)
def test_language_switcher_leads_to_the_same_page_in_every_language(site, role, kind, lang, url):
    switcher = page(site, url).switcher
    assert {other: resolve(url, href) for other, href in switcher.items()} == EXPECTED[(role, kind)]


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_salary_pages_show_every_figure_with_period_year_and_source(site, lang):
    language = LANG[lang]
    for role in CATALOGUE.roles:
        html = page(site, EXPECTED[(role.id, "salary")][lang])
        for figure in role.salaries:
            assert format_figure_amount(figure, language) in html.text
            assert language.word(f"per_{figure.period}") in html.text
            assert language.word(f"year_{figure.year_basis}", year=figure.year) in html.text
            source = CATALOGUE.sources[figure.source]
            assert source.url in html.links
            assert figure.note[lang] in html.text


def test_salary_figures_are_formatted_per_language(site):
    assert (
        "25.000–30.000\u00a0kr. om måneden"
        in page(site, "roller/kundeservicemedarbejder/loen/").text
    )
    assert (
        "500\u00a0000–565\u00a0943\u00a0kr per år"
        in page(site, "no/yrker/kundeservicesjef/lonn/").text
    )
    assert (
        "32\u00a0000\u00a0Dkr per månad" in page(site, "sv/yrken/kundtjanstmedarbetare/lon/").text
    )


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_a_country_without_a_sourced_figure_says_so(site, lang):
    text = page(site, EXPECTED[("contact-centre-manager", "salary")][lang]).text
    for country in ("DK", "NO", "SE"):
        name = LANG[lang].word(f"country_{country}")
        assert LANG[lang].word("no_figures", country=name) in text


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_navigation_reaches_every_generated_page(site, lang):
    home = f"{PREFIX[lang]}"
    html = page(site, home) if home else Page(site / "index.html")
    targets = {resolve(home, href) for href in html.links}
    for (_role, _kind), urls in EXPECTED.items():
        assert urls[lang] in targets


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_home_page_lists_every_role_with_its_summary(site, lang):
    html = Page(site / PREFIX[lang] / "index.html")
    for role in CATALOGUE.roles:
        assert role.texts[lang].summary in html.text


@pytest.mark.parametrize(("lang", "search_label"), [("da", "Søg"), ("no", "Søk"), ("sv", "Sök")])
def test_theme_interface_speaks_the_page_language(site, lang, search_label):
    raw = (site / PREFIX[lang] / "index.html").read_text(encoding="utf-8")
    assert f'placeholder="{search_label}"' in raw


def test_sitemap_lists_every_generated_page_with_its_alternates(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    base = "https://karriereguiden.example/"
    for urls in EXPECTED.values():
        for url in urls.values():
            assert f"<loc>{base}{url}</loc>" in sitemap
        for lang, url in urls.items():
            assert f'hreflang="{lang}" href="{base}{url}"' in sitemap


def test_hand_written_about_page_lists_the_sources(site):
    html = page(site, "sv/om/")
    for source in CATALOGUE.sources.values():
        assert source.url in html.links


# -- failing builds ------------------------------------------------------------------------------


def test_bad_data_stops_the_build_with_file_line_and_field(tmp_path):
    data = (
        (ROOT / "data" / "roles.yaml")
        .read_text(encoding="utf-8")
        .replace("period: month", "period: monthly", 1)
    )
    line = next(i for i, text in enumerate(data.splitlines(), 1) if "period: monthly" in text)
    project = make_project(tmp_path, data)
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        f"data/roles.yaml:{line}:17: role 'customer-service-representative', salary for DK: "
        "'period' must be 'month' or 'year', got 'monthly'"
    ) in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_hand_written_page_missing_in_one_language_stops_the_build(tmp_path):
    project = make_project(tmp_path)
    (project / "docs" / "no" / "om.md").unlink()
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "missing translation" in result.stderr
    assert "docs/no/om.md" in result.stderr


def test_failed_build_through_dev_py_leaves_the_last_good_site(tmp_path, monkeypatch):
    import dev

    data = (ROOT / "data" / "roles.yaml").read_text(encoding="utf-8")
    project = make_project(tmp_path, data.replace("year: 2026", "year: 2031", 1))
    good = project / "site"
    good.mkdir()
    (good / "index.html").write_text("last good site", encoding="utf-8")
    monkeypatch.setattr(dev, "ROOT", project)
    monkeypatch.setattr(dev, "SITE", good)
    monkeypatch.setattr(dev, "PYTHON", Path(sys.executable))
    monkeypatch.setattr(dev, "_ensure_env", lambda requirements: None)
    with pytest.raises(SystemExit) as exited:
        dev.build()
    assert exited.value.code != 0
    assert (good / "index.html").read_text(encoding="utf-8") == "last good site"
    assert sorted(p.name for p in project.iterdir()) == [
        "data",
        "docs",
        "hooks",
        "mkdocs.yml",
        "overrides",
        "site",
    ]


def test_a_warning_stops_the_offline_bundles_and_writes_no_zip(tmp_path, monkeypatch, capsys):
    import dev

    project = make_project(tmp_path)
    with (project / "docs" / "da" / "om.md").open("a", encoding="utf-8") as page:
        page.write("\n[Brudt link](findes-ikke.md)\n")
    monkeypatch.setattr(dev, "ROOT", project)
    with pytest.raises(SystemExit) as exited:
        dev.make_bundles(tmp_path / "dist", sys.executable)
    assert "failed; no bundle was written" in str(exited.value.code)
    assert "'da/findes-ikke.md' is not found" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path):
    project = make_project(tmp_path)
    first = run_build(project, tmp_path / "one", SOURCE_DATE_EPOCH="1790000000")
    second = run_build(project, tmp_path / "two", SOURCE_DATE_EPOCH="1790000000")
    assert first.returncode == 0 and second.returncode == 0
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert "<lastmod>2026-09-21</lastmod>" in one["sitemap.xml"].decode()


def test_one_process_per_language_gives_the_files_of_a_one_process_build(tmp_path):
    project = make_project(tmp_path)
    parallel = run_site_build(project, tmp_path / "parallel", "--processes", "per-language")
    single = run_site_build(project, tmp_path / "single", "--processes", "one")
    assert parallel.returncode == 0, parallel.stderr
    assert single.returncode == 0, single.stderr
    assert "one process per language (da, no, sv)" in parallel.stderr
    one, joined = _tree(tmp_path / "single"), _tree(tmp_path / "parallel")
    assert sorted(joined) == sorted(one)
    assert [name for name in one if one[name] != joined[name]] == []
    # The files every language adds to hold every language's pages.
    assert one["sitemap.xml"].decode().count("<url>") == 48
    entry = json.loads(one["pagefind/pagefind-entry.json"])
    assert sum(index["page_count"] for index in entry["languages"].values()) == 48


def test_a_data_error_stops_the_parallel_build_once_and_writes_nothing(tmp_path):
    data = (ROOT / "data" / "roles.yaml").read_text(encoding="utf-8")
    project = make_project(tmp_path, data.replace("period: month", "period: monthly", 1))
    result = run_site_build(project, tmp_path / "site", "--processes", "per-language")
    assert result.returncode != 0
    assert result.stderr.count("'period' must be 'month' or 'year', got 'monthly'") == 1
    assert not (tmp_path / "site").exists()


def test_a_warning_in_one_language_fails_the_strict_parallel_build(tmp_path):
    project = make_project(tmp_path)
    with (project / "docs" / "sv" / "om.md").open("a", encoding="utf-8") as page:
        page.write("\n[Trasig länk](finns-inte.md)\n")
    result = run_site_build(project, tmp_path / "site", "--processes", "per-language")
    assert result.returncode != 0
    assert "'sv/finns-inte.md' is not found" in result.stderr
    assert "The build of sv failed" in result.stderr
    assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["project"]  # no parts left behind


@pytest.mark.parametrize(("path", "lang"), [("404.html", "da"), ("no/404.html", "nb"),
                                            ("sv/404.html", "sv")])  # fmt: skip
def test_each_language_has_its_own_not_found_page(site, path, lang):
    assert Page(site / path).lang == lang


@pytest.mark.parametrize("path", ["404.html", "no/404.html", "sv/404.html"])
def test_not_found_pages_switch_language_to_each_home_page(site, path):
    # Built before any page of its language, it once kept the previous language's last page.
    assert Page(site / path).switcher == {"da": "/", "no": "/no/", "sv": "/sv/"}


def test_every_page_lists_all_its_language_versions_reciprocally(site):
    base = "https://karriereguiden.example/"
    pages = {}
    for path in site.rglob("index.html"):
        html = Page(path)
        pages[html.canonical] = html
    assert len(pages) == 48
    for url, html in pages.items():
        assert set(html.hreflang) == {"da", "no", "sv", "x-default"}, url
        assert url in html.hreflang.values(), f"{url} does not list itself"
        assert html.hreflang["x-default"] == html.hreflang["da"]
        for href in html.hreflang.values():
            assert href.startswith(base), href
            assert pages[href].hreflang == html.hreflang, f"{href} does not link back to {url}"


@pytest.mark.parametrize("versions", [("", "no/", "sv/"), ("om/", "no/om/", "sv/om/")])
def test_language_switcher_on_hand_written_pages_leads_to_the_same_page(site, versions):
    expected = dict(zip(("da", "no", "sv"), versions, strict=True))
    for url in versions:
        html = Page(site / url / "index.html")
        assert {lang: resolve(url, href) for lang, href in html.switcher.items()} == expected


class _JsonLd(HTMLParser):
    def __init__(self, path: Path):
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data):
        if self._inside:
            self.blocks.append(data)

    def handle_endtag(self, tag):
        self._inside = False


@pytest.mark.parametrize(("role", "kind", "lang", "url"), ALL_PAGES)
def test_generated_pages_carry_structured_data_true_to_the_data(site, role, kind, lang, url):
    (block,) = _JsonLd(site / url / "index.html").blocks
    graph = {item["@type"]: item for item in json.loads(block)["@graph"]}
    trail = graph["BreadcrumbList"]["itemListElement"]
    assert trail[-1]["item"] == f"https://karriereguiden.example/{url}"
    text = CATALOGUE.role(role).texts[lang]
    if kind == "role":
        assert graph["Occupation"]["name"] == text.title
        assert len(graph["Occupation"].get("estimatedSalary", [])) == len(
            CATALOGUE.role(role).salaries
        )
    if kind == "faq":
        questions = [q["name"] for q in graph["FAQPage"]["mainEntity"]]
        assert questions == [entry.question for entry in text.faq]


@pytest.mark.parametrize(("lang", "locale"), [("da", "da_DK"), ("no", "nb_NO"), ("sv", "sv_SE")])
def test_every_page_has_a_description_and_open_graph_tags_in_its_language(site, lang, locale):
    prefix = PREFIX[lang]
    others = {f"{code}/" for code in ("no", "sv")} - {prefix}
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(prefix) or any(rel.startswith(o) for o in others):
            continue
        html = Page(path)
        assert html.description, rel
        assert html.og["og:locale"] == locale, rel
        assert html.og["og:description"] == html.description, rel
        assert html.og["og:url"] == html.canonical, rel
        assert html.og["og:title"], rel


def test_unreadable_front_matter_on_a_hand_written_page_stops_the_build(tmp_path):
    project = make_project(tmp_path)
    page = project / "docs" / "sv" / "om.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('description: "', "description: Om: ", 1), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/sv/om.md:2:" in result.stderr and "front matter" in result.stderr


@pytest.mark.parametrize("processes", ["one", "per-language"])
def test_no_staged_pages_are_left_in_the_temp_folder_after_a_build(tmp_path, processes):
    project, temp = make_project(tmp_path), tmp_path / "temp"
    temp.mkdir()
    result = run_site_build(project, tmp_path / "site", "--processes", processes, TMPDIR=str(temp))
    assert result.returncode == 0, result.stderr
    # The staged folder is deleted after the build has ended, by a process of its own.
    deadline = time.monotonic() + 30
    while list(temp.glob("karriereguiden-docs-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(temp.glob("karriereguiden-docs-*")) == []
