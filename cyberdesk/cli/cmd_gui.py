"""`cyberdesk gui`: start the app (also what `cyberdesk` alone does)."""

from __future__ import annotations

import argparse
import os
import sys

from cyberdesk.cli.common import say
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Start the CyberDesk window.")
    parser.add_argument("--smoke", action="store_true",
                        help=_("start as a user would, report the start-up times and exit once the "
                               "app can save"))
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: Qt only for the gui command
    from cyberdesk.gui.display_check import display_problem

    problem = display_problem(os.environ)
    if problem:
        say(problem, error=True)
        return 1
    # lazy: Qt only for the gui command
    from cyberdesk.gui.app import run_app

    code = run_app(smoke=args.smoke)
    # The store is closed (every answer committed and on the disk) and the window gone: ending
    # the process here skips tearing down each Qt object and module one by one, which kept the
    # process alive 0.1-0.3 s after the window had closed.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
