"""Screenshots of the main window and the settings, in Japanese and English, for docs/screenshots/.

Runs offscreen on a throw-away data folder (and key folder) filled with sample interviews, with a
deployment file as IT would prepare it:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_main.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SAMPLES = (  # company, reading, date, plan, status, revision
    ("株式会社サンプルシステムズ", "サンプルシステムズ", date(2026, 11, 25), "wide", "draft", 1),
    ("有限会社みどりソフト開発", "ミドリソフトカイハツ", date(2026, 11, 20), "basic", "finalized", 1),
    ("合同会社クラウドワークス東京", "クラウドワークストウキョウ", date(2026, 11, 12), "wide", "exported", 1),
    ("株式会社ネットワーク保守", "ネットワークホシュ", date(2026, 10, 30), "basic", "synced", 1),
    ("株式会社ひかりクラウド", "ヒカリクラウド", date(2026, 10, 16), "wide", "received", 1),
    ("株式会社データ入力センター", "データニュウリョクセンター", date(2026, 10, 2), None, "draft", 1),
)
PROFILE = {"agency_name": "さくら保険サービス株式会社", "agency_code": "A1234-56", "agent_name": "山田 花子",
           "phone": "03-1234-5678", "email": "yamada@sakura-hoken.example.jp"}

DEPLOYMENT = """format = "cyberdesk.deployment"
version = 1
recipients = ["age1zh8mu6wtcd0yjk7hk3nx60n6klr7wugdvsxpxhyeds7a5ggezqqqt480a5",
              "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"]
sync_folder = '\\\\fileserver\\cyberdesk\\incoming'
agency_code = "A1234-56"
retention_days = 90
"""


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CYBERDESK_HOME"] = home = tempfile.mkdtemp(prefix="cyberdesk-shots-")
    os.environ["CYBERDESK_KEYS"] = tempfile.mkdtemp(prefix="cyberdesk-shots-keys-")
    Path(home, "deployment.toml").write_text(DEPLOYMENT, encoding="utf-8")
    from PySide6.QtWidgets import QApplication

    from cyberdesk.catalogue import installed
    from cyberdesk.gui.main_window import MainWindow
    from cyberdesk.gui.qt_setup import apply_language, install_font
    from cyberdesk.gui.settings_dialog import SettingsDialog
    from cyberdesk.model.interview import Agent, Customer, Interview, Status
    from cyberdesk.services.laptop import open_store

    app = QApplication(sys.argv)
    install_font(app)
    catalogue = installed().current()
    store = open_store()
    store.set_setting("agent_profile", PROFILE)
    for name, kana, day, plan, status, revision in SAMPLES:
        store.add(Interview(
            customer=Customer(company_name=name, company_kana=kana), interview_date=day, plan=plan,
            status=Status(status), revision=revision, agent=Agent(**PROFILE),
            catalogue_id=catalogue.id, catalogue_version=catalogue.version))
    for language in ("ja", "en"):
        store.set_setting("language", language)
        apply_language(app, language)
        window = MainWindow(store)
        window.resize(1100, 640)
        window.show()
        finalized = next(row for row in window.model.rows if row.status is Status.FINALIZED)
        window.select(finalized.id)  # a finalized one: Revise is enabled, Move to trash is not
        app.processEvents()
        window.grab().save(str(OUT / f"main-{language}.png"))
        dialog = SettingsDialog(store, window)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(OUT / f"settings-{language}.png"))
        dialog.close()
        window.close()
    store.close()


if __name__ == "__main__":
    main()
