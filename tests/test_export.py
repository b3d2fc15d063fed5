"""Export: one canonical bundle per finalized revision in the outbox, named for people and for
every file system; drafts refused; a new revision beside the old one, never over it."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from bundle_helpers import add_finalized
from conftest import run_cli
from interview_factory import BASIC, DRAFT, interview
from pypdf import PdfReader

from cyberdesk import __version__
from cyberdesk.files import paths
from cyberdesk.model.document import dumps, loads
from cyberdesk.model.interview import Status
from cyberdesk.services import bundle
from cyberdesk.services.export import ExportError, export
from cyberdesk.services.laptop import open_store
from cyberdesk.services.sync import sync


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_a_finalized_interview_becomes_one_bundle_in_the_outbox(store):
    [interview_id] = add_finalized(store, company="株式会社さくらシステム開発")
    exported = export(store, interview_id)
    assert exported.path.parent == paths.outbox_dir()
    assert [p.name for p in paths.outbox_dir().iterdir()] == [exported.path.name]
    assert exported.path.name == (f"20261118_A1234-567_株式会社さくらシステム開発_r01_"
                                  f"{interview_id[:8]}.zip")
    assert exported.path.stat().st_mode & 0o077 == 0  # personal data: the user's only
    assert store.get(interview_id).status is Status.EXPORTED

    content = members(exported.path)
    assert list(content) == ["manifest.json", "interview.json", "summary.pdf", "audit.json",
                             "signature.json"]
    manifest = json.loads(content["manifest.json"])
    stored = store.get(interview_id)
    assert manifest["format"] == "cyberdesk.bundle" and manifest["version"] == 2
    assert (manifest["interview_id"], manifest["lineage_id"], manifest["revision"]) == (
        interview_id, interview_id, 1)
    assert manifest["agency"] == {"code": "A1234-567", "name": "株式会社みなと保険サービス"}
    assert manifest["agent"]["name"] == "佐藤 恵美"
    assert manifest["catalogue"] == {"id": "ms-cyberprotector-it", "version": "2026.1"}
    assert manifest["app"]["version"] == __version__
    assert manifest["created_at"] == stored.finalized_at.isoformat()
    for name in ("interview.json", "summary.pdf"):
        assert manifest["members"][name]["sha256"] == bundle.sha256(content[name])
        assert manifest["members"][name]["size"] == len(content[name])

    sent = loads(content["interview.json"])
    assert sent.status is Status.FINALIZED and sent.id == interview_id
    assert content["interview.json"].decode() == dumps(bundle.as_sent(stored))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content["summary.pdf"])).pages)
    assert "株式会社さくらシステム開発" in text
    assert bundle.check(exported.path).findings == []


def test_re_exporting_a_revision_gives_the_same_bytes(store, tmp_path):
    [interview_id] = add_finalized(store)
    first = export(store, interview_id)
    data = first.path.read_bytes()
    stamp = first.path.stat().st_mtime_ns
    again = export(store, interview_id)
    assert (again.path, again.written) == (first.path, False)
    assert first.path.stat().st_mtime_ns == stamp  # an intact bundle is not rewritten

    sync(store, tmp_path)  # the stored status moves on to synced; the bundle does not change
    first.path.unlink()
    rebuilt = export(store, interview_id)
    assert rebuilt.written and rebuilt.path.read_bytes() == data
    assert store.get(interview_id).status is Status.SYNCED  # already delivered: not sent twice
    with zipfile.ZipFile(first.path) as archive:
        finalized = store.get(interview_id).finalized_at.astimezone(bundle.JST)
        stamp = (*finalized.timetuple()[:5], finalized.second // 2 * 2)  # zip times: 2 s steps
        assert {info.date_time for info in archive.infolist()} == {stamp}


def test_a_bundle_damaged_in_the_outbox_is_rebuilt(store):
    [interview_id] = add_finalized(store)
    path = export(store, interview_id).path
    data = path.read_bytes()
    path.write_bytes(data[:-10])
    assert export(store, interview_id).written
    assert path.read_bytes() == data


def test_a_new_revision_gets_a_new_bundle_beside_the_old_one(store, catalogue):
    [original] = add_finalized(store)
    old = export(store, original)
    old_bytes = old.path.read_bytes()
    revised = store.revise(original, "住所の訂正")
    store.finalize(revised.id, catalogue)
    new = export(store, revised.id)
    assert new.path != old.path
    assert "_r02_" in new.path.name and "_r01_" in old.path.name
    assert old.path.read_bytes() == old_bytes
    assert sorted(p.name for p in paths.outbox_dir().iterdir()) == sorted(
        [old.path.name, new.path.name])
    assert json.loads(members(new.path)["manifest.json"])["previous_id"] == original


def test_two_companies_of_one_name_never_share_a_bundle_name(store):
    catalogue_ids = []
    for index in range(2):
        iv = interview(BASIC)
        iv.id = iv.lineage_id = f"abcdef12{index:024x}"  # the same first eight characters
        store.add(iv)
        catalogue_ids.append(iv.id)
    from cyberdesk.catalogue import installed

    for interview_id in catalogue_ids:
        store.finalize(interview_id, installed().current())
    first, second = (export(store, i).path for i in catalogue_ids)
    assert first != second and first.exists() and second.exists()
    assert catalogue_ids[1] in second.name


def test_a_draft_is_refused_and_nothing_is_written(store):
    draft = store.add(interview(DRAFT))
    with pytest.raises(ExportError, match="確定"):
        export(store, draft.id)
    assert list(paths.outbox_dir().iterdir()) == []
    assert store.get(draft.id).status is Status.DRAFT


@pytest.mark.slow
def test_the_command_prints_the_bundle_path_last(cyberdesk_home):
    with open_store() as store:
        [interview_id] = add_finalized(store)
        draft = store.add(interview(DRAFT)).id
    done = run_cli("export", interview_id[:10])
    assert done.returncode == 0, done.stderr
    path = done.stdout.strip().splitlines()[-1]
    assert os.path.isfile(path) and os.path.dirname(path) == str(paths.outbox_dir())
    assert bundle.check(path).findings == []

    refused = run_cli("export", draft)
    assert refused.returncode == 2
    [line] = refused.stderr.strip().splitlines()
    assert draft in line and "確定" in line  # names the interview, says what to do, in Japanese
    assert "Traceback" not in refused.stderr
    with open_store() as store:
        assert store.get(draft).status is Status.DRAFT


def test_an_outbox_that_cannot_be_written_is_reported_and_nothing_recorded(store, tmp_path):
    [interview_id] = add_finalized(store)
    (tmp_path / "a-file").write_text("x")
    outbox = tmp_path / "a-file" / "outbox"
    with pytest.raises(ExportError) as refused:
        export(store, interview_id, outbox=outbox)
    assert str(outbox) in str(refused.value)
    assert store.bundle(interview_id) is None
    assert store.get(interview_id).status is Status.FINALIZED
