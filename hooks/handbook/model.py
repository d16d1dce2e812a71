"""The typed model of a playbook: the single source of truth for the build and the JSON Schema.

Descriptions are in Chinese because editors show them to trainers while they type.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Markdown = Annotated[Text, Field(json_schema_extra={"format": "markdown"})]


def described(description: str, **kwargs):
    return Field(description=description, **kwargs)


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class QuizSettings(StrictModel):
    generate: bool = described("是否从本手册自动出题（排序题、判断题、阶段识别题）", default=True)


class EntryBase(StrictModel):
    id: Slug = described("条目的固定 id：小写英文、数字和连字符，全手册唯一；也是页面锚点，改了会断链接")
    title: Text = described("行动导向的标题，例如“第一次拜访店老板”")
    summary: Text = described("一句话要点，业务员扫一眼就知道该做什么")
    detail: Markdown | None = described("详细说明，可用 Markdown", default=None)
    phrasing: list[Text] = described("可以直接说的话术示例，每项一句", default_factory=list)
    see: list[Slug] = described("相关条目或手册的 id，页面上显示为链接", default_factory=list)
    sources: list[Text] = described("内容出自哪份资料（shared/sources 里的文件名），至少一个", min_length=1)
    tags: list[Text] = described("关键词，帮助搜索", default_factory=list)
    renamed_from: list[Slug] = described("这个条目以前用过的 id；改 id 时写上旧 id，旧链接和测验进度不会丢", default_factory=list)


class StageEntry(EntryBase):
    goal: Markdown = described("这个阶段要达到的目标")
    signs: list[Text] = described("说明你已经处在这个阶段的信号", min_length=1)
    actions: list[Text] = described("这个阶段该做的事", min_length=1)
    pitfalls: list[Text] = described("这个阶段容易犯的错", default_factory=list)
    next: Markdown | None = described("怎样进入下一个阶段", default=None)


class TabooEntry(EntryBase):
    severity: Literal["red-line", "avoid"] = described("red-line：红线，绝对不能做；avoid：应当避免")
    what: Markdown = described("这个禁忌具体是什么做法")
    why: Markdown = described("为什么有害：对客户关系、公司或业务员本人")
    instead: list[Text] = described("应该怎么做", min_length=1)


class ObjectionEntry(EntryBase):
    says: Markdown = described("客户或采购说的话、做的事")
    behind: Markdown = described("背后真正的原因或意图")
    respond: list[Text] = described("应对步骤，按顺序", min_length=1)
    avoid: list[Text] = described("千万不要说或做的", default_factory=list)


class StepEntry(EntryBase):
    actions: list[Text] = described("这一步要做的事", min_length=1)
    checklist: list[Text] = described("检查清单：做完前逐项确认", default_factory=list)
    record: list[Text] = described("这一步要记录的内容", default_factory=list)


class GuideEntry(EntryBase):
    points: list[Text] = described("要点列表", default_factory=list)


class ChecklistItem(StrictModel):
    text: Text = described("一行要点")
    see: Slug | None = described("这一行背后的条目 id", default=None)


class ChecklistEntry(EntryBase):
    items: list[ChecklistItem] = described("清单的各行", min_length=1)


class PlaybookBase(StrictModel):
    id: Slug = described("手册的固定 id，也是页面地址：小写英文、数字和连字符")
    title: Text = described("手册标题")
    summary: Text = described("一句话说明这本手册解决什么问题")
    intro: Markdown | None = described("开头的说明，可用 Markdown", default=None)
    order: int = described("同类手册在导航里的顺序，小的在前", default=100)
    audience: list[Text] = described("适用对象，例如 商超业务员、OTC 代表", default_factory=list)
    quiz: QuizSettings = described("自动出题设置", default_factory=QuizSettings)


class StagesPlaybook(PlaybookBase):
    kind: Literal["stages"] = described("手册类型")
    entries: list[StageEntry] = described("按先后顺序排列的阶段", min_length=1)


class TaboosPlaybook(PlaybookBase):
    kind: Literal["taboos"] = described("手册类型")
    entries: list[TabooEntry] = described("禁忌和红线", min_length=1)


class ObjectionsPlaybook(PlaybookBase):
    kind: Literal["objections"] = described("手册类型")
    entries: list[ObjectionEntry] = described("异议或谈判招数", min_length=1)


class StepsPlaybook(PlaybookBase):
    kind: Literal["steps"] = described("手册类型")
    entries: list[StepEntry] = described("按顺序排列的步骤", min_length=1)


class GuidePlaybook(PlaybookBase):
    kind: Literal["guide"] = described("手册类型")
    entries: list[GuideEntry] = described("参考条目", min_length=1)


class ChecklistPlaybook(PlaybookBase):
    kind: Literal["checklist"] = described("手册类型")
    entries: list[ChecklistEntry] = described("清单的各部分", min_length=1)


PLAYBOOK_MODELS: dict[str, type[PlaybookBase]] = {
    "stages": StagesPlaybook,
    "taboos": TaboosPlaybook,
    "objections": ObjectionsPlaybook,
    "steps": StepsPlaybook,
    "guide": GuidePlaybook,
    "checklist": ChecklistPlaybook,
}

Playbook = Annotated[
    Union[StagesPlaybook, TaboosPlaybook, ObjectionsPlaybook, StepsPlaybook, GuidePlaybook, ChecklistPlaybook],
    Field(discriminator="kind"),
]

Entry = Union[StageEntry, TabooEntry, ObjectionEntry, StepEntry, GuideEntry, ChecklistEntry]


def playbook_json_schema() -> dict:
    schema = TypeAdapter(Playbook).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "客情手册 playbook"
    return schema
