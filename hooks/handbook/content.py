"""Everything the site is built from, loaded in one pass that reports every problem at once."""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass

from .catalog import FileMemo, Handbook, Settings, check_handbook, display_path, load_playbooks
from .problems import HandbookError
from .quizzes import QuizBook, assemble_quizzes, coverage_percent, read_quizzes, uncovered_entries
from .search_words import SearchWords, load_search_words

SEARCH_WORDS_FILE = "search-words.txt"  # beside the playbooks, where trainers already work


@dataclass
class Content:
    handbook: Handbook
    quizzes: QuizBook
    search_words: SearchWords

    def coverage(self) -> float:
        return coverage_percent(self.handbook, self.quizzes)

    def uncovered(self) -> list[tuple[str, str]]:
        return uncovered_entries(self.handbook, self.quizzes)

    def coverage_shortfall(self) -> str | None:
        """A sentence when quiz coverage is below the threshold set in mkdocs.yml, else None."""
        minimum = self.handbook.settings.quiz_coverage_min
        if self.coverage() + 1e-9 >= minimum:
            return None
        return (f"测验只覆盖了 {self.coverage():.1f}% 的条目，低于 mkdocs.yml 里 extra.handbook.quiz_coverage_min 要求的 {minimum}%"
                f" — 给 make check 列出的 {len(self.uncovered())} 个条目出题")


@contextlib.contextmanager
def _without_cycle_collection():
    """Loading makes millions of small objects that all stay alive, and Python's cycle collector
    would walk them over and over: at 100x the shipped handbook that is 60% of the loading time
    (BENCHMARKS.md). Nothing made here needs it; reference counting frees the garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_content(settings: Settings, memo: FileMemo | None = None) -> Content:
    """`memo` (under `mkdocs serve`) skips reading again the files that did not change."""
    if memo is not None:
        memo.next_build()
    with _without_cycle_collection():
        return _load_content(settings, memo)


def _load_content(settings: Settings, memo: FileMemo | None) -> Content:
    records, broken, problems = load_playbooks(settings, memo)
    handbook = Handbook(records, settings, ids_in_broken_files=broken)
    problems += check_handbook(handbook)
    quiz_records, found = read_quizzes(settings, memo)
    problems += found
    words_path = settings.root / settings.playbooks_dir / SEARCH_WORDS_FILE
    words, found = load_search_words(words_path, display_path(words_path, settings.root))
    problems += found
    if problems:
        # Cross-checks against a broken handbook would only add noise.
        raise HandbookError(problems)
    quizzes, problems = assemble_quizzes(quiz_records, handbook)
    if problems:
        raise HandbookError(problems)
    return Content(handbook, quizzes, words)
