"""The interview's rules, returning every problem at once, each naming its field.

`validate(..., complete=False)` checks that the answers given so far are consistent (what a
draft must satisfy); `complete=True` also demands everything finalizing needs. The wizard, the
command line and the import all use these rules; no widget has rules of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from cyberdesk.catalogue import Catalogue, CatalogueSet
from cyberdesk.i18n import N_, _
from cyberdesk.japanese.glyphs import SUBSTITUTES, unprintable
from cyberdesk.model.document import to_document
from cyberdesk.model.intent import unexplained
from cyberdesk.model.interview import Agent, Intent, Interview
from cyberdesk.model.problems import Problem
from cyberdesk.model.signing import signature_problems

SHORT = 100
NAME = 200
LONG = 300
FREE_TEXT = 10_000
MAX_AMOUNT = 10**13  # 千円: far above any company's sales, within SQLite's integers
MAX_EMPLOYEES = 10**7

_POSTAL = re.compile(r"^[0-9]{3}-?[0-9]{4}$")  # ASCII digits only: \d also matches other scripts
_PHONE = re.compile(r"^\+?[0-9()\- ]{6,30}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_KANJI = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")

# The wizard's steps and the fields each one owns, so each page shows only its own problems.
STEPS = ("customer", "initial_intent", "business", "insured", "plan", "confirmation", "output")
_STEP_PREFIXES = {
    "customer": ("customer.", "agent.", "interview_date"),
    "initial_intent": ("initial_intent",),
    "business": ("business_categories", "other_business_description"),
    "insured": ("insured_parties",),
    "plan": ("plan", "proposal_reason", "quote"),
    "confirmation": ("confirmation",),
    "output": (),
}

_TEXT_LIMITS = {
    "agent.agency_name": NAME, "agent.agency_code": 20, "agent.agent_name": SHORT,
    "agent.phone": 30, "agent.email": 254,
    "customer.company_name": NAME, "customer.company_kana": NAME,
    "customer.representative_title": SHORT, "customer.representative_name": SHORT,
    "customer.postal_code": 8, "customer.address": LONG,
    "customer.contact_name": SHORT, "customer.contact_department": SHORT,
    "customer.contact_phone": 30, "customer.contact_email": 254,
    "quote.number": 40, "quote.payment_method": SHORT,
}
_REQUIRED_TO_FINALIZE = (
    ("agent.agency_name", N_("Enter the agency name (in the settings).")),
    ("agent.agent_name", N_("Enter the agent's name (in the settings).")),
    ("customer.company_name", N_("Enter the company name.")),
    ("customer.company_kana", N_("Enter the company name in katakana.")),
    ("customer.representative_name", N_("Enter the representative's name.")),
    ("customer.postal_code", N_("Enter the postal code.")),
    ("customer.address", N_("Enter the address.")),
    ("customer.contact_name", N_("Enter the contact person's name.")),
    ("customer.contact_phone", N_("Enter the contact person's phone number.")),
)


def step_of(field: str) -> str:
    """The wizard step that owns `field`."""
    for step, prefixes in _STEP_PREFIXES.items():
        if any(field.startswith(prefix) for prefix in prefixes):
            return step
    return "output"


def problems_for_step(problems: Iterable[Problem], step: str) -> list[Problem]:
    return [p for p in problems if step_of(p.field) == step]


def _value(interview: Interview, path: str) -> str:
    section, name = path.split(".")
    value: str = getattr(getattr(interview, section), name)  # the paths name text fields
    return value


def _check_texts(interview: Interview, out: list[Problem]) -> None:
    for path, limit in _TEXT_LIMITS.items():
        value = _value(interview, path)
        if len(value) > limit:
            out.append(Problem(path, _("Too long: at most {limit} characters.").format(limit=limit)))
    free = {
        "initial_intent.other_wishes": interview.initial_intent.other_wishes,
        "other_business_description": interview.other_business_description,
        "proposal_reason": interview.proposal_reason,
        "revision_reason": interview.revision_reason,
        "confirmation.final_intent.other_wishes": interview.confirmation.final.other_wishes,
        "confirmation.confirmed_by": interview.confirmation.confirmed_by,
    }
    free.update({
        f"confirmation.explanations.{key}": text
        for key, text in interview.confirmation.explanations.items()
    })
    for path, value in free.items():
        if len(value) > FREE_TEXT:
            out.append(Problem(path, _("Too long: at most {limit} characters.")
                               .format(limit=FREE_TEXT)))


def _check_formats(interview: Interview, out: list[Problem]) -> None:
    c = interview.customer
    if c.postal_code and not _POSTAL.match(c.postal_code):
        out.append(Problem("customer.postal_code", _("Write the postal code as 123-4567.")))
    for path, value in (("customer.contact_phone", c.contact_phone),
                        ("agent.phone", interview.agent.phone)):
        if value and not _PHONE.match(value):
            out.append(Problem(path, _("A phone number has digits and hyphens only.")))
    for path, value in (("customer.contact_email", c.contact_email),
                        ("agent.email", interview.agent.email)):
        if value and not _EMAIL.match(value):
            out.append(Problem(path, _("This is not an e-mail address.")))
    if c.company_kana and _KANJI.search(c.company_kana):
        out.append(Problem("customer.company_kana", _("Write the reading in katakana.")))
    if c.annual_sales is not None and not 0 <= c.annual_sales < MAX_AMOUNT:
        out.append(Problem("customer.annual_sales", _("Enter the sales in thousands of yen.")))
    if c.fiscal_month is not None and not 1 <= c.fiscal_month <= 12:
        out.append(Problem("customer.fiscal_month", _("The closing month is from 1 to 12.")))
    if c.employees is not None and not 0 <= c.employees < MAX_EMPLOYEES:
        out.append(Problem("customer.employees", _("Enter the number of employees.")))


def _check_quote(interview: Interview, out: list[Problem]) -> None:
    """The quote as copied from the insurer's system: plausible, and for a chosen plan."""
    q = interview.quote
    if q.is_empty():
        return
    if interview.plan is None:
        out.append(Problem("quote", _("Choose the plan this quote is for.")))
    if q.period_start and q.period_end and q.period_end <= q.period_start:
        out.append(Problem("quote.period_end", _("The period ends after it starts.")))
    for name in ("annual_premium", "liability_limit", "expense_limit"):
        value = getattr(q, name)
        if value is not None and not 0 <= value < MAX_AMOUNT:
            out.append(Problem(f"quote.{name}", _("Enter the amount in yen, as quoted.")))


