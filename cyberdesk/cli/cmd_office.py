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

import argparse
import contextlib
import getpass
import json
import os
import sys
from datetime import date
from pathlib import Path

from cyberdesk.cli.common import BadInput, say, say_row
from cyberdesk.clock import now
from cyberdesk.files import outputs, paths
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import N_, _
from cyberdesk.trust import deployment
from cyberdesk.trust.deployment import AGENCY_CODE
from cyberdesk.trust.keys import parse_fingerprint


def register(office: argparse.ArgumentParser) -> None:
    office.description = _("Head office's tools. The database is --db URL, else the environment "
                           "variable CYBERDESK_OFFICE_DB, else an SQLite file in the data folder.")
    tools = office.add_subparsers(dest="office_command", metavar=_("COMMAND"))
    intake = tools.add_parser(
        "intake", help=_("take in the bundles under the folders"),
        description=_("Verify and store every bundle under the folders, write a receipt for "
                      "each one held, and move damaged or duplicate bundles to the quarantine "
                      "folder. Exit 1 when anything was quarantined."))
    intake.add_argument("folders", nargs="*", metavar=_("FOLDER"))
    intake.add_argument("--retry-quarantine", action="store_true",
                        help=_("put the quarantined bundles back where they were found and take "
                               "them in again (after a fix, such as a laptop registered since)"))
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
    deploy = tools.add_parser(
        "deployment", help=_("write the laptops' deployment file from head office's keys"),
        description=_("Write the deployment file IT places on every laptop of an agency: head "
                      "office's public keys (from each --identity key file) and its signing key, "
                      "and what else is given. Checked by reading it back as a laptop does."))
    identity_option(deploy)
    signing_key_option(deploy)
    deploy.add_argument("-o", "--output", required=True, metavar=_("FILE"))
    deploy.add_argument("--agency", metavar=_("CODE"))
    deploy.add_argument("--sync-folder", metavar=_("FOLDER"))
    deploy.add_argument("--retention-days", metavar="N", type=int)
    deploy.add_argument("--allow-unencrypted", action="store_true",
                        help=_("a pilot only: no --identity, bundles sent signed but not encrypted"))
    deploy.set_defaults(run=run_deployment)
    agents = tools.add_parser(
        "agents", help=_("register the laptops' signing keys"),
        description=_("Without arguments: list the registered keys. --enrol FILE registers the "
                      "key of a laptop's enrolment file (cyberdesk enrol); --add FINGERPRINT "
                      "with --agency and --agent registers a key by its fingerprint (as "
                      "cyberdesk key prints it, with its check group); --revoke FINGERPRINT "
                      "stops taking in what it signs; --history lists every change, with who "
                      "made it and when."))
    _db_option(agents)
    agents.add_argument("--enrol", metavar=_("FILE"))
    agents.add_argument("--add", metavar=_("FINGERPRINT"))
    agents.add_argument("--revoke", metavar=_("FINGERPRINT"))
    agents.add_argument("--history", action="store_true")
    agents.add_argument("--agency", metavar=_("CODE"))
    agents.add_argument("--agent", metavar=_("NAME"), default=None)
    agents.add_argument("--move", action="store_true",
                        help=_("move a key registered to another agency to this one"))
    agents.add_argument("--reinstate", action="store_true",
                        help=_("register a revoked key again"))
    agents.add_argument("--operator", metavar=_("NAME"),
                        help=_("who makes the change (default: the account's user name)"))
    agents.set_defaults(run=run_agents)
    record = tools.add_parser(
        "verify-record", help=_("re-check a revision head office holds, from the database alone"),
        description=_("Check again the signature, each member's SHA-256 and the audit trail's "
                      "chain of every revision held under the document number. Exit 1 when "
                      "anything fails."))
    record.add_argument("document_number", metavar=_("DOCUMENT-NUMBER"))
    _db_option(record)
    record.set_defaults(run=run_verify_record)
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


