"""The interview being edited, without any window: its answers, when they are saved, which steps
may be visited, and finalizing.

The wizard's Qt pages only show an InterviewSession and forward the agent's edits to it (as
Electrum keeps its wizard's rules out of the widgets), so the whole flow — saving included — is
tested without a window. The autosave policy: an edit makes a save due within `delay` seconds
(further typing does not postpone it, so a fast typist is saved at least that often); whoever
drives it (the wizard's timer, or a test) calls `save_if_due()`. The snapshot is taken on the
caller's thread and written by one background thread, which keeps only the newest snapshot
waiting of each step: a step change is saved at once and never folded into a later step's
snapshot, so the audit trail records every page shown, in order (the plans shown before the
wishes were recorded is what head office checks), however busy the disk is. Finalizing writes
what is on screen first, on the caller's thread, and refuses with the reason if that write
fails: it can only lock what the agent sees. Signing is what finalizes: the customer's and the
agent's signatures bind the content on screen (cyberdesk.model.signing), an edit after them
voids them, and the second valid one locks the record; the paper path finalizes for signatures
by hand and records that it did.

The interview's rules live here, not in a page: the moments the wishes were recorded are
stamped from cyberdesk.clock (Japan's business time, injectable in tests), the final wishes
start as a copy of the initial ones on the first entry to 意向確認, changing them withdraws the
customer's confirmation, the quote's period ends a year after its start until the agent types
an end, and every print or save of the record is recorded in the audit trail
(`record_output`, also for a print started outside the wizard: the main window's list).
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from datetime import date

from cyberdesk.catalogue import CatalogueError, CatalogueSet, installed
from cyberdesk.clock import now
from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import _
from cyberdesk.model import signing
from cyberdesk.model.interview import Interview, LifecycleError, NameSubstitute, one_year_later
from cyberdesk.model.problems import Problem, ProblemsError
from cyberdesk.model.validation import STEPS, accept_substitutes, check, problems_for_step, validate
from cyberdesk.store.database import StoreError
from cyberdesk.store.store import OPEN_INTERVIEW, Store
from cyberdesk.trust import audit

DELAY_S = 0.3
OUTPUT_STEP = STEPS.index("output")
CONFIRMATION_STEP = STEPS.index("confirmation")
PRINTER = "printer"  # how the record left the laptop, named in its `printed` event
PDF_FILE = "pdf_file"


class SaveFailed(Exception):
    """The answers on screen could not be written; the message says why, in the user's words."""


def _laptop_fingerprint() -> str:
    # lazy: the keychain is asked only when a signature is made
    from cyberdesk.trust import keys

    return keys.laptop_key().fingerprint


def record_output(store: Store, interview_id: str, how: str) -> None:
    """The record was printed (`PRINTER`) or saved as a PDF (`PDF_FILE`): the audit trail says so,
    wherever the print started."""
    store.record_event(interview_id, audit.PRINTED, [how])


def reason_of(error: BaseException) -> str:
    """What went wrong with a write, in words for the agent: never SQL, a type name or an answer."""
    if isinstance(error, LifecycleError | StoreError):
        return str(error)
    if isinstance(error, OSError) and error.strerror:
        return os_reason(error)
    return _("the database could not be written")


