"""Head office's review decisions on this laptop: 承認済み (approved), 差戻し (returned, with the
reason) or 保留中 (on hold), each from a signed `decision` message (services.messages) that names
a revision this laptop delivered. Applied by the inbox (services.inbox) on start and on every
sync; shown in the list, the interview and `cyberdesk list`; a returned interview's revision is
linked to the decision it answers; the purge follows the decision (services.purge).

The decisions are kept in one setting of the laptop's store (interview id → the decision), which
the store encrypts with everything else; the latest decision on a revision wins.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from cyberdesk.i18n import N_, _

if TYPE_CHECKING:
    from cyberdesk.model.interview import Interview
    from cyberdesk.services.messages import Message
    from cyberdesk.store.store import Store

SETTING = "review_decisions"
APPROVED, RETURNED, ON_HOLD = "approved", "returned", "on_hold"
LABELS = {APPROVED: N_("Approved"), RETURNED: N_("Returned"), ON_HOLD: N_("On hold")}


@dataclass(frozen=True)
class Decision:
    interview_id: str
    lineage_id: str
    revision: int
    document_number: str
    state: str  # approved / returned / on_hold
    note: str  # the reviewer's reason or note
    reviewer: str
    decided_at: str  # UTC, ISO 8601
    revised_as: str | None = None  # the revision opened to answer a return

    @property
    def label(self) -> str:
        return _(LABELS[self.state])


def all_decisions(store: Store) -> dict[str, Decision]:
    """Every decision received, by interview id."""
    stored: dict[str, Any] = store.setting(SETTING, {}) or {}
    found = {}
    for interview_id, value in stored.items():
        try:
            found[interview_id] = Decision(**value)
        except TypeError:  # written by another version: not shown rather than misread
            continue
    return found


def decision_of(store: Store, interview_id: str) -> Decision | None:
    return all_decisions(store).get(interview_id)


def notice(decision: Decision) -> str:
    """What the agent reads about a decision, in the list and in the opened interview alike: the
    decision, the reviewer's words, and for an unanswered 差戻し what to do."""
    text = _("Head office: {decision}").format(decision=decision.label)
    if decision.note:
        text += " — " + decision.note
    if decision.state == RETURNED and decision.revised_as is None:
        text += "\n" + _("Revise it (Revise…) to answer; the reason is filled in for you.")
    return text


def _save(store: Store, decision: Decision) -> None:
    stored = dict(store.setting(SETTING, {}) or {})
    stored[decision.interview_id] = asdict(decision)
    store.set_setting(SETTING, stored)


def apply(store: Store, delivered: dict[str, Any], found: Message) -> str | None:
    """Record a signed decision; None when applied (or already), else why it was ignored."""
    row = delivered.get(found.interview_id or "")
    if row is None:
        return _("a decision on an interview this computer never sent; ignored")
    if (row.lineage_id, row.revision) != (found.lineage_id, found.revision):
        return _("does not match the bundle that was sent; ignored")
    body = found.body
    earlier = decision_of(store, row.interview_id)
    if earlier is not None and earlier.decided_at >= body["decided_at"]:
        return None  # seen already (the same message again, or an older one)
    _save(store, Decision(row.interview_id, row.lineage_id, row.revision,
                          found.document_number or "", body["state"], body.get("reason", ""),
                          body.get("reviewer", ""), body["decided_at"],
                          earlier.revised_as if earlier else None))
    return None


def revise(store: Store, interview_id: str, reason: str) -> Interview:
    """Open a revision of a returned (or any locked) interview and link it to the decision it
    answers; the new revision (store.revise's Interview)."""
    revised = store.revise(interview_id, reason)
    decision = decision_of(store, interview_id)
    if decision is not None:
        _save(store, replace(decision, revised_as=revised.id))
    return revised


def revision_reason(decision: Decision | None) -> str:
    """What the app offers as a returned interview's revision reason: head office's reason."""
    if decision is None or decision.state != RETURNED:
        return ""
    return _("Returned by head office: {reason}").format(reason=decision.note)
