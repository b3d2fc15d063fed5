"""The store against a real SQLite file: what goes in comes out, every change is on disk the
moment it returns, and the lifecycle holds."""

from __future__ import annotations

import pytest
from db_helpers import open_db
from interview_factory import BASIC, DRAFT, ECONOMY_CATALOGUE, WIDE, economy_document, interview

from cyberdesk.catalogue import load_catalogue
from cyberdesk.files import paths
from cyberdesk.model.document import from_document, to_document
from cyberdesk.model.interview import Customer, Interview, LifecycleError, Status
from cyberdesk.model.problems import ProblemsError
from cyberdesk.services.laptop import open_store
from cyberdesk.store.database import StoreError
from cyberdesk.store.store import Conflict, NotFound, Store


def on_disk(sql: str, *params) -> list[tuple]:
    """What another program reading the file sees right now (a second, independent connection)."""
    connection = open_db(paths.database_path())
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def test_the_database_lives_in_the_data_folder_with_private_permissions(store, cyberdesk_home):
    assert store.path == cyberdesk_home / "cyberdesk.sqlite3"
    assert store.path.stat().st_mode & 0o077 == 0
    store.summaries()
    assert on_disk("PRAGMA journal_mode") == [("wal",)]
    assert on_disk("SELECT version_num FROM alembic_version")
    assert store.read("PRAGMA foreign_keys") == [(1,)]
    assert store.read("PRAGMA synchronous") == [(2,)]  # FULL: a commit is on the disk


@pytest.mark.parametrize("path", [BASIC, WIDE, DRAFT], ids=["basic", "wide", "draft"])
def test_what_is_added_is_what_is_read_back(store, path):
    iv = interview(path)
    store.add(iv)
    assert store.get(iv.id) == iv
    assert to_document(store.get(iv.id)) == to_document(iv)


def test_a_new_draft_is_added_without_waiting_for_the_disk_and_every_later_write_waits(store):
    """新規 adds an unanswered draft without an fsync; it is committed all the same (another
    connection reads it), and the next write is durable again."""
    new = Interview()
    store.add(new, durable=False)
    assert on_disk("SELECT id, status FROM interviews") == [(new.id, "draft")]
    assert store.read("PRAGMA synchronous") == [(2,)]  # FULL again at once
    with pytest.raises(Conflict):  # a refused add restores it too
        store.add(new, durable=False)
    assert store.read("PRAGMA synchronous") == [(2,)]


def test_every_change_is_committed_as_it_is_made(store):
    iv = store.add(interview(WIDE))
    assert on_disk("SELECT company_name, status FROM interviews") == [
        ("ほしぞらクラウド株式会社", "draft")]
    iv.customer.company_name = "ほしぞらクラウド株式会社(旧社名)"
    store.save(iv, wizard_step=4)
    assert on_disk("SELECT company_name, wizard_step FROM interviews") == [
        ("ほしぞらクラウド株式会社(旧社名)", 4)]
    store.set_step(iv.id, 5)
    assert on_disk("SELECT wizard_step FROM interviews") == [(5,)]
    store.trash(iv.id)
    assert on_disk("SELECT trashed_at IS NOT NULL FROM interviews") == [(1,)]
    store.restore(iv.id)
    assert on_disk("SELECT trashed_at FROM interviews") == [(None,)]
    store.set_setting("agent", {"agent_name": "佐藤 恵美"})
    assert on_disk("SELECT value FROM settings WHERE key = 'agent'") == [
        ('{"agent_name": "佐藤 恵美"}',)]
    store.finalize(iv.id, load_catalogue(BASIC.parent.parent / "resources/catalogue/"
                                         "ms-cyberprotector-it_2026.1.json"))
    assert on_disk("SELECT status FROM interviews") == [("finalized",)]


def test_the_stored_document_is_the_file_format(store):
    iv = store.add(interview(BASIC))
    [(text,)] = on_disk("SELECT document FROM interviews WHERE id = ?", iv.id)
    import json

    assert from_document(json.loads(text)) == iv


def test_saving_keeps_the_answers_and_the_wizard_page(store):
    iv = store.add(interview(DRAFT))
    iv.customer.address = "東京都港区芝五丁目"
    store.save(iv, wizard_step=2)
    again = Store.get(store, iv.id)
    assert again.customer.address == "東京都港区芝五丁目"
    assert store.step_of(iv.id) == 2


def test_an_id_is_stored_once_and_a_revision_number_once_per_lineage(store):
    iv = store.add(interview(BASIC))
    with pytest.raises(StoreError, match=iv.id):
        store.add(interview(BASIC))
    clash = interview(BASIC)
    clash.id = "0" * 32
    with pytest.raises(StoreError):
        store.add(clash)
    assert len(store.summaries()) == 1


def test_a_revision_whose_original_is_missing_is_refused(store):
    iv = interview(BASIC)
    iv.advance(Status.FINALIZED)
    revised = iv.revise("訂正")
    with pytest.raises(StoreError, match=iv.id):
        store.add(revised)
    assert store.summaries() == []