def agent_problems(agent: Agent) -> list[Problem]:
    """The agent profile's own rules, so the settings dialog refuses what an interview would."""
    out: list[Problem] = []
    probe = Interview(agent=agent)
    _check_texts(probe, out)
    _check_formats(probe, out)
    return [problem for problem in out if problem.field.startswith("agent.")]


def _check_intent(intent: Intent, path: str, catalogue: Catalogue, out: list[Problem]) -> None:
    for key in intent.liability_events:
        if catalogue.liability_event(key) is None:
            out.append(Problem(f"{path}.liability_events",
                               _("Unknown liability event {key}.").format(key=key)))
    for key in intent.expense_items:
        if catalogue.expense_item(key) is None:
            out.append(Problem(f"{path}.expense_items",
                               _("Unknown expense item {key}.").format(key=key)))
    if len(set(intent.expense_items)) != len(intent.expense_items) or len(
        set(intent.liability_events)) != len(intent.liability_events):
        out.append(Problem(path, _("An item is listed twice.")))


def _check_choices(interview: Interview, catalogue: Catalogue, out: list[Problem]) -> None:
    numbers = interview.business_categories
    if len(set(numbers)) != len(numbers):
        out.append(Problem("business_categories", _("A business type is listed twice.")))
    described = []
    for number in numbers:
        category = catalogue.category(number)
        if category is None:
            out.append(Problem("business_categories",
                               _("There is no business type {number}.").format(number=number)))
        elif category.requires_description:
            described.append(category)
    if described and not interview.other_business_description:
        out.append(Problem("other_business_description",
                           _("Describe the business for {category}: it is written on the policy.")
                           .format(category=described[0].label)))
    if interview.other_business_description and not described:
        out.append(Problem("other_business_description",
                           _("A description is only given with the business type that needs it.")))
    if interview.plan is not None and catalogue.plan(interview.plan) is None:
        out.append(Problem("plan", _("The catalogue {version} has no plan \"{plan}\".")
                           .format(version=catalogue.version, plan=interview.plan)))
    for index, party in enumerate(interview.insured_parties):
        role = catalogue.role(party.role)
        if party.role and (role is None or not role.conditional):
            out.append(Problem(f"insured_parties[{index}].role",
                               _("Choose a sales company or a subcontractor.")))
        if len(party.name) > NAME:
            out.append(Problem(f"insured_parties[{index}].name",
                               _("Too long: at most {limit} characters.").format(limit=NAME)))
        if len(party.note) > FREE_TEXT:
            out.append(Problem(f"insured_parties[{index}].note",
                               _("Too long: at most {limit} characters.").format(limit=FREE_TEXT)))
    _check_intent(interview.initial_intent, "initial_intent", catalogue, out)
    _check_intent(interview.confirmation.final, "confirmation.final_intent", catalogue, out)


