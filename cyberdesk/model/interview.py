"""The interview's answers and its lifecycle (draft → finalized → exported → synced → received).

Plain dataclasses: the wizard edits them, the store keeps them, the file format and the PDF read
them. A finalized interview is locked; changing it means a new revision linked to the old one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from cyberdesk.clock import now, today
from cyberdesk.i18n import N_, _


class Status(StrEnum):
    DRAFT = "draft"
    FINALIZED = "finalized"
    EXPORTED = "exported"
    SYNCED = "synced"
    RECEIVED = "received"  # head office's receipt came back: it holds this revision

    @property
    def label(self) -> str:
        return _(_STATUS_LABELS[self])

    @property
    def locked(self) -> bool:
        return self is not Status.DRAFT


_STATUS_LABELS = {
    Status.DRAFT: N_("Draft"),
    Status.FINALIZED: N_("Finalized"),
    Status.EXPORTED: N_("Exported"),
    Status.SYNCED: N_("Synced"),
    Status.RECEIVED: N_("Received"),
}
_NEXT_STATUS = {
    Status.DRAFT: Status.FINALIZED,
    Status.FINALIZED: Status.EXPORTED,
    Status.EXPORTED: Status.SYNCED,
    Status.SYNCED: Status.RECEIVED,
}
_REPEATABLE = (Status.EXPORTED, Status.SYNCED, Status.RECEIVED)


class LifecycleError(ValueError):
    """A change the lifecycle does not allow (editing a finalized interview, skipping a state)."""


def new_id() -> str:
    # lazy: a record read from a file or the store has its id; `uuid` is only for a new one
    import uuid

    return uuid.uuid4().hex


@dataclass
class Agent:
    """The agent who holds the interview, and their agency."""

    agency_name: str = ""
    agency_code: str = ""
    agent_name: str = ""
    phone: str = ""
    email: str = ""
    registration_number: str = ""  # 募集人登録番号 (format version 3)
    authority: str = ""  # the agency's authority statement (締結権の有無), in the agency's words


@dataclass
class Customer:
    """The company to insure and the person to contact there."""

    company_name: str = ""
    company_kana: str = ""
    representative_title: str = ""
    representative_name: str = ""
    postal_code: str = ""
    address: str = ""
    contact_name: str = ""
    contact_department: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    annual_sales: int | None = None  # 千円, latest fiscal year, tax included
    fiscal_month: int | None = None
    employees: int | None = None


@dataclass
class Intent:
    """The customer's wishes: what they want covered, in their words, and when it was recorded."""

    liability_events: list[str] = field(default_factory=list)
    expense_items: list[str] = field(default_factory=list)
    other_wishes: str = ""
    captured_at: datetime | None = None

    def is_empty(self) -> bool:
        return not (self.liability_events or self.expense_items or self.other_wishes)


@dataclass
class ItemChecks:
    """Item-by-item confirmation: the customer said はい (True) or いいえ (False) to each part of
    the proposal; None = not asked (prints unticked, never ticked in advance)."""

    coverage: bool | None = None
    limits: bool | None = None
    period: bool | None = None
    premium: bool | None = None
    payment: bool | None = None


@dataclass
class Confirmation:
    """意向確認: the final wishes, each difference explained, and the disclosure handed over."""

    final: Intent = field(default_factory=Intent)
    explanations: dict[str, str] = field(default_factory=dict)
    disclosure_handed_over: bool = False
    disclosure_explained: bool = False
    customer_confirmed: bool = False
    confirmed_by: str = ""
    confirmed_on: date | None = None
    items: ItemChecks = field(default_factory=ItemChecks)


@dataclass
class Quote:
    """What the insurer's quoting system gave for the proposed plan, copied by the agent.

    Recorded, never computed: the app has no premium tables and must not pretend to.
    Amounts are whole yen; None means not quoted (or not recorded yet).
    """

    number: str = ""  # お見積書番号
    period_start: date | None = None
    period_end: date | None = None
    annual_premium: int | None = None
    payment_method: str = ""
    liability_limit: int | None = None
    expense_limit: int | None = None
    deductible: int | None = None  # 免責金額, where the quote has one
    retroactive_date: date | None = None  # 遡及日, where the quote has one
    period_reason: str = ""  # why the period starts before the interview or lasts < 1 year

    def is_empty(self) -> bool:
        return self == Quote()


