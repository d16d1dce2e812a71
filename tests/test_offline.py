"""Offline reading: after one visit the handbook opens with no network, and nothing comes from outside.

The build writes sw.js (the list of every file with a content hash) and adds offline.js to every
page; see hooks/handbook/offline.py for why a service worker and not a zip. The browser tests
serve a built site under a sub-path, visit it once, then take the server away and read on.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import FIXTURES, build, make_project
from handbook import offline
from serving import fetch, free_port, mkdocs_serve, wait_for

PLAYBOOK = "playbooks/fx-steps/"
QUIZ = "quizzes/fx-visit-quiz/"
READY = re.compile(r"^已可离线使用（2026\.11 版）$")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def kept_files(site: Path) -> dict:
    """The PRECACHE object the build wrote at the top of sw.js."""
    source = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"^const PRECACHE = (.*)$", source, flags=re.M).group(1))


def file_of(url: str) -> str:
    return "index.html" if url == "./" else url + "index.html" if url.endswith("/") else url


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


# --- the build ------------------------------------------------------------------------------


def test_sw_lists_every_file_the_site_loads_with_its_content_hash(fixture_site):
    site = fixture_site.site
    kept = kept_files(site)
    listed = {file_of(url): digest for url, digest in kept["files"]}
    built = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    material_search = ("assets/javascripts/workers/", "assets/javascripts/lunr/")
    never_loaded = {f for f in built if f.endswith((".map", ".gz")) or f.startswith(material_search)}
    assert never_loaded, "the exclusions below would test nothing"
    assert set(listed) == built - never_loaded - {"sw.js"}
    for name, digest in listed.items():
        assert digest == hashlib.sha256((site / name).read_bytes()).hexdigest()[:16], name
    urls = [url for url, _ in kept["files"]]
    for needed in ("./", PLAYBOOK, QUIZ, "progress/", "search/search_index.json", "assets/handbook/search-worker.js",
                   "assets/handbook/quiz.js", "assets/handbook/offline.js", "sitemap.xml", "404.html"):
        assert needed in urls
    assert kept["label"] == "2026.11"


def test_every_page_loads_offline_js_once_from_the_site_root(fixture_site):
    site = fixture_site.site
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        sources = re.findall(r'<script src="([^"]*offline\.js)"></script>', html)
        assert len(sources) == 1, page
        relative = page.relative_to(site).as_posix()
        assert urljoin("http://h/" + relative, sources[0]) == "http://h/" + offline.SCRIPT_ASSET, page
        assert html.index("assets/javascripts/bundle.") < html.index(sources[0]), "offline.js needs Material's document$"


def test_a_changed_file_changes_its_own_hash_and_the_version_only(fixture_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixture_site.site, site)
    before = offline.precache_list(site)
    page = site / PLAYBOOK / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("检查售点库存", "先查库存"), encoding="utf-8")
    after = offline.precache_list(site)
    changed = {url for (url, old), (_, new) in zip(before.files, after.files) if old != new}
    assert changed == {PLAYBOOK}
    assert after.version != before.version


class _LoadedUrls(HTMLParser):
    """Every URL an HTML page makes the browser fetch by itself (not links the reader may follow)."""

    FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "apple-touch-icon"}
    FETCHED_TAGS = {"script", "img", "iframe", "source", "video", "audio", "embed", "object", "track", "input"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and self.FETCHED_LINKS & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs.get("href") or "")
        for name in ("src", "data", "poster"):
            if attrs.get(name) and tag in self.FETCHED_TAGS:
                self.urls.append(attrs[name])
        for name in ("srcset", "imagesrcset"):
            if attrs.get(name):
                self.urls.extend(part.split()[0] for part in attrs[name].split(",") if part.strip())


def test_no_page_or_stylesheet_names_a_file_on_another_host(fixture_site):
    site = fixture_site.site
    external = []
    for page in sorted(site.rglob("*.html")):
        parser = _LoadedUrls()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.urls, f"{page}: no URLs found, the check would test nothing"
        external += [f"{page.name}: {u}" for u in parser.urls if urlsplit(u).netloc or u.startswith("//")]
    for css in site.rglob("*.css"):
        remote = re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text(encoding="utf-8"))
        external += [f"{css.name}: {u}" for u in remote]
    assert external == []


def test_serve_registers_no_worker_and_retires_one_left_from_a_build(tmp_path):
    """Under `mkdocs serve` pages must come fresh from the live server, never from a phone's cache."""
    project = make_project(tmp_path, FIXTURES / "handbook" / "playbooks")
    log = tmp_path / "serve.log"
    with mkdocs_serve(project, log) as base:
        assert wait_for(lambda: "检查售点库存" in fetch(base + PLAYBOOK)), log.read_text()
        assert "offline.js" not in fetch(base + PLAYBOOK)
        worker = fetch(base + offline.WORKER_NAME)
        assert "registration.unregister()" in worker and "PRECACHE" not in worker


