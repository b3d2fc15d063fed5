"""What every sub-command shares: the one way to print (`say`, `say_row`, `say_json`), bad
input, reading an interview file, opening the store, finding an id.

Every line a command prints goes through `say` or `say_row`, its own included: a file name, a
company name or a path from a bundle may hold ESC, a line break or a bidirectional override.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cyberdesk.files.inputs import InputFileError, read_bounded
from cyberdesk.i18n import _
from cyberdesk.japanese.textnorm import one_line
from cyberdesk.model.interview import Interview
from cyberdesk.model.problems import Problem, ProblemsError

if TYPE_CHECKING:
    from cyberdesk.store.store import Store


class BadInput(Exception):
    """Input the user can fix: each line of `problems` is printed on its own line on stderr."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def say(text: object, error: bool = False) -> None:
    """Print one line with its control and bidirectional characters escaped (textnorm.one_line):
    a file name, a company name or a path from a bundle can neither forge a line nor drive or
    reorder the terminal."""
    print(one_line(str(text)), file=sys.stderr if error else sys.stdout)


def say_row(cells: Iterable[object], error: bool = False) -> None:
    """One tab-separated line, each cell escaped as by `say` (so the tabs between them stay)."""
    print("\t".join(one_line(str(cell)) for cell in cells), file=sys.stderr if error else sys.stdout)


def say_json(data: object) -> None:
    """Print JSON for programs, Japanese readable, with the controls JSON leaves raw (C1, line
    separators: a terminal may act on them) escaped as \\uXXXX, which JSON reads back the same."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    print(re.sub("[\x7f-\x9f\u2028\u2029]", lambda match: f"\\u{ord(match.group()):04x}", text))


def problem_lines(source: str, problems: list[Problem]) -> list[str]:
    return [f"{source}: {problem}" for problem in problems]


def read_interview_file(path: str) -> Interview:
    """Parse an interview file; BadInput names the file and each problem."""
    # lazy: only when this command runs
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
    # lazy: only when this command runs
    from cyberdesk.catalogue import installed
    from cyberdesk.model.validation import check

    interview = read_interview_file(path)
    # A file that says it is finalized (or later) must be complete: it will be stored locked.
    # It may have been finalized before the record rules of format version 3: those are checked
    # when asked for (--complete), and head office's intake reports them as exceptions.
    catalogue, problems = check(interview, installed(), complete or interview.status.locked,
                                record=complete)
    if problems:
        raise BadInput(problem_lines(path, problems))
    return interview, catalogue


def warn_unprintable(source: str, interview: Interview) -> None:
    """One line on stderr per field holding a character the printed record cannot show."""
    # lazy: only when this command runs
    from cyberdesk.model.validation import print_warnings

    for warning in print_warnings(interview):  # kept as typed: a warning, not a refusal
        say(_("{file}: {field}: warning: {message}").format(
            file=source, field=warning.field, message=warning.message), error=True)


def open_store() -> Store:
    # lazy: only when this command runs
    from cyberdesk.services.laptop import open_store as open_laptop_store

    return open_laptop_store(app=False)  # runs beside the app, waiting its turn


def resolve(store, id_or_prefix: str) -> str:
    # lazy: only when this command runs
    from cyberdesk.store.store import NotFound

    try:
        return store.resolve(id_or_prefix)
    except NotFound as error:
        raise BadInput([str(error)]) from None


def stored(store, interview_id: str) -> Interview:
    """A stored interview; one that no longer reads as valid (stored by an older CyberDesk, or
    changed behind its back) is bad input naming the id and each problem, not a crash."""
    try:
        return store.get(interview_id)
    except ProblemsError as error:
        raise BadInput(problem_lines(interview_id, error.problems)) from None
