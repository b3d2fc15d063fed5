"""Make head office's screenshots: docs/screenshots/office-report.png (the HTML report as a
browser shows it) and desk-queue.png, desk-record.png, desk-return.png (the review desk).

Builds a small realistic head-office database (twelve interviews from three agencies over three
months, each agency's laptop key registered, two revised, one revision started and never
finalized, two with compliance gaps, one imported from a file, a forged bundle quarantined, a few
decisions made), writes the report page and photographs it with headless Chromium (installed
from Debian's packages if missing; not needed by the tests), then opens the desk offscreen.

    .venv/bin/python scripts/screenshots_office.py
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SHOTS = ROOT / "docs" / "screenshots"
OUT = SHOTS / "office-report.png"

AGENCIES = (("A1234-567", "株式会社みなと保険サービス", ("佐藤 恵美", "田中 誠")),
            ("B2000-010", "さくら保険サービス株式会社", ("山田 花子",)),
            ("C3100-222", "有限会社ひかり保険事務所", ("鈴木 一郎", "高橋 健一")))
COMPANIES = ("株式会社さくらシステム開発", "株式会社ミライデータ", "合同会社クラウドワークス",
             "株式会社北斗ソフト", "株式会社アオバ情報", "株式会社テックブリッジ", "株式会社みどりネット",
             "株式会社ソラ技研", "株式会社ナギサ電算", "株式会社コスモ開発", "株式会社あかねIT",
             "株式会社ヤマトシステムズ")


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("chromium")


def interviews():
    from interview_factory import BASIC, WIDE, interview

    from cyberdesk.clock import now
    from cyberdesk.model.interview import Status

    made = []
    for index, company in enumerate(COMPANIES):
        iv = interview(WIDE if index % 3 == 0 else BASIC)
        iv.id = iv.lineage_id = f"{index + 1:08x}" + "0" * 24
        code, agency, agents = AGENCIES[index % 3]
        iv.agent.agency_code, iv.agent.agency_name = code, agency
        iv.agent.agent_name = agents[index % len(agents)]
        iv.customer.company_name = company
        iv.interview_date = date(2026, 9 + index % 3, 3 + index)
        iv.business_categories = [[1, 11], [10, 11, 16], [5], [11, 16, 20]][index % 4]
        iv.other_business_description = ("自社開発の勤怠管理クラウドの導入支援"
                                         if 20 in iv.business_categories else "")
        if index in (4, 9):  # the gaps head office must chase
            iv.confirmation.disclosure_explained = False
            iv.proposal_reason = "" if index == 9 else iv.proposal_reason
        iv.status, iv.finalized_at = Status.FINALIZED, now()
        made.append(iv)
        if index in (2, 7):
            revised = iv.revise("保険始期の変更" if index == 2 else "従業員数の訂正")
            revised.status, revised.finalized_at = Status.FINALIZED, now()
            made.append(copy.deepcopy(revised))
    return made


def trail(iv, plans_first: bool = False) -> list:
    """A wizard's audit trail (the order of wishes and plans as asked)."""
    from cyberdesk.trust import audit

    steps = [audit.CREATED, audit.INITIAL_WISHES, audit.PLANS_SHOWN, audit.FINALIZED]
    if plans_first:
        steps[1], steps[2] = steps[2], steps[1]
    events: list = []
    for number, name in enumerate(steps):
        events.append(audit.follow(iv.id, events[-1] if events else None,
                                   f"{iv.interview_date.isoformat()}T0{number + 1}:15:00+00:00",
                                   iv.agent.agent_name, name))
    return events


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cyberdesk-office-shots-"))
    os.environ["CYBERDESK_HOME"] = str(work / "home")
    os.environ["CYBERDESK_KEYS"] = str(work / "keys")  # throw-away keys: no keychain needed
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from cyberdesk.catalogue import installed
    from cyberdesk.i18n import set_language
    from cyberdesk.office import html, report, review
    from cyberdesk.office.intake import intake
    from cyberdesk.office.store import OfficeStore
    from cyberdesk.services import revision_notice
    from cyberdesk.services.bundle import build
    from cyberdesk.services.seal import Sealer
    from cyberdesk.trust.keys import LaptopKey

    set_language("ja")
    inbox = work / "inbox"
    inbox.mkdir()
    made = interviews()
    laptops = {code: LaptopKey(Ed25519PrivateKey.generate()) for code, _name, _agents in AGENCIES}
    url = f"sqlite:///{work / 'office.sqlite3'}"
    with OfficeStore.open(url) as office:
        for code, _name, agents in AGENCIES:
            office.register_key(laptops[code].fingerprint, code, agents[0],
                                "2026-09-01T00:00:00+00:00")
    for index, iv in enumerate(made):
        events = [] if index == 3 else trail(iv, plans_first=index == 6)  # 3: from a file
        bundle = build(iv, installed().current(), events,
                       sealer=Sealer(laptops[iv.agent.agency_code]))
        (inbox / bundle.name).write_bytes(bundle.data)
    forged = copy.deepcopy(made[0])
    forged.id = forged.lineage_id = "f" * 32
    bundle = build(forged, installed().current(), trail(forged),
                   sealer=Sealer(LaptopKey(Ed25519PrivateKey.generate())))  # a key nobody registered
    (inbox / bundle.name).write_bytes(bundle.data)
    started = made[5].revise("ご担当者からの補償内容の再検討の依頼")  # announced, never finalized
    revision_notice.publish(inbox, [revision_notice.Notice(
        lineage_id=started.lineage_id, interview_id=started.id, revision=started.revision,
        previous_id=started.previous_id, reason=started.revision_reason,
        started_at=started.created_at.isoformat())], {started.lineage_id})
    try:
        with OfficeStore.open(url) as office:
            intake(office, [inbox], work / "quarantine")
            current = [row for row in office.revisions() if row["current"]]
            for row, (decision, note) in zip(current, (
                    (review.APPROVED, ""), (review.APPROVED, ""), (review.RETURNED,
                                                                   "意向確認の確認者が未記入です"),
                    (review.ON_HOLD, "代理店に補償開始日を確認中")), strict=False):
                review.decide(office, row["id"], decision, note, "suzuki")
            page = work / "report.html"
            html.write_html(report.build(office, quarantine=work / "quarantine"), page)
        # A bare Linux has no Japanese font: show Chromium the one the app ships.
        fonts_conf = work / "fonts.conf"
        fonts_conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>{ROOT / "resources" / "fonts"}</dir><cachedir>{work / "fontcache"}</cachedir></fontconfig>
