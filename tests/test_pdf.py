"""The coverage summary: its words built from the interview and catalogue (in depth), then real
PDFs read back with pypdf — seed facts present, other types' incident examples absent, fonts
embedded, identical bytes on every run — and the `cyberdesk render` command's refusals."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli, tmpfs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from cyberdesk.catalogue import Catalogue, load_all, load_catalogue
from cyberdesk.i18n import set_language
from cyberdesk.japanese.formatting import date_with_era
from cyberdesk.model.document import dumps, loads
from cyberdesk.model.intent import differences
from cyberdesk.model.interview import InsuredParty, Interview, Status
from cyberdesk.model.validation import catalogue_for, validate
from cyberdesk.services.pdf import render_pdf, write_pdf
from cyberdesk.services.pdf.content import build
from cyberdesk.services.pdf.fonts import printable

EXAMPLES = ROOT / "examples"
LONG_NAME = ("株式会社" + "サイバーセキュリティ・クラウドインテグレーション・ソリューションズ" * 6)[:200]


def example(name: str, **changes) -> Interview:
    """An example file as the foundation ships it, with some answers changed."""
    interview = loads((EXAMPLES / f"{name}.json").read_bytes())
    for key, value in changes.items():
        setattr(interview, key, value)
    catalogue_for(interview, load_all())  # a draft without one gets the version in force
    return interview


def one_type_basic() -> Interview:
    return example("interview-basic", business_categories=[11])


def si_and_software_wide() -> Interview:
    return example("interview-wide", business_categories=[10, 11], other_business_description="")


def every_type_wide() -> Interview:
    interview = example("interview-wide", business_categories=list(range(1, 21)))
    interview.customer.company_name = LONG_NAME
    return interview


def draft() -> Interview:
    return example("draft-minimal")


INTERVIEWS = {
    "one type, basic": one_type_basic,
    "10 and 11, wide": si_and_software_wide,
    "all 20 types, wide, 200-character name": every_type_wide,
    "example basic (11, 16)": lambda: example("interview-basic"),
    "example wide (9, 15, 20)": lambda: example("interview-wide"),
    "draft with the fixed keys only": draft,
}


def squeeze(text: str) -> str:
    """Line breaks fall anywhere in Japanese: compare without any white space."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


@pytest.fixture(params=list(INTERVIEWS), ids=list(INTERVIEWS))
def interview(request) -> Interview:
    return INTERVIEWS[request.param]()


def test_the_test_interviews_are_consistent(interview, catalogue):
    assert validate(interview, catalogue) == []


# --- the words, in depth ------------------------------------------------------------------

def test_company_gets_onchu_and_a_person_sama_never_both(catalogue):
    interview = one_type_basic()
    interview.customer.contact_name = ""
    assert build(interview, catalogue).addressee == f"{interview.customer.company_name} 御中"
    interview.customer.contact_name = "鈴木 一郎"
    interview.customer.contact_department = "総務部"
    text = build(interview, catalogue).addressee
    assert text == f"{interview.customer.company_name}\n総務部 鈴木 一郎様"
    assert "御中" not in text


def test_business_rows_follow_the_catalogue_and_the_customer_words_go_with_the_other_type(catalogue):
    summary = build(example("interview-wide"), catalogue)
    assert [r.symbol for r in summary.business] == ["⑨", "⑮", "⑳"]
    other = summary.business[-1]
    assert other.description == catalogue.category(20).description
    assert other.own_words == example("interview-wide").other_business_description
    assert all(r.own_words is None for r in summary.business[:-1])
    assert summary.business_choices == ()


def test_plan_comparison_comes_from_the_catalogue(catalogue):
    summary = build(si_and_software_wide(), catalogue)
    assert [(p.full_name, p.measure_period, p.chosen) for p in summary.plans] == [
        ("ベーシックプラン", "180日間", False), ("ワイドプラン", "1年間", True)]
    covered = {r.key: r.covered for r in summary.expense_rows}
    assert covered["ア"] == (True, True)
    assert covered["サ"] == (False, True)
    assert summary.chosen_plan.full_name == "ワイドプラン"


