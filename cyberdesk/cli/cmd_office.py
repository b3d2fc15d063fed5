"""`cyberdesk office intake|report|keygen|agents`: head office's side (see docs/head-office.md
and docs/security.md).

intake: one line per bundle quarantined (stderr), then `N taken in, N already had, N waiting,
N quarantined`; exit 0, or 1 when anything was quarantined or a receipt could not be written.
report: the figures on stdout, and the CSV and HTML files when asked for.
keygen: head office's age key pair (the key file written 0600, the public key printed).
agents: register, list and revoke the laptops' signing keys.
Starts without Qt and without reportlab.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from cyberdesk.cli.common import BadInput, say, say_row
from cyberdesk.clock import now
from cyberdesk.files import paths
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.errors import os_reason
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
    identity_option(intake)
    signing_key_option(intake)
    intake.set_defaults(run=run_intake)
    keygen = tools.add_parser(
        "keygen", help=_("make head office's key pair for encrypted bundles"),
        description=_("Write a new age key pair to FILE (readable by its owner only) and head "
                      "office's signing key beside it (FILE.signing), and print the public key "
                      "(age1…). Where FILE exists and its signing key does not, only the signing "
                      "key is made; nothing is ever overwritten."))
    keygen.add_argument("file", metavar=_("FILE"))
    keygen.set_defaults(run=run_keygen)
    agents = tools.add_parser(
        "agents", help=_("register the laptops' signing keys"),
        description=_("Without arguments: list the registered keys. --add FINGERPRINT with "
                      "--agency and --agent registers a laptop's key (the fingerprint the agent "
                      "reads from Settings); --revoke FINGERPRINT stops taking in what it signs."))
    _db_option(agents)
    agents.add_argument("--add", metavar=_("FINGERPRINT"))
    agents.add_argument("--revoke", metavar=_("FINGERPRINT"))
    agents.add_argument("--agency", metavar=_("CODE"))
    agents.add_argument("--agent", metavar=_("NAME"), default="")
    agents.set_defaults(run=run_agents)
    report = tools.add_parser(
        "report", help=_("interviews, plans and compliance exceptions"),
        description=_("Interviews by agency, agent and month, plan mix, business types and the "
                      "compliance exceptions to chase."))
    _db_option(report)
    report.add_argument("--since", metavar=_("DATE"),
                        help=_("only interviews dated on or after this day (YYYY-MM-DD)"))
    report.add_argument("--csv", metavar=_("FILE"), help=_("write one row per current interview"))
    report.add_argument("--html", metavar=_("FILE"), help=_("write the report as a web page"))
    report.add_argument("--quarantine", metavar=_("FOLDER"),
                        help=_("intake's quarantine folder, whose bundles the report lists "
                               "(default: the one in the data folder)"))
    report.set_defaults(run=run_report)
    review = tools.add_parser(
        "review", help=_("approve, return or hold a revision"),
        description=_("Decide on a revision head office holds (its document number or interview "
                      "id): approve it, return it to the agent with the reason, or hold it with "
                      "a note. The decision is added to the review log, which nothing changes."))
    review.add_argument("reference", metavar=_("DOCUMENT-OR-ID"))
    decision = review.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_true", help=_("approve it"))
    decision.add_argument("--return", dest="return_reason", metavar=_("REASON"),
                          help=_("return it to the agent, saying why"))
    decision.add_argument("--hold", metavar=_("NOTE"), help=_("put it on hold, with a note"))
    _db_option(review)
    review.add_argument("--reviewer", metavar=_("NAME"),
                        help=_("who decides (SQLite only; default: the user logged in; on "
                               "PostgreSQL the database role decides)"))
    signing_key_option(review)
    review.set_defaults(run=run_review, identity=None)
    desk = tools.add_parser(
        "desk", help=_("open the review desk"),
        description=_("The review desk: the queue of revisions to decide on, each record with "
                      "its PDF, data and audit trail."))
    _db_option(desk)
    signing_key_option(desk)
    desk.set_defaults(run=run_desk, identity=None)
    office.set_defaults(run=lambda _args: _usage(office))


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return 2


def identity_option(parser) -> None:
    parser.add_argument("--identity", action="append", metavar=_("KEYFILE"),
                        help=_("head office's age key file, to open encrypted bundles (repeat it "
                               "for the old key during a rotation)"))


def signing_key_option(parser) -> None:
    parser.add_argument("--signing-key", metavar=_("KEYFILE"),
                        help=_("head office's signing key file (default: the one beside the first "
                               "--identity, or CYBERDESK_OFFICE_SIGNING_KEY)"))


def office_key(args):
    """Head office's signing key for this command (None: none found); BadInput when unusable."""
    # lazy: only when this command runs
    from cyberdesk.cli.main import BadInput
    from cyberdesk.services.messages import OfficeKeyError, default_office_key

    try:
        return default_office_key(Path(args.signing_key) if args.signing_key else None,
                                  [Path(file) for file in args.identity or []])
    except OfficeKeyError as error:
        raise BadInput([str(error)]) from None


