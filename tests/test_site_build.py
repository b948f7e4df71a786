"""The built site, as a reader gets it: the real data through the real MkDocs build."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from karriereguiden.data.parse import load_file
from karriereguiden.pages import render, salary
from karriereguiden.pages.formatting import format_figure_amount
from karriereguiden.pages.languages import language_codes, load_languages
from karriereguiden.site import theme
from tests import schemaorg_vocabulary as vocabulary
from tests.conftest import ROOT, make_project, run_build, run_site_build

pytestmark = pytest.mark.build

LANG = {lang.code: lang for lang in load_languages()}
CATALOGUE = load_file(ROOT / "data" / "roles.yaml", language_codes())
PREFIX = {"da": "", "no": "no/", "sv": "sv/"}  # Danish is the default language, at the root
CODE_OF_TAG = {lang.html_lang: code for code, lang in LANG.items()}  # "nb" -> "no"
BASE = "https://karriereguiden.example/"

# The generated pages: (role, kind) -> URL per language.
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
# A role an editor adds gets its URLs by the same scheme from its slugs: adding a role
# must not turn these tests red (the table above pins the scheme for the real roles).
_FOLDERS = ("roller", "no/yrker", "sv/yrken")
ROLE_SLUGS |= {
    role.id: tuple(
        f"{_FOLDERS[i]}/{role.texts[lang].slug}" for i, lang in enumerate(("da", "no", "sv"))
    )
    for role in CATALOGUE.roles
    if role.id not in ROLE_SLUGS
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
# Per language: home, about, the role index and the salary overview.
HAND_WRITTEN_AND_INDEX_PAGES = 4 * 3


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
                # Keyed by the site's language code; the attribute holds the BCP 47 tag.
                self.switcher[CODE_OF_TAG[attrs["hreflang"]]] = attrs["href"]

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


def test_every_role_has_three_kinds_of_page_in_three_languages():
    assert len(ALL_PAGES) == 3 * 3 * len(CATALOGUE.roles) >= 36


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
            view = salary.figure_view(figure, CATALOGUE, language, dt.date.today())
            assert view.year_text in html.text
            assert view.kind in html.text
            source = CATALOGUE.sources[figure.source]
            assert source.url in html.links
            if figure.note:
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
        "32\u00a0000\u00a0DKK per månad" in page(site, "sv/yrken/kundtjanstmedarbetare/lon/").text
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


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_what_the_home_page_claims_of_the_figures_is_counted_from_the_data(site, lang):
    html = Page(site / PREFIX[lang] / "index.html")
    figures = [f for role in CATALOGUE.roles for f in role.salaries]
    undated = [f for f in figures if f.year_basis != "reference"]
    assert render.salary_facts(CATALOGUE, LANG[lang]).replace("\\", "") in html.text
    if undated:  # no sentence may promise a year for every figure
        assert LANG[lang].word("facts_all_dated") not in html.text


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_no_salary_page_claims_statistics_or_years_its_figures_do_not_have(site, lang):
    language = LANG[lang]
    for role in CATALOGUE.roles:
        description = page(site, EXPECTED[(role.id, "salary")][lang]).description
        kinds = {CATALOGUE.sources[f.source].kind for f in role.salaries}
        if kinds != {"official_statistics"}:
            assert "statisti" not in description.lower(), (role.id, description)
        if any(f.year_basis != "reference" for f in role.salaries):
            assert description != language.word(
                "salary_description_dated", title=role.texts[lang].title.lower()
            )


@pytest.mark.parametrize(("lang", "search_label"), [("da", "Søg"), ("no", "Søk"), ("sv", "Sök")])
def test_theme_interface_speaks_the_page_language(site, lang, search_label):
    raw = (site / PREFIX[lang] / "index.html").read_text(encoding="utf-8")
    assert f'placeholder="{search_label}"' in raw


def sitemap_entries(site: Path) -> dict[str, dict[str, str]]:
    """Each <loc> of sitemap.xml with its alternates: hreflang -> address."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = {}
    for block in re.findall(r"<url>(.*?)</url>", sitemap, re.S):
        (loc,) = re.findall(r"<loc>(.*?)</loc>", block)
        entries[loc] = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block))
    return entries


def test_sitemap_lists_every_generated_page_with_its_alternates(site):
    entries = sitemap_entries(site)
    for urls in EXPECTED.values():
        versions = {LANG[lang].html_lang: BASE + url for lang, url in urls.items()}
        for url in urls.values():
            assert entries[BASE + url] == {**versions, "x-default": versions["da"]}


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


def test_a_missing_data_file_stops_the_build_with_a_plain_message(tmp_path):
    project = make_project(tmp_path)
    (project / "data" / "roles.yaml").unlink()
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "data/roles.yaml: this file is not there." in result.stderr
    assert "Traceback" not in result.stderr


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
    pages = len(ALL_PAGES) + HAND_WRITTEN_AND_INDEX_PAGES
    assert one["sitemap.xml"].decode().count("<url>") == pages
    entry = json.loads(one["pagefind/pagefind-entry.json"])
    assert sum(index["page_count"] for index in entry["languages"].values()) == pages


