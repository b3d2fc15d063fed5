"""The interview session without any window: the flow over the steps, the autosave policy, and
what happens when a write fails — on a real SQLite file, with the failure made by SQLite itself
(a trigger that refuses the write, as a full disk would)."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, date, datetime

import pytest
from interview_factory import interview as example
from store_faults import DISK_FULL_SAID, allow_writes, refuse_writes

from cyberdesk.catalogue import CatalogueError
from cyberdesk.clock import frozen
from cyberdesk.model.intent import differences
from cyberdesk.model.interview import Intent, Interview, LifecycleError, Status
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import STEPS
from cyberdesk.services.session import (
    CONFIRMATION_STEP,
    PDF_FILE,
    PRINTER,
    InterviewSession,
    SaveFailed,
)
from cyberdesk.store.store import Store


class Clock:
    """The session's clock, moved by hand so the throttle is tested without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def open_session(store: Store, interview: Interview, clock: Clock | None = None) -> InterviewSession:
    store.add(interview)
    session = InterviewSession(store, interview.id, clock=clock or Clock())
    return session


def test_an_edit_is_saved_once_due_and_typing_does_not_postpone_it(store):
    clock = Clock()
    session = open_session(store, Interview(), clock)
    session.interview.customer.company_name = "株式会社A"
    assert session.changed() == pytest.approx(0.3)
    clock.now += 0.2
    session.interview.customer.company_name = "株式会社AB"
    assert session.changed() == pytest.approx(0.1)  # the first edit set the deadline
    assert not session.save_if_due()
    clock.now += 0.1
    assert session.save_if_due()
    assert session.due_in() is None
    assert session.flush() == ""
    assert store.get(session.id).customer.company_name == "株式会社AB"
    session.close()


def test_the_open_interview_is_noted_by_the_writer_and_flushed_with_the_answers(store):
    """mark_open() returns at once (the wizard shows without waiting for the disk); flush() and
    close() wait for the note as for the answers, so closing can clear it after."""
    session = open_session(store, Interview())
    session.mark_open()
    session.interview.customer.company_name = "株式会社A"
    session.save_now()
    assert session.flush() == ""
    assert session.is_idle() and store.setting("open_interview") == session.id
    assert store.get(session.id).customer.company_name == "株式会社A"
    session.close()


def test_a_step_change_is_saved_at_once_with_the_step(store):
    session = open_session(store, example())
    session.interview.customer.company_name = "株式会社ステップ"
    assert session.go_to(4)
    session.flush()
    assert store.step_of(session.id) == 4
    assert store.get(session.id).customer.company_name == "株式会社ステップ"
    session.close()
    assert InterviewSession(store, session.id).step == 4


def test_pages_shown_while_the_disk_is_busy_are_each_in_the_trail_in_order(store, monkeypatch):
    """A slow disk must not fold the plan page into the next one's save: the trail would lose
    `plans_shown` (it did, once, under load in test_office_e2e)."""
    session = open_session(store, example())
    writing, release = threading.Event(), threading.Event()
    save = store.save

    def slow_save(*args, **kwargs):
        writing.set()
        assert release.wait(30)
        save(*args, **kwargs)

    monkeypatch.setattr(store, "save", slow_save)
    assert session.go_to(1)
    assert writing.wait(30)  # the writer is now held on its first write
    for index in (2, 3, 4, 5):
        assert session.go_to(index)
    release.set()
    assert session.flush() == ""
    shown = [e.fields[0] for e in store.audit_trail(session.id) if e.event == "step_shown"]
    assert shown[-5:] == [STEPS[index] for index in (1, 2, 3, 4, 5)]
    assert "plans_shown" in [e.event for e in store.audit_trail(session.id)]
    session.close()


def test_only_steps_whose_earlier_steps_are_complete_can_be_visited(store):
    session = open_session(store, Interview())
    assert session.first_open_step() == 0
    assert session.reachable(0) and not session.reachable(1)
    assert not session.go_to(3) and session.step == 0
    complete = open_session(store, example())
    assert all(complete.reachable(step) for step in range(len(STEPS)))
    complete.interview.business_categories = []
    assert complete.first_open_step() == STEPS.index("business")
    assert complete.reachable(2) and not complete.reachable(3)
    assert complete.step_problems(2) and not complete.step_problems(0)
    session.close()
    complete.close()


def test_whole_flow_to_a_finalized_interview(store):
    session = open_session(store, example())
    session.interview.proposal_reason = "画面の上で最後に直した理由"
    session.changed()
    for step in range(len(STEPS)):
        assert session.go_to(step)
    finalized = session.finalize(paper=True)
    assert finalized.status is Status.FINALIZED and session.read_only
    stored = store.get(session.id)
    assert stored.status is Status.FINALIZED
    assert stored.proposal_reason == "画面の上で最後に直した理由"
    with pytest.raises(LifecycleError):
        session.changed()


