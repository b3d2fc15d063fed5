"""The interview file: `cyberdesk.interview` version 3, the JSON that head office reads.

Version 2 added the quote (`quote`: what the insurer's quoting system gave); version 3 the
quote's deductible, retroactive date and period reason, the agent's registration number and
authority, the contact record, the item-by-item confirmation and the accepted name substitutes,
and the on-screen signatures (`signatures`, vector strokes bound to `content_hash`). Version 1
and 2 files are still read, upgraded on the way in (absent = the empty default, nothing signed);
files are always written as 3.

`to_document` and `from_document` are exact inverses for every interview the model can hold
(import then export is lossless). `from_document` reports every structural problem at once,
each naming its field; what it accepts is then checked for consistency by `validation`.
The format is documented in docs/interview-format.md with a JSON Schema beside it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, date, datetime
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

from cyberdesk.files.safejson import JsonLimitError, Limits, measure, numbers_only
from cyberdesk.files.safejson import loads as load_json
from cyberdesk.i18n import _
from cyberdesk.japanese.textnorm import (
    clean_code,
    clean_email,
    clean_kana,
    clean_postal,
    clean_text,
    parse_amount,
    without_honorific,
)
from cyberdesk.model.interview import (
    CONTACT_METHODS,
    SIGNATURE_BOX,
    Agent,
    Confirmation,
    ContactRecord,
    Customer,
    InsuredParty,
    Intent,
    Interview,
    ItemChecks,
    NameSubstitute,
    Quote,
    ShownDocument,
    Signature,
    Signatures,
    Status,
    new_id,
)
from cyberdesk.model.problems import Problem, ProblemsError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

FORMAT = "cyberdesk.interview"
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
# What each older version lacks (removed from the template it is read against, so a version 2
# file that holds a version 3 key is refused: the key did not exist then).
_ADDED_IN = {
    2: ("quote",),
    3: ("quote.deductible", "quote.retroactive_date", "quote.period_reason",
        "agent.registration_number", "agent.authority", "contact_record", "confirmation.items",
        "name_substitutes", "signatures"),
}
FIXED_KEYS = (
    "interview_date",
    "agent.agency_name",
    "agent.agent_name",
    "customer.company_name",
    "business_categories",
    "other_business_description",
    "plan",
)

# How each text field is normalised on the way in (IME input, full-width digits).
_CLEANERS = {
    "company_kana": clean_kana,
    "postal_code": clean_postal,
    "contact_phone": clean_code,
    "phone": clean_code,
    "contact_email": clean_email,
    "email": clean_email,
    "agency_code": clean_code,
    "number": clean_code,  # the quote's お見積書番号
    "registration_number": clean_code,
    # People's names are stored without an honorific: the print adds 様 (never 様様).
    "representative_name": without_honorific,
    "contact_name": without_honorific,
    "confirmed_by": without_honorific,
    "company_name": without_honorific,
}
_AMOUNTS = ("annual_sales", "fiscal_month", "employees", "annual_premium", "liability_limit",
            "expense_limit", "deductible")
_DAYS = ("period_start", "period_end", "retroactive_date")
MAX_ATTENDEES = 50
MAX_DOCUMENTS = 50
MAX_SUBSTITUTES = 100
T = TypeVar("T", bound="DataclassInstance")


def clean_field(name: str, value: str) -> str:
    """`value` normalised as the file format stores field `name` (e.g. "phone", "company_kana")."""
    return _CLEANERS.get(name, clean_text)(value)


@cache
def _names(cls: type[DataclassInstance]) -> tuple[str, ...]:
    """The field names of `cls` (read for every record written or checked)."""
    return tuple(f.name for f in fields(cls))


def _datetime_text(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _intent_document(intent: Intent) -> dict[str, Any]:
    return {
        "liability_events": list(intent.liability_events),
        "expense_items": list(intent.expense_items),
        "other_wishes": intent.other_wishes,
        "captured_at": _datetime_text(intent.captured_at),
    }


def _quote_document(quote: Quote) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value := getattr(quote, name), date) else value
        for name in _names(Quote)
    }


def _signature_document(signature: Signature | None, strokes: bool) -> dict[str, Any] | None:
    if signature is None:
        return None
    return {
        "signer_name": signature.signer_name,
        "box": list(SIGNATURE_BOX),
        "strokes": [[list(point) for point in stroke] for stroke in signature.strokes]
        if strokes else [],
        "content_sha256": signature.content_sha256,
        "signed_at": _datetime_text(signature.signed_at),
        "key_fingerprint": signature.key_fingerprint,
    }


def to_document(interview: Interview, strokes: bool = True) -> dict[str, Any]:
    """The interview as the JSON-ready dict of the file format. `strokes=False`: the signatures'
    strokes left empty, for a reader of texts or of the signed content (thousands of numbers
    that hold neither)."""
    c = interview.confirmation
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": interview.id,
        "lineage_id": interview.lineage_id,
        "revision": interview.revision,
        "previous_id": interview.previous_id,
        "revision_reason": interview.revision_reason,
        "status": interview.status.value,
        "catalogue": {"id": interview.catalogue_id, "version": interview.catalogue_version},
        "interview_date": interview.interview_date.isoformat(),
        "created_at": _datetime_text(interview.created_at),
        "updated_at": _datetime_text(interview.updated_at),
        "finalized_at": _datetime_text(interview.finalized_at),
        "agent": {name: getattr(interview.agent, name) for name in _names(Agent)},
        "customer": {name: getattr(interview.customer, name) for name in _names(Customer)},
        "initial_intent": _intent_document(interview.initial_intent),
        "business_categories": list(interview.business_categories),
        "other_business_description": interview.other_business_description,
        "insured_parties": [
            {"name": p.name, "role": p.role, "note": p.note} for p in interview.insured_parties
        ],
        "plan": interview.plan,
        "proposal_reason": interview.proposal_reason,
        "quote": _quote_document(interview.quote),
        "confirmation": {
            "final_intent": _intent_document(c.final),
            "explanations": dict(c.explanations),
            "disclosure_handed_over": c.disclosure_handed_over,
            "disclosure_explained": c.disclosure_explained,
            "customer_confirmed": c.customer_confirmed,
            "confirmed_by": c.confirmed_by,
            "confirmed_on": c.confirmed_on.isoformat() if c.confirmed_on else None,
            "items": {name: getattr(c.items, name) for name in _names(ItemChecks)},
        },
        "contact_record": {
            "method": interview.contact_record.method,
            "place": interview.contact_record.place,
            "attendees": list(interview.contact_record.attendees),
            "documents": [{"title": d.title, "edition": d.edition}
                          for d in interview.contact_record.documents],
        },
        "name_substitutes": [
            {"field": n.field, "stored": n.stored, "printed": n.printed,
             "accepted_at": n.accepted_at.isoformat()}
            for n in interview.name_substitutes
        ],
        "signatures": {
            "customer": _signature_document(interview.signatures.customer, strokes),
            "agent": _signature_document(interview.signatures.agent, strokes),
            "paper": interview.signatures.paper,
        },
    }


# What a signature does not cover: the signatures themselves and what finalizing changes.
_UNSIGNED = ("signatures", "status", "updated_at", "finalized_at")


def content_hash(interview: Interview) -> str:
    """SHA-256 (hex) of the record's content: what a signature binds (docs/interview-format.md).

    The version-3 document without its signatures, status and the times a save or finalizing
    sets, as compact JSON with sorted keys; any change to an answer changes it.
    """
    document = to_document(interview, strokes=False)  # the signatures are dropped below
    for key in _UNSIGNED:
        del document[key]
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_ROLES = ("customer", "agent")  # the signers a file's `signatures` holds, each with strokes


def dumps(interview: Interview) -> str:
    """The file's text: UTF-8 JSON, Japanese kept readable, keys in a stable order; a
    signature's strokes on one compact line (indented, 20,000 points would outgrow LIMITS)."""
    document = to_document(interview)
    compact: dict[str, str] = {}
    for role in _ROLES:
        signature = document["signatures"][role]
        if signature is not None:
            placeholder = f"strokes-{secrets.token_hex(16)}"  # no answer can hold it
            compact[json.dumps(placeholder)] = json.dumps(signature["strokes"],
                                                          separators=(",", ":"))
            signature["strokes"] = placeholder
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    for placeholder, strokes in compact.items():
        text = text.replace(placeholder, strokes, 1)
    return text


