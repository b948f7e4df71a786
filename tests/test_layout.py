"""Charts and tables fit the reader's screen and paper: chart text readable on a 390 px phone
and no larger than the body text on a desktop, chart and table as one figure, and no table
cut off or hidden in a sideways scroller, in every language. Ladders, headings and pages keep
to the text column at 390 and 1366 px."""

from __future__ import annotations

import pytest

from tests.browser import local_browser, served
from tests.conftest import ROOT, make_project, run_site_build

pytestmark = pytest.mark.build

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SALARY = {
    "da": "roller/kundeservicechef/loen/",
    "no": "no/yrker/kundeservicesjef/lonn/",
    "sv": "sv/yrken/kundtjanstchef/lon/",
}
ROLE = {
    "da": "roller/kundeservicechef/",
    "no": "no/yrker/kundeservicesjef/",
    "sv": "sv/yrken/kundtjanstchef/",
}
OVERVIEW = {"da": "loen/", "no": "no/lonn/", "sv": "sv/lon/"}
# The longest job title of the real data, as a role page's heading and in the FAQ's.
LONGEST_TITLE = {
    "da": ("roller/kundeservicemedarbejder/", "roller/kundeservicemedarbejder/spoergsmaal/"),
    "no": ("no/yrker/kundeservicemedarbeider/", "no/yrker/kundeservicemedarbeider/sporsmal/"),
    "sv": ("sv/yrken/kundtjanstmedarbetare/", "sv/yrken/kundtjanstmedarbetare/fragor/"),
}

# The size each piece of chart text is drawn at: its font size, times the scale of an SVG
# whose viewBox is stretched or shrunk to the page.
CHART_TEXT_PX = """() => [...document.querySelectorAll('figure.kg-chart *')]
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .filter(e => !e.closest('table, figcaption, [hidden]'))
    .map(e => {
        const svg = e.ownerSVGElement, box = svg && svg.viewBox.baseVal;
        const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
        return parseFloat(getComputedStyle(e).fontSize) * scale;
    })"""
BODY_TEXT_PX = """() => parseFloat(getComputedStyle(
    document.querySelector('.md-content .md-typeset > p')).fontSize)"""
# Tables whose box, or any cell's, reaches past the text column or its own scroller.
CUT_OFF_TABLES = """() => {
    const column = document.querySelector('.md-content__inner').getBoundingClientRect();
    return [...document.querySelectorAll('.md-content table')].filter(table => {
        const scroller = table.closest('.md-typeset__scrollwrap');
        if (scroller && scroller.scrollWidth > scroller.clientWidth) return true;
        return [table, ...table.querySelectorAll('th, td')].some(e => {
            const box = e.getBoundingClientRect();
            const out = box.left < column.left - 0.5 || box.right > column.right + 0.5;
            return box.width > 0 && out;
        });
    }).map(t => t.outerHTML.slice(0, 120));
}"""


# The widest word of the page heading, set on one line in the heading's font, and the
# heading's width: a wider word would be broken inside it.
HEADING_WORD_FIT = """() => {
  const h1 = document.querySelector('.md-content h1');
  const style = getComputedStyle(h1);
  const probe = document.createElement('span');
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
  for (const name of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing']) {
    probe.style[name] = style[name];
  }
  document.body.append(probe);
  const text = [...h1.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent);
  const widths = text.join(' ').split(/\\s+/).filter(Boolean).map(word => {
    probe.textContent = word;
    return probe.getBoundingClientRect().width;
  });
  probe.remove();
  return [Math.max(...widths), h1.clientWidth];
}"""


