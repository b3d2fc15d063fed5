"""Bundles sent the laptop's way, for head office's tests."""

from __future__ import annotations

from pathlib import Path


def sent_bundles(store, folder: Path, count: int = 2, revise_first: bool = False,
                 prefix: str = "") -> list[str]:
    """`count` finalized interviews (the first revised and finalized again, when asked)
    synced into `folder` by the laptop's own sync; their interview ids."""
    from bundle_helpers import add_finalized

    from cyberdesk.catalogue import installed
    from cyberdesk.services.sync import sync

    ids = add_finalized(store, count, prefix=prefix)
    if revise_first:
        revised = store.revise(ids[0], "保険始期を変更したため")
        store.finalize(revised.id, installed().current())
        ids.append(revised.id)
    folder.mkdir(parents=True, exist_ok=True)
    assert sync(store, folder).complete
    return ids
