"""Reading the handbook offline: a service worker that keeps the whole site on the phone.

Why a service worker and not a zip to open from disk: a rep opens the company's handbook URL on
Wi-Fi once and from then on has it in the same browser, with the same links, search and quiz
progress. A zip does not work on a phone: iOS Safari cannot open a folder of pages from Files,
Android Chrome opens a downloaded page as a single content:// document whose relative links and
search worker do not load, and quiz progress kept under file:// is lost or shared oddly. The
price: service workers need https (or localhost), so the site must be served over https.

The build writes sw.js at the site root (a worker's reach is the folder it is served from, so it
cannot live under assets/) with the list of every file to keep and a hash of each file's content:
a new build changes sw.js, the browser installs the new worker, which copies unchanged files from
the old cache and downloads only the changed ones. Every page loads assets/handbook/offline.js,
which registers the worker and says in the footer when the handbook is ready offline.

Under `mkdocs serve` pages change on every save, so no worker is registered there, and sw.js is a
worker that removes itself (for a browser that once kept a built site from the same address).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

WORKER_NAME = "sw.js"
SCRIPT_ASSET = "assets/handbook/offline.js"
WORKER_SOURCE = Path(__file__).parent / "service_worker.js"
RETIRED_WORKER_SOURCE = Path(__file__).parent / "service_worker_retired.js"

# Built files the handbook never loads: source maps, the gzipped sitemap for crawlers, and
# Material's own search worker with its lunr language files (replaced by search-worker.js).
_NOT_LOADED = re.compile(r"(\.map|\.gz)$|^assets/javascripts/(workers|lunr)/")
# Material's script tag; ours goes right after it with the same relative prefix, which MkDocs
# made right for the page. (404.html is a theme template, not a page: it gets no script, and the
# worker serves it for pages it does not keep.)
_MATERIAL_BUNDLE = re.compile(r'<script src="([^"]*?)assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')


@dataclass(frozen=True)
class Precache:
    files: list[tuple[str, str]]  # (url relative to the site root, content hash)
    size: int  # bytes as stored on the phone
    version: str  # hash of the whole list: changes whenever any file does

    def as_json(self, label: str) -> str:
        data = {"version": self.version, "label": label, "files": self.files}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def site_url(relative: str) -> str:
    """The address a page is linked by: directory URLs end in / (the worker maps index.html to it too)."""
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def precache_list(site_dir: Path) -> Precache:
    files, size = [], 0
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if relative == WORKER_NAME or _NOT_LOADED.search(relative):
            continue
        content = path.read_bytes()
        files.append((site_url(relative), hashlib.sha256(content).hexdigest()[:16]))
        size += len(content)
    version = hashlib.sha256(json.dumps(files).encode()).hexdigest()[:16]
    return Precache(files, size, version)


def write_worker(site_dir: str, label: str) -> Precache:
    """Write sw.js with the list of the finished site's files; call after every other file is written."""
    precache = precache_list(Path(site_dir))
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    header = "// Written by the build: every file to keep offline, with a hash of its content.\n"
    header += f"const PRECACHE = {precache.as_json(label)}\n\n"
    (Path(site_dir) / WORKER_NAME).write_text(header + source, encoding="utf-8")
    return precache


def write_retired_worker(site_dir: str) -> None:
    (Path(site_dir) / WORKER_NAME).write_text(RETIRED_WORKER_SOURCE.read_text(encoding="utf-8"), encoding="utf-8")


def add_offline_script(html: str) -> str:
    """Load offline.js on the page, right after Material's bundle (whose document$ it uses)."""
    match = _MATERIAL_BUNDLE.search(html)
    if match is None:
        return html
    tag = f'\n      <script src="{match.group(1)}{SCRIPT_ASSET}"></script>'
    return html[: match.end()] + tag + html[match.end() :]


def summary(precache: Precache) -> str:
    return f"offline: sw.js keeps {len(precache.files)} files, {precache.size} bytes (version {precache.version})"


def edition(config) -> str:
    """What the footer calls this build: the handbook's version from mkdocs.yml, if it has one."""
    return str((config.extra.get("handbook") or {}).get("version") or "")
