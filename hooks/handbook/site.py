"""The MkDocs side of the handbook: virtual files, navigation and page bodies.

Only public MkDocs APIs are used here (File.generated, config.nav, page.toc, get_toc),
so the same hooks also run under ProperDocs.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml
from markupsafe import escape
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from .catalog import FileMemo, Settings
from .content import Content, load_content
from .problems import HandbookError, Problem
from .search_index import IndexSizes, rewrite_search_index, use_handbook_worker
from .search_words import load_search_words, teach_jieba
from .render import (
    KIND_ICONS,
    KIND_LABELS,
    OVERVIEW_SRC_URI,
    RenderedPage,
    playbook_src_uri,
    playbook_url,
    render_overview_page,
    render_playbook_page,
    render_problems_banner,
)
from .render_quiz import (
    CERTIFICATE_SRC_URI,
    PROGRESS_SRC_URI,
    QUIZ_INDEX_SRC_URI,
    quiz_src_uri,
    render_certificate_page,
    render_progress_page,
    render_quiz_index,
    render_quiz_page,
)

STATIC = Path(__file__).parent / "static"
ASSETS_DIR = "assets/handbook"


@dataclass(frozen=True)
class GeneratedPage:
    title: str
    description: str
    icon: str
    render: Callable[[str], RenderedPage]  # page url -> body
    edit_path: str | None = None
    search: bool = True


class HandbookSite:
    """State kept across one build: the validated content and the pages generated from it."""

    def __init__(self, content: Content, problems: tuple[Problem, ...] = ()):
        self.content = content
        self.problems = problems  # set only while serving the last good content
        self.pages = generated_pages(content)
        teach_jieba(content.search_words)

    def finish_page(self, html: str) -> str:
        return use_handbook_worker(html)

    def search_generation(self, config) -> str:
        """What every page's search entries depend on besides the page: the settings and jieba's words."""
        settings = Path(config.config_file_path).read_bytes()
        words = repr((self.content.search_words.words, self.content.search_words.synonyms))
        return hashlib.blake2b(settings + words.encode("utf-8"), digest_size=16).hexdigest()

    def finish_site(self, site_dir: str, merge_docs=list) -> IndexSizes | None:
        # Material's search UI renders each tag as HTML, so a tag is escaped like any other text from YAML.
        tags = {
            f"{playbook_url(record.playbook.id)}#{entry.id}": [str(escape(tag)) for tag in entry.tags]
            for record in self.content.handbook.records
            for entry in record.playbook.entries
            if entry.tags
        }
        return rewrite_search_index(Path(site_dir), self.content.search_words, tags, merge_docs)

    @classmethod
    def from_config(cls, config, memo: FileMemo | None = None) -> HandbookSite:
        root = Path(config.config_file_path).parent
        return cls(load_content(Settings.from_extra(root, config.extra), memo))

    @classmethod
    def load_or_keep(cls, config, previous: HandbookSite | None, memo: FileMemo | None) -> HandbookSite:
        """Under `mkdocs serve` (with a memo), a broken edit keeps the last good content on screen with the report above it."""
        try:
            return cls.from_config(config, memo)
        except HandbookError as err:
            if memo is None or previous is None:
                raise
            print(str(err), file=sys.stderr, flush=True)
            return cls(previous.content, tuple(err.problems))

    def add_files(self, files, config):
        """Add the generated pages and static assets, then expand the nav placeholders."""
        for src_uri, spec in self.pages.items():
            file = File.generated(config, src_uri, content=_front_matter(spec))
            # Material's edit button then opens the YAML file the page came from.
            file.edit_uri = "../" + spec.edit_path if spec.edit_path else None
            files.append(file)
        for path in sorted(STATIC.iterdir()):
            files.append(File.generated(config, f"{ASSETS_DIR}/{path.name}", abs_src_path=str(path)))
        config.nav = expand_nav(config.nav, self.content)
        return files

    def render(self, page, html: str) -> str:
        """The body of a page: generated pages are rendered here; a banner tops every page while content is broken."""
        spec = self.pages.get(page.file.src_uri)
        if spec is not None:
            rendered = spec.render(page.url)
            page.toc = get_toc(rendered.toc)
            html = rendered.html
        return render_problems_banner(self.problems) + html


def generated_pages(content: Content) -> dict[str, GeneratedPage]:
    handbook = content.handbook
    pages = {
        OVERVIEW_SRC_URI: GeneratedPage("全部手册", "按类型列出的全部手册", "material/bookshelf",
                                        functools.partial(render_overview_page, handbook)),
    }
    for record in handbook.records:
        playbook = record.playbook
        pages[playbook_src_uri(playbook.id)] = GeneratedPage(
            playbook.title, playbook.summary, KIND_ICONS[playbook.kind],
            functools.partial(render_playbook_page, record, handbook), edit_path=record.path,
        )
    if content.quizzes.records:
        pages[QUIZ_INDEX_SRC_URI] = GeneratedPage("测验", "全部测验和你的完成情况", "material/school-outline",
                                                  functools.partial(render_quiz_index, content))
        for record in content.quizzes.records:
            quiz = record.quiz
            pages[quiz_src_uri(quiz.id)] = GeneratedPage(
                quiz.title, f"{quiz.title}：及格线 {quiz.pass_mark}%", "material/school-outline",
                functools.partial(render_quiz_page, record, content), edit_path=record.path,
            )
        pages[PROGRESS_SRC_URI] = GeneratedPage("我的进度", "每个测验的最好成绩、导出记录", "material/chart-box-outline",
                                                functools.partial(render_progress_page, content), search=False)
        pages[CERTIFICATE_SRC_URI] = GeneratedPage("结业证书", "打印通过的测验", "material/certificate-outline",
                                                   functools.partial(render_certificate_page, content), search=False)
    return pages


def _front_matter(spec: GeneratedPage) -> str:
    # Theme templates print these unescaped, so escape them here.
    meta = {"title": str(escape(spec.title)), "description": str(escape(spec.description)), "icon": spec.icon}
    if not spec.search:
        meta["search"] = {"exclude": True}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"


def nav_sections(content: Content, placeholder: str) -> list:
    handbook = content.handbook
    if placeholder == "@playbooks":
        sections: list = [{"全部手册": OVERVIEW_SRC_URI}]
        for kind, label in KIND_LABELS.items():
            pages = [playbook_src_uri(r.playbook.id) for r in handbook.records if r.playbook.kind == kind]
            if pages:
                sections.append({label: pages})
        return sections
    if placeholder == "@quizzes" and content.quizzes.records:
        quizzes = [QUIZ_INDEX_SRC_URI] + [quiz_src_uri(r.quiz.id) for r in content.quizzes.records]
        return [{"测验": quizzes}, {"我的进度": PROGRESS_SRC_URI}, {"结业证书": CERTIFICATE_SRC_URI}]
    return []


def expand_nav(nav: list | None, content: Content) -> list | None:
    """Replace the `@playbooks` and `@quizzes` items of mkdocs.yml's nav with generated sections."""
    if nav is None:
        return None
    out = []
    for item in nav:
        if isinstance(item, str) and item.startswith("@"):
            out.extend(nav_sections(content, item))
        elif isinstance(item, dict):
            out.append({title: expand_nav(value, content) if isinstance(value, list) else value for title, value in item.items()})
        else:
            out.append(item)
    return out
