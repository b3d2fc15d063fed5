"""Every rule of the interview, each with an answer it accepts and one it refuses; all problems
come back at once, each naming its field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from interview_factory import BASIC, DRAFT, ECONOMY_CATALOGUE, WIDE, document, economy_document, interview

from cyberdesk.catalogue import load_all, load_catalogue
from cyberdesk.model.document import from_document
from cyberdesk.model.intent import differences, plan_hints
from cyberdesk.model.interview import InsuredParty, Interview, Quote
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import (
    FREE_TEXT,
    NAME,
    check,
    problems_for_step,
    step_of,
    validate,
)


def fields(problems) -> list[str]:
    return [p.field for p in problems]


def complete_problems(iv: Interview, catalogue) -> list[str]:
    return fields(validate(iv, catalogue, complete=True))


@pytest.mark.parametrize("path", [BASIC, WIDE], ids=["basic", "wide"])
def test_the_complete_examples_have_no_problem(path, catalogue):
    assert validate(interview(path), catalogue, complete=True) == []


def test_a_draft_with_only_the_fixed_keys_is_consistent_but_not_complete(catalogue):
    draft = interview(DRAFT)
    assert check(draft, load_all()) == (catalogue, [])
    missing = complete_problems(draft, catalogue)
    for key in ("customer.company_kana", "business_categories", "plan", "proposal_reason",
                "initial_intent", "confirmation.disclosure_handed_over"):
        assert key in missing


# ⑳ and the business types -------------------------------------------------------------------

def test_other_business_needs_a_description(catalogue):
    iv = interview(WIDE)
    assert 20 in iv.business_categories
    assert validate(iv, catalogue) == []
    iv.other_business_description = ""
    problems = validate(iv, catalogue)
    assert fields(problems) == ["other_business_description"]
    assert "⑳その他" in problems[0].message


def test_a_description_without_other_business_is_refused(catalogue):
    iv = interview(BASIC)
    iv.other_business_description = "何かの業務"
    assert fields(validate(iv, catalogue)) == ["other_business_description"]


def test_at_least_one_business_type_to_finalize(catalogue):
    iv = interview(BASIC)
    iv.business_categories = []
    assert validate(iv, catalogue) == []  # a draft may have none yet
    assert complete_problems(iv, catalogue) == ["business_categories"]


@pytest.mark.parametrize("numbers", [[21], [0], [11, 11]])
def test_unknown_or_repeated_business_types_are_refused(catalogue, numbers):
    iv = interview(BASIC)
    iv.business_categories = numbers
    assert fields(validate(iv, catalogue)) == ["business_categories"]


# The plan and the catalogue ---------------------------------------------------------------

def test_the_plan_must_exist_in_the_interviews_catalogue(catalogue):
    iv = interview(BASIC)
    iv.plan = "economy"
    problems = validate(iv, catalogue)
    assert fields(problems) == ["plan"]
    assert "economy" in problems[0].message
    economy = load_catalogue(ECONOMY_CATALOGUE)
    moved = from_document(economy_document())
    assert validate(moved, economy, complete=True) == []


def test_a_plan_is_needed_to_finalize_with_a_reason(catalogue):
    iv = interview(BASIC)
    iv.plan, iv.proposal_reason = None, ""
    assert complete_problems(iv, catalogue) == ["quote", "plan", "proposal_reason"]  # quote: for which plan?
    iv.quote = Quote()
    assert complete_problems(iv, catalogue) == [
        "plan", "proposal_reason", "quote.number", "quote.annual_premium", "quote.payment_method",
        "quote.period_start", "quote.period_end", "quote.liability_limit"]


def test_an_interview_records_the_catalogue_in_force_and_is_checked_against_it(catalogue):
    draft = interview(DRAFT)
    assert (draft.catalogue_id, draft.catalogue_version) == ("", "")
    found, problems = check(draft, load_all())
    assert problems == []
    assert (draft.catalogue_id, draft.catalogue_version) == catalogue.key == found.key
    draft.catalogue_version = "1999.1"
    found, problems = check(draft, load_all())
    assert found is None
    assert fields(problems) == ["catalogue.version"]
    assert fields(validate(draft, catalogue)) == ["catalogue.version"]


# Money and counts -------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "stored"), [
    ("１２，３４５", 12345), ("12,345", 12345), (" 480000 ", 480000), (0, 0), ("０", 0),
    ("", None), (None, None), ("１　２３４", 1234),
])
def test_sales_typed_with_an_ime_are_read_as_whole_thousands(typed, stored, catalogue):
    data = document(BASIC)
    data["customer"]["annual_sales"] = typed
    iv = from_document(data)
    assert iv.customer.annual_sales == stored
    assert validate(iv, catalogue) == []


@pytest.mark.parametrize("typed", [-1, "-5", "12.5", "1e3", "十二", True, 1.5, [], "١٢٣"])
def test_money_must_be_a_non_negative_whole_number(typed):
    data = document(BASIC)
    data["customer"]["annual_sales"] = typed
    with pytest.raises(ProblemsError) as caught:
        from_document(data)
    assert fields(caught.value.problems) == ["customer.annual_sales"]


def test_sales_month_and_employees_are_needed_to_finalize(catalogue):
    iv = interview(BASIC)
    iv.customer.annual_sales = iv.customer.fiscal_month = iv.customer.employees = None
    assert complete_problems(iv, catalogue) == [
        "customer.annual_sales", "customer.fiscal_month", "customer.employees"]


# IME input is normalised ------------------------------------------------------------------

@pytest.mark.parametrize(("field", "typed", "stored"), [
    ("postal_code", "１２３－４５６７", "123-4567"),
    ("postal_code", "123ー4567", "123-4567"),
    ("postal_code", "〒１５０－０００２", "150-0002"),  # the mark is not part of the code
    ("postal_code", "〒 1500002", "150-0002"),
    ("contact_phone", "０３－５５５５－０１９８", "03-5555-0198"),
    ("contact_email", "ｙ．ｎａｋａｍｕｒａ＠ｅｘａｍｐｌｅ．ｊｐ", "y.nakamura@example.jp"),
    ("company_kana", "ｶﾌﾞｼｷｶﾞｲｼｬ ｻｸﾗ", "カブシキガイシャ サクラ"),
    ("company_kana", "かぶしきがいしゃさくら", "カブシキガイシャサクラ"),
    ("company_name", "\u3000株式会社ＡＢＣ\u3000", "株式会社ＡＢＣ"),  # no NFKC: Ａ stays
    ("address", "東京都千代田区①丁目", "東京都千代田区①丁目"),  # ① is not turned into 1
    ("company_name", "カ\u3099ス", "ガス"),  # NFC joins the sound mark
])
def test_full_width_input_is_accepted_and_normalised(catalogue, field, typed, stored):
    data = document(BASIC)
    data["customer"][field] = typed
    iv = from_document(data)
    assert getattr(iv.customer, field) == stored
    assert validate(iv, catalogue) == []


# Formats and lengths ----------------------------------------------------------------------

@pytest.mark.parametrize(("field", "good", "bad"), [
    ("annual_sales", 10**13 - 1, 10**13),
    ("fiscal_month", 12, 13),
    ("fiscal_month", 1, 0),
    ("employees", 0, 10**7),
    ("postal_code", "1600023", "12-34567"),
    ("postal_code", "160-0023", "١٢٣-٤٥٦٧"),  # other scripts' digits are not ASCII digits
    ("contact_phone", "+81 3-5555-0198", "03-5555-01xx"),
    ("contact_phone", "(03) 5555-0198", "12"),
    ("contact_email", "a.b+c@example.co.jp", "a.b@example"),
    ("contact_email", "x@y.jp", "x y@example.jp"),
    ("company_kana", "カブシキガイシャ ABC", "株式会社サクラ"),
    ("company_kana", "サクラ〆", "サクラ\u9fff"),  # 〆 is no kanji; U+9FFF ends the block
    ("company_kana", "サクラ\u33ff", "サクラ\u3400"),  # extension A starts at U+3400
    ("company_kana", "サクラ\ua000", "サクラ\u4dbf"),
])
def test_ranges_and_formats_of_customer_fields(catalogue, field, good, bad):
    iv = interview(BASIC)
    setattr(iv.customer, field, good)
    assert validate(iv, catalogue) == []
    setattr(iv.customer, field, bad)
    assert fields(validate(iv, catalogue)) == [f"customer.{field}"]


@pytest.mark.parametrize(("section", "field"), [("agent", "phone"), ("agent", "email")])
def test_the_agents_contact_details_follow_the_same_formats(catalogue, section, field):
    iv = interview(BASIC)
    setattr(iv.agent, field, "not valid")
    assert fields(validate(iv, catalogue)) == [f"{section}.{field}"]


@pytest.mark.parametrize(("path", "limit"), [
    ("customer.company_name", NAME), ("customer.address", 300), ("agent.agent_name", 100),
    ("customer.contact_department", 100),
])
def test_length_limits_of_short_texts(catalogue, path, limit):
    iv = interview(BASIC)
    section, name = path.split(".")
    setattr(getattr(iv, section), name, "あ" * limit)
    assert validate(iv, catalogue) == []
    setattr(getattr(iv, section), name, "あ" * (limit + 1))
    problems = validate(iv, catalogue)
    assert fields(problems) == [path]
    assert str(limit) in problems[0].message


@pytest.mark.parametrize("path", ["proposal_reason", "initial_intent.other_wishes",
                                  "confirmation.explanations.expense.removed.ケ"])
def test_length_limits_of_free_texts(catalogue, path):
    iv = interview(BASIC)

    def put(text: str) -> None:
        if path == "proposal_reason":
            iv.proposal_reason = text
        elif path == "initial_intent.other_wishes":
            iv.initial_intent.other_wishes = text
            iv.confirmation.final.other_wishes = text
        else:
            iv.confirmation.explanations["expense.removed.ケ"] = text

    put("字" * FREE_TEXT)
    assert validate(iv, catalogue, complete=True) == []
    put("字" * (FREE_TEXT + 1))
    found = fields(validate(iv, catalogue, complete=True))
    assert path in found
    assert set(found) <= {path, "confirmation.final_intent.other_wishes"}


def test_required_customer_fields_to_finalize(catalogue):
    iv = interview(BASIC)
    iv.customer.company_name = iv.customer.contact_phone = ""
    iv.agent.agent_name = ""
    assert complete_problems(iv, catalogue) == [
        "agent.agent_name", "customer.company_name", "customer.contact_phone"]


# Insured parties --------------------------------------------------------------------------

def test_insured_parties_are_sales_companies_or_subcontractors(catalogue):
    iv = interview(WIDE)
    assert {p.role for p in iv.insured_parties} == {"sales", "subcontractor"}
    iv.insured_parties.append(InsuredParty(name="本社", role="named_insured"))
    iv.insured_parties.append(InsuredParty(name="謎の会社", role="partner"))
    iv.insured_parties.append(InsuredParty(name="", role=""))
    assert fields(validate(iv, catalogue)) == ["insured_parties[2].role", "insured_parties[3].role"]
    assert complete_problems(iv, catalogue) == [
        "insured_parties[2].role", "insured_parties[3].role",
        "insured_parties[4].name", "insured_parties[4].role"]


# Wishes and their confirmation ------------------------------------------------------------

def test_wishes_name_items_of_the_catalogue_once(catalogue):
    iv = interview(BASIC)
    iv.initial_intent.liability_events.append("カ")
    iv.confirmation.final.expense_items += ["ン", "ア"]
    assert fields(validate(iv, catalogue)) == [
        "initial_intent.liability_events", "confirmation.final_intent.expense_items",
        "confirmation.final_intent"]


def test_the_initial_wishes_must_be_recorded_with_their_time(catalogue):
    iv = interview(BASIC)
    iv.initial_intent.liability_events = []
    iv.initial_intent.expense_items = []
    iv.initial_intent.other_wishes = ""
    iv.initial_intent.captured_at = None
    found = complete_problems(iv, catalogue)
    assert found[:2] == ["initial_intent", "initial_intent.captured_at"]


def test_final_wishes_cannot_precede_the_initial_ones(catalogue):
    iv = interview(BASIC)
    iv.confirmation.final.captured_at = iv.initial_intent.captured_at - timedelta(minutes=1)
    assert complete_problems(iv, catalogue) == ["confirmation.final_intent.captured_at"]


def test_every_difference_between_initial_and_final_wishes_must_be_explained(catalogue):
    iv = interview(WIDE)
    keys = [d.key for d in differences(iv, catalogue)]
    assert keys == ["liability.added.エ", "expense.added.ク"]
    iv.confirmation.explanations["liability.added.エ"] = "  "
    problems = validate(iv, catalogue, complete=True)
    assert fields(problems) == ["confirmation.explanations.liability.added.エ"]
    assert "エ. 他人の著作権" in problems[0].message
    assert validate(iv, catalogue) == []  # a draft may leave it for later


def test_a_wish_the_proposed_plan_does_not_cover_must_be_explained(catalogue):
    iv = interview(BASIC)
    iv.confirmation.final.expense_items.append("ケ")
    del iv.confirmation.explanations["expense.removed.ケ"]
    problems = validate(iv, catalogue, complete=True)
    assert fields(problems) == ["confirmation.explanations.expense.not_covered.ケ"]
    assert "ベーシックプラン" in problems[0].message
    assert "コンピュータシステム等復旧費用" in problems[0].message


def test_the_plan_in_a_difference_is_named_in_the_language_shown_and_printed_in_japanese(
        catalogue):
    from cyberdesk.i18n import set_language
    from cyberdesk.services.pdf.japanese import _ as printed

    iv = interview(BASIC)
    iv.confirmation.final.expense_items.append("ケ")
    set_language("en")
    try:
        [shown] = [d.text for d in differences(iv, catalogue) if "not_covered" in d.key]
        [on_paper] = [d.text for d in differences(iv, catalogue, printed)
                      if "not_covered" in d.key]
    finally:
        set_language("ja")
    assert shown.startswith("Wished, but not covered by the proposed Basic plan: ケ.")
    assert "ベーシックプラン" in on_paper and "Basic" not in on_paper


def test_changed_other_wishes_must_be_explained(catalogue):
    iv = interview(BASIC)
    iv.confirmation.final.other_wishes = "保険料の予算を年間50万円に広げたい。"
    assert complete_problems(iv, catalogue) == ["confirmation.explanations.other_wishes.changed"]
    iv.confirmation.explanations["other_wishes.changed"] = "ご予算の見直しを伺った。"
    assert complete_problems(iv, catalogue) == []


def test_the_plan_step_points_out_items_only_some_plans_cover(catalogue):
    hints = plan_hints(["ア", "キ", "サ"], catalogue)
    assert {k: [p.id for p in v] for k, v in hints.items()} == {"キ": ["wide"], "サ": ["wide"]}


@pytest.mark.parametrize("flag", ["disclosure_handed_over", "disclosure_explained",
                                  "customer_confirmed"])
def test_each_confirmation_of_the_key_facts_document_is_needed(catalogue, flag):
    iv = interview(BASIC)
    setattr(iv.confirmation, flag, False)
    assert complete_problems(iv, catalogue) == [f"confirmation.{flag}"]


def test_the_date_of_the_customers_confirmation_is_needed(catalogue):
    iv = interview(BASIC)
    iv.confirmation.confirmed_on = None
    assert complete_problems(iv, catalogue) == ["confirmation.confirmed_on"]


# All at once ------------------------------------------------------------------------------

def test_every_problem_is_returned_at_once_each_naming_its_field(catalogue):
    iv = interview(WIDE)
    iv.customer.postal_code = "1-2"
    iv.customer.contact_email = "nobody"
    iv.customer.fiscal_month = 14
    iv.other_business_description = ""
    iv.plan = "gold"
    iv.initial_intent.expense_items.append("ン")
    iv.insured_parties[0].role = "boss"
    iv.confirmation.disclosure_explained = False
    problems = validate(iv, catalogue, complete=True)
    assert fields(problems) == [
        "customer.postal_code", "customer.contact_email", "customer.fiscal_month",
        "other_business_description", "plan", "insured_parties[0].role",
        "initial_intent.expense_items", "confirmation.explanations.expense.removed.ン",
        "confirmation.disclosure_explained",
    ]
    assert all(p.message for p in problems)
    assert all(str(p).startswith(f"{p.field}: ") for p in problems)


def test_problems_are_routed_to_the_wizard_step_that_owns_the_field(catalogue):
    iv = interview(WIDE)
    iv.customer.postal_code = "x"
    iv.plan = "gold"
    iv.confirmation.customer_confirmed = False
    problems = validate(iv, catalogue, complete=True)
    assert fields(problems_for_step(problems, "customer")) == ["customer.postal_code"]
    assert fields(problems_for_step(problems, "plan")) == ["plan"]
    assert fields(problems_for_step(problems, "confirmation")) == ["confirmation.customer_confirmed"]
    assert step_of("insured_parties[3].name") == "insured"
    assert step_of("business_categories") == "business"
    assert step_of("initial_intent.captured_at") == "initial_intent"
    assert step_of("catalogue.version") == "output"


# Revisions --------------------------------------------------------------------------------

def test_a_revision_names_the_one_it_replaces_and_why(catalogue):
    iv = interview(BASIC)
    iv.revision = 2
    assert fields(validate(iv, catalogue)) == ["previous_id", "revision_reason"]
    iv.previous_id, iv.revision_reason = "0" * 32, "所在地の訂正"
    assert validate(iv, catalogue) == []
    iv.previous_id = iv.id
    assert fields(validate(iv, catalogue)) == ["previous_id"]
    first = interview(BASIC)
    first.previous_id = "0" * 32
    assert fields(validate(first, catalogue)) == ["previous_id"]


def test_the_quote_is_checked_as_recorded_never_computed(catalogue):
    iv = interview(BASIC)
    assert validate(iv, catalogue, complete=True) == []
    iv.quote.period_end = iv.quote.period_start
    iv.quote.annual_premium = 10**13
    assert [p.field for p in validate(iv, catalogue)] == ["quote.period_end", "quote.annual_premium"]
    iv.quote = Quote()  # nothing quoted: a draft, not a record (version 3 needs the quote)
    assert validate(iv, catalogue) == []
    assert [p.field for p in validate(iv, catalogue, complete=True)] == [
        "quote.number", "quote.annual_premium", "quote.payment_method", "quote.period_start",
        "quote.period_end", "quote.liability_limit"]
    assert validate(iv, catalogue, complete=True, record=False) == []  # as version 1 finalized it
