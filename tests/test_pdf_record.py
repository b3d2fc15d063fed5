"""The printed record as a reviewer in agency management reads it (issue 20), measured on real
PDFs: type sizes with pdfminer.six, the text layer of rare characters, the marks and their
legend, what the compliance section and the agent profile put on every page, long rows that
keep their label and marks, and a replaced revision that says so."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextLine
from reportlab.lib.units import mm
from test_pdf import every_type_wide, example, finalized, pdf_text, squeeze

from cyberdesk.services.pdf import render_pdf
from cyberdesk.services.pdf.content import build
from cyberdesk.services.pdf.flowables import Seal
from cyberdesk.services.pdf.layout import RULE, SEAL, TINT

READABLE, LARGE, SMALLEST = 10.0, 12.0, 8.0


def _lines(item):
    if isinstance(item, LTTextLine):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _lines(child)


def sized_pages(data: bytes) -> list[list[tuple[str, float]]]:
    """Each page's characters (no blanks) with their size in points."""
    return [[(ch.get_text(), ch.size) for line in _lines(page) for ch in line
             if isinstance(ch, LTChar) and ch.get_text().strip()]
            for page in extract_pages(BytesIO(data))]


def customer_copy(interview, catalogue) -> list[list[tuple[str, float]]]:
    """The pages of the customer's copy (the first of the two labelled copies)."""
    pages = sized_pages(render_pdf(interview, catalogue))
    return pages[:len(pages) // len(catalogue.compliance.copies)]


def share_readable(chars: list[tuple[str, float]]) -> float:
    return sum(size >= READABLE - 0.05 for _ch, size in chars) / len(chars)


def long_explanation():
    interview = finalized(example("interview-wide"))
    interview.confirmation.explanations["liability.added.エ"] = (
        "取引先との契約で著作権侵害の補償を求められたため、追加を希望された。" * 300)  # ~10,000
    return interview


RECORDS = {
    "basic": lambda: finalized(example("interview-basic")),
    "all 20 types": lambda: finalized(every_type_wide()),
    "long explanation": long_explanation,
}


@pytest.mark.parametrize("name", list(RECORDS))
def test_the_customers_pages_are_readable(name, catalogue):
    pages = customer_copy(RECORDS[name](), catalogue)
    everything = [c for page in pages for c in page]
    assert share_readable(everything) >= 0.80
    assert all(share_readable(page) >= 0.70 for page in pages), [
        round(share_readable(page), 2) for page in pages]
    assert min(size for _ch, size in everything) >= SMALLEST - 0.05


def test_the_premium_limits_and_period_are_large(catalogue):
    interview = finalized(example("interview-basic"))
    text = "".join("".join(ch for ch, size in page if size >= LARGE)
                   for page in customer_copy(interview, catalogue))
    for words in ("186,420円", "1億円", "1,000万円", "2026年12月1日から2027年12月1日まで", "一括払"):
        assert words in text, words


def test_lines_and_boxes_survive_a_photocopy_and_the_seal_fits_a_company_seal():
    def luminance(color) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(color.red) + 0.7152 * channel(color.green) + 0.0722 * channel(
            color.blue)

    for background in (1.0, luminance(TINT)):
        assert (background + 0.05) / (luminance(RULE) + 0.05) >= 4.5
    seal = Seal(SEAL, "印")
    seal.wrap(80 * mm, SEAL)
    assert 2 * seal.height * 0.42 >= 21 * mm


def test_rare_characters_copy_and_search_as_themselves(catalogue):
    interview = example("interview-basic")
    interview.customer.company_name = "株式会社𡈽𣘺𠮟𩸽システム"
    data = render_pdf(interview, catalogue)
    assert "株式会社𡈽𣘺𠮟𩸽システム" in squeeze("".join(pdf_text(data)))
    assert "株式会社𡈽𣘺𠮟𩸽システム" in "".join(ch for page in sized_pages(data) for ch, _s in page)


def test_nothing_ever_prints_a_geta_mark(catalogue):
    interview = example("interview-basic")
    interview.customer.company_name = "株式会社𠮷野家システム🙂"
    text = squeeze("".join(pdf_text(render_pdf(interview, catalogue))))
    assert "〓" not in text
    assert "株式会社吉野家システム[U+1F642]" in text


def test_every_mark_has_a_legend_and_the_dash_means_not_wished_only(catalogue):
    interview = finalized(example("interview-basic"))
    interview.agent.agency_code = ""
    summary = build(interview, catalogue)
    for mark in ("○", "—", "✓", "×", "□"):
        assert mark in summary.legend
    assert {row.covered for row in summary.wishes.rows} <= {"✓", "×"}
    assert {row.initial for row in summary.wishes.rows} <= {"○", "—"}
    values = [f.value for f in (*summary.customer, *summary.agency, *summary.quote,
                                *summary.contact, *summary.agent)]
    assert "—" not in values and "記載なし" in values
    text = squeeze("".join(pdf_text(render_pdf(interview, catalogue))))
    assert text.count(squeeze(summary.legend)) == 2 * 2  # plans and wishes, on both copies


def test_approval_number_and_form_version_on_every_page_and_nothing_invented(catalogue):
    words = catalogue.compliance
    assert words.approval_number is None and words.dispute_body is None  # the seed has none
    pages = [squeeze(p) for p in pdf_text(render_pdf(example("interview-basic"), catalogue))]
    footer = squeeze(f"募集文書承認番号 未設定　様式 {catalogue.version}/{words.version}")
    assert all(footer in page for page in pages)
    text = "".join(pages)
    assert text.count(squeeze(words.missing)) == 3  # approval number, contact, dispute body
    assert squeeze(words.exclusions_pointer) in text  # where to read what is not paid
    filled = catalogue._replace(compliance=words._replace(
        approval_number="MS-2026-0123", dispute_body="一般社団法人 日本損害保険協会 そんぽADRセンター"))
    text = squeeze("".join(pdf_text(render_pdf(example("interview-basic"), filled))))
    assert squeeze("募集文書承認番号 MS-2026-0123") in text and "そんぽADRセンター" in text


def test_the_agent_and_the_meeting_are_on_the_record(catalogue):
    interview = example("interview-basic")
    text = squeeze("".join(pdf_text(render_pdf(interview, catalogue))))
    for words in ("募集人登録番号", "201234567890", interview.agent.authority, "お客様対応履歴",
                  "対面", "お客さま本社会議室", "管理部総務課中村由香",
                  "重要事項説明書（契約概要・注意喚起情報）（2026年10月版）"):
        assert squeeze(words) in text, words


def test_items_are_ticked_only_as_answered(catalogue):
    interview = example("interview-basic")
    interview.confirmation.items.premium = False
    interview.confirmation.items.payment = None
    answers = {item.label: item.answer for item in build(interview, catalogue).items}
    assert answers == {"補償の内容": True, "支払限度額": True, "保険期間": True, "保険料": False,
                       "払込方法": None}
    text = squeeze("".join(pdf_text(render_pdf(interview, catalogue))))
    items = text.split("項目ごとのご確認はいいいえ")[1]
    assert items.startswith("補償の内容□✓□支払限度額□✓□保険期間□✓□保険料□□✓払込方法□□")


def test_deductible_and_retroactive_date_print_only_when_recorded(catalogue):
    interview = example("interview-basic")
    labels = [f.label for f in build(interview, catalogue).quote]
    assert "免責金額" not in labels and "遡及日" not in labels
    interview.quote.deductible, interview.quote.retroactive_date = 100_000, date(2025, 12, 1)
    fields = {f.label: f.value for f in build(interview, catalogue).quote}
    assert (fields["免責金額"], fields["遡及日"]) == ("10万円", "2025年12月1日")


def test_a_long_explanation_continues_with_its_label_marks_and_header(catalogue):
    interview = long_explanation()
    pages = [squeeze(p) for p in pdf_text(render_pdf(interview, catalogue))]
    pages = pages[:len(pages) // 2]  # the customer's copy
    holding = [page for page in pages if "取引先との契約で著作権侵害" in page]
    assert len(holding) >= 3
    assert squeeze("エ. 他人の著作権") in holding[0]
    for page in holding:  # the header repeated, and the item's label and marks with its text
        assert "補償の項目" in page and ("エ.（続き）—○✓" in page or page is holding[0])
    assert len(pages) <= 24  # 10,000 characters in a column of 15 characters a line


def test_a_replaced_revision_says_so_on_every_page(catalogue):
    interview = finalized(example("interview-basic"))
    pages = pdf_text(render_pdf(interview, catalogue, superseded_by=3))
    assert all("この版は第3版に置き換えられました" in squeeze(page) for page in pages)
    assert not any("置き換え" in page for page in pdf_text(render_pdf(interview, catalogue)))


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_version_1_and_2_files_print_the_same_meaning(catalogue, version):
    """An older file prints every fact it holds, as the version 3 example with the same answers
    does; what it never recorded (the contact record, the item answers) prints as not recorded
    or unticked, never invented."""
    from pathlib import Path

    from test_pdf import expected_facts

    from cyberdesk.model.document import loads

    folder = Path(__file__).resolve().parent / "fixtures" / version
    old = finalized(loads((folder / "interview-basic.json").read_bytes()))
    text = squeeze("".join(pdf_text(render_pdf(old, catalogue))))
    assert [fact for fact in expected_facts(old, catalogue) if squeeze(fact) not in text] == []
    summary = build(old, catalogue)
    assert all(item.answer is None for item in summary.items)
    assert {f.value for f in summary.contact} == {"記載なし"}