def test_finalize_refuses_an_incomplete_interview_with_everything_missing(store, catalogue):
    iv = store.add(interview(DRAFT))
    with pytest.raises(ProblemsError) as caught:
        store.finalize(iv.id, catalogue)
    assert len(caught.value.problems) > 10
    assert store.get(iv.id).status is Status.DRAFT


def test_finalized_for_paper_says_so_before_finalized_and_a_refusal_leaves_no_mark(store, catalogue):
    """The command line's finalize (no signature pad): the record says it waits for signatures on
    paper, and the trail has `signed_on_paper` before `finalized`, nothing after it (head office
    refuses a trail that goes on after finalizing)."""
    draft = store.add(interview(DRAFT))
    with pytest.raises(ProblemsError):
        store.finalize(draft.id, catalogue, paper=True)
    assert not store.get(draft.id).signatures.paper
    assert "signed_on_paper" not in [e.event for e in store.audit_trail(draft.id)]
    iv = store.add(interview(BASIC))
    finalized = store.finalize(iv.id, catalogue, paper=True)
    assert finalized.signatures.paper and store.get(iv.id).signatures.paper
    assert [e.event for e in store.audit_trail(iv.id)][-2:] == ["signed_on_paper", "finalized"]


def test_a_finalized_interview_is_read_only_in_the_store(store, catalogue):
    iv = store.add(interview(BASIC))
    finalized = store.finalize(iv.id, catalogue)
    assert finalized.status is Status.FINALIZED and finalized.finalized_at is not None
    [(before,)] = on_disk("SELECT document FROM interviews")
    iv.customer.company_name = "書き換え"
    with pytest.raises(LifecycleError):
        store.save(iv)  # a stale draft copy cannot overwrite the record
    with pytest.raises(LifecycleError):
        store.save(finalized)
    with pytest.raises(LifecycleError):
        store.trash(iv.id)
    with pytest.raises(LifecycleError):
        store.finalize(iv.id, catalogue)
    assert on_disk("SELECT document FROM interviews") == [(before,)]


def test_marking_exported_and_synced(store, catalogue):
    iv = store.add(interview(WIDE))
    with pytest.raises(LifecycleError):
        store.mark(iv.id, Status.EXPORTED)
    store.finalize(iv.id, catalogue)
    store.mark(iv.id, Status.EXPORTED)
    store.mark(iv.id, Status.SYNCED)
    store.mark(iv.id, Status.EXPORTED)  # exported again after a change of sync folder
    assert store.get(iv.id).status is Status.EXPORTED
    assert store.counts()[Status.EXPORTED] == 1


def test_revising_adds_revision_two_and_keeps_the_original(store, catalogue):
    iv = store.add(interview(BASIC))
    store.finalize(iv.id, catalogue)
    [(before,)] = on_disk("SELECT document FROM interviews")
    revised = store.revise(iv.id, "決算月の訂正")
    assert (revised.revision, revised.previous_id, revised.lineage_id) == (2, iv.id, iv.lineage_id)
    assert store.get(revised.id) == revised
    assert on_disk("SELECT document FROM interviews WHERE id = ?", iv.id) == [(before,)]
    with pytest.raises(LifecycleError):
        store.revise(iv.id, "二重の訂正")  # revision 2 exists: revise the latest
    with pytest.raises(LifecycleError):
        store.revise(revised.id, "下書きは編集する")
    store.finalize(revised.id, catalogue)
    third = store.revise(revised.id, "所在地の訂正")
    assert third.revision == 3
    assert sorted(s.revision for s in store.summaries()) == [1, 2, 3]


def test_duplicating_makes_a_new_draft_with_the_current_catalogue(store, catalogue):
    iv = store.add(interview(WIDE))
    store.finalize(iv.id, catalogue)
    fresh = store.duplicate(iv.id, catalogue)
    assert fresh.id != iv.id and fresh.status is Status.DRAFT and fresh.revision == 1
    assert store.get(fresh.id).customer == iv.customer
    assert store.get(iv.id).status is Status.FINALIZED


def test_duplicating_drops_a_plan_the_new_catalogue_no_longer_has(store, catalogue):
    economy = load_catalogue(ECONOMY_CATALOGUE)
    iv = store.add(from_document(economy_document()))
    fresh = store.duplicate(iv.id, catalogue)
    assert fresh.plan is None
    assert (fresh.catalogue_id, fresh.catalogue_version) == catalogue.key
    assert store.get(iv.id).plan == "economy" and economy.plan("economy")


def test_a_third_plan_goes_through_the_store(store):
    economy = load_catalogue(ECONOMY_CATALOGUE)
    iv = store.add(from_document(economy_document()))
    assert store.get(iv.id).plan == "economy"
    assert store.summaries()[0].plan == "economy"
    assert store.finalize(iv.id, economy).status is Status.FINALIZED
    assert store.get(iv.id).catalogue_id == "test-economy"


