"""`cyberdesk purge [--now]`: what head office has received and when this laptop removes it.

One line per received interview: document number, the day its receipt arrived, the day it is
purged (or was). `--now` purges those whose day has come (a sync does the same on its own).
Nothing is listed or purged without a deployment file that sets `retention_days`.
"""

from __future__ import annotations

import argparse

from cyberdesk.cli.common import open_store, say, say_row
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("List the interviews head office has received and the day each is removed "
                           "from this laptop (the deployment file's retention days after the "
                           "receipt), leaving a tombstone.")
    parser.add_argument("--now", action="store_true",
                        help=_("remove the interviews whose day has come"))
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.services.purge import purge_due, retention_days, schedule

    days = retention_days()
    if days is None:
        say(_("No retention days are set (deployment file): nothing is removed from this "
                "laptop."))
        return 0
    with open_store() as store:
        purged = {p.interview_id for p in purge_due(store, days)} if args.now else set()
        planned = schedule(store, days)
    for item in planned:
        state = _("removed") if item.purged or item.interview_id in purged else _("to be removed")
        say_row((item.document_number, _("received {day}").format(
            day=item.received_on.isoformat()), f"{state} {item.purge_on.isoformat()}"))
    say(_("{count} received, kept {days} days after the receipt").format(
        count=len(planned), days=days))
    return 0
