"""`cyberdesk office intake|report`: head office's side (see docs/head-office.md).

intake: one line per bundle quarantined (stderr), then `N taken in, N already had, N waiting,
N quarantined`; exit 0, or 1 when anything was quarantined or a receipt could not be written.
report: the figures on stdout, and the CSV and HTML files when asked for.
Starts without Qt and without reportlab.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cyberdesk.i18n import _


def register(commands) -> None:
    office = commands.add_parser(
        "office", help=_("head office: take in bundles, report"),
        description=_("Head office's tools. The database is --db URL, else the environment "
                      "variable CYBERDESK_OFFICE_DB, else an SQLite file in the data folder."))
    tools = office.add_subparsers(dest="office_command", metavar=_("COMMAND"))
    intake = tools.add_parser(
        "intake", help=_("take in the bundles under the folders"),
        description=_("Verify and store every bundle under the folders, write a receipt for "
                      "each one held, and move damaged or duplicate bundles to the quarantine "
                      "folder. Exit 1 when anything was quarantined."))
    intake.add_argument("folders", nargs="+", metavar=_("FOLDER"))
    _db_option(intake)
    intake.add_argument("--quarantine", metavar=_("FOLDER"),
                        help=_("where refused bundles go (default: a folder in the data folder)"))
    intake.set_defaults(run=run_intake)
    report = tools.add_parser(
        "report", help=_("interviews, plans and compliance exceptions"),
        description=_("Interviews by agency, agent and month, plan mix, business types and the "
                      "compliance exceptions to chase."))
    _db_option(report)
    report.add_argument("--since", metavar=_("DATE"),
                        help=_("only interviews dated on or after this day (YYYY-MM-DD)"))
    report.add_argument("--csv", metavar=_("FILE"), help=_("write one row per current interview"))
    report.add_argument("--html", metavar=_("FILE"), help=_("write the report as a web page"))
    report.set_defaults(run=run_report)
    office.set_defaults(run=lambda _args: _usage(office))


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _db_option(parser) -> None:
    parser.add_argument("--db", metavar="URL",
                        help=_("head office's database as an SQLAlchemy URL (SQLite or PostgreSQL)"))


def _open(url: str | None):
    """The office store, or the reason it cannot be opened as bad input (2) or a fault (1)."""
    from cyberdesk.cli.main import BadInput
    from cyberdesk.office.database import BadUrl
    from cyberdesk.office.store import OfficeStore

    try:
        return OfficeStore.open(url)
    except BadUrl as error:
        raise BadInput([str(error)]) from None


def _guarded(work):
    """Run `work`; a database fault mid-run is one line and exit 1 (no SQL, no parameters)."""
    from sqlalchemy.exc import SQLAlchemyError

    from cyberdesk.office.database import OfficeDbError, reason

    try:
        return work()
    except OfficeDbError as error:
        print(str(error), file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(_("The database failed: {reason}").format(reason=reason(error)), file=sys.stderr)
        return 1


def run_intake(args) -> int:
    from cyberdesk import paths
    from cyberdesk.cli.main import BadInput

    folders = [Path(folder) for folder in args.folders]
    missing = [folder for folder in folders if not folder.is_dir()]
    if missing:
        raise BadInput([_("{path}: no such folder").format(path=folder) for folder in missing])
    quarantine_dir = Path(args.quarantine) if args.quarantine else paths.home() / "quarantine"

    def work() -> int:
        from cyberdesk.office.intake import intake

        with _open(args.db) as store:
            result = intake(store, folders, quarantine_dir)
        for item in result.quarantined:
            print(_("quarantined {file}: {reasons}").format(
                file=item.path, reasons="; ".join(item.reasons)), file=sys.stderr)
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(_("{taken} taken in, {had} already had, {waiting} waiting, {quarantined} "
                "quarantined").format(taken=len(result.taken_in), had=len(result.already_had),
                                      waiting=len(result.waiting),
                                      quarantined=len(result.quarantined)))
        return 0 if result.ok else 1

    return _guarded(work)


def run_report(args) -> int:
    from datetime import date

    from cyberdesk.cli.main import BadInput

    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise BadInput([_("--since {value}: not a date (YYYY-MM-DD)").format(
                value=args.since)]) from None

    def work() -> int:
        from cyberdesk.office import report

        with _open(args.db) as store:
            data = report.build(store, since)
        try:
            if args.csv:
                report.write_csv(data, Path(args.csv))
            if args.html:
                report.write_html(data, Path(args.html))
        except OSError as error:
            print(_("{file}: cannot be written ({reason})").format(
                file=error.filename, reason=error.strerror or error), file=sys.stderr)
            return 1
        print(report.text(data))
        return 0

    return _guarded(work)