def test_a_third_plan_in_a_later_catalogue_appears_without_code_changes():
    economy = load_catalogue(FIXTURES / "catalogues/test-economy_2030.1.json")
    interview = si_and_software_wide()
    interview.catalogue_id, interview.catalogue_version = economy.key
    interview.plan = "economy"
    summary = build(interview, economy)
    assert [p.full_name for p in summary.plans] == ["ベーシックプラン", "ワイドプラン", "エコノミープラン"]
    text = squeeze("".join(pdf_text(render_pdf(interview, economy))))
    assert "エコノミープラン" in text and "90日間" in text


def test_only_the_chosen_types_incident_examples(catalogue):
    summary = build(si_and_software_wide(), catalogue)
    wanted = catalogue.examples_for([10, 11])
    assert [e.label for e in summary.examples] == [e.label for e in wanted]
    assert len(wanted) == 3 and all({10, 11} & set(e.categories) for e in wanted)


def test_a_draft_leaves_everything_unanswered_blank(catalogue):
    summary = build(draft(), catalogue)
    assert summary.business == ()
    assert len(summary.business_choices) == 20
    assert summary.chosen_plan is None and summary.proposal == ""
    grid = summary.wishes
    # The blank form: every event and item, with boxes to tick and blanks for the times.
    assert len(grid.rows) == len(catalogue.liability.events) + len(catalogue.expense.items)
    assert all((r.initial, r.final, r.covered, r.explanation) == ("", "", "", None) for r in grid.rows)
    assert (grid.initial_heard, grid.final_heard) == ("", "")
    assert summary.insured_blank_rows == 2
    assert [f.value for f in summary.customer][1:] == [""] * (len(summary.customer) - 1)
    assert [f.value for f in summary.quote] == [""] * len(summary.quote)
    assert summary.confirmed_on == "" and not any(c.ticked for c in summary.confirmations)


def test_the_grid_has_a_row_per_wish_ever_made_with_its_explanation(catalogue):
    interview = example("interview-wide")
    set_language("en")  # the printed record is Japanese whatever the screen shows
    try:
        grid = build(interview, catalogue).wishes
    finally:
        set_language("ja")
    rows = {(r.kind, r.item[0]): r for r in grid.rows}
    initial, final = interview.initial_intent, interview.confirmation.final
    assert set(rows) == {("賠償損害", k) for k in {*initial.liability_events, *final.liability_events}} | {
        ("費用損害", k) for k in {*initial.expense_items, *final.expense_items}}
    assert [r.item[0] for r in grid.rows] == ["ア", "イ", "ウ", "エ", "ア", "イ", "ウ", "キ", "ク", "ケ"]
    explanations = interview.confirmation.explanations
    assert rows["賠償損害", "エ"][1:] == ("賠償損害", "エ. " + catalogue.liability_event("エ").text,
                                       "—", "○", "✓", explanations["liability.added.エ"])[1:]
    assert rows["費用損害", "ク"][2:] == ("—", "○", "✓", explanations["expense.added.ク"])
    assert rows["費用損害", "ア"][2:] == ("○", "○", "✓", None)  # ○/— wished, ✓/× covered
    assert (grid.initial_heard, grid.plan) == ("2026年11月20日 13:12 JST", "ワイドプラン")
    basic = example("interview-basic")
    grid = build(basic, catalogue).wishes
    assert {r.item[0]: r.covered for r in grid.rows if r.kind == "費用損害"}["ケ"] == "×"


