"""The same content as Markdown pages: what a team without our hooks would write by hand.

The baseline writes each playbook and each quiz as one plain Markdown page (questions with
their answers and explanations spelled out). The peer writes the quiz pages in mkdocs-quiz
1.7.1's `<quiz>` syntax instead. Both take the content from our typed model, so every page
holds the same text as ours: each quiz page its whole question pool, generated questions
included, in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handbook.catalog import KIND_ORDER, Handbook, PlaybookRecord, Settings
from handbook.model import PLAYBOOK_MODELS
from handbook.quiz_model import Quiz
from handbook.quizzes import QuizBook, QuizRecord, assemble_quizzes
from handbook.render import KIND_LABELS, SEVERITY_LABELS
from handbook.render_quiz import TYPE_LABELS
from handbook.yaml_loader import YamlDocument


def model_content(playbooks: dict[str, dict], quizzes: dict[str, dict], sources: dict[str, str]) -> tuple[Handbook, QuizBook]:
    """Validate the synthetic documents with our model (outside any timed build)."""
    records = []
    for name, data in playbooks.items():
        playbook = PLAYBOOK_MODELS[data["kind"]].model_validate(data)
        records.append(PlaybookRecord(playbook, f"playbooks/{name}", YamlDocument(name, data)))
    records.sort(key=lambda r: (KIND_ORDER.index(r.playbook.kind), r.playbook.order, r.playbook.id))
    handbook = Handbook(records, Settings(root=Path("."), sources=sources))
    quiz_records = [QuizRecord(Quiz.model_validate(data), f"quizzes/{name}", YamlDocument(name, data)) for name, data in quizzes.items()]
    quiz_records.sort(key=lambda r: (r.quiz.final_exam, r.quiz.order, r.quiz.id))
    book, problems = assemble_quizzes(quiz_records, handbook)
    if problems:
        raise SystemExit("synthetic quizzes do not assemble:\n" + "\n".join(map(str, problems)))
    return handbook, book


# ---------------------------------------------------------------- links


def _entry_link(handbook: Handbook, ref: str, from_folder: str) -> str:
    """A Markdown link to a playbook or entry, relative to a page in `from_folder` ("playbooks" or "quizzes")."""
    ref = handbook.renamed.get(ref, ref)
    prefix = "" if from_folder == "playbooks" else "../playbooks/"
    if ref in handbook.entries:
        record, entry = handbook.entries[ref]
        return f"[{entry.title}]({prefix}{record.playbook.id}.md#{entry.id})"
    playbook = handbook.playbooks[ref].playbook
    return f"[{playbook.title}]({prefix}{playbook.id}.md)"


def _front_matter(title: str, description: str) -> str:
    return f"---\ntitle: {_quoted(title)}\ndescription: {_quoted(description)}\n---\n\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- playbooks

TEXT_FIELDS = {
    "stages": [("goal", "目标")],
    "taboos": [("what", "具体是什么"), ("why", "为什么有害")],
    "objections": [("says", "对方说或做"), ("behind", "背后的真实意图")],
}
LIST_FIELDS = {
    "stages": [("signs", "你已经在这个阶段的信号"), ("actions", "该做的事"), ("pitfalls", "容易犯的错")],
    "taboos": [("instead", "应该怎么做")],
    "objections": [("respond", "怎么应对"), ("avoid", "千万别这样")],
    "steps": [("actions", "要做的事"), ("checklist", "检查清单"), ("record", "要记录的")],
    "guide": [("points", "要点")],
}
NUMBER_LABELS = {"stages": "第 {} 阶段 ", "steps": "第 {} 步 "}


def playbook_page(record: PlaybookRecord, handbook: Handbook) -> str:
    playbook = record.playbook
    out = [_front_matter(playbook.title, playbook.summary), f"# {playbook.title}\n",
           f"{KIND_LABELS[playbook.kind]} · {len(playbook.entries)} 条\n", f"{playbook.summary}\n"]
    if playbook.audience:
        out.append("适用：" + "、".join(playbook.audience) + "\n")
    if playbook.intro:
        out.append(playbook.intro + "\n")
    out += [f"{i}. [{e.title}](#{e.id})" for i, e in enumerate(playbook.entries, start=1)]
    out.append("")
    for number, entry in enumerate(playbook.entries, start=1):
        out.append(_entry_section(playbook.kind, entry, number, handbook))
    return "\n".join(out)


def _entry_section(kind: str, entry, number: int, handbook: Handbook) -> str:
    prefix = NUMBER_LABELS.get(kind, "").format(number)
    out = [f"## {prefix}{entry.title} {{#{entry.id}}}\n"]
    if kind == "taboos":
        out.append(f"**{SEVERITY_LABELS[entry.severity]}**\n")
    out.append(f"{entry.summary}\n")
    for name, label in TEXT_FIELDS.get(kind, []):
        out += [f"**{label}**\n", getattr(entry, name) + "\n"]
    for name, label in LIST_FIELDS.get(kind, []):
        items = getattr(entry, name)
        if items:
            marker = "1." if name == "respond" else "-"
            out += [f"**{label}**\n", *[f"{marker} {_one_line(item)}" for item in items], ""]
    if kind == "stages" and entry.next:
        out += ["**怎样进入下一阶段**\n", entry.next + "\n"]
    if kind == "checklist":
        for item in entry.items:
            why = f" → {_entry_link(handbook, item.see, 'playbooks')}" if item.see else ""
            out.append(f"- {_one_line(item.text)}{why}")
        out.append("")
    if entry.detail:
        out += ["**详细说明**\n", entry.detail + "\n"]
    if entry.phrasing:
        out.append("**可以这样说**\n")
        out += [f"> {_one_line(line)}\n" for line in entry.phrasing]
    if entry.see:
        out.append("参见：" + " · ".join(_entry_link(handbook, ref, "playbooks") for ref in entry.see) + "\n")
    sources = handbook.settings.sources
    out.append("来源：" + "；".join(sources.get(s, s) for s in entry.sources) + "\n")
    return "\n".join(out)


def overview_page(handbook: Handbook) -> str:
    out = [_front_matter("全部手册", "按类型列出的全部手册"), "# 全部手册\n"]
    for kind, label in KIND_LABELS.items():
        records = [r for r in handbook.records if r.playbook.kind == kind]
        if not records:
            continue
        out.append(f"## {label} {{#kind-{kind}}}\n")
        out += [f"- [{r.playbook.title}]({r.playbook.id}.md) {len(r.playbook.entries)} 条  \n  {r.playbook.summary}" for r in records]
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- quizzes

# Our quiz pages keep questions and answers out of the search index; so do these pages
# (Material drops a section whose heading carries this attribute).
SEARCH_EXCLUDE = "data-search-exclude"


@dataclass
class Answer:
    text: str
    correct: bool
    feedback: str | None = None


@dataclass
class FlatQuestion:
    """A question as single/multiple choice: the one form both plain Markdown and mkdocs-quiz can show."""

    heading: str
    anchor: str
    prompt: str
    answers: list[Answer]
    content: str  # explanation and links back to the entries
    extra: list[str] = field(default_factory=list)


def flat_questions(item, number: int, handbook: Handbook) -> list[FlatQuestion]:
    question = item.question
    heading = f"第 {number} 题（{TYPE_LABELS[question.type]}）"
    reread = "回去重读：" + "、".join(_entry_link(handbook, ref, "quizzes") for ref in question.covers)
    content = f"{question.explanation}\n\n{reread}"
    kind = question.type
    if kind in ("single", "multiple"):
        answers = [Answer(_one_line(o.text), o.correct, o.feedback) for o in question.options]
    elif kind == "truefalse":
        answers = [Answer("对", question.answer, question.feedback_true), Answer("错", not question.answer, question.feedback_false)]
    elif kind == "ordering":
        items = [_one_line(i) for i in question.items]
        orders = [items, items[::-1], items[1:] + items[:1]]
        answers = [Answer(" → ".join(order), i == 0) for i, order in enumerate(orders)]
    elif kind == "matching":
        lefts = [_one_line(p.left) for p in question.pairs]
        rights = [_one_line(p.right) for p in question.pairs]
        pairings = [rights, rights[1:] + rights[:1]]
        answers = [Answer("；".join(f"{l}—{r}" for l, r in zip(lefts, pairing)), i == 0) for i, pairing in enumerate(pairings)]
    else:
        return _scenario_questions(item, heading, content)
    return [FlatQuestion(heading, item.uid, question.prompt, answers, content)]


def _scenario_questions(item, heading: str, content: str) -> list[FlatQuestion]:
    """One choice question per turn of the dialogue; the endings are listed with the explanation."""
    question = item.question
    endings = [f"- {_one_line(n.line)}" for n in question.nodes if not n.choices]
    turns = []
    for n, node in enumerate(question.nodes):
        if not node.choices:
            continue
        answers = [Answer(_one_line(c.text), c.best, c.feedback) for c in node.choices]
        if not any(a.correct for a in answers):
            for answer in answers:
                answer.correct = True
        prompt = (question.prompt + "\n\n" if n == 0 else "") + f"**{question.speaker}**：{node.line}"
        turns.append(FlatQuestion(heading if n == 0 else f"{heading}（续）", f"{item.uid}-{node.id}", prompt, answers, ""))
    turns[-1].content = "对话的结局：\n\n" + "\n".join(endings) + "\n\n" + content if endings else content
    return turns


def _quiz_intro(record: QuizRecord) -> list[str]:
    quiz = record.quiz
    kind = "结业考试" if quiz.final_exam else "测验"
    return [_front_matter(quiz.title, f"{quiz.title}：及格线 {quiz.pass_mark}%"), f"# {quiz.title}\n",
            f"{kind} · {quiz.draw or len(record.pool)} 题 · 及格线 {quiz.pass_mark}%\n", quiz.description + "\n"]


def plain_quiz_page(record: QuizRecord, handbook: Handbook) -> str:
    out = _quiz_intro(record)
    for number, item in enumerate(record.pool, start=1):
        for flat in flat_questions(item, number, handbook):
            out += [f"### {flat.heading} {{#{flat.anchor} {SEARCH_EXCLUDE}}}\n", flat.prompt + "\n"]
            for answer in flat.answers:
                mark = "（正确）" if answer.correct else ""
                feedback = f"——{_one_line(answer.feedback)}" if answer.feedback else ""
                out.append(f"- {answer.text}{mark}{feedback}")
            out.append("")
            if flat.content:
                out += ["**解析**\n", flat.content + "\n"]
    return "\n".join(out)


def peer_quiz_page(record: QuizRecord, handbook: Handbook) -> str:
    out = _quiz_intro(record)
    for number, item in enumerate(record.pool, start=1):
        for flat in flat_questions(item, number, handbook):
            out += [f"### {flat.heading} {{ {SEARCH_EXCLUDE} }}\n", "<quiz>", flat.prompt.strip()]
            for answer in flat.answers:
                out.append(f"- [{'x' if answer.correct else ' '}] {answer.text}")
                if answer.feedback:
                    out += [f"    > {line}" for line in answer.feedback.strip().splitlines() if line.strip()]
            if flat.content:
                out += ["", flat.content.strip()]
            out += ["</quiz>", ""]
    return "\n".join(out)


def quiz_index_page(book: QuizBook) -> str:
    out = [_front_matter("测验", "全部测验和你的完成情况"), "# 测验\n",
           "读完一本手册，就做对应的测验。成绩只保存在这台手机或电脑的浏览器里。\n"]
    for record in book.records:
        quiz = record.quiz
        out.append(f"- [{quiz.title}]({quiz.id}.md) {quiz.draw or len(record.pool)} 题 · 及格 {quiz.pass_mark}%  \n  {_one_line(quiz.description)}")
    return "\n".join(out) + "\n"


def simple_page(title: str, description: str, body: str) -> str:
    return _front_matter(title, description) + f"# {title}\n\n{body}\n"


# ---------------------------------------------------------------- the whole docs folder and nav


def write_markdown_site(docs: Path, handbook: Handbook, book: QuizBook | None, quiz_page) -> list:
    """Write the playbook and quiz pages into docs/ and return the nav that mirrors ours."""
    (docs / "playbooks").mkdir(parents=True, exist_ok=True)
    (docs / "playbooks" / "index.md").write_text(overview_page(handbook), encoding="utf-8")
    sections: list = [{"全部手册": "playbooks/index.md"}]
    for kind, label in KIND_LABELS.items():
        pages = []
        for record in handbook.records:
            if record.playbook.kind == kind:
                path = f"playbooks/{record.playbook.id}.md"
                (docs / path).write_text(playbook_page(record, handbook), encoding="utf-8")
                pages.append(path)
        if pages:
            sections.append({label: pages})
    if book is None or not book.records:
        return sections
    (docs / "quizzes").mkdir(exist_ok=True)
    (docs / "quizzes" / "index.md").write_text(quiz_index_page(book), encoding="utf-8")
    quizzes = ["quizzes/index.md"]
    for record in book.records:
        path = f"quizzes/{record.quiz.id}.md"
        (docs / path).write_text(quiz_page(record, handbook), encoding="utf-8")
        quizzes.append(path)
    (docs / "progress.md").write_text(simple_page("我的进度", "每个测验的最好成绩", "每个测验的最好成绩。"), encoding="utf-8")
    (docs / "certificate.md").write_text(simple_page("结业证书", "打印通过的测验", "打印通过的测验。"), encoding="utf-8")
    return sections + [{"测验": quizzes}, {"我的进度": "progress.md"}, {"结业证书": "certificate.md"}]
