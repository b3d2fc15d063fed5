"""`cyberdesk resend ID`: send again a bundle head office refused, once the cause is fixed.

The next `cyberdesk sync` (or 送付) delivers it; head office recognises the same signed content
even when the bundle had to be rebuilt.
"""

from __future__ import annotations

import argparse

from cyberdesk.cli.common import BadInput, open_store, resolve, say
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Mark the bundle of an interview head office refused to be sent again by "
                           "the next sync (do it once the cause the refusal names is fixed).")
    parser.add_argument("id", metavar="ID")
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.services.refusals import NotRefused, resend

    with open_store() as store:
        interview_id = resolve(store, args.id)
        try:
            resend(store, interview_id)
        except NotRefused as error:
            raise BadInput([str(error)]) from None
    say(_("{id}: will be sent again with the next sync").format(id=interview_id))
    return 0
