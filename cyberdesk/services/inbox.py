"""The laptop applies head office's signed messages found in its sync folder.

Run on start, on every sync and on a timer while the app is open, whether or not something waits
to be sent. Only a message whose signature checks against the deployment file's head office key
(services.messages) is acted on, and only when it names a bundle this laptop delivered, with that
bundle's SHA-256: a receipt marks the interview received (受領済み) and drops its outbox copy.
Anything else — unsigned, forged, for a bundle this laptop never sent, bytes that do not match —
changes nothing (no status, no deletion, so no purge) and is reported once: the laptop remembers
what it reported, so a timer does not repeat it every few minutes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cyberdesk.files import paths
from cyberdesk.i18n import _
from cyberdesk.model.interview import Interview, Status
from cyberdesk.services import decisions, messages, refusals
from cyberdesk.store.bundles import StoredBundle
from cyberdesk.store.store import Store

REPORTED = "reported_messages"  # the setting: digests of the files already reported
MAX_REMEMBERED = 2000


@dataclass
class Applied:
    received: list[str] = field(default_factory=list)  # bundles head office's receipts confirm
    refused: list[str] = field(default_factory=list)  # interviews newly refused by head office
    ignored: list[str] = field(default_factory=list)  # each names the file and why (new only)
    verified: list[messages.Message] = field(default_factory=list)  # every message that checked


class _Context:
    """What one pass knows: the bundles this laptop delivered and the interviews' statuses."""
    def __init__(self, store: Store) -> None:
        self.store = store
        self.delivered = {row.interview_id: row for row in store.delivered_bundles()}
        self.by_sha256 = {row.sha256: row for row in self.delivered.values()}
        self.statuses = {summary.id: summary.status for summary in store.summaries()}

    def matching(self, found: messages.Message) -> StoredBundle | None:
        """The delivered bundle the message names, when ids, revision and SHA-256 all match."""
        row = self.delivered.get(found.interview_id or "")
        if row is None or (row.sha256, row.lineage_id, row.revision) != (
                found.body.get("bundle_sha256"), found.lineage_id, found.revision):
            return None
        return row


Handler = Callable[[_Context, messages.Message, Applied], str | None]


def _receipt(context: _Context, found: messages.Message, applied: Applied) -> str | None:
    """A matching receipt: received, and the outbox copy goes (head office has it)."""
    row = context.matching(found)
    if row is None:
        if found.interview_id not in context.delivered:
            return _("a receipt for a bundle this computer never sent; ignored")
        return _("does not match the bundle that was sent; ignored")
    if context.statuses.get(row.interview_id) is Status.SYNCED:
        context.store.record_receipt(row.interview_id)
        context.statuses[row.interview_id] = Status.RECEIVED
        applied.received.append(row.file_name)
        refusals.forget(context.store, row.interview_id)
    with contextlib.suppress(FileNotFoundError):
        (paths.outbox_dir() / row.file_name).unlink()
    return None


def _refusal(context: _Context, found: messages.Message, applied: Applied) -> str | None:
    """A refusal of a bundle this laptop delivered (named by its SHA-256, or by its name when
    what arrived was damaged on the way — head office signed it, and a refusal deletes
    nothing): kept and shown until the bundle is received. A refusal of a received one is
    history."""
    row = context.by_sha256.get(found.body["bundle_sha256"]) or next(
        (row for row in context.delivered.values() if row.file_name == found.body["bundle_name"]),
        None)
    if row is None:
        return _("a refusal for a bundle this computer never sent; ignored")
    number = Interview(lineage_id=row.lineage_id, revision=row.revision).document_number
    if context.statuses.get(row.interview_id) is Status.SYNCED and refusals.record(
            context.store, row.interview_id, number, found.body):
        applied.refused.append(row.interview_id)
    return None



def _decision(context: _Context, found: messages.Message, applied: Applied) -> str | None:
    """Head office's review decision on a revision this laptop delivered (services.decisions)."""
    return decisions.apply(context.store, context.delivered, found)


# One handler per kind; a kind without one is verified and never acted on here.
HANDLERS: dict[str, Handler] = {messages.RECEIPT: _receipt, messages.REFUSAL: _refusal,
                                messages.DECISION: _decision}


def apply_messages(store: Store, folder: Path | None) -> Applied:
    """Apply every signed message in `folder` (the sync folder; None: nothing to read)."""
    applied = Applied()
    if folder is None:
        return applied
    files = messages.found_in(Path(folder))
    if not files:
        return applied
    key = messages.laptop_office_key()
    opener = messages.laptop_opener()
    context = _Context(store)
    remembered: list[str] = list(store.setting(REPORTED, []))
    known = set(remembered)
    fresh: list[str] = []
    for path in files:
        problem: str | None
        try:
            found = messages.read(path, key, opener)
        except messages.MessageRefused as refused:
            problem = str(refused)
            digest = f"{path.name}:{refused.code}"
        else:
            applied.verified.append(found)
            handler = HANDLERS.get(found.kind)
            problem = handler(context, found, applied) if handler else None
            digest = f"{path.name}:{found.digest}"
        if problem is not None and digest not in known:
            known.add(digest)
            fresh.append(digest)
            applied.ignored.append(_("{file}: {problem}").format(file=path, problem=problem))
    if fresh:
        store.set_setting(REPORTED, (remembered + fresh)[-MAX_REMEMBERED:])
    return applied