_ID = re.compile(r"[0-9a-z][0-9a-z-]{0,63}")  # always fullmatch: "$" would allow a final newline
MAX_REVISION = 999
# Limits no real interview reaches (a complete one is about 4 KB), so that a hostile file is
# refused before it costs time or memory (docs/limits.md).
# A list may hold as many points as a stroke may; every other list has its own, smaller limit.
LIMITS = Limits(max_bytes=2 * 1024 * 1024, max_depth=8, max_items=5_000, max_digits=15)
MAX_PARTIES = 100  # insured parties (sales companies and subcontractors)
MAX_KEYS = 40  # entries of a list of item letters or of business types
MAX_EXPLANATIONS = 64  # explained differences (a catalogue has about 20 items)
MAX_STROKES = 200  # per signature
MAX_STROKE_POINTS = 5_000
MAX_POINTS = 20_000  # per signature, all strokes together
MAX_T_MS = 600_000  # a point's time since the first: ten minutes
MAX_SIGNER_NAME = 200
_SIGNATURE_KEYS = frozenset(("signer_name", "box", "strokes", "content_sha256", "signed_at",
                             "key_fingerprint"))
_SHA256 = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}")
FIRST_YEAR, LAST_YEAR = 2000, 2099  # dates and times outside are typing errors (or attacks)
_FREE_KEYS = ("confirmation.explanations",)  # objects whose keys are data, not format


