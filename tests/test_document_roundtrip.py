"""Import then export is lossless for any interview, hostile text included (emoji, control
characters, right-to-left marks, SQL, 10,000 characters): through the file format, through the
store, and through the real command line."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_document import SCHEMA_FILE

from cyberdesk.japanese.textnorm import clean_code, clean_email, clean_kana, clean_postal, clean_text
from cyberdesk.model.document import dumps, from_document, loads, to_document
from cyberdesk.model.interview import (
    Agent,
    Confirmation,
    Customer,
    InsuredParty,
    Intent,
    Interview,
    Quote,
    Status,
    new_id,
)
from cyberdesk.model.validation import FREE_TEXT
from cyberdesk.services.laptop import open_store

HOSTILE = (
    "😀👨‍👩‍👧‍👦🇯🇵 絵文字",
    "\x00\x01\x07\x1b[31mred\x7f\x9f",
    "\u202e\u200f\u200e\u061cمرحبا עברית",
    "'; DROP TABLE interviews; --",
    "\" OR 1=1 -- %_\\ \\u0000",
    "行1\r\n行2\t\u2028\u2029\ufeff",
    "①②③ Ａ　ｶﾅ ｶﾞ",
    "</script><b>&amp;</b>",
)
LONG = ("字" * FREE_TEXT, ("😀\u202eあ'; --" * 2000)[:FREE_TEXT])


def _texts(max_size: int, *extra: str) -> st.SearchStrategy[str]:
    """Text as the file format stores it (NFC, trimmed), hostile samples mixed in."""
    samples = [s for s in (*HOSTILE, *extra) if len(clean_text(s)) <= max_size]
    return st.one_of(st.text(max_size=max_size), st.sampled_from(samples)).map(clean_text)


SHORT = _texts(100)
FREE = _texts(FREE_TEXT, *LONG)
# The format's range (document.FIRST_YEAR..LAST_YEAR), whatever the time zone.
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1, 9), max_value=datetime(2099, 12, 31, 14),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=9))]))
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
IDS = st.from_regex(r"[0-9a-z][0-9a-z-]{0,63}", fullmatch=True)
EVENTS, ITEMS = "アイウエオ", "アイウエオカキクケコサ"


def _keys(letters: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(letters), unique=True)


def _intents(keys, texts) -> st.SearchStrategy[Intent]:
    return st.builds(Intent, liability_events=keys(EVENTS), expense_items=keys(ITEMS),
                     other_wishes=texts, captured_at=st.none() | MOMENTS)


@st.composite
def interviews(draw, consistent: bool) -> Interview:
    """Random interviews: `consistent` ones pass `validate`; the others only have the right shape."""
    if consistent:
        keys, text, kana = _keys, SHORT, _texts(100).map(clean_kana).filter(
            lambda s: not any("\u3400" <= ch <= "\u9fff" for ch in s))
        postal = st.just("") | st.from_regex(r"[0-9]{3}-[0-9]{4}", fullmatch=True)
        phone = st.just("") | st.from_regex(r"0[0-9]{1,4}-[0-9]{1,4}-[0-9]{4}", fullmatch=True)
        email = st.just("") | st.from_regex(r"[a-z0-9._+-]{1,20}@[a-z0-9-]{1,20}\.[a-z]{2,6}",
                                            fullmatch=True)
        code = st.text(alphabet="A0123456789-", max_size=20).map(clean_code)
        categories = draw(st.lists(st.integers(1, 20), unique=True))
        other = draw(FREE.filter(bool)) if 20 in categories else ""
        plan = draw(st.sampled_from([None, "basic", "wide"]))
        role = st.sampled_from(["", "sales", "subcontractor"])
        catalogue = ("ms-cyberprotector-it", "2026.1")
        amounts = (st.integers(0, 10**13 - 1), st.integers(1, 12), st.integers(0, 10**7 - 1))
    else:
        keys = lambda letters: st.lists(SHORT, max_size=40)  # noqa: E731 - any texts as item keys (LIMITS)
        text, kana = SHORT, _texts(200).map(clean_kana)
        phone = code = _texts(30).map(clean_code)
        postal = _texts(30).map(clean_postal)
        email = _texts(30).map(clean_email)
        categories = draw(st.lists(st.integers(-5, 10**15 - 1), max_size=40))  # LIMITS
        other = draw(FREE)
        plan = draw(st.none() | SHORT.filter(bool))
        role = SHORT
        catalogue = (draw(SHORT), draw(SHORT))
        amounts = (st.integers(0, 10**15 - 1),) * 3  # at most 15 digits (LIMITS)
    sales, month, employees = (draw(st.none() | a) for a in amounts)
    customer = Customer(
        company_name=draw(text), company_kana=draw(kana),
        representative_title=draw(text), representative_name=draw(text),
        postal_code=draw(postal), address=draw(text), contact_name=draw(text),
        contact_department=draw(text), contact_phone=draw(phone), contact_email=draw(email),
        annual_sales=sales, fiscal_month=month, employees=employees,
    )
    agent = Agent(agency_name=draw(text), agency_code=draw(code), agent_name=draw(text),
                  phone=draw(phone), email=draw(email))
    identity = draw(IDS)
    quote = Quote()
    if plan is not None or not consistent:
        start = draw(st.none() | DATES)
        end = draw(st.none() | DATES)
        if consistent and start and end and end <= start:
            start, end = None, end
        quote = Quote(number=draw(code), period_start=start, period_end=end,
                      annual_premium=draw(st.none() | amounts[0]), payment_method=draw(text),
                      liability_limit=draw(st.none() | amounts[0]),
                      expense_limit=draw(st.none() | amounts[0]))
    status = Status.DRAFT if consistent else draw(st.sampled_from(Status))
    return Interview(
        id=identity,
        lineage_id=identity if consistent else draw(IDS),
        revision=1 if consistent else draw(st.integers(1, 999)),
        previous_id=None if consistent else draw(st.none() | IDS),
        revision_reason=draw(FREE),
        status=status,
        catalogue_id=catalogue[0], catalogue_version=catalogue[1],
        interview_date=draw(DATES), created_at=draw(MOMENTS), updated_at=draw(MOMENTS),
        finalized_at=draw(MOMENTS) if status.locked else None,  # the file format insists
        agent=agent, customer=customer,
        initial_intent=draw(_intents(keys, FREE)),
        business_categories=categories, other_business_description=other,
        insured_parties=draw(st.lists(st.builds(InsuredParty, name=text, role=role, note=FREE),
                                      max_size=3)),
        plan=plan, proposal_reason=draw(FREE), quote=quote,
        confirmation=Confirmation(
            final=draw(_intents(keys, FREE)),
            explanations=draw(st.dictionaries(SHORT, FREE, max_size=3)),
            disclosure_handed_over=draw(st.booleans()), disclosure_explained=draw(st.booleans()),
            customer_confirmed=draw(st.booleans()), confirmed_by=draw(SHORT),
            confirmed_on=draw(st.none() | DATES),
        ),
    )


@settings(max_examples=150, deadline=None)
@given(interviews(consistent=False))
def test_the_file_format_is_lossless(iv):
    assert from_document(to_document(iv)) == iv
    text = dumps(iv)
    again = loads(text.encode("utf-8"))
    assert again == iv
    assert dumps(again) == text


@pytest.fixture(scope="module")
def schema():
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


@settings(max_examples=60, deadline=None)
@given(interviews(consistent=True))
def test_consistent_interviews_pass_validation_and_meet_the_schema(schema, iv):
    from cyberdesk.catalogue import installed
    from cyberdesk.model.validation import check

    assert check(iv, installed())[1] == []
    assert list(schema.iter_errors(json.loads(dumps(iv)))) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(iv=interviews(consistent=False))
def test_the_store_gives_back_what_it_was_given(iv):
    iv.id = iv.lineage_id = new_id()  # fresh each example: the database is shared by them
    iv.previous_id, iv.revision = None, 1  # the store refuses a revision without its chain
    with open_store() as store:
        store.add(iv)
        assert store.get(iv.id) == iv
        assert store.summaries(search=iv.customer.company_name)


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(iv=interviews(consistent=True))
def test_import_then_export_through_the_command_line_is_byte_for_byte(tmp_path, iv):
    iv.id = iv.lineage_id = new_id()
    source, target = tmp_path / f"{iv.id}.json", tmp_path / f"{iv.id}-out.json"
    source.write_bytes(dumps(iv).encode("utf-8"))
    imported = run_cli("import", str(source))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[-1] == iv.id
    exported = run_cli("export-json", iv.id, "-o", str(target))
    assert exported.returncode == 0, exported.stderr
    assert target.read_bytes() == source.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["interview-basic", "interview-wide"])
@pytest.mark.parametrize("version", [1, 2])
def test_an_older_file_imports_and_exports_as_version_3_with_nothing_else_changed(tmp_path, name,
                                                                                 version):
    """What an earlier release wrote, through the real commands: stored, then written back as
    version 3 with the keys added since at their defaults — every other key exactly as it was."""
    source = Path(__file__).resolve().parent / "fixtures" / f"v{version}" / f"{name}.json"
    old = json.loads(source.read_text(encoding="utf-8"))
    imported = run_cli("import", str(source))
    assert imported.returncode == 0, imported.stderr
    target = tmp_path / "out.json"
    exported = run_cli("export-json", old["id"], "-o", str(target))
    assert exported.returncode == 0, exported.stderr
    new = json.loads(target.read_text(encoding="utf-8"))
    assert new.pop("version") == 3 and old.pop("version") == version
    added = {key: new["quote"].pop(key) for key in ("deductible", "retroactive_date",
                                                    "period_reason")}
    assert added == {"deductible": None, "retroactive_date": None, "period_reason": ""}
    if version == 1:
        assert Quote(**new.pop("quote")).is_empty()
    assert new.pop("contact_record") == {"method": "", "place": "", "attendees": [], "documents": []}
    assert new.pop("name_substitutes") == []
    assert set(new["confirmation"].pop("items").values()) == {None}
    assert (new["agent"].pop("registration_number"), new["agent"].pop("authority")) == ("", "")
    assert new.pop("signatures") == {"customer": None, "agent": None, "paper": False}
    for moment in ("updated_at",):  # storing is a save
        new.pop(moment), old.pop(moment)
    assert new == old
