"""The coverage summary (補償内容のご案内) as PDF bytes: what the GUI previews and prints, what the
CLI writes and what the head-office bundle carries.

`render_pdf` is a pure function of the interview and its catalogue version: the same input gives
the same bytes (the document date is the interview's date, never the clock).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cyberdesk.catalogue import Catalogue
from cyberdesk.clock import today
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.model.interview import Agent, Interview, new_id

if TYPE_CHECKING:
    from cyberdesk.store.store import Store

__all__ = ["blank_form", "blank_form_id", "render_pdf", "write_pdf"]
BLANK_FORM_ID = "blank_form_id"  # the store's setting: the blank form's own id (its number)


def blank_form(catalogue: Catalogue, agent: Agent, on: date | None = None,
               form_id: str | None = None) -> Interview:
    """The form to fill in by hand when the laptop cannot be used: a draft that knows only the
    agent, the catalogue in force and the day — every answer prints as a blank line or box.
    `form_id` (see blank_form_id) gives it the same document number at every print."""
    form = Interview(agent=copy.copy(agent), catalogue_id=catalogue.id,
                     catalogue_version=catalogue.version, interview_date=on or today())
    if form_id:
        form.id = form.lineage_id = form_id
    return form


def blank_form_id(store: Store) -> str:
    """The blank form's id, made once and recorded in the store: a reprint has the same number,
    so a form filled in by hand can be matched with the record typed in later."""
    form_id: str | None = store.setting(BLANK_FORM_ID)
    if not form_id:
        form_id = new_id()
        store.set_setting(BLANK_FORM_ID, form_id)
    return form_id


def render_pdf(interview: Interview, catalogue: Catalogue, handwritten: bool = False,
               superseded_by: int | None = None) -> bytes:
    """The summary of `interview` (which must validate against `catalogue`) as PDF bytes;
    `handwritten`: the blank form, marked 「手書き用」 instead of 下書き; `superseded_by`: the later
    revision that replaced it (then said on every page)."""
    # lazy: reportlab only when a PDF is made
    from cyberdesk.services.pdf.content import build
    from cyberdesk.services.pdf.layout import Renderer

    return Renderer(build(interview, catalogue, handwritten, superseded_by)).render()


def write_pdf(interview: Interview, catalogue: Catalogue, path: Path,
              superseded_by: int | None = None) -> None:
    """Render, then write atomically: the file is complete under its name or not there at all."""
    write_bytes_atomic(Path(path), render_pdf(interview, catalogue, superseded_by=superseded_by))
