"""Render quiz pages, the quizzes overview, the progress page and the certificate page.

The answer key travels in the page as an obfuscated blob, not as text: a rep who selects the
page's text or searches the handbook must not find the answers (quiz blocks are also marked
data-search-exclude on custom elements such as <hb-quiz>: Material's search parser
matches excluded blocks by tag name, so a plain <div> container would be un-excluded by the
first nested </div>). It is not meant to stop a determined reader of the source.
"""

from __future__ import annotations

import base64
import hashlib
import json

from markupsafe import Markup

from .content import Content
from .quizzes import QuizRecord
from .render import Linker, RenderedPage, template_environment

MODE_LABELS = {"practice": "练习模式（每题即时反馈）", "exam": "考试模式（交卷后才显示答案）"}
TYPE_LABELS = {
    "single": "单选",
    "multiple": "多选",
    "truefalse": "判断",
    "ordering": "排序",
    "matching": "连线",
    "scenario": "情景对话",
}

QUIZ_INDEX_SRC_URI = "quizzes/index.md"
PROGRESS_SRC_URI = "progress.md"
CERTIFICATE_SRC_URI = "certificate.md"


def quiz_url(quiz_id: str) -> str:
    return f"quizzes/{quiz_id}/"


def quiz_src_uri(quiz_id: str) -> str:
    return f"quizzes/{quiz_id}.md"


def token(uid: str, label: str) -> str:
    """An opaque value for an ordering item or a matching side: positional values (i0, l0 -> r0)
    would give the answer away to anyone reading the page source."""
    return "t" + hashlib.sha256(f"{uid}\0{label}".encode("utf-8")).hexdigest()[:8]


def scrambled(uid: str, values: list) -> list:
    """A fixed per-question shuffle, so the page source never lists items in the right order
    (the browser shuffles again on every attempt)."""
    order = sorted(range(len(values)), key=lambda i: token(uid, f"order{i}"))
    return [(i, values[i]) for i in order]


def answer_key(question, uid: str) -> dict:
    kind = question.type
    if kind in ("single", "multiple"):
        key = {"c": [f"o{i}" for i, o in enumerate(question.options) if o.correct]}
    elif kind == "truefalse":
        key = {"c": ["true" if question.answer else "false"]}
    elif kind == "ordering":
        key = {"c": [token(uid, f"i{i}") for i in range(len(question.items))]}
    elif kind == "matching":
        key = {"c": {token(uid, f"l{i}"): token(uid, f"r{i}") for i in range(len(question.pairs))}}
    else:  # scenario: the graph, with the best reply of each turn
        key = {
            "start": question.nodes[0].id,
            "nodes": {
                node.id: [[f"c{i}", c.best, c.next] for i, c in enumerate(node.choices)] for node in question.nodes
            },
        }
    key["p"] = bool(getattr(question, "partial_credit", False))
    return key


def obfuscate(data: dict, salt: str) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode("utf-8")
    pad = salt.encode("utf-8") or b"k"
    return base64.b64encode(bytes(b ^ pad[i % len(pad)] for i, b in enumerate(raw))).decode("ascii")


def handbook_version(content: Content) -> str:
    from .quizzes import fingerprint

    label = content.handbook.settings.version or "未编号"
    return f"{label}（内容 {fingerprint(content.handbook, set(content.handbook.entries))[:8]}）"


def quiz_assets(linker: Linker) -> Markup:
    """The quiz module and its stylesheet: only the pages that need them load them."""
    css = linker.url("assets/handbook/quiz.css")
    js = linker.url("assets/handbook/quiz.js")
    return Markup(f'<link rel="stylesheet" href="{css}">\n<script type="module" src="{js}"></script>')


def render_quiz_page(record: QuizRecord, content: Content, page_url: str) -> RenderedPage:
    quiz = record.quiz
    key = {item.uid: answer_key(item.question, item.uid) for item in record.pool}
    html = template_environment().get_template("quiz.html").render(
        quiz=quiz,
        questions=record.pool,
        count=quiz.draw or len(record.pool),
        fingerprint=record.fingerprint,
        version=handbook_version(content),
        key=Markup(obfuscate(key, quiz.id)),
        link=Linker(content.handbook, page_url),
        assets=quiz_assets(Linker(content.handbook, page_url)),
        mode_labels=MODE_LABELS,
        token=token,
        scrambled=scrambled,
        type_labels=TYPE_LABELS,
    )
    return RenderedPage(html, [])


def quiz_manifest(content: Content, page_url: str) -> str:
    """What the progress and certificate pages know about every quiz, as JSON for the page script."""
    linker = Linker(content.handbook, page_url)
    quizzes = [
        {
            "id": r.quiz.id,
            "title": r.quiz.title,
            "url": linker.url(quiz_url(r.quiz.id)),
            "passMark": r.quiz.pass_mark,
            "fingerprint": r.fingerprint,
            "finalExam": r.quiz.final_exam,
        }
        for r in content.quizzes.records
    ]
    data = {"version": handbook_version(content), "quizzes": quizzes}
    # Escape "<" so that no text can close the script element early.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def render_quiz_index(content: Content, page_url: str) -> RenderedPage:
    linker = Linker(content.handbook, page_url)
    html = template_environment().get_template("quiz_index.html").render(
        records=content.quizzes.records, url=lambda r: linker.url(quiz_url(r.quiz.id)),
        progress_url=linker.url("progress/"), manifest=Markup(quiz_manifest(content, page_url)),
        assets=quiz_assets(linker),
    )
    return RenderedPage(html, [])


def render_progress_page(content: Content, page_url: str) -> RenderedPage:
    linker = Linker(content.handbook, page_url)
    html = template_environment().get_template("progress.html").render(
        manifest=Markup(quiz_manifest(content, page_url)), certificate_url=linker.url("certificate/"),
        assets=quiz_assets(linker),
    )
    return RenderedPage(html, [])


def render_certificate_page(content: Content, page_url: str) -> RenderedPage:
    html = template_environment().get_template("certificate.html").render(
        manifest=Markup(quiz_manifest(content, page_url)), site_name="客情关系维护手册",
        assets=quiz_assets(Linker(content.handbook, page_url)),
    )
    return RenderedPage(html, [])
