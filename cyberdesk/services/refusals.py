"""Bundles head office could not accept: its signed refusal notices, kept on the laptop until the
bundle is received, shown in words with what to do, and resent when the agent asks.

A refusal names the bundle by its SHA-256; the laptop believes it (services.inbox) only when it
is signed by head office's key and names a bundle this laptop delivered. Nothing is deleted and
nothing purged because of a refusal: the outbox copy stays so that it can be sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cyberdesk.i18n import N_, _
from cyberdesk.model.interview import Status
from cyberdesk.store.store import Store

SETTING = "refusals"  # interview id → what the notice said
ANSWERED = "refusals_answered"  # interview id → the refusals resent since (their times)

# What each finding means to the agent, and what to do about it.
_WORDS: dict[str, tuple[str, str]] = {
    "unknown_sender": (N_("this laptop's key is not registered with head office (or was revoked)"),
                       N_("send head office this laptop's enrolment file (cyberdesk enrol); head "
                          "office then takes the bundle in again, nothing to resend")),
    "wrong_sender": (N_("this laptop's key is registered to another agency"),
                     N_("ask head office to check this laptop's registration")),
    "cannot_decrypt": (N_("head office's keys could not open it"),
                       N_("ask IT to check the deployment file, then resend it")),
    "unsigned": (N_("its signature could not be checked"),
                 N_("resend it; if it is refused again, tell IT")),
    "bad_signature": (N_("its signature could not be checked"),
                      N_("resend it; if it is refused again, tell IT")),
    "replayed": (N_("head office already holds this revision from another file"),
                 N_("nothing to resend; ask head office if in doubt")),
    "duplicate": (N_("head office already holds another bundle of this revision"),
                  N_("ask head office which one it keeps")),
}
_DAMAGED = (N_("the file arrived damaged or incomplete"), N_("resend it"))


@dataclass(frozen=True)
class Refusal:
    interview_id: str
    document_number: str
    bundle_name: str
    codes: tuple[str, ...]
    refused_at: str

    def text(self) -> str:
        """One line: 「本部で受け付けられませんでした」, the reason in words, what to do."""
        reason, todo = _WORDS.get(self.codes[0] if self.codes else "", _DAMAGED)
        return _("{number}: head office could not accept it — {reason}. What to do: {todo}.").format(
            number=self.document_number, reason=_(reason), todo=_(todo))


def record(store: Store, interview_id: str, document_number: str, body: dict[str, Any]) -> bool:
    """Keep a refusal of a delivered bundle (True when it is new; False too for one the agent
    answered by resending: its notice stays in the folder, the bundle went again)."""
    if body["refused_at"] in store.setting(ANSWERED, {}).get(interview_id, []):
        return False
    kept: dict[str, Any] = dict(store.setting(SETTING, {}))
    entry = {"document_number": document_number, "bundle_name": body["bundle_name"],
             "bundle_sha256": body["bundle_sha256"], "refused_at": body["refused_at"],
             "codes": [reason["code"] for reason in body["reasons"]]}
    if kept.get(interview_id) == entry:
        return False
    kept[interview_id] = entry
    store.set_setting(SETTING, kept)
    return True


def forget(store: Store, interview_id: str) -> None:
    """The bundle was received after all (a resend, or head office took it in again)."""
    kept: dict[str, Any] = dict(store.setting(SETTING, {}))
    if kept.pop(interview_id, None) is not None:
        store.set_setting(SETTING, kept)


def current(store: Store) -> list[Refusal]:
    """Every refusal still standing, oldest first."""
    kept: dict[str, Any] = store.setting(SETTING, {})
    return sorted((Refusal(interview_id, entry["document_number"], entry["bundle_name"],
                           tuple(entry["codes"]), entry["refused_at"])
                   for interview_id, entry in kept.items()), key=lambda r: r.refused_at)


class NotRefused(LookupError):
    """Resend was asked for an interview head office did not refuse."""


def resend(store: Store, interview_id: str) -> None:
    """Send the refused bundle again with the next sync (the same bytes, from the outbox; if the
    copy is gone it is rebuilt, and head office recognises the same signed content)."""
    refusal = next((r for r in current(store) if r.interview_id == interview_id), None)
    row = store.bundle(interview_id)
    if refusal is None or row is None:
        raise NotRefused(_("{id}: head office has not refused this interview's bundle").format(
            id=interview_id))
    store.record_bundle(store.get(interview_id), Status.EXPORTED, row.file_name, row.sha256,
                        row.size, delivered=False)
    answered: dict[str, list[str]] = dict(store.setting(ANSWERED, {}))
    answered[interview_id] = [*answered.get(interview_id, []), refusal.refused_at][-20:]
    store.set_setting(ANSWERED, answered)
    forget(store, interview_id)
