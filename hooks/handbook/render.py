"""Render validated playbooks to HTML through small autoescaped Jinja templates.

Every string from YAML is either escaped by Jinja or, for Markdown fields, converted by
Python-Markdown and then cleaned by nh3 (an allow-list sanitiser), so no text a trainer
pastes can run script in a rep's browser.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
import nh3
from markupsafe import Markup

from .catalog import Handbook, PlaybookRecord

TEMPLATES = Path(__file__).parent / "templates"

KIND_LABELS = {
    "stages": "关系阶段",
    "taboos": "禁忌与红线",
    "objections": "异议与谈判",
    "steps": "流程与步骤",
    "guide": "基础知识",
    "checklist": "速查清单",
}

KIND_ICONS = {
    "stages": "material/stairs-up",
    "taboos": "material/alert-octagon",
    "objections": "material/forum",
    "steps": "material/format-list-numbered",
    "guide": "material/book-open-variant",
    "checklist": "material/clipboard-check",
}

SEVERITY_LABELS = {"red-line": "红线 · 绝对不能做", "avoid": "应当避免"}

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "del", "sup", "sub", "span", "abbr", "mark",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


# A text with none of these is one plain paragraph, which Markdown and the sanitiser would return
# unchanged inside <p>. Most fields are such a sentence, so skipping both for them takes the
# biggest cost out of a build (tests/test_render_text.py checks the shortcut against the long way).
_NEEDS_MARKDOWN = re.compile(r"[\x00-\x1f\x7f-\x9f\u00a0\\`*_{}\[\]<>&|~#]|^[-+=>\s]|^\d+[.)]|\s$|  ")


class TextRenderer:
    """Markdown from YAML to sanitised HTML."""

    def block(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        if not _NEEDS_MARKDOWN.search(text):
            return Markup(f"<p>{text}</p>")
        return Markup(self.markdown(text))

    def markdown(self, text: str) -> str:
        """The long way: Python-Markdown, then the allow-list sanitiser."""
        return _markdown_html(text)

    def inline(self, text: str | None) -> Markup:
        html = str(self.block(text))
        match = re.fullmatch(r"<p>(.*)</p>", html, flags=re.S)
        if match and "<p>" not in match.group(1):
            html = match.group(1)
        return Markup(html)


# A pure function of the text, remembered so that the rebuilds of `mkdocs serve` convert only
# what an edit changed (it was a fifth of a rebuild). Bounded: a big build just cycles through.
@functools.lru_cache(maxsize=4096)
def _markdown_html(text: str) -> str:
    return sanitize_html(_MARKDOWN.reset().convert(text))


_MARKDOWN = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


# A link that leaves the handbook; printed pages spell out its address (handbook.css). It is marked
# here because Material's instant navigation makes every href absolute once the page is open.
_WEB_LINK = re.compile(r'<a href="(?=(?:https?|mailto|tel):)')


def sanitize_html(html: str) -> str:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return _WEB_LINK.sub('<a class="hb-web" href="', clean)


@functools.cache
def icon_svg(name: str) -> Markup:
    """An icon bundled with Material, inlined so nothing is fetched."""
    import material

    path = Path(material.__file__).parent / "templates" / ".icons" / f"{name}.svg"
    return Markup(path.read_text(encoding="utf-8"))


@functools.cache
def template_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    text = TextRenderer()
    env.filters["md"] = text.block
    env.filters["md_inline"] = text.inline
    env.globals.update(kind_labels=KIND_LABELS, severity_labels=SEVERITY_LABELS, icon=icon_svg, kind_icons=KIND_ICONS)
    return env


def playbook_url(playbook_id: str) -> str:
    return f"playbooks/{playbook_id}/"


def playbook_src_uri(playbook_id: str) -> str:
    return f"playbooks/{playbook_id}.md"


OVERVIEW_SRC_URI = "playbooks/index.md"


@dataclass(frozen=True)
class Link:
    href: str
    title: str


class Linker:
    """Turns ids into links relative to the page being rendered."""

    def __init__(self, handbook: Handbook, page_url: str):
        self.handbook = handbook
        self.page_url = page_url

    def url(self, target: str) -> str:
        from mkdocs.utils import get_relative_url

        return get_relative_url(target, self.page_url)

    def __call__(self, ref: str) -> Link:
        ref = self.handbook.renamed.get(ref, ref)
        if ref in self.handbook.entries:
            record, entry = self.handbook.entries[ref]
            base = playbook_url(record.playbook.id)
            href = ("" if base == self.page_url else self.url(base)) + f"#{entry.id}"
            return Link(href, entry.title)
        record = self.handbook.playbooks[ref]
        return Link(self.url(playbook_url(record.playbook.id)), record.playbook.title)


@dataclass(frozen=True)
class RenderedPage:
    html: str
    toc: list[dict]


def render_playbook_page(record: PlaybookRecord, handbook: Handbook, page_url: str) -> RenderedPage:
    env = template_environment()
    playbook = record.playbook
    html = env.get_template("playbook.html").render(
        playbook=playbook,
        record=record,
        link=Linker(handbook, page_url),
        sources=handbook.settings.sources,
    )
    toc = [{"level": 2, "id": e.id, "name": str(Markup.escape(e.title)), "children": []} for e in playbook.entries]
    return RenderedPage(html, toc)


def render_overview_page(handbook: Handbook, page_url: str) -> RenderedPage:
    env = template_environment()
    groups = [
        (kind, [r for r in handbook.records if r.playbook.kind == kind])
        for kind in KIND_LABELS
    ]
    groups = [(kind, records) for kind, records in groups if records]
    html = env.get_template("overview.html").render(groups=groups, link=Linker(handbook, page_url))
    toc = [{"level": 2, "id": f"kind-{kind}", "name": KIND_LABELS[kind], "children": []} for kind, _ in groups]
    return RenderedPage(html, toc)


def render_problems_banner(problems) -> str:
    if not problems:
        return ""
    return template_environment().get_template("problems_banner.html").render(problems=[str(p) for p in problems])
