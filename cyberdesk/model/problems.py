"""A problem found in an interview: which field, and what is wrong, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem: the field and what is wrong with it."""

    field: str  # the JSON path of the field, e.g. "customer.company_name" or "insured_parties[1].name"
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ProblemsError(ValueError):
    """Raised with every problem at once, so the user can fix them all in one go."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