def guard_outputs(args, targets: list[str | None]) -> None:
    """Every output of an office command goes through the output guard: never over the
    database (and its log files), a key file, a bundle, the quarantine folder or the data
    folder; BadInput (exit 2) naming each refused path."""
    # lazy: only when this command runs
    from cyberdesk.office.database import url_from

    protected = [Path(file) for file in (getattr(args, "identity", None) or [])]
    if getattr(args, "signing_key", None):
        protected.append(Path(args.signing_key))
    protected.append(Path(getattr(args, "quarantine", None) or paths.location() / "quarantine"))
    database = sqlite_file(url_from(getattr(args, "db", None)))
    if database is not None:
        protected += [database.with_name(database.name + suffix)
                      for suffix in ("", "-wal", "-shm", "-journal")]
    problems = []
    for output in filter(None, targets):
        try:
            outputs.check_office_output(Path(output), protected)
        except outputs.OutputRefused as error:
            problems.append(str(error))
    if problems:
        raise BadInput(problems)


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (None: another database, or not a URL)."""
    # lazy: only when this command runs
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # not a URL: open_office reports it
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


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
    try:
        return work()
    except Exception as error:
        # Imported here, not above the `try`: there they made intake fork its workers only after
        # SQLAlchemy was loaded (~0.15 s of CPU later).
        # lazy: only on a fault, when the database (and SQLAlchemy) is loaded anyway
        from sqlalchemy.exc import SQLAlchemyError

        from cyberdesk.office.database import OfficeDbError, reason  # lazy: the same

        if isinstance(error, OfficeDbError):
            say(error, error=True)
            return 1
        if isinstance(error, SQLAlchemyError):
            say(_("The database failed: {reason}").format(reason=reason(error)), error=True)
            return 1
        raise


def run_intake(args) -> int:
    folders = [Path(folder) for folder in args.folders]
    if not folders and not args.retry_quarantine:
        raise BadInput([_("office intake: give the FOLDER(s) to take in, or --retry-quarantine")])
    missing = [folder for folder in folders if not folder.is_dir()]
    if missing:
        raise BadInput([_("{path}: no such folder").format(path=folder) for folder in missing])
    quarantine_dir = Path(args.quarantine) if args.quarantine else paths.home() / "quarantine"
    identities = read_identities(args.identity)
    key = office_key(args)

    def work() -> int:
        # lazy: only when this command runs (and without SQLAlchemy: see below)
        from cyberdesk.office.checking import keep_freed_memory, start

        keep_freed_memory()  # before the verification workers fork: they inherit it
        # The workers fork and verify the first batches while this process imports SQLAlchemy
        # and opens the database (half a second of CPU); not when bundles come back from the
        # quarantine first.
        begun = None if args.retry_quarantine else start(folders, quarantine_dir, identities,
                                                         office_key=key)
        try:
            # lazy: only when this command runs, after the workers forked
            from cyberdesk.office.intake import intake, release_quarantine

            released: list[str] = []
            if args.retry_quarantine:
                back, released = release_quarantine(quarantine_dir)
                folders.extend(folder for folder in back if folder not in folders)
            with open_office(args.db) as store:
                result = intake(store, folders, quarantine_dir, identities=identities,
                                office_key=key, begun=begun)
        finally:
            if begun is not None:
                begun.shutdown()
        result.problems[:0] = released
        for item in result.quarantined:
            say(_("quarantined {file}: {reasons}").format(
                file=item.path, reasons="; ".join(item.reasons)), error=True)
        for problem in result.problems:
            say(problem, error=True)
        for path in result.in_clear:
            say(_("{file}: was sent NOT encrypted (a pilot deployment)").format(file=path),
                error=True)
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

    guard_outputs(args, [args.csv, args.html])

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
    guard_outputs(args, [str(signing)] + ([] if os.path.lexists(target) else [args.file]))
    made: list[tuple[Path, str, str]] = [] if os.path.lexists(target) \
        else [(target, *new_identity())]
    made.append((signing, new_office_key().file_text(), ""))
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
    from cyberdesk.services.enrolment import NotAnEnrolment, read

    problems: list[str] = []
    if sum(bool(option) for option in (args.add, args.revoke, args.enrol, args.history)) > 1:
        problems.append(_("--enrol, --add, --revoke, --history: give one of them"))
    fingerprint, agency, agent = None, args.agency, args.agent
    given = args.add or args.revoke
    if given:
        try:
            fingerprint = parse_fingerprint(given)
        except ValueError:
            problems.append(_("{value}: not a key fingerprint (8 groups of 4 letters A–Z and "
                              "digits 2–7, then the check group, as cyberdesk key prints it); "
                              "check it letter by letter").format(value=given))
    if args.enrol:
        try:
            found = read(Path(args.enrol))
        except NotAnEnrolment as error:
            problems.append(str(error))
        else:
            fingerprint, agency = found.fingerprint, agency or found.agency_code
            agent = agent if agent is not None else found.agent_name
    if (args.add or args.enrol) and not agency:
        problems.append(_("--add needs --agency CODE"))
    elif agency is not None and not AGENCY_CODE.fullmatch(agency):
        problems.append(_("--agency {value}: must be 1 to 20 letters, digits or hyphens").format(
            value=agency))
    if problems:
        raise BadInput(problems)
    operator = args.operator or _user()

    def work() -> int:
        with open_office(args.db) as store:
            if args.add or args.enrol:
                done = store.register_key(fingerprint, agency, agent or "", now().isoformat(),
                                          operator, move=args.move, reinstate=args.reinstate)
                if done.outcome == "revoked":
                    say(_("{key}: revoked on {at}; give --reinstate to register it again").format(
                        key=fingerprint, at=done.revoked_at), error=True)
                    return 1
                if done.outcome == "other_agency":
                    say(_("{key}: registered to agency {agency}; give --move to move it to "
                          "{target}").format(key=fingerprint, agency=done.agency_code,
                                             target=agency), error=True)
                    return 1
                say(_("{outcome}: {key} ({agency} {agent})").format(
                    outcome=_(OUTCOMES[done.outcome]), key=fingerprint, agency=agency,
                    agent=agent or ""))
            elif args.revoke:
                if not store.revoke_key(fingerprint, now().isoformat(), operator):
                    say(_("{key}: not registered, or revoked already").format(key=fingerprint),
                        error=True)
                    return 1
                say(_("revoked {key}").format(key=fingerprint))
            elif args.history:
                for row in store.key_events():
                    say_row((row["at"], row["action"], row["fingerprint"], row["agency_code"],
                             row["agent_name"], row["operator"]))
            else:
                for row in store.agent_keys():
                    state = _("revoked") if row["revoked_at"] else _("active")
                    say_row((row["fingerprint"], row["agency_code"], row["agent_name"], state))
        return 0

    return _guarded(work)


OUTCOMES = {"added": N_("registered"), "unchanged": N_("already registered"),
            "renamed": N_("updated"), "moved": N_("moved"), "reinstated": N_("reinstated")}


def _user() -> str:
    """The account's user name, for the register's history ("" when the environment has none)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account): say nothing
        return ""


