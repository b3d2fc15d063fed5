"""`cyberdesk export ID`: write the head-office bundle of a finalized interview to the outbox.

The bundle's path is the last line on stdout, for scripts.
"""

from __future__ import annotations

import argparse

from cyberdesk.cli.common import BadInput, open_store, resolve, say
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Write the bundle for head office (interview file, summary PDF and "
                           "manifest) of a finalized interview to the outbox and print its path.")
    parser.add_argument("id", metavar="ID")
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.services.export import ExportError, export

    with open_store() as store:
        interview_id = resolve(store, args.id)
        try:
            exported = export(store, interview_id)
        except ExportError as error:
            raise BadInput([str(error)]) from None
    warn_if_pilot()
    say(exported.path)
    return 0


def warn_if_pilot() -> None:
    """A pilot deployment sends in clear: every export says so (stderr)."""
    # lazy: the deployment file is read only when this command runs
    from cyberdesk.trust import deployment, protection

    fixed = deployment.load()
    if fixed is not None and not fixed.recipients:
        say(protection.pilot_warning(), error=True)
