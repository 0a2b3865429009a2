"""Issue a letter from the ledger: compose it from the day's snapshots, render it, record it.

The facts cited are those of the stored daily snapshot of ``day`` (days overdue, 序时进度 gap), so
the letter says exactly what the dashboard showed. The 文号 prefix is the first character of the
issuing unit's region and the kind's word (吕环预警, 吕环督办, 吕环催办); serials run per prefix and year.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.dispatch_models import ActionKind, ScheduleSnapshot, SupervisionAction
from envplan.ledger.dispatch_services import ActionDraft, issue_action, next_serial
from envplan.ledger.errors import LedgerValidationError, NotFound
from envplan.ledger.models import Assignment, User
from envplan.ledger.services.permissions import plan_region_id, require_bureau
from envplan.reports.letters import (
    CitedTask,
    Letter,
    LetterKind,
    facts_from_numbers,
    letter_lines,
    write_letter_docx,
)
from envplan.reports.letters_pdf import write_letter_pdf

LETTER_KINDS = {
    ActionKind.WARNING_LETTER: (LetterKind.WARNING, "环预警"),
    ActionKind.SUPERVISION_NOTICE: (LetterKind.SUPERVISION, "环督办"),
    ActionKind.REMINDER: (LetterKind.REMINDER, "环催办"),
}


def _cited(session: Session, assignments: Sequence[Assignment], day: dt.date) -> list[CitedTask]:
    snapshots = {
        s.assignment_id: s
        for s in session.scalars(
            select(ScheduleSnapshot).where(
                ScheduleSnapshot.day == day, ScheduleSnapshot.assignment_id.in_([a.id for a in assignments])
            )
        )
    }
    cited = []
    for assignment in assignments:
        snapshot = snapshots.get(assignment.id)
        if snapshot is None:
            hint = "run 'envplan dispatch run' first"
            raise LedgerValidationError(
                f"assignment {assignment.id} has no schedule snapshot for {day}: {hint}"
            )
        task = assignment.task
        cited.append(
            CitedTask(
                str(assignment.id),
                task.plan.title,
                task.number,
                task.title,
                assignment.due_date or task.due_date,
                facts_from_numbers(snapshot.numbers, snapshot.reason),
            )
        )
    return cited


def _render(letter: Letter) -> tuple[bytes, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        docx = write_letter_docx(letter, Path(folder) / "letter.docx").read_bytes()
        pdf = write_letter_pdf(letter, Path(folder) / "letter.pdf").read_bytes()
    return docx, pdf


def issue_letter(
    session: Session,
    actor: User,
    kind: ActionKind,
    assignment_ids: Sequence[int],
    day: dt.date,
    *,
    reply_days: int = 10,
    cc: Sequence[str] = (),
) -> SupervisionAction:
    """Compose, render and issue a letter to the one unit that holds the cited assignments."""
    if kind not in LETTER_KINDS:
        raise LedgerValidationError(f"kind: {kind} is not a letter")
    assignments = [session.get(Assignment, i) for i in assignment_ids]
    if not assignments or any(a is None for a in assignments):
        raise NotFound(f"assignment(s) {list(assignment_ids)} not found")
    found = [a for a in assignments if a is not None]
    units = {a.unit_id for a in found}
    if len(units) != 1:
        raise LedgerValidationError("assignment_ids: a letter goes to one unit; cite assignments of one unit")
    for region_id in {plan_region_id(a) for a in found}:
        require_bureau(session, actor, region_id, "issue letters")
    letter_kind, word = LETTER_KINDS[kind]
    region = actor.unit.region if actor.unit is not None else None
    prefix = (region.name[0] if region is not None else "省") + word
    letter = Letter(
        kind=letter_kind,
        number_prefix=prefix,
        serial=next_serial(session, prefix, day.year),
        issuer=actor.unit.name if actor.unit is not None else "生态环境局",
        recipients=(found[0].unit.name,),
        tasks=tuple(_cited(session, found, day)),
        as_of=day,
        issue_date=day,
        reply_by=day + dt.timedelta(days=reply_days),
        cc=tuple(cc),
    )
    docx, pdf = _render(letter)
    draft = ActionDraft(
        kind=kind,
        recipient_unit_id=found[0].unit_id,
        citations=[(int(t.assignment_key), t.facts) for t in letter.tasks],
        title=letter.title,
        body="\n".join(line.text for line in letter_lines(letter)),
        doc_number=letter.doc_number,
        reply_by=letter.reply_by,
        as_of=day,
        docx=docx,
        pdf=pdf,
    )
    return issue_action(session, actor, draft)
