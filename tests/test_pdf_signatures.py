"""The signed record on paper: both on-screen signatures drawn as vector paths (one path per
stroke, never an image) in their boxes on both copies, with 「電子サイン <when>」 under each;
the agent's date is the day the agent signed; the agent's statement only when the record says
it was all done; the same bytes on reprint."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from interview_factory import SIGNED
from interview_factory import interview as example
from pypdf import PdfReader
from pypdf.generic import ContentStream

from cyberdesk.catalogue import installed
from cyberdesk.clock import JST
from cyberdesk.model.document import loads
from cyberdesk.services.pdf import render_pdf
from cyberdesk.services.pdf.content import build


@pytest.fixture(scope="module")
def catalogue():
    return installed().current()


def signed():
    return loads(SIGNED.read_bytes())


def path_runs(page) -> list[int]:
    """For each open path on the page (moveTo, lineTos, stroke), how many lineTos it has."""
    runs, current = [], None
    for _operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"m":
            current = 0
        elif operator == b"l" and current is not None:
            current += 1
        elif operator == b"S" and current is not None:
            runs.append(current)
            current = None
        elif operator != b"l":
            current = None
    return runs


def test_both_signatures_are_vector_paths_on_both_copies(catalogue):
    interview = signed()
    reader = PdfReader(BytesIO(render_pdf(interview, catalogue)))
    texts = [page.extract_text() for page in reader.pages]
    signature_pages = [index for index, text in enumerate(texts) if "電子サイン" in text]
    assert len(signature_pages) == 2  # お客さま控 and 代理店控
    assert "お客さま控" in texts[signature_pages[0]] and "代理店控" in texts[signature_pages[1]]
    long = 10  # lineTos: more than any rule or box of the layout has in one path
    expected = sorted(len(stroke) - 1 for signature in (interview.signatures.customer,
                                                        interview.signatures.agent)
                      for stroke in signature.strokes if len(stroke) > long)
    assert len(expected) >= 4
    for index in signature_pages:
        assert sorted(run for run in path_runs(reader.pages[index]) if run > long) == expected
        text = texts[index]
        assert "電子サイン 2026年11月18日 11:40" in text and "電子サイン 2026年11月18日 11:42" in text
    for page in reader.pages:  # never a raster
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert all(xobjects[name].get("/Subtype") != "/Image" for name in xobjects)


def test_a_reprint_is_byte_identical(catalogue):
    assert render_pdf(signed(), catalogue) == render_pdf(signed(), catalogue)


def test_the_agents_date_is_the_day_the_agent_signed(catalogue):
    interview = signed()
    interview.signatures.agent.signed_at = datetime(2026, 11, 20, 9, 0, tzinfo=JST)
    summary = build(interview, catalogue)
    assert summary.agent_date == "2026年11月20日" and summary.confirmed_on == "2026年11月18日"
    assert summary.agent_signature.caption == "電子サイン 2026年11月20日 09:00"
    unsigned = build(example(), catalogue)
    assert unsigned.agent_date == "" and unsigned.agent_signature is None


def test_a_signature_the_content_no_longer_matches_is_not_drawn(catalogue):
    interview = signed()
    interview.proposal_reason += "（追記）"
    summary = build(interview, catalogue)
    assert summary.customer_signature is None and summary.agent_signature is None


def test_the_agents_statement_prints_only_what_the_record_says_was_done(catalogue):
    interview = example()
    assert build(interview, catalogue).agent_statement == catalogue.compliance.agent_statement
    interview.confirmation.disclosure_handed_over = False
    assert build(interview, catalogue).agent_statement == ""
    text = "".join(page.extract_text() for page in
                   PdfReader(BytesIO(render_pdf(interview, catalogue))).pages)
    assert "お渡しして" not in text


def test_the_blank_form_is_a_form_with_its_own_recorded_number(catalogue):
    from cyberdesk.model.interview import Agent
    from cyberdesk.services.laptop import open_store
    from cyberdesk.services.pdf import blank_form, blank_form_id

    with open_store() as store:
        form_id = blank_form_id(store)
        assert blank_form_id(store) == form_id  # recorded: a reprint has the same number
    form = blank_form(catalogue, Agent(agent_name="佐藤 恵美"), form_id=form_id)
    data = render_pdf(form, catalogue, handwritten=True)
    texts = [page.extract_text() for page in PdfReader(BytesIO(data)).pages]
    assert all("手書き用" in text and "下書き" not in text for text in texts)
    assert all(form.document_number in text for text in texts)
    assert "下書き" in PdfReader(BytesIO(render_pdf(form, catalogue))).pages[0].extract_text()


@pytest.mark.slow
def test_cyberdesk_render_of_the_signed_example_gives_these_bytes(tmp_path, catalogue):
    from conftest import run_cli

    target = tmp_path / "signed.pdf"
    result = run_cli("render", str(SIGNED), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == render_pdf(signed(), catalogue)
