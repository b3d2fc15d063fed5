"""The product catalogue: every product fact, loaded from versioned data files, never from code.

A catalogue file (`resources/catalogue/*.json`, or the user's `catalogues/` folder for versions
head office distributes later) holds the business types ①–⑳, the liability events, the expense
items, the plans and which items each covers, the insured-scope note and the incident examples,
all in the insurer's own words. A new plan or a renamed item is a new file, not a code change.

Apart from those facts, its `compliance` section holds the agency's own wording for the printed
record (the greeting, the disclosure statements, the disclaimer, the draft notice...), with a
version of its own, so head office can change a sentence without a release. Nothing the summary
prints as a sentence comes from anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from cyberdesk.clock import today
from cyberdesk.files.inputs import InputFileError, read_bounded
from cyberdesk.files.paths import user_catalogue_dir
from cyberdesk.files.safejson import JsonLimitError, Limits
from cyberdesk.files.safejson import loads as load_json
from cyberdesk.i18n import _, current_language
from cyberdesk.resources import resource

T = TypeVar("T")

FORMAT = "cyberdesk.catalogue"
FORMAT_VERSION = 3  # 2: the compliance section; 3: what a reviewer looks for (below)
READABLE_FORMAT_VERSIONS = (2, 3)


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names the file and the key."""


class BusinessCategory(NamedTuple):
    number: int
    symbol: str
    name: str
    description: str
    requires_description: bool = False

    @property
    def label(self) -> str:
        """As the seed writes it: ①受託計算・データ入力."""
        return f"{self.symbol}{self.name}"


class LiabilityEvent(NamedTuple):
    key: str
    text: str


class ExpenseItem(NamedTuple):
    key: str
    name: str


class Plan(NamedTuple):
    id: str
    name: str
    full_name: str
    measure_period: str
    expense_items: tuple[str, ...]
    name_en: str = ""  # the English names, optional: the Japanese ones are shown without them
    full_name_en: str = ""

    def covers(self, item_key: str) -> bool:
        return item_key in self.expense_items

    @property
    def shown_name(self) -> str:
        """「ワイド」, or "Wide" while the app speaks English (where the catalogue has it)."""
        return self.name_en if self.name_en and current_language() == "en" else self.name

    @property
    def shown_full_name(self) -> str:
        return self.full_name_en if self.full_name_en and current_language() == "en" else self.full_name


class InsuredRole(NamedTuple):
    id: str
    name: str
    conditional: bool


class CourtJudgement(NamedTuple):
    heading: str
    finding: str
    reason: str


class IncidentExample(NamedTuple):
    id: str
    label: str
    categories: tuple[int, ...]
    text: str = ""
    steps: tuple[str, ...] = ()
    court: CourtJudgement | None = None


class Product(NamedTuple):
    insurer: str
    name: str
    rider: str
    rider_scope: str
    intro: tuple[str, ...]
    summary: str


class Liability(NamedTuple):
    number: str
    title: str
    lead: str
    event_group: str
    event_lead: str
    events: tuple[LiabilityEvent, ...]


class Expense(NamedTuple):
    number: str
    title: str
    lead: str
    note: str
    event_group: str
    items: tuple[ExpenseItem, ...]


class InsuredScope(NamedTuple):
    title: str
    note: str
    roles: tuple[InsuredRole, ...]


class Compliance(NamedTuple):
    """The agency's wording on the printed record (not the insurer's: kept apart, versioned)."""

    version: str
    greeting: str
    disclosure_document: str
    handed_over: str
    explained: str
    customer_confirmed: str
    tick_by_hand: str
    disclaimer: str
    agent_statement: str
    draft_notice: str
    business_instruction: str
    examples_intro: str
    same_wishes: str
    copies: tuple[str, ...]  # one labelled copy each, e.g. お客さま控, 代理店控
    # Format 3: what an agency-management reviewer looks for. A value the insurer's page does not
    # give is null in the file — a placeholder head office fills in the version it distributes —
    # and the printed record then says it is missing (`missing`) instead of inventing it.
    approval_number: str | None = None  # 募集文書の承認番号
    insurer_contact: str | None = None  # the insurer's contact for the customer
    dispute_body: str | None = None  # 指定紛争解決機関
    exclusions: tuple[str, ...] | None = None  # 保険金をお支払いできない主な場合
    exclusions_pointer: str = ""  # where they are when the catalogue has none (the 重要事項説明書)
    missing: str = ""  # printed in place of a placeholder nobody filled


