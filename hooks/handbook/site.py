"""The MkDocs side of the handbook: virtual files, navigation and page bodies.

Only public MkDocs APIs are used here (File.generated, config.nav, page.toc, get_toc),
so the same hooks also run under ProperDocs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from markupsafe import escape
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from .catalog import Handbook, PlaybookRecord, Settings, load_handbook
from .problems import HandbookError, Problem
from .render import (
    KIND_ICONS,
    KIND_LABELS,
    OVERVIEW_SRC_URI,
    playbook_src_uri,
    render_overview_page,
    render_playbook_page,
    render_problems_banner,
)

NAV_PLACEHOLDER = "@playbooks"


class HandbookSite:
    """State kept across one build: the validated handbook and which pages it generated."""

    def __init__(self, handbook: Handbook, problems: tuple[Problem, ...] = ()):
        self.handbook = handbook
        self.problems = problems  # set only while serving the last good content
        self.pages: dict[str, PlaybookRecord | None] = {}

    @classmethod
    def from_config(cls, config) -> HandbookSite:
        root = Path(config.config_file_path).parent
        return cls(load_handbook(Settings.from_extra(root, config.extra)))

    @classmethod
    def load_or_keep(cls, config, previous: HandbookSite | None, serving: bool) -> HandbookSite:
        """Under `mkdocs serve`, a broken edit keeps the last good content on screen with the report above it."""
        try:
            return cls.from_config(config)
        except HandbookError as err:
            if not serving or previous is None:
                raise
            print(str(err), file=sys.stderr, flush=True)
            return cls(previous.handbook, tuple(err.problems))

    def add_files(self, files, config):
        """Add one virtual page per playbook and an overview, then expand the nav placeholder."""
        for record in self.handbook.records:
            playbook = record.playbook
            src_uri = playbook_src_uri(playbook.id)
            page = File.generated(config, src_uri, content=_front_matter(playbook.title, playbook.summary, KIND_ICONS[playbook.kind]))
            # Material's edit button then opens the YAML file the page came from.
            page.edit_uri = "../" + record.path
            files.append(page)
            self.pages[src_uri] = record
        overview = File.generated(config, OVERVIEW_SRC_URI, content=_front_matter("全部手册", "按类型列出的全部手册", "material/bookshelf"))
        files.append(overview)
        self.pages[OVERVIEW_SRC_URI] = None
        config.nav = expand_nav(config.nav, self.handbook)
        return files

    def render(self, page, html: str) -> str:
        """The body of a page: generated for playbooks, as written for the rest; a banner while content is broken."""
        return render_problems_banner(self.problems) + self._render_generated(page, html)

    def _render_generated(self, page, html: str) -> str:
        src_uri = page.file.src_uri
        if src_uri not in self.pages:
            return html
        record = self.pages[src_uri]
        if record is None:
            rendered = render_overview_page(self.handbook, page.url)
        else:
            rendered = render_playbook_page(record, self.handbook, page.url)
        page.toc = get_toc(rendered.toc)
        return rendered.html


def _front_matter(title: str, description: str, icon: str) -> str:
    # Theme templates print these unescaped, so escape them here.
    meta = {"title": str(escape(title)), "description": str(escape(description)), "icon": icon}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"


def nav_for_handbook(handbook: Handbook) -> list:
    sections = [{"全部手册": OVERVIEW_SRC_URI}]
    for kind, label in KIND_LABELS.items():
        pages = [playbook_src_uri(r.playbook.id) for r in handbook.records if r.playbook.kind == kind]
        if pages:
            sections.append({label: pages})
    return sections


def expand_nav(nav: list | None, handbook: Handbook) -> list | None:
    """Replace the `@playbooks` item of mkdocs.yml's nav with a section per kind."""
    if nav is None:
        return None
    out = []
    for item in nav:
        if item == NAV_PLACEHOLDER:
            out.extend(nav_for_handbook(handbook))
        elif isinstance(item, dict):
            out.append({title: expand_nav(value, handbook) if isinstance(value, list) else value for title, value in item.items()})
        else:
            out.append(item)
    return out
