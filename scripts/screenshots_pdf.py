"""Page images of the printed record for docs/screenshots/: a blank draft form, the wide example
as a draft, the basic example finalized (both copies), the example signed on the screen by both,
all 20 business types, a long wishes grid, a long explanation (its rows continue with their label
and marks), and a name printed with an accepted substitute (𠮷 → 吉). Needs poppler-utils
(pdftoppm).

    .venv/bin/python scripts/screenshots_pdf.py [OUT_DIR]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cyberdesk.catalogue import installed  # noqa: E402
from cyberdesk.model.document import loads  # noqa: E402
from cyberdesk.model.interview import Interview, Status  # noqa: E402
from cyberdesk.model.validation import catalogue_for  # noqa: E402
from cyberdesk.services.pdf import render_pdf  # noqa: E402


def example(name: str) -> Interview:
    interview = loads((ROOT / "examples" / f"{name}.json").read_bytes())
    catalogue_for(interview, installed())
    return interview


def finalized(interview: Interview) -> Interview:
    interview.advance(Status.FINALIZED)
    interview.finalized_at = interview.updated_at = datetime(2026, 11, 18, 6, 5, tzinfo=UTC)
    return interview


def every_type() -> Interview:
    interview = example("interview-wide")
    interview.business_categories = list(range(1, 21))
    return finalized(interview)


def long_grid() -> Interview:
    """Every event and item wished at first; the final wishes drop some and add none."""
    interview = example("interview-basic")
    catalogue = catalogue_for(interview, installed())
    interview.initial_intent.liability_events = [e.key for e in catalogue.liability.events]
    interview.initial_intent.expense_items = [i.key for i in catalogue.expense.items]
    interview.confirmation.final.liability_events = ["ア", "イ", "ウ", "オ"]
    interview.confirmation.final.expense_items = ["ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ケ"]
    interview.confirmation.explanations = {}  # unexplained: the boxes stay empty
    return interview


def long_explanation() -> Interview:
    """About 10,000 characters explaining one difference."""
    interview = example("interview-wide")
    interview.confirmation.explanations["liability.added.エ"] = (
        "取引先との契約で著作権侵害の補償を求められたため、追加を希望された。" * 300)
    return finalized(interview)


def substitute() -> Interview:
    """A company name the print font cannot draw as typed, the substitute accepted."""
    from cyberdesk.model.validation import accept_substitutes

    interview = example("interview-basic")
    interview.customer.company_name = "株式会社𠮷野家システム"
    interview.confirmation.confirmed_by = "髙橋 健一"
    accept_substitutes(interview)
    return finalized(interview)


DOCUMENTS = {
    "draft": lambda: example("draft-minimal"),
    "wide": lambda: example("interview-wide"),
    "finalized": lambda: finalized(example("interview-basic")),
    "signed": lambda: example("interview-signed"),
    "all": every_type,
    "grid": long_grid,
    "long": long_explanation,
    "substitute": substitute,
}


EXCERPTS = {"long": (5, 7)}  # pages shown of a document too long to show whole


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for old in out.glob("pdf-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        for name, make in DOCUMENTS.items():
            interview = make()
            pdf = Path(folder) / f"{name}.pdf"
            pdf.write_bytes(render_pdf(interview, catalogue_for(interview, installed())))
            pages = _pages(pdf)
            copies = 1 if interview.status is Status.DRAFT else 2
            # The お客さま控 copy whole (of a long one, where its rows continue); of the 代理店控,
            # its first page (the same, labelled).
            first_page, last_page = EXCERPTS.get(name, (1, pages // copies))
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", str(first_page), "-l",
                            str(last_page), str(pdf), str(out / f"pdf-{name}-p")], check=True)
            if copies == 2:
                first = str(pages // 2 + 1)
                subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", first, "-l", first,
                                "-singlefile", str(pdf), str(out / f"pdf-{name}-agency-copy")],
                               check=True)
    for image in sorted(out.glob("pdf-*.png")):
        print(image.relative_to(ROOT) if image.is_relative_to(ROOT) else image)


if __name__ == "__main__":
    main()
