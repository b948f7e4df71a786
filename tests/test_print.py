"""A role's pages print as clean fact sheets: no navigation, sources written out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser import offline_browser
from tests.test_site_build import CATALOGUE

pytestmark = pytest.mark.build


@contextmanager
def printed(page_file: Path) -> Iterator:
    """The page as the browser lays it out for paper."""
    with offline_browser() as (context, _outside):
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.emulate_media(media="print")
        yield page


def test_a_salary_page_prints_without_navigation_and_with_source_addresses(site, tmp_path):
    page_file = site / "roller" / "kundeservicechef" / "loen" / "index.html"
    with printed(page_file) as page:
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


def test_a_role_page_prints_as_a_fact_sheet_with_its_fact_box_and_ladder(site, tmp_path):
    page_file = site / "sv" / "yrken" / "kundtjanstmedarbetare" / "index.html"
    with printed(page_file) as page:
        shown = page.evaluate(
            """() => ['.kg-facts', '.kg-ladder', '.md-header'].map(
                   s => getComputedStyle(document.querySelector(s)).display)"""
        )
        assert shown[0] != "none" and shown[1] != "none" and shown[2] == "none"
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        (tmp_path / "role.pdf").write_bytes(pdf)


def test_salary_charts_and_their_tables_stay_on_paper(site):
    page_file = site / "no" / "yrker" / "kundeservicemedarbeider" / "lonn" / "index.html"
    with printed(page_file) as page:
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.kg-chart__plot, figure.kg-chart table')]
                   .map(e => e.getBoundingClientRect().height)"""
        )
        figures = CATALOGUE.role("customer-service-representative").salaries
        charts = {(f.country, f.currency, f.period) for f in figures}
        assert len(boxes) == 2 * len(charts) and all(h > 20 for h in boxes)
