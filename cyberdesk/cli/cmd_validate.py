"""`cyberdesk validate FILE...`: are these interview files consistent so far?"""

from __future__ import annotations

import argparse

from cyberdesk.cli.common import BadInput, checked_interview_file, say, warn_unprintable
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Check that interview files are well-formed and their answers so far "
                           "are consistent (a draft need not be complete).")
    parser.add_argument("files", nargs="+", metavar=_("FILE"))
    parser.add_argument("--complete", action="store_true",
                        help=_("also require everything finalizing needs"))
    parser.set_defaults(run=run)


def run(args) -> int:
    problems: list[str] = []
    for path in args.files:
        try:
            interview, _catalogue = checked_interview_file(path, complete=args.complete)
        except BadInput as error:
            problems.extend(error.problems)
            continue
        warn_unprintable(path, interview)
        say(_("{file}: ok").format(file=path))
    if problems:
        raise BadInput(problems)
    return 0
