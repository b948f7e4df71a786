"""A role's pages print as clean fact sheets: no navigation, sources written out."""

from __future__ import annotations

import pytest

from tests.browser import offline_browser

pytestmark = pytest.mark.build


def test_a_salary_page_prints_without_navigation_and_with_source_addresses(site, tmp_path):
    page_file = site / "roller" / "kundeservicechef" / "loen" / "index.html"
    with offline_browser() as (context, _outside):
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => ['.md-header', '.md-sidebar--primary', '.md-footer'].map(
                   s => getComputedStyle(document.querySelector(s)).display)"""
        )
        assert hidden == ["none", "none", "none"]
        after = page.evaluate(
            """() => getComputedStyle(
                   document.querySelector('.md-content a[href^="https://jobzoo.dk"]'), '::after'
               ).content"""
        )
        assert "https://jobzoo.dk/kundeservice-chef" in after
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        (tmp_path / "salary.pdf").write_bytes(pdf)
