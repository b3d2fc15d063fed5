"""What head office checks on every revision, whatever the laptop checked: each part of
意向把握→意向確認 that is missing is one code (EXCEPTIONS), and the bundle's signed audit trail adds
one when a plan was shown before the initial wishes were recorded (LABELS).

Intake stores the codes with the revision (`interviews.exceptions`), so the review desk can sort
and filter 100,000 revisions by them without reading one interview file; the report reads them
from there too.
"""

from __future__ import annotations

from typing import Any

from cyberdesk.catalogue import installed
from cyberdesk.i18n import N_
from cyberdesk.model.document import from_document
from cyberdesk.model.intent import unexplained
from cyberdesk.model.interview import Interview

# Code → what is missing, in the order of the interview.
EXCEPTIONS = {
    "no_initial_wishes": N_("initial wishes (意向把握) not recorded"),
    "no_proposal_reason": N_("no reason for the proposal"),
    "unexplained_differences": N_("differences from the initial wishes not explained"),
    "disclosure_not_handed_over": N_("重要事項説明書 not handed over"),
    "disclosure_not_explained": N_("重要事項説明書 not explained"),
    "not_confirmed": N_("customer's confirmation (意向確認) missing"),
}
# From the audit trail (not from the interview file): the order in which things happened.
PLANS_BEFORE_WISHES = "plans_before_wishes"
NO_AUDIT_TRAIL = "no_audit_trail"
LABELS = {**EXCEPTIONS, PLANS_BEFORE_WISHES: N_("a plan was shown before the initial wishes were "
                                                "recorded (audit trail)"),
          NO_AUDIT_TRAIL: N_("no audit trail (finalized before trails existed, or removed)")}


def exceptions_of(interview: Interview) -> list[str]:
    """The codes of what is missing from the interview's 意向把握→意向確認."""
    confirmation = interview.confirmation
    catalogue = installed().get(interview.catalogue_id, interview.catalogue_version)
    found = {
        "no_initial_wishes": interview.initial_intent.is_empty(),
        "no_proposal_reason": not interview.proposal_reason.strip(),
        "unexplained_differences": catalogue is not None and bool(unexplained(interview, catalogue)),
        "disclosure_not_handed_over": not confirmation.disclosure_handed_over,
        "disclosure_not_explained": not confirmation.disclosure_explained,
        "not_confirmed": not (confirmation.customer_confirmed and confirmation.confirmed_by.strip()
                              and confirmation.confirmed_on),
    }
    return [code for code, missing in found.items() if missing]


def codes_of(document: dict[str, Any], wishes_before_plans: bool | None, events: int) -> str:
    """The exception codes of a revision as stored: `;`-separated, empty for none. `events`: how
    many events its audit trail holds (none: finalized before trails existed, or removed)."""
    return codes_for(from_document(document), wishes_before_plans, events)


def codes_for(interview: Interview, wishes_before_plans: bool | None, events: int) -> str:
    """`codes_of` an interview already parsed (intake's, read once by the bundle's check)."""
    order = [PLANS_BEFORE_WISHES] if wishes_before_plans is False else []
    if not events:
        order.append(NO_AUDIT_TRAIL)
    return ";".join(exceptions_of(interview) + order)
