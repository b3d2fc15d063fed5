"""Make docs/screenshots/office-report.png: head office's HTML report as a browser shows it.

Builds a small realistic head-office database (twelve interviews from three agencies over three
months, two revised, one revision started and never finalized, two with compliance gaps), writes
the report page and photographs it with headless Chromium (installed from Debian's packages if
missing; not needed by the tests).

    .venv/bin/python scripts/screenshots_office.py
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "docs" / "screenshots" / "office-report.png"

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
        if 20 in iv.business_categories:
            iv.other_business_description = "自社開発の勤怠管理クラウドの導入支援"
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


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cyberdesk-office-shots-"))
    os.environ["CYBERDESK_HOME"] = str(work / "home")
    from cyberdesk.catalogue import installed
    from cyberdesk.i18n import set_language
    from cyberdesk.office import html, report
    from cyberdesk.office.intake import intake
    from cyberdesk.office.store import OfficeStore
    from cyberdesk.services import revision_notice
    from cyberdesk.services.bundle import build

    set_language("ja")
    inbox = work / "inbox"
    inbox.mkdir()
    made = interviews()
    for iv in made:
        bundle = build(iv, installed().current())
        (inbox / bundle.name).write_bytes(bundle.data)
    started = made[5].revise("ご担当者からの補償内容の再検討の依頼")  # announced, never finalized
    revision_notice.publish(inbox, [revision_notice.Notice(
        lineage_id=started.lineage_id, interview_id=started.id, revision=started.revision,
        previous_id=started.previous_id, reason=started.revision_reason,
        started_at=started.created_at.isoformat())], {started.lineage_id})
    try:
        with OfficeStore.open(f"sqlite:///{work / 'office.sqlite3'}") as office:
            intake(office, [inbox], work / "quarantine")
            page = work / "report.html"
            html.write_html(report.build(office), page)
        # A bare Linux has no Japanese font: show Chromium the one the app ships.
        fonts_conf = work / "fonts.conf"
        fonts_conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>{ROOT / "resources" / "fonts"}</dir><cachedir>{work / "fontcache"}</cachedir></fontconfig>
""", encoding="utf-8")
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={OUT}", "--window-size=1280,1500", page.as_uri()],
                       check=True, capture_output=True, timeout=120,
                       env={**os.environ, "FONTCONFIG_FILE": str(fonts_conf)})
        print(OUT)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