@pytest.mark.parametrize("processes", ["per-language", "one"])
def test_a_build_over_the_kept_last_site_gives_the_files_of_a_fresh_build(tmp_path, processes):
    data = (ROOT / "data" / "roles.yaml").read_text(encoding="utf-8")
    # A page at another address in each language, whose old page must go.
    renamed = data.replace("slug: kundeservicemedarbejder", "slug: kundeservice-medarbejder")
    renamed = renamed.replace("slug: kundtjanstmedarbetare", "slug: kundtjanst-medarbetare")
    site = tmp_path / "site"
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old = make_project(tmp_path / "old", renamed)
    for _ in range(2):  # the second build keeps the first beside it
        result = run_site_build(old, site, "--processes", processes)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / ".site.previous").is_dir()
    project = make_project(tmp_path / "new")
    over = run_site_build(project, site, "--processes", processes)
    fresh = run_site_build(project, tmp_path / "fresh", "--processes", processes)
    assert over.returncode == 0 and fresh.returncode == 0, over.stderr + fresh.stderr
    built, expected = _tree(site), _tree(tmp_path / "fresh")
    assert sorted(built) == sorted(expected)
    assert [name for name in expected if expected[name] != built[name]] == []
    assert not (site / "roller" / "kundeservice-medarbejder").exists()
    assert not (site / "sv" / "yrken" / "kundtjanst-medarbetare").exists()
    assert (site / "roller" / "kundeservicemedarbejder" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site.previous",
        "fresh",
        "new",
        "old",
        "site",
    ]


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


def test_sitemap_lists_every_page_with_all_its_language_versions_reciprocally(site):
    entries = sitemap_entries(site)
    assert len(entries) == len(ALL_PAGES) + HAND_WRITTEN_AND_INDEX_PAGES
    for url, versions in entries.items():
        assert set(versions) == {"da", "nb", "sv", "x-default"}, url
        assert url in versions.values(), f"{url} does not list itself"
        assert versions["x-default"] == versions["da"]
        for href in versions.values():
            assert entries[href] == versions, f"{href} does not link back to {url}"


def test_sitemap_alternates_are_the_language_switcher_links(site):
    for url, versions in sitemap_entries(site).items():
        rel = url.removeprefix(BASE)
        links = page(site, rel).switcher.items()
        switcher = {lang: BASE + resolve(rel, href) for lang, href in links}
        assert switcher == {code: versions[LANG[code].html_lang] for code in LANG}, url


def test_pages_leave_language_versions_to_the_sitemap(site):
    # Material's script takes every <link rel="alternate"> for a language's root and fetches
    # sitemap.xml beside it: from a page's own address, a failed request per link.
    for path in site.rglob("*.html"):
        assert Page(path).hreflang == {}, path


def test_every_page_carries_the_site_stylesheet_without_its_comments(site):
    source = (ROOT / "overrides" / theme.STYLESHEET).read_text("utf-8")
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        assert f"<style>{theme.stylesheet(source)}</style>" in text, path
        assert "Colours\n   come from Material" not in text, path  # the file's first comment


def test_a_stylesheet_that_would_end_its_style_element_stops_the_build(tmp_path):
    project = make_project(tmp_path)
    css = project / "overrides" / theme.STYLESHEET
    css.write_text(css.read_text("utf-8") + '.kg-x::after { content: "</style>"; }\n', "utf-8")
    result = run_site_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"{css.relative_to(project)} holds '</'" in result.stderr
    assert "write it as '<\\/'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_norwegian_is_bokmal_nb_in_every_language_tag(site):
    url = EXPECTED[("customer-service-manager", "faq")]["no"]
    raw = (site / url / "index.html").read_text(encoding="utf-8")
    (block,) = _JsonLd(site / url / "index.html").blocks
    graph = {item["@type"]: item for item in json.loads(block)["@graph"]}
    assert Page(site / url / "index.html").lang == "nb"
    assert 'hreflang="nb"' in raw and 'hreflang="no"' not in raw
    assert graph["FAQPage"]["inLanguage"] == "nb"
    assert 'hreflang="no"' not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_robots_txt_names_the_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


@pytest.mark.parametrize("path", ["404.html", "no/404.html", "sv/404.html"])
def test_not_found_pages_have_a_description_in_their_language(site, path):
    lang = Page(site / path).lang
    code = CODE_OF_TAG[lang]
    assert Page(site / path).description == LANG[code].word("not_found_description")


