"""`cyberdesk import FILE`: store an interview file; prints the new interview's id last."""

from __future__ import annotations

import argparse

from cyberdesk.cli.common import BadInput, checked_interview_file, open_store, say
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Store an interview file in the local database. The id of the stored "
                           "interview is the last line printed.")
    parser.add_argument("file", metavar=_("FILE"))
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.store.store import Conflict

    interview, _catalogue = checked_interview_file(args.file)
    with open_store() as store:
        try:
            store.add(interview)
        except Conflict as error:
            raise BadInput([f"{args.file}: {error}"]) from None
    say(interview.id)
    return 0
