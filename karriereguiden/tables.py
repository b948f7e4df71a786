"""Every data cell of a table names its column, so a narrow screen can show each row as a
block of labelled lines instead of hiding columns in a sideways scroller.

The stylesheet writes ``data-label`` before a cell's value where the page is too narrow for
columns. The labels are taken from the table's own header row when the page is built, for
Markdown tables and HTML parts alike, so a column added to any table is labelled too.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
from markdown.postprocessors import Postprocessor


class _Cells(HTMLParser):
    """Finds where each data cell's start tag ends, and the label of its column."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self._line_starts = [0, *(m.end() for m in re.finditer(r"\n", text))]
        self._tables: list[dict] = []  # nested tables: headers, column, where we are
        self.inserts: list[tuple[int, str]] = []  # (offset of the tag's ">", label)
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._tables.append(
                {"headers": [], "in_head": False, "column": 0, "text": None, "span": 1}
            )
            return
        if not self._tables:
            return
        table = self._tables[-1]
        if tag == "thead":
            table["in_head"] = True
        elif tag == "tr":
            table["column"] = 0
        elif tag in ("th", "td"):
            span = dict(attrs).get("colspan") or "1"
            span = int(span) if span.isdigit() else 1
            if table["in_head"]:
                table["text"], table["span"] = [], span
            elif tag == "td" and "data-label" not in dict(attrs):
                headers = table["headers"]
                if table["column"] < len(headers) and headers[table["column"]]:
                    end = self._offset() + len(self.get_starttag_text()) - 1
                    self.inserts.append((end, headers[table["column"]]))
            table["column"] += span

    def handle_endtag(self, tag):
        if not self._tables:
            return
        table = self._tables[-1]
        if tag == "table":
            self._tables.pop()
        elif tag == "thead":
            table["in_head"] = False
        elif tag == "th" and table["in_head"] and table["text"] is not None:
            label = " ".join("".join(table["text"]).split())
            table["headers"] += [label] * table["span"]
            table["text"] = None

    def handle_data(self, data):
        if self._tables and self._tables[-1]["text"] is not None:
            self._tables[-1]["text"].append(data)


def label_cells(text: str) -> str:
    """The HTML with ``data-label="<column header>"`` on every data cell under a header row.

    Cells that already carry a label keep it; tables without a header row are left alone.
    """
    if "<table" not in text:
        return text
    parts = []
    done = 0
    for end, label in _Cells(text).inserts:
        # A start tag written "<td/>" keeps its slash last.
        at = end - 1 if text[end - 1] == "/" else end
        parts += [text[done:at], f' data-label="{html.escape(label, quote=True)}"']
        done = at
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
