"""Questions generated from playbooks, as the same typed questions trainers write by hand.

- a `steps` playbook gives one ordering question (its steps in order);
- a `taboos` playbook gives one true/false question per taboo;
- a `stages` playbook gives one "which stage is this?" question per stage.
A playbook with `quiz: {generate: false}` gives none.
"""

from __future__ import annotations

from .catalog import Handbook, PlaybookRecord
from .quiz_model import Option, Ordering, SingleChoice, TrueFalse

MAX_ORDERING_ITEMS = 10


def generated_questions(handbook: Handbook) -> dict[str, list]:
    """Playbook id -> the questions generated from it."""
    makers = {"steps": _ordering, "taboos": _true_false, "stages": _which_stage}
    return {
        record.playbook.id: makers[record.playbook.kind](record)
        for record in handbook.records
        if record.playbook.quiz.generate and record.playbook.kind in makers
    }


def _ordering(record: PlaybookRecord) -> list:
    playbook = record.playbook
    entries = playbook.entries[:MAX_ORDERING_ITEMS]
    if len(entries) < 3:
        return []
    return [
        Ordering(
            id=f"gen-{playbook.id}-order",
            type="ordering",
            prompt=f"把“{playbook.title}”的步骤按正确顺序排好。",
            covers=[e.id for e in entries],
            explanation="正确顺序：" + " → ".join(e.title for e in entries),
            items=[e.title for e in entries],
            partial_credit=True,
        )
    ]


def _true_false(record: PlaybookRecord) -> list:
    questions = []
    for entry in record.playbook.entries:
        label = "红线，绝对不能做" if entry.severity == "red-line" else "应当避免"
        questions.append(
            TrueFalse(
                id=f"gen-{entry.id}",
                type="truefalse",
                prompt=f"判断：下面这种做法可以接受。\n\n{_quoted(entry.what)}",
                covers=[entry.id],
                explanation=f"不可以——这是“{entry.title}”（{label}）：{entry.summary}",
                answer=False,
                feedback_true="这恰恰是手册列出的禁忌。",
                feedback_false="对，这种做法不可取。",
            )
        )
    return questions


def _which_stage(record: PlaybookRecord) -> list:
    entries = record.playbook.entries
    if len(entries) < 2:
        return []
    questions = []
    for entry in entries:
        questions.append(
            SingleChoice(
                id=f"gen-{entry.id}",
                type="single",
                prompt=f"你注意到：{entry.signs[0]}\n\n按“{record.playbook.title}”，这说明关系处在哪个阶段？",
                covers=[entry.id],
                explanation=f"这是“{entry.title}”阶段的信号：{entry.summary}",
                options=[Option(text=other.title, correct=other.id == entry.id) for other in entries],
            )
        )
    return questions


def _quoted(markdown_text: str) -> str:
    """A Markdown field as a block quote, lists and paragraphs kept."""
    return "\n".join(f"> {line}".rstrip() for line in markdown_text.strip().splitlines())
