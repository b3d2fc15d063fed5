"""The product catalogue says what the insurer's page says, word for word, and the loader refuses
a broken catalogue file with a message naming the file and the key."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest

from cyberdesk.catalogue import CatalogueError, load_all, load_catalogue
from cyberdesk.resources import resource

CATALOGUE_FILE = resource("catalogue", "ms-cyberprotector-it_2026.1.json")
SEED = next(resource("catalogue").glob("seed-*.txt")).read_text(encoding="utf-8")
ECONOMY_FILE = Path(__file__).parent / "fixtures" / "catalogues" / "test-economy_2030.1.json"

# Keys that are the app's own bookkeeping, not product words; and the agency's own wording.
_NOT_PRODUCT_TEXT = re.compile(
    r"^(format|id|version|effective_from|source|plans\[\d+\]\.id|insured_scope\.roles\[\d+\]\.id"
    r"|incident_examples\[\d+\]\.id|compliance\..*"
    # The plans' English names are the app's, for the English screen (the seed is Japanese).
    r"|plans\[\d+\]\.(name_en|full_name_en)"
    # The seed shows the insured parties only as a picture; the role names come from the brief.
    r"|insured_scope\.roles\[\d+\]\.name)$"
)


def _strings(data, path=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, f"{path}[{index}]")
    elif isinstance(data, str):
        yield path, data


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(CATALOGUE_FILE)


# Word for word ---------------------------------------------------------------------------

_JAPANESE = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_GAP = re.compile(rf"(?<=[{_JAPANESE}]) +(?=[{_JAPANESE}])")


def without_gaps(text: str) -> str:
    """The web page left stray spaces inside Japanese words (「個人情 報」): the only
    difference the comparison forgives is a space between two Japanese characters."""
    return _GAP.sub("", text)


def test_every_product_text_is_a_verbatim_substring_of_the_seed(raw):
    seed = without_gaps(SEED)
    checked = 0
    for path, text in _strings(raw):
        if _NOT_PRODUCT_TEXT.match(path):
            continue
        assert text in seed, f"{path} is not the seed's wording: {text!r}"
        assert without_gaps(text) == text, f"{path} keeps a stray space: {text!r}"
        checked += 1
    assert checked > 100  # the walk really went through the whole file


@pytest.mark.parametrize(("torn", "whole"), [
    ("個人情 報", "個人情報"), ("A社に対して 損害賠償", "A社に対して損害賠償"),
    ("ソフトウェアプロダクト 開発・販売", "ソフトウェアプロダクト開発・販売"),
])
def test_the_stray_spaces_of_the_page_are_gone_and_nothing_else_is_forgiven(raw, torn, whole):
    assert torn in SEED
    texts = [text for _path, text in _strings(raw)]
    assert any(whole in text for text in texts)
    assert not any(torn in text for text in texts)
    # A space between Latin words or next to Latin letters is not forgiven.
    assert without_gaps("IT業務 特約") == "IT業務特約"
    assert without_gaps("IT 業務") == "IT 業務" and without_gaps("A B") == "A B"


def test_the_compliance_wording_is_its_own_versioned_section(raw, cat):
    assert set(raw["compliance"]) >= {"version", "disclaimer", "confirmations", "copies"}
    assert cat.compliance.version == raw["compliance"]["version"]
    assert cat.compliance.disclosure_document in cat.compliance.handed_over
    assert cat.compliance.copies == ("お客さま控", "代理店控")
    assert "重要事項説明書" in cat.compliance.disclaimer
    for _path, text in _strings(raw["compliance"]):
        assert text not in SEED  # the agency's words, never passed off as the insurer's


def test_items_events_and_categories_appear_as_the_seed_writes_them(cat):
    for event in cat.liability.events:
        assert f"{event.key}. {event.text}" in SEED
    for item in cat.expense.items:
        assert f"{item.key}. {item.name}" in SEED
    for category in cat.business_categories:
        assert f"{category.label}\n    {category.description}" in SEED
    assert cat.insured_scope.note in SEED
    assert cat.expense.note in SEED


def test_the_measure_periods_are_the_ones_the_seed_note_gives(cat):
    for plan in cat.plans:
        assert f"{plan.full_name}:{plan.measure_period}" in cat.expense.note
    assert cat.plan("basic").measure_period == "180日間"
    assert cat.plan("wide").measure_period == "1年間"


def test_twenty_business_types_in_order_and_only_the_last_needs_a_description(cat):
    numbers = [c.number for c in cat.business_categories]
    assert numbers == list(range(1, 21))
    assert [c.symbol for c in cat.business_categories] == [chr(0x2460 + n - 1) for n in numbers]
    assert [c.number for c in cat.business_categories if c.requires_description] == [20]
    assert cat.category(20).name == "その他"


def _seed_items_between(start: str, end: str) -> list[str]:
    block = SEED.split(start, 1)[1].split(end, 1)[0]
    return re.findall(r"• (\S)\. ", block)


def test_plan_coverage_follows_the_seed_table(cat):
    common = _seed_items_between("ベーシックワイド共通", "ワイドのみ")
    wide_only = _seed_items_between("ワイドのみ", "保険対象となる主なIT業務")
    assert common == list("アイウエオカ")
    assert wide_only == list("キクケコサ")
    assert cat.plan("basic").expense_items == tuple(common)
    assert cat.plan("wide").expense_items == tuple(common + wide_only)
    assert [p.name for p in cat.plans] == ["ベーシック", "ワイド"]
    assert [i.key for i in cat.expense.items] == common + wide_only
    assert [e.key for e in cat.liability.events] == list("アイウエオ")


def test_the_condition_on_liability_event_e_is_kept(cat):
    assert cat.liability_event("エ").text.endswith("によって生じた侵害に限ります。")


EXPECTED_EXAMPLES = {
    "ec-sql-injection": (11,),
    "data-entry-stock-notice": (1,),
    "hardware-lan-server-setting": (4,),
    "van-line-fire": (7,),
    "isp-virus-outage": (8,),
    "asp-installer-deletion": (9,),
    "si-network-outage": (10,),
    "software-logistics-design": (11,),
    "product-defect-data-loss": (13,),
    "internet-portal-defamation": (15,),
    "internet-mall-price-error": (15,),
    "digital-content-copyright": (14,),
}


def test_every_incident_example_illustrates_the_right_business_type(cat):
    assert {e.id: e.categories for e in cat.incident_examples} == EXPECTED_EXAMPLES
    for example in cat.incident_examples:
        if example.id == "ec-sql-injection":
            continue
        # The seed heads each example with (a shortened form of) the business type's name.
        label = re.sub(r"\s", "", example.label)
        name = cat.category(example.categories[0]).name
        assert label[:6] == name[:6], (example.id, label, name)


def test_incident_examples_keep_the_seed_order_and_the_court_case(cat):
    positions = [without_gaps(SEED).index(e.steps[0] if e.steps else e.text) for e in cat.incident_examples]
    assert positions == sorted(positions)
    case = cat.incident_examples[0]
    assert "SQLインジェクション" in case.label
    assert len(case.steps) == 4
    assert case.court.heading == "裁判所の判断"
    assert case.court.finding == "債務不履行"
    assert [e.id for e in cat.examples_for([15])] == [
        "internet-portal-defamation", "internet-mall-price-error"]


# Refusals ---------------------------------------------------------------------------------

def _break(raw: dict, change) -> dict:
    broken = copy.deepcopy(raw)
    change(broken)
    return broken


def _del(path):
    def change(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        del data[last]
    return change


def _set(path, value):
    def change(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value
    return change


BROKEN = [
    ("missing plan key", _del(["plans", 0, "measure_period"]), "plans[0].measure_period"),
    ("missing section", _del(["liability"]), "liability"),
    ("wrong type of number", _set(["business_categories", 3, "number"], "4"),
     "business_categories[3].number"),
    ("a boolean is not a number", _set(["business_categories", 3, "number"], True),
     "business_categories[3].number"),
    ("wrong type of flag", _set(["business_categories", 19, "requires_description"], "yes"),
     "business_categories[19].requires_description"),
    ("empty text", _set(["liability", "events", 0, "text"], " "), "liability.events[0].text"),
    ("empty list", _set(["plans"], []), "plans"),
    ("unknown item in a plan", _set(["plans", 0, "expense_items"], ["ア", "ン"]),
     "plans[0].expense_items"),
    ("duplicate plan id", _set(["plans", 1, "id"], "basic"), "plans"),
    ("duplicate category", _set(["business_categories", 1, "number"], 1), "business_categories"),
    ("duplicate item", _set(["expense", "items", 1, "key"], "ア"), "expense.items"),
    ("duplicate example id", _set(["incident_examples", 1, "id"], "ec-sql-injection"),
     "incident_examples"),
    ("example naming an unknown type", _set(["incident_examples", 0, "categories"], [21]),
     "incident_examples[0].categories"),
    ("example naming no type", _set(["incident_examples", 0, "categories"], []),
     "incident_examples[0].categories"),
    ("example naming a boolean", _set(["incident_examples", 1, "categories"], [True]),
     "incident_examples[1].categories"),
    ("item twice in a plan", _set(["plans", 0, "expense_items"], ["ア", "ア"]),
     "plans[0].expense_items"),
    ("example without text", _del(["incident_examples", 1, "text"]), "incident_examples[1]"),
    ("not a catalogue", _set(["format"], "something.else"), "format"),
    ("a newer catalogue format", _set(["format_version"], 4), "format_version"),
    ("a placeholder that is not text", _set(["compliance", "approval_number"], 12),
     "compliance.approval_number"),
    ("empty placeholder (null says not set)", _set(["compliance", "dispute_body"], " "),
     "compliance.dispute_body"),
    ("no missing-value wording", _del(["compliance", "missing"]), "compliance.missing"),
    ("a format without the compliance section", _set(["format_version"], 1), "format_version"),
    ("no compliance section", _del(["compliance"]), "compliance"),
    ("empty compliance sentence", _set(["compliance", "disclaimer"], ""), "compliance.disclaimer"),
    ("no copies", _set(["compliance", "copies"], []), "compliance.copies"),
    ("confirmation missing", _del(["compliance", "confirmations", "explained"]),
     "compliance.confirmations.explained"),
    ("date not ISO", _set(["effective_from"], "2026/04/01"), "effective_from"),
    ("steps not texts", _set(["incident_examples", 0, "steps"], ["①", 3]),
     "incident_examples[0].steps[1]"),
]


@pytest.mark.parametrize(("change", "key"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_catalogue_is_refused_naming_file_and_key(tmp_path, raw, change, key):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(_break(raw, change), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert re.search(r"[ぁ-んァ-ン一-龯]", message), "the reason is in Japanese"


@pytest.mark.parametrize("content", [b"{", b"\xff\xfe not utf-8", b""], ids=["json", "utf8", "empty"])
def test_a_file_that_is_not_json_is_refused_naming_the_file(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CatalogueError, match=re.escape(str(path)) + ": 正しい (JSON|UTF-8) ではありません"):
        load_catalogue(path)


def test_a_missing_file_is_refused_naming_it(tmp_path):
    with pytest.raises(CatalogueError, match=re.escape(str(tmp_path / "none.json"))):
        load_catalogue(tmp_path / "none.json")


def test_broken_and_duplicate_files_are_set_aside_not_used(tmp_path):
    (tmp_path / "a_broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "b_copy.json").write_bytes(CATALOGUE_FILE.read_bytes())
    found = load_all([resource("catalogue"), tmp_path, tmp_path / "absent"])
    assert [c.key for c in found.catalogues] == [("ms-cyberprotector-it", "2026.1")]
    assert len(found.refused) == 2
    assert "a_broken.json" in str(found.refused[0])
    assert "b_copy.json" in str(found.refused[1])


def test_the_catalogue_in_force_is_the_newest_one_effective_on_the_day(tmp_path):
    (tmp_path / ECONOMY_FILE.name).write_bytes(ECONOMY_FILE.read_bytes())
    found = load_all([resource("catalogue"), tmp_path])
    assert found.current(date(2026, 11, 25)).id == "ms-cyberprotector-it"
    assert found.current(date(2030, 5, 1)).id == "test-economy"
    assert found.current(date(2000, 1, 1)).id == "test-economy"  # none in force yet: the newest
    with pytest.raises(CatalogueError):
        load_all([tmp_path / "absent"]).current()


def test_a_third_plan_is_only_data(tmp_path):
    economy = load_catalogue(ECONOMY_FILE)
    plan = economy.plan("economy")
    assert (plan.name, plan.measure_period, plan.expense_items) == ("エコノミー", "90日間",
                                                                    ("ア", "イ", "シ"))
    assert [p.id for p in economy.plans_covering("シ")] == ["economy"]
    assert economy.expense_item("シ").name == "テスト用データ削除証明費用"


def test_what_the_seed_lacks_is_an_explicit_placeholder_never_a_value(catalogue):
    """The approval number, the insurer's contact, the dispute-resolution body and the exclusions
    are not on the insurer's page: null in the file (head office fills them in a later version),
    and the printed record says they are missing (tests/test_pdf_record.py)."""
    words = catalogue.compliance
    assert (words.approval_number, words.insurer_contact, words.dispute_body, words.exclusions) == (
        None, None, None, None)
    assert "重要事項説明書" in words.exclusions_pointer and words.missing


def test_a_format_2_catalogue_still_loads_without_the_reviewer_fields():
    from interview_factory import ECONOMY_CATALOGUE

    economy = load_catalogue(ECONOMY_CATALOGUE)
    assert economy.compliance.approval_number is None and economy.compliance.missing == ""


def test_the_plans_have_english_names_for_the_english_screen():
    from cyberdesk.catalogue import installed, plan_name
    from cyberdesk.i18n import set_language

    catalogue = installed().current()
    try:
        set_language("en")
        assert [p.shown_full_name for p in catalogue.plans] == ["Basic plan", "Wide plan"]
        assert plan_name(catalogue.id, catalogue.version, "wide") == "Wide"
    finally:
        set_language("ja")
    assert plan_name(catalogue.id, catalogue.version, "wide") == "ワイド"
