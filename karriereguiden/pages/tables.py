"""Every data cell of a table names its column, so a narrow screen can show each row as a
block of labelled lines instead of hiding columns in a sideways scroller.

The stylesheet writes ``data-label`` before a cell's value where the page is too narrow for
columns. The labels are taken from the table's own header row when the page is built, for
Markdown tables and HTML parts alike, so a column added to any table is labelled too.
"""

from __future__ import annotations

import html
import re

import markdown
from markdown.postprocessors import Postprocessor

# The tags that matter, or any other markup to step over (comments first: a table written
# inside one is not a table). Attribute values may hold ">" when quoted.
_TAG = re.compile(
    r"<!--.*?-->"
    r"|<(/?)(table|thead|tr|th|td)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|<[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_COLSPAN = re.compile(r"\bcolspan\s*=\s*[\"']?\s*(\d+)", re.IGNORECASE)
_LABELLED = re.compile(r"\sdata-label\s*=", re.IGNORECASE)
_MARKUP = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


def label_cells(text: str) -> str:
    """The HTML with ``data-label="<column header>"`` on every data cell under a header row.

    Cells that already carry a label keep it; tables without a header row are left alone.
    A scan of the tags, not a full HTML parser: this runs on every page of every build, and
    the standard library's parser made it 6% of the build's time.
    """
    if "<table" not in text:
        return text
    parts = []
    done = 0
    tables: list[dict] = []  # nested tables: headers, column, the open header cell
    for tag in _TAG.finditer(text):
        name = tag.group(2)
        if name is None:
            continue
        name = name.lower()
        closing, attrs = tag.group(1), tag.group(3)
        if name == "table":
            if closing:
                if tables:
                    tables.pop()
            else:
                tables.append({"headers": [], "in_head": False, "column": 0, "open": None})
            continue
        if not tables:
            continue
        table = tables[-1]
        if name == "thead":
            table["in_head"] = not closing
        elif closing:
            if name == "th" and table["in_head"] and table["open"] is not None:
                start, span = table["open"]
                inner = html.unescape(_MARKUP.sub("", text[start : tag.start()]))
                table["headers"] += [" ".join(inner.split())] * span
                table["open"] = None
        elif name == "tr":
            table["column"] = 0
        else:  # th or td
            span = _COLSPAN.search(attrs)
            span = int(span.group(1)) if span else 1
            if table["in_head"]:
                table["open"] = (tag.end(), span)
            elif name == "td" and not _LABELLED.search(attrs):
                headers = table["headers"]
                if table["column"] < len(headers) and headers[table["column"]]:
                    # A start tag written "<td/>" keeps its slash last.
                    at = tag.end() - 2 if attrs.endswith("/") else tag.end() - 1
                    label = html.escape(headers[table["column"]], quote=True)
                    parts += [text[done:at], f' data-label="{label}"']
                    done = at
            table["column"] += span
    parts.append(text[done:])
    return "".join(parts)


class _LabelCells(Postprocessor):
    def run(self, text: str) -> str:
        return label_cells(text)


class TableLabelsExtension(markdown.Extension):
    """Python-Markdown extension: label the cells of every table on the page."""

    def extendMarkdown(self, md):  # Python-Markdown's name
        # After raw HTML is put back (priority 30), so the HTML parts' tables are labelled too.
        md.postprocessors.register(_LabelCells(md), "karriereguiden_table_labels", 5)


def makeExtension(**kwargs):  # the name Python-Markdown looks for
    return TableLabelsExtension(**kwargs)
