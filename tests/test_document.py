"""The interview file: documented by a JSON Schema that every example and every exported file
meets, read back exactly, and refused — every problem at once, each naming its key — when wrong."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from interview_factory import BASIC, DRAFT, EXAMPLES, WIDE, document, interview

from cyberdesk.model.document import (
    FIXED_KEYS,
    VERSION,
    dumps,
    from_document,
    loads,
    to_document,
)
from cyberdesk.model.interview import ContactRecord, InsuredParty, Interview, ItemChecks
from cyberdesk.model.problems import ProblemsError

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "interview-format.schema.json"
FORMAT_DOC = SCHEMA_FILE.with_name("interview-format.md")


@pytest.fixture(scope="module")
def schema() -> jsonschema.Draft202012Validator:
    data = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data)


def schema_errors(validator, data) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("path", [BASIC, WIDE, DRAFT], ids=["basic", "wide", "draft"])
def test_examples_meet_the_schema(schema, path):
    assert schema_errors(schema, document(path)) == []


def test_exported_documents_meet_the_schema(schema):
    for iv in (interview(BASIC), interview(WIDE), interview(DRAFT), Interview()):
        assert schema_errors(schema, json.loads(dumps(iv))) == []


def test_the_schema_requires_the_fixed_keys_and_refuses_unknown_ones(schema):
    for key in FIXED_KEYS:
        data = document(BASIC)
        section, _dot, name = key.rpartition(".")
        del (data[section] if section else data)[name or key]
        assert schema_errors(schema, data), key
    data = document(BASIC)
    data["customer"]["fax"] = "03-0000-0000"
    assert schema_errors(schema, data)


def test_the_schema_and_the_reader_know_the_same_keys():
    """Every key the app writes is in the schema and in the format's documentation."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    documentation = FORMAT_DOC.read_text(encoding="utf-8")
    written = to_document(Interview(insured_parties=[InsuredParty()]))
    assert set(schema["properties"]) == set(written)
    for section in ("agent", "customer", "confirmation", "catalogue"):
        assert set(schema["properties"][section]["properties"]) == set(written[section]), section
    assert set(schema["$defs"]["intent"]["properties"]) == set(written["initial_intent"])
    for key, value in written.items():
        assert f"`{key}" in documentation, key
        if isinstance(value, dict) and key != "catalogue":
            for inner in value:
                assert inner in documentation, f"{key}.{inner}"


@pytest.mark.parametrize("path", [BASIC, WIDE, DRAFT], ids=["basic", "wide", "draft"])
def test_reading_and_writing_is_lossless(path):
    iv = interview(path)
    again = from_document(to_document(iv))
    assert again == iv
    assert dumps(again) == dumps(iv)


def test_a_complete_example_file_is_written_back_byte_for_byte():
    for path in (BASIC, WIDE):
        assert dumps(loads(path.read_bytes())) == path.read_text(encoding="utf-8")


def test_the_file_is_readable_utf8_json_with_a_format_marker():
    text = dumps(interview(BASIC))
    assert "株式会社さくらシステム開発" in text  # not \\u-escaped
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("cyberdesk.interview", VERSION)


def test_a_draft_without_ids_gets_new_ones():
    first, second = interview(DRAFT), interview(DRAFT)
    assert first.id != second.id
    assert first.lineage_id == first.id
    assert first.revision == 1 and first.status.value == "draft"


# Refusals ---------------------------------------------------------------------------------

def problem_fields(data) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        from_document(data)
    return [p.field for p in caught.value.problems]


def test_missing_fixed_keys_are_each_named():
    assert problem_fields({"format": "cyberdesk.interview", "version": 1}) == list(FIXED_KEYS)


