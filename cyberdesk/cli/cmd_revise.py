"""`cyberdesk revise ID --reason TEXT`: open the next revision of a finalized interview (e.g. one
head office returned), linked to head office's decision; prints the new revision's id last."""

from __future__ import annotations

import argparse

from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Open the next revision of a finalized interview as a draft, with the "
                           "reason recorded. For an interview head office returned, the revision is "
                           "linked to the return. Prints the new revision's id on the last line.")
    parser.add_argument("id", metavar="ID")
    parser.add_argument("--reason", required=True, metavar=_("TEXT"),
                        help=_("why it is revised (recorded with the revision)"))
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.cli.common import open_store, resolve, say
    from cyberdesk.cli.main import BadInput
    from cyberdesk.model.interview import LifecycleError
    from cyberdesk.services import decisions

    reason = args.reason.strip()
    if not reason:
        raise BadInput([_("--reason: say why the interview is revised")])
    with open_store() as store:
        interview_id = resolve(store, args.id)
        decision = decisions.decision_of(store, interview_id)
        try:
            revised = decisions.revise(store, interview_id, reason)
        except LifecycleError as error:
            raise BadInput([f"{interview_id}: {error}"]) from None
    if decision is not None and decision.state == decisions.RETURNED:
        say(_("answers head office's return of {document}").format(
            document=decision.document_number))
    say(revised.id)
    return 0