class InterviewSession:
    """`InterviewSession(store, interview_id)`: one stored interview opened for editing (or, once
    locked, for reading). `close()` writes what is pending and ends the writer thread."""

    def __init__(self, store: Store, interview_id: str, catalogues: CatalogueSet | None = None,
                 delay: float = DELAY_S, clock: Callable[[], float] = time.monotonic,
                 fingerprint: Callable[[], str] | None = None) -> None:
        self.store = store
        self._fingerprint = fingerprint or _laptop_fingerprint
        self.interview = store.get(interview_id)
        catalogue, problems = check(self.interview, catalogues or installed())
        if catalogue is None:
            raise CatalogueError(problems[0].message)
        self.catalogue = catalogue
        self.step = min(max(store.step_of(interview_id), 0), len(STEPS) - 1)
        self.read_only = self.interview.status.locked
        self.delay = delay
        self._clock = clock
        self._due: float | None = None
        self.last_error = ""  # why the latest write failed; "" once one succeeds
        self.saved_listeners: list[Callable[[], None]] = []  # called on the writer thread
        self.failed_listeners: list[Callable[[str], None]] = []
        self._condition = threading.Condition()
        self._pending: list[tuple[Interview, int]] = []  # oldest first; one per step in a row
        self._busy = False
        self._stopping = False
        self._open_mark = False  # "this interview is open" waits to be written
        self._thread: threading.Thread | None = None
        self._final_started = self.read_only or self._visited(CONFIRMATION_STEP)
        self.proposed_end: date | None = None  # the period end proposed here, untouched since
        if not self.read_only:
            self._thread = threading.Thread(target=self._run, name="cyberdesk-autosave", daemon=True)
            self._thread.start()
            self.enter(self.step)

    @property
    def id(self) -> str:
        return self.interview.id

    # Step rules --------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Everything finalizing still needs (none for a locked interview)."""
        if self.read_only:
            return []
        return validate(self.interview, self.catalogue, complete=True)

    def step_problems(self, step: int) -> list[Problem]:
        return problems_for_step(self.problems(), STEPS[step])

    def first_open_step(self) -> int:
        """The first step with something missing (the output step when none has)."""
        problems = self.problems()
        return next((index for index, step in enumerate(STEPS[:OUTPUT_STEP])
                     if problems_for_step(problems, step)), OUTPUT_STEP)

    def reachable(self, step: int) -> bool:
        """A step may be visited when every step before it is complete (any step, once locked)."""
        return 0 <= step < len(STEPS) and step <= self.first_open_step()

    def go_to(self, step: int) -> bool:
        """Move to `step` if it is reachable; the answers and the step are saved at once."""
        if not self.reachable(step):
            return False
        self.step = step
        if not self.read_only:
            self.enter(step)
            self.save_now()
        return True

    def _visited(self, step: int) -> bool:
        """The step was shown before (its audit event), or its answers say so."""
        final = self.interview.confirmation.final
        if step == CONFIRMATION_STEP and (not final.is_empty() or final.captured_at is not None):
            return True
        return any(event.event == audit.STEP_SHOWN and STEPS[step] in event.fields
                   for event in self.store.audit_trail(self.id))

    def enter(self, step: int) -> None:
        """`step` is about to be shown (a window calls this before drawing it; `go_to` too):
        the first entry to 意向確認 starts the final wishes from the initial ones."""
        if step != CONFIRMATION_STEP or self._final_started:
            return
        self._final_started = True
        final, initial = self.interview.confirmation.final, self.interview.initial_intent
        final.liability_events = list(initial.liability_events)
        final.expense_items = list(initial.expense_items)
        final.other_wishes = initial.other_wishes
        self.changed()

    # Rules of the answers ----------------------------------------------------------------

    def record_initial_wishes(self) -> None:
        """The initial wishes were heard now (again: the time moves to now)."""
        self.interview.ensure_editable()
        self.interview.initial_intent.captured_at = now()
        self.changed()

    def period_start_changed(self) -> bool:
        """The quote's period start was typed: an end not given yet, or still the one proposed
        from the earlier start, becomes a year after the new start (the common period, which the
        validation asks a reason to shorten); an end the agent typed is kept. True if the end
        changed: the wizard shows it, in full, for the agent to check against the quote."""
        quote = self.interview.quote
        if quote.period_end is not None and quote.period_end != self.proposed_end:
            return False
        proposed = one_year_later(quote.period_start) if quote.period_start else None
        changed = quote.period_end != proposed
        quote.period_end = self.proposed_end = proposed
        if changed:
            self.changed()
        return changed

    def period_end_typed(self) -> None:
        """The agent typed the end: it is theirs, whatever the start becomes."""
        self.proposed_end = None

    def final_wishes_changed(self) -> bool:
        """The final wishes were edited: a confirmation given before is withdrawn (the customer
        confirmed what was on the screen then). True if one was."""
        confirmation = self.interview.confirmation
        withdrawn = confirmation.customer_confirmed
        if withdrawn:
            self.confirm(False)
        else:
            self.changed()
        return withdrawn

    def confirm(self, confirmed: bool, day: date | None = None) -> None:
        """The customer confirmed the final wishes and the proposal (on `day`), or withdrew it:
        the final wishes' moment is the confirmation's."""
        self.interview.ensure_editable()
        confirmation = self.interview.confirmation
        confirmation.customer_confirmed = confirmed
        confirmation.final.captured_at = now() if confirmed else None
        if confirmed and day is not None:
            confirmation.confirmed_on = day
        self.changed()

    def record_output(self, how: str) -> None:
        """The record was printed or saved (see the module's `record_output`)."""
        record_output(self.store, self.id, how)

    # Autosave ----------------------------------------------------------------------------

    def changed(self) -> float:
        """An answer changed: a save is due within `delay` seconds (a signature the content no
        longer matches is voided, and the save records it). Returns the seconds left."""
        self.interview.ensure_editable()
        signing.void_changed(self.interview)
        now = self._clock()
        if self._due is None:
            self._due = now + self.delay
        return max(0.0, self._due - now)

    def due_in(self) -> float | None:
        """Seconds until the next save is due; None when nothing is waiting to be saved."""
        return None if self._due is None else max(0.0, self._due - self._clock())

    def save_if_due(self) -> bool:
        """Hand the answers to the writer if the save is due; True if it did."""
        if self._due is None or self._clock() < self._due:
            return False
        self.save_now()
        return True

    def save_now(self) -> None:
        """Hand a copy of the answers as they are now to the writer thread."""
        self._due = None
        snapshot = copy.deepcopy(self.interview)
        with self._condition:
            if self._pending and self._pending[-1][1] == self.step:
                self._pending[-1] = (snapshot, self.step)  # the newer answers of the same page
            else:
                self._pending.append((snapshot, self.step))
            self._condition.notify_all()

    def mark_open(self) -> None:
        """Note in the settings that this interview is open (`open_interview`), so that a restart
        after a crash reopens it: written by the writer thread before any answers that follow,
        so that the window showing it does not wait for the disk."""
        if self._thread is None:  # read-only: nothing is written but this
            self.store.set_setting(OPEN_INTERVIEW, self.id)
            return
        with self._condition:
            self._open_mark = True
            self._condition.notify_all()

    def is_idle(self) -> bool:
        """Nothing due and nothing being written."""
        with self._condition:
            return self._due is None and not (self._pending or self._busy or self._open_mark)

    def flush(self) -> str:
        """Write what is due now and wait for it; returns why the last write failed ("" if not)."""
        if self.read_only:
            return ""
        if self._due is not None:
            self.save_now()
        with self._condition:
            self._condition.wait_for(lambda: not (self._pending or self._busy or self._open_mark))
        return self.last_error

    def close(self) -> str:
        """Flush, then end the writer thread; returns why the last write failed ("" if not)."""
        reason = self.flush()
        if self._thread is not None:
            with self._condition:
                self._stopping = True
                self._condition.notify_all()
            self._thread.join()
            self._thread = None
        return reason

    def _write(self, interview: Interview, step: int) -> None:
        try:
            self.store.save(interview, wizard_step=step)
        except Exception as error:  # reported by reason; the next change tries again
            self.last_error = reason_of(error)
            raise SaveFailed(self.last_error) from None
        self.last_error = ""

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(
                    lambda: self._pending or self._stopping or self._open_mark)
                marking = self._open_mark
                if marking:
                    self._open_mark = False
                elif not self._pending:
                    return
                else:
                    interview, step = self._pending.pop(0)
                self._busy = True
            if marking:
                try:  # a failure leaves the marker unset: only a crash resume is lost
                    self.store.set_setting(OPEN_INTERVIEW, self.id)
                except Exception as error:  # the reason, as for a failed save (the disk, the lock)
                    self.last_error = reason_of(error)
                finally:
                    with self._condition:
                        self._busy = False
                        self._condition.notify_all()
                continue
            listeners: list[Callable[..., None]]
            argument: tuple[str, ...]
            try:
                self._write(interview, step)
            except SaveFailed as failure:
                listeners, argument = self.failed_listeners, (str(failure),)
            else:
                listeners, argument = self.saved_listeners, ()
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
            for listener in list(listeners):
                listener(*argument)

    # Finalizing --------------------------------------------------------------------------

    def accept_substitutes(self) -> list[NameSubstitute]:
        """The agent saw how the print shows characters its font lacks (𠮷 as 吉) and accepts it:
        recorded in the record — before anyone signs, since signing binds the content — and in
        the audit trail (the fields, never their text)."""
        self.interview.ensure_editable()
        accepted = accept_substitutes(self.interview)
        if accepted:
            self.flush()
            self._write(self.interview, self.step)
            self.store.record_event(self.interview.id, audit.SUBSTITUTES_ACCEPTED,
                                    [n.field for n in accepted])
        return accepted

    def sign(self, role: str, strokes: list[list[tuple[float, ...]]]) -> bool:
        """`role` ("customer" or "agent") signs the record as it is now; saved at once (the store
        records a `signed` event). True when this signature finalized it (both valid).

        Raises ProblemsError when the record is incomplete (nobody signs an incomplete record)
        or the strokes are empty or beyond the limits; SaveFailed or LifecycleError as finalize.
        """
        self.interview.ensure_editable()
        missing = self.problems()
        if missing:
            raise ProblemsError(missing)
        name = (self.interview.confirmation.confirmed_by if role == signing.CUSTOMER
                else self.interview.agent.agent_name)
        signing.sign(self.interview, role, strokes, name, self._fingerprint())
        if signing.fully_signed(self.interview):
            self.finalize()
            return True
        self.flush()
        self._write(self.interview, self.step)
        return False

    def clear_signature(self, role: str) -> None:
        """Remove `role`'s signature to sign again; saved at once (the trail records it)."""
        signing.unsign(self.interview, role)
        self.flush()
        self._write(self.interview, self.step)

    def finalize(self, paper: bool = False) -> Interview:
        """Lock the interview exactly as it is on screen: signed on the screen by both, or with
        `paper`, printed for signatures by hand (recorded as such).

        Raises SaveFailed (with the reason) if the answers on screen cannot be written first,
        ProblemsError listing what is missing, LifecycleError if it is no longer a draft.
        """
        self.interview.ensure_editable()
        self.flush()  # an older snapshot must not land after the write below
        self._write(self.interview, self.step)  # on this thread: its failure stops us here
        missing = self.problems()
        if not missing and not paper and not signing.fully_signed(self.interview):
            missing = [Problem("signatures", _(
                "The customer and the agent sign on the screen (or print it for signatures on "
                "paper)."))]
        if missing:
            raise ProblemsError(missing)
        if paper and not self.interview.signatures.paper:
            self.interview.signatures.paper = True
            self._write(self.interview, self.step)  # the store records `signed_on_paper`
        finalized = self.store.finalize(self.interview.id, self.catalogue)
        self.close()
        self.interview = finalized
        self.read_only = True
        return finalized
