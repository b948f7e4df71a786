"""Links to a publisher's page open it in the reader's language where the publisher has it."""

from __future__ import annotations

import pytest

from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.render import Edition, render_role_pages
from tests.conftest import TODAY, load, valid_yaml

LANG = {lang.code: lang for lang in load_languages()}


@pytest.mark.parametrize(("code", "portal"), [("da", "da"), ("no", "nb"), ("sv", "sv")])
def test_the_esco_link_opens_the_portal_in_the_readers_language(code, portal):
    text = valid_yaml().replace(
        "    reviewed: 2026-11-01\n",
        '    reviewed: 2026-11-01\n    codes:\n      isco08: "4222"\n'
        "      esco: http://data.europa.eu/esco/isco/C4222\n",
        1,
    )
    catalogue = load(text)
    [role_page, *_] = render_role_pages(
        catalogue.role("alpha"), catalogue, LANG[code], Edition(TODAY)
    )
    assert (
        f'href="https://esco.ec.europa.eu/{portal}/classification/occupation?'
        'uri=http://data.europa.eu/esco/isco/C4222"' in role_page.html
    )
