"""A MkDocs hook the benchmark adds to every project it builds: where the build time goes.

Its page events run before and after every other plugin and hook (priority +/-100), so each
page's figure covers its Markdown, every `on_page_*` hook (ours, mkdocs-quiz's, Material's
search indexing) and the theme template. The phases around the pages are measured between
events: `config` (first on_config to on_pre_build: ours loads the YAML there), `prepare`
(files, nav), `post_build` (after the last page: search index, ours rewrites it), and `build`
(first on_config to the end of on_post_build: also each rebuild under `mkdocs serve`).
The figures of the last build go to the JSON file named by $BENCH_TIMES.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict

from mkdocs.plugins import event_priority

_marks: dict[str, float] = {}
_pages: dict[str, float] = defaultdict(float)
_page_started: dict[str, float] = {}


def _now() -> float:
    return time.perf_counter()


@event_priority(100)
def on_config(config):
    _marks.clear()
    _pages.clear()
    _marks["config"] = _now()


@event_priority(100)
def on_pre_build(config):
    _marks["pre_build"] = _now()


@event_priority(100)
def on_pre_page(page, config, files):
    _marks.setdefault("first_page", _now())
    _page_started[page.file.src_uri] = _now()


@event_priority(-100)
def on_page_content(html, page, config, files):
    _pages[page.file.src_uri] += _now() - _page_started.pop(page.file.src_uri)


@event_priority(100)
def on_page_context(context, page, config, nav):
    _page_started[page.file.src_uri] = _now()


@event_priority(-100)
def on_post_page(output, page, config):
    _pages[page.file.src_uri] += _now() - _page_started.pop(page.file.src_uri)
    _marks["last_page"] = _now()


@event_priority(-100)
def on_post_build(config):
    end = _now()
    phases = {
        "config": _marks["pre_build"] - _marks["config"],
        "prepare": _marks["first_page"] - _marks["pre_build"],
        "post_build": end - _marks["last_page"],
        "build": end - _marks["config"],
    }
    target = os.environ.get("BENCH_TIMES")
    if target:
        with open(target, "w", encoding="utf-8") as out:
            json.dump({"pages": _pages, "phases": phases}, out)
