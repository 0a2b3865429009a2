"""The cascade of plans: which provincial task a city task implements, which city task a county's.

Suggestions come from text similarity: TF-IDF over Chinese character bigrams and trigrams
(sublinear term frequency, smoothed idf ``ln((1 + N) / (1 + df)) + 1``, L2-normalised vectors) and
cosine similarity, computed separately on the task headings and on the full texts (with the
bracketed unit clause removed, since 省生态环境厅 vs 市生态环境局 says nothing about the work)
and combined as ``score = TITLE_WEIGHT · cos(title) + (1 − TITLE_WEIGHT) · cos(text)``. Each lower
task gets its best upper task when the score reaches ``min_score``; the confidence label is 高 at
``HIGH`` and above, 中 at ``MEDIUM`` and above, else 低. A bureau user confirms or corrects them.

From the links (suggested or confirmed) follow the *coverage gaps* — upper tasks with no lower
counterpart — and the *deadline conflicts* — a lower task whose final deadline is later than its
parent's (work that recurs every year, 每年 or a season such as 汛期, is not compared across years).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from envplan.assessment.schedule import deadlines_of
from envplan.documents.model import MilestoneKind, Plan, Task, TaskKind

TITLE_WEIGHT = 0.5
MIN_SCORE = 0.2
HIGH = 0.45
MEDIUM = 0.3
NGRAM_SIZES = (2, 3)

_UNITS_CLAUSE = re.compile(r"[（(][^（）()]*?(?:牵头|配合|负责|按职责)[^（）()]*?[）)]")
_RUNS = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TaskRef:
    """A task of a plan, as the cascade shows it."""

    plan: str
    number: str
    title: str
    final_due: dt.date | None
    recurring: bool = False  # 每年 / seasonal deadlines repeat: not compared across years


@dataclass(frozen=True, slots=True)
class LinkSuggestion:
    child: TaskRef
    parent: TaskRef
    score: float  # combined cosine similarity, 0..1, three decimals
    confidence: str  # 高 / 中 / 低
    runner_up: TaskRef | None
    runner_up_score: float | None


@dataclass(frozen=True, slots=True)
class DeadlineConflict:
    parent: TaskRef
    child: TaskRef
    days_later: int

    @property
    def text(self) -> str:
        assert self.parent.final_due is not None and self.child.final_due is not None
        return (
            f"{self.child.plan}第{self.child.number}项时限{_cn(self.child.final_due)}晚于上级任务"
            f"{self.parent.plan}第{self.parent.number}项时限{_cn(self.parent.final_due)} {self.days_later} 天"
        )


@dataclass(frozen=True, slots=True)
class CascadeResult:
    """Suggestions between one upper plan and one lower plan, with gaps and conflicts."""

    parent_plan: str
    child_plan: str
    suggestions: list[LinkSuggestion]
    unmatched_children: list[TaskRef]
    coverage_gaps: list[TaskRef]
    deadline_conflicts: list[DeadlineConflict]


def task_ref(plan: Plan, task: Task) -> TaskRef:
    milestones = list(task.milestones) + [m for clause in task.clauses for m in clause.milestones]
    return TaskRef(plan.title, task.number, task.title, deadlines_of(milestones).final, repeats(milestones))


def repeats(milestones: Sequence[Any]) -> bool:
    """True for work that recurs (a recurring milestone, or only seasonal deadlines such as 汛期)."""
    kinds = {str(getattr(m.kind, "value", m.kind)) for m in milestones}
    dated = kinds - {MilestoneKind.ONGOING.value, MilestoneKind.START.value}
    return MilestoneKind.RECURRING.value in kinds or (bool(dated) and dated <= {MilestoneKind.SEASON.value})


def comparable_text(text: str) -> str:
    """The text without unit clauses, digits and punctuation: runs of Chinese and Latin letters."""
    return " ".join(_RUNS.findall(_UNITS_CLAUSE.sub(" ", text)))


def char_ngrams(text: str, sizes: Sequence[int] = NGRAM_SIZES) -> Counter[str]:
    """Character n-grams of each run of the text (n-grams never cross a space)."""
    grams: Counter[str] = Counter()
    for run in text.split():
        for size in sizes:
            grams.update(run[i : i + size] for i in range(len(run) - size + 1))
    return grams


def tfidf_matrix(texts: Sequence[str]) -> Matrix:
    """Rows: L2-normalised TF-IDF vectors of the texts over their character n-grams."""
    counts = [char_ngrams(comparable_text(t)) for t in texts]
    vocabulary: dict[str, int] = {}
    for grams in counts:
        for gram in grams:
            vocabulary.setdefault(gram, len(vocabulary))
    matrix = np.zeros((len(texts), max(len(vocabulary), 1)))
    for row, grams in enumerate(counts):
        for gram, count in grams.items():
            matrix[row, vocabulary[gram]] = 1.0 + math.log(count)
    document_frequency = (matrix > 0).sum(axis=0)
    matrix *= np.log((1 + len(texts)) / (1 + document_frequency)) + 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def similarity(parents: Sequence[Task], children: Sequence[Task]) -> Matrix:
    """Combined similarity, one row per child task and one column per parent task."""
    if not parents or not children:
        return np.zeros((len(children), len(parents)))
    titles = tfidf_matrix([t.title for t in parents] + [t.title for t in children])
    texts = tfidf_matrix([t.text for t in parents] + [t.text for t in children])
    split = len(parents)
    by_title = titles[split:] @ titles[:split].T
    by_text = texts[split:] @ texts[:split].T
    result: Matrix = TITLE_WEIGHT * by_title + (1 - TITLE_WEIGHT) * by_text
    return result


def linkable_tasks(plan: Plan) -> list[Task]:
    """Tasks and special actions (safeguards are not linked)."""
    return [t for t in plan.tasks if t.kind in (TaskKind.TASK, TaskKind.SPECIAL_ACTION)]


def confidence_label(score: float) -> str:
    return "高" if score >= HIGH else "中" if score >= MEDIUM else "低"


def suggest_links(parent_plan: Plan, child_plan: Plan, min_score: float = MIN_SCORE) -> CascadeResult:
    """Suggested links from the child plan's tasks to the parent plan's, with gaps and conflicts."""
    parents, children = linkable_tasks(parent_plan), linkable_tasks(child_plan)
    scores = similarity(parents, children)
    suggestions: list[LinkSuggestion] = []
    unmatched: list[TaskRef] = []
    for row, child in enumerate(children):
        child_ref = task_ref(child_plan, child)
        order = np.argsort(-scores[row], kind="stable") if parents else np.array([], dtype=int)
        if not len(order) or scores[row, order[0]] < min_score:
            unmatched.append(child_ref)
            continue
        best = float(scores[row, order[0]])
        second = int(order[1]) if len(order) > 1 else None
        suggestions.append(
            LinkSuggestion(
                child=child_ref,
                parent=task_ref(parent_plan, parents[int(order[0])]),
                score=round(best, 3),
                confidence=confidence_label(best),
                runner_up=None if second is None else task_ref(parent_plan, parents[second]),
                runner_up_score=None if second is None else round(float(scores[row, second]), 3),
            )
        )
    links = [(s.parent, s.child) for s in suggestions]
    upper = [task_ref(parent_plan, t) for t in parents]
    return CascadeResult(
        parent_plan.title,
        child_plan.title,
        suggestions,
        unmatched,
        coverage_gaps(upper, links),
        deadline_conflicts(links),
    )


def coverage_gaps(upper: Iterable[TaskRef], links: Iterable[tuple[TaskRef, TaskRef]]) -> list[TaskRef]:
    """Upper tasks that no lower task is linked to."""
    covered = {(p.plan, p.number) for p, _ in links}
    return [t for t in upper if (t.plan, t.number) not in covered]


def deadline_conflicts(links: Iterable[tuple[TaskRef, TaskRef]]) -> list[DeadlineConflict]:
    """Links whose lower task is due later than its parent."""
    return [
        DeadlineConflict(parent, child, (child.final_due - parent.final_due).days)
        for parent, child in links
        if parent.final_due is not None
        and child.final_due is not None
        and child.final_due > parent.final_due
        and not (parent.recurring or child.recurring)
    ]


def cascade(
    parent_plan: Plan, child_plans: Sequence[Plan], min_score: float = MIN_SCORE
) -> list[CascadeResult]:
    """Suggestions from each lower plan to the upper plan."""
    return [suggest_links(parent_plan, child, min_score) for child in child_plans]


def precision_recall(
    suggested: Iterable[tuple[str, str]], truth: Iterable[tuple[str, str]]
) -> tuple[float, float]:
    """Precision and recall of suggested (parent number, child number) pairs against the truth."""
    found, true = set(suggested), set(truth)
    hits = len(found & true)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(true) if true else 0.0
    return precision, recall


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
