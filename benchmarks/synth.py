"""Synthetic handbooks at N times the shipped one, written as YAML for our hooks.

Copy 0 is the shipped handbook unchanged, so 1x is exactly what trainers have today. Every
other copy renames its ids (`-x<department>`, `-r<repeat>`; references follow) and replaces
each run of Chinese characters with a run of the same length cut from the handbook's own text
at a random place: field lengths, Markdown structure and word statistics stay those of real
content (jieba and gzip see real Chinese), and no two pages repeat each other.

How a handbook grows: up to 10x by departments, each with a copy of every playbook and quiz
and a final exam over its own copy; past 10x each playbook and quiz also gets longer (more
entries and questions per page). Material renders the whole navigation into every page, so
a site whose page count grows 100x spends 100x longer on every page for any MkDocs site,
hooks or not (see BENCHMARKS.md); and a final exam written `all` would hold every question
of the company in one page.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handbook.catalog import yaml_files
from handbook.yaml_loader import load_yaml_file

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Keys whose values are ids (a slug, "all", or a list of slugs): renamed per copy.
ID_KEYS = {"id", "see", "covers", "renamed_from", "playbooks", "include_quizzes", "next"}
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class Corpus:
    """The shipped handbook's YAML documents and all its Chinese text in one stream."""

    playbooks: dict[str, dict]  # file name -> data
    quizzes: dict[str, dict]
    chinese: str
    top_level_ids: frozenset[str]  # playbook and quiz ids, which keep one suffix per department

    @classmethod
    def read(cls, root: Path) -> Corpus:
        playbooks = _read_folder(root / "playbooks")
        quizzes = _read_folder(root / "quizzes")
        texts: list[str] = []
        for data in [*playbooks.values(), *quizzes.values()]:
            _collect_strings(data, texts)
        chinese = "".join(run for text in texts for run in CJK_RUN.findall(text))
        top_level_ids = frozenset(d["id"] for d in [*playbooks.values(), *quizzes.values()])
        return cls(playbooks, quizzes, chinese, top_level_ids)


def _read_folder(folder: Path) -> dict[str, dict]:
    documents = {}
    for path in yaml_files(folder):
        doc, problems = load_yaml_file(path, path.name)
        if doc is None or problems:
            raise SystemExit(f"{path}: the shipped handbook must load cleanly before benchmarking it")
        documents[path.name] = doc.data
    return documents


def _collect_strings(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, list):
        for item in value:
            _collect_strings(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _collect_strings(item, out)


class Perturber:
    """Rewrites one copy of a document: ids get suffixes, Chinese text is replaced by real text of the same length.

    Playbook and quiz ids get the department's suffix; entry, question and node ids also the
    repeat's, so that a longer playbook holds several renamed copies of its entries.
    """

    def __init__(self, corpus: Corpus, department: int, repeat: int):
        self.department_suffix = f"-x{department}" if department else ""
        self.suffix = self.department_suffix + (f"-r{repeat}" if repeat else "")
        self.perturb = bool(department or repeat)
        self.top_level_ids = corpus.top_level_ids
        self.chinese = corpus.chinese
        self.random = random.Random(department * 1000 + repeat)

    def document(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: self.document(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.document(item, key) for item in value]
        if isinstance(value, str):
            if key in ID_KEYS:
                return self._renamed(value)
            return CJK_RUN.sub(self._same_length_text, value) if self.perturb else value
        return value

    def _renamed(self, ident: str) -> str:
        if ident == "all":
            return ident
        return ident + (self.department_suffix if ident in self.top_level_ids else self.suffix)

    def _same_length_text(self, match: re.Match) -> str:
        length = len(match.group(0))
        start = self.random.randrange(0, max(1, len(self.chinese) - length))
        return self.chinese[start:start + length]


def is_final_exam(quiz: dict) -> bool:
    return str(quiz.get("final_exam", "")).lower() == "true"


@dataclass(frozen=True)
class Shape:
    """How a size is reached: departments times longer pages."""

    departments: int
    repeats: int

    @classmethod
    def of(cls, factor: int) -> Shape:
        departments = min(factor, 10)
        if factor % departments:
            raise SystemExit(f"size {factor}x: use 1 to 10, or a multiple of 10")
        return cls(departments, factor // departments)


def scaled_documents(corpus: Corpus, factor: int) -> tuple[dict[str, dict], dict[str, dict]]:
    """File name -> data for the playbooks and quizzes of a handbook `factor` times the shipped one."""
    if factor == 1:
        return dict(corpus.playbooks), dict(corpus.quizzes)
    shape = Shape.of(factor)
    playbooks: dict[str, dict] = {}
    quizzes: dict[str, dict] = {}
    for department in range(shape.departments):
        own_playbooks = {_copy_name(n, department): _longer(corpus, d, "entries", department, shape.repeats)
                         for n, d in corpus.playbooks.items()}
        own_quizzes = {_copy_name(n, department): _longer(corpus, d, "questions", department, shape.repeats)
                       for n, d in corpus.quizzes.items()}
        playbook_ids = [d["id"] for d in own_playbooks.values()]
        quiz_ids = [d["id"] for d in own_quizzes.values() if not is_final_exam(d)]
        for data in own_quizzes.values():
            if is_final_exam(data):
                _limit_to_department(data, playbook_ids, quiz_ids)
        playbooks.update(own_playbooks)
        quizzes.update(own_quizzes)
    return playbooks, quizzes


def _longer(corpus: Corpus, data: dict, items_key: str, department: int, repeats: int) -> dict:
    """The department's copy of a document, its entries (or questions) repeated `repeats` times."""
    copy = Perturber(corpus, department, 0).document(data)
    if items_key in data:
        for repeat in range(1, repeats):
            copy[items_key] += Perturber(corpus, department, repeat).document(data[items_key], items_key)
    return copy


def _limit_to_department(final_exam: dict, playbook_ids: list[str], quiz_ids: list[str]) -> None:
    if final_exam.get("playbooks") == "all":
        final_exam["playbooks"] = playbook_ids
    if final_exam.get("include_quizzes") == "all":
        final_exam["include_quizzes"] = quiz_ids


def _copy_name(name: str, copy: int) -> str:
    if copy == 0:
        return name
    stem, suffix = name.rsplit(".", 1)
    return f"{stem}-x{copy}.{suffix}"


def write_yaml_folder(folder: Path, documents: dict[str, dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in documents.items():
        text = yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100)
        (folder / name).write_text(text, encoding="utf-8")


def copy_search_words(root: Path, folder: Path) -> None:
    words = root / "playbooks" / "search-words.txt"
    if words.exists():
        shutil.copy(words, folder / words.name)