# --- in Chromium ----------------------------------------------------------------------------


class Traffic:
    """Every request a context makes, the service worker's included; anything off this machine is aborted."""

    def __init__(self):
        self.requests = []

    def record(self, request):
        self.requests.append(request)

    def guard(self, route):
        if urlsplit(route.request.url).hostname in LOOPBACK:
            return route.continue_()
        return route.abort()

    def by_worker(self) -> list[str]:
        return [r.url for r in self.requests if r.service_worker is not None]

    def clear(self):
        self.requests.clear()


@contextmanager
def phone(browser):
    """A fresh context with a phone's screen that records its traffic and fails on page errors."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    traffic = Traffic()
    context.on("request", traffic.record)
    context.route("**/*", traffic.guard)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab, traffic
    finally:
        context.close()
    assert errors == [], f"uncaught page errors: {errors}"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@dataclass
class Server:
    base: str  # http://127.0.0.1:<port>/kehu/handbook/
    asked: list[str]  # every path the server was asked for, in order

    def downloads(self) -> set[str]:
        """What was asked for since the last clear, relative to the site root."""
        mount = urlsplit(self.base).path
        return {path[len(mount):] or "./" for path in self.asked if path.startswith(mount)}


@contextmanager
def served_under_sub_path(site: Path, tmp_path: Path):
    """The site at http://127.0.0.1:<port>/kehu/handbook/, as a company might mount it, with a log of requests."""
    www = tmp_path / "www"
    (www / "kehu").mkdir(parents=True)
    (www / "kehu" / "handbook").symlink_to(site, target_is_directory=True)
    asked: list[str] = []

    class Handler(_Quiet):
        def do_GET(self):
            asked.append(urlsplit(self.path).path)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{server.server_address[1]}/kehu/handbook/", asked)
    finally:
        server.shutdown()
        server.server_close()


def offline_line(tab):
    return tab.locator(".md-footer .handbook-offline")


def wait_until_ready(tab):
    expect(offline_line(tab)).to_have_text(READY, timeout=30_000)


def kept_versions(tab) -> list[str]:
    """The builds whose files the browser keeps (the last word of each cache's name)."""
    return [name.rsplit(" ", 1)[-1] for name in tab.evaluate("caches.keys()")]


