"""The coverage summary (補償内容のご案内) as PDF bytes: what the GUI previews and prints, what the
CLI writes and what the head-office bundle carries.

`render_pdf` is a pure function of the interview and its catalogue version: the same input gives
the same bytes (the document date is the interview's date, never the clock).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from cyberdesk.catalogue import Catalogue
from cyberdesk.clock import today
from cyberdesk.model.interview import Agent, Interview

__all__ = ["blank_form", "render_pdf", "write_pdf"]


def blank_form(catalogue: Catalogue, agent: Agent, on: date | None = None) -> Interview:
    """The form to fill in by hand when the laptop cannot be used: a draft that knows only the
    agent, the catalogue in force and the day — every answer prints as a blank line or box."""
    return Interview(agent=copy.copy(agent), catalogue_id=catalogue.id,
                     catalogue_version=catalogue.version, interview_date=on or today())


def render_pdf(interview: Interview, catalogue: Catalogue, superseded_by: int | None = None) -> bytes:
    """The summary of `interview` (which must validate against `catalogue`) as PDF bytes;
    `superseded_by`: the later revision that replaced it (then said on every page)."""
    from cyberdesk.services.pdf.content import build
    from cyberdesk.services.pdf.layout import Renderer

    return Renderer(build(interview, catalogue, superseded_by)).render()


def write_pdf(interview: Interview, catalogue: Catalogue, path: Path,
              superseded_by: int | None = None) -> None:
    """Render, then write atomically: the file is complete under its name or not there at all."""
    from cyberdesk.files.atomic import write_bytes_atomic

    write_bytes_atomic(Path(path), render_pdf(interview, catalogue, superseded_by))  # 0600
