"""Load and check quizzes against the handbook; build each quiz's question pool and coverage."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from .catalog import FileMemo, Handbook, instead_at_same_place, near_duplicate_ids, read_folder, reference_problem, written_ids
from .problems import Problem, format_path
from .quiz_generate import generated_questions
from .quiz_model import Quiz
from .validate import suggest
from .yaml_loader import YamlDocument

QUIZ_MODELS = {"quiz": Quiz}


@dataclass(frozen=True)
class PooledQuestion:
    uid: str  # unique on the page: origin and question id
    origin: str  # the quiz or playbook the question comes from
    question: object
    generated: bool


@dataclass
class QuizRecord:
    quiz: Quiz
    path: str
    doc: YamlDocument = field(repr=False)
    pool: list[PooledQuestion] = field(default_factory=list)
    fingerprint: str = ""

    def covers(self) -> set[str]:
        return {ref for q in self.pool for ref in q.question.covers}


@dataclass
class QuizBook:
    records: list[QuizRecord]
    generated: dict[str, list]
    coverage_min: int

    def covered_entries(self) -> set[str]:
        return set().union(*(r.covers() for r in self.records)) if self.records else set()


def read_quizzes(settings, memo: FileMemo | None = None) -> tuple[list[QuizRecord], list[Problem]]:
    """Every quiz file, loaded and validated on its own (no cross-references yet)."""
    files = read_folder(settings.root / settings.quizzes_dir, settings.root, QUIZ_MODELS, "测验", memo)
    problems = [problem for file in files for problem in file.problems]
    records = [QuizRecord(file.model, file.shown, file.doc) for file in files if file.model is not None]
    docs = [file.doc for file in files if file.doc is not None]
    records.sort(key=lambda r: (r.quiz.final_exam, r.quiz.order, r.quiz.id))
    # Quiz ids share one namespace (page addresses); question ids one per quiz.
    near = near_duplicate_ids([site for doc in docs for site in written_ids(doc, ())])
    for doc in docs:
        near += near_duplicate_ids(written_ids(doc, ("questions",), own=False))
    return records, instead_at_same_place(problems, near)


def assemble_quizzes(records: list[QuizRecord], handbook: Handbook) -> tuple[QuizBook, list[Problem]]:
    """Check quizzes against the handbook, then give each its question pool and fingerprint."""
    book = QuizBook(records, generated_questions(handbook), handbook.settings.quiz_coverage_min)
    problems = _check_quizzes(book, handbook)
    if not problems:
        problems += _build_pools(book, handbook)
    return book, problems


def _check_quizzes(book: QuizBook, handbook: Handbook) -> list[Problem]:
    problems = []
    quiz_ids: dict[str, QuizRecord] = {}
    for record in book.records:
        quiz, doc = record.quiz, record.doc
        if quiz.id in quiz_ids:
            other = quiz_ids[quiz.id]
            problems.append(Problem(record.path, *doc.position(("id",)), "id",
                                    f"测验 id {quiz.id} 重复，{other.path}:{other.doc.position(('id',))[0]} 也用了它", "改掉其中一个"))
        quiz_ids.setdefault(quiz.id, record)
        seen: dict[str, int] = {}
        for i, question in enumerate(quiz.questions):
            loc = ("questions", i)
            if question.id in seen:
                problems.append(Problem(record.path, *doc.position(loc + ("id",)), format_path(loc + ("id",)),
                                        f"题目 id {question.id} 在本测验里重复（questions[{seen[question.id]}] 也用了它）", "改掉其中一个"))
            seen.setdefault(question.id, i)
            for j, ref in enumerate(question.covers):
                problems += _covers_problem(handbook, record, loc + ("covers", j), ref)
            if question.type == "scenario":
                problems += _scenario_problems(record, loc, question)
    for record in book.records:
        for key, known, what in (("playbooks", handbook.playbooks, "手册"), ("include_quizzes", quiz_ids, "测验")):
            refs = getattr(record.quiz, key)
            if refs == "all":
                continue
            for j, ref in enumerate(refs):
                if ref not in known:
                    hint = suggest(ref, known)
                    problems.append(Problem(record.path, *record.doc.position((key, j)), format_path((key, j)),
                                            f"没有 id 为 {ref} 的{what}", f"是不是 {hint}？" if hint else f"检查{what} id 的拼写"))
    return problems


def _covers_problem(handbook: Handbook, record: QuizRecord, loc: tuple, ref: str) -> list[Problem]:
    where = format_path(loc)
    position = record.doc.position(loc)
    if ref in handbook.playbooks and ref not in handbook.entries:
        return [Problem(record.path, *position, where, f"{ref} 是整本手册的 id，covers 要写具体条目的 id", "打开那本手册，挑出这道题考的条目")]
    problem = reference_problem(handbook, ref, record.path, position, where)
    return [problem] if problem else []


def _scenario_problems(record: QuizRecord, loc: tuple, question) -> list[Problem]:
    problems = []
    node_ids = [n.id for n in question.nodes]
    known = set(node_ids)
    first_index = {}
    for n, node_id in enumerate(node_ids):
        first_index.setdefault(node_id, n)
    for n, node in enumerate(question.nodes):
        if first_index[node.id] != n:
            at = loc + ("nodes", n, "id")
            problems.append(Problem(record.path, *record.doc.position(at), format_path(at), f"节点 id {node.id} 重复", "改掉其中一个"))
        for c, choice in enumerate(node.choices):
            if choice.next is not None and choice.next not in known:
                at = loc + ("nodes", n, "choices", c, "next")
                hint = suggest(choice.next, node_ids)
                problems.append(Problem(record.path, *record.doc.position(at), format_path(at),
                                        f"没有 id 为 {choice.next} 的节点", f"是不是 {hint}？" if hint else "写 nodes 里已有的 id，或删掉 next 结束对话"))
    if not question.nodes[0].choices:
        at = loc + ("nodes", 0)
        problems.append(Problem(record.path, *record.doc.position(at), format_path(at), "开场节点没有可选的回答", "给第一个节点写 choices"))
    if _has_cycle(question):
        problems.append(Problem(record.path, *record.doc.position(loc + ("nodes",)), format_path(loc + ("nodes",)),
                                "对话会绕回原处，永远结束不了", "检查 next：对话必须能走到没有 choices 的结尾"))
    return problems


def _has_cycle(question) -> bool:
    """Depth-first search with an explicit stack: a dialogue can be thousands of nodes long."""
    graph = {n.id: [c.next for c in n.choices if c.next] for n in question.nodes}
    done: set[str] = set()
    for start in graph:
        if start in done:
            continue
        on_path = {start}
        stack = [(start, iter(graph[start]))]
        while stack:
            node, following = stack[-1]
            nxt = next(following, None)
            if nxt is None:
                stack.pop()
                on_path.discard(node)
                done.add(node)
            elif nxt in on_path:
                return True
            elif nxt in graph and nxt not in done:
                on_path.add(nxt)
                stack.append((nxt, iter(graph[nxt])))
    return False


def _build_pools(book: QuizBook, handbook: Handbook) -> list[Problem]:
    by_id = {r.quiz.id: r for r in book.records}
    own = {r.quiz.id: _own_pool(r, book) for r in book.records}
    problems = []
    for record in book.records:
        quiz = record.quiz
        pool = list(own[quiz.id])
        included = [q for q in by_id if q != quiz.id] if quiz.include_quizzes == "all" else quiz.include_quizzes
        for other in included:
            pool += own[other]
        record.pool = list({q.uid: q for q in pool}.values())
        record.fingerprint = fingerprint(handbook, record.covers())
        if not record.pool:
            problems.append(Problem(record.path, *record.doc.position(()), "questions", "这个测验一道题也没有",
                                    "写 questions，或用 playbooks 从手册自动出题"))
        elif quiz.draw and quiz.draw > len(record.pool):
            problems.append(Problem(record.path, *record.doc.position(("draw",)), "draw",
                                    f"要抽 {quiz.draw} 题，但题库只有 {len(record.pool)} 题", f"把 draw 改成不超过 {len(record.pool)}"))
    return problems


def _own_pool(record: QuizRecord, book: QuizBook) -> list[PooledQuestion]:
    quiz = record.quiz
    pool = [PooledQuestion(f"{quiz.id}--{q.id}", quiz.id, q, False) for q in quiz.questions]
    playbooks = list(book.generated) if quiz.playbooks == "all" else quiz.playbooks
    for playbook_id in playbooks:
        pool += [PooledQuestion(q.id, playbook_id, q, True) for q in book.generated.get(playbook_id, [])]
    return pool


def fingerprint(handbook: Handbook, entry_ids: set[str]) -> str:
    """Changes whenever a trainer edits any entry the quiz covers."""
    key = frozenset(entry_ids)
    if key not in handbook.fingerprint_cache:
        digest = hashlib.sha256()
        for entry_id in sorted(key):
            digest.update(_entry_json(handbook, handbook.renamed.get(entry_id, entry_id)))
        handbook.fingerprint_cache[key] = digest.hexdigest()[:12]
    return handbook.fingerprint_cache[key]


def _entry_json(handbook: Handbook, entry_id: str) -> bytes:
    if entry_id not in handbook.entry_json_cache:
        _, entry = handbook.entries[entry_id]
        handbook.entry_json_cache[entry_id] = json.dumps(entry.model_dump(mode="json"), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return handbook.entry_json_cache[entry_id]


def uncovered_entries(handbook: Handbook, book: QuizBook) -> list[tuple[str, str]]:
    """(playbook path, entry id) for every entry no question covers."""
    covered = {handbook.renamed.get(e, e) for e in book.covered_entries()}
    return [
        (record.path, entry.id)
        for record in handbook.records
        for entry in record.playbook.entries
        if entry.id not in covered
    ]


def coverage_percent(handbook: Handbook, book: QuizBook) -> float:
    total = len(handbook.entries)
    return 100.0 * (total - len(uncovered_entries(handbook, book))) / total if total else 100.0