@pytest.mark.parametrize("unexplained", ["liability.added.エ", "expense.added.ク"])
def test_an_unexplained_difference_never_prints_a_ticked_confirmation(catalogue, unexplained):
    interview = example("interview-wide")
    assert all(c.ticked for c in build(interview, catalogue).confirmations)
    interview.confirmation.explanations[unexplained] = "  "
    summary = build(interview, catalogue)
    assert not any(c.ticked for c in summary.confirmations)
    assert summary.tick_by_hand == catalogue.compliance.tick_by_hand
    assert any(r.explanation == "" for r in summary.wishes.rows)  # a blank line to explain it on
    text = squeeze("".join(pdf_text(render_pdf(interview, catalogue))))
    confirmations = text.split(squeeze(catalogue.compliance.disclaimer))[-1]
    assert squeeze(catalogue.compliance.handed_over) in confirmations
    assert squeeze(catalogue.compliance.tick_by_hand) in confirmations
    boxes = confirmations.replace(squeeze(catalogue.compliance.tick_by_hand), "")
    # The three confirmations and はい/いいえ for each item: none ticked while one is unexplained.
    assert "✓" not in boxes and boxes.count("□") == 3 + 2 * len(summary.items)
    assert all(item.answer is None for item in summary.items)


def test_a_confirmation_is_ticked_only_when_the_record_says_so(catalogue):
    interview = example("interview-wide")
    interview.confirmation.disclosure_explained = False
    checks = build(interview, catalogue).confirmations
    assert [c.ticked for c in checks] == [True, False, True]
    assert [c.text for c in checks] == [catalogue.compliance.handed_over,
                                        catalogue.compliance.explained,
                                        catalogue.compliance.customer_confirmed]


def test_printable_keeps_the_seed_wording_and_marks_missing_glyphs():
    assert printable("①ＩＴ\u3000業務") == "①ＩＴ\u3000業務"  # NFC, never NFKC
    assert printable("カ\u3099") == "ガ"
    assert printable("顧客\U0001F600") == "顧客[U+1F600]"  # said, never 〓 passing for a character
    assert printable("一\x00二\t三") == "一二 三"


# --- the PDF, read back -------------------------------------------------------------------

def expected_facts(interview: Interview, catalogue: Catalogue) -> list[str]:
    chosen = sorted(interview.business_categories)
    facts = [
        "補償内容のご案内", interview.document_number, date_with_era(interview.interview_date),
        interview.agent.agency_name, interview.agent.agent_name, interview.customer.company_name,
        catalogue.liability.lead, catalogue.expense.lead, catalogue.expense.note,
        catalogue.insured_scope.note, catalogue.compliance.disclaimer, catalogue.compliance.greeting,
        f"{catalogue.compliance.disclosure_document}のお渡し",
    ]
    if all(check.ticked for check in build(interview, catalogue).confirmations):
        facts.append(catalogue.compliance.agent_statement)  # only what the record says was done
    facts += [e.text for e in catalogue.liability.events]
    facts += [i.name for i in catalogue.expense.items]
    facts += [p.full_name for p in catalogue.plans] + [p.measure_period for p in catalogue.plans]
    for number in chosen:
        category = catalogue.category(number)
        facts += [category.symbol, category.name, category.description]
    if interview.other_business_description:
        facts.append(interview.other_business_description)
    for example in catalogue.examples_for(chosen):
        facts += [example.label, example.text, *example.steps]
        if example.court:
            facts += [example.court.heading, example.court.finding, example.court.reason]
    facts += [p.name for p in interview.insured_parties] + [p.note for p in interview.insured_parties]
    facts += [interview.proposal_reason, interview.initial_intent.other_wishes]
    for difference in differences(interview, catalogue):
        facts.append(interview.confirmation.explanations.get(difference.key, ""))
    q = interview.quote
    facts += [q.number, q.payment_method]
    if q.annual_premium is not None:
        facts.append(f"{q.annual_premium:,}円")
    plan = catalogue.plan(interview.plan)
    if plan:
        facts.append(f"ご提案の{plan.full_name}で補償される費用")
    c = interview.customer
    facts += [c.company_kana, c.address, c.contact_email, c.contact_phone]
    return [f for f in facts if f]


