"""Head office's decision on a revision: 承認 (approved), 差戻し (returned to the agent, with the
reason) or 保留 (on hold, with a note). The desk and `office review` both decide through
`decide()`, so both write the same log the same way.

Every decision is appended to `review_log` (who, when, what, why), which the database refuses to
change or delete. The reviewer is the database role on PostgreSQL (each reviewer connects as
themselves; a trigger writes it) and the OS user on SQLite (or the name given).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyberdesk.clock import now
from cyberdesk.i18n import N_, _
from cyberdesk.japanese.textnorm import one_line
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import messages, seal

if TYPE_CHECKING:
    from cyberdesk.services.messages import OfficeKey

UNREVIEWED, APPROVED, RETURNED, ON_HOLD = "unreviewed", "approved", "returned", "on_hold"
STATES = {
    UNREVIEWED: N_("not reviewed"),
    APPROVED: N_("approved"),
    RETURNED: N_("returned"),
    ON_HOLD: N_("on hold"),
}
DECISIONS = (APPROVED, RETURNED, ON_HOLD)
MAX_NOTE = 2000  # characters: a reason, not a document


class ReviewRefused(Exception):
    """The decision cannot be made; one line saying why (no customer data)."""


@dataclass(frozen=True)
class Decision:
    interview_id: str
    document_number: str
    decision: str
    note: str
    reviewer: str
    decided_at: str
    seq: int
    sent: Path | None = None  # the signed message written for the laptop
    unsent: str = ""  # why it was not (logged all the same), one line


def state_label(state: str) -> str:
    return _(STATES.get(state, STATES[UNREVIEWED]))


def default_reviewer() -> str:
    """Who decides on SQLite when no name is given: the OS user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def decide(store: OfficeStore, reference: str, decision: str, note: str = "",
           reviewer: str | None = None, key: OfficeKey | None = None) -> Decision:
    """Decide on the revision `reference` (interview id or document number), append it to the
    log, and send it to the laptop signed with `key` (head office's signing key) into the folder
    the bundle came from; ReviewRefused when it cannot be decided (not held, superseded, no
    reason given). A decision that cannot be sent is logged all the same and says why."""
    if decision not in DECISIONS:
        raise ReviewRefused(_("{decision}: not a decision").format(decision=decision))
    note = note.strip()
    if decision != APPROVED and not note:
        raise ReviewRefused(_("a return needs its reason") if decision == RETURNED
                            else _("a hold needs a note"))
    if len(note) > MAX_NOTE:
        raise ReviewRefused(_("the note is longer than {limit} characters").format(limit=MAX_NOTE))
    row = store.review.find(reference)
    if row is None:
        raise ReviewRefused(_("{reference}: head office holds no such revision").format(
            reference=one_line(reference)[:64]))
    if row["superseded"]:
        raise ReviewRefused(_("{document}: a later revision is held; decide on that one").format(
            document=row["document_number"]))
    if row["review_state"] == decision:
        raise ReviewRefused(_("{document}: already {state}").format(
            document=row["document_number"], state=state_label(decision)))
    if store.engine.dialect.name == "postgresql":
        reviewer = ""  # the trigger writes current_user
    logged = store.review.decide(row["id"], decision, note, reviewer or default_reviewer(),
                                 now().isoformat())
    made = Decision(row["id"], row["document_number"], decision, note, logged["reviewer"],
                    logged["decided_at"], logged["seq"])
    return send(store, row, made, key)


def send(store: OfficeStore, row: dict[str, Any], made: Decision,
         key: OfficeKey | None) -> Decision:
    """The decision as a signed `decision` message where that laptop looks (its sync folder's
    `from-head-office/`), sealed to the key that signed the revision, or the reason it could
    not be written."""
    if key is None:
        return replace(made, unsent=_("not sent to the agent: no head office signing key "
                                      "(--signing-key or CYBERDESK_OFFICE_SIGNING_KEY)"))
    folder = store.reply_folder(row["id"])
    if folder is None:
        return replace(made, unsent=_("not sent to the agent: head office does not know the "
                                      "folder this revision came from"))
    built = messages.message(messages.DECISION, {
        "state": made.decision, "reason": made.note, "reviewer": made.reviewer,
        "decided_at": made.decided_at}, interview_id=row["id"], lineage_id=row["lineage_id"],
        revision=row["revision"], document_number=row["document_number"])
    try:
        return replace(made, sent=messages.send(folder, built, key,
                                                to=seal.signer_public_key(row.get("signature"))))
    except OSError as error:
        return replace(made, unsent=_("not sent to the agent: {folder}: {reason}").format(
            folder=folder, reason=getattr(error, "strerror", None) or error))


def waiting_days(row: dict[str, Any]) -> int:
    """How long a revision has waited for its decision (or waited, once decided), in days."""
    until = datetime.fromisoformat(row["reviewed_at"]) if row.get("reviewed_at") else now()
    return max(0, (until - datetime.fromisoformat(row["received_at"])).days)
