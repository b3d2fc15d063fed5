"""A sync folder that cannot be written, fills up, or vanishes in the middle of a copy: a clear
message naming the folder, nothing marked synced that is not complete on the other side, no
partial file under a bundle's name, and the next run completes with nothing lost or duplicated.

The folders are real: a read-only or a small tmpfs is mounted (as root, how the suite runs here;
an unprivileged run skips these tests, saying why).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bundle_helpers import add_finalized, files
from conftest import tmpfs

from cyberdesk.files import paths
from cyberdesk.model.interview import Status
from cyberdesk.services.export import export
from cyberdesk.services.laptop import open_store
from cyberdesk.services.sync import Progress, sync
from cyberdesk.services.verify import Verdict, verify
from cyberdesk.store.store import Store


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


def assert_clean(folder: Path, store: Store) -> None:
    """Whatever is under a bundle's name is complete, and marked synced only if it is there."""
    names = {p.name for p in folder.iterdir()}
    assert not [n for n in names if n.startswith(".")], names  # no temporary left behind
    for report in verify([folder]) if names else []:
        assert report.verdict is Verdict.OK, report.findings
    for name in names:
        assert (folder / name).read_bytes() == (paths.outbox_dir() / name).read_bytes()


def assert_delivered_once(folder: Path, store: Store, ids: list[str]) -> None:
    assert files(folder) == files(paths.outbox_dir())
    reports = verify([folder])
    assert len(reports) == len(ids) and {r.verdict for r in reports} == {Verdict.OK}
    assert store.waiting_bundles() == []
    assert {store.get(i).status for i in ids} == {Status.SYNCED}


def synced_ids(store: Store, ids: list[str]) -> list[str]:
    return [i for i in ids if store.bundle(i).synced_at]


@pytest.mark.slow
def test_a_folder_that_cannot_be_written(store, tmp_path):
    ids = add_finalized(store, count=3)
    folder = tmp_path / "read-only"
    with tmpfs(folder, "ro,size=1m"):
        result = sync(store, folder)
        assert not result.complete and result.copied == []
        [message] = result.problems
        assert str(folder) in message and "書き込" in message
        assert list(folder.iterdir()) == [] and synced_ids(store, ids) == []
        assert {store.get(i).status for i in ids} == {Status.EXPORTED}
    # the drive is writable again (unmounted: the folder underneath)
    assert sync(store, folder).complete
    assert_delivered_once(folder, store, ids)


@pytest.mark.slow
def test_a_full_folder(store, tmp_path):
    ids = add_finalized(store, count=5)
    sizes = [export(store, i).path.stat().st_size for i in ids]
    folder = tmp_path / "small-drive"
    room = int(sum(sizes[:2]) + sizes[2] * 0.5)  # two bundles fit, the third does not
    with tmpfs(folder, f"size={room // 4096 * 4096}"):
        result = sync(store, folder, chunk=64 * 1024)
        [message] = result.problems
        assert str(folder) in message and "空き" in message
        assert len(result.copied) == 2 and result.remaining == 3
        assert_clean(folder, store)
        assert synced_ids(store, ids) == ids[:2]
        remount(folder, "size=16m")  # space freed
        again = sync(store, folder)
        assert again.complete and len(again.copied) == 3
        assert_delivered_once(folder, store, ids)


def test_a_folder_unplugged_in_the_middle_of_a_copy(store, tmp_path):
    ids = add_finalized(store, count=4)
    folder = tmp_path / "share"
    folder.mkdir()
    unplugged = tmp_path / "unplugged"

    def unplug(progress: Progress) -> None:
        if progress.index == 1 and progress.copied >= 32 * 1024 and folder.exists():
            folder.rename(unplugged)

    result = sync(store, folder, progress=unplug, chunk=16 * 1024)
    [message] = result.problems
    assert str(folder) in message
    assert result.copied == [store.bundle(ids[0]).file_name]
    assert synced_ids(store, ids) == ids[:1]
    assert [p.name for p in unplugged.iterdir() if not p.name.startswith(".")] == result.copied
    unplugged.rename(folder)  # plugged in again: a stray temporary of the broken copy is inside
    assert any(p.name.startswith(".") for p in folder.iterdir())
    again = sync(store, folder)
    assert again.complete and len(again.copied) == 3
    assert_delivered_once(folder, store, ids)


def test_a_folder_deleted_between_two_copies(store, tmp_path):
    ids = add_finalized(store, count=4)
    folder = tmp_path / "share"
    folder.mkdir()

    def delete(progress: Progress) -> None:
        if progress.index == 2 and progress.copied == 0:
            shutil.rmtree(folder)

    result = sync(store, folder, progress=delete)
    [message] = result.problems
    assert str(folder) in message
    assert len(result.copied) == 2 and synced_ids(store, ids) == ids[:2]
    assert not folder.exists()
    folder.mkdir()  # head office has taken the first two; the folder is back
    again = sync(store, folder)
    assert again.complete and len(again.copied) == 2  # only the two never delivered
    assert {p.name for p in folder.iterdir()} == {store.bundle(i).file_name for i in ids[2:]}
    assert store.waiting_bundles() == []


CRASHING_SYNC = """
import os, sys
from pathlib import Path
from cyberdesk.services.sync import sync
from cyberdesk.services.laptop import open_store

def die(progress):
    if progress.index == 1 and progress.copied:
        os._exit(9)  # the laptop's battery: no cleanup of any kind runs

with open_store() as store:
    sync(store, Path(sys.argv[1]), progress=die, chunk=16 * 1024)
"""


@pytest.mark.slow
def test_a_sync_killed_in_the_middle_of_a_copy(tmp_path):
    with open_store() as store:
        ids = add_finalized(store, count=3)
    folder = tmp_path / "share"
    folder.mkdir()
    killed = subprocess.run([sys.executable, "-c", CRASHING_SYNC, str(folder)], timeout=120)
    assert killed.returncode == 9
    assert any(p.name.startswith(".") for p in folder.iterdir())  # the half-written temporary
    with open_store() as store:
        # One transaction per sync, and the sync died before it: nothing is marked synced, the
        # first bundle is complete under its name, nothing partial is under a name.
        assert synced_ids(store, ids) == []
        finals = [p.name for p in folder.iterdir() if not p.name.startswith(".")]
        assert len(finals) == 1 and finals[0] in {store.bundle(i).file_name for i in ids}
        again = sync(store, folder)  # finds the first intact, copies the other two
        assert again.complete and again.already_there == finals and len(again.copied) == 2
        assert_delivered_once(folder, store, ids)
