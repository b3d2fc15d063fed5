"""The layers stay apart: the import contract holds, services go through the store's API,
generated forms match their .ui."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "cyberdesk"
SERVICES = PACKAGE / "services"
FORMS = ROOT / "cyberdesk" / "gui" / "forms"
# Packages being reshaped on another branch, which mark their own lazy imports: empty once merged.
RESHAPED = {"store"}
# What only the store may say: SQL, sessions, its tables' mapped classes.
STORE_ONLY = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE FROM|session|Session|store\.schema|"
                        r"store\.read|BundleRow|InterviewRow|SettingRow)\b")


@pytest.mark.parametrize("module", sorted(p.name for p in SERVICES.rglob("*.py")))
def test_services_never_touch_the_store_tables(module):
    text = next(SERVICES.rglob(module)).read_text(encoding="utf-8")
    assert not STORE_ONLY.findall(text), f"{module} reaches into the store"


def _function_imports(tree: ast.AST) -> list[list[ast.stmt]]:
    """The imports inside functions, in blocks of consecutive import statements."""
    blocks: list[list[ast.stmt]] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for name in ("body", "orelse", "finalbody"):
            statements = getattr(node, name, None)
            block: list[ast.stmt] = []
            for child in statements if isinstance(statements, list) else []:
                if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                    block.append(child)
                    continue
                if block:
                    blocks.append(block)
                    block = []
            if block:
                blocks.append(block)
        for child in ast.iter_child_nodes(node):
            walk(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    walk(tree, False)
    return blocks


def test_every_import_inside_a_function_says_why_it_is_lazy():
    """An import belongs at the top of its module unless deferring it is deliberate (Qt, reportlab,
    a command's own modules...): then a `# lazy: <why>` comment stands on the line above it (or on
    the import itself)."""
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if {"forms", "migrations"} & set(relative.parts) or relative.parts[1] in RESHAPED:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for block in _function_imports(ast.parse("\n".join(lines))):
            said = lines[block[0].lineno - 2] if block[0].lineno > 1 else ""
            for node in block:
                own = lines[node.lineno - 1:node.end_lineno]
                if not re.match(r"\s*# lazy: \S", said) and not any("# lazy: " in line for line in own):
                    unexplained.append(f"{relative}:{node.lineno}: {own[0].strip()}")
    assert not unexplained, ("imports inside functions without a `# lazy: <why>` comment (move them "
                             "to the top of the module, or say why they wait):\n" + "\n".join(unexplained))


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
