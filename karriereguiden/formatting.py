"""Numbers, money and safe text, the way each language writes them."""

from __future__ import annotations

import html
import re
from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal

from .languages import Language
from .model import SalaryFigure

# Only ASCII white space folds: a no-break space (as in "35 000 kr") is meant.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
# Characters that act anywhere in a line: emphasis, code, links, attribute lists, tables.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]|])")
# At the start of a line, these begin a heading, list, quote or rule: "# ", "- ", "1. ".
_MD_LINE_START = re.compile(r"^(\s*)([#+\->!]|[0-9]+(?=[.)]))")


def fold_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


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
def _money_format(babel_locale: str):
    """The locale and its own currency pattern without decimals: salaries are whole amounts."""
    locale = Locale.parse(babel_locale)
    pattern = locale.currency_formats["standard"]
    whole = pattern.__class__(
        pattern.pattern,
        pattern.prefix,
        pattern.suffix,
        pattern.grouping,
        pattern.int_prec,
        (0, 0),
        pattern.exp_prec,
        pattern.exp_plus,
        pattern.number_pattern,
    )
    return whole, locale


def format_money(amount: int, currency: str, language: Language) -> str:
    pattern, locale = _money_format(language.babel_locale)
    return format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)


def format_figure_amount(figure: SalaryFigure, language: Language) -> str:
    """'32.000 kr.' or '25.000–30.000 kr.' in the reader's language."""
    high = format_money(figure.high, figure.currency, language)
    if not figure.is_range:
        return high
    low = format_decimal(figure.low, locale=language.babel_locale)
    return f"{low}\u2013{high}"
