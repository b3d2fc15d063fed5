"""What the coverage summary says, as plain rows built from (Interview, Catalogue) — no layout.

Keeping the words apart from the typesetting lets tests check every fact in depth without
reading a PDF, and lets the layout stay a dumb arranger. An empty string means "not answered
yet": the layout prints a blank line or box there, to be completed by hand at the table.

Every sentence comes from the interview (an answer) or from the catalogue (the insurer's facts
and the agency's compliance wording); the few words of our own are labels.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple, cast

from cyberdesk.catalogue import Catalogue, IncidentExample
from cyberdesk.clock import JST
from cyberdesk.i18n import N_
from cyberdesk.japanese.formatting import (
    addressee,
    date_with_era,
    grouped,
    moment,
    seireki,
    thousand_yen,
    yen_in_man_oku,
)
from cyberdesk.model.intent import Difference, differences
from cyberdesk.model.interview import Interview, ItemChecks, Quote, Signature, Status
from cyberdesk.model.signing import is_valid
from cyberdesk.services.pdf.fonts import printable
from cyberdesk.services.pdf.japanese import _


class Field(NamedTuple):
    label: str
    value: str  # "" = to be written by hand
    large: bool = False  # the premium, the limits and the period: printed larger (≥ 12 pt)


class BusinessRow(NamedTuple):
    symbol: str
    name: str
    description: str
    own_words: str | None  # ⑳: the customer's description ("" = to be written); None otherwise


class PlanColumn(NamedTuple):
    name: str
    full_name: str
    measure_period: str
    chosen: bool


class ExpenseRow(NamedTuple):
    key: str
    name: str
    covered: tuple[bool, ...]  # one per plan, in catalogue order


class InsuredRow(NamedTuple):
    role: str
    name: str
    note: str


class Example(NamedTuple):
    label: str
    business: str  # the business types it illustrates, e.g. "⑪受託ソフトウェア開発"
    text: str
    steps: tuple[str, ...]
    court: tuple[str, str, str] | None  # heading, finding, reason


# One meaning each (the legend under the grid says so): ○ wished, — not wished, ✓ covered by the
# plan, × not covered. A field a finalized record leaves empty says 「記載なし」, never —.
YES, NO = "○", "—"
COVERED, NOT_COVERED = "✓", "×"


class WishRow(NamedTuple):
    """One liability event or expense item the customer ever wished for.

    initial/final/covered: ○ or —, "" = to be ticked by hand; explanation: None when nothing
    differs, "" when a difference still has to be explained."""

    kind: str
    item: str
    initial: str
    final: str
    covered: str
    explanation: str | None


class WishesGrid(NamedTuple):
    initial_heard: str  # when the wishes were heard, "" = to be written by hand
    final_heard: str
    plan: str  # the proposed plan's name, "" = not chosen yet
    rows: tuple[WishRow, ...]
    other_initial: str
    other_final: str
    other_explanation: str | None
    same: str  # the compliance sentence when nothing differs, else ""


class Check(NamedTuple):
    ticked: bool
    text: str


class ItemAnswer(NamedTuple):
    """One part of the proposal the customer confirmed: はい (True), いいえ (False), or not asked."""

    label: str
    answer: bool | None


class SignatureMark(NamedTuple):
    """A signature made on the screen, as the record draws it."""

    strokes: tuple[tuple[tuple[float, ...], ...], ...]
    caption: str  # 「電子サイン 2026年12月1日 14:05」


class Summary(NamedTuple):
    """Every word of one coverage summary, in reading order (named tuples: cheap to define,
    which the command line's start-up time notices)."""

    draft: bool
    status: str  # 「確定 2026年11月20日 14:52」, "" on a draft
    draft_notice: str  # "" unless a draft (the blank form has none)
    form_label: str  # 「手書き用」 on the blank form (no 下書き marks), "" otherwise
    copies: tuple[str, ...]  # a labelled copy each (お客さま控, 代理店控); () = one unlabelled
    created: datetime  # the PDF's creation date: the interview's own time, never the clock
    greeting: str
    document_number: str
    revision: str  # "" for the first revision, else which one and why
    date: str
    addressee: str  # "" = company name to be written by hand
    agency: tuple[Field, ...]
    product: str
    summary: str
    customer: tuple[Field, ...]
    business: tuple[BusinessRow, ...]
    business_choices: tuple[tuple[str, str], ...]  # (label, description) to tick while none chosen
    business_instruction: str
    liability_title: str
    liability_lead: str
    liability_group: str
    liability_event_lead: str
    liability_events: tuple[tuple[str, str], ...]
    expense_title: str
    expense_lead: str
    expense_group: str
    expense_note: str
    plans: tuple[PlanColumn, ...]
    expense_rows: tuple[ExpenseRow, ...]
    insured_title: str
    insured: tuple[InsuredRow, ...]
    insured_blank_rows: int
    insured_roles: tuple[str, ...]  # the roles a hand-written row may tick
    insured_note: str
    examples_title: str
    examples_intro: str
    examples: tuple[Example, ...]
    proposal: str  # the chosen plan's full name, "" = not chosen yet
    proposal_reason: str
    quote: tuple[Field, ...]
    wishes: WishesGrid
    confirmations: tuple[Check, ...]
    items: tuple[ItemAnswer, ...]
    contact: tuple[Field, ...]  # お客様対応履歴
    legend: str  # what each mark of the tables means
    exclusions: tuple[str, ...]  # 保険金をお支払いできない主な場合, or the pointer to the 重要事項説明書
    reviewer: tuple[Field, ...]  # the insurer's contact, the dispute-resolution body
    footer: str  # the approval number and the form's version, on every page
    superseded: str  # 「この版は第N版に置き換えられました」 on every page of a replaced revision
    tick_by_hand: str  # "" when every box is ticked
    disclaimer: str
    disclosure_document: str  # its name: 重要事項説明書（契約概要・注意喚起情報）
    confirmed_by: str
    confirmed_on: str
    agent_statement: str  # "" unless the record says every part of it was done
    agent: tuple[Field, ...]
    agent_date: str  # the day the agent signed on the screen, "" = to be written by hand
    customer_signature: SignatureMark | None
    agent_signature: SignatureMark | None
    title: str
    author: str
    subject: str
    keywords: str

    @property
    def chosen_plan(self) -> PlanColumn | None:
        return next((p for p in self.plans if p.chosen), None)


def _moment(value: datetime | None) -> str:
    """Recorded in UTC, printed in Japan time, labelled — as the wizard shows it."""
    return "" if value is None else moment(value)


def _explanation(found: list[Difference], explanations: dict[str, str]) -> str | None:
    """The explanations of these differences; "" while any is unexplained; None if none."""
    if not found:
        return None
    texts = [explanations.get(d.key, "").strip() for d in found]
    return "" if not all(texts) else "\n".join(dict.fromkeys(texts))


def _grid(interview: Interview, catalogue: Catalogue, found: list[Difference]) -> WishesGrid:
    """A row per event and item ever wished for (every one, to tick by hand, on a blank form)."""
    initial, final = interview.initial_intent, interview.confirmation.final
    plan = catalogue.plan(interview.plan)
    heard_final = not final.is_empty() or final.captured_at is not None
    blank = initial.is_empty() and not heard_final
    explanations = interview.confirmation.explanations
    rows = []
    for kind, title, entries, before, after in (
        ("liability", catalogue.liability.title,
         [(e.key, e.text, True) for e in catalogue.liability.events],
         initial.liability_events, final.liability_events),
        ("expense", catalogue.expense.title,
         [(i.key, i.name, plan is None or plan.covers(i.key)) for i in catalogue.expense.items],
         initial.expense_items, final.expense_items),
    ):
        for key, text, covered in entries:
            if not blank and key not in before and key not in after:
                continue
            mine = [d for d in found if d.key.startswith(f"{kind}.") and d.key.endswith(f".{key}")]
            rows.append(WishRow(
                kind=title, item=f"{key}. {text}",
                initial="" if blank else YES if key in before else NO,
                final="" if not heard_final else YES if key in after else NO,
                covered="" if plan is None else COVERED if covered else NOT_COVERED,
                explanation=_explanation(mine, explanations),
            ))
    other = [d for d in found if d.key == "other_wishes.changed"]
    return WishesGrid(
        initial_heard=_moment(initial.captured_at), final_heard=_moment(final.captured_at),
        plan=plan.full_name if plan else "", rows=tuple(rows),
        other_initial=initial.other_wishes, other_final=final.other_wishes,
        other_explanation=_explanation(other, explanations),
        same=catalogue.compliance.same_wishes if heard_final and not found else "",
    )


def _yen(amount: int | None, spoken: bool = False) -> str:
    if amount is None:
        return ""
    return yen_in_man_oku(amount) if spoken else f"{grouped(amount)}円"


def _quote(quote: Quote) -> tuple[Field, ...]:
    """The quote as recorded; "" (a blank line to write on) for whatever was not. The deductible,
    the retroactive date and the reason for an unusual period appear only when recorded."""
    start = seireki(quote.period_start) if quote.period_start else ""
    end = seireki(quote.period_end) if quote.period_end else ""
    period = _("{start} to {end}").format(start=start or "　" * 6, end=end or "　" * 6) \
        if start or end else ""
    fields = [
        Field(_("Quote number"), quote.number),
        Field(_("Policy period"), period, large=True),
        Field(_("Annual premium"), _yen(quote.annual_premium), large=True),
        Field(_("Payment method"), quote.payment_method, large=True),
        Field(_("Limit (liability)"), _yen(quote.liability_limit, spoken=True), large=True),
        Field(_("Limit (expenses)"), _yen(quote.expense_limit, spoken=True), large=True),
    ]
    if quote.deductible is not None:
        fields.append(Field(_("Deductible"), _yen(quote.deductible, spoken=True), large=True))
    if quote.retroactive_date is not None:
        fields.append(Field(_("Retroactive date"), seireki(quote.retroactive_date)))
    if quote.period_reason:
        fields.append(Field(_("Why this policy period"), quote.period_reason))
    return tuple(fields)


_ITEM_LABELS = (
    ("coverage", N_("What is covered")),
    ("limits", N_("Limits of indemnity")),
    ("period", N_("Policy period")),
    ("premium", N_("Premium")),
    ("payment", N_("Payment method")),
)
_METHODS = {"in_person": N_("In person"), "online": N_("Online"), "phone": N_("By phone")}


def _items(items: ItemChecks) -> tuple[ItemAnswer, ...]:
    return tuple(ItemAnswer(_(label), getattr(items, key)) for key, label in _ITEM_LABELS)


def _contact(interview: Interview) -> tuple[Field, ...]:
    record = interview.contact_record
    documents = "\n".join(
        f"{d.title}（{d.edition}）" if d.edition else d.title for d in record.documents)
    return (
        Field(_("How we met"), _(_METHODS[record.method]) if record.method else ""),
        Field(_("Place"), record.place),
        Field(_("Attendees"), "、".join(record.attendees)),
        Field(_("Documents shown (edition)"), documents),
    )


def _given(value: str | None, missing: str) -> str:
    """A catalogue value head office may not have filled: what is missing is said, not invented."""
    return value if value else missing


def _example(example: IncidentExample, catalogue: Catalogue) -> Example:
    business = "・".join(c.label for n in example.categories if (c := catalogue.category(n)))
    court = example.court
    return Example(
        label=example.label, business=business, text=example.text, steps=example.steps,
        court=(court.heading, court.finding, court.reason) if court else None,
    )


def _customer(interview: Interview) -> tuple[Field, ...]:
    c = interview.customer
    place = " ".join(part for part in (f"〒{c.postal_code}" if c.postal_code else "", c.address) if part)
    return (
        Field(_("Company name"), c.company_name),
        Field(_("Company name (katakana)"), c.company_kana),
        Field(_("Representative"), " ".join(p for p in (c.representative_title,
                                                       c.representative_name) if p)),
        Field(_("Address"), place),
        Field(_("Contact person"), " ".join(p for p in (c.contact_department, c.contact_name) if p)),
        Field(_("Phone"), c.contact_phone),
        Field(_("E-mail"), c.contact_email),
        Field(_("Sales (latest fiscal year, tax included)"),
              thousand_yen(c.annual_sales) if c.annual_sales is not None else ""),
        Field(_("Closing month"),
              _("Month {month}").format(month=c.fiscal_month) if c.fiscal_month else ""),
        Field(_("Employees"),
              _("{count} persons").format(count=f"{c.employees:,}") if c.employees is not None
              else ""),
    )


def _addressee(company: str, person: str) -> str:
    """「○○株式会社 御中」, or the company on one line and 「部署 氏名様」 on the next."""
    if not company:
        return ""
    text = addressee(company, person)
    return f"{company}\n{text[len(company) + 1:]}" if person else text


def _agency(interview: Interview) -> tuple[Field, ...]:
    a = interview.agent
    return (
        Field(_("Agency"), a.agency_name),
        Field(_("Agency code"), a.agency_code),
        Field(_("Agent"), a.agent_name),
        Field(_("Registration No."), a.registration_number),
        Field(_("Phone"), a.phone),
        Field(_("E-mail"), a.email),
    )


def _insured(interview: Interview, catalogue: Catalogue) -> tuple[InsuredRow, ...]:
    named = next((r for r in catalogue.insured_scope.roles if not r.conditional), None)
    rows = [InsuredRow(named.name if named else "", interview.customer.company_name, "")]
    for party in interview.insured_parties:
        role = catalogue.role(party.role)
        rows.append(InsuredRow(role.name if role else "", party.name, party.note))
    return tuple(rows)


def _signature(interview: Interview, role: str) -> SignatureMark | None:
    """A valid signature as drawn: one the content no longer matches is never printed."""
    signature: Signature | None = getattr(interview.signatures, role)
    if signature is None or signature.signed_at is None or not is_valid(interview, role):
        return None
    local = signature.signed_at.astimezone(JST)
    return SignatureMark(tuple(tuple(stroke) for stroke in signature.strokes),
                         _("E-signature {date} {time}").format(date=seireki(local.date()),
                                                               time=f"{local:%H:%M}"))


def _status(interview: Interview) -> str:
    if interview.status is Status.DRAFT:
        return ""
    return _("Finalized {moment}").format(moment=_moment(interview.finalized_at or
                                                              interview.updated_at))


def build(interview: Interview, catalogue: Catalogue, handwritten: bool = False,
          superseded_by: int | None = None) -> Summary:
    """All the words of the summary for `interview`, made printable (NFC, no missing glyphs);
    `handwritten`: the blank form, a form to fill in by hand rather than a draft;
    `superseded_by`: the revision that replaced this one, marked on every page."""
    summary = _build(interview, catalogue)
    if handwritten:
        label = _("For handwriting")
        summary = summary._replace(draft_notice="", form_label=label, status=label)
    if superseded_by is not None:
        summary = summary._replace(superseded=_("This revision was replaced by revision {revision}")
                                   .format(revision=superseded_by))
    if not summary.draft:
        summary = _closed(summary)
    return _printable(summary)


def _closed(summary: Summary) -> Summary:
    """A finalized record leaves nothing to be written in later: what was not recorded (a field
    that is optional, a quote a version 1 file never had) says so, not a blank line (and not —,
    which means "not wished" only)."""
    def filled(fields: tuple[Field, ...]) -> tuple[Field, ...]:
        return tuple(f._replace(value=f.value or _("Not recorded")) for f in fields)

    return summary._replace(customer=filled(summary.customer), agency=filled(summary.agency),
                            quote=filled(summary.quote), agent=filled(summary.agent),
                            contact=filled(summary.contact))


def _build(interview: Interview, catalogue: Catalogue) -> Summary:
    c = interview.customer
    person = " ".join(p for p in (c.contact_department, c.contact_name) if p) if c.contact_name else ""
    chosen = sorted(set(interview.business_categories))
    categories = [cat for n in chosen if (cat := catalogue.category(n))]
    plan = catalogue.plan(interview.plan)
    product = catalogue.product
    conf = interview.confirmation
    words = catalogue.compliance
    found = differences(interview, catalogue, _)
    grid = _grid(interview, catalogue, found)
    # A box is ticked only when the stored answer says so AND every difference is explained:
    # otherwise the customer ticks it by hand, never the agent in advance.
    explained = all(row.explanation != "" for row in grid.rows) and grid.other_explanation != ""
    checks = tuple(Check(value and explained, text) for value, text in (
        (conf.disclosure_handed_over, words.handed_over),
        (conf.disclosure_explained, words.explained),
        (conf.customer_confirmed, words.customer_confirmed),
    ))
    draft = interview.status is Status.DRAFT
    missing = words.missing or _("not set")  # a format 2 catalogue has no wording of its own
    return Summary(
        draft=draft,
        status=_status(interview),
        draft_notice=words.draft_notice if draft else "",
        form_label="",
        copies=() if draft else words.copies,
        created=interview.updated_at if draft else interview.finalized_at or interview.updated_at,
        greeting=words.greeting,
        document_number=interview.document_number,
        revision=_("Revision {revision}: {reason}").format(
            revision=interview.revision, reason=interview.revision_reason)
        if interview.revision > 1 else "",
        date=date_with_era(interview.interview_date),
        addressee=_addressee(c.company_name, person),
        agency=_agency(interview),
        product=f"{product.insurer} {product.name} {product.rider}",
        summary=product.summary,
        customer=_customer(interview),
        business=tuple(
            BusinessRow(cat.symbol, cat.name, cat.description,
                        interview.other_business_description if cat.requires_description else None)
            for cat in categories
        ),
        business_choices=() if categories else tuple(
            (cat.label, cat.description) for cat in catalogue.business_categories),
        business_instruction=words.business_instruction,
        liability_title=f"{catalogue.liability.number}. {catalogue.liability.title}",
        liability_lead=catalogue.liability.lead,
        liability_group=catalogue.liability.event_group,
        liability_event_lead=catalogue.liability.event_lead,
        liability_events=tuple((e.key, e.text) for e in catalogue.liability.events),
        expense_title=f"{catalogue.expense.number}. {catalogue.expense.title}",
        expense_lead=catalogue.expense.lead,
        expense_group=catalogue.expense.event_group,
        expense_note=catalogue.expense.note,
        plans=tuple(
            PlanColumn(p.name, p.full_name, p.measure_period, plan is not None and p.id == plan.id)
            for p in catalogue.plans
        ),
        expense_rows=tuple(
            ExpenseRow(i.key, i.name, tuple(p.covers(i.key) for p in catalogue.plans))
            for i in catalogue.expense.items
        ),
        insured_title=catalogue.insured_scope.title,
        insured=_insured(interview, catalogue),
        insured_blank_rows=2 if interview.status is Status.DRAFT and not interview.insured_parties
        else 0,
        insured_roles=tuple(r.name for r in catalogue.insured_scope.roles if r.conditional),
        insured_note=catalogue.insured_scope.note,
        examples_title=catalogue.incident_examples_title,
        examples_intro=words.examples_intro,
        examples=tuple(_example(e, catalogue) for e in catalogue.examples_for(chosen)),
        proposal=plan.full_name if plan else "",
        proposal_reason=interview.proposal_reason,
        quote=_quote(interview.quote),
        wishes=grid,
        confirmations=checks,
        items=_items(conf.items) if explained else _items(ItemChecks()),
        contact=_contact(interview),
        legend=_("○ wished　— not wished　✓ covered by the plan　× not covered　"
                 "□ to be ticked by hand"),
        exclusions=words.exclusions or (words.exclusions_pointer or missing,),
        reviewer=(
            Field(_("Approval No. of this document"), _given(words.approval_number, missing)),
            Field(_("Insurer's contact"), _given(words.insurer_contact, missing)),
            Field(_("Dispute resolution body"), _given(words.dispute_body, missing)),
            Field(_("Agency's authority"),
                  _given(interview.agent.authority, _("Not set in the agent profile"))),
        ),
        footer=_("Approval No. {number}　Form {form}").format(
            number=_given(words.approval_number, _("not set")),
            form=f"{catalogue.version}/{words.version}"),
        superseded="",
        tick_by_hand="" if all(check.ticked for check in checks) else words.tick_by_hand,
        disclaimer=words.disclaimer,
        disclosure_document=words.disclosure_document,
        confirmed_by=conf.confirmed_by,
        confirmed_on=seireki(conf.confirmed_on) if conf.confirmed_on else "",
        agent_statement=words.agent_statement if all(check.ticked for check in checks) else "",
        agent=(Field(_("Agency"), interview.agent.agency_name),
               Field(_("Agent"), interview.agent.agent_name),
               Field(_("Registration No."), interview.agent.registration_number)),
        agent_date=seireki(agent.signed_at.astimezone(JST).date())
        if (agent := interview.signatures.agent) and agent.signed_at else "",
        customer_signature=_signature(interview, "customer"),
        agent_signature=_signature(interview, "agent"),
        title=" ".join(p for p in (_("Coverage summary"), c.company_name) if p),
        author=interview.agent.agency_name,
        subject=f"{product.insurer} {product.name} {product.rider}",
        # Kept out of the customer's pages, in the metadata for head office and reprints.
        keywords=" ".join((interview.id, interview.document_number,
                           f"catalogue={catalogue.id}/{catalogue.version}",
                           f"compliance={words.version}")),
    )


def _printable(summary: Summary) -> Summary:
    """Every text of the summary through `printable`, recursively over the plain rows."""
    return cast(Summary, _printed(summary))  # _printed keeps every type: a Summary stays one


def _printed(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple) and hasattr(value, "_make"):  # a NamedTuple row
        return value._make(map(_printed, value))
    if isinstance(value, tuple):
        return tuple(map(_printed, value))
    return value
