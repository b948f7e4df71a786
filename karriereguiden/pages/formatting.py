"""Numbers, money and safe text, the way each language writes them."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date as format_date_babel
from babel.numbers import format_currency, format_decimal

from ..data.model import SalaryFigure, fold_spaces
from .languages import Language

# Only ASCII white space folds: a no-break space (as in "35 000 kr") is meant. A single
# space is left alone: replacing each one by itself was most of the time of folding.
# Characters that act anywhere in a line: emphasis, code, links, attribute lists, tables.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]|])")
# At the start of a line, these begin a heading, list, quote or rule: "# ", "- ", "1. ".
_MD_LINE_START = re.compile(r"^(\s*)([#+\->!]|[0-9]+(?=[.)]))")


def lower_first(title: str) -> str:
    """A title as it stands inside a sentence: job titles are common nouns in all three
    languages. A title starting with an abbreviation ("IT-supporter") keeps its capitals."""
    if title[1:2].isupper():
        return title
    return title[:1].lower() + title[1:]


def escape_markdown(text: str) -> str:
    """Make untrusted text inert in Markdown: no HTML, no links, no emphasis, no blocks.

    HTML-escaping first means no tag or entity from the data survives; backslash-escaping
    Markdown's punctuation means no link, image, emphasis, heading or list can start.
    """
    # Text is folded to one line, so its start is the only place a block can begin; a '('
    # or '!' elsewhere is harmless once every '[' is escaped. Fewer backslashes also keep
    # Python-Markdown's inline processing (most of a build's time) down.
    escaped = _MD_INLINE.sub(r"\\\1", html.escape(fold_spaces(text), quote=True))
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match) -> str:
    lead, token = match.group(1), match.group(2)
    if token[0].isdigit():  # "1." starts an ordered list; "1\." does not
        return f"{lead}{token}\\"
    return f"{lead}\\{token}"


@cache
def _locale(babel_locale: str) -> Locale:
    # Parsed once: Babel would parse the locale name again for every number on every page.
    return Locale.parse(babel_locale)


@cache
def _money_format(babel_locale: str, iso_code: bool):
    """The locale and its own currency pattern without decimals: salaries are whole amounts.

    With ``iso_code`` the pattern writes the currency's ISO code ("¤¤") instead of the
    locale's symbol: Babel's Swedish symbols for the neighbours' crowns, "Dkr" and "Nkr",
    are not what Swedish readers see today, who read "DKK" and "NOK" as Danes and
    Norwegians write the other crowns.
    """
    locale = _locale(babel_locale)
    pattern = locale.currency_formats["standard"]
    prefix, suffix = pattern.prefix, pattern.suffix
    if iso_code:
        prefix, suffix = (
            tuple(part.replace("¤", "¤¤") for part in affix) for affix in (prefix, suffix)
        )
    whole = pattern.__class__(
        pattern.pattern,
        prefix,
        suffix,
        pattern.grouping,
        pattern.int_prec,
        (0, 0),
        pattern.exp_prec,
        pattern.exp_plus,
        pattern.number_pattern,
    )
    return whole, locale


def format_money(amount: int, currency: str, language: Language) -> str:
    """The reader's own currency with its usual sign ("kr."); any other by its ISO code."""
    return _format_money(amount, currency, language.babel_locale, currency != language.currency)


# Cached: an amount is shown on its role's pages, on the salary overview and in related
# roles' comparisons, and Babel works out the pattern again for every call.
@lru_cache(maxsize=8192)
def _format_money(amount: int, currency: str, babel_locale: str, iso_code: bool) -> str:
    pattern, locale = _money_format(babel_locale, iso_code)
    return format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)


def format_figure_amount(figure: SalaryFigure, language: Language) -> str:
    """'32.000 kr.' or '25.000–30.000 kr.' in the reader's language."""
    return format_range(figure.low, figure.high, figure.currency, language)


def format_range(low: int, high: int, currency: str, language: Language) -> str:
    high_text = format_money(high, currency, language)
    if low == high:
        return high_text
    return f"{format_number(low, language)}\u2013{high_text}"


def format_number(value: int, language: Language) -> str:
    return _format_number(value, language.babel_locale)


@lru_cache(maxsize=8192)  # as _format_money
def _format_number(value: int, babel_locale: str) -> str:
    return format_decimal(value, locale=_locale(babel_locale))


def format_date(iso: str, language: Language) -> str:
    """'2026-11-23' as the language writes a date: '23. november 2026'."""
    return _format_date(iso, "long", language.babel_locale)


def format_partial_date(value: str, language: Language) -> str:
    """A source's date as precise as it is known: '2024', 'oktober 2024' or '31. oktober 2024'."""
    if len(value) == 4:
        return value
    if len(value) == 7:
        return _format_date(f"{value}-01", "MMMM y", language.babel_locale)
    return format_date(value, language)


# Cached: a page repeats the same few dates (its sources', the exchange rates', the build's)
# and every role's pages repeat them again; Babel parses the pattern anew for each call.
@lru_cache(maxsize=4096)
def _format_date(iso: str, pattern: str, babel_locale: str) -> str:
    date = dt.date.fromisoformat(iso)
    return format_date_babel(date, format=pattern, locale=_locale(babel_locale))


def format_rate(rate: Decimal, language: Language) -> str:
    """Every decimal the data gives: a rate is shown as its source states it."""
    decimals = max(0, -rate.as_tuple().exponent)
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(rate, format=pattern, locale=_locale(language.babel_locale))


def round_converted(amount: Decimal, period: str) -> int:
    """A converted amount only to the precision that means something: the rate moves daily."""
    step = 100 if period == "month" else 1000
    return int((amount / step).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)) * step