def test_every_expected_fact_is_in_the_pdf_and_no_other_types_examples(interview, catalogue):
    data = render_pdf(interview, catalogue)
    pages = pdf_text(data)
    text = squeeze("".join(pages))
    missing = [fact for fact in expected_facts(interview, catalogue) if squeeze(fact) not in text]
    assert missing == []
    assert "〓" not in text
    chosen = set(interview.business_categories)
    for example in catalogue.incident_examples:
        if not chosen.intersection(example.categories):
            for words in (example.text, *example.steps):
                if words:
                    assert squeeze(words) not in text, example.id
    for number, page in enumerate(pages, start=1):
        assert f"{number}/{len(pages)}" in page


def test_each_plan_prints_its_own_items_and_period(catalogue):
    for factory, plan_id in ((one_type_basic, "basic"), (si_and_software_wide, "wide")):
        interview = factory()
        plan = catalogue.plan(plan_id)
        assert interview.plan == plan_id
        text = squeeze("".join(pdf_text(render_pdf(interview, catalogue))))
        items = "、".join(f"{key}.{catalogue.expense_item(key).name}" for key in plan.expense_items)
        assert f"ご提案の{plan.full_name}で補償される費用：{items}措置期間：{plan.measure_period}" in text


def test_the_longest_inputs_fit(catalogue):
    interview = every_type_wide()
    interview.initial_intent.other_wishes = "取引先への損害賠償、" * 1000  # 10,000 characters
    interview.insured_parties[0].note = "（再委託先）" * 300
    interview.proposal_reason = "ワイドプランを推奨。" * 300
    pages = pdf_text(render_pdf(interview, catalogue))
    furniture = (  # the running header and footer, the draft marks, the repeated table headers
        "補償内容のご案内", interview.document_number, "三井住友海上サイバープロテクターIT業務特約",
        squeeze(catalogue.compliance.draft_notice), "下書き", "区分名称備考", "その他のご要望",
        "ご提案", "募集文書承認番号未設定様式2026.1/2026.2", "当初意向（続き）",
    )
    body = []
    for number, page in enumerate(pages, start=1):
        page = squeeze(page).removesuffix(f"{number}/{len(pages)}")
        for words in furniture:
            page = page.replace(words, "")
        body.append(page)
    text = "".join(body)
    for long_text in (interview.initial_intent.other_wishes, interview.insured_parties[0].note,
                      interview.proposal_reason, LONG_NAME):
        assert squeeze(long_text) in text


def test_pdf_metadata(catalogue):
    interview = si_and_software_wide()
    meta = PdfReader(BytesIO(render_pdf(interview, catalogue))).metadata
    assert meta.title == f"補償内容のご案内 {interview.customer.company_name}"
    assert meta.author == interview.agent.agency_name
    assert meta.subject == "三井住友海上 サイバープロテクター IT業務特約"
    assert interview.id in meta["/Keywords"]
    # The catalogue version is kept for head office and reprints, off the customer's pages.
    assert f"catalogue={catalogue.id}/{catalogue.version}" in meta["/Keywords"]
    assert f"compliance={catalogue.compliance.version}" in meta["/Keywords"]
    text = squeeze("".join(pdf_text(render_pdf(interview, catalogue))))
    assert catalogue.id not in text and "適用" not in text


def fonts_of(data: bytes) -> list[dict]:
    found = {}
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            found[font["/BaseFont"]] = font
    return list(found.values())


def test_only_the_bundled_font_embedded_and_subset(interview, catalogue):
    fonts = fonts_of(render_pdf(interview, catalogue))
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType"
        assert re.fullmatch(r"/[A-Z]{6}\+BIZUDPGothic(-Regular|-Bold)", font["/BaseFont"])
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
        assert "/ToUnicode" in font  # text can be searched and copied


