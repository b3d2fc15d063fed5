"""Entry point: parse the command line, run one sub-command, turn failures into exit codes.

Exit 0 on success, 2 on bad input (one line per problem on stderr, nothing stored), 1 on
anything else. The user never sees a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from cyberdesk import __version__
from cyberdesk.cli.common import BadInput, say
from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import N_, _, language_from_environment, set_language

# The sub-commands in the order `--help` lists them: (name, "module:function" in cyberdesk.cli
# that adds its arguments, help). Only the chosen command's module is imported: the others need
# no more than their name and help line (rendering a PDF no longer imports head office's tools).
COMMANDS = (
    ("gui", "cmd_gui:register", N_("start the app (the default)")),
    ("validate", "cmd_validate:register", N_("check interview files")),
    ("import", "cmd_import_:register", N_("store an interview file")),
    ("list", "cmd_list_:register", N_("list stored interviews")),
    ("export-json", "cmd_export_json:register", N_("write a stored interview to a file")),
    ("finalize", "cmd_finalize:register", N_("lock a complete interview")),
    ("revise", "cmd_revise:register", N_("open a revision of a finalized interview")),
    ("render", "cmd_render:register", N_("write the coverage summary as a PDF")),
    ("export", "cmd_export:register", N_("write the head-office bundle of a finalized interview")),
    ("sync", "cmd_sync:register", N_("send the waiting bundles to the sync folder")),
    ("resend", "cmd_resend:register", N_("send again a bundle head office could not accept")),
    ("purge", "cmd_purge:register",
     N_("list what will be removed from this laptop after head office's receipt")),
    ("verify", "cmd_verify:register", N_("check bundles received from agents")),
    ("key", "cmd_key:register_key", N_("show this laptop's key fingerprint")),
    ("enrol", "cmd_key:register_enrol", N_("write this laptop's enrolment file for head office")),
    ("office", "cmd_office:register", N_("head office: take in bundles, report")),
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


# Commands that run once and end, making many objects but few cycles: the cyclic garbage
# collector is paused while they run (reference counting frees all but a few hundred objects).
# A render otherwise makes ~65 passes over the modules' and fonts' objects, ~8 ms of its CPU.
PAUSE_COLLECTOR = frozenset({"render"})


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit 2, like all bad input."""

    def error(self, message: str) -> NoReturn:
        raise BadInput([f"{self.prog}: {message}"])


def chosen_command(argv: Sequence[str]) -> str | None:
    """The sub-command `argv` names: its first word that is not an option (the top-level
    options take no value), "gui" for `cyberdesk --smoke` alone; None for `--help` alone."""
    for word in argv:
        if not word.startswith("-"):
            return word
    return "gui" if "--smoke" in argv else None


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser with every sub-command listed by name and help line; only the `chosen` one
    ("*": every one) gets its arguments, from its module, imported here and only here."""
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
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name, where, help_ in COMMANDS:
        parser_ = commands.add_parser(name, help=_(help_))
        if chosen in (name, "*"):
            module, function = where.split(":")
            # lazy: only the chosen command's module (and what it imports) is loaded
            getattr(importlib.import_module(f"cyberdesk.cli.{module}"), function)(parser_)
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
    as_program = argv is None  # the process ends when this returns (a caller passes argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["gui"]
    collecting = gc.isenabled()
    paused = chosen_command(argv) in PAUSE_COLLECTOR
    if paused:
        gc.disable()
    try:
        return _run(argv)
    finally:
        if paused and as_program:
            # Python's exit collects everything once more (three passes over the fonts' and
            # modules' objects, ~3 % of a render's instructions) to find garbage the OS takes
            # back anyway: frozen, they are left out. The command's files are closed by now.
            gc.freeze()
        if collecting:
            gc.enable()
        report_set_aside_catalogues()


def _run(argv: list[str]) -> int:
    parser = build_parser(chosen_command(argv))
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
