"""What several sub-commands share: reading an interview file, opening the store, finding an id."""

from __future__ import annotations

from pathlib import Path

from cyberdesk.cli.main import BadInput
from cyberdesk.i18n import _
from cyberdesk.model.interview import Interview
from cyberdesk.model.problems import Problem, ProblemsError


def problem_lines(source: str, problems: list[Problem]) -> list[str]:
    return [f"{source}: {problem}" for problem in problems]


def read_interview_file(path: str) -> Interview:
    """Parse an interview file; BadInput names the file and each problem."""
    from cyberdesk.inputfile import InputFileError, read_bounded
    from cyberdesk.model.document import LIMITS, loads

    try:
        data = read_bounded(Path(path), LIMITS.max_bytes)
    except InputFileError as error:
        raise BadInput([f"{path}: {error}"]) from None
    try:
        return loads(data)
    except ProblemsError as error:
        raise BadInput(problem_lines(path, error.problems)) from None


def checked_interview_file(path: str, complete: bool = False):
    """Parse and validate an interview file against its catalogue: (interview, catalogue)."""
    from cyberdesk.catalogue import installed
    from cyberdesk.model.validation import check

    interview = read_interview_file(path)
    # A file that says it is finalized (or later) must be complete: it will be stored locked.
    complete = complete or interview.status.locked
    catalogue, problems = check(interview, installed(), complete)
    if problems:
        raise BadInput(problem_lines(path, problems))
    return interview, catalogue


def warn_unprintable(source: str, interview: Interview) -> None:
    """One line on stderr per field holding a character the printed record cannot show."""
    import sys

    from cyberdesk.model.validation import print_warnings

    for warning in print_warnings(interview):  # kept as typed: a warning, not a refusal
        print(_("{file}: {field}: warning: {message}").format(
            file=source, field=warning.field, message=warning.message), file=sys.stderr)


def open_store():
    from cyberdesk.store.store import Store

    return Store.open(app=False)  # runs beside the app, waiting its turn


def resolve(store, id_or_prefix: str) -> str:
    from cyberdesk.store.store import NotFound

    try:
        return store.resolve(id_or_prefix)
    except NotFound as error:
        raise BadInput([str(error)]) from None
