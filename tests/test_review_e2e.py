"""Head office's decision closes the loop: laptop → intake → 差戻し → the laptop revises →
intake → 承認 → the laptop shows 承認済み and purges after the retention days (an injected clock),
on SQLite and PostgreSQL. Decisions travel signed; one not signed by head office changes nothing."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from conftest import PILOT, deployment_text, run_cli
from office_helpers import sent_bundles

from cyberdesk import clock
from cyberdesk.catalogue import installed
from cyberdesk.japanese.phrases import plain
from cyberdesk.office import review
from cyberdesk.office.intake import intake
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import decisions, messages
from cyberdesk.services.laptop import open_store
from cyberdesk.services.purge import purge_due, retention_days
from cyberdesk.services.sync import sync

REASON = "重要事項説明書を説明した日付を記入してください"


@pytest.fixture
def laptop(cyberdesk_home):
    (cyberdesk_home / "deployment.toml").write_text(
        deployment_text(extra=PILOT + "retention_days = 30\n"), encoding="utf-8")
    store = open_store()
    yield store
    store.close()


def take_in(url: str, folder, tmp_path) -> None:
    with OfficeStore.open(url) as office:
        assert intake(office, [folder], tmp_path / "q").ok


def test_return_revise_approve_purge(laptop, office_url, tmp_path, office_key):
    folder = tmp_path / "sync"
    [first] = sent_bundles(laptop, folder, count=1)
    take_in(office_url, folder, tmp_path)
    with OfficeStore.open(office_url) as office:
        made = review.decide(office, first, review.RETURNED, REASON, key=office_key)
    assert made.sent is not None and made.sent.parent == folder / messages.FOLDER
    sealed = made.sent.read_bytes()  # sealed to the laptop's key: nothing of it in clear
    assert made.sent.suffix == ".age" and sealed.startswith(b"age-encryption.org/v1\n")
    assert REASON.encode() not in sealed and first.encode() not in sealed
    assert sync(laptop, folder).ignored_messages == []
    returned = decisions.decision_of(laptop, first)
    assert (returned.state, returned.note, returned.label) == ("returned", REASON, "差戻し")
    assert decisions.revision_reason(returned) == f"本部からの差戻し：{REASON}"
    with clock.shifted(timedelta(days=400)):  # a return is never purged
        assert purge_due(laptop, retention_days()) == []

    revised = decisions.revise(laptop, first, decisions.revision_reason(returned))
    assert decisions.decision_of(laptop, first).revised_as == revised.id  # linked to the return
    assert laptop.get(revised.id).revision_reason.endswith(REASON)
    laptop.finalize(revised.id, installed().current())
    assert sync(laptop, folder).complete
    take_in(office_url, folder, tmp_path)
    with OfficeStore.open(office_url) as office:
        with pytest.raises(review.ReviewRefused):  # the returned revision is superseded now
            review.decide(office, first, review.APPROVED, key=office_key)
        approved = review.decide(office, revised.document_number, review.APPROVED, key=office_key)
        assert [e["decision"] for e in office.review.log()] == ["returned", "approved"]
    assert approved.sent is not None
    assert sync(laptop, folder).ignored_messages == []
    shown = decisions.decision_of(laptop, revised.id)
    assert (shown.state, shown.label) == ("approved", "承認済み")

    with clock.shifted(timedelta(days=29)):
        assert purge_due(laptop, retention_days()) == []
    with clock.shifted(timedelta(days=31)):
        purged = purge_due(laptop, retention_days())
    assert sorted(p.interview_id for p in purged) == sorted([first, revised.id])
    assert laptop.get(revised.id).customer.company_name == ""


def approval_of_one_sent(laptop, office_url: str, folder, tmp_path) -> messages.Message:
    """One interview sent and taken in; an approval of it, built but not sent."""
    [first] = sent_bundles(laptop, folder, count=1)
    take_in(office_url, folder, tmp_path)
    with OfficeStore.open(office_url) as office:
        row = office.review.find(first)
    body = {"state": "approved", "reason": REASON, "reviewer": "x",
            "decided_at": "2026-12-01T00:00:00+00:00"}
    return messages.message(messages.DECISION, body, interview_id=first,
                            lineage_id=row["lineage_id"], revision=1,
                            document_number=row["document_number"])


def test_a_decision_sealed_for_another_laptop_is_not_read(laptop, office_url, tmp_path,
                                                            office_key):
    """Only the laptop whose key signed the revision opens head office's answer to it."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    folder = tmp_path / "sync"
    built = approval_of_one_sent(laptop, office_url, folder, tmp_path)
    elsewhere = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw,
                                                                      PublicFormat.Raw)
    sent = messages.send(folder, built, office_key, to=elsewhere)
    with pytest.raises(messages.MessageRefused) as refused:
        messages.read(sent, office_key.public_bytes, messages.laptop_opener())
    assert refused.value.code == "not_for_this_laptop"
    result = sync(laptop, folder)
    assert [line.split(": ", 1)[0] for line in result.ignored_messages] == [str(sent)]
    assert decisions.all_decisions(laptop) == {}


