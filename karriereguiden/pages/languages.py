"""The site languages: one table per language in ``locales/<code>.yaml``.

A table holds the interface words and the conventions of that language (Babel locale, URL
words, the reader's own country). Adding a language means adding one table; code never
branches on a language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from slugify import slugify

from ..data.errors import DataError, DataErrors
from ..data.yamlstrict import MappingNode, Node, ScalarNode, compose_file

LOCALES_DIR = Path(__file__).parent / "locales"
_REQUIRED = (
    "code",
    "name",
    "babel_locale",
    "html_lang",
    "theme_language",
    "country",
    "currency",
    "alphabet",
    "slug_letters",
    "paths",
    "words",
)
PAGE_PATHS = ("roles", "salary", "faq", "salaries", "data")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    babel_locale: str  # for numbers and currency
    html_lang: str  # BCP 47 tag of the page text (bokmål is "nb" even where the site says "no")
    theme_language: str  # Material's interface language
    country: str  # the reader's own country: its figures come first
    currency: str  # the reader's currency: figures from elsewhere are converted to it
    alphabet: str  # letter order for sorting titles: Danish and Swedish differ after z
    slug_letters: Mapping[str, str]  # how letters are written in URL slugs: "ø" -> "oe"
    # URL words: roles folder, salary and FAQ page names, salary overview, open data folder
    paths: Mapping[str, str]
    words: Mapping[str, str]

    def word(self, key: str, **values: object) -> str:
        if values:
            return self.words[key].format(**values)
        # A word without values reads the same every time (a page asks for "Løn" a dozen
        # times, a figure for its period's words): formatted once.
        word = self._plain_words.get(key)
        if word is None:
            word = self._plain_words[key] = self.words[key].format()
        return word

    @cached_property
    def _plain_words(self) -> dict[str, str]:
        return {}

    @cached_property
    def _letter_order(self) -> dict[str, int]:
        return {letter: i for i, letter in enumerate(self.alphabet)}

    def sort_key(self, title: str) -> tuple:
        """Titles in this language's alphabetical order; other characters after letters."""
        order = self._letter_order
        return tuple(order.get(ch, len(order) + ord(ch)) for ch in title.casefold())

    def initial(self, title: str) -> str:
        """The letter a title is listed under, or '' for one that starts otherwise."""
        first = title[:1].casefold()
        return first.upper() if first in self.alphabet else ""

    @cached_property
    def _slug_replacements(self) -> tuple[tuple[str, str], ...]:
        # Applied before python-slugify transliterates the rest, so that each language
        # writes its own letters its own way ("ø" is "oe" in Danish, "o" in Norwegian).
        pairs = [(letter, text) for letter, text in self.slug_letters.items()]
        return tuple(pairs + [(a.upper(), b.capitalize()) for a, b in pairs])

    def slugify(self, title: str, separator: str = "-") -> str:
        """A URL slug or heading anchor: 'Løn i Danmark' -> 'loen-i-danmark' in Danish.

        Also the heading anchor function of every page of this language (Python-Markdown's
        toc `slugify`, which passes the separator).
        """
        # Every role page has the same headings: each is worked out once per language.
        key = (title, separator)
        slug = self._slugs.get(key)
        if slug is None:
            slug = slugify(title, separator=separator, replacements=self._slug_replacements)
            self._slugs[key] = slug
        return slug

    @cached_property
    def _slugs(self) -> dict[tuple[str, str], str]:
        return {}


def _tree(node: Node, file: str) -> object:
    """Strings and nested mappings only: these tables hold words, not numbers or booleans."""
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, MappingNode):
        out: dict[str, object] = {}
        for key, value in node.value:
            if key.value in out:
                line = key.start_mark.line + 1
                raise DataErrors([DataError(file, line, 1, f"duplicate key '{key.value}'")])
            out[key.value] = _tree(value, file)
        return out
    line = node.start_mark.line + 1
    raise DataErrors([DataError(file, line, 1, "only 'key: text' lines are allowed here")])


@cache
def load_languages(directory: Path = LOCALES_DIR) -> tuple[Language, ...]:
    languages = []
    for path in sorted(directory.glob("*.yaml")):
        table = _tree(compose_file(path), str(path))
        missing = [k for k in _REQUIRED if k not in table]
        if missing or table["code"] != path.stem:
            raise DataErrors(
                [DataError(str(path), 1, 1, f"missing {missing} or code != file name")]
            )
        languages.append(Language(**{k: table[k] for k in _REQUIRED}))
    _check_same_keys(languages)
    return tuple(languages)


def _check_same_keys(languages: list[Language]) -> None:
    first = languages[0]
    for lang in languages[1:]:
        for attr in ("paths", "words"):
            a, b = set(getattr(first, attr)), set(getattr(lang, attr))
            if a != b:
                raise DataErrors(
                    [
                        DataError(
                            f"{LOCALES_DIR / lang.code}.yaml",
                            1,
                            1,
                            f"'{attr}' keys differ from '{first.code}': missing {sorted(a - b)}, "
                            f"extra {sorted(b - a)}",
                        )
                    ]
                )
    for lang in languages:
        if set(lang.paths) != set(PAGE_PATHS):
            raise DataErrors(
                [
                    DataError(
                        f"{LOCALES_DIR / lang.code}.yaml",
                        1,
                        1,
                        f"'paths' must have exactly {PAGE_PATHS}",
                    )
                ]
            )


def language_codes() -> tuple[str, ...]:
    return tuple(lang.code for lang in load_languages())