def test_every_structural_problem_is_reported_at_once():
    data = document(WIDE)
    data["format"] = "something"
    data["version"] = 99
    data["interview_date"] = "25/11/2026"
    data["customer"]["company_name"] = 42
    data["customer"]["employees"] = "many"
    data["business_categories"] = ["11"]
    data["insured_parties"][1] = "株式会社ひかりテクノ"
    data["plan"] = 2
    data["status"] = "approved"
    data["revision"] = 0
    data["id"] = "NOT AN ID"
    data["initial_intent"]["captured_at"] = "2026-11-20T04:12:00"
    data["confirmation"]["disclosure_explained"] = "yes"
    data["confirmation"]["final_intent"] = ["ア"]
    data["confirmation"]["explanations"] = {"liability.added.エ": 1}
    assert sorted(problem_fields(data)) == sorted([
        "format", "version", "interview_date", "customer.company_name", "customer.employees",
        "business_categories", "insured_parties[1]", "plan", "status", "revision", "id",
        "initial_intent.captured_at", "confirmation.disclosure_explained",
        "confirmation.final_intent", "confirmation.explanations",
    ])


def test_unknown_keys_are_refused_since_they_would_be_lost():
    data = document(BASIC)
    data["plam"] = "wide"
    data["customer"]["fax"] = "03"
    data["insured_parties"][0]["share"] = 10
    data["confirmation"]["final_intent"]["mood"] = "good"
    assert problem_fields(data) == [
        "customer.fax", "insured_parties[0].share", "confirmation.final_intent.mood", "plam"]


def test_explanations_are_free_keys():
    data = document(BASIC)
    data["confirmation"]["explanations"]["anything.else"] = "説明"
    assert from_document(data).confirmation.explanations["anything.else"] == "説明"


def test_text_that_is_not_unicode_is_refused():
    data = document(BASIC)
    data["customer"]["address"] = "東京\ud800"
    data["confirmation"]["explanations"]["x\udfff"] = "説明"
    assert problem_fields(data) == ["customer.address", "confirmation.explanations"]


@pytest.mark.parametrize("value", ["", "ABC", "a b", "x" * 65, "-leading", 7])
def test_ids_are_lowercase_identifiers(value):
    data = document(BASIC)
    data["previous_id"] = value
    assert problem_fields(data) == ["previous_id"]


@pytest.mark.parametrize("content", [b"{", b"\xff\xfe", b"[1, 2]", b"null"])
def test_a_file_that_is_not_a_json_object_is_one_problem(content):
    with pytest.raises(ProblemsError) as caught:
        loads(content)
    assert [p.field for p in caught.value.problems] == ["(file)"]


def test_a_byte_order_mark_is_allowed_but_other_encodings_are_not():
    text = BASIC.read_text(encoding="utf-8")
    assert loads(b"\xef\xbb\xbf" + text.encode("utf-8")) == loads(text.encode("utf-8"))
    for encoding in ("utf-16", "utf-32", "shift_jis"):
        with pytest.raises(ProblemsError) as caught:
            loads(text.encode(encoding))
        assert [p.field for p in caught.value.problems] == ["(file)"]


V1 = Path(__file__).resolve().parent / "fixtures" / "v1"
V2 = Path(__file__).resolve().parent / "fixtures" / "v2"
_V3_ONLY = ("contact_record", "name_substitutes", "signatures")


def _without_quote_or_new_ids(iv: Interview) -> dict:
    data = _without_version_3(iv)
    del data["quote"]
    for key in ("id", "lineage_id", "created_at", "updated_at"):
        data.pop(key)
    return data


def _without_version_3(iv: Interview) -> dict:
    """The document less what version 3 added (the examples of version 3 fill some of it)."""
    data = to_document(iv)
    for key in _V3_ONLY:
        del data[key]
    del data["confirmation"]["items"]
    for key in ("registration_number", "authority"):
        del data["agent"][key]
    for key in ("deductible", "retroactive_date", "period_reason"):
        data["quote"].pop(key, None)
    return data