_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _template(version: int = VERSION) -> dict[str, Any]:
    """The shape of a complete document of `version`: what keys may appear where (made once
    per version; never changed by its readers)."""
    template = to_document(Interview(
        id="0" * 32,  # only the keys count here: no new id (nor `uuid`) for reading a file
        insured_parties=[InsuredParty()],
        contact_record=ContactRecord(attendees=[""], documents=[ShownDocument()]),
        name_substitutes=[NameSubstitute("", "", "", datetime(2026, 1, 1, tzinfo=UTC))]))
    for added, keys in sorted(_ADDED_IN.items(), reverse=True):  # a member before its section
        if version < added:
            for key in keys:
                section, _dot, name = key.rpartition(".")
                del (template[section] if section else template)[name]
    return template


def _is_unicode(text: str) -> bool:
    """False for lone surrogates, which JSON can carry but UTF-8 (and SQLite) cannot."""
    return text.isascii() or not _SURROGATE.search(text)


@cache
def _shape(version: int = VERSION) -> dict[str, Any]:
    """`_template(version)` with None where `_FREE_KEYS` are (None: any key, any value), for
    `_structure_clean`, which has no paths to compare with them."""
    shape = dict(_template(version))
    for free in _FREE_KEYS:
        section, _dot, name = free.rpartition(".")
        shape[section] = {**shape[section], name: None}
    return shape


_WALKED = (str, list, dict)  # what may hold a problem: numbers, booleans and null never do
_SCALARS = frozenset((int, float, bool, type(None)))


def _numbers_only(data: list[Any]) -> bool:
    """True for a list of numbers (booleans, nulls), of lists of them, or of lists of those."""
    for _depth in range(3):
        if numbers_only(data):
            return True
        types = set(map(type, data))
        if types <= _SCALARS:
            return True
        if types != {list}:
            return False
        data = list(chain.from_iterable(data))
    return False


def _structure_clean(data: Any, shape: Any) -> bool:
    """True when `_structure_problems` would find nothing: the same walk without naming any
    path (a valid file, nearly every file, would otherwise format a path for each value)."""
    if isinstance(data, str):
        return _is_unicode(data)
    if isinstance(data, list):
        if _numbers_only(data):  # a signature's strokes: a few passes in C, not a step a point
            return True
        element = shape[0] if isinstance(shape, list) and shape else None
        for value in data:
            if type(value) is list and _SCALARS.issuperset(map(type, value)):
                continue  # numbers only (a point): one call in C, not a step each
            if isinstance(value, _WALKED) and not _structure_clean(value, element):
                return False
    elif isinstance(data, dict):
        if not isinstance(shape, dict):  # any key, any value
            if not all(map(_is_unicode, data)):
                return False
            shape = dict.fromkeys(data)
        elif not data.keys() <= shape.keys():  # (the template's own keys are all ASCII)
            return False
        for key, value in data.items():
            if isinstance(value, _WALKED) and not _structure_clean(value, shape[key]):
                return False
    return True