# Each arrow between two steps of a career ladder (drawn by the step's ::before), with the
# step's box and the text column's edges.
LADDER_ARROWS = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect();
  return [...document.querySelectorAll('.kg-ladder li + li')].map(li => {
    const step = li.getBoundingClientRect(), arrow = getComputedStyle(li, '::before');
    const left = step.left + parseFloat(arrow.left), top = step.top + parseFloat(arrow.top);
    const wrapped = li.previousElementSibling.getBoundingClientRect().bottom <= step.top;
    return {left, right: left + parseFloat(arrow.width), top,
            bottom: top + parseFloat(arrow.height), wrapped,
            step: {left: step.left, top: step.top, bottom: step.bottom},
            column: {left: column.left, right: column.right}, text: li.textContent.trim()};
  });
}"""
# Headings whose "¶" link stands on a line below the heading's last line of text.
LINK_ALONE_ON_A_LINE = """() => [...document.querySelectorAll('.md-content .headerlink')]
 .filter(a => {
  const text = [...a.parentElement.childNodes]
    .filter(n => n.nodeType === 3 && n.textContent.trim());
  if (!text.length) return false;  // a heading of markup only: measured by its text nodes
  const range = document.createRange();
  range.selectNodeContents(text[text.length - 1]);
  const lines = range.getClientRects();
  return a.getBoundingClientRect().top >= lines[lines.length - 1].bottom - 1;
}).map(a => a.parentElement.textContent.trim())"""
# Every page kind whose headings are long: salary headings ("Startløn: 25.000–30.000 kr. om
# måneden") and FAQ questions just fit a phone's line.
LONG_HEADINGS = {
    "da": ("roller/kundeservicemedarbejder/loen/", "roller/kundeservicechef/loen/",
           "roller/kundeservicemedarbejder/spoergsmaal/", "roller/kundeservicechef/"),
    "no": ("no/yrker/kundeservicemedarbeider/lonn/", "no/yrker/kundeservicesjef/lonn/",
           "no/yrker/kundeservicemedarbeider/sporsmal/", "no/yrker/kundeservicesjef/"),
    "sv": ("sv/yrken/kundtjanstmedarbetare/lon/", "sv/yrken/kundtjanstchef/lon/",
           "sv/yrken/kundtjanstmedarbetare/fragor/", "sv/yrken/kundtjanstchef/"),
}  # fmt: skip


@pytest.fixture(scope="module")
def tab():
    """One browser tab for the module: Playwright runs one browser per thread."""
    with local_browser() as (context, _outside):
        page = context.new_page()
        yield page
        page.close()


def _opener(page, base: str):
    def open_page(url: str, viewport: dict):
        page.set_viewport_size(viewport)
        page.goto(base + url)
        return page

    return open_page


@pytest.fixture(scope="module")
def browse(site, tab):
    """Open a page of the built site at a viewport size, over loopback."""
    with served(site) as base:
        yield _opener(tab, base)


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_chart_text_is_at_least_12_px_on_a_phone(browse, lang):
    sizes = browse(SALARY[lang], PHONE).evaluate(CHART_TEXT_PX)
    assert sizes and min(sizes) >= 12, sizes


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_chart_text_is_no_larger_than_the_body_text_on_a_desktop(browse, lang):
    page = browse(SALARY[lang], DESKTOP)
    sizes = page.evaluate(CHART_TEXT_PX)
    assert sizes and max(sizes) <= page.evaluate(BODY_TEXT_PX), sizes


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_chart_and_its_table_line_up_as_one_figure_on_a_desktop(browse, lang):
    edges = browse(SALARY[lang], DESKTOP).evaluate(
        """() => [...document.querySelectorAll('figure.kg-chart')].map(figure => {
               const chart = figure.querySelector('.kg-chart__plot').getBoundingClientRect();
               const table = figure.querySelector('table').getBoundingClientRect();
               return [chart.left - table.left, chart.right - table.right];
           })"""
    )
    assert edges and all(abs(left) <= 1 and abs(right) <= 1 for left, right in edges), edges


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_no_table_is_cut_off_on_a_phone(browse, lang):
    tables = 0
    for url in (SALARY[lang], ROLE[lang], OVERVIEW[lang]):
        page = browse(url, PHONE)
        tables += page.evaluate("() => document.querySelectorAll('.md-content table').length")
        assert page.evaluate(CUT_OFF_TABLES) == [], url
    assert tables >= 5


# Two figures that may be compared, added to the manager's for a site whose salary page
# has a comparison table: the real data has none yet.
COMPARABLE = """\
      - {country: "NO", currency: NOK, measure: average, who: all, amount: 52000,
         period: month, tax: unstated, year: 2022, year_basis: reference,
         source: kundeserviceavisen-lonn-kundeservice}
      - {country: SE, currency: SEK, measure: average, who: all, amount: 38000,
         period: month, tax: unstated, year: 2022, year_basis: published,
         source: kollega-lagsta-loner-callcenter}
