"""The interview's rules, returning every problem at once, each naming its field.

`validate(..., complete=False)` checks that the answers given so far are consistent (what a
draft must satisfy); `complete=True` also demands everything finalizing needs. The wizard, the
command line and the import all use these rules; no widget has rules of its own.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from cyberdesk.catalogue import Catalogue, CatalogueSet
from cyberdesk.clock import local_date, now
from cyberdesk.i18n import N_, _
from cyberdesk.japanese.formatting import moment, seireki
from cyberdesk.japanese.glyphs import (
    SUBSTITUTES,
    printed_form,
    prints_as_stored,
    unprintable,
    unprintable_without_substitute,
)
from cyberdesk.model.document import to_document
from cyberdesk.model.intent import unexplained
from cyberdesk.model.interview import Agent, Intent, Interview, NameSubstitute, one_year_later
from cyberdesk.model.problems import Problem
from cyberdesk.model.signing import signature_problems

SHORT = 100
NAME = 200
LONG = 300
FREE_TEXT = 10_000
MAX_AMOUNT = 10**13  # 千円: far above any company's sales, within SQLite's integers
MAX_EMPLOYEES = 10**7

_POSTAL = re.compile(r"[0-9]{3}-?[0-9]{4}")  # ASCII digits only: \d also matches other scripts
_PHONE = re.compile(r"^\+?[0-9()\- ]{6,30}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _has_kanji(text: str) -> bool:
    """A CJK unified ideograph (U+4E00–U+9FFF) or one of extension A (U+3400–U+4DBF) in
    `text`. Not a regular expression: `re` compiles a character class of 27,000 characters
    in Python, ~7 ms at every start of a process that validates. Kana all come before U+3400:
    a reading in kana is found to have none by one call in C."""
    if not text or max(text) < "\u3400":
        return False
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


# The wizard's steps and the fields each one owns, so each page shows only its own problems.
STEPS = ("customer", "initial_intent", "business", "insured", "plan", "confirmation", "output")
_STEP_PREFIXES = {
    "customer": ("customer.", "agent.", "interview_date"),
    "initial_intent": ("initial_intent",),
    "business": ("business_categories", "other_business_description"),
    "insured": ("insured_parties",),
    "plan": ("plan", "proposal_reason", "quote"),
    "confirmation": ("confirmation", "contact_record"),
    "output": (),
}

_TEXT_LIMITS = {
    "agent.agency_name": NAME, "agent.agency_code": 20, "agent.agent_name": SHORT,
    "agent.phone": 30, "agent.email": 254,
    "customer.company_name": NAME, "customer.company_kana": NAME,
    "customer.representative_title": SHORT, "customer.representative_name": SHORT,
    "customer.address": LONG,  # the postal code's length is its format's (one problem, not two)
    "customer.contact_name": SHORT, "customer.contact_department": SHORT,
    "customer.contact_phone": 30, "customer.contact_email": 254,
    "quote.number": 40, "quote.payment_method": SHORT,
    "agent.registration_number": 40, "agent.authority": LONG, "contact_record.place": LONG,
}
MIN_CONTENT = 2  # letters or digits an explanation needs: 「。」 or 「済」 explains nothing
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
        "quote.period_reason": interview.quote.period_reason,
    }
    free.update({
        f"confirmation.explanations.{key}": text
        for key, text in interview.confirmation.explanations.items()
    })
    record = interview.contact_record
    free.update({f"contact_record.attendees[{i}]": name for i, name in enumerate(record.attendees)})
    for index, document in enumerate(record.documents):
        free[f"contact_record.documents[{index}].title"] = document.title
        free[f"contact_record.documents[{index}].edition"] = document.edition
    for path, value in free.items():
        if len(value) > FREE_TEXT:
            out.append(Problem(path, _("Too long: at most {limit} characters.")
                               .format(limit=FREE_TEXT)))


def _check_formats(interview: Interview, out: list[Problem]) -> None:
    c = interview.customer
    if c.postal_code and not _POSTAL.fullmatch(c.postal_code):
        out.append(Problem("customer.postal_code", _("Write the postal code as 123-4567.")))
    for path, value in (("customer.contact_phone", c.contact_phone),
                        ("agent.phone", interview.agent.phone)):
        if value and not _PHONE.match(value):
            out.append(Problem(path, _("A phone number has digits and hyphens only.")))
    for path, value in (("customer.contact_email", c.contact_email),
                        ("agent.email", interview.agent.email)):
        if value and not _EMAIL.match(value):
            out.append(Problem(path, _("This is not an e-mail address.")))
    if c.company_kana and _has_kanji(c.company_kana):
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
    for name in ("annual_premium", "liability_limit", "expense_limit", "deductible"):
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


def has_content(text: str) -> bool:
    """True when `text` says something: at least MIN_CONTENT letters or digits (counted only
    until there are enough: a reason is often hundreds of characters)."""
    found = 0
    for ch in text:
        if unicodedata.category(ch)[0] in "LN":
            found += 1
            if found >= MIN_CONTENT:
                return True
    return found >= MIN_CONTENT


def _when(value: datetime | date) -> str:
    """A date or moment as a problem names it (in Japan time, as the screen shows it)."""
    return moment(value) if isinstance(value, datetime) else seireki(value)


def _check_dates(interview: Interview, out: list[Problem]) -> None:
    """当初意向 ≤ 最終意向 ≤ the customer's confirmation ≤ finalizing, none in the future; each
    problem names both dates (the names translated only for a problem: nearly every record has
    none)."""
    conf = interview.confirmation
    initial, final = interview.initial_intent.captured_at, conf.final.captured_at
    locked = interview.finalized_at if interview.status.locked else None
    limit = locked or now()
    limit_name = N_("the finalizing") if locked else N_("now")
    for path, value, name in (
        ("initial_intent.captured_at", initial, N_("The initial wishes")),
        ("confirmation.final_intent.captured_at", final, N_("The final wishes")),
    ):
        if value is not None and value > limit:
            out.append(Problem(path, _("{name} ({when}) cannot be later than {limit} ({limit_when}).")
                               .format(name=_(name), when=_when(value), limit=_(limit_name),
                                       limit_when=_when(limit))))
    if initial and final and final < initial:
        out.append(Problem("confirmation.final_intent.captured_at",
                           _("The final wishes ({final}) cannot be earlier than the initial ones "
                             "({initial}).").format(final=_when(final), initial=_when(initial))))
    confirmed = conf.confirmed_on
    if confirmed is None:
        return
    if confirmed > local_date(limit):
        out.append(Problem("confirmation.confirmed_on",
                           _("The customer's confirmation ({confirmed}) cannot be later than "
                             "{limit} ({limit_when}).").format(
                               confirmed=_when(confirmed), limit=_(limit_name),
                               limit_when=_when(local_date(limit)))))
    for value, name in ((final, N_("the final wishes")), (initial, N_("the initial wishes"))):
        if value is not None and confirmed < local_date(value):
            out.append(Problem("confirmation.confirmed_on",
                               _("The customer's confirmation ({confirmed}) cannot be earlier than "
                                 "{name} ({when}).").format(confirmed=_when(confirmed), name=_(name),
                                                            when=_when(value))))
            break


_QUOTE_REQUIRED = (
    ("quote.number", "number", N_("Enter the quote number (お見積書番号).")),
    ("quote.annual_premium", "annual_premium", N_("Enter the premium, as quoted.")),
    ("quote.payment_method", "payment_method", N_("Enter the payment method, as quoted.")),
    ("quote.period_start", "period_start", N_("Enter the start of the policy period.")),
    ("quote.period_end", "period_end", N_("Enter the end of the policy period.")),
    ("quote.liability_limit", "liability_limit", N_("Enter the limit of indemnity, as quoted.")),
)


QUOTE_REQUIRED = tuple(name for _path, name, _message in _QUOTE_REQUIRED)  # the quote's must-haves


def _check_quote_complete(interview: Interview, out: list[Problem]) -> None:
    """The quote is part of the record: a finalized record shows its price and period."""
    q = interview.quote
    for path, name, message in _QUOTE_REQUIRED:
        if getattr(q, name) in (None, ""):
            out.append(Problem(path, _(message)))
    reasons = []
    if q.period_start and q.period_start < interview.interview_date:
        reasons.append(_("The policy period starts ({start}) before the interview ({interview})")
                       .format(start=_when(q.period_start), interview=_when(interview.interview_date)))
    if q.period_start and q.period_end and q.period_start < q.period_end < one_year_later(
            q.period_start):
        reasons.append(_("The policy period ({start} to {end}) is shorter than a year")
                       .format(start=_when(q.period_start), end=_when(q.period_end)))
    if reasons and not has_content(q.period_reason):
        out.append(Problem("quote.period_reason", _("{facts}: record why.").format(
            facts=_("; ").join(reasons))))


def _check_contents(interview: Interview, out: list[Problem]) -> None:
    """Explanations and reasons that say something (「。」 is not an explanation)."""
    texts = {f"confirmation.explanations.{key}": text
             for key, text in interview.confirmation.explanations.items()}
    texts["proposal_reason"] = interview.proposal_reason
    if interview.quote.period_reason:
        texts["quote.period_reason"] = interview.quote.period_reason
    for path, text in texts.items():
        if text.strip() and not has_content(text):
            out.append(Problem(path, _("Write the explanation in words (at least {count} letters "
                                       "or digits).").format(count=MIN_CONTENT)))


def printed_forms(interview: Interview) -> dict[str, tuple[str, str]]:
    """Every field that does not print as stored: field → (stored, printed). Characters the font
    lacks print as their usual substitute (𠮷 → 吉); one with none is named by its code point."""
    document = to_document(interview, strokes=False)  # numbers only: no text to print
    del document["name_substitutes"]  # what the agent accepted, not something to print
    # Nearly every record prints as stored: its texts are checked at once, as one JSON text in
    # which each keeps its characters (dumps escapes only ASCII: quotes, backslashes, controls,
    # none of which composes in NFC), before any field is walked and named one by one.
    if prints_as_stored(json.dumps(document, ensure_ascii=False)):
        return {}
    return {path: (text, printed) for path, text in _texts_of(document, "")
            if (printed := printed_form(text)) != text}


def substitutes_needed(interview: Interview) -> list[NameSubstitute]:
    """The substitutes finalizing asks the agent to accept (only those with a usual substitute
    for every missing character; the others must be corrected), not yet accepted."""
    accepted = {(n.field, n.stored, n.printed) for n in interview.name_substitutes}
    return [NameSubstitute(path, stored, printed, accepted_at=now())
            for path, (stored, printed) in printed_forms(interview).items()
            if (path, stored, printed) not in accepted and not unprintable_without_substitute(stored)]


def accept_substitutes(interview: Interview) -> list[NameSubstitute]:
    """Record that the agent accepted every substitute now needed; returns them."""
    needed = substitutes_needed(interview)
    interview.name_substitutes.extend(needed)
    return needed


def _check_printed_names(interview: Interview, out: list[Problem]) -> None:
    accepted = {(n.field, n.stored, n.printed) for n in interview.name_substitutes}
    for path, (stored, printed) in printed_forms(interview).items():
        missing = unprintable_without_substitute(stored)
        if missing:
            out.append(Problem(path, _("「{chars}」 cannot be printed and has no substitute: "
                                       "correct it.").format(chars="".join(missing))))
        elif (path, stored, printed) not in accepted:
            # Asked at finalizing (the step that owns name_substitutes), not where it was typed:
            # the name is kept as the customer writes it until then.
            out.append(Problem("name_substitutes", _(
                "{field} prints as 「{printed}」 (stored: 「{stored}」): accept the substitute or "
                "correct it.").format(field=path, printed=printed, stored=stored)))


def record_problems(interview: Interview) -> list[Problem]:
    """What a record needs since format version 3, beyond the earlier completeness rules: coherent
    dates, the quote, explanations with content, names printed as written or accepted."""
    out: list[Problem] = []
    _check_dates(interview, out)
    _check_quote_complete(interview, out)
    _check_contents(interview, out)
    _check_printed_names(interview, out)
    return out


def validate(interview: Interview, catalogue: Catalogue, complete: bool = False,
             record: bool = True) -> list[Problem]:
    """Every problem of `interview` against its catalogue; `complete` adds what finalizing needs
    (`record`: with the version 3 rules of `record_problems`; a record finalized before them is
    read with `record=False`)."""
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
        out += missing_to_finalize(interview, catalogue, record)
    return out


def missing_to_finalize(interview: Interview, catalogue: Catalogue,
                        record: bool = True) -> list[Problem]:
    """What `validate(..., complete=True)` adds to the consistency problems: what finalizing
    needs (for a caller that has checked consistency already, so as not to check it twice)."""
    out: list[Problem] = []
    _check_complete(interview, catalogue, out)
    if record:
        out += record_problems(interview)
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
        if path.startswith("name_substitutes"):
            continue  # what the agent accepted, not something to print
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
    interview: Interview, catalogues: CatalogueSet, complete: bool = False, record: bool = True
) -> tuple[Catalogue | None, list[Problem]]:
    """Find the interview's catalogue and validate against it."""
    catalogue = catalogue_for(interview, catalogues)
    if catalogue is None:
        return None, [Problem("catalogue.version", _(
            "This interview was made with catalogue {id} {version}, which is not installed."
        ).format(id=interview.catalogue_id, version=interview.catalogue_version))]
    return catalogue, validate(interview, catalogue, complete, record)
