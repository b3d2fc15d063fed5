"""Head office's decisions: 承認 / 差戻し (with the reason) / 保留 (with a note), appended to a log
the database refuses to change or delete, on SQLite and PostgreSQL; `office review` writes the
same log as the desk."""

from __future__ import annotations

import getpass

import pytest
from conftest import run_cli
from office_helpers import held_interviews
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from cyberdesk.office import review
from cyberdesk.office.store import Filters, OfficeStore


@pytest.fixture
def held(office_url, tmp_path):
    """Three current interviews (one with an exception) and one superseded revision."""
    return held_interviews(office_url, tmp_path)


def test_decisions_are_logged_with_who_when_what_why(held):
    with OfficeStore.open(held["url"]) as office:
        gap = held["gap"].document_number
        with pytest.raises(review.ReviewRefused):
            review.decide(office, gap, review.RETURNED, "  ")  # a return needs its reason
        with pytest.raises(review.ReviewRefused):
            review.decide(office, gap, review.ON_HOLD, "")  # a hold needs a note
        held_note = review.decide(office, gap, review.ON_HOLD, "代理店に確認中")
        returned = review.decide(office, held["gap"].id, review.RETURNED, "重要事項説明書の説明欄")
        approved = review.decide(office, held["second"].document_number, review.APPROVED)
        with pytest.raises(review.ReviewRefused):  # a later revision is held
            review.decide(office, held["third"].document_number, review.APPROVED)
        with pytest.raises(review.ReviewRefused):
            review.decide(office, "CD-00000000-01", review.APPROVED)
        log = office.review.log()
        row = office.review.find(gap)
    expected = "postgres" if held["url"].startswith("postgresql") else getpass.getuser()
    assert [(e["interview_id"], e["decision"], e["note"], e["reviewer"]) for e in log] == [
        (held["gap"].id, "on_hold", "代理店に確認中", expected),
        (held["gap"].id, "returned", "重要事項説明書の説明欄", expected),
        (held["second"].id, "approved", "", expected)]
    assert [e["seq"] for e in log] == [held_note.seq, returned.seq, approved.seq]
    assert all(e["decided_at"].endswith("+00:00") for e in log)
    assert (row["review_state"], row["review_note"]) == ("returned", "重要事項説明書の説明欄")


@pytest.mark.parametrize("statement", ["UPDATE review_log SET note = 'changed'",
                                       "DELETE FROM review_log"])
def test_the_database_refuses_to_change_the_log(held, statement):
    with OfficeStore.open(held["url"]) as office:
        review.decide(office, held["gap"].id, review.RETURNED, "説明欄が空")
        with pytest.raises(DBAPIError, match="append-only"), office.engine.begin() as connection:
            connection.execute(text(statement))
        assert [e["note"] for e in office.review.log()] == ["説明欄が空"]


def test_postgresql_writes_the_role_whatever_name_is_given(held):
    if not held["url"].startswith("postgresql"):
        pytest.skip("SQLite has no roles: the OS user or the name given decides")
    with OfficeStore.open(held["url"]) as office:
        office.review.decide(held["gap"].id, "approved", "", "someone-else", "2026-12-01T00:00:00+00:00")
        assert office.review.log()[0]["reviewer"] == "postgres"


def test_queue_pages_exceptions_first_and_filters(held):
    with OfficeStore.open(held["url"]) as office:
        desk = office.review
        first = desk.page(Filters(), limit=1)
        rest = desk.page(Filters(), after=(first[0]["flagged"], first[0]["received_at"],
                                          first[0]["id"]))
        assert first[0]["id"] == held["gap"].id  # the exception first
        assert {r["id"] for r in first + rest} == {held[k].id for k in ("first", "gap", "second")}
        assert desk.count(Filters(superseded=True)) == 4
        assert [r["id"] for r in desk.page(Filters(text="ガンマ"))] == [held["second"].id]
        assert [r["id"] for r in desk.page(Filters(text=held["first"].document_number.lower()))] \
            == [held["first"].id]
        assert [r["id"] for r in desk.page(Filters(exception="disclosure_not_explained"))] == [
            held["gap"].id]
        assert desk.count(Filters(month="2026-11")) == 2
        assert desk.count(Filters(text="100%")) == 0
        review.decide(office, held["first"].id, review.APPROVED)
        assert [r["id"] for r in desk.page(Filters(state="approved"))] == [held["first"].id]
        assert desk.count(Filters(state="unreviewed")) == 2