"""


@pytest.fixture(scope="module")
def browse_compared(tmp_path_factory, tab):
    data = (ROOT / "data" / "roles.yaml").read_text(encoding="utf-8")
    start = data.index("  - id: customer-service-manager")
    at = data.index("    salaries:\n", start) + len("    salaries:\n")
    tmp = tmp_path_factory.mktemp("compared")
    project = make_project(tmp, data[:at] + COMPARABLE + data[at:])
    result = run_site_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    with served(tmp / "site") as base:
        yield _opener(tab, base)


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_the_comparison_table_fits_a_phone_with_each_cell_led_by_its_column(browse_compared, lang):
    page = browse_compared(SALARY[lang], PHONE)
    assert page.evaluate("() => document.querySelectorAll('table[data-comparison]').length") == 1
    assert page.evaluate(CUT_OFF_TABLES) == []
    cells = page.evaluate(
        """() => [...document.querySelectorAll('table[data-comparison] tbody td')].map(cell =>
               [cell.textContent.trim(), getComputedStyle(cell, '::before').content])"""
    )
    assert len(cells) == 6  # Norway and Sweden (the Danish figure is our reading), 3 columns
    assert all(label.startswith('"') and label != '""' for _, label in cells), cells


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_on_a_phone_no_word_of_a_page_heading_is_broken(browse, lang):
    for url in LONGEST_TITLE[lang]:
        widest, width = browse(url, PHONE).evaluate(HEADING_WORD_FIT)
        assert widest <= width, (url, widest, width)


def test_on_a_phone_each_table_cell_is_led_by_its_column_name(browse):
    for url in (SALARY["da"], OVERVIEW["da"]):
        cells = browse(url, PHONE).evaluate(
            """() => [...document.querySelectorAll('.md-content tbody tr')].flatMap(tr => {
                   const heads = [...tr.closest('table').querySelectorAll('thead th')]
                       .map(th => th.textContent.trim());
                   return [...tr.children].map((cell, i) => [heads[i], cell.textContent.trim(),
                       getComputedStyle(cell, '::before').content]).slice(1);
               })"""
        )
        assert cells, url
        for head, text, label in cells:
            assert label.startswith(f'"{head}: "') or not text, (url, head, text, label)


def test_printed_charts_keep_their_text_no_larger_than_the_body_text(browse):
    page = browse(SALARY["sv"], DESKTOP)
    page.emulate_media(media="print")
    try:
        sizes = page.evaluate(CHART_TEXT_PX)
        body = page.evaluate(BODY_TEXT_PX)
        assert sizes and min(sizes) >= 10 and max(sizes) <= body, (sizes, body)
        assert page.evaluate(CUT_OFF_TABLES) == []
    finally:
        page.emulate_media(media="screen")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_every_ladder_arrow_stands_inside_the_text_column_before_its_step(browse, lang, viewport):
    # At 390 px the arrow of a step that wrapped to a new line stood at x = -6 px, at
    # 1366 px in the margin left of the column.
    arrows = browse(LONGEST_TITLE[lang][0], viewport).evaluate(LADDER_ARROWS)
    assert any(arrow["wrapped"] for arrow in arrows)  # a step starts a line at both widths
    for arrow in arrows:
        assert arrow["left"] >= arrow["column"]["left"], arrow
        assert arrow["right"] <= arrow["step"]["left"], arrow
        assert arrow["step"]["top"] <= arrow["top"] and arrow["bottom"] <= arrow["step"]["bottom"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_no_heading_leaves_its_invisible_link_alone_on_a_line(browse, lang, viewport):
    for url in LONG_HEADINGS[lang]:
        page = browse(url, viewport)
        assert page.evaluate("() => document.querySelectorAll('.headerlink').length") > 3
        assert page.evaluate(LINK_ALONE_ON_A_LINE) == [], url


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_no_page_scrolls_sideways_on_a_phone(browse, lang):
    # The heading links are drawn past the end of the text, in the column's margin.
    for url in (*LONG_HEADINGS[lang], *LONGEST_TITLE[lang], OVERVIEW[lang]):
        page = browse(url, PHONE)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], url