def read_identities(files: list[str] | None) -> list | None:
    """The identities of every key file given (None: none given); BadInput when one is unusable."""
    # lazy: only when this command runs
    from cyberdesk.services.seal import SealError
    from cyberdesk.services.seal import read_identities as read

    if not files:
        return None
    identities, problems = [], []
    for file in files:
        try:
            identities += read(Path(file))
        except SealError as error:
            problems.append(str(error))
    if problems:
        raise BadInput(problems)
    return identities


def _db_option(parser) -> None:
    parser.add_argument("--db", metavar="URL",
                        help=_("head office's database as an SQLAlchemy URL (SQLite or PostgreSQL)"))


def open_office(url: str | None):
    """The office store, or the reason it cannot be opened as bad input (2) or a fault (1)."""
    # lazy: only when this command runs
    from cyberdesk.office.database import BadUrl
    from cyberdesk.office.store import OfficeStore

    try:
        return OfficeStore.open(url)
    except BadUrl as error:
        raise BadInput([str(error)]) from None


def _guarded(work):
    """Run `work`; a database fault mid-run is one line and exit 1 (no SQL, no parameters)."""
    # lazy: only when this command runs
    from sqlalchemy.exc import SQLAlchemyError

    from cyberdesk.office.database import OfficeDbError, reason

    try:
        return work()
    except OfficeDbError as error:
        say(error, error=True)
        return 1
    except SQLAlchemyError as error:
        say(_("The database failed: {reason}").format(reason=reason(error)), error=True)
        return 1


def run_intake(args) -> int:
    folders = [Path(folder) for folder in args.folders]
    missing = [folder for folder in folders if not folder.is_dir()]
    if missing:
        raise BadInput([_("{path}: no such folder").format(path=folder) for folder in missing])
    quarantine_dir = Path(args.quarantine) if args.quarantine else paths.home() / "quarantine"
    identities = read_identities(args.identity)
    key = office_key(args)

    def work() -> int:
        # lazy: only when this command runs
        from cyberdesk.office.intake import intake

        with open_office(args.db) as store:
            result = intake(store, folders, quarantine_dir, identities=identities, office_key=key)
        for item in result.quarantined:
            say(_("quarantined {file}: {reasons}").format(
                file=item.path, reasons="; ".join(item.reasons)), error=True)
        for problem in result.problems:
            say(problem, error=True)
        say(_("{taken} taken in, {had} already had, {waiting} waiting, {quarantined} "
                "quarantined").format(taken=len(result.taken_in), had=len(result.already_had),
                                      waiting=len(result.waiting),
                                      quarantined=len(result.quarantined)))
        return 0 if result.ok else 1

    return _guarded(work)


def run_report(args) -> int:
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise BadInput([_("--since {value}: not a date (YYYY-MM-DD)").format(
                value=args.since)]) from None

    def work() -> int:
        # lazy: only when this command runs
        from cyberdesk.office import html, report

        quarantine = Path(args.quarantine) if args.quarantine else paths.home() / "quarantine"
        with open_office(args.db) as store:
            data = report.build(store, since, quarantine)
        try:
            if args.csv:
                report.write_csv(data, Path(args.csv))
            if args.html:
                html.write_html(data, Path(args.html))
        except OSError as error:
            say(_("{file}: cannot be written ({reason})").format(
                file=error.filename, reason=os_reason(error)), error=True)
            return 1
        for line in report.text_lines(data):
            say(line)
        return 0

    return _guarded(work)