@pytest.mark.parametrize("name", ["interview-basic", "interview-wide", "draft-minimal"])
def test_version_1_files_of_the_first_release_import_unchanged_in_meaning(schema, name):
    """The examples as the first release shipped them (version 1): every key means what it
    meant, the quote is empty, and they are written back as the current version."""
    old = document(V1 / f"{name}.json")
    assert old["version"] == 1 and "quote" not in old
    assert schema_errors(schema, old) == []
    upgraded = from_document(old)
    assert upgraded.quote.is_empty()
    assert _without_quote_or_new_ids(upgraded) == _without_quote_or_new_ids(
        interview(EXAMPLES / f"{name}.json"))
    for key in FIXED_KEYS:
        section, _dot, field = key.rpartition(".")
        if section:
            assert to_document(upgraded)[section][field] == old[section][field], key
        else:
            assert to_document(upgraded)[key] == old[key], key
    assert json.loads(dumps(upgraded))["version"] == VERSION


@pytest.mark.parametrize("name", ["interview-basic", "interview-wide", "draft-minimal"])
def test_version_2_files_import_with_the_version_3_defaults_and_the_same_meaning(schema, name):
    """The examples as version 2 shipped them: every key means what it meant; what version 3
    added is at its default (no contact record, every item not asked, nothing accepted)."""
    old = document(V2 / f"{name}.json")
    assert old["version"] == 2 and "contact_record" not in old
    assert schema_errors(schema, old) == []
    upgraded = from_document(old)
    assert upgraded.contact_record == ContactRecord() and upgraded.name_substitutes == []
    assert upgraded.confirmation.items == ItemChecks()
    assert (upgraded.quote.deductible, upgraded.quote.retroactive_date) == (None, None)
    written = _without_version_3(upgraded)
    example = _without_version_3(interview(EXAMPLES / f"{name}.json"))
    if name == "draft-minimal":  # no ids in it: new ones are given on import
        for data in (written, example):
            for key in ("id", "lineage_id", "created_at", "updated_at"):
                data.pop(key)
    else:
        assert {k: v for k, v in written.items() if k != "version"} == {
            k: v for k, v in old.items() if k != "version"}
    assert written == example
    assert json.loads(dumps(upgraded))["version"] == VERSION
    old["contact_record"] = {"method": "phone"}  # a version 3 key in a version 2 file
    with pytest.raises(ProblemsError) as caught:
        from_document(old)
    assert [p.field for p in caught.value.problems] == ["contact_record"]


def test_a_version_1_file_with_a_quote_and_unknown_versions_are_refused(schema):
    old = document(V1 / "interview-basic.json")
    old["quote"] = document(BASIC)["quote"]
    with pytest.raises(ProblemsError) as caught:
        from_document(old)
    assert [p.field for p in caught.value.problems] == ["quote"]
    assert schema_errors(schema, old)
    for version in (VERSION + 1, 0, "2", 2.0, True, None):
        data = document(BASIC)
        data["version"] = version
        with pytest.raises(ProblemsError) as caught:
            from_document(data)
        assert [p.field for p in caught.value.problems] == ["version"], version


def test_the_quote_is_read_as_typed_and_written_back():
    data = document(BASIC)
    data["quote"].update(number="ＭＳ２６１１－００４２１８７", annual_premium="１８６，４２０",
                         period_start="２０２６-12-01")
    iv = from_document(data)
    assert (iv.quote.number, iv.quote.annual_premium) == ("MS2611-0042187", 186420)
    assert iv.quote.period_start.isoformat() == "2026-12-01"
    assert to_document(iv)["quote"] == document(BASIC)["quote"]


def test_a_file_may_start_with_one_byte_order_mark():
    """Windows editors save UTF-8 with a byte-order mark: one is skipped, as utf-8-sig does."""
    data = WIDE.read_bytes()
    assert loads(b"\xef\xbb\xbf" + data) == loads(data)
    with pytest.raises(ProblemsError):
        loads(b"\xef\xbb\xbf\xef\xbb\xbf" + data)  # a second one is text before the JSON


def test_a_file_without_an_id_gets_a_new_one_and_is_its_own_lineage():
    data = json.loads(WIDE.read_bytes())
    del data["id"], data["lineage_id"]
    first, second = loads(json.dumps(data)), loads(json.dumps(data))
    assert first.id != second.id and len(first.id) == 32
    assert first.lineage_id == first.id
