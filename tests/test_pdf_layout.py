"""The printed record's pagination and type, read back from real PDFs: tables start on the
current page and never leave one row alone, the disclaimer sits with the signatures and before
them, names are never cut inside a word, no text below 8 pt, boxes are boxes, and the blank
form's business checklist is in order on one page."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Table
from test_pdf import INTERVIEWS, draft, every_type_wide, example, pdf_text, squeeze

from cyberdesk.services.pdf import render_pdf
from cyberdesk.services.pdf.content import build
from cyberdesk.services.pdf.flowables import RowTable
from cyberdesk.services.pdf.fonts import REGULAR, register_fonts


@pytest.fixture(params=list(INTERVIEWS), ids=list(INTERVIEWS))
def interview(request):
    return INTERVIEWS[request.param]()


def test_the_business_table_starts_on_the_first_page_with_all_20_types(catalogue):
    interview = example("interview-wide", business_categories=list(range(1, 21)))
    first = squeeze(pdf_text(render_pdf(interview, catalogue))[0])
    assert "2対象となるIT業務" in first
    # At reading size (10 pt) the first page holds its first rows: the table starts there.
    assert squeeze("①受託計算・データ入力") in first and squeeze("②アウトソーシング") in first


def _rows(count: int, height: int = 20) -> RowTable:
    register_fonts()
    rows = [["header"]] + [[f"row {n}"] for n in range(count)]
    table = RowTable(rows, colWidths=[100], rowHeights=[height] * (count + 1), repeatRows=1)
    table.setStyle([("FONT", (0, 0), (-1, -1), REGULAR, 8)])
    table.wrap(100, A4[1])
    return table


def data_rows(table: Table) -> int:
    return table._nrows - 1


@pytest.mark.parametrize(("rows", "room", "expected"), [
    (10, 205, [8, 2]),  # nine rows would fit, leaving one alone: eight and two
    (10, 165, [7, 3]),  # an ordinary split
    (10, 45, [1, 9]),  # it starts on the current page, under its heading
    (2, 45, []),  # one row here and one alone over there: both go over together
])
def test_a_table_never_leaves_one_row_alone_under_a_repeated_header(rows, room, expected):
    parts = _rows(rows).split(100, room)
    assert [data_rows(part) for part in parts] == expected


def test_the_disclaimer_comes_before_the_signatures_on_the_same_page(interview, catalogue):
    words = catalogue.compliance
    pages = [squeeze(page) for page in pdf_text(render_pdf(interview, catalogue))]
    holding = [page for page in pages if squeeze(words.disclaimer) in page]
    assert holding  # one per copy
    for page in holding:
        assert page.index(squeeze(words.disclaimer)) < page.index("ご署名または記名押印")
        assert page.index(squeeze(words.disclaimer)) < page.index(squeeze(words.handed_over))
        assert (squeeze(words.agent_statement) in page) == bool(
            build(interview, catalogue).agent_statement)


def test_business_type_names_break_only_after_a_middle_dot(catalogue):
    text = "\n".join(pdf_text(render_pdf(every_type_wide(), catalogue)))
    for category in catalogue.business_categories:
        pattern = "".join(re.escape(ch) + ("\\s*" if ch == "・" else "") for ch in category.name)
        assert re.search(pattern, text), category.name


def test_the_plan_call_out_never_cuts_an_item_name(catalogue):
    text = "\n".join(pdf_text(render_pdf(example("interview-wide"), catalogue)))
    for item in catalogue.expense.items:
        assert f"{item.key}. {item.name}" in text, item.name


def _sizes_and_texts(data: bytes) -> list[tuple[float, str]]:
    found = []
    for page in PdfReader(BytesIO(data)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                # The size as drawn: the font size scaled by the text and current matrices.
                found.append((round(size * abs(tm[3] or tm[1]) * abs(cm[3] or cm[1]), 2), text))
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("factory", [draft, lambda: example("interview-wide")], ids=["draft", "wide"])
def test_no_text_below_8_points(catalogue, factory):
    sizes = _sizes_and_texts(render_pdf(factory(), catalogue))
    assert len(sizes) > 100 and min(size for size, _text in sizes) >= 8, sorted(sizes)[:5]


def test_notes_are_in_the_body_colour():
    from cyberdesk.services.pdf.layout import INK, Styles

    assert Styles.note.color == Styles.body.color == INK and Styles.note.size >= 8


def test_boxes_are_boxes_and_the_filled_square_only_marks_headings(catalogue):
    interview = example("interview-wide")
    text = "\n".join(pdf_text(render_pdf(interview, catalogue)))
    assert "■ ご意向とご提案の対比" in text  # a heading mark
    for statement in (catalogue.compliance.handed_over, catalogue.compliance.explained):
        assert f"■ {statement}" not in text and f"■{statement}" not in text


def test_the_blank_form_lists_the_business_types_in_order_on_one_page(catalogue):
    pages = [squeeze(page) for page in pdf_text(render_pdf(draft(), catalogue))]
    labels = [squeeze(c.label) for c in catalogue.business_categories]
    holding = [page for page in pages if labels[0] in page]
    assert len(holding) == 1
    page = holding[0]
    position = page.index(labels[0])
    for label in labels[1:]:  # each after the one before (the instructions name ⑳ first)
        position = page.index(label, position + 1)
    assert squeeze(catalogue.business_categories[-1].description) in page
    assert "年月日時分" in squeeze("".join(pages))  # blanks for when the wishes were heard
