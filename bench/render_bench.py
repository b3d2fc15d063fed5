"""How fast the coverage summary comes out, measured against the floor reportlab itself sets.

Times, in one run on this machine: rendering in-process (first call, which registers the font,
and later calls), the whole `cyberdesk render FILE.json -o OUT.pdf` process, and a minimal
reportlab script that sets one Japanese paragraph in the same embedded font. The goal is the
whole process at most 1.5x the minimal script (issue 22), in CPU time: the ratio of each round
(the runs interleaved) to the minimal script's in the same round, min and median, and the least
CPU of each over all rounds (the steadiest figure on a loaded machine).

Every process may write its bytecode (PYTHONDONTWRITEBYTECODE is dropped for them), as an
installed app has it: reportlab's is in the virtual environment already, and without ours each
render would compile CyberDesk's modules from source (~100 ms) while the minimal script compiles
nothing.

    .venv/bin/python bench/render_bench.py [--runs 15] [--compare TREE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources/fonts/BIZUDPGothic-Regular.ttf"
MINIMAL = """
import sys
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

pdfmetrics.registerFont(TTFont("Japanese", sys.argv[1]))
style = ParagraphStyle("body", fontName="Japanese", fontSize=10, leading=16, wordWrap="CJK")
doc = SimpleDocTemplate(sys.argv[2], invariant=1, initialFontName="Japanese")
doc.build([Paragraph("補償内容のご案内：IT業務の遂行に起因する業務阻害等を補償します。", style)])
"""


def _interviews(folder: Path) -> dict[str, Path]:
    """The wide example as shipped, and the same customer with all 20 business types."""
    wide = ROOT / "examples/interview-wide.json"
    every = json.loads(wide.read_text(encoding="utf-8"))
    every["business_categories"] = list(range(1, 21))
    every["other_business_description"] = every["other_business_description"] or "社内システムの保守"
    path = folder / "all-types.json"
    path.write_text(json.dumps(every, ensure_ascii=False), encoding="utf-8")
    return {"wide example": wide, "all 20 types": path}


def _run(command: list[str], folder: Path, source: Path = ROOT) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one process: CPU time is what other load
    on the machine disturbs least. The data folder is a sub-folder of `folder`: render refuses
    to write into the data folder, and the PDFs go to `folder`."""
    home = folder / "home"
    env = {**os.environ, "CYBERDESK_HOME": str(home), "PYTHONPATH": str(source)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _in_process(paths: dict[str, Path], runs: int) -> dict[str, tuple[float, float]]:
    sys.path.insert(0, str(ROOT))
    from cyberdesk.catalogue import installed
    from cyberdesk.model.document import loads
    from cyberdesk.model.validation import check
    from cyberdesk.services.pdf import render_pdf

    results = {}
    for name, path in paths.items():
        interview = loads(path.read_bytes())
        catalogue, _problems = check(interview, installed())
        start = time.perf_counter()
        render_pdf(interview, catalogue)
        first = time.perf_counter() - start
        times = []
        for _run in range(runs):
            start = time.perf_counter()
            render_pdf(interview, catalogue)
            times.append(time.perf_counter() - start)
        results[name] = (first, statistics.median(times))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare", type=Path, action="append", default=[], metavar="TREE",
                        help="also render with the cyberdesk package of another source tree "
                             "(e.g. an older commit unpacked with git archive), interleaved")
    arguments = parser.parse_args()
    runs, compare = arguments.runs, arguments.compare
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        minimal = folder / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        paths = _interviews(folder)
        python = sys.executable
        commands = {"minimal reportlab script": [python, str(minimal), str(FONT), str(folder / "m.pdf")]}
        sources = {name: ROOT for name in commands}
        for name, path in paths.items():
            for label, source in (("", ROOT), *((f"{other.name}: ", other) for other in compare)):
                commands[f"{label}cyberdesk render ({name})"] = [
                    python, "-m", "cyberdesk", "render", str(path), "-o", str(folder / "out.pdf")]
                sources[f"{label}cyberdesk render ({name})"] = source
        for name, command in commands.items():  # warm the file cache and the bytecode
            _run(command, folder, sources[name])
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _round in range(runs):  # interleaved, so that machine noise hits all alike
            for name, command in commands.items():
                samples[name].append(_run(command, folder, sources[name]))
        inproc = _in_process(paths, runs)

    load_after = os.getloadavg()[0]
    base = samples["minimal reportlab script"]
    print(f"runs: {runs}, python {sys.version.split()[0]}, load {load_before:.1f} → {load_after:.1f}")
    print(f"{'whole process (median s; ratio min / median)':<52}{'wall s':>8}{'ratio':>14}"
          f"{'cpu s':>8}{'ratio':>14}")
    for name, values in samples.items():
        cells = []
        for i in (0, 1):
            ratios = [v[i] / b[i] for v, b in zip(values, base, strict=True)]
            cells.append(f"{statistics.median(v[i] for v in values):>8.3f}"
                         f"{min(ratios):>7.2f}x{statistics.median(ratios):>6.2f}x")
        print(f"{name:<52}{''.join(cells)}")
    # The least CPU of each over all rounds: what the machine's other load disturbs least.
    print(f"{'least CPU of the runs (ms; ratio to the minimal script)':<60}{'cpu ms':>8}{'ratio':>8}")
    least_base = min(b[1] for b in base)
    for name, values in samples.items():
        least = min(v[1] for v in values)
        print(f"{name:<60}{least * 1000:>8.0f}{least / least_base:>7.2f}x")
    print(f"{'in-process render_pdf':<46}{'first':>9}{'later':>8}")
    for name, (first, later) in inproc.items():
        print(f"{name:<46}{first:>9.3f}{later:>8.3f}")


if __name__ == "__main__":
    main()