def _check_lineage(interview: Interview, out: list[Problem]) -> None:
    """Revision n > 1 names the revision it replaces and why; revision 1 replaces none."""
    if interview.revision > 1:
        if not interview.previous_id:
            out.append(Problem("previous_id", _("A revision names the revision it replaces.")))
        if not interview.revision_reason:
            out.append(Problem("revision_reason", _("A revision needs a reason.")))
    elif interview.previous_id:
        out.append(Problem("previous_id", _("The first revision replaces no other.")))
    if interview.previous_id and interview.previous_id == interview.id:
        out.append(Problem("previous_id", _("A revision cannot replace itself.")))


def _check_complete(interview: Interview, catalogue: Catalogue, out: list[Problem]) -> None:
    for path, message in _REQUIRED_TO_FINALIZE:
        if not _value(interview, path):
            out.append(Problem(path, _(message)))
    c = interview.customer
    for path, value, message in (
        ("customer.annual_sales", c.annual_sales, N_("Enter the sales of the latest year.")),
        ("customer.fiscal_month", c.fiscal_month, N_("Enter the closing month.")),
        ("customer.employees", c.employees, N_("Enter the number of employees.")),
    ):
        if value is None:
            out.append(Problem(path, _(message)))
    initial = interview.initial_intent
    if initial.is_empty():
        out.append(Problem("initial_intent", _("Record what the customer wants covered.")))
    if initial.captured_at is None:
        out.append(Problem("initial_intent.captured_at",
                           _("Record when the initial wishes were heard.")))
    if not interview.business_categories:
        out.append(Problem("business_categories", _("Choose at least one business type.")))
    for index, party in enumerate(interview.insured_parties):
        if not party.name:
            out.append(Problem(f"insured_parties[{index}].name", _("Enter the name.")))
        if not party.role:
            out.append(Problem(f"insured_parties[{index}].role",
                               _("Choose a sales company or a subcontractor.")))
    if interview.plan is None:
        out.append(Problem("plan", _("Choose a plan.")))
    if not interview.proposal_reason:
        out.append(Problem("proposal_reason", _("Write why this plan is proposed.")))
    conf = interview.confirmation
    if conf.final.is_empty():
        out.append(Problem("confirmation.final_intent",
                           _("Record the customer's final wishes.")))
    if conf.final.captured_at is None:
        out.append(Problem("confirmation.final_intent.captured_at",
                           _("Record when the final wishes were confirmed.")))
    elif initial.captured_at and conf.final.captured_at < initial.captured_at:
        out.append(Problem("confirmation.final_intent.captured_at",
                           _("The final wishes cannot be earlier than the initial ones.")))
    for difference in unexplained(interview, catalogue):
        out.append(Problem(f"confirmation.explanations.{difference.key}",
                           _("Explain this difference: {difference}")
                           .format(difference=difference.text)))
    if not conf.disclosure_handed_over:
        out.append(Problem("confirmation.disclosure_handed_over",
                           _("Confirm that the key-facts document was handed over.")))
    if not conf.disclosure_explained:
        out.append(Problem("confirmation.disclosure_explained",
                           _("Confirm that the key-facts document was explained.")))
    if not conf.customer_confirmed:
        out.append(Problem("confirmation.customer_confirmed",
                           _("Record the customer's confirmation.")))
    if conf.confirmed_on is None:
        out.append(Problem("confirmation.confirmed_on",
                           _("Enter the date of the customer's confirmation.")))


