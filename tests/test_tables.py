"""Table cells are labelled with their column's header when a page is built, so a narrow
screen can show each row as labelled lines."""

from __future__ import annotations

import markdown

from karriereguiden.pages.tables import label_cells


def test_each_data_cell_gets_the_text_of_its_column_header():
    table = (
        "<table><thead><tr><th>Job</th><th>Fra <b>(DKK)</b></th></tr></thead>"
        '<tbody><tr><th scope="row">A</th><td>1</td></tr></tbody></table>'
    )
    assert '<th scope="row">A</th><td data-label="Fra (DKK)">1</td>' in label_cells(table)


def test_a_header_spanning_columns_labels_each_of_them():
    table = (
        '<table><thead><tr><th>X</th><th colspan="2">Y</th></tr></thead>'
        "<tbody><tr><td>a</td><td>b</td><td>c</td></tr></tbody></table>"
    )
    assert label_cells(table).endswith(
        '<td data-label="X">a</td><td data-label="Y">b</td><td data-label="Y">c</td>'
        "</tr></tbody></table>"
    )


def test_labels_are_escaped_and_cells_keep_a_label_they_already_have():
    table = (
        '<table><thead><tr><th>&lt;"x" &amp; y&gt;</th><th>Z</th></tr></thead>'
        '<tbody><tr><td>1</td><td data-label="own">2</td></tr></tbody></table>'
    )
    labelled = label_cells(table)
    assert '<td data-label="&lt;&quot;x&quot; &amp; y&gt;">1</td>' in labelled
    assert '<td data-label="own">2</td>' in labelled


def test_tables_without_a_header_row_and_text_outside_tables_are_left_alone():
    text = "<p>a <td>not a cell</td></p><table><tr><td>1</td></tr></table>"
    assert label_cells(text) == text


def test_a_quoted_angle_bracket_or_a_self_closed_cell_does_not_misplace_the_label():
    table = (
        "<table><thead><tr><th>X</th><th>Y</th></tr></thead>"
        '<tbody><tr><td title="a > b">1</td><td/></tr></tbody></table>'
    )
    labelled = label_cells(table)
    assert '<td title="a > b" data-label="X">1</td><td data-label="Y"/>' in labelled


def test_a_table_inside_a_comment_is_not_labelled():
    text = "<!-- <table><thead><tr><th>X</th></tr></thead><tr><td>1</td></tr></table> -->"
    assert label_cells(text) == text


def test_markdown_tables_and_raw_html_tables_are_labelled_by_the_extension():
    source = (
        "| Job | År |\n|---|---|\n| A | 2025 |\n\n"
        "<table><thead><tr><th>Land</th><th>Beløb</th></tr></thead>"
        "<tbody><tr><th>DK</th><td>1</td></tr></tbody></table>\n"
    )
    out = markdown.markdown(source, extensions=["tables", "karriereguiden.pages.tables"])
    assert '<td data-label="År">2025</td>' in out
    assert '<td data-label="Beløb">1</td>' in out
