"""Interviews for tests, built from the files in examples/ so tests and examples cannot drift."""

from __future__ import annotations

import json
from pathlib import Path

from cyberdesk.model.document import from_document
from cyberdesk.model.interview import Interview

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BASIC = EXAMPLES / "interview-basic.json"
WIDE = EXAMPLES / "interview-wide.json"
DRAFT = EXAMPLES / "draft-minimal.json"
SIGNED = EXAMPLES / "interview-signed.json"
ECONOMY_CATALOGUE = Path(__file__).resolve().parent / "fixtures" / "catalogues" / "test-economy_2030.1.json"


def document(path: Path = BASIC) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def interview(path: Path = BASIC) -> Interview:
    """A fresh, complete (for the two full examples) draft interview."""
    return from_document(document(path))


def economy_document() -> dict:
    """The basic example moved to the test catalogue's エコノミー plan, wishing its own item シ."""
    data = document(BASIC)
    data["id"] = data["lineage_id"] = "e0000000000000000000000000000001"
    data["catalogue"] = {"id": "test-economy", "version": "2030.1"}
    data["plan"] = "economy"
    data["initial_intent"]["expense_items"] = ["ア", "シ"]
    data["confirmation"]["final_intent"]["expense_items"] = ["ア", "シ"]
    data["confirmation"]["explanations"] = {}
    data["proposal_reason"] = "テスト用の第三のプラン。"
    return data
