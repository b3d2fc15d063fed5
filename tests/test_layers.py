"""The layers stay apart: the import contract holds, services go through the store's API,
generated forms match their .ui."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SERVICES = ROOT / "cyberdesk" / "services"
FORMS = ROOT / "cyberdesk" / "gui" / "forms"
# What only the store may say: SQL, sessions, its tables' mapped classes.
STORE_ONLY = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE FROM|session|Session|store\.schema|"
                        r"store\.read|BundleRow|InterviewRow|SettingRow)\b")


@pytest.mark.parametrize("module", sorted(p.name for p in SERVICES.rglob("*.py")))
def test_services_never_touch_the_store_tables(module):
    text = next(SERVICES.rglob(module)).read_text(encoding="utf-8")
    assert not STORE_ONLY.findall(text), f"{module} reaches into the store"


@pytest.mark.slow
def test_the_import_contract_holds():
    """pyproject.toml's [tool.importlinter] contracts: each floor imports only the floors beneath it,
    only the GUI imports Qt, no two modules import each other (see ARCHITECTURE.md)."""
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    broken = done.stdout[done.stdout.find("Broken contracts"):] if "Broken contracts" in done.stdout \
        else done.stdout + done.stderr
    assert done.returncode == 0, f"the import contract is broken:\n{broken}"


@pytest.mark.slow
def test_forms_are_what_scripts_ui_compiles(tmp_path):
    """cyberdesk/gui/forms/ is exactly scripts/ui's output for ui/*.ui (nobody edited it by hand,
    nobody forgot to regenerate it)."""
    copy = tmp_path / "repo"
    for part in ("scripts", "ui"):
        shutil.copytree(ROOT / part, copy / part)
    (copy / "cyberdesk" / "gui" / "forms").mkdir(parents=True)
    shutil.copy(FORMS / "__init__.py", copy / "cyberdesk" / "gui" / "forms")
    (copy / ".venv" / "bin").mkdir(parents=True)
    (copy / ".venv" / "bin" / "pyside6-uic").symlink_to(Path(sys.executable).with_name("pyside6-uic"))
    subprocess.run(["bash", str(copy / "scripts" / "ui")], check=True, capture_output=True, timeout=120)
    made = {p.name: p.read_text(encoding="utf-8") for p in (copy / "cyberdesk/gui/forms").glob("*.py")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in FORMS.glob("*.py")}
    assert made.keys() == committed.keys()
    for name, text in made.items():
        assert committed[name] == text, f"{name} differs from what scripts/ui makes of its .ui"
