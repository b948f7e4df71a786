"""The site's stylesheet as pages carry it: karriereguiden.site.theme.stylesheet."""

from __future__ import annotations

import pytest

from karriereguiden.site import theme
from tests.conftest import ROOT

SOURCE = """/* Why the facts stand apart: a comment for the editor of this file. */
.kg-facts {
  margin: 1em 0 1.5em;
  border-left: 0.25em solid var(--md-primary-fg-color);
}

/* A phone puts terms above their descriptions. */
@media screen and (max-width: 30em) {
  .kg-facts dl { display: block; }
}
"""


def test_the_stylesheet_loses_its_comments_and_spaces():
    assert theme.stylesheet(SOURCE) == (
        ".kg-facts{margin:1em 0 1.5em;border-left:0.25em solid var(--md-primary-fg-color)}"
        "@media screen and (max-width:30em){.kg-facts dl{display:block}}"
    )


def test_a_string_in_the_stylesheet_keeps_its_spaces_and_comment_marks():
    css = '.kg-note::before { content: "  /* not a comment */  "; }'
    assert theme.stylesheet(css) == '.kg-note::before{content:"  /* not a comment */  "}'


def test_a_stylesheet_that_would_end_the_style_element_is_refused():
    with pytest.raises(ValueError, match="</"):
        theme.stylesheet('.kg-note::before { content: "</style><script>"; }')


def test_the_site_stylesheet_passes_as_written():
    css = (ROOT / "overrides" / theme.STYLESHEET).read_text("utf-8")
    assert "/*" in css  # its comments are for its editors
    assert "/*" not in theme.stylesheet(css)
