"""`cyberdesk key`: this laptop's key fingerprint with its check group (what head office
registers), and `--use-file` to keep the keys in a file where the computer has no keychain.
`cyberdesk enrol -o FILE`: the signed enrolment file head office registers with `office agents
--enrol FILE`, so nobody reads 32 letters aloud."""

from __future__ import annotations

import argparse
from pathlib import Path

from cyberdesk.cli.common import BadInput, open_store, say
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.files.outputs import OutputRefused, check_output
from cyberdesk.i18n import _


def register_key(key: argparse.ArgumentParser) -> None:
    key.description = _("Print this laptop's signing key fingerprint with its check group (the "
                        "last four letters catch a misread letter). --use-file keeps the keys in "
                        "a file from now on, for a computer without a keychain.")
    key.add_argument("--use-file", action="store_true",
                     help=_("keep the keys in a private folder instead of the keychain"))
    key.set_defaults(run=run_key)


def register_enrol(enrol: argparse.ArgumentParser) -> None:
    enrol.description = _("Write a small file, signed by this laptop's key, with its fingerprint, "
                          "public key, agency code and agent name; head office registers it with "
                          "cyberdesk office agents --enrol FILE.")
    enrol.add_argument("-o", "--output", required=True, metavar=_("FILE"))
    enrol.add_argument("--agency", metavar=_("CODE"),
                       help=_("the agency code (default: the deployment file's, else Settings')"))
    enrol.add_argument("--agent", metavar=_("NAME"),
                       help=_("the agent's name (default: Settings')"))
    enrol.set_defaults(run=run_enrol)


def run_key(args) -> int:
    # lazy: only when this command runs (the keychain, the keys)
    from cyberdesk.trust import keys, secretstore

    if args.use_file:
        say(_("The keys are kept in {folder} from now on.").format(
            folder=secretstore.choose_files()))
    say(keys.with_check(keys.laptop_key().fingerprint))
    return 0


def run_enrol(args) -> int:
    # lazy: only when this command runs (the keychain, the keys)
    from cyberdesk.services.enrolment import NotAnEnrolment, build
    from cyberdesk.trust import deployment, keys

    target = Path(args.output)
    try:
        check_output(target)
    except OutputRefused as error:
        raise BadInput([str(error)]) from None
    agency, agent = args.agency, args.agent
    if agency is None or agent is None:
        fixed = deployment.load()
        with open_store() as store:
            profile = store.setting("agent_profile") or {}
        agency = agency or (fixed.agency_code if fixed and fixed.agency_code else None) \
            or profile.get("agency_code", "")
        agent = agent if agent is not None else profile.get("agent_name", "")
    try:
        data = build(keys.laptop_key(), agency, agent)
    except NotAnEnrolment as error:
        raise BadInput([f"--agency: {error}"]) from None
    try:
        write_bytes_atomic(target, data)
    except OSError as error:
        raise BadInput([_("{file}: cannot be written ({reason})").format(
            file=target, reason=os_reason(error))]) from None
    say(keys.with_check(keys.laptop_key().fingerprint))
    say(target.absolute())
    return 0