""", encoding="utf-8")
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={OUT}", "--window-size=1280,2600", page.as_uri()],
                       check=True, capture_output=True, timeout=120,
                       env={**os.environ, "FONTCONFIG_FILE": str(fonts_conf)})
        print(OUT)
        desk_shots(url)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def desk_shots(url: str) -> None:
    """The review desk: the queue, a record (PDF beside the data), the return dialog."""
    from PySide6.QtWidgets import QApplication

    from cyberdesk.gui.qt_setup import apply_language, install_font
    from cyberdesk.office.desk.window import DeskWindow
    from cyberdesk.office.review import RETURNED
    from cyberdesk.office.store import OfficeStore

    app = QApplication.instance() or QApplication([])
    install_font(app)
    apply_language(app, "ja")
    with OfficeStore.open(url) as office:
        window = DeskWindow(office)
        window.resize(1600, 900)
        window.show()

        def settle() -> None:
            window.record_timer.stop()
            window._show_current()
            for _ in range(100):  # the PDF renders its pages in the background
                app.processEvents()
                time.sleep(0.02)

        settle()
        window.grab().save(str(SHOTS / "desk-queue.png"))
        window.record.tabs.setCurrentIndex(2)  # the checks
        window.select_row(1)
        settle()
        window.grab().save(str(SHOTS / "desk-record.png"))
        window.record.tabs.setCurrentIndex(0)
        window.ask_reason(RETURNED)
        dialog = window.reason_dialog
        dialog.add_phrase(dialog.phrases.item(0).text())
        for _ in range(20):
            app.processEvents()
        dialog.grab().save(str(SHOTS / "desk-return.png"))
        dialog.reject()
        window.close()
    for name in ("desk-queue.png", "desk-record.png", "desk-return.png"):
        print(SHOTS / name)


if __name__ == "__main__":
    main()
