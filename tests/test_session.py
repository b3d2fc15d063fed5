"""The interview session without any window: the flow over the steps, the autosave policy, and
what happens when a write fails — on a real SQLite file, with the failure made by SQLite itself
(a trigger that refuses the write, as a full disk would)."""

from __future__ import annotations

import sys

import pytest
from interview_factory import interview as example
from store_faults import DISK_FULL_SAID, allow_writes, refuse_writes

from cyberdesk.catalogue import CatalogueError
from cyberdesk.model.interview import Interview, LifecycleError, Status
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import STEPS
from cyberdesk.services.session import InterviewSession, SaveFailed
from cyberdesk.store.store import Store


@pytest.fixture
def store():
    with Store.open() as opened:
        yield opened


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


def test_a_step_change_is_saved_at_once_with_the_step(store):
    session = open_session(store, example())
    session.interview.customer.company_name = "株式会社ステップ"
    assert session.go_to(4)
    session.flush()
    assert store.step_of(session.id) == 4
    assert store.get(session.id).customer.company_name == "株式会社ステップ"
    session.close()
    assert InterviewSession(store, session.id).step == 4


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
