"""What a phone downloads for one page: the HTML and the stylesheets and scripts it links, gzipped."""

from __future__ import annotations

import gzip
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

QUIZ_ASSETS = ("assets/handbook/quiz.js", "assets/handbook/quiz.css")


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


@dataclass
class Transfer:
    page: str
    html_gz: int
    assets_gz: dict[str, int] = field(default_factory=dict)  # site path -> gzipped bytes

    @property
    def css_js_gz(self) -> int:
        return sum(self.assets_gz.values())

    @property
    def total_gz(self) -> int:
        return self.html_gz + self.css_js_gz


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))  # what a web server's default gzip level sends


def linked_assets(site: Path, page: str) -> list[str]:
    """Site paths of the local stylesheets and scripts `page` (e.g. playbooks/taboos/index.html) links."""
    parser = _Assets()
    parser.feed((site / page).read_text(encoding="utf-8"))
    folder = posixpath.dirname(page)
    paths = []
    for url in parser.urls:
        if "//" in url or url.startswith("data:"):
            continue  # nothing external should be there; the browser tests check that
        path = posixpath.normpath(posixpath.join(folder, url.split("?")[0].split("#")[0]))
        if (site / path).is_file():
            paths.append(path)
    return paths


def page_transfer(site: Path, page: str) -> Transfer:
    assets = {path: _gz((site / path).read_bytes()) for path in linked_assets(site, page)}
    return Transfer(page, _gz((site / page).read_bytes()), assets)


def quiz_assets_gz(site: Path) -> int:
    return sum(_gz((site / path).read_bytes()) for path in QUIZ_ASSETS if (site / path).exists())


def pages_loading_quiz_assets(site: Path) -> list[str]:
    """Pages outside the quiz section that link quiz.js or quiz.css (there should be none)."""
    quiz_section = ("quizzes/", "progress/", "certificate/")
    found = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        if page.startswith(quiz_section):
            continue
        if any(asset in linked_assets(site, page) for asset in QUIZ_ASSETS):
            found.append(page)
    return found