def _structure_problems(data: Any, template: Any, path: str) -> list[Problem]:
    """Unknown keys (they would be lost on import, so they are refused) and broken text."""
    found: list[Problem] = []
    if isinstance(data, str):
        if not _is_unicode(data):
            found.append(Problem(path, _("contains characters that are not valid Unicode")))
    elif isinstance(data, list):
        element = template[0] if isinstance(template, list) and template else None
        for index, value in enumerate(data):
            found += _structure_problems(value, element, f"{path}[{index}]")
    elif isinstance(data, dict):
        for key, value in data.items():
            shown = key if key else '""'  # an empty key still names a field
            where = f"{path}.{shown}" if path else shown
            if not _is_unicode(key):
                found.append(Problem(path or "(file)",
                                     _("contains characters that are not valid Unicode")))
            elif path in _FREE_KEYS:
                found += _structure_problems(value, None, where)
            elif isinstance(template, dict) and key not in template:
                found.append(Problem(where, _("unknown key")))
            else:
                found += _structure_problems(
                    value, template.get(key) if isinstance(template, dict) else None, where)
    return found


class _Parser:
    """Reads a decoded document field by field, collecting every problem instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def section(self, data: dict[str, Any], key: str, path: str | None = None) -> dict[str, Any]:
        value = data.get(key, {})
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path or key, _("must be an object"))
            return {}
        return value

    def text(self, data: dict[str, Any], key: str, path: str) -> str:
        value = data.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(path, _("must be text"))
            return ""
        return _CLEANERS.get(key, clean_text)(value)  # clean_field, a call less for every text

    def boolean(self, data: dict[str, Any], key: str, path: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problem(path, _("must be true or false"))
            return False
        return value

    def amount(self, data: dict[str, Any], key: str, path: str) -> int | None:
        value = data.get(key)
        try:
            return parse_amount(value)
        except (ValueError, TypeError):
            self.problem(path, _("must be a whole number of 0 or more"))
            return None

    def day(self, data: dict[str, Any], key: str, path: str) -> date | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        try:
            day = date.fromisoformat(clean_code(value)) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None:
            self.problem(path, _("must be a date written as YYYY-MM-DD"))
        elif not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.problem(path, _("must be between {first} and {last}")
                         .format(first=FIRST_YEAR, last=LAST_YEAR))
            day = None
        return day

    def moment(self, data: dict[str, Any], key: str, path: str) -> datetime | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None:
            self.problem(path, _("must be a date and time in ISO 8601"))
            return None
        if moment.tzinfo is None:
            self.problem(path, _("must include a time zone"))
            return None
        try:
            year = moment.astimezone(UTC).year
        except OverflowError:  # 0001-01-01T00:00+14:00 is before the year 1 in UTC
            year = 0
        if not FIRST_YEAR <= year <= LAST_YEAR:
            self.problem(path, _("must be between {first} and {last}")
                         .format(first=FIRST_YEAR, last=LAST_YEAR))
            return None
        return moment

    def keys(self, data: dict[str, Any], key: str, path: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, _("must be a list of item letters"))
            return []
        if len(value) > MAX_KEYS:
            self.problem(path, _("has more than {limit} entries").format(limit=MAX_KEYS))
            return []
        return [clean_text(v) for v in value]

    def intent(self, data: dict[str, Any], path: str) -> Intent:
        return Intent(
            liability_events=self.keys(data, "liability_events", f"{path}.liability_events"),
            expense_items=self.keys(data, "expense_items", f"{path}.expense_items"),
            other_wishes=self.text(data, "other_wishes", f"{path}.other_wishes"),
            captured_at=self.moment(data, "captured_at", f"{path}.captured_at"),
        )


    def answer(self, data: dict[str, Any], key: str, path: str) -> bool | None:
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            self.problem(path, _("must be true, false or null"))
            return None
        return value

    def texts(self, data: dict[str, Any], key: str, path: str, limit: int) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, _("must be a list of texts"))
            return []
        if len(value) > limit:
            self.problem(path, _("has more than {limit} entries").format(limit=limit))
            return []
        return [clean_text(v) for v in value]

    def objects(self, data: dict[str, Any], key: str, path: str,
                limit: int) -> list[tuple[str, dict[str, Any]]]:
        """The objects of list `key`, each with its path (problems for what is not one)."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.problem(path, _("must be a list"))
            return []
        if len(value) > limit:
            self.problem(path, _("has more than {limit} entries").format(limit=limit))
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{path}[{index}]", item))
            else:
                self.problem(f"{path}[{index}]", _("must be an object"))
        return found

    def contact_record(self, data: dict[str, Any]) -> ContactRecord:
        path = "contact_record"
        method = self.text(data, "method", f"{path}.method")
        if method and method not in CONTACT_METHODS:
            self.problem(f"{path}.method", _("must be one of {choices}")
                         .format(choices=", ".join(CONTACT_METHODS)))
            method = ""
        return ContactRecord(
            method=method,
            place=self.text(data, "place", f"{path}.place"),
            attendees=self.texts(data, "attendees", f"{path}.attendees", MAX_ATTENDEES),
            documents=[ShownDocument(self.text(item, "title", f"{where}.title"),
                                     self.text(item, "edition", f"{where}.edition"))
                       for where, item in self.objects(data, "documents", f"{path}.documents",
                                                       MAX_DOCUMENTS)],
        )

    def substitutes(self, data: dict[str, Any]) -> list[NameSubstitute]:
        found = []
        for where, item in self.objects(data, "name_substitutes", "name_substitutes",
                                        MAX_SUBSTITUTES):
            accepted = self.moment(item, "accepted_at", f"{where}.accepted_at")
            if accepted is None and f"{where}.accepted_at" not in {p.field for p in self.problems}:
                self.problem(f"{where}.accepted_at", _("required key is missing"))
            # Stored exactly as accepted: the comparison with the field must not be normalised away.
            texts = [item.get(key, "") for key in ("field", "stored", "printed")]
            if not all(isinstance(text, str) for text in texts):
                self.problem(where, _("must be text"))
            elif accepted is not None:
                found.append(NameSubstitute(field=texts[0], stored=texts[1], printed=texts[2],
                                            accepted_at=accepted))
        return found