@pytest.mark.parametrize(
    ("url", "anchor"),
    [
        ("roller/kundeservicechef/loen/", "loen-i-danmark"),
        ("roller/kundeservicechef/loen/", "sammenlignet-paa-tvaers-af-landene"),
        ("no/yrker/kundeservicesjef/lonn/", "lonn-i-danmark"),
        ("sv/yrken/kundtjanstchef/lon/", "lon-i-sverige"),
    ],
)
def test_heading_anchors_keep_the_language_letters_readable(site, url, anchor):
    raw = (site / url / "index.html").read_text(encoding="utf-8")
    assert f'id="{anchor}"' in raw
    assert f'href="#{anchor}"' in raw


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
        # Only the figure the page shows: the fact box's one for the reader's country.
        shown = salary.headline(CATALOGUE.role(role), LANG[lang].country, CATALOGUE)
        assert len(graph["Occupation"].get("estimatedSalary", [])) == (shown is not None)
    if kind == "salary":
        # Every figure the page shows, each under its country.
        assert len(list(_money_objects(graph["WebPage"]))) == len(CATALOGUE.role(role).salaries)
        located = {
            o["occupationLocation"][0]["identifier"]: len(o["estimatedSalary"])
            for o in graph["WebPage"].get("about", [])
        }
        earned = [f.country for f in CATALOGUE.role(role).salaries if f.measure != "minimum"]
        assert located == {c: earned.count(c) for c in earned}
    if kind == "faq":
        questions = [q["name"] for q in graph["FAQPage"]["mainEntity"]]
        assert questions[:-1] == [entry.question for entry in text.faq]
        answer = salary.faq_answer(CATALOGUE.role(role), CATALOGUE, LANG[lang], dt.date.today())
        assert questions[-1] == answer.question


_MONEY_PROPERTIES = ("MonetaryAmount", "MonetaryAmountDistribution")
_BARE_YEAR = re.compile(r"^(19|20)[0-9]{2}$")
_REFERENCE_YEARS = {
    str(f.year) for role in CATALOGUE.roles for f in role.salaries if f.year_basis == "reference"
}


def _money_objects(value):
    if isinstance(value, dict):
        if value.get("@type") in _MONEY_PROPERTIES:
            yield value
        for item in value.values():
            yield from _money_objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _money_objects(item)


def test_every_json_ld_object_on_the_site_is_one_the_schema_org_vocabulary_defines(site):
    found = 0
    for path in site.rglob("index.html"):
        for block in _JsonLd(path).blocks:
            data = json.loads(block)
            assert vocabulary.problems(data) == [], path
            for money in _money_objects(data):
                found += 1
                # An undated figure's name says so instead of giving its reading year.
                bare = re.search(r", ([0-9]{4})\)$", money.get("name", ""))
                assert not bare or bare.group(1) in _REFERENCE_YEARS, money
    assert found


class _Cells(HTMLParser):
    """The text of every table cell of a page."""

    def __init__(self, path: Path):
        super().__init__()
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_no_table_shows_an_undated_figure_with_a_bare_year(site):
    """Chart tables, overviews and comparisons: a year alone is only ever a reference year."""
    undated = [LANG[lang].word("undated_accessed", date="")[:10] for lang in LANG]
    seen_undated = 0
    for path in site.rglob("index.html"):
        for cell in _Cells(path).cells:
            if _BARE_YEAR.match(cell):
                assert cell in _REFERENCE_YEARS, (path, cell)
            seen_undated += any(cell.startswith(word) for word in undated)
    assert seen_undated


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_every_chart_table_row_and_overview_row_names_its_kind_of_source(site, lang):
    kinds = {
        LANG[lang].word(f"kind_{kind}")
        for kind in ("official_statistics", "article", "collective_agreement", "survey")
    }
    overview = _Cells(site / PREFIX[lang] / LANG[lang].paths["salaries"] / "index.html").cells
    for role in CATALOGUE.roles:
        cells = _Cells(site / EXPECTED[(role.id, "salary")][lang] / "index.html").cells
        rows = [c for c in cells if "(" in c and c.endswith(")")]
        in_rows = {salary.in_running_text(k) for k in kinds}  # after the label, in brackets
        assert len([c for c in rows if any(k in c for k in in_rows)]) >= len(role.salaries)
    figures = sum(len(role.salaries) for role in CATALOGUE.roles)
    assert len([c for c in overview if any(c.startswith(k) for k in kinds)]) == figures


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_the_salary_question_carries_the_headline_figure_where_there_is_one(site, lang):
    language = LANG[lang]
    for role in CATALOGUE.roles:
        text = page(site, EXPECTED[(role.id, "faq")][lang]).text
        figure = salary.headline(role, language.country, CATALOGUE)
        country = language.word(f"country_{language.country}")
        if figure is None and role.figures_for(language.country):
            assert language.word("faq_salary_no_earnings", country=country) in text
        elif figure is None:
            assert language.word("faq_salary_none", country=country) in text
        else:
            assert format_figure_amount(figure, language) in text


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
def test_a_build_writes_no_copy_of_the_pages_anywhere(tmp_path, processes):
    # Generated pages reach MkDocs in memory: nothing is staged in the temp folder.
    project, temp = make_project(tmp_path), tmp_path / "temp"
    temp.mkdir()
    result = run_site_build(project, tmp_path / "site", "--processes", processes, TMPDIR=str(temp))
    assert result.returncode == 0, result.stderr
    assert list(temp.rglob("*.md")) == []
    assert sorted(p.name for p in (project / "docs").rglob("*")) == sorted(
        p.name for p in (ROOT / "docs").rglob("*")
    )