def test_a_decision_not_signed_by_head_office_changes_nothing(laptop, office_url, tmp_path,
                                                              office_key):
    folder = tmp_path / "sync"
    forged = approval_of_one_sent(laptop, office_url, folder, tmp_path)
    messages.send(folder, forged, messages.new_office_key())  # another key
    other = dataclasses.replace(forged, interview_id="f" * 32)
    messages.send(folder, other, office_key)  # head office's, but not an interview sent from here
    result = sync(laptop, folder)
    assert len(result.ignored_messages) == 2
    assert decisions.all_decisions(laptop) == {}
    with clock.shifted(timedelta(days=400)):
        assert purge_due(laptop, retention_days()) == []


def test_purge_after_receipt_keeps_a_return_until_its_revision_is_received(
        laptop, office_url, tmp_path, office_key, cyberdesk_home):
    (cyberdesk_home / "deployment.toml").write_text(deployment_text(
        extra=PILOT + 'retention_days = 30\npurge_after = "receipt"\n'), encoding="utf-8")
    folder = tmp_path / "sync"
    [first, kept] = sent_bundles(laptop, folder, count=2)
    take_in(office_url, folder, tmp_path)
    with OfficeStore.open(office_url) as office:
        review.decide(office, first, review.RETURNED, REASON, key=office_key)
    sync(laptop, folder)
    with clock.shifted(timedelta(days=31)):
        assert [p.interview_id for p in purge_due(laptop, retention_days())] == [kept]


@pytest.mark.slow
def test_list_and_revise_on_the_command_line(laptop, tmp_path, office_key, cyberdesk_home):
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    from office_fixtures import register_laptop

    register_laptop(url)
    folder = tmp_path / "sync"
    [first] = sent_bundles(laptop, folder, count=1)
    laptop.close()
    take_in(url, folder, tmp_path)
    done = run_cli("office", "review", first, "--return", REASON, "--db", url, "--reviewer", "鈴木")
    assert done.returncode == 0, done.stderr
    synced = run_cli("sync", "--to", str(folder))  # the laptop's next sync applies the decision
    assert synced.returncode == 0, synced.stderr
    listed = run_cli("list", "--json")
    [row] = [r for r in json.loads(listed.stdout) if r["id"] == first]
    assert (row["review_state"], row["review_note"]) == ("returned", REASON)
    assert f"差戻し: {REASON}" in run_cli("list").stdout
    revised = run_cli("revise", first[:8], "--reason", "説明日を追記")
    assert revised.returncode == 0, revised.stderr
    new_id = revised.stdout.strip().splitlines()[-1]
    assert len(new_id) == 32 and new_id != first
    assert "差戻し" in revised.stdout.splitlines()[0]
    again = run_cli("revise", first, "--reason", " ")
    assert again.returncode == 2 and again.stderr.count("\n") == 1


def test_a_return_is_shown_in_the_opened_interview_too(laptop, office_url, tmp_path, office_key,
                                                       qtbot, app):
    """The agent opens the returned interview from the list (the real main window): the side
    panel says 差戻し, the reviewer's reason and what to do, in either language."""
    from cyberdesk.gui.main_window import MainWindow

    folder = tmp_path / "sync"
    [first] = sent_bundles(laptop, folder, count=1)
    take_in(office_url, folder, tmp_path)
    with OfficeStore.open(office_url) as office:
        review.decide(office, first, review.RETURNED, REASON, key=office_key)
    assert sync(laptop, folder).ignored_messages == []
    window = MainWindow(laptop)
    qtbot.addWidget(window)
    window.show()
    wizard = window.open_wizard(first)
    assert wizard is not None and wizard.parent() is window
    shown = plain(wizard.review_label.text())
    assert wizard.review_label.isVisibleTo(wizard) and "差戻し" in shown and REASON in shown, shown
    assert "「訂正」で訂正版を作成してください" in shown and "。。" not in shown, shown
    wizard.switch_language()
    assert "Returned" in plain(wizard.review_label.text())
    wizard.switch_language()
    wizard.close()
