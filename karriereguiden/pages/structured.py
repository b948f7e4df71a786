"""schema.org structured data (JSON-LD) for generated pages.

Search engines no longer show salary or FAQ rich results, but Occupation, FAQPage and
BreadcrumbList remain useful data for them and for anyone reusing the pages.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from ..data.model import CODE_SYSTEMS, Catalogue, Role, SalaryFigure
from .languages import Language
from .salary import FigureView, FigureViews, countries_for, faq_answer, headline

_PERIOD = {"month": "P1M", "year": "P1Y"}
# UN/CEFACT codes for a month and a year, as QuantitativeValue.unitCode expects them.
_UNIT = {"month": "MON", "year": "ANN"}


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


def money(figure: SalaryFigure, catalogue: Catalogue, lang: Language, view: FigureView) -> dict:
    """A figure as the schema.org type whose own properties can hold it.

    A single median is a MonetaryAmountDistribution's ``median``; everything else (a range,
    an average, a typical or minimum level) is a MonetaryAmount whose ``value`` is a
    QuantitativeValue: MonetaryAmount has no period of its own, QuantitativeValue has a unit.
    """
    source = catalogue.sources[figure.source]
    common = {
        "name": f"{view.label} ({lang.word(f'country_{figure.country}')}, {view.year})",
        "currency": figure.currency,
        "description": f"{view.what} {view.source.text} ({view.kind}{view.marks})",
        # The publication the figure comes from, as data rather than words.
        "subjectOf": {
            "@type": "CreativeWork",
            "name": source.title,
            "publisher": {"@type": "Organization", "name": source.publisher},
            **({"url": source.url} if source.url else {}),
            **({"datePublished": source.published} if source.published else {}),
        },
    }
    if figure.measure == "median" and not figure.is_range:
        return {
            "@type": "MonetaryAmountDistribution",
            **common,
            "duration": _PERIOD[figure.period],
            "median": figure.low,
        }
    if figure.is_range:
        amount = {"minValue": figure.low, "maxValue": figure.high}
    else:
        amount = {"value": figure.low}
    return {
        "@type": "MonetaryAmount",
        **common,
        "value": {"@type": "QuantitativeValue", **amount, "unitCode": _UNIT[figure.period]},
    }


def occupation(
    role: Role, catalogue: Catalogue, lang: Language, url: str, views: FigureViews
) -> dict:
    text = role.texts[lang.code]
    data: dict = {
        "@type": "Occupation",
        "name": text.title,
        **({"alternateName": list(text.also_called)} if text.also_called else {}),
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
    # Only what the page shows: the role page shows the fact box's one figure, for the
    # reader's country, which the data names so that the figure keeps its country.
    figure = headline(role, lang.country, catalogue)
    if figure is not None:
        data["occupationLocation"] = [country(lang.country, lang)]
        data["estimatedSalary"] = [money(figure, catalogue, lang, views(figure))]
    return data


def country(code: str, lang: Language) -> dict:
    return {"@type": "Country", "name": lang.word(f"country_{code}"), "identifier": code}


def salary_page(
    role: Role, catalogue: Catalogue, lang: Language, url: str, views: FigureViews
) -> dict:
    """Every figure of a salary page, each with its country, period, year and source.

    Per country, an Occupation whose estimatedSalary holds the figures of pay people earn;
    an agreement's minimum is no estimate of a salary, so the page only mentions it.
    """
    title = role.texts[lang.code].title
    about, mentions = [], []
    for code in countries_for(lang):
        figures = role.figures_for(code)
        amounts = [(f, money(f, catalogue, lang, views(f))) for f in figures]
        earned = [amount for f, amount in amounts if f.measure != "minimum"]
        mentions += [amount for f, amount in amounts if f.measure == "minimum"]
        if earned:
            about.append(
                {
                    "@type": "Occupation",
                    "name": title,
                    "occupationLocation": [country(code, lang)],
                    "estimatedSalary": earned,
                }
            )
    page: dict = {
        "@type": "WebPage",
        "url": url,
        "name": lang.word("salary_title", title=title),
        "inLanguage": lang.html_lang,
    }
    if about:
        page["about"] = about
    if mentions:
        page["mentions"] = mentions
    return page


def faq_page(
    role: Role, catalogue: Catalogue, lang: Language, url: str, views: FigureViews
) -> dict:
    entries = [(entry.question, "\n\n".join(entry.answer)) for entry in role.texts[lang.code].faq]
    salary = faq_answer(role, catalogue, lang, views.today, views=views)
    entries.append((salary.question, salary.text))
    return {
        "@type": "FAQPage",
        "url": url,
        "inLanguage": lang.html_lang,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in entries
        ],
    }


def page_data(
    kind: str,
    role: Role | None,
    catalogue: Catalogue,
    lang: Language,
    url: str,
    trail: Sequence[tuple[str, str]],
    today: dt.date,
    *,
    views: FigureViews | None = None,
) -> str:
    """The JSON-LD of one page: what it is about, and where it sits in the site. views: the
    language's figure views, shared with its pages'."""
    views = views or FigureViews(catalogue, lang, today)
    graph = [breadcrumbs(trail)]
    if kind == "role" and role is not None:
        graph.append(occupation(role, catalogue, lang, url, views))
    elif kind == "faq" and role is not None:
        graph.append(faq_page(role, catalogue, lang, url, views))
    elif kind == "salary" and role is not None:
        graph.append(salary_page(role, catalogue, lang, url, views))
    return to_script_json({"@context": "https://schema.org", "@graph": graph})
