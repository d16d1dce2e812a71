"""Shared helpers: make a small handbook project in a temporary folder and build it for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(tmp_path: Path, playbooks: Path | dict[str, str | bytes] | None = None, quizzes: Path | None = None) -> Path:
    """A copy of the real project's config and docs, with the given playbooks and quizzes."""
    project = tmp_path / "project"
    project.mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("- hooks/handbook_hooks.py", f"- {ROOT / 'hooks' / 'handbook_hooks.py'}")
    config = config.replace("\n  - hooks\n", f"\n  - {ROOT / 'hooks'}\n")
    config = config.replace("quiz_coverage_min: 90", "quiz_coverage_min: 0")
    config = config.replace("  - 怎样使用: how-to-use.md\n", "").replace("  - 编辑手册: editing.md\n", "")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    # Tests get a docs/ of their own: the real home page links to the real playbooks.
    shutil.copytree(FIXTURES / "docs", project / "docs")
    (project / "playbooks").mkdir()
    (project / "quizzes").mkdir()
    for folder, given in (("playbooks", playbooks), ("quizzes", quizzes)):
        if isinstance(given, Path):
            shutil.copytree(given, project / folder, dirs_exist_ok=True)
    if isinstance(playbooks, dict):
        for name, content in playbooks.items():
            target = project / "playbooks" / name
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return project


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = str(ROOT / "hooks")
    return env


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    site: Path

    def html(self, relative: str) -> str:
        return (self.site / relative).read_text(encoding="utf-8")


def run_tool(project: Path, *args: str, tool: str = "mkdocs") -> Run:
    site = project / "site"
    result = subprocess.run(
        [sys.executable, "-m", tool, *args],
        cwd=project,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Run(result.returncode, result.stdout, result.stderr, site)


def build(project: Path, *extra: str, tool: str = "mkdocs") -> Run:
    return run_tool(project, "build", "--strict", "-d", str(project / "site"), *extra, tool=tool)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Run:
    """The fixture playbooks (one per kind) built once for the whole session."""
    project = make_project(tmp_path_factory.mktemp("fixture-site"), FIXTURES / "handbook" / "playbooks", FIXTURES / "handbook" / "quizzes")
    run = build(project)
    assert run.returncode == 0, run.stderr
    return run


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real handbook (this repository's playbooks and quizzes) built once for the whole session."""
    site = tmp_path_factory.mktemp("real-site") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def real_url(real_site):
    """The real handbook served over HTTP on loopback."""
    from browser import serve_folder

    with serve_folder(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def fixture_url(fixture_site):
    """The fixture site served over HTTP on loopback."""
    from browser import serve_folder

    with serve_folder(fixture_site.site) as url:
        yield url


@pytest.fixture
def page(browser):
    """A fresh browser context (empty localStorage) per test; any request off this machine fails the test."""
    # No service worker here: routes (used by tests to fake or watch requests) never see what a worker
    # answers from its cache. tests/test_offline.py and test_audits.py make contexts with the worker.
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    from browser import keep_on_this_machine

    external = keep_on_this_machine(context)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    # A route handler still fetching (Material loads sitemap.xml in the background) would fail
    # once the context is gone, and show up as an error in the next test's setup.
    tab.unroute_all(behavior="ignoreErrors")
    context.unroute_all(behavior="ignoreErrors")
    context.close()
    assert external == [], f"pages requested external hosts: {external}"
    assert errors == [], f"uncaught page errors: {errors}"
