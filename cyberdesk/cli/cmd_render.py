"""`cyberdesk render FILE.json|ID -o OUT.pdf`: the coverage summary (補償内容のご案内) as a PDF.

Any interview that is consistent so far renders, a draft included (unanswered parts print as
blank lines to fill in by hand). Rendering a file never opens the database, and nothing here
loads Qt, so the command starts as fast as reportlab allows.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from cyberdesk.cli.common import (
    BadInput,
    checked_interview_file,
    open_store,
    problem_lines,
    resolve,
    say,
    stored,
    warn_unprintable,
)
from cyberdesk.files.errors import os_reason
from cyberdesk.files.outputs import OutputRefused, check_output
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Write the coverage summary of an interview file or of a stored interview "
                           "(its id or the start of it) as a PDF.")
    parser.add_argument("source", metavar=_("FILE|ID"),
                        help=_("an interview file, or the id (or its start) of a stored interview"))
    parser.add_argument("-o", "--output", required=True, metavar=_("FILE"),
                        help=_("the PDF file to write (replaced only once complete)"))
    parser.set_defaults(run=run)


def _looks_like_a_file(source: str) -> bool:
    return os.path.isfile(source) or source.lower().endswith(".json") or os.sep in source


def _stored(source: str):
    """A stored interview, checked against the catalogue version it was made with."""
    # lazy: only when this command runs
    from cyberdesk.catalogue import installed
    from cyberdesk.model.validation import check

    with open_store() as store:
        interview_id = resolve(store, source)
        interview = stored(store, interview_id)
        superseded_by = store.superseded_by(interview)
    catalogue, problems = check(interview, installed())
    if problems:
        raise BadInput(problem_lines(interview_id, problems))
    return interview, catalogue, superseded_by


def run(args) -> int:
    try:
        check_output(Path(args.output), [Path(args.source)])
    except OutputRefused as error:
        raise BadInput([str(error)]) from None
    superseded_by = None  # a file stands alone; the store knows the later revisions
    from_file = _looks_like_a_file(args.source)
    if from_file:
        interview, catalogue = checked_interview_file(args.source)
    else:
        interview, catalogue, superseded_by = _stored(args.source)
    warn_unprintable(args.source, interview)

    # lazy: only when this command runs
    from cyberdesk.services.pdf import write_pdf

    try:
        write_pdf(interview, catalogue, Path(args.output), superseded_by)
    except OSError as error:
        raise BadInput([_("{file}: cannot be written ({reason})").format(
            file=args.output, reason=os_reason(error))]) from None
    if not from_file:  # the stored record left the laptop as a PDF: its audit trail says so
        # lazy: a file renders without the session
        from cyberdesk.services.session import PDF_FILE, record_output

        with open_store() as store:
            record_output(store, interview.id, PDF_FILE)
    say(Path(args.output).absolute())
    return 0