def _number(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def _point_problem(point: Any) -> str | None:
    """Why `point` is not [x, y], [x, y, pressure] or [x, y, pressure, t_ms] in the box."""
    if not isinstance(point, list) or not 2 <= len(point) <= 4 or not all(map(_number, point)):
        return _("each point must be [x, y], [x, y, pressure] or [x, y, pressure, t_ms]")
    width, height = SIGNATURE_BOX
    if not (0 <= point[0] <= width and 0 <= point[1] <= height):
        return _("a point lies outside the box {width}×{height}").format(width=width, height=height)
    if len(point) > 2 and not 0 <= point[2] <= 1:
        return _("a pressure must be from 0 to 1")
    if len(point) > 3 and not 0 <= point[3] <= MAX_T_MS:
        return _("a point's time must be from 0 to {limit} ms").format(limit=MAX_T_MS)
    return None


_NUMBERS = frozenset((int, float))  # exactly: true and false are not coordinates


def _points_fine(stroke: list[Any]) -> bool:
    """True when `_point_problem` finds nothing in `stroke` (or in a whole signature's points),
    found a coordinate at a time for all its points (a signature has thousands); False when they
    are to be checked one by one."""
    if not {list}.issuperset(map(type, stroke)):
        return False
    lengths = set(map(len, stroke))
    if not lengths <= {2, 3, 4}:
        return False
    values = list(chain.from_iterable(stroke))
    try:  # the sum is not finite when one value is not (or when it overflows: then one by one)
        if not _NUMBERS.issuperset(map(type, values)) or not math.isfinite(sum(values)):
            return False
    except OverflowError:  # an integer beyond a float's range
        return False
    width, height = SIGNATURE_BOX
    if len(lengths) == 1:  # as a pad writes them: each coordinate a slice of the values
        (size,) = lengths
        return (_spans(values[0::size], 0, width) and _spans(values[1::size], 0, height)
                and (size < 3 or _spans(values[2::size], 0, 1))
                and (size < 4 or _spans(values[3::size], 0, MAX_T_MS)))
    return (_spans([point[0] for point in stroke], 0, width)
            and _spans([point[1] for point in stroke], 0, height)
            and _spans([point[2] for point in stroke if len(point) > 2], 0, 1)
            and _spans([point[3] for point in stroke if len(point) > 3], 0, MAX_T_MS))


def _spans(values: list[Any], low: float, high: float) -> bool:
    """Every one of `values` (finite numbers) from `low` to `high`; true of none."""
    return not values or (low <= min(values) and max(values) <= high)


def check_strokes(value: Any, path: str) -> tuple[list[list[tuple[float, ...]]], list[Problem]]:
    """The strokes of a signature within every limit (docs/limits.md), or [] and the first
    problem: a file's and a pad's strokes pass the same check."""
    def refused(message: str, where: str = path) -> tuple[list[list[tuple[float, ...]]], list[Problem]]:
        return [], [Problem(where, message)]

    if not isinstance(value, list) or not all(isinstance(stroke, list) for stroke in value):
        return refused(_("must be a list of strokes, each a list of points"))
    if not value or len(value) > MAX_STROKES:
        return refused(_("must have from 1 to {limit} strokes").format(limit=MAX_STROKES))
    if any(not stroke or len(stroke) > MAX_STROKE_POINTS for stroke in value):
        return refused(_("each stroke must have from 1 to {limit} points")
                       .format(limit=MAX_STROKE_POINTS))
    if sum(map(len, value)) > MAX_POINTS:
        return refused(_("has more than {limit} points").format(limit=MAX_POINTS))
    # Every point at once (as a pad writes them); only when that fails, stroke by stroke, to
    # name the first point in error.
    faulty = [] if _points_fine(list(chain.from_iterable(value))) else enumerate(value)
    for index, stroke in faulty:
        if _points_fine(stroke):
            continue
        for point in stroke:
            if (reason := _point_problem(point)) is not None:
                return refused(reason, f"{path}[{index}]")
    return [list(map(tuple, stroke)) for stroke in value], []


def _signature(p: _Parser, data: Any, path: str) -> Signature | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        p.problem(path, _("must be an object or null"))
        return None
    for key in data.keys() - _SIGNATURE_KEYS:
        p.problem(f"{path}.{key}", _("unknown key"))
    if data.get("box") != list(SIGNATURE_BOX):
        p.problem(f"{path}.box", _("must be [{width}, {height}]").format(
            width=SIGNATURE_BOX[0], height=SIGNATURE_BOX[1]))
    digest = data.get("content_sha256")
    if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
        p.problem(f"{path}.content_sha256", _("must be a SHA-256 in 64 lowercase hex digits"))
        digest = ""
    fingerprint = data.get("key_fingerprint")
    if not isinstance(fingerprint, str) or not _FINGERPRINT.fullmatch(fingerprint):
        p.problem(f"{path}.key_fingerprint", _("must be a key fingerprint (XXXX-XXXX-…)"))
        fingerprint = ""
    signed_at = p.moment(data, "signed_at", f"{path}.signed_at")
    if signed_at is None and data.get("signed_at") in (None, ""):
        p.problem(f"{path}.signed_at", _("required key is missing"))
    name = p.text(data, "signer_name", f"{path}.signer_name")
    if len(name) > MAX_SIGNER_NAME:
        p.problem(f"{path}.signer_name", _("Too long: at most {limit} characters.")
                  .format(limit=MAX_SIGNER_NAME))
    strokes, problems = check_strokes(data.get("strokes"), f"{path}.strokes")
    p.problems += problems
    return Signature(signer_name=name, strokes=strokes,
                     content_sha256=digest, signed_at=signed_at, key_fingerprint=fingerprint)


def _signatures(p: _Parser, data: dict[str, Any]) -> Signatures:
    section = p.section(data, "signatures")
    return Signatures(customer=_signature(p, section.get("customer"), "signatures.customer"),
                      agent=_signature(p, section.get("agent"), "signatures.agent"),
                      paper=p.boolean(section, "paper", "signatures.paper"))


@cache
def _fields_at(cls: type[DataclassInstance], path: str) -> tuple[tuple[str, str], ...]:
    """(name, path) of each field of `cls` read at `path` (the same few, for every file)."""
    return tuple((f.name, f"{path}.{f.name}") for f in fields(cls))


def _dataclass_from(parser: _Parser, cls: type[T], data: dict[str, Any], path: str) -> T:
    values: dict[str, object] = {}
    for name, where in _fields_at(cls, path):
        if name in _AMOUNTS:
            values[name] = parser.amount(data, name, where)
        elif name in _DAYS:
            values[name] = parser.day(data, name, where)
        else:
            values[name] = parser.text(data, name, where)
    return cls(**values)


def _items(parser: _Parser, data: dict[str, Any]) -> ItemChecks:
    return ItemChecks(**{name: parser.answer(data, name, where)
                         for name, where in _fields_at(ItemChecks, "confirmation.items")})


def from_document(data: Any) -> Interview:
    """Build an interview from a decoded file; raises ProblemsError listing every problem."""
    p = _Parser()
    if not isinstance(data, dict):
        raise ProblemsError([Problem("(file)", _("must be a JSON object"))])
    version = data.get("version")
    shape_version = version if type(version) is int and version in READABLE_VERSIONS else VERSION
    if not _structure_clean(data, _shape(shape_version)):  # the paths only to name a problem
        p.problems += _structure_problems(data, _template(shape_version), "")
    if data.get("format") != FORMAT:
        p.problem("format", _("must be \"{format}\"").format(format=FORMAT))
    if not isinstance(version, int) or isinstance(version, bool) or version not in READABLE_VERSIONS:
        p.problem("version", _("unsupported version (this CyberDesk reads versions {versions})")
                  .format(versions=", ".join(map(str, READABLE_VERSIONS))))
    for key in FIXED_KEYS:
        section, _dot, name = key.rpartition(".")
        holder = data.get(section) if section else data
        if not isinstance(holder, dict) or (name or key) not in holder:
            p.problem(key, _("required key is missing"))

    interview_date = p.day(data, "interview_date", "interview_date")
    catalogue = p.section(data, "catalogue")
    confirmation = p.section(data, "confirmation")
    categories = data.get("business_categories", [])
    if not isinstance(categories, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in categories
    ):
        p.problem("business_categories", _("must be a list of numbers from 1 to 20"))
        categories = []
    elif len(categories) > MAX_KEYS:
        p.problem("business_categories", _("has more than {limit} entries").format(limit=MAX_KEYS))
        categories = []
    parties_data = data.get("insured_parties", [])
    if not isinstance(parties_data, list):
        p.problem("insured_parties", _("must be a list"))
        parties_data = []
    elif len(parties_data) > MAX_PARTIES:
        p.problem("insured_parties", _("has more than {limit} entries").format(limit=MAX_PARTIES))
        parties_data = []
    parties = []
    for index, party in enumerate(parties_data):
        where = f"insured_parties[{index}]"
        if not isinstance(party, dict):
            p.problem(where, _("must be an object"))
            continue
        parties.append(
            InsuredParty(
                name=p.text(party, "name", f"{where}.name"),
                role=p.text(party, "role", f"{where}.role"),
                note=p.text(party, "note", f"{where}.note"),
            )
        )
    plan = data.get("plan")
    if plan is not None and not isinstance(plan, str):
        p.problem("plan", _("must be a plan id such as \"basic\" or \"wide\""))
        plan = None
    explanations = confirmation.get("explanations", {})
    if not isinstance(explanations, dict) or not all(
        isinstance(v, str) for v in explanations.values()
    ):
        p.problem("confirmation.explanations", _("must map each difference to its explanation"))
        explanations = {}
    elif len(explanations) > MAX_EXPLANATIONS:
        p.problem("confirmation.explanations", _("has more than {limit} entries")
                  .format(limit=MAX_EXPLANATIONS))
        explanations = {}
    status_text = data.get("status", Status.DRAFT.value)
    try:
        status = Status(status_text)
    except ValueError:
        p.problem("status", _("must be one of draft, finalized, exported, synced"))
        status = Status.DRAFT
    revision = data.get("revision", 1)
    if not isinstance(revision, int) or isinstance(revision, bool) or not (
        1 <= revision <= MAX_REVISION
    ):
        p.problem("revision", _("must be a whole number from 1 to {maximum}")
                  .format(maximum=MAX_REVISION))
        revision = 1
    ids = {}
    for key in ("id", "lineage_id", "previous_id"):
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not _ID.fullmatch(value)):
            p.problem(key, _("must be an identifier of lowercase letters, digits and hyphens"))
            value = None
        ids[key] = value

    interview = Interview(
        id=ids["id"] or new_id(),  # a file without one gets a new id
        revision=revision,
        previous_id=ids["previous_id"],
        revision_reason=p.text(data, "revision_reason", "revision_reason"),
        status=status,
        catalogue_id=p.text(catalogue, "id", "catalogue.id"),
        catalogue_version=p.text(catalogue, "version", "catalogue.version"),
        agent=_dataclass_from(p, Agent, p.section(data, "agent"), "agent"),
        customer=_dataclass_from(p, Customer, p.section(data, "customer"), "customer"),
        initial_intent=p.intent(p.section(data, "initial_intent"), "initial_intent"),
        business_categories=list(categories),
        other_business_description=p.text(
            data, "other_business_description", "other_business_description"
        ),
        insured_parties=parties,
        plan=clean_text(plan or "") or None,  # "" or blanks: not chosen
        proposal_reason=p.text(data, "proposal_reason", "proposal_reason"),
        quote=_dataclass_from(p, Quote, p.section(data, "quote"), "quote"),
        confirmation=Confirmation(
            final=p.intent(p.section(confirmation, "final_intent", "confirmation.final_intent"),
                           "confirmation.final_intent"),
            explanations={k: clean_text(v) for k, v in explanations.items()},
            disclosure_handed_over=p.boolean(
                confirmation, "disclosure_handed_over", "confirmation.disclosure_handed_over"),
            disclosure_explained=p.boolean(
                confirmation, "disclosure_explained", "confirmation.disclosure_explained"),
            customer_confirmed=p.boolean(
                confirmation, "customer_confirmed", "confirmation.customer_confirmed"),
            confirmed_by=p.text(confirmation, "confirmed_by", "confirmation.confirmed_by"),
            confirmed_on=p.day(confirmation, "confirmed_on", "confirmation.confirmed_on"),
            items=_items(p, p.section(confirmation, "items", "confirmation.items")),
        ),
        contact_record=p.contact_record(p.section(data, "contact_record")),
        name_substitutes=p.substitutes(data),
        signatures=_signatures(p, data),
    )
    interview.lineage_id = ids["lineage_id"] or interview.id
    if interview_date:
        interview.interview_date = interview_date
    for key in ("created_at", "updated_at", "finalized_at"):
        moment = p.moment(data, key, key)
        if moment or key == "finalized_at":
            setattr(interview, key, moment)
    if interview.status.locked and interview.finalized_at is None and "finalized_at" not in {
            problem.field for problem in p.problems}:
        p.problem("finalized_at", _("a finalized interview records when it was finalized"))
    elif not interview.status.locked and interview.finalized_at is not None:
        p.problem("finalized_at", _("a draft has not been finalized"))
    if p.problems:
        raise ProblemsError(p.problems)
    return interview


