"""Rendering pages from the model, without MkDocs."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import markdown
import pytest
from markupsafe import Markup

from karriereguiden.pages.formatting import escape_markdown, format_money
from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.render import (
    Edition,
    Heading,
    _environment,
    link,
    nav_for,
    render_role_pages,
    render_roles_index,
    render_site,
)
from tests.conftest import SALARY, TODAY, catalogue_yaml, load, role_yaml, valid_yaml

LANG = {lang.code: lang for lang in load_languages()}
EDITION = Edition(today=TODAY, data_url="https://code.example/k/blob/main/data/roles.yaml")
OFFLINE = dataclasses.replace(EDITION, directory_urls=False)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        self.hrefs += [v for k, v in attrs if k == "href"]

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def to_html(md: str) -> _Collector:
    """Markdown of hand-written pages, as Python-Markdown turns it into HTML."""
    return parsed(markdown.markdown(md, extensions=["toc", "tables"]))


def pages_by_kind(catalogue, role_id: str, lang: str):
    pages = render_role_pages(catalogue.role(role_id), catalogue, LANG[lang], EDITION)
    return {page.key.split("/")[0]: page for page in pages}


# -- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "amount", "currency", "expected"),
    [
        ("da", 35000, "DKK", "35.000\u00a0kr."),
        ("no", 619280, "NOK", "619\u00a0280\u00a0kr"),
        ("sv", 35000, "SEK", "35\u00a0000\u00a0kr"),
        ("da", 619280, "NOK", "619.280\u00a0NOK"),
    ],
)
def test_money_is_written_the_way_each_language_writes_it(lang, amount, currency, expected):
    assert format_money(amount, currency, LANG[lang]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "![img](http://evil.example/x.png)",
        "*emphasis* and __strong__ and `code`",
        "# not a heading",
        "1. not a list",
        "- not a list",
        "> not a quote",
        "a | table | row",
        "R&D &amp; &lt;b&gt;",
        "back\\slash \\* escaped",
        "<http://autolink.example>",
        "{: .class } attr list",
        "line one\n\n    indented code",
        "1986. That year",
        "3) not a list either",
        "+ plus",
        "--- not a rule",
        "=== not a heading",
        "!!! note",
        "2024-10-31 and 35.000 kr. (incl. pension) - ok!",
        "![alt](x.png) and [ref]: http://x.example",
        "~~~ not a fence",
        "``` not a fence",
    ],
)
def test_escaped_text_renders_as_exactly_that_text(text):
    html = to_html(escape_markdown(text))
    assert html.tags == ["p"]
    assert "".join(html.text) == " ".join(text.split())


# -- pages -----------------------------------------------------------------------------------


def test_role_page_has_every_section_with_headings_from_the_language_table():
    page = pages_by_kind(load(valid_yaml()), "alpha", "sv")["role"]
    text = "".join(parsed(page.html).text)
    for word in (
        "tasks",
        "skills",
        "qualities",
        "education",
        "workplaces",
        "hours",
        "tools",
        "career",
        "outlook",
        "related",
    ):
        assert LANG["sv"].words[word] in text
    assert "Task alpha sv" in text and "Task alpha da" not in text
    assert page.path == "sv/yrken/alpha-sv/index.md"


def test_role_page_links_to_its_salary_faq_and_related_role_pages():
    page = pages_by_kind(load(valid_yaml()), "alpha", "da")["role"]
    hrefs = parsed(page.html).hrefs
    assert {"loen/", "spoergsmaal/", "../beta-da/"} <= set(hrefs)


def test_page_meta_carries_the_title_and_an_escaped_description():
    text = valid_yaml().replace("Summary of alpha in no.", 'Sjef for "R&D" < team >.')
    page = pages_by_kind(load(text), "alpha", "no")["role"]
    assert page.meta == {
        "title": "Title alpha no",
        "description": "Sjef for &quot;R&amp;D&quot; &lt; team &gt;.",
    }


def test_salary_page_shows_amount_period_year_and_source():
    page = pages_by_kind(load(valid_yaml()), "alpha", "da")["salary"]
    html = parsed(page.html)
    text = "".join(html.text)
    assert "Gennemsnitsløn: 32.000\u00a0kr. om måneden" in text
    assert "Tallet gælder for 2025." in text
    assert "Statistics Office: Earnings table" in text
    assert "https://example.org/earnings" in html.hrefs


def test_salary_page_puts_the_readers_country_first():
    page = pages_by_kind(load(valid_yaml()), "alpha", "sv")["salary"]
    text = "".join(parsed(page.html).text)
    assert text.index("Lön i Sverige") < text.index("Lön i Danmark") < text.index("Lön i Norge")


def test_salary_page_says_plainly_when_a_country_has_no_sourced_figure():
    page = pages_by_kind(load(valid_yaml()), "alpha", "no")["salary"]
    text = "".join(parsed(page.html).text)
    assert LANG["no"].word("no_figures", country="Norge") in text
    assert LANG["no"].word("no_figures", country="Sverige") in text
    assert LANG["no"].word("no_figures", country="Danmark") not in text


def test_salary_page_explains_a_year_that_is_only_the_access_year():
    salary = SALARY.replace("year_basis: reference", "year_basis: accessed")
    sources = (
        "stale_after_years: 3\nsources:\n  stats:\n"
        "    publisher: P\n    title: T\n    accessed: 2025-02-03\n    kind: article\n"
    )
    catalogue = load(catalogue_yaml(role_yaml("alpha", salaries=salary), sources=sources))
    text = "".join(parsed(pages_by_kind(catalogue, "alpha", "da")["salary"].html).text)
    assert (
        "Kilden oplyser hverken, hvilket år tallet gælder, eller hvornår den er udgivet. "
        "Karriereguiden læste den 3. februar 2025."
    ) in text


def test_faq_page_lists_questions_as_headings():
    page = pages_by_kind(load(valid_yaml()), "beta", "da")["faq"]
    assert Heading(2, "question-beta-da", "Question beta da?") in page.headings
    assert '<h2 id="question-beta-da">Question beta da?<a class="headerlink"' in page.html


def test_a_page_template_escapes_every_value_it_prints_exactly_once():
    # Page templates escape through finalize alone (Jinja's autoescape is off for them):
    # text is escaped once, Markup built by the renderer is printed as it is.
    template = _environment().from_string("<p>{{ text }} {{ markup }} {{ number }}</p>")
    printed = template.render(text='<b a="1">R&D &amp;', markup=Markup("<i>x</i>"), number=2)
    assert printed == "<p>&lt;b a=&quot;1&quot;&gt;R&amp;D &amp;amp; <i>x</i> 2</p>"


def test_markup_that_reaches_the_renderer_never_becomes_markup_in_any_page():
    # The loader refuses markup; escaping must hold on its own all the same.
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    catalogue = load(valid_yaml())
    alpha = catalogue.role("alpha")
    texts = {
        lang: dataclasses.replace(
            text,
            summary=hostile,
            description=(hostile, hostile),
            tasks=(hostile,),
            typical_education=hostile,
            typical_workplaces=hostile,
            faq=(dataclasses.replace(text.faq[0], question=hostile, answer=(hostile,)),),
        )
        for lang, text in alpha.texts.items()
    }
    figures = tuple(
        dataclasses.replace(f, note=dict.fromkeys(LANG, hostile)) for f in alpha.salaries
    )
    roles = (dataclasses.replace(alpha, texts=texts, salaries=figures), *catalogue.roles[1:])
    catalogue = dataclasses.replace(catalogue, roles=roles)
    for page in render_site(catalogue, list(LANG.values()), EDITION):
        html = parsed(page.html)
        assert not {"script", "img"} & set(html.tags), page.path
        assert not any(h.startswith("javascript:") for h in html.hrefs), page.path


def test_navigation_lists_each_role_with_its_three_pages():
    nav = nav_for(load(valid_yaml()), LANG["no"])
    assert nav == [
        {
            "Yrker": [
                "yrker/index.md",
                {
                    "Title alpha no": [
                        "yrker/alpha-no/index.md",
                        {"Lønn": "yrker/alpha-no/lonn.md"},
                        {"Spørsmål og svar": "yrker/alpha-no/sporsmal.md"},
                    ]
                },
                {
                    "Title beta no": [
                        "yrker/beta-no/index.md",
                        {"Lønn": "yrker/beta-no/lonn.md"},
                        {"Spørsmål og svar": "yrker/beta-no/sporsmal.md"},
                    ]
                },
            ]
        },
        {"Lønnsoversikt": "lonn.md"},
    ]


def test_every_language_table_has_the_same_words():
    keys = [set(lang.words) for lang in LANG.values()]
    assert all(k == keys[0] for k in keys)


def _many_roles(count: int):
    from karriereguiden.pages.render import NAV_ROLE_LIMIT

    assert count > NAV_ROLE_LIMIT
    return load(catalogue_yaml(*(role_yaml(f"r{i:03d}") for i in range(count))))


def test_a_large_catalogue_keeps_roles_out_of_the_sidebar():
    nav = nav_for(_many_roles(31), LANG["da"])
    assert nav == [{"Job": "roller/index.md"}, {"Lønoversigt": "loen.md"}]


def test_a_large_catalogue_lists_roles_by_letter_on_the_roles_index():
    page = render_roles_index(_many_roles(31), LANG["sv"], EDITION)
    assert [(h.level, h.name) for h in page.headings] == [(1, "Yrken"), (2, "T")]
    assert page.html.count('<li><a href="r') == 31
    assert "Summary of" not in page.html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("da", ["Zebra", "Ærø", "Øl", "Ål"]), ("sv", ["Zebra", "Ål", "Älg", "Öl"])],
)
def test_titles_sort_in_each_languages_alphabet(lang, expected):
    shuffled = ["Øl", "Ål", "Zebra", "Ærø", "Älg", "Öl"]
    titles = [t for t in shuffled if t in expected]
    assert sorted(titles, key=LANG[lang].sort_key) == expected


@pytest.mark.parametrize(
    ("edition", "expected"),
    [
        (EDITION, {"role": "../", "salary": "../../", "faq": "../../"}),
        (OFFLINE, {"role": "../index.html", "salary": "../index.html", "faq": "../index.html"}),
    ],
)
def test_every_role_page_links_back_to_the_roles_index(edition, expected):
    catalogue = load(valid_yaml())
    pages = render_role_pages(catalogue.role("alpha"), catalogue, LANG["da"], edition)
    for page in pages:
        kind = page.key.split("/")[0]
        assert f'<a href="{expected[kind]}">Job</a> › ' in page.html, kind


def test_pages_rendered_in_two_shares_are_every_page_once():
    catalogue = load(catalogue_yaml(*(role_yaml(f"r{n}") for n in range(5))))
    languages = list(LANG.values())
    whole = render_site(catalogue, languages, EDITION)
    shares = [render_site(catalogue, languages, EDITION, (k, 2)) for k in range(2)]
    assert sorted(p.path for share in shares for p in share) == sorted(p.path for p in whole)
    assert {p.path: p.html for share in shares for p in share} == {p.path: p.html for p in whole}
    # Roles r0, r2, r4 and the two overview pages, then roles r1 and r3, in three languages.
    pages_per_role, overviews = 3, 2
    assert [len(share) for share in shares] == [
        (3 * pages_per_role + overviews) * 3,
        2 * pages_per_role * 3,
    ]


@pytest.mark.parametrize(
    ("target", "current", "href"),
    [
        ("da/roller/a/loen.md", "da/roller/a/index.md", "loen.md"),
        ("da/roller/index.md", "da/roller/a/loen.md", "../index.md"),
        ("da/roller/b/index.md", "da/roller/a/loen.md", "../b/index.md"),
        ("da/om.md", "da/roller/a/loen.md", "../../om.md"),
        ("sv/yrken/a/lon.md", "da/roller/a/loen.md", "../../../sv/yrken/a/lon.md"),
    ],
)
def test_links_between_pages_are_relative_to_the_linking_page(target, current, href):
    assert link("Text", target, current) == f"[Text]({href})"


# -- generated pages are HTML -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "heading", "anchor", "permalink"),
    [
        ("da", "Arbejdstid og vilkår", "arbejdstid-og-vilkaar", "Link til dette afsnit"),
        ("no", "Arbeidstid og vilkår", "arbeidstid-og-vilkar", "Lenke til denne delen"),
        ("sv", "Arbetstider och villkor", "arbetstider-och-villkor", "Länk till det här avsnittet"),
    ],
)
def test_a_heading_has_the_languages_slug_as_anchor_and_a_permalink_in_the_language(
    lang, heading, anchor, permalink
):
    page = pages_by_kind(load(valid_yaml()), "alpha", lang)["role"]
    assert Heading(2, anchor, heading) in page.headings
    assert (
        f'<h2 id="{anchor}">{heading}'
        f'<a class="headerlink" href="#{anchor}" title="{permalink}">&para;</a></h2>'
    ) in page.html


def _faq(questions: tuple[str, ...]):
    catalogue = load(valid_yaml())
    alpha = catalogue.role("alpha")
    texts = {
        code: dataclasses.replace(
            text,
            faq=tuple(dataclasses.replace(text.faq[0], question=q) for q in questions),
        )
        for code, text in alpha.texts.items()
    }
    role = dataclasses.replace(alpha, texts=texts)
    return render_role_pages(role, catalogue, LANG["da"], EDITION)[2]


def test_a_heading_whose_anchor_is_taken_gets_the_next_free_number():
    # "?" leaves nothing to slug: an empty anchor is numbered too, as Python-Markdown's toc did.
    page = _faq(("Same?", "Same!", "same", "?", "?"))
    anchors = [h.id for h in page.headings if h.level == 2]
    assert anchors[:5] == ["same", "same_1", "same_2", "_1", "_2"]
    for anchor in anchors:
        assert f'id="{anchor}"' in page.html
        assert f'<a class="headerlink" href="#{anchor}"' in page.html


def test_every_heading_of_every_page_is_listed_in_order_with_a_unique_anchor():
    catalogue = load(valid_yaml())
    for page in render_site(catalogue, list(LANG.values()), EDITION):
        in_html = re.findall(r'<h([1-6]) id="([^"]*)">', page.html)
        assert [(str(h.level), h.id) for h in page.headings] == in_html, page.path
        assert len({h.id for h in page.headings}) == len(page.headings), page.path
        assert page.headings[0] == Heading(1, page.headings[0].id, page.title)


def test_a_heading_ending_in_a_hash_keeps_it():
    # Markdown took the "#" of "C#" closing a heading for its closing hashes and dropped it.
    text = valid_yaml().replace("title: Title alpha da\n", "title: Udvikler i C#\n")
    page = pages_by_kind(load(text), "alpha", "da")["role"]
    assert page.headings[0] == Heading(1, "udvikler-i-c", "Udvikler i C#")
    assert '<h1 id="udvikler-i-c">Udvikler i C#<a class="headerlink"' in page.html


@pytest.mark.parametrize(
    ("edition", "expected"),
    [
        (
            EDITION,
            {
                "role": ["../", "loen/", "spoergsmaal/", "../beta-da/"],
                "salary": ["../../", "../", "../spoergsmaal/"],
                "faq": ["../../", "../", "../loen/", "../loen/"],
                "roles": ["alpha-da/", "beta-da/"],
                "salaries": ["../roller/alpha-da/loen/", "../roller/beta-da/loen/"],
            },
        ),
        (
            OFFLINE,
            {
                "role": ["../index.html", "loen.html", "spoergsmaal.html", "../beta-da/index.html"],
                "salary": ["../index.html", "index.html", "spoergsmaal.html"],
                "faq": ["../index.html", "index.html", "loen.html", "loen.html"],
                "roles": ["alpha-da/index.html", "beta-da/index.html"],
                "salaries": ["roller/alpha-da/loen.html", "roller/beta-da/loen.html"],
            },
        ),
    ],
)
def test_generated_pages_link_each_other_by_the_addresses_of_the_build(edition, expected):
    catalogue = load(valid_yaml())
    for page in render_site(catalogue, [LANG["da"]], edition):
        kind, _, role = page.key.partition("/")
        if role in ("", "alpha"):
            local = [h for h in parsed(page.html).hrefs if "://" not in h and h[0] != "#"]
            assert sorted(set(local)) == sorted(set(expected[kind])), page.path


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "[x](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "*emphasis* and __strong__ and `code`",
    "# not a heading",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "a | table | row",
    "R&D &amp; &lt;b&gt;",
    "back\\slash \\* escaped",
    "<http://autolink.example>",
    "{: .class } attr list",
    "C# ###",
]


def _everywhere(catalogue, value: str):
    """The catalogue with ``value`` in every kind of text the pages print of role alpha."""
    alpha = catalogue.role("alpha")
    texts = {
        code: dataclasses.replace(
            text,
            title=f"Title {value}",
            also_called=(value,),
            summary=value,
            typical_education=value,
            description=(value, value),
            tasks=(value,),
            faq=(dataclasses.replace(text.faq[0], question=value, answer=(value,)),),
        )
        for code, text in alpha.texts.items()
    }
    figures = tuple(dataclasses.replace(f, note=dict.fromkeys(LANG, value)) for f in alpha.salaries)
    roles = (dataclasses.replace(alpha, texts=texts, salaries=figures), *catalogue.roles[1:])
    return dataclasses.replace(catalogue, roles=roles)


class _Structure(HTMLParser):
    """The tags of a page and the names of their attributes, in order: no text, no values."""

    def __init__(self, html: str):
        super().__init__()
        self.items: list[tuple] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, tuple(name for name, _ in attrs)))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))


@pytest.mark.parametrize("value", HOSTILE)
def test_no_data_string_adds_a_tag_or_an_attribute_to_any_page(value):
    catalogue = load(valid_yaml())
    plain = render_site(_everywhere(catalogue, "plain words"), list(LANG.values()), EDITION)
    hostile = render_site(_everywhere(catalogue, value), list(LANG.values()), EDITION)
    assert [p.key for p in plain] == [p.key for p in hostile]
    for before, after in zip(plain, hostile, strict=True):
        assert _Structure(after.html).items == _Structure(before.html).items, after.path


@pytest.mark.parametrize("value", HOSTILE)
def test_data_text_shows_literally_and_not_as_markdown(value):
    pages = pages_by_kind(_everywhere(load(valid_yaml()), value), "alpha", "da")
    role, faq = parsed(pages["role"].html), parsed(pages["faq"].html)
    assert value in role.text  # the summary: a paragraph of exactly the text
    assert role.text.count(value) >= 4  # and the description's paragraphs and the task
    assert value in faq.text  # the question, as a heading of exactly the text
    assert not {"em", "code", "script", "img", "blockquote", "ol"} & set(role.tags)
