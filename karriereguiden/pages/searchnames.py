"""What a page tells the search about the role it belongs to: the role's names, as fields.

The online search (site/search.py runs Pagefind on the written pages) ranks a role's own
page first for any of its names, in any language and on every language's site.
"""

from __future__ import annotations

import re

from ..data.model import Role

# A role's names, for ranking. Pagefind (1.5) indexes the words of a page's metadata fields
# with the page, so a page is found by a word that only its metadata holds, and it adds a
# boost for every field the query matches: the field's weight in the `ranking.metaWeights`
# the search worker gives Pagefind, times the query words' IDF, times the share of the query
# the field covers, squared. Each name is a field of its own: in one field of all names, a
# query word extending to several of them ("kundeservice" to "kundeservicechef" and
# "kundeserviceleder") counted each, and the share went above 1 and was cubed in effect.
# A role page carries every name of its role in every language (NAME_FIELD: title and other
# names), its salary and FAQ pages the same under another key (ROLE_FIELD) that the worker
# weighs less; hand-written pages carry none. So for any of a role's names, in any language
# and on every language's site, the role page comes first, its salary and FAQ pages next.
NAME_FIELD = "name"
ROLE_FIELD = "role"
# Fields per page: the worker names the same number in metaWeights
# (overrides/assets/javascripts/karriereguiden-search-worker.js, NAME_FIELDS). Names past
# the last field share it: still found, ranked a little lower.
NAME_FIELDS = 24
_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")


def name_fields(role: Role, kind: str) -> list[tuple[str, str]]:
    """The Pagefind metadata fields of one of the role's pages: (key, names), in the order
    of the site's languages, each name once whatever its case."""
    seen: set[str] = set()
    names: list[str] = []
    for text in role.texts.values():
        for name in (text.title, *text.also_called):
            if name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    key = NAME_FIELD if kind == "role" else ROLE_FIELD
    # Pagefind indexes "kundeservice-manager" as the whole word and as each part: in a field,
    # "kundeservice" then matched two of its words and counted eight times (see above).
    # Written as one word, the name is still found as typed, with its hyphen or without.
    names = [_HYPHEN.sub("", name) for name in names]
    fields = names[: NAME_FIELDS - 1]
    if names[NAME_FIELDS - 1 :]:
        fields.append(", ".join(names[NAME_FIELDS - 1 :]))
    return [(f"{key}{n}", name) for n, name in enumerate(fields, start=1)]