def test_a_failed_autosave_is_reported_with_its_reason_and_retried(store):
    clock = Clock()
    session = open_session(store, example(), clock)
    heard: list[str] = []
    session.failed_listeners.append(heard.append)
    refuse_writes(store, "鈴木 次郎")
    session.interview.confirmation.confirmed_by = "鈴木 次郎"
    session.changed()
    clock.now += 1
    session.save_if_due()
    reason = session.flush()
    assert DISK_FULL_SAID in reason and heard == [reason]
    assert store.get(session.id).confirmation.confirmed_by != "鈴木 次郎"
    allow_writes(store)
    session.changed()
    clock.now += 1
    session.save_if_due()
    assert session.flush() == ""
    assert store.get(session.id).confirmation.confirmed_by == "鈴木 次郎"
    session.close()


def test_finalize_refuses_when_the_answers_on_screen_cannot_be_saved(store):
    session = open_session(store, example())
    refuse_writes(store, "鈴木 次郎")
    session.interview.confirmation.confirmed_by = "鈴木 次郎"  # complete, but not writable
    session.changed()
    with pytest.raises(SaveFailed, match=DISK_FULL_SAID):
        session.finalize(paper=True)
    assert store.get(session.id).status is Status.DRAFT  # the older copy was not locked
    assert not session.read_only
    allow_writes(store)
    session.finalize(paper=True)
    stored = store.get(session.id)
    assert stored.status is Status.FINALIZED
    assert stored.confirmation.confirmed_by == "鈴木 次郎"


def test_finalize_lists_what_is_missing_and_locks_nothing(store):
    session = open_session(store, example())
    session.interview.plan = None
    with pytest.raises(ProblemsError) as refused:
        session.finalize(paper=True)
    assert "plan" in {p.field for p in refused.value.problems}
    assert store.get(session.id).status is Status.DRAFT
    assert store.get(session.id).plan is None  # what the agent sees was saved all the same
    session.close()


def test_a_locked_interview_opens_read_only_without_a_writer(store):
    interview = example()
    store.add(interview)
    store.finalize(interview.id, InterviewSession(store, interview.id).catalogue)
    session = InterviewSession(store, interview.id)
    assert session.read_only and session._thread is None
    assert session.problems() == [] and session.reachable(6)
    assert session.flush() == "" and session.close() == ""


def test_an_interview_of_a_catalogue_not_installed_is_refused(store):
    interview = store.add(Interview(catalogue_id="ms-cyberprotector-it", catalogue_version="1999.1"))
    with pytest.raises(CatalogueError, match=r"1999\.1"):
        InterviewSession(store, interview.id)