@pytest.mark.slow
def test_no_helvetica_or_base14_anywhere(tmp_path, catalogue):
    path = tmp_path / "draft.pdf"
    path.write_bytes(render_pdf(draft(), catalogue))
    assert b"Helvetica" not in path.read_bytes() and b"Times" not in path.read_bytes()
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all("BIZUDPGothic" in row and " yes yes yes " in row for row in rows), listing


def test_same_interview_same_bytes(catalogue):
    interview = example("interview-wide")
    first = render_pdf(interview, catalogue)
    set_language("en")
    try:
        second = render_pdf(interview, catalogue)
    finally:
        set_language("ja")
    assert first == second
    assert first.startswith(b"%PDF-")


def test_write_pdf_writes_the_rendered_bytes(tmp_path, catalogue):
    interview = one_type_basic()
    target = tmp_path / "summary.pdf"
    write_pdf(interview, catalogue, target)
    assert target.read_bytes() == render_pdf(interview, catalogue)
    assert os.listdir(tmp_path) == ["summary.pdf"]


# --- the command --------------------------------------------------------------------------

def write_interview(folder: Path, interview: Interview, name: str = "interview.json") -> Path:
    path = folder / name
    path.write_text(dumps(interview), encoding="utf-8")
    return path


@pytest.mark.slow
def test_render_a_file_twice_and_in_english_gives_identical_bytes(tmp_path):
    source = write_interview(tmp_path, every_type_wide())
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run_cli("render", str(source), "-o", str(first)).returncode == 0
    result = run_cli("render", str(source), "-o", str(second), env={"CYBERDESK_LANG": "en"})
    assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == render_pdf(every_type_wide(), load_all().current(date(2026, 11, 20)))