def validate(interview: Interview, catalogue: Catalogue, complete: bool = False) -> list[Problem]:
    """Every problem of `interview` against its catalogue; `complete` adds what finalizing needs."""
    out: list[Problem] = []
    if (interview.catalogue_id, interview.catalogue_version) != catalogue.key:
        out.append(Problem("catalogue.version", _("This interview was made with catalogue "
                                                  "{id} {version}, which is not installed.")
                           .format(id=interview.catalogue_id, version=interview.catalogue_version)))
    _check_texts(interview, out)
    _check_formats(interview, out)
    _check_quote(interview, out)
    _check_choices(interview, catalogue, out)
    _check_lineage(interview, out)
    out += signature_problems(interview)
    if complete:
        _check_complete(interview, catalogue, out)
    return out


def _texts_of(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every text of a file-format document with its field path (as problems name fields)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_of(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts_of(item, f"{path}[{index}]")


def print_warnings(interview: Interview) -> list[Problem]:
    """Characters the printed record's font lacks, one warning per field, naming the usual
    substitute where there is one. Warnings, not problems: the answer is kept as typed, and a
    file holding 𠮷 still imports."""
    found = []
    for path, text in _texts_of(to_document(interview), ""):
        for ch in unprintable(text):
            if ch in SUBSTITUTES:
                message = _("「{char}」 cannot be printed; it will print as 「{substitute}」. "
                            "Type 「{substitute}」 instead.").format(
                                char=ch, substitute=SUBSTITUTES[ch])
            else:
                message = _("「{char}」 cannot be printed (the font does not have it); "
                            "remove it or write it another way.").format(char=ch)
            found.append(Problem(path, message))
    return found


def catalogue_for(interview: Interview, catalogues: CatalogueSet) -> Catalogue | None:
    """The catalogue version the interview was made with; a new one gets the version in force
    on its interview date, recorded so that a reprint years later uses the same words."""
    if not interview.catalogue_id:
        catalogue = catalogues.current(interview.interview_date)
        interview.catalogue_id, interview.catalogue_version = catalogue.key
        return catalogue
    return catalogues.get(interview.catalogue_id, interview.catalogue_version)


def check(
    interview: Interview, catalogues: CatalogueSet, complete: bool = False
) -> tuple[Catalogue | None, list[Problem]]:
    """Find the interview's catalogue and validate against it."""
    catalogue = catalogue_for(interview, catalogues)
    if catalogue is None:
        return None, [Problem("catalogue.version", _(
            "This interview was made with catalogue {id} {version}, which is not installed."
        ).format(id=interview.catalogue_id, version=interview.catalogue_version))]
    return catalogue, validate(interview, catalogue, complete)
