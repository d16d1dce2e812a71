"""The typed model of a quiz, the single source of truth for the build and quizzes/schema.json."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, TypeAdapter, model_validator

from .model import Markdown, Slug, StrictModel, Text, described

Percent = Annotated[int, Field(ge=1, le=100)]


class Option(StrictModel):
    text: Markdown = described("选项文字")
    correct: bool = described("是否正确", default=False)
    feedback: Markdown | None = described("选了这个选项后看到的反馈", default=None)


class QuestionBase(StrictModel):
    id: Slug = described("题目 id，本测验内唯一")
    prompt: Markdown = described("题干：最好是一个业务员会遇到的情境")
    covers: list[Slug] = described("这道题考的条目 id（答错时链接到这些条目）", min_length=1)
    explanation: Markdown = described("解析：为什么这样答")


class SingleChoice(QuestionBase):
    type: Literal["single"] = described("单选题")
    options: list[Option] = described("选项，恰好一个 correct: true", min_length=2)

    @model_validator(mode="after")
    def _one_correct(self):
        if sum(o.correct for o in self.options) != 1:
            raise ValueError("single_needs_one_correct")
        return self


class MultipleChoice(QuestionBase):
    type: Literal["multiple"] = described("多选题")
    options: list[Option] = described("选项，至少一个 correct: true", min_length=2)
    partial_credit: bool = described("部分正确时按比例给分", default=False)

    @model_validator(mode="after")
    def _some_correct(self):
        if not any(o.correct for o in self.options):
            raise ValueError("multiple_needs_a_correct")
        return self


class TrueFalse(QuestionBase):
    type: Literal["truefalse"] = described("判断题")
    answer: bool = described("这句话是对（true）还是错（false）")
    feedback_true: Markdown | None = described("选“对”后看到的反馈", default=None)
    feedback_false: Markdown | None = described("选“错”后看到的反馈", default=None)


class Ordering(QuestionBase):
    type: Literal["ordering"] = described("排序题")
    items: list[Text] = described("按正确顺序写出各项；页面上会打乱", min_length=2)
    partial_credit: bool = described("按放对位置的项数给分", default=False)


class Pair(StrictModel):
    left: Text = described("左边一项")
    right: Text = described("与之匹配的右边一项")


class Matching(QuestionBase):
    type: Literal["matching"] = described("连线题")
    pairs: list[Pair] = described("正确的配对；页面上右边会打乱", min_length=2)
    partial_credit: bool = described("按配对正确的数量给分", default=True)


class ScenarioChoice(StrictModel):
    text: Text = described("业务员的回答")
    best: bool = described("这是不是这一步最好的回答", default=False)
    feedback: Markdown | None = described("选了之后看到的反馈", default=None)
    next: Slug | None = described("对方接下来说的话（nodes 里的 id）；不写则对话结束", default=None)


class ScenarioNode(StrictModel):
    id: Slug = described("这句台词的 id")
    line: Text = described("对方（采购、店老板……）说的话")
    choices: list[ScenarioChoice] = described("业务员可以选的回答；空列表表示对话结束", default_factory=list)


class Scenario(QuestionBase):
    type: Literal["scenario"] = described("情景对话题：按选择走不同分支，最后计分")
    speaker: Text = described("对方的身份，例如 采购经理", default="客户")
    nodes: list[ScenarioNode] = described("对话节点，第一个是开场", min_length=1)


Question = Annotated[
    Union[SingleChoice, MultipleChoice, TrueFalse, Ordering, Matching, Scenario],
    Field(discriminator="type"),
]

QUESTION_MODELS = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "truefalse": TrueFalse,
    "ordering": Ordering,
    "matching": Matching,
    "scenario": Scenario,
}


class Quiz(StrictModel):
    id: Slug = described("测验 id，也是页面地址")
    title: Text = described("测验标题")
    description: Markdown = described("这次测验考什么、适合谁")
    pass_mark: Percent = described("及格线（百分比）", default=80)
    order: int = described("在测验列表里的顺序，小的在前", default=100)
    modes: list[Literal["practice", "exam"]] = described(
        "可选的作答模式，第一个是默认：practice 每题即时反馈；exam 交卷后才显示答案",
        default_factory=lambda: ["practice", "exam"], min_length=1,
    )
    draw: int | None = described("每次作答从题库里随机抽多少题；不写则全部作答", default=None, ge=1)
    playbooks: list[Slug] | Literal["all"] = described(
        "从这些手册自动生成的题目加入题库；all 表示全部手册", default_factory=list
    )
    include_quizzes: list[Slug] | Literal["all"] = described(
        "把这些测验的题目也加入题库（期末考试用 all）", default_factory=list
    )
    final_exam: bool = described("是否是入职结业考试", default=False)
    questions: list[Question] = described("手写的题目", default_factory=list)


def quiz_json_schema() -> dict:
    schema = TypeAdapter(Quiz).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "客情手册 quiz"
    return schema
