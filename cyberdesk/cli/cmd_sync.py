"""`cyberdesk sync [--to DIR]`: deliver every waiting bundle to the sync folder.

Exit 0 when everything was delivered, 1 when the run stopped part-way (the message says why; run
it again once the folder is back), 2 when there is no usable folder to send to.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cyberdesk.cli.common import BadInput, open_store, say
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Copy every bundle not yet delivered into the sync folder set in the "
                           "settings (or the folder given with --to), checking each copy.")
    parser.add_argument("--to", metavar=_("FOLDER"),
                        help=_("send to this folder instead of the one in the settings"))
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.cli.cmd_export import warn_if_pilot
    from cyberdesk.services.outbox import configured_folder
    from cyberdesk.services.seal import NoDeployment
    from cyberdesk.services.sync import SyncError, sync
    from cyberdesk.trust import deployment

    # A broken deployment file is reported (exit 2), never silently skipped; without one,
    # nothing is sent (it could only go in clear).
    if deployment.load() is None:
        raise BadInput([str(NoDeployment())])
    with open_store() as store:
        folder = Path(args.to) if args.to else configured_folder(store)
        if folder is None:
            raise BadInput([_("No sync folder is set: choose one in the settings or give "
                              "--to FOLDER.")])
        try:
            result = sync(store, folder)
        except SyncError as error:
            raise BadInput([str(error)]) from None
    if result.copied:
        warn_if_pilot()
    for name in result.copied:
        say(_("sent {name}").format(name=name))
    for name in result.received:
        say(_("received by head office: {name}").format(name=name))
    for number in result.purged:
        say(_("removed from this laptop after the retention days: {number}").format(number=number))
    for problem in result.refused + result.problems + result.ignored_messages:
        say(problem, error=True)
    say(_("{copied} copied, {found} already there, {remaining} waiting ({folder})").format(
        copied=len(result.copied), found=len(result.already_there),
        remaining=result.remaining, folder=result.folder))
    return 0 if result.complete else 1
