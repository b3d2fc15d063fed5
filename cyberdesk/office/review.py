"""Head office's decision on a revision: 承認 (approved), 差戻し (returned to the agent, with the
reason) or 保留 (on hold, with a note). The desk and `office review` both decide through
`decide()`, so both write the same log the same way.

Every decision is appended to `review_log` (who, when, what, why), which the database refuses to
change or delete. The reviewer is the database role on PostgreSQL (each reviewer connects as
themselves; a trigger writes it) and the OS user on SQLite (or the name given).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from cyberdesk.clock import now
from cyberdesk.i18n import N_, _
from cyberdesk.office.store import OfficeStore

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


def state_label(state: str) -> str:
    return _(STATES.get(state, STATES[UNREVIEWED]))


def default_reviewer() -> str:
    """Who decides on SQLite when no name is given: the OS user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def decide(store: OfficeStore, reference: str, decision: str, note: str = "",
           reviewer: str | None = None) -> Decision:
    """Decide on the revision `reference` (interview id or document number) and append it to the
    log; ReviewRefused when it cannot be decided (not held, superseded, no reason given)."""
    from cyberdesk.japanese.textnorm import one_line

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
    return Decision(row["id"], row["document_number"], decision, note, logged["reviewer"],
                    logged["decided_at"], logged["seq"])


def waiting_days(row: dict[str, Any]) -> int:
    """How long a revision has waited for its decision (or waited, once decided), in days."""
    from datetime import datetime

    until = datetime.fromisoformat(row["reviewed_at"]) if row.get("reviewed_at") else now()
    return max(0, (until - datetime.fromisoformat(row["received_at"])).days)
