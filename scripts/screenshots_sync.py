"""Screenshots of the 送付 panel (waiting, sent, a problem, received with its purge day), in
Japanese and English, with a deployment file (bundles encrypted, kept 30 days after receipt), for
docs/screenshots/:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_sync.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CYBERDESK_HOME"] = tempfile.mkdtemp(prefix="cyberdesk-shots-")
    os.environ["CYBERDESK_KEYS"] = tempfile.mkdtemp(prefix="cyberdesk-shots-keys-")
    from bundle_helpers import add_finalized
    from PySide6.QtWidgets import QApplication
    from sealed_helpers import deploy

    from cyberdesk.gui.qt_setup import apply_language, install_font
    from cyberdesk.gui.sync_panel import SyncPanel
    from cyberdesk.services.laptop import open_store
    from cyberdesk.services.seal import new_identity

    app = QApplication(sys.argv)
    install_font(app)
    share = Path(tempfile.mkdtemp(prefix="share-"))
    deploy(Path(os.environ["CYBERDESK_HOME"]), [new_identity()[1]], retention_days=30)
    with open_store() as store:
        for language in ("ja", "en"):
            apply_language(app, language)
            ids = add_finalized(store, count=3, prefix=language)
            store.set_setting("sync_folder", str(share / "unplugged"))
            panel = SyncPanel(store)
            panel.setFixedWidth(720)
            panel.show()
            app.processEvents()
            panel.adjustSize()
            panel.grab().save(str(OUT / f"sync-panel-{language}-waiting.png"))
            for name, folder in (("problem", share / "unplugged"), ("sent", share)):
                store.set_setting("sync_folder", str(folder))
                panel.start()
                panel.wait()
                while panel.is_busy():
                    app.processEvents()
                app.processEvents()
                panel.adjustSize()
                panel.grab().save(str(OUT / f"sync-panel-{language}-{name}.png"))
            for interview_id in ids[:2]:  # head office's receipts arrived for two
                store.record_receipt(interview_id)
            panel.refresh()
            app.processEvents()
            panel.adjustSize()
            panel.grab().save(str(OUT / f"sync-panel-{language}-received.png"))
            panel.close()


if __name__ == "__main__":
    main()