def one_year_later(day: date) -> date:
    """The same day a year on (29 February: 1 March): a period to it lasts a full year. The
    validation asks why a quoted period is shorter; the wizard proposes it as the end."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 3, 1)


CONTACT_METHODS = ("in_person", "online", "phone")


@dataclass
class ShownDocument:
    """A document shown or handed over at the meeting, with its edition (e.g. 2026年10月版)."""

    title: str = ""
    edition: str = ""


@dataclass
class ContactRecord:
    """お客様対応履歴: how and where the meeting was held, who attended, which documents were shown."""

    method: str = ""  # one of CONTACT_METHODS, "" = not recorded
    place: str = ""
    attendees: list[str] = field(default_factory=list)
    documents: list[ShownDocument] = field(default_factory=list)


@dataclass
class NameSubstitute:
    """The agent accepted that `field` prints as `printed` (the font lacks a character of
    `stored`), at `accepted_at`."""

    field: str
    stored: str
    printed: str
    accepted_at: datetime
Point = tuple[float, ...]  # (x, y) or (x, y, pressure) or (x, y, pressure, t_ms)
Stroke = list[Point]
SIGNATURE_BOX = (1000, 300)  # the fixed box strokes are recorded in, whatever the pad's size


@dataclass
class Signature:
    """A handwritten signature made on the screen, as vector strokes in SIGNATURE_BOX, bound to
    the record's content at that moment (its hash), the time and the laptop's key."""

    signer_name: str = ""
    strokes: list[Stroke] = field(default_factory=list)
    content_sha256: str = ""
    signed_at: datetime | None = None
    key_fingerprint: str = ""


@dataclass
class Signatures:
    """The customer's and the agent's on-screen signatures, or `paper`: the finalized record
    was printed for signatures by hand instead."""

    customer: Signature | None = None
    agent: Signature | None = None
    paper: bool = False


@dataclass
class InsuredParty:
    """A sales company (販売業者) or subcontractor (下請業者) of the named insured."""

    name: str = ""
    role: str = ""
    note: str = ""


def document_number(lineage_id: str, revision: int) -> str:
    """`Interview.document_number` of a lineage id and revision, for a caller that has no
    interview at hand (building one draws a new random id)."""
    groups = [lineage_id[i:i + 8] for i in range(0, len(lineage_id), 8)]
    return f"CD-{'-'.join(groups).upper()}-{revision:02d}"


@dataclass
class Interview:
    """One revision of an interview: every answer and where it is in its lifecycle."""

    id: str = field(default_factory=new_id)
    lineage_id: str = ""
    revision: int = 1
    previous_id: str | None = None
    revision_reason: str = ""
    status: Status = Status.DRAFT
    catalogue_id: str = ""
    catalogue_version: str = ""
    interview_date: date = field(default_factory=today)
    created_at: datetime = field(default_factory=now)
    updated_at: datetime = field(default_factory=now)
    finalized_at: datetime | None = None
    agent: Agent = field(default_factory=Agent)
    customer: Customer = field(default_factory=Customer)
    initial_intent: Intent = field(default_factory=Intent)
    business_categories: list[int] = field(default_factory=list)
    other_business_description: str = ""
    insured_parties: list[InsuredParty] = field(default_factory=list)
    plan: str | None = None
    proposal_reason: str = ""
    quote: Quote = field(default_factory=Quote)
    confirmation: Confirmation = field(default_factory=Confirmation)
    contact_record: ContactRecord = field(default_factory=ContactRecord)
    name_substitutes: list[NameSubstitute] = field(default_factory=list)
    signatures: Signatures = field(default_factory=Signatures)

    def __post_init__(self) -> None:
        if not self.lineage_id:
            self.lineage_id = self.id

    @property
    def document_number(self) -> str:
        """What the printed summary and the bundle call this revision, from the whole lineage id
        so that two interviews never share one: CD-1A2B3C4D-5E6F7A8B-9C0D1E2F-3A4B5C6D-01.

        It starts with the number earlier releases printed (CD-1A2B3C4D-01 without the three
        middle groups), so a number on old paper is still found by its first eight characters."""
        return document_number(self.lineage_id, self.revision)

    def has_answers(self) -> bool:
        """Anything answered in the interview itself (the agent profile, the date and the
        catalogue are the app's): one closed without answers is not worth keeping."""
        confirmation = self.confirmation
        return bool(
            self.customer != Customer() or not self.initial_intent.is_empty()
            or self.business_categories or self.other_business_description or self.insured_parties
            or self.plan or self.proposal_reason or not self.quote.is_empty()
            or not confirmation.final.is_empty() or confirmation.explanations
            or confirmation.disclosure_handed_over or confirmation.disclosure_explained
            or confirmation.customer_confirmed or confirmation.confirmed_by or self.revision_reason)

    def ensure_editable(self) -> None:
        if self.status.locked:
            raise LifecycleError(
                _("This interview is {status} and can no longer be changed; revise it instead.")
                .format(status=self.status.label)
            )

    def advance(self, to: Status) -> None:
        """Move one step along draft → finalized → exported → synced → received (re-exporting a
        synced one is allowed; a received one stays received)."""
        if to is self.status and to in _REPEATABLE:
            return
        if _NEXT_STATUS.get(self.status) is not to and not (
            self.status is Status.SYNCED and to is Status.EXPORTED
        ):
            raise LifecycleError(
                _("An interview that is {current} cannot become {target}.").format(
                    current=self.status.label, target=to.label
                )
            )
        self.status = to
        self.updated_at = now()
        if to is Status.FINALIZED:
            self.finalized_at = self.updated_at

    def revise(self, reason: str) -> Interview:
        """Revision n+1 of a locked interview: a new draft with the same answers, linked back."""
        reason = reason.strip()
        if not self.status.locked:
            raise LifecycleError(_("Only a finalized interview can be revised; edit the draft."))
        if not reason:
            raise LifecycleError(_("A revision needs a reason."))
        revised = copy.deepcopy(self)
        revised.id = new_id()
        revised.revision = self.revision + 1
        revised.previous_id = self.id
        revised.revision_reason = reason
        revised.status = Status.DRAFT
        revised.created_at = revised.updated_at = now()
        revised.finalized_at = None
        revised.signatures = Signatures()  # they bound the old revision's content
        return revised

    def duplicate(self, on: date | None = None) -> Interview:
        """A fresh draft with the same customer and answers (a renewal or a second proposal).

        The wishes and the confirmation are cleared: they belong to one conversation and must be
        asked again.
        """
        copied = copy.deepcopy(self)
        fresh = Interview(
            catalogue_id=self.catalogue_id,
            catalogue_version=self.catalogue_version,
            interview_date=on or today(),
            agent=copied.agent,
            customer=copied.customer,
            business_categories=copied.business_categories,
            other_business_description=copied.other_business_description,
            insured_parties=copied.insured_parties,
            plan=copied.plan,
        )
        return fresh