@pytest.mark.parametrize(("filters", "index"), [
    (Filters(), "ix_interviews_current"),
    (Filters(state="returned"), "ix_interviews_current_state"),
    (Filters(agency="A1234-567"), "ix_interviews_current_agency"),
    (Filters(agent="山田"), "ix_interviews_current_agent"),
])
def test_the_queue_and_its_count_read_the_index_of_current_revisions(held, filters, index):
    """office_0006: a page, and the count of what a filter keeps, read the partial index of the
    current revisions (the database can use it: its condition is the query's, as written), so
    a count on 100,000 revisions reads no row. PostgreSQL is told to avoid scans and sorts, which
    it prefers on a table of four rows: the test is that it can use the index."""
    with OfficeStore.open(held["url"]) as office, office.engine.connect() as connection:
        postgresql = connection.dialect.name == "postgresql"
        explain = "EXPLAIN" if postgresql else "EXPLAIN QUERY PLAN"
        if postgresql:
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                connection.exec_driver_sql(f"SET {setting} = off")
        for query, wanted in ((office.review.page_query(filters), f" {index} "),
                              (office.review.count_query(filters), " ix_interviews_current")):
            sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
            plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(f"{explain} {sql}"))
            assert wanted in f" {plan} ".replace("(", " "), plan  # a count: any such index


@pytest.mark.slow
def test_cli_review_writes_the_same_log(held):
    url, gap = held["url"], held["gap"].document_number
    sqlite = url.startswith("sqlite")
    who = ["--reviewer", "鈴木"] if sqlite else []
    done = run_cli("office", "review", gap, "--return", "説明欄が空です", "--db", url, *who)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{gap}: 差戻し（{'鈴木' if sqlite else 'postgres'}）"
    bad = run_cli("office", "review", gap, "--hold", " ", "--db", url)
    assert (bad.returncode, bad.stderr.strip()) == (2, "保留にはメモが必要です")
    again = run_cli("office", "review", gap, "--return", "x", "--approve", "--db", url)
    assert again.returncode == 2 and "Traceback" not in again.stderr
    with OfficeStore.open(url) as office:
        assert [(e["decision"], e["note"]) for e in office.review.log()] == [
            ("returned", "説明欄が空です")]


def alembic(connection):
    """Alembic's configuration for head office's migrations over `connection`."""
    from pathlib import Path

    from alembic.config import Config

    from cyberdesk.office import database

    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).with_name("migrations")))
    config.attributes["connection"] = connection
    return config


def test_office_0005_fills_the_review_columns_of_revisions_held_before_it(held):
    """A database holding revisions from before the desk (office_0004) is migrated when opened:
    each revision's exception codes and whether it is superseded are worked out from what is
    held, as intake would have stored them."""
    from alembic import command

    def review_columns(office) -> dict[str, tuple]:
        return {r["id"]: (r["exceptions"], r["flagged"], r["superseded"])
                for r in (office.review.find(row["id"]) for row in office.revisions())}

    with OfficeStore.open(held["url"]) as office:
        stored = review_columns(office)
        with office.engine.begin() as connection:
            command.downgrade(alembic(connection), "office_0004")
    with OfficeStore.open(held["url"]) as office:  # migrated to the head again, rows and all
        assert review_columns(office) == stored
    assert any(flagged for _codes, flagged, _superseded in stored.values())
    assert any(superseded for _codes, _flagged, superseded in stored.values())


def test_office_0006_moves_the_filters_indexes_to_the_current_revisions_and_back(held):
    """A database the desk used at office_0005 is migrated when opened, its rows kept; the
    migration can be undone."""
    from alembic import command
    from sqlalchemy import inspect

    def indexes(connection) -> set[str]:
        return {index["name"] for index in inspect(connection).get_indexes("interviews")}

    with OfficeStore.open(held["url"]) as office:
        with office.engine.begin() as connection:
            command.downgrade(alembic(connection), "office_0005")
        with office.engine.connect() as connection:
            old = indexes(connection)
    assert {"ix_interviews_queue_state", "ix_interviews_queue_agency"} <= old
    assert not any(name.startswith("ix_interviews_current") for name in old)
    with OfficeStore.open(held["url"]) as office:  # migrated to the head again
        with office.engine.connect() as connection:
            new = indexes(connection)
        assert office.review.count(Filters(superseded=True)) == 4
        assert office.review.count(Filters()) == 3
    assert {"ix_interviews_queue", "ix_interviews_current", "ix_interviews_current_state",
            "ix_interviews_current_agency", "ix_interviews_current_agent"} <= new
    assert not new & {"ix_interviews_queue_state", "ix_interviews_queue_agency",
                      "ix_interviews_queue_agent"}