def loads(text: str | bytes) -> Interview:
    """Parse the file's text; raises ProblemsError (invalid JSON, or beyond LIMITS, included).

    Bytes must be UTF-8 (json.loads would also guess UTF-16 and UTF-32); a byte-order mark,
    which Windows editors like to add, is allowed.
    """
    return loads_document(text)[0]


def loads_document(text: str | bytes) -> tuple[Interview, dict[str, Any]]:
    """`loads`, with the decoded JSON the interview was built from (never changed by it), for a
    caller that reads columns from it without parsing the text again."""
    try:
        data = load_json(text, LIMITS, measured=False)
        with _strokes_aside(data):
            measure(data, LIMITS)
    except JsonLimitError as error:
        raise ProblemsError([Problem("(file)", str(error))]) from None
    return from_document(data), data


@contextmanager
def _strokes_aside(data: Any) -> Iterator[None]:
    """The signatures' strokes set aside while the file's JSON limits are measured: from_document
    checks them whole with `check_strokes`, within tighter limits of their own (docs/limits.md:
    lists of lists of 2 to 4 numbers, never deeper), in a few passes in C, where the limits'
    walk over a signature's ~5,000 numbers took ~0.2 ms a file."""
    aside: list[tuple[dict[str, Any], Any]] = []
    signatures = data.get("signatures") if isinstance(data, dict) else None
    if isinstance(signatures, dict):
        for role in _ROLES:  # the two `_signatures` reads, strokes and all
            signature = signatures.get(role)
            if isinstance(signature, dict) and "strokes" in signature:
                aside.append((signature, signature["strokes"]))
                signature["strokes"] = None
    try:
        yield
    finally:
        for signature, strokes in aside:
            signature["strokes"] = strokes