def copy_of(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


@pytest.mark.browser
def test_after_one_visit_pages_quiz_and_search_work_with_the_server_gone(browser, fixture_site, tmp_path):
    with phone(browser) as (tab, traffic):
        with served_under_sub_path(fixture_site.site, tmp_path) as server:
            base = server.base
            tab.goto(base)
            wait_until_ready(tab)
            # Said once in Material's toast, made a live region so screen readers say it too.
            toast = tab.locator(".md-dialog")
            expect(toast).to_have_text("已可离线使用：没有网络时也能打开这本手册")
            expect(toast).to_have_attribute("role", "status")
            worker_fetched = traffic.by_worker()
            assert base + PLAYBOOK in worker_fetched and base + QUIZ in worker_fetched
            assert all(url.startswith(base) for url in worker_fetched), "the worker reached outside its sub-path"
        # The server is gone and the browser is told it is offline: only the phone's copy is left.
        tab.context.set_offline(True)
        traffic.clear()

        tab.goto(base + PLAYBOOK)
        expect(tab.locator("h2#fx-step-stock")).to_contain_text("检查售点库存")
        expect(offline_line(tab)).to_have_text("当前离线：正在读手机上保存的手册（2026.11 版）")
        header = tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        assert header == "sticky", "Material's stylesheet did not load from the kept copy"

        tab.goto(base + QUIZ)
        quiz = tab.locator("hb-quiz.hb-ready")
        expect(quiz).to_be_visible()
        li = quiz.locator("li.hb-q[data-uid='fx-visit-quiz--price']")
        li.get_by_text("马上降价").click()
        li.get_by_role("button", name="确认这题").click()
        expect(li.locator(".hb-feedback")).to_contain_text("答错了")

        tab.goto(base)
        tab.locator("label[for=__search]").first.click()
        box = tab.locator("input.md-search__input")
        box.fill("售点库存")
        box.press("End")  # Material reads the query on keyup
        result = tab.locator("a.md-search-result__link[href*='playbooks/fx-steps/'][href$='#fx-step-stock']")
        expect(result).to_be_visible()
        result.click()  # with ?h=售点+库存 for Material's highlighting: the worker ignores the query
        expect(tab.locator("h2#fx-step-stock")).to_be_in_viewport()

        tab.goto(base + "no-such-page/")
        expect(tab.locator("h1")).to_contain_text("404")  # the handbook's own page, not the browser's error
        expect(tab).to_have_title(re.compile("客情关系维护手册"))

        assert traffic.requests, "no request recorded: the offline part tested nothing"
        answered = [r for r in traffic.requests if r.url.startswith(base) and not r.url.endswith("/no-such-page/")]
        unanswered = [r.url for r in answered if r.failure is not None]
        assert unanswered == []


@pytest.mark.browser
def test_instant_navigation_works_offline_and_keeps_the_footer_line(browser, tmp_path, monkeypatch):
    """Material swaps pages in without a reload (navigation.instant); offline, the kept copy answers."""
    project = make_project(tmp_path, FIXTURES / "handbook" / "playbooks", FIXTURES / "handbook" / "quizzes")
    with phone(browser) as (tab, _):
        with served_under_sub_path(project / "site", tmp_path) as server:
            # Material turns a click into instant navigation only for URLs under site_url's sitemap.
            monkeypatch.setenv("HANDBOOK_SITE_URL", server.base)
            run = build(project)
            assert run.returncode == 0, run.stderr
            tab.goto(server.base)
            wait_until_ready(tab)
            tab.goto(server.base + "playbooks/")  # a page the worker controls from its start
        tab.context.set_offline(True)
        tab.evaluate("window.sameDocument = true")
        tab.locator(f"article a[href$='{PLAYBOOK.removeprefix('playbooks/')}']").first.click()
        expect(tab.locator("h2#fx-step-stock")).to_be_visible()
        assert tab.evaluate("window.sameDocument === true"), "a full page load, not instant navigation"
        expect(offline_line(tab)).to_have_text("当前离线：正在读手机上保存的手册（2026.11 版）")


@pytest.mark.browser
def test_no_request_leaves_this_machine(browser, fixture_site, tmp_path):
    """Pages, quiz, search and the service worker's downloads: every request goes to loopback."""
    with phone(browser) as (tab, traffic), served_under_sub_path(fixture_site.site, tmp_path) as server:
        tab.goto(server.base)
        wait_until_ready(tab)
        for path in (PLAYBOOK, QUIZ, "progress/", "certificate/", "quizzes/", "playbooks/"):
            tab.goto(server.base + path)
            expect(tab.locator("h1").first).to_be_visible()
        tab.locator("label[for=__search]").first.click()
        tab.locator("input.md-search__input").fill("库存")
        tab.locator("input.md-search__input").press("End")
        expect(tab.locator("a.md-search-result__link").first).to_be_visible()
        tab.wait_for_load_state("networkidle")

        assert traffic.by_worker(), "the service worker's own downloads were not recorded"
        assert len(traffic.requests) > 20
        hosts = {urlsplit(r.url).hostname for r in traffic.requests if not r.url.startswith(("data:", "blob:"))}
        assert hosts == {"127.0.0.1"}, f"requests to other hosts: {hosts - {'127.0.0.1'}}"
        failed = [f"{r.url}: {r.failure}" for r in traffic.requests if r.failure is not None]
        assert failed == []


@pytest.mark.browser
def test_a_new_build_replaces_the_kept_handbook_and_downloads_only_what_changed(browser, fixture_site, tmp_path):
    site = copy_of(fixture_site.site, tmp_path)
    with phone(browser) as (tab, _):
        with served_under_sub_path(site, tmp_path) as server:
            tab.goto(server.base + PLAYBOOK)
            wait_until_ready(tab)

            page = site / PLAYBOOK / "index.html"
            page.write_text(page.read_text(encoding="utf-8").replace("检查售点库存", "先查库存"), encoding="utf-8")
            new_version = offline.write_worker(str(site), "2026.12").version
            server.asked.clear()
            tab.reload()  # a visit makes the browser look for a new sw.js
            assert wait_for(lambda: kept_versions(tab) == [new_version], seconds=30), kept_versions(tab)
            assert server.downloads() == {offline.WORKER_NAME, PLAYBOOK}, "unchanged files were downloaded again"

        tab.context.set_offline(True)
        tab.goto(server.base + PLAYBOOK)
        expect(tab.locator("h2#fx-step-stock")).to_contain_text("先查库存")
        expect(offline_line(tab)).to_have_text("当前离线：正在读手机上保存的手册（2026.12 版）")


@pytest.mark.browser
def test_an_interrupted_download_is_reported_and_finished_on_the_next_visit(browser, fixture_site, tmp_path):
    site = copy_of(fixture_site.site, tmp_path)
    missing = site / "playbooks" / "fx-taboos"
    shutil.move(missing, tmp_path / "aside")  # as if the Wi-Fi dropped while this page was downloading
    with phone(browser) as (tab, _), served_under_sub_path(site, tmp_path) as server:
        tab.goto(server.base)
        expect(offline_line(tab)).to_have_text("离线保存没有完成：联网后打开任一页面会继续", timeout=30_000)
        first = server.downloads()
        kept = {url for url in first if url.endswith("/")} - {"./", "playbooks/fx-taboos/"}
        assert "playbooks/fx-taboos/" in first and kept

        shutil.move(tmp_path / "aside", missing)
        server.asked.clear()
        tab.reload()
        wait_until_ready(tab)
        again = server.downloads()
        assert "playbooks/fx-taboos/" in again
        assert again & kept == set(), "pages kept by the first attempt were downloaded again"


@pytest.mark.browser
def test_mkdocs_serve_on_the_same_address_clears_a_kept_handbook(browser, fixture_site, tmp_path):
    """A trainer who once opened a built site at 127.0.0.1:<port> must see live edits under `mkdocs serve` there."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with phone(browser) as (tab, _):
        built = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(fixture_site.site)))
        threading.Thread(target=built.serve_forever, daemon=True).start()
        try:
            tab.goto(base + PLAYBOOK)
            wait_until_ready(tab)
        finally:
            built.shutdown()
            built.server_close()

        project = make_project(tmp_path, FIXTURES / "handbook" / "playbooks")
        steps = project / "playbooks" / "steps.yml"
        steps.write_text(steps.read_text(encoding="utf-8").replace("检查售点库存", "先查库存"), encoding="utf-8")
        log = tmp_path / "serve.log"
        with mkdocs_serve(project, log, port):
            assert wait_for(lambda: "先查库存" in fetch(base + PLAYBOOK)), log.read_text()
            tab.goto(base + PLAYBOOK)  # answered from the kept copy once; the retiring worker then reloads it
            expect(tab.locator("h2#fx-step-stock")).to_contain_text("先查库存", timeout=30_000)
            assert wait_for(lambda: tab.evaluate("caches.keys()") == [], seconds=10)
            assert tab.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
