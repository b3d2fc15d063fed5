"""`cyberdesk export-json ID -o FILE`: write a stored interview as an interview file."""

from __future__ import annotations

import argparse
from pathlib import Path

from cyberdesk.cli.common import BadInput, open_store, resolve, say, stored
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.files.outputs import OutputRefused, check_output
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Write a stored interview as an interview file.")
    parser.add_argument("id", metavar="ID")
    parser.add_argument("-o", "--output", required=True, metavar=_("FILE"))
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.model.document import dumps

    try:
        check_output(Path(args.output))
    except OutputRefused as error:
        raise BadInput([str(error)]) from None
    with open_store() as store:
        interview = stored(store, resolve(store, args.id))
    try:
        write_bytes_atomic(Path(args.output), dumps(interview).encode("utf-8"))
    except OSError as error:
        raise BadInput([_("{file}: cannot be written ({reason})").format(
            file=args.output, reason=os_reason(error))]) from None
    say(Path(args.output).absolute())
    return 0
