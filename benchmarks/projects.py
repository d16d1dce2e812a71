"""Write the MkDocs projects a benchmark builds: ours, the plain-Markdown baseline and the mkdocs-quiz peer.

Every project starts from the repository's own mkdocs.yml (same theme, features, Markdown
extensions and search settings: `lang: zh`, so Material segments Chinese with jieba), and its
hand-written docs pages.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from handbook.catalog import Handbook
from handbook.quizzes import QuizBook
from pages import peer_quiz_page, plain_quiz_page, write_markdown_site
from synth import copy_search_words, write_yaml_folder

SEARCH_PLUGIN = "plugins:\n  - search:\n      lang: zh\n"
PAGE_TIMER = Path(__file__).with_name("page_timer.py")


@dataclass(frozen=True)
class Project:
    variant: str  # ours, baseline, peer; "-noquiz" when built without quiz pages
    root: Path


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its data, ignoring the !ENV and !!python/name tags."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def configured_sources(repo: Path) -> dict[str, str]:
    config = yaml.load((repo / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return dict(config["extra"]["handbook"]["sources"])


def _top_level_block(text: str, key: str) -> re.Match:
    match = re.search(rf"^{key}:\n(?:[ \-].*\n|\n)*", text, flags=re.M)
    if match is None:
        raise SystemExit(f"mkdocs.yml has no top-level `{key}:` block; update benchmarks/projects.py")
    return match


def _replace_block(text: str, key: str, new: str) -> str:
    match = _top_level_block(text, key)
    return text[:match.start()] + new + text[match.end():]


def _replace_once(text: str, old: str, new: str) -> str:
    if old not in text:
        raise SystemExit(f"mkdocs.yml no longer contains {old!r}; update benchmarks/projects.py")
    return text.replace(old, new, 1)


def _new_project(repo: Path, root: Path) -> str:
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(repo / "docs", root / "docs")
    return (repo / "mkdocs.yml").read_text(encoding="utf-8")


def write_ours(repo: Path, root: Path, playbooks: dict, quizzes: dict, variant: str = "ours") -> Project:
    config = _new_project(repo, root)
    config = _replace_block(config, "hooks", f"hooks:\n  - {repo / 'hooks' / 'handbook_hooks.py'}\n  - {PAGE_TIMER}\n\n")
    config = _replace_block(config, "watch", "")
    config = re.sub(r"quiz_coverage_min: \d+", "quiz_coverage_min: 0", config)  # copies keep coverage; no quizzes at all in -noquiz
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    write_yaml_folder(root / "playbooks", playbooks)
    write_yaml_folder(root / "quizzes", quizzes)
    copy_search_words(repo, root / "playbooks")
    return Project(variant, root)


def write_markdown(repo: Path, root: Path, content: tuple[Handbook, QuizBook], variant: str) -> Project:
    """The baseline (plain Markdown, plain Material) or the peer (quiz pages in mkdocs-quiz syntax)."""
    peer = variant.startswith("peer")
    config = _new_project(repo, root)
    handbook, book = content
    sections = write_markdown_site(root / "docs", handbook, book, peer_quiz_page if peer else plain_quiz_page)
    nav = [{"首页": "index.md"}, {"怎样使用": "how-to-use.md"}, *sections, {"编辑手册": "editing.md"}]
    config = _replace_block(config, "nav", yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False) + "\n")
    config = _replace_block(config, "hooks", f"hooks:\n  - {PAGE_TIMER}\n\n")
    for key in ("watch", "extra_css"):
        config = _replace_block(config, key, "")
    if peer:
        config = _replace_once(config, SEARCH_PLUGIN, SEARCH_PLUGIN + "  - mkdocs_quiz\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return Project(variant, root)
