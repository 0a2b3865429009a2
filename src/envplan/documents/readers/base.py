"""What every reader returns (:class:`SourceText`) and the one error it raises (:class:`DocumentError`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from envplan.documents import model


class DocumentError(Exception):
    """A file that cannot be read as a notice. The message is one line naming the file and the fault."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


@dataclass(slots=True)
class SourceText:
    """The text of a notice as read from its file, before normalisation.

    ``text`` has ``\\n`` line ends; ``tables`` are the tables found as tables (DOCX, PDF), not
    repeated in ``text``: each table's ``line`` is the 1-based line of ``text`` just before it
    (usually its caption; 1 when the table opens the document), so that the table belongs to the
    plan that line belongs to. In a task-ledger table (``kind == "ledger"``) an empty 任务类别 cell
    takes the category above it, as the notices mean it.
    ``format`` is ``txt``, ``docx`` or ``pdf``; ``warnings`` note what the reader was unsure of
    (e.g. the encoding it guessed).
    """

    text: str
    tables: list[model.Table] = field(default_factory=list)
    source: str = ""
    format: str = "txt"
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None  # the encoding a TXT file was decoded with


def line_before(lines: list[str]) -> int:
    """1-based number of the last line written so far (1 when there is none)."""
    return max(1, len(lines))