@pytest.mark.slow
def test_the_session_needs_no_qt():
    import subprocess

    script = ("import sys, cyberdesk.services.session\n"
              "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def blank_wishes(draft: Interview) -> tuple[Intent, str | None]:
    """The example's initial wishes and plan, taken out of it (and the confirmation undone)."""
    answers = draft.initial_intent, draft.plan
    draft.initial_intent, draft.plan, draft.confirmation.final = Intent(), None, Intent()
    draft.confirmation.customer_confirmed = False
    draft.status, draft.finalized_at = Status.DRAFT, None
    return answers


@pytest.mark.dates
def test_a_whole_interview_through_the_session_alone_leaves_the_trail_event_by_event(store):
    """Every rule of the interview is the session's: a test needs no window to follow it."""
    draft = example()
    initial, plan = blank_wishes(draft)
    heard, confirmed = (datetime(2026, 12, 1, 5, 10, tzinfo=UTC), datetime(2026, 12, 1, 5, 40, tzinfo=UTC))
    session = open_session(store, draft)

    def step(index: int) -> None:
        assert session.go_to(index), [p.message for p in session.problems()]
        assert session.flush() == ""

    step(1)
    session.interview.initial_intent.liability_events = list(initial.liability_events)
    session.interview.initial_intent.expense_items = list(initial.expense_items)
    session.interview.initial_intent.other_wishes = initial.other_wishes
    with frozen(heard):
        session.record_initial_wishes()
    session.flush()
    for index in (2, 3, 4):
        step(index)
    session.interview.plan = plan
    session.changed()
    session.flush()
    step(5)  # the first entry to 意向確認: the final wishes start as the initial ones
    final = session.interview.confirmation.final
    assert (final.liability_events, final.expense_items, final.other_wishes, final.captured_at) == (
        initial.liability_events, initial.expense_items, initial.other_wishes, None)
    with frozen(confirmed):
        session.confirm(True, date(2026, 12, 1))
    final.expense_items = [*final.expense_items, "サ"]
    assert session.final_wishes_changed()  # confirmed before the change: withdrawn
    assert (session.interview.confirmation.customer_confirmed, final.captured_at) == (False, None)
    for difference in differences(session.interview, session.catalogue):
        session.interview.confirmation.explanations[difference.key] = "お客さまと相談のうえ"
    with frozen(confirmed):
        session.confirm(True, date(2026, 12, 1))
    session.flush()
    step(6)
    session.record_output(PRINTER)
    session.record_output(PDF_FILE)
    stroke = [[(100, 150, 0.5, 0), (300, 120, 0.6, 40)]]
    assert not session.sign("customer", stroke)
    assert session.sign("agent", stroke)  # signing by both finalizes
    session.record_output(PRINTER)  # the customer's copy of the locked record

    stored = store.get(session.id)
    assert stored.initial_intent.captured_at == heard
    assert (stored.confirmation.final.captured_at, stored.confirmation.confirmed_on) == (
        confirmed, date(2026, 12, 1))
    wishes = ["expense_items", "liability_events", "other_wishes"]
    assert [(e.event, e.fields) for e in store.audit_trail(session.id)] == [
        ("created", []),
        ("step_shown", ["initial_intent"]),
        ("initial_wishes_recorded", wishes),
        ("step_shown", ["business"]),
        ("step_shown", ["insured"]),
        ("step_shown", ["plan"]), ("plans_shown", []),
        ("plan_chosen", ["plan"]),
        ("final_wishes_recorded", wishes), ("step_shown", ["confirmation"]),
        ("final_wishes_recorded", wishes),
        ("step_shown", ["output"]),
        ("printed", ["printer"]), ("printed", ["pdf_file"]),
        ("signed", ["customer"]), ("signed", ["agent"]),
        ("finalized", []),
        ("printed", ["printer"])]


def test_the_final_wishes_are_copied_on_the_first_entry_only(store):
    """Back at 意向確認 — in this session or a later one — the final wishes stay as the agent
    left them, even emptied."""
    draft = example()
    draft.initial_intent, draft.plan = blank_wishes(draft)
    session = open_session(store, draft)
    assert session.go_to(CONFIRMATION_STEP)
    assert session.interview.confirmation.final.liability_events == draft.initial_intent.liability_events
    session.interview.confirmation.final = Intent()
    session.final_wishes_changed()
    assert session.go_to(CONFIRMATION_STEP - 1) and session.go_to(CONFIRMATION_STEP)
    assert session.interview.confirmation.final.is_empty()
    assert session.close() == ""
    later = InterviewSession(store, draft.id)
    assert later.go_to(CONFIRMATION_STEP - 1) and later.go_to(CONFIRMATION_STEP)
    assert later.interview.confirmation.final.is_empty()
    later.close()


def test_the_period_ends_a_year_after_its_start_until_the_agent_types_an_end(store):
    """Typing the start proposes the end a year on (the period the validation needs no reason
    for); it follows a corrected start, and an end the agent typed (even that same day) is never
    moved."""
    from cyberdesk.model.interview import Quote
    from cyberdesk.model.validation import validate

    draft = example()
    draft.quote = Quote()
    session = open_session(store, draft)
    quote = session.interview.quote
    quote.period_start = date(2027, 4, 1)
    assert session.period_start_changed() and quote.period_end == date(2028, 4, 1)
    quote.period_start = date(2027, 4, 2)  # a slip corrected: the proposed end follows
    assert session.period_start_changed() and quote.period_end == date(2028, 4, 2)
    assert not [p for p in validate(session.interview, session.catalogue, complete=True)
                if p.field == "quote.period_reason"]  # a full year: no reason asked
    quote.period_start = date(2028, 2, 29)
    session.period_start_changed()
    assert quote.period_end == date(2029, 3, 1)  # no 29 February in 2029
    quote.period_start = None
    assert session.period_start_changed() and quote.period_end is None  # cleared with its start
    quote.period_start, quote.period_end = date(2027, 4, 1), date(2028, 3, 31)  # typed by the agent
    assert not session.period_start_changed() and quote.period_end == date(2028, 3, 31)
    quote.period_end = date(2028, 4, 1)  # typed, the very day proposed: still the agent's
    session.period_end_typed()
    quote.period_start = date(2027, 4, 2)
    assert not session.period_start_changed() and quote.period_end == date(2028, 4, 1)
    session.close()
    later = InterviewSession(store, draft.id)  # reopened: the stored end is the agent's
    later.interview.quote.period_start = date(2027, 5, 1)
    assert not later.period_start_changed() and later.interview.quote.period_end == date(2028, 4, 1)
    later.close()