def test_listing_filters_by_status_search_and_trash(store, catalogue):
    basic = store.add(interview(BASIC))
    wide = store.add(interview(WIDE))
    store.finalize(basic.id, catalogue)
    assert [s.id for s in store.summaries(status=Status.FINALIZED)] == [basic.id]
    assert [s.id for s in store.summaries(search="ホシゾラ")] == [wide.id]
    assert [s.id for s in store.summaries(search="さくら")] == [basic.id]
    assert store.summaries(search="%") == []
    store.trash(wide.id)
    assert [s.id for s in store.summaries()] == [basic.id]
    assert [s.id for s in store.summaries(trashed=True)] == [wide.id]
    summary = store.summaries()[0]
    assert (summary.company_name, summary.plan, summary.revision) == ("株式会社さくらシステム開発",
                                                                      "basic", 1)


def test_search_takes_wildcards_and_backslashes_literally(store):
    iv = interview(WIDE)
    iv.customer.company_name = "株式会社100%_テスト\\支店"
    store.add(iv)
    store.add(interview(BASIC))
    for text in ("100%", "%_テ", "\\支", "株式会社100%_テスト\\支店"):
        assert [s.id for s in store.summaries(search=text)] == [iv.id], text
    assert store.summaries(search="1_0") == [] and store.summaries(search="\\") != []


def test_counts_by_status_leave_the_trash_out(store, catalogue):
    basic = store.add(interview(BASIC))
    wide = store.add(interview(WIDE))
    store.add(interview(DRAFT))
    store.finalize(basic.id, catalogue)
    store.trash(wide.id)
    assert store.counts() == dict.fromkeys(Status, 0) | {Status.DRAFT: 1, Status.FINALIZED: 1}


def test_writes_from_two_threads_at_once_are_each_whole(store):
    """The wizard's saver thread and the GUI write through the store's one connection at once:
    each transaction is whole, none is lost."""
    import threading

    start = threading.Barrier(4)

    def writes(name: str) -> None:
        start.wait()
        for number in range(25):
            store.set_setting(name, number)
            if number % 5 == 0:
                store.add(Interview(customer=Customer(company_name=f"{name}{number}"),
                                    catalogue_id="x", catalogue_version="1"))

    threads = [threading.Thread(target=writes, args=(name,)) for name in "abcd"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [store.setting(name) for name in "abcd"] == [24] * 4
    assert len(store.summaries()) == 20


def test_a_failed_write_leaves_nothing_half_written(store):
    """A transaction that raises rolls back whole: the interview and its audit event together."""
    from cyberdesk.store.store import Conflict

    first = store.add(interview(BASIC))
    clash = interview(BASIC)
    clash.id = first.id
    with pytest.raises(Conflict):
        store.add(clash)
    assert [event.event for event in store.audit_trail(first.id)] == ["created"]
    assert on_disk("SELECT count(*) FROM audit_events") == [(1,)]


def test_ids_resolve_from_an_unambiguous_prefix(store):
    basic = store.add(interview(BASIC))
    assert store.resolve(basic.id[:6]) == basic.id
    assert store.resolve(basic.id[:6].upper()) == basic.id
    with pytest.raises(NotFound):
        store.resolve("zz")
    with pytest.raises(NotFound):
        store.resolve("   ")
    store.add(interview(WIDE))
    with pytest.raises(NotFound):
        store.resolve("%")
    with pytest.raises(NotFound):
        store.get("0" * 32)


def test_settings_round_trip(store):
    assert store.setting("missing", default=3) == 3
    value = {"agency_name": "株式会社みなと保険サービス", "codes": [1, 2], "flag": True}
    store.set_setting("agent", value)
    store.set_setting("agent", value | {"flag": False})
    assert store.setting("agent") == value | {"flag": False}


def test_the_data_survives_closing_and_reopening(store):
    iv = store.add(interview(WIDE))
    store.close()
    with open_store() as again:
        assert again.get(iv.id) == iv


def test_the_list_is_newest_change_first_whatever_time_zone_a_file_used(store):
    from datetime import datetime

    earlier, later = interview(BASIC), interview(WIDE)
    earlier.updated_at = datetime.fromisoformat("2026-11-20T10:00:00+09:00")  # 01:00 UTC
    later.updated_at = datetime.fromisoformat("2026-11-20T02:00:00+00:00")
    store.add(earlier)
    store.add(later)
    assert [s.id for s in store.summaries()] == [later.id, earlier.id]
    assert store.get(earlier.id).updated_at.utcoffset().total_seconds() == 9 * 3600


def test_only_a_new_interview_without_answers_is_discarded(store):
    from cyberdesk.model.interview import Agent, Interview

    empty = store.add(Interview(agent=Agent(agent_name="山田 花子")))  # the profile is the app's
    store.set_step(empty.id, 1)
    store.discard(empty.id)
    assert store.summaries() == [] and store.audit_trail(empty.id) == []
    answered = Interview()
    answered.customer.company_name = "株式会社サン"
    store.add(answered)
    with pytest.raises(LifecycleError):
        store.discard(answered.id)
    assert [s.id for s in store.summaries()] == [answered.id]
