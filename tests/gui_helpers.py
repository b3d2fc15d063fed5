"""What the GUI tests share: a store on the test's data folder, sample interviews, and a
stand-in for the person who answers the app's dialogs (cyberdesk.gui.dialogs.responder)."""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any

import pytest

from cyberdesk.catalogue import installed
from cyberdesk.clock import now
from cyberdesk.model.interview import Customer, Interview, Status
from cyberdesk.store.store import Store


def add_interview(store: Store, name: str, kana: str = "", status: Status = Status.DRAFT,
                  day: date = date(2026, 11, 25), plan: str | None = None, revision: int = 1) -> Interview:
    catalogue = installed().current()
    interview = Interview(customer=Customer(company_name=name, company_kana=kana), status=status,
                          interview_date=day, plan=plan, revision=revision,
                          catalogue_id=catalogue.id, catalogue_version=catalogue.version,
                          finalized_at=now() if status.locked else None)
    return store.add(interview)


class Answers:
    """Answers the app's dialogs in order, as a person would, and remembers what was asked."""

    def __init__(self) -> None:
        self.queue: deque[Any] = deque()
        self.requests: list = []

    def __call__(self, request) -> Any:
        self.requests.append(request)
        return self.queue.popleft() if self.queue else None

    def give(self, *answers: Any) -> None:
        self.queue.extend(answers)


@pytest.fixture
def answers(monkeypatch) -> Answers:
    """Every dialog the app opens is answered from this queue (None when it runs dry)."""
    from cyberdesk.gui import dialogs

    stand_in = Answers()
    monkeypatch.setattr(dialogs, "responder", stand_in)
    return stand_in


@pytest.fixture
def qt_japanese(qapp):
    """Japanese in force for gettext and Qt's own catalogue, as the app starts, and again after
    a test that switched the language."""
    from cyberdesk.gui.qt_setup import apply_language

    apply_language(qapp, "ja")
    yield
    apply_language(qapp, "ja")