def run_keygen(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.services.messages import new_office_key, signing_key_path
    from cyberdesk.services.seal import new_identity

    target = Path(args.file)
    signing = signing_key_path(target)
    if os.path.lexists(target) and os.path.lexists(signing):
        raise BadInput([_("{file}: already exists; a key file is never overwritten").format(
            file=target)])
    if os.path.lexists(signing):
        raise BadInput([_("{file}: already exists; a key file is never overwritten").format(
            file=signing)])
    made: list[tuple[Path, str, str | None]] = (
        [] if os.path.lexists(target) else [(target, *new_identity())])
    key = new_office_key()
    made.append((signing, key.file_text(), None))
    for path, text, _public in made:
        try:
            write_bytes_atomic(path, text.encode("ascii"), mode=0o600)
        except OSError as error:
            say(_("{file}: cannot be written ({reason})").format(
                file=path, reason=os_reason(error)), error=True)
            return 1
    if len(made) == 1:
        say(_("{file}: exists; only head office's signing key was made ({signing})").format(
            file=target, signing=signing), error=True)
    else:
        say(made[0][2])
    return 0


def run_agents(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.services.seal import normal_fingerprint

    given = args.add or args.revoke
    fingerprint = normal_fingerprint(given) if given else None
    problems = []
    if args.add and args.revoke:
        problems.append(_("--add and --revoke: give one of them"))
    if fingerprint is not None and len(fingerprint.replace("-", "")) != 32:
        problems.append(_("{value}: not a key fingerprint (8 groups of 4 letters and digits, as "
                          "Settings shows it)").format(value=given))
    if args.add and not args.agency:
        problems.append(_("--add needs --agency CODE"))
    if problems:
        raise BadInput(problems)

    def work() -> int:
        with open_office(args.db) as store:
            if args.add:
                if not store.register_key(fingerprint, args.agency, args.agent, now().isoformat()):
                    say(_("{key}: registered to another agency already; revoke it first")
                        .format(key=fingerprint), error=True)
                    return 1
                say(_("registered {key} ({agency} {agent})").format(
                    key=fingerprint, agency=args.agency, agent=args.agent))
            elif args.revoke:
                if not store.revoke_key(fingerprint, now().isoformat()):
                    say(_("{key}: not registered").format(key=fingerprint), error=True)
                    return 1
                say(_("revoked {key}").format(key=fingerprint))
            else:
                for row in store.agent_keys():
                    state = _("revoked") if row["revoked_at"] else _("active")
                    say_row((row["fingerprint"], row["agency_code"], row["agent_name"], state))
        return 0

    return _guarded(work)


def run_review(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.cli.common import say
    from cyberdesk.cli.main import BadInput
    from cyberdesk.office import review

    if args.approve:
        decision, note = review.APPROVED, ""
    elif args.return_reason is not None:
        decision, note = review.RETURNED, args.return_reason
    else:
        decision, note = review.ON_HOLD, args.hold
    key = office_key(args)

    def work() -> int:
        with open_office(args.db) as store:
            if args.reviewer and store.engine.dialect.name == "postgresql":
                raise BadInput([_("--reviewer: on PostgreSQL the reviewer is the database role "
                                  "you connect as")])
            try:
                made = review.decide(store, args.reference, decision, note, args.reviewer, key)
            except review.ReviewRefused as error:
                raise BadInput([str(error)]) from None
        say(_("{document}: {state} by {reviewer}").format(
            document=made.document_number, state=review.state_label(made.decision),
            reviewer=made.reviewer))
        if made.unsent:
            say(made.unsent, error=True)
            return 1
        return 0

    return _guarded(work)


def run_desk(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.office.desk.app import run

    key = office_key(args)
    return _guarded(lambda: run(args.db, key))
