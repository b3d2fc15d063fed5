"""What the coverage summary says, as plain rows built from (Interview, Catalogue) — no layout.

Keeping the words apart from the typesetting lets tests check every fact in depth without
reading a PDF, and lets the layout stay a dumb arranger. An empty string means "not answered
yet": the layout prints a blank line or box there, to be completed by hand at the table.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from cyberdesk.catalogue import Catalogue, IncidentExample
from cyberdesk.formatting import addressee, date_with_era, moment, seireki, thousand_yen
from cyberdesk.model.intent import differences
from cyberdesk.model.interview import Intent, Interview, Status
from cyberdesk.services.pdf.fonts import printable
from cyberdesk.services.pdf.japanese import _


class Field(NamedTuple):
    label: str
    value: str  # "" = to be written by hand


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


class Wishes(NamedTuple):
    captured: str  # when it was heard, "" = not recorded
    liability: tuple[str, ...]
    expense: tuple[str, ...]
    other: str

    @property
    def answered(self) -> bool:
        return bool(self.liability or self.expense or self.other)


class Explained(NamedTuple):
    difference: str
    explanation: str


class Summary(NamedTuple):
    """Every word of one coverage summary, in reading order (named tuples: cheap to define,
    which the command line's start-up time notices)."""

    document_number: str
    revision: str  # "" for the first revision, else which one and why
    date: str
    addressee: str  # "" = company name to be written by hand
    agency: tuple[Field, ...]
    product: str
    summary: str
    customer: tuple[Field, ...]
    business: tuple[BusinessRow, ...]
    business_choices: tuple[str, ...]  # every type, to tick by hand while none is chosen
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
    examples: tuple[Example, ...]
    initial: Wishes
    final: Wishes
    proposal: str  # the chosen plan's full name, "" = not chosen yet
    proposal_reason: str
    differences: tuple[Explained, ...] | None  # None until the final wishes are recorded
    disclosure: tuple[tuple[bool, str], ...]
    confirmed_by: str
    confirmed_on: str
    catalogue: str
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


def _wishes(intent: Intent, catalogue: Catalogue) -> Wishes:
    events = tuple(
        f"{key}. {event.text}" if (event := catalogue.liability_event(key)) else key
        for key in intent.liability_events
    )
    items = tuple(
        f"{key}. {item.name}" if (item := catalogue.expense_item(key)) else key
        for key in intent.expense_items
    )
    return Wishes(_moment(intent.captured_at), events, items, intent.other_wishes)


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


def build(interview: Interview, catalogue: Catalogue) -> Summary:
    """All the words of the summary for `interview`, made printable (NFC, no missing glyphs)."""
    summary = _build(interview, catalogue)
    return _printable(summary)


def _build(interview: Interview, catalogue: Catalogue) -> Summary:
    c = interview.customer
    person = " ".join(p for p in (c.contact_department, c.contact_name) if p) if c.contact_name else ""
    chosen = sorted(set(interview.business_categories))
    categories = [cat for n in chosen if (cat := catalogue.category(n))]
    plan = catalogue.plan(interview.plan)
    product = catalogue.product
    conf = interview.confirmation
    final = _wishes(conf.final, catalogue)
    explained = None
    if final.answered or final.captured:
        explained = tuple(
            Explained(d.text, conf.explanations.get(d.key, ""))
            for d in differences(interview, catalogue, _)
        )
    return Summary(
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
            cat.label for cat in catalogue.business_categories),
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
        examples=tuple(_example(e, catalogue) for e in catalogue.examples_for(chosen)),
        initial=_wishes(interview.initial_intent, catalogue),
        final=final,
        proposal=plan.full_name if plan else "",
        proposal_reason=interview.proposal_reason,
        differences=explained,
        disclosure=(
            (conf.disclosure_handed_over,
             _("The key-facts document (contract summary and important notices) was handed over.")),
            (conf.disclosure_explained,
             _("Its contents were explained, including the conditions that limit or exclude "
               "payment.")),
            (conf.customer_confirmed,
             _("The customer confirmed that the proposed coverage matches these wishes.")),
        ),
        confirmed_by=conf.confirmed_by,
        confirmed_on=seireki(conf.confirmed_on) if conf.confirmed_on else "",
        catalogue=_("Product data: {id} version {version} (in force from {date})").format(
            id=catalogue.id, version=catalogue.version, date=seireki(catalogue.effective_from)),
        title=" ".join(p for p in (_("Coverage summary"), c.company_name) if p),
        author=interview.agent.agency_name,
        subject=f"{product.insurer} {product.name} {product.rider}",
        keywords=f"{interview.id} {interview.document_number}",
    )


def _printable(value):
    """Every text of the summary through `printable`, recursively over the plain rows."""
    if isinstance(value, str):
        return printable(value)
    if hasattr(value, "_fields"):
        return type(value)(*map(_printable, value))
    if isinstance(value, tuple):
        return tuple(map(_printable, value))
    return value
