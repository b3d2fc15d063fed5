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
    assert f"不備 {held['gap'].document_number}: 重要事項説明書の説明がありません" in done.stdout


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