class Catalogue(NamedTuple):
    id: str
    version: str
    effective_from: date
    path: Path
    product: Product
    liability: Liability
    expense: Expense
    plans: tuple[Plan, ...]
    insured_scope: InsuredScope
    business_categories: tuple[BusinessCategory, ...]
    incident_examples_title: str
    incident_examples: tuple[IncidentExample, ...]
    compliance: Compliance

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    def plan(self, plan_id: str | None) -> Plan | None:
        return next((p for p in self.plans if p.id == plan_id), None)

    def category(self, number: int) -> BusinessCategory | None:
        return next((c for c in self.business_categories if c.number == number), None)

    def expense_item(self, key: str) -> ExpenseItem | None:
        return next((i for i in self.expense.items if i.key == key), None)

    def liability_event(self, key: str) -> LiabilityEvent | None:
        return next((e for e in self.liability.events if e.key == key), None)

    def role(self, role_id: str) -> InsuredRole | None:
        return next((r for r in self.insured_scope.roles if r.id == role_id), None)

    def plans_covering(self, item_key: str) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans if p.covers(item_key))

    def examples_for(self, numbers: Iterable[int]) -> tuple[IncidentExample, ...]:
        """The incident examples that illustrate any of the given business types, in catalogue order."""
        chosen = set(numbers)
        return tuple(e for e in self.incident_examples if chosen.intersection(e.categories))


