"""The record an agency-management department signs off (issue 20): coherent dates, a complete
quote, names printed as written or the substitute accepted, explanations with content,
honorifics normalised, and the forms people type amounts and dates in."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import run_cli
from interview_factory import BASIC, document, interview

from cyberdesk.clock import frozen
from cyberdesk.japanese.textnorm import AmountError, DateError, parse_date, parse_yen
from cyberdesk.model.document import from_document
from cyberdesk.model.interview import Status
from cyberdesk.model.validation import (
    accept_substitutes,
    has_content,
    record_problems,
    substitutes_needed,
    validate,
)

pytestmark = pytest.mark.dates
# The basic example: interview 2026-11-18, initial 10:20 JST, final 11:25 JST, confirmed 11-18.
AFTER = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)  # 15:00 JST the same day


def problems(iv, catalogue) -> list[tuple[str, str]]:
    with frozen(AFTER):
        return [(p.field, p.message) for p in validate(iv, catalogue, complete=True)]


def fields(iv, catalogue) -> list[str]:
    return [field for field, _message in problems(iv, catalogue)]


# Dates ------------------------------------------------------------------------------------

def test_the_example_dates_are_coherent(catalogue):
    assert problems(interview(BASIC), catalogue) == []


def test_a_confirmation_before_the_final_wishes_names_both_dates(catalogue):
    iv = interview(BASIC)
    iv.confirmation.final.captured_at = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)
    iv.confirmation.confirmed_on = date(2026, 11, 18)
    with frozen(datetime(2026, 11, 20, tzinfo=UTC)):
        found = validate(iv, catalogue, complete=True)
    [problem] = [p for p in found if p.field == "confirmation.confirmed_on"]
    assert "2026年11月18日" in problem.message and "2026年11月19日 10:00 JST" in problem.message


def test_final_wishes_after_the_confirmation_or_in_the_future_are_refused(catalogue):
    """The case found on main: final wishes 2027-02-01, confirmed 11-18, finalized in November."""
    iv = interview(BASIC)
    iv.confirmation.final.captured_at = datetime(2027, 2, 1, 1, 0, tzinfo=UTC)
    found = problems(iv, catalogue)
    messages = dict(found)
    assert "confirmation.final_intent.captured_at" in messages  # in the future
    assert "2027年2月1日" in messages["confirmation.final_intent.captured_at"]
    assert "confirmation.confirmed_on" in messages  # the confirmation precedes what it confirms


def test_a_confirmation_in_the_future_is_refused(catalogue):
    iv = interview(BASIC)
    iv.confirmation.confirmed_on = date(2026, 11, 19)
    [(field, message)] = problems(iv, catalogue)
    assert field == "confirmation.confirmed_on"
    assert "2026年11月19日" in message and "2026年11月18日" in message


def test_a_finalized_record_is_held_to_its_finalizing_moment(catalogue):
    iv = interview(BASIC)
    iv.status, iv.finalized_at = Status.FINALIZED, datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
    with frozen(datetime(2027, 1, 1, tzinfo=UTC)):
        found = [p.field for p in validate(iv, catalogue, complete=True)]
    assert found == ["confirmation.final_intent.captured_at"]  # heard at 11:25, locked at 11:00


def test_final_before_initial_names_both(catalogue):
    iv = interview(BASIC)
    iv.confirmation.final.captured_at = iv.initial_intent.captured_at - timedelta(minutes=1)
    [(field, message)] = problems(iv, catalogue)
    assert field == "confirmation.final_intent.captured_at"
    assert "10:19 JST" in message and "10:20 JST" in message


# The quote --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["number", "annual_premium", "payment_method", "period_start",
                                  "period_end", "liability_limit"])
def test_a_record_needs_each_part_of_the_quote(catalogue, name):
    iv = interview(BASIC)
    setattr(iv.quote, name, "" if name in ("number", "payment_method") else None)
    assert fields(iv, catalogue) == [f"quote.{name}"]
    assert validate(iv, catalogue) == []  # a draft may wait for the quoting system


def test_deductible_and_retroactive_date_are_optional(catalogue):
    iv = interview(BASIC)
    iv.quote.deductible, iv.quote.retroactive_date = 100_000, date(2025, 12, 1)
    assert problems(iv, catalogue) == []


@pytest.mark.parametrize(("start", "end"), [
    (date(2026, 11, 1), date(2027, 11, 1)),  # starts before the interview (2026-11-18)
    (date(2026, 12, 1), date(2027, 6, 1)),  # half a year
])
def test_an_unusual_period_needs_a_recorded_reason(catalogue, start, end):
    iv = interview(BASIC)
    iv.quote.period_start, iv.quote.period_end = start, end
    [(field, message)] = problems(iv, catalogue)
    assert field == "quote.period_reason"
    assert f"{start.year}年{start.month}月{start.day}日" in message
    iv.quote.period_reason = "。"
    assert fields(iv, catalogue) == ["quote.period_reason", "quote.period_reason"]
    iv.quote.period_reason = "既契約の満期日に合わせるため、短期で引き受ける旨の見積を取得した。"
    assert problems(iv, catalogue) == []


def test_a_full_year_from_29_february_is_a_year(catalogue):
    iv = interview(BASIC)
    iv.interview_date = date(2028, 2, 1)
    iv.quote.period_start, iv.quote.period_end = date(2028, 2, 29), date(2029, 3, 1)
    assert "quote.period_reason" not in [p.field for p in record_problems(iv)]


# Content, honorifics ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "ok"), [("。", False), ("済", False), ("  、。", False),
                                          ("予算優先", True), ("OK", True)])
def test_an_explanation_needs_real_content(catalogue, text, ok):
    assert has_content(text) is ok
    iv = interview(BASIC)
    iv.confirmation.explanations["expense.removed.ケ"] = text
    assert (fields(iv, catalogue) == []) is ok


def test_honorifics_are_dropped_at_entry_so_nothing_prints_sama_sama():
    data = document(BASIC)
    data["customer"]["contact_name"] = "中村 由香様"
    data["customer"]["representative_name"] = "高橋 健一 さま"
    data["customer"]["company_name"] = "株式会社さくらシステム開発 御中"
    data["confirmation"]["confirmed_by"] = "高橋 健一殿"
    iv = from_document(data)
    assert (iv.customer.contact_name, iv.customer.representative_name) == ("中村 由香", "高橋 健一")
    assert iv.customer.company_name == "株式会社さくらシステム開発"
    assert iv.confirmation.confirmed_by == "高橋 健一"


# Names as written -------------------------------------------------------------------------

def _yoshinoya(iv):
    iv.customer.company_name = "株式会社𠮷野家システム"
    return iv


def test_a_substitute_must_be_accepted_and_is_then_recorded(catalogue):
    iv = _yoshinoya(interview(BASIC))
    [(field, message)] = problems(iv, catalogue)
    assert field == "name_substitutes"  # asked at finalizing; the customer step is complete
    assert message.startswith("customer.company_name ")
    assert "株式会社吉野家システム" in message and "株式会社𠮷野家システム" in message
    with frozen(AFTER):
        [accepted] = accept_substitutes(iv)
    assert (accepted.field, accepted.stored, accepted.printed) == (
        "customer.company_name", "株式会社𠮷野家システム", "株式会社吉野家システム")
    assert accepted.accepted_at == AFTER
    assert problems(iv, catalogue) == [] and substitutes_needed(iv) == []
    iv.customer.company_name = "株式会社𠮷野家システムズ"  # changed after: asked again
    assert fields(iv, catalogue) == ["name_substitutes"]


def test_a_character_with_no_substitute_must_be_corrected(catalogue):
    iv = interview(BASIC)
    iv.customer.company_name = "株式会社さくら🙂"
    [(field, message)] = problems(iv, catalogue)
    assert field == "customer.company_name" and "🙂" in message
    assert accept_substitutes(iv) == []  # nothing to accept: it must be corrected
    assert fields(iv, catalogue) == ["customer.company_name"]


@pytest.mark.slow
def test_finalize_on_the_command_line_refuses_a_substitute_unless_accepted(tmp_path):
    data = document(BASIC)
    data["customer"]["company_name"] = "株式会社𠮷野家システム"
    path = tmp_path / "yoshinoya.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    interview_id = run_cli("import", str(path)).stdout.strip().splitlines()[-1]
    refused = run_cli("finalize", interview_id)
    assert refused.returncode == 2 and "customer.company_name" in refused.stderr
    assert "Traceback" not in refused.stderr
    done = run_cli("finalize", interview_id, "--accept-substitutes")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out.json"
    assert run_cli("export-json", interview_id, "-o", str(out)).returncode == 0
    [accepted] = json.loads(out.read_text(encoding="utf-8"))["name_substitutes"]
    assert accepted["printed"] == "株式会社吉野家システム"


# What people type -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "yen"), [
    ("1億", 100_000_000), ("12.3万", 123_000), ("１２．３万円", 123_000), ("3,000千円", 3_000_000),
    ("1億2000万円", 120_000_000), ("186420", 186_420), ("１８６，４２０円", 186_420)])
def test_amounts_as_people_write_them(text, yen):
    assert parse_yen(text) == yen


@pytest.mark.parametrize("text", ["1.5", "5万3億", "abc", "12,34"])
def test_amounts_we_cannot_be_sure_of_are_refused(text):
    with pytest.raises(AmountError):
        parse_yen(text)


@pytest.mark.parametrize("text", ["2027-01-01", "2027/1/1", "２０２７年１月１日", "2027年1月1日",
                                  "令和9年1月1日", "令和９年１月１日", "R9.1.1", "2027.1.1"])
def test_dates_as_people_write_them(text):
    assert parse_date(text) == date(2027, 1, 1)


def test_the_first_year_of_an_era_and_blank():
    assert parse_date("令和元年5月1日") == date(2019, 5, 1)
    assert parse_date("平成31年4月30日") == date(2019, 4, 30)
    assert parse_date("　") is None


@pytest.mark.parametrize("text", ["平成32年1月1日", "令和元年4月1日", "2027年2月30日", "明日", "1/1",
                                  "大化1年1月1日"])
def test_dates_that_do_not_exist_are_refused(text):
    with pytest.raises(DateError):
        parse_date(text)


@pytest.mark.parametrize(("text", "day"), [
    ("12/3", date(2026, 12, 3)), ("1203", date(2026, 12, 3)), ("１２月３日", date(2026, 12, 3)),
    ("12/2", date(2026, 12, 2)),  # the day itself counts
    ("1201", date(2027, 12, 1)), ("1/5", date(2027, 1, 5)),  # passed this year: next year's
    ("2/29", date(2028, 2, 29)), ("2027/1/1", date(2027, 1, 1)), ("令和9年1月1日", date(2027, 1, 1))])
def test_a_month_and_day_alone_is_the_next_such_day(text, day):
    assert parse_date(text, on_or_after=date(2026, 12, 2)) == day


@pytest.mark.parametrize(("digits", "shown"), [
    ("0398765432", "03-9876-5432"), ("0612345678", "06-1234-5678"), ("09012345678", "090-1234-5678"),
    ("05012345678", "050-1234-5678"), ("0120123456", "0120-123-456"), ("08001234567", "0800-123-4567"),
    ("0422123456", "0422123456"),  # an area code the table alone knows (0422 or 042?): as typed
    ("039876543", "039876543"), ("03-9876-5432", "03-9876-5432"), ("", "")])
def test_a_phone_number_in_digits_is_hyphenated_where_the_split_is_certain(digits, shown):
    from cyberdesk.japanese.formatting import phone_with_hyphens

    assert phone_with_hyphens(digits) == shown


@pytest.mark.parametrize("text", ["13/1", "2/30", "123", "12/3/", "0000"])
def test_a_short_date_that_does_not_exist_is_refused(text):
    with pytest.raises(DateError):
        parse_date(text, on_or_after=date(2026, 12, 2))



def test_a_revision_finalized_later_supersedes_the_earlier_one(catalogue):
    from cyberdesk.services.laptop import open_store

    with open_store() as store:
        first = store.add(interview(BASIC))
        store.finalize(first.id, catalogue)
        assert store.superseded_by(store.get(first.id)) is None
        second = store.revise(first.id, "所在地の訂正")
        assert store.superseded_by(store.get(first.id)) is None  # a draft replaces nothing yet
        store.finalize(second.id, catalogue)
        assert store.superseded_by(store.get(first.id)) == 2
        assert store.superseded_by(store.get(second.id)) is None