@pytest.mark.slow
def test_render_a_stored_interview_by_id_prefix(tmp_path):
    source = write_interview(tmp_path, si_and_software_wide())
    imported = run_cli("import", str(source))
    assert imported.returncode == 0, imported.stderr
    interview_id = imported.stdout.strip().splitlines()[-1]
    out = tmp_path / "stored.pdf"
    result = run_cli("render", interview_id[:10], "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "ワイドプラン" in "".join(pdf_text(out.read_bytes()))


def refused(result, out: Path, *words: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    assert not out.exists()
    if out.parent.exists():
        assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")]


@pytest.mark.slow
def test_bad_inputs_exit_2_and_leave_no_file(tmp_path):
    out = tmp_path / "out.pdf"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    refused(run_cli("render", str(broken), "-o", str(out)), out, "broken.json")
    inconsistent = every_type_wide()
    inconsistent.business_categories = [21]
    path = write_interview(tmp_path, inconsistent, "inconsistent.json")
    refused(run_cli("render", str(path), "-o", str(out)), out, "business_categories")
    refused(run_cli("render", str(tmp_path / "missing.json"), "-o", str(out)), out, "missing.json")
    refused(run_cli("render", "0123456789abcdef", "-o", str(out)), out, "0123456789abcdef")
    folder = tmp_path / "no-such-folder"
    refused(run_cli("render", str(write_interview(tmp_path, draft())), "-o", str(folder / "x.pdf")),
            folder / "x.pdf", "x.pdf")


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody may write in: a read-only drive (root ignores permissions)."""
    with tmpfs(tmp_path / "read-only", "ro,size=64k") as folder:
        yield folder


@pytest.mark.slow
def test_a_folder_that_cannot_be_written_exits_2(tmp_path, read_only_folder):
    source = write_interview(tmp_path, si_and_software_wide())
    out = read_only_folder / "summary.pdf"
    refused(run_cli("render", str(source), "-o", str(out)), out, "summary.pdf")


@pytest.fixture
def full_disk(tmp_path):
    """A drive with room for 64 KiB only."""
    with tmpfs(tmp_path / "full", "size=64k") as folder:
        yield folder


@pytest.mark.slow
def test_a_full_disk_exits_2_and_leaves_nothing(tmp_path, full_disk):
    source = write_interview(tmp_path, every_type_wide())
    out = full_disk / "summary.pdf"
    refused(run_cli("render", str(source), "-o", str(out)), out, "summary.pdf")
    assert list(full_disk.iterdir()) == []


def finalized(interview: Interview) -> Interview:
    interview.advance(Status.FINALIZED)
    interview.finalized_at = interview.updated_at = datetime(2026, 11, 20, 5, 52, 7, tzinfo=UTC)
    return interview


@pytest.mark.parametrize("factory", [draft, lambda: example("interview-wide")], ids=["blank", "wide"])
def test_a_draft_says_so_on_every_page_and_is_one_copy(catalogue, factory):
    pages = pdf_text(render_pdf(factory(), catalogue))
    assert len(pages) >= 3
    for page in pages:
        assert "下書き" in page
        assert squeeze(catalogue.compliance.draft_notice) in squeeze(page)
        assert "確定" not in page and not any(copy in page for copy in catalogue.compliance.copies)


def test_a_finalized_record_says_when_on_every_page_of_each_labelled_copy(catalogue):
    interview = finalized(example("interview-wide"))
    pages = pdf_text(render_pdf(interview, catalogue))
    assert len(pages) % 2 == 0
    half = len(pages) // 2
    for index, page in enumerate(pages):
        assert "下書き" not in page
        assert catalogue.compliance.copies[index // half] in page
        assert f"{index % half + 1}/{half}" in page
    assert "確定　2026年11月20日 14:52" in pages[0]  # 05:52 UTC, in Japan time
    assert pages[:half] != pages[half:]  # only the copy label differs
    assert [p.replace("お客さま控", "") for p in pages[:half]] == [
        p.replace("代理店控", "") for p in pages[half:]]


def test_the_creation_date_is_the_interview_s_own_so_reprints_are_identical(catalogue):
    interview = finalized(example("interview-wide"))
    data = render_pdf(interview, catalogue)
    assert PdfReader(BytesIO(data)).metadata["/CreationDate"] == "D:20261120145207+09'00'"
    assert render_pdf(interview, catalogue) == data
    draft_copy = example("interview-wide")  # a draft: its last save
    assert PdfReader(BytesIO(render_pdf(draft_copy, catalogue))).metadata["/CreationDate"] == \
        "D:20261120144802+09'00'"


def test_the_quote_prints_beside_the_plan_or_blank_lines(catalogue):
    interview = example("interview-basic")
    quote = {f.label: f.value for f in build(interview, catalogue).quote}
    assert quote == {"お見積書番号": "MS2611-0042187", "保険期間": "2026年12月1日から2027年12月1日まで",
                     "保険料（年額）": "186,420円", "払込方法": "一括払",
                     "支払限度額（賠償損害）": "1億円", "支払限度額（費用損害）": "1,000万円"}
    text = squeeze("".join(pdf_text(render_pdf(interview, catalogue))))
    assert all(squeeze(value) in text for value in quote.values())
    interview.quote.annual_premium = None
    interview.quote.number = ""
    quote = {f.label: f.value for f in build(interview, catalogue).quote}
    assert quote["保険料（年額）"] == quote["お見積書番号"] == ""
    assert "186,420" not in squeeze("".join(pdf_text(render_pdf(interview, catalogue))))


def test_every_printed_sentence_is_an_answer_or_catalogue_text(interview, catalogue):
    """A sentence (ending in 。) on paper is either something the customer or agent answered,
    or a text of the catalogue: product facts or the agency's compliance wording. Every known
    text is taken out of the printed text (longest first); no 。 may be left."""
    words = catalogue.compliance
    summary = build(interview, catalogue)
    furniture = [squeeze(t) for t in (
        "下書き", words.draft_notice, summary.product, summary.document_number, "補償内容のご案内",
        summary.status, *words.copies) if t]
    body = []
    pages = pdf_text(render_pdf(interview, catalogue))
    for number, page in enumerate(pages, start=1):
        page = squeeze(page)
        for copy in ("", *words.copies):
            page = page.removesuffix(copy)
        page = page.removesuffix(f"{number}/{len(pages) // len(summary.copies or ('',))}")
        page = page.removesuffix(f"{number - len(pages) // 2}/{len(pages) // 2}")
        while any(page.startswith(f) for f in furniture):
            page = page.removeprefix(next(f for f in furniture if page.startswith(f)))
        body.append(page)
    text = "".join(body)
    sources = {squeeze(t) for _path, t in (*_strings_of(catalogue), *_strings_of(interview))}
    for known in sorted((t for t in sources if len(t) > 1), key=len, reverse=True):
        text = text.replace(known, "¶")
    assert text.count("。") == 0, [s[-60:] for s in text.split("¶") if "。" in s]


def _strings_of(value, path=""):
    """Every text of a catalogue or interview (dataclasses, tuples, lists, dicts)."""
    if isinstance(value, str):
        yield path, value
    elif hasattr(value, "__dataclass_fields__") or hasattr(value, "_fields"):
        for name in getattr(value, "_fields", None) or value.__dataclass_fields__:
            yield from _strings_of(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings_of(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_of(item, f"{path}.{key}")


def _explained_by(sentence: str, known: str) -> bool:
    """The sentence's tail after the last label or table cell boundary is in a known text: the
    extracted text runs cells together, so a sentence may start inside a neighbouring label."""
    return any(sentence[start:] in known for start in range(0, min(len(sentence), 40)))


def test_customer_and_agency_fields_as_entered_and_formatted(catalogue):
    interview = example("interview-wide")
    summary = build(interview, catalogue)
    customer = {f.label: f.value for f in summary.customer}
    assert customer["法人名"] == "ほしぞらクラウド株式会社"
    assert customer["所在地"] == "〒530-0001 大阪府大阪市北区梅田二丁目4番9号 ブリーゼタワー21階"
    assert customer["代表者"] == "代表取締役社長 小林 大輔"
    assert customer["売上高（直近会計年度・税込）"] == "2,350,000千円"
    assert customer["決算月"] == "12月"
    assert customer["従業員数"] == "186名"
    agency = {f.label: f.value for f in summary.agency}
    assert agency == {"代理店": "株式会社みなと保険サービス", "代理店コード": "A1234-567",
                      "担当者": "佐藤 恵美", "募集人登録番号": "209876543210",
                      "電話番号": "03-5555-0142",
                      "メールアドレス": "e.sato@minato-hoken.example"}
    assert summary.date == "2026年11月20日（令和8年11月20日）"
    assert summary.wishes.initial_heard == "2026年11月20日 13:12 JST"  # 04:12 UTC, in Japan time


def test_a_revision_says_which_and_why(catalogue):
    interview = example("interview-wide")
    interview.status = Status.FINALIZED
    revised = interview.revise("住所の誤りを訂正")
    summary = build(revised, catalogue)
    assert summary.document_number.endswith("-02")
    assert summary.revision == "第2版（改訂理由：住所の誤りを訂正）"
    text = squeeze("".join(pdf_text(render_pdf(revised, catalogue))))
    assert "第2版（改訂理由：住所の誤りを訂正）" in text
    assert build(interview, catalogue).revision == ""


def long_inputs() -> Interview:
    interview = every_type_wide()
    interview.initial_intent.other_wishes = "取引先への損害賠償、" * 1000  # 10,000 characters
    interview.insured_parties[0].note = "（再委託先）" * 300
    interview.insured_parties[1].name = "株式会社" + "下請" * 98
    interview.proposal_reason = "ワイドプランを推奨。" * 300
    interview.customer.contact_email = "a-very-long-mailbox-name-for-the-contact-person@" + "x" * 60 + ".jp"
    return interview


@pytest.mark.slow
@pytest.mark.parametrize("factory", [every_type_wide, long_inputs, draft])
def test_no_word_crosses_the_margins(tmp_path, catalogue, factory):
    """Where poppler finds each word on the page: always inside the 17 mm side margins."""
    path = tmp_path / "summary.pdf"
    write_pdf(factory(), catalogue, path)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    margin = 17 * 72 / 25.4
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)',
                       html)
    assert len(words) > 100
    for x_min, y_min, x_max, y_max, word in words:
        assert margin - 0.5 <= float(x_min) and float(x_max) <= 595.28 - margin + 0.5, word
        assert float(y_min) >= 0 and float(y_max) <= 841.89, word


def test_the_written_file_is_readable_by_its_owner_only(tmp_path, catalogue):
    target = tmp_path / "summary.pdf"
    write_pdf(one_type_basic(), catalogue, target)
    assert target.stat().st_mode & 0o777 == 0o600  # customer data (個人情報保護法)


@pytest.mark.slow
def test_rendering_a_file_loads_neither_qt_nor_the_database_layer(tmp_path):
    source = write_interview(tmp_path, si_and_software_wide())
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cyberdesk", "render", str(source),
         "-o", str(tmp_path / "out.pdf")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    modules = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "reportlab" in modules
    assert not {m for m in modules if m.split(".")[0] in ("PySide6", "sqlalchemy", "alembic")}


free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF), max_size=400)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    types=st.lists(st.integers(1, 20), unique=True, max_size=20),
    plan=st.sampled_from([None, "basic", "wide"]),
    texts=st.lists(free_text, min_size=6, max_size=6),
    wished=st.lists(st.sampled_from(list("アイウエオカキクケコサ")), unique=True, max_size=11),
)
def test_any_consistent_interview_renders(catalogue, types, plan, texts, wished):
    interview = draft()
    interview.business_categories = types
    interview.other_business_description = texts[0].strip() or "業務" if 20 in types else ""
    interview.plan = plan
    interview.customer.company_name = texts[1][:200]
    interview.customer.address = texts[2][:300]
    interview.proposal_reason = texts[3]
    interview.initial_intent.expense_items = wished
    interview.confirmation.final.other_wishes = texts[4]
    interview.insured_parties = [InsuredParty(texts[5][:200], "sales", texts[4])]
    assert validate(interview, catalogue) == []
    pages = PdfReader(BytesIO(render_pdf(interview, catalogue))).pages
    assert len(pages) >= 3


def test_every_catalogue_text_can_be_printed_in_the_bundled_font(catalogue):
    """A 〓 in the catalogue's own words would print on every document."""
    for path, text in _strings_of(catalogue):
        assert printable(text) == unicodedata.normalize("NFC", text), path


@pytest.mark.parametrize("name", ["interview-wide", "interview-basic"])
def test_the_printed_grid_reads_row_by_row_as_the_wishes(catalogue, name):
    """Read back from the PDF: each row's item, its marks and its explanation, in that order."""
    interview = example(name)
    grid = build(interview, catalogue).wishes
    text = squeeze("".join(pdf_text(render_pdf(interview, catalogue))))
    for row in grid.rows:
        printed = squeeze(f"{row.item}{row.initial}{row.final}{row.covered}{row.explanation or ''}")
        assert printed in text, row.item


def test_a_finalized_record_leaves_no_blank_line_to_fill_in_later(catalogue):
    interview = finalized(loads((FIXTURES / "v1" / "interview-basic.json").read_bytes()))
    summary = build(interview, catalogue)  # a version 1 file: no quote was ever recorded
    assert [f.value for f in summary.quote] == ["記載なし"] * len(summary.quote)  # — means "not wished"
    assert {f.label: f.value for f in summary.agency}["代理店コード"] == "A1234-567"
    interview.agent.agency_code = ""
    assert {f.label: f.value for f in build(interview, catalogue).agency}["代理店コード"] == "記載なし"
    assert [f.value for f in build(draft(), catalogue).quote] == [""] * len(summary.quote)
