"""Entry point: parse the command line, run one sub-command, turn failures into exit codes.

Exit 0 on success, 2 on bad input (one line per problem on stderr, nothing stored), 1 on
anything else. The user never sees a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from cyberdesk import __version__
from cyberdesk.cli.common import BadInput, say
from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import N_, _, language_from_environment, set_language

# Sub-command modules, in the order `--help` lists them.
COMMANDS = (
    "gui", "validate", "import_", "list_", "export_json", "finalize", "revise", "render",
    "export", "sync", "resend", "purge", "verify", "key", "office",
)


# argparse's own words, so that usage errors and --help read in the user's language too.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("show program's version number and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("expected one argument"),
    N_("argument %(argument_name)s: %(message)s"), N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit 2, like all bad input."""

    def error(self, message: str) -> NoReturn:
        raise BadInput([f"{self.prog}: {message}"])


def commands_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The sub-commands to register for `argv`: starting the app (`cyberdesk gui …`,
    `cyberdesk --smoke`) registers only its own, so the window does not wait for every other
    command's module to load (~0.1 s); anything else registers them all (--help lists them)."""
    if argv[:1] == ["gui"] or list(argv) == ["--smoke"]:
        return ("gui",)
    return COMMANDS


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    # argparse looks its messages up through this module-level name (private: typeshed omits it)
    argparse._ = _  # type: ignore[attr-defined]
    parser = Parser(
        prog="cyberdesk",
        description=_("Interviews and proposals for Cyber Protector with the IT business rider."),
    )
    # argparse fixed this help text when it was imported: it is given again to be translated.
    parser.add_argument("--version", action="version", version=f"cyberdesk {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--smoke", action="store_true", dest="smoke_alone",
                        help=_("start the app as a user would, report the start-up times and exit "
                               "once it can save (the same as “gui --smoke”)"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in commands:
        importlib.import_module(f"cyberdesk.cli.cmd_{name}").register(subparsers)
    return parser


def tolerate_unprintable() -> None:
    """A character the console cannot show (𠮷 or an emoji on a Japanese Windows console,
    cp932) is printed as "?" instead of ending the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def report_set_aside_catalogues() -> None:
    """One line on stderr for each catalogue file this command loaded and had to refuse."""
    catalogue = sys.modules.get("cyberdesk.catalogue")  # not imported: nothing was loaded
    if catalogue is not None and catalogue.installed.cache_info().currsize:
        for error in catalogue.installed().refused:
            say(_("Catalogue set aside: {reason}").format(reason=error), error=True)


def main(argv: Sequence[str] | None = None) -> int:
    # Every file and folder CyberDesk makes (databases and their logs, locks, keys, bundles,
    # quarantine, reports) is the user's alone, whatever umask the shell or service gives.
    os.umask(0o077)
    tolerate_unprintable()
    set_language(language_from_environment(os.environ))
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["gui"]
    try:
        return _run(argv)
    finally:
        report_set_aside_catalogues()


def _run(argv: list[str]) -> int:
    parser = build_parser(commands_for(argv))
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit_:  # --help and --version
            return 2 if exit_.code not in (0, None) else 0
        if args.smoke_alone and args.command is None:  # the start-up check of `cyberdesk` alone
            args = parser.parse_args(["gui", "--smoke"])
        if not hasattr(args, "run"):
            parser.print_help(sys.stderr)
            return 2
        return int(args.run(args) or 0)
    except BadInput as error:
        for line in error.problems:
            say(line, error=True)
        return 2
    except KeyboardInterrupt:
        return 1
    except Exception as error:  # the user gets one line, never a traceback
        # lazy: only when this command runs
        from cyberdesk.trust.deployment import DeploymentError

        if isinstance(error, DeploymentError):  # IT's file is wrong: input to fix, not a fault
            for line in error.problems:
                say(line, error=True)
            return 2
        say(_fault_line(error), error=True)
        return 1


def _fault_line(error: Exception) -> str:
    """One line for a fault: the store's own words, or the OS's; never an exception's type or
    text otherwise (it may quote customer data)."""
    # lazy: only when this command runs
    from cyberdesk.i18n import TranslationMissing
    from cyberdesk.store.database import StoreError
    from cyberdesk.trust.secretstore import SecretError

    if isinstance(error, StoreError | TranslationMissing | SecretError):
        return str(error)
    if isinstance(error, OSError) and error.strerror:
        return _("Error: {reason}").format(
            reason=f"{error.filename}: {os_reason(error)}" if error.filename else os_reason(error))
    return _("Error: the command stopped unexpectedly; nothing more was changed. Please report "
             "this to your IT support.")
