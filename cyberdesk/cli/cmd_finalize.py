"""`cyberdesk finalize ID`: lock a complete interview, or list what is still missing."""

from __future__ import annotations

import argparse

from cyberdesk.cli.common import BadInput, open_store, problem_lines, resolve, say, stored
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Finalize a stored interview. An incomplete one is refused with the list "
                           "of what is missing.")
    parser.add_argument("id", metavar="ID")
    parser.add_argument(
        "--accept-substitutes", action="store_true",
        help=_("accept that fields the print font cannot draw exactly print with their usual "
               "substitute (𠮷 as 吉); without it such an interview is refused"))
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.catalogue import installed
    from cyberdesk.model import signing
    from cyberdesk.model.interview import LifecycleError
    from cyberdesk.model.problems import ProblemsError
    from cyberdesk.model.validation import catalogue_for

    with open_store() as store:
        interview_id = resolve(store, args.id)
        interview = stored(store, interview_id)
        catalogue = catalogue_for(interview, installed())
        if catalogue is None:
            raise BadInput([_("{id}: catalogue {version} is not installed").format(
                id=interview_id, version=interview.catalogue_version)])
        try:
            # A terminal has no signature pad: unless both signed on the screen, the record is
            # locked for signatures by hand on paper, and says so (signatures.paper, the trail).
            store.finalize(interview_id, catalogue, accept_substitutes=args.accept_substitutes,
                           paper=not signing.fully_signed(interview))
        except ProblemsError as error:
            raise BadInput(problem_lines(interview_id, error.problems)) from None
        except LifecycleError as error:
            raise BadInput([f"{interview_id}: {error}"]) from None
    say(_("{id}: finalized").format(id=interview_id))
    return 0