class _Reader:
    """Reads one catalogue file, naming the file and the key path in every refusal."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> CatalogueError:
        return CatalogueError(
            _("{file}: {key}: {problem}").format(file=self.path, key=key, problem=problem)
        )

    def get(self, data: Any, key: str, kind: type[T], where: str) -> T:
        full = f"{where}.{key}" if where else key
        if not isinstance(data, dict) or key not in data:
            raise self.fail(full, _("missing"))
        value = data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(full, _("wrong type"))
        if isinstance(value, str) and not value.strip():
            raise self.fail(full, _("empty text"))
        return value

    def text(self, data: Any, key: str, where: str) -> str:
        return self.get(data, key, str, where)

    def texts(self, data: Any, key: str, where: str) -> tuple[str, ...]:
        values = self.get(data, key, list, where)
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"{where}.{key}[{index}]", _("empty text"))
        return tuple(values)

    def items(self, data: Any, key: str, where: str) -> list[tuple[str, dict[str, Any]]]:
        values = self.get(data, key, list, where)
        if not values:
            raise self.fail(f"{where}.{key}" if where else key, _("empty list"))
        path = f"{where}.{key}" if where else key
        return [(f"{path}[{index}]", value) for index, value in enumerate(values)]


def _unique(reader: _Reader, where: str, keys: list[Any]) -> None:
    seen: set[Any] = set()
    for key in keys:
        if key in seen:
            raise reader.fail(where, _("duplicate entry {value}").format(value=key))
        seen.add(key)


def parse_catalogue(data: Any, path: Path) -> Catalogue:
    """Check and build a catalogue from the decoded JSON of `path`."""
    r = _Reader(path)
    if r.get(data, "format", str, "") != FORMAT:
        raise r.fail("format", _("not a CyberDesk catalogue"))
    format_version = r.get(data, "format_version", int, "")
    if format_version not in READABLE_FORMAT_VERSIONS:
        raise r.fail("format_version", _("made for another version of CyberDesk"))
    try:
        effective = date.fromisoformat(r.text(data, "effective_from", ""))
    except ValueError:
        raise r.fail("effective_from", _("not an ISO date")) from None

    p = r.get(data, "product", dict, "")
    product = Product(
        insurer=r.text(p, "insurer", "product"),
        name=r.text(p, "name", "product"),
        rider=r.text(p, "rider", "product"),
        rider_scope=r.text(p, "rider_scope", "product"),
        intro=r.texts(p, "intro", "product"),
        summary=r.text(p, "summary", "product"),
    )
    li = r.get(data, "liability", dict, "")
    events = tuple(
        LiabilityEvent(key=r.text(e, "key", w), text=r.text(e, "text", w))
        for w, e in r.items(li, "events", "liability")
    )
    _unique(r, "liability.events", [e.key for e in events])
    liability = Liability(
        number=r.text(li, "number", "liability"),
        title=r.text(li, "title", "liability"),
        lead=r.text(li, "lead", "liability"),
        event_group=r.text(li, "event_group", "liability"),
        event_lead=r.text(li, "event_lead", "liability"),
        events=events,
    )
    ex = r.get(data, "expense", dict, "")
    items = tuple(
        ExpenseItem(key=r.text(i, "key", w), name=r.text(i, "name", w))
        for w, i in r.items(ex, "items", "expense")
    )
    _unique(r, "expense.items", [i.key for i in items])
    expense = Expense(
        number=r.text(ex, "number", "expense"),
        title=r.text(ex, "title", "expense"),
        lead=r.text(ex, "lead", "expense"),
        note=r.text(ex, "note", "expense"),
        event_group=r.text(ex, "event_group", "expense"),
        items=items,
    )
    item_keys = {i.key for i in items}
    plans = []
    for w, pl in r.items(data, "plans", ""):
        covered = r.texts(pl, "expense_items", w)
        _unique(r, f"{w}.expense_items", list(covered))
        for key in covered:
            if key not in item_keys:
                raise r.fail(f"{w}.expense_items", _("unknown expense item {value}").format(value=key))
        plans.append(
            Plan(
                id=r.text(pl, "id", w),
                name=r.text(pl, "name", w),
                full_name=r.text(pl, "full_name", w),
                measure_period=r.text(pl, "measure_period", w),
                expense_items=covered,
                name_en=r.text(pl, "name_en", w) if "name_en" in pl else "",
                full_name_en=r.text(pl, "full_name_en", w) if "full_name_en" in pl else "",
            )
        )
    _unique(r, "plans", [pl.id for pl in plans])
    sc = r.get(data, "insured_scope", dict, "")
    roles = tuple(
        InsuredRole(
            id=r.text(ro, "id", w), name=r.text(ro, "name", w),
            conditional=r.get(ro, "conditional", bool, w),
        )
        for w, ro in r.items(sc, "roles", "insured_scope")
    )
    _unique(r, "insured_scope.roles", [ro.id for ro in roles])
    scope = InsuredScope(
        title=r.text(sc, "title", "insured_scope"), note=r.text(sc, "note", "insured_scope"),
        roles=roles,
    )
    categories = []
    for w, c in r.items(data, "business_categories", ""):
        number = r.get(c, "number", int, w)
        requires = c.get("requires_description", False)
        if not isinstance(requires, bool):
            raise r.fail(f"{w}.requires_description", _("wrong type"))
        categories.append(
            BusinessCategory(
                number=number, symbol=r.text(c, "symbol", w), name=r.text(c, "name", w),
                description=r.text(c, "description", w), requires_description=requires,
            )
        )
    _unique(r, "business_categories", [c.number for c in categories])
    numbers = {c.number for c in categories}
    examples = []
    for w, e in r.items(data, "incident_examples", ""):
        cats = r.get(e, "categories", list, w)
        if not cats or any(isinstance(n, bool) or n not in numbers for n in cats):
            raise r.fail(f"{w}.categories", _("must name business types of this catalogue"))
        court = None
        if "court" in e:
            c = r.get(e, "court", dict, w)
            court = CourtJudgement(
                heading=r.text(c, "heading", f"{w}.court"),
                finding=r.text(c, "finding", f"{w}.court"),
                reason=r.text(c, "reason", f"{w}.court"),
            )
        text = r.text(e, "text", w) if "text" in e else ""
        steps = r.texts(e, "steps", w) if "steps" in e else ()
        if not text and not steps:
            raise r.fail(w, _("an incident example needs a text or steps"))
        examples.append(
            IncidentExample(
                id=r.text(e, "id", w), label=r.text(e, "label", w), categories=tuple(cats),
                text=text, steps=steps, court=court,
            )
        )
    _unique(r, "incident_examples", [e.id for e in examples])
    return Catalogue(
        id=r.text(data, "id", ""),
        version=r.text(data, "version", ""),
        effective_from=effective,
        path=path,
        product=product,
        liability=liability,
        expense=expense,
        plans=tuple(plans),
        insured_scope=scope,
        business_categories=tuple(categories),
        incident_examples_title=r.text(data, "incident_examples_title", ""),
        incident_examples=tuple(examples),
        compliance=_compliance(r, r.get(data, "compliance", dict, ""), format_version),
    )


def _placeholder(r: _Reader, data: dict[str, Any], key: str, where: str) -> str | None:
    """A text head office may not have filled yet: null (present, explicitly) or a text."""
    if key in data and data[key] is None:
        return None
    return r.text(data, key, where)


def _compliance(r: _Reader, data: dict[str, Any], format_version: int = FORMAT_VERSION) -> Compliance:
    where = "compliance"
    reviewer: dict[str, Any] = {}
    if format_version >= 3:
        reviewer.update({key: _placeholder(r, data, key, where)
                         for key in ("approval_number", "insurer_contact", "dispute_body")})
        exclusions = data.get("exclusions", ...)
        reviewer["exclusions"] = None if exclusions is None else r.texts(data, "exclusions", where)
        reviewer.update({key: r.text(data, key, where) for key in ("exclusions_pointer", "missing")})
    confirmations = r.get(data, "confirmations", dict, where)
    inner = f"{where}.confirmations"
    copies = r.texts(data, "copies", where)
    if not copies:
        raise r.fail(f"{where}.copies", _("empty list"))
    texts: dict[str, Any] = {name: r.text(data, name, where) for name in (
        "version", "greeting", "disclosure_document", "tick_by_hand", "disclaimer",
        "agent_statement", "draft_notice", "business_instruction", "examples_intro",
        "same_wishes")}
    texts.update({name: r.text(confirmations, name, inner) for name in (
        "handed_over", "explained", "customer_confirmed")})
    return Compliance(**texts, copies=copies, **reviewer)


# Far beyond a real catalogue (18 KB, 4 levels, 20 entries per list): a file head office drops
# in that is deeper or larger is set aside like any broken one (docs/limits.md).
LIMITS = Limits(max_bytes=1024 * 1024, max_depth=12, max_items=1_000, max_digits=15)


def load_catalogue(path: Path) -> Catalogue:
    """Read and check one catalogue file."""
    path = Path(path)
    try:
        data = load_json(read_bounded(path, LIMITS.max_bytes), LIMITS)
    except (InputFileError, JsonLimitError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    return parse_catalogue(data, path)


def catalogue_dirs() -> list[Path]:
    """Bundled catalogues first, then the ones head office dropped into the data folder."""
    return [resource("catalogue"), user_catalogue_dir()]


class CatalogueSet(NamedTuple):
    """Every catalogue version this installation knows, and the files it had to refuse."""

    catalogues: tuple[Catalogue, ...]
    refused: tuple[CatalogueError, ...]

    def get(self, catalogue_id: str, version: str) -> Catalogue | None:
        return next((c for c in self.catalogues if c.key == (catalogue_id, version)), None)

    def current(self, on: date | None = None) -> Catalogue:
        """The newest catalogue in force on `on` (today by default) — what a new interview uses."""
        on = on or today()
        usable = [c for c in self.catalogues if c.effective_from <= on] or list(self.catalogues)
        if not usable:
            raise CatalogueError(_("No product catalogue is installed"))
        return max(usable, key=lambda c: (c.effective_from, c.version))


def load_all(dirs: Iterable[Path] | None = None) -> CatalogueSet:
    """Load every `*.json` catalogue; a broken file is set aside (and reported), never used."""
    found: list[Catalogue] = []
    refused: list[CatalogueError] = []
    for folder in dirs if dirs is not None else catalogue_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            try:
                catalogue = load_catalogue(path)
            except CatalogueError as error:
                refused.append(error)
                continue
            if any(c.key == catalogue.key for c in found):
                refused.append(
                    CatalogueError(
                        _("{file}: version {version} of {id} is already installed").format(
                            file=path, version=catalogue.version, id=catalogue.id
                        )
                    )
                )
                continue
            found.append(catalogue)
    return CatalogueSet(tuple(found), tuple(refused))


def plan_name(catalogue_id: str, version: str, plan: str) -> str:
    """The plan's name in the catalogue the interview was made with, in the language shown
    (its id if that catalogue is gone)."""
    catalogue = installed().get(catalogue_id, version)
    found = catalogue.plan(plan) if catalogue else None
    return found.shown_name if found else plan


@cache
def installed() -> CatalogueSet:
    """The catalogues of this installation, loaded once per process."""
    return load_all()
