"""schema.org structured data (JSON-LD) for generated pages.

Search engines no longer show salary or FAQ rich results, but Occupation, FAQPage and
BreadcrumbList remain useful data for them and for anyone reusing the pages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .languages import Language
from .model import CODE_SYSTEMS, Catalogue, Role
from .salary import figure_label

_PERIOD = {"month": "P1M", "year": "P1Y"}


def to_script_json(data: dict) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' can end it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def breadcrumbs(trail: Sequence[tuple[str, str]]) -> dict:
    """(name, absolute URL) from the home page to the current page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def occupation(role: Role, catalogue: Catalogue, lang: Language, url: str) -> dict:
    text = role.texts[lang.code]
    data: dict = {
        "@type": "Occupation",
        "name": text.title,
        "description": text.summary,
        "url": url,
        "responsibilities": list(text.tasks),
        "skills": list(text.skills),
        "educationRequirements": " ".join(text.education),
    }
    if role.codes and role.codes.listed():
        data["occupationalCategory"] = [
            {
                "@type": "CategoryCode",
                "codeValue": code,
                "inCodeSet": {"@type": "CategoryCodeSet", "name": CODE_SYSTEMS[system]},
            }
            for system, code in role.codes.listed()
        ]
    if role.codes and role.codes.esco:
        data["sameAs"] = role.codes.esco
    salaries = []
    for figure in role.salaries:
        source = catalogue.sources[figure.source]
        median = figure.measure == "median" and not figure.is_range
        salaries.append({
            "@type": "MonetaryAmountDistribution",
            "name": f"{figure_label(figure, lang)} ({figure.country}, {figure.year})",
            "currency": figure.currency,
            "duration": _PERIOD[figure.period],
            "minValue": figure.low,
            "maxValue": figure.high,
            **({"median": figure.low} if median else {}),
            "description": f"{source.publisher}: {source.title}",
        })  # fmt: skip
    if salaries:
        data["estimatedSalary"] = salaries
    return data


def faq_page(role: Role, lang: Language, url: str) -> dict:
    return {
        "@type": "FAQPage",
        "url": url,
        "inLanguage": lang.html_lang,
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": "\n\n".join(entry.answer)},
            }
            for entry in role.texts[lang.code].faq
        ],
    }


def page_data(
    kind: str,
    role: Role | None,
    catalogue: Catalogue,
    lang: Language,
    url: str,
    trail: Sequence[tuple[str, str]],
) -> str:
    """The JSON-LD of one page: what it is about, and where it sits in the site."""
    graph = [breadcrumbs(trail)]
    if kind == "role" and role is not None:
        graph.append(occupation(role, catalogue, lang, url))
    elif kind == "faq" and role is not None:
        graph.append(faq_page(role, lang, url))
    return to_script_json({"@context": "https://schema.org", "@graph": graph})