def run_deployment(args) -> int:
    """`office deployment`: the TOML a laptop reads (docs/security.md), written 0600 through the
    output guard, and read back with the laptop's own reader before it is kept."""
    # lazy: only when this command runs
    from cyberdesk.services.messages import public_text

    if not args.identity and not args.allow_unencrypted:
        raise BadInput([_("--identity KEYFILE: head office's age key file is needed (the "
                          "laptops encrypt to its public key)")])
    guard_outputs(args, [args.output])
    identities = read_identities(args.identity) or []
    key = office_key(args)
    if key is None:
        raise BadInput([_("no head office signing key: give --signing-key, or keep the key "
                          "cyberdesk office keygen made beside the age key file")])
    recipients = list(dict.fromkeys(str(identity.to_public()) for identity in identities))
    lines = ['format = "cyberdesk.deployment"', "version = 1",
             f"recipients = {json.dumps(recipients)}",
             f"office_signing_key = {json.dumps(public_text(key.public_bytes))}"]
    if args.agency is not None:
        lines.append(f"agency_code = {json.dumps(args.agency)}")
    if args.sync_folder is not None:
        lines.append(f"sync_folder = {json.dumps(args.sync_folder, ensure_ascii=False)}")
    if args.retention_days is not None:
        lines.append(f"retention_days = {args.retention_days}")
    if args.allow_unencrypted:
        lines.append("allow_unencrypted = true")
    target = Path(args.output)
    checked = target.with_name(f".{target.name}.check")
    try:
        write_bytes_atomic(checked, ("\n".join(lines) + "\n").encode("utf-8"))
        try:
            deployment.read(checked)
        except deployment.DeploymentError as error:
            raise BadInput([line.replace(str(checked), str(target))
                            for line in error.problems]) from None
        checked.replace(target)
    except OSError as error:
        say(_("{file}: cannot be written ({reason})").format(
            file=target, reason=os_reason(error)), error=True)
        return 1
    finally:
        with contextlib.suppress(OSError):
            checked.unlink()
    say(target)
    return 0


def run_verify_record(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.office.proof import prove

    def work() -> int:
        with open_office(args.db) as store:
            rows = store.records(args.document_number)
            if not rows:
                say(_("{number}: no such document held").format(number=args.document_number),
                    error=True)
                return 1
            proofs = [prove(store, row) for row in rows]
        for proof in proofs:
            for line in proof.checked:
                say(f"{proof.document_number}: {line}")
            for line in proof.problems:
                say(f"{proof.document_number}: {line}", error=True)
            verdict = _("{number}: intact") if proof.ok else _("{number}: NOT intact")
            say(verdict.format(number=proof.document_number), error=not proof.ok)
        return 0 if all(proof.ok for proof in proofs) else 1

    return _guarded(work)


def run_review(args) -> int:
    # lazy: only when this command runs
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
