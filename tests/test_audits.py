"""axe-core finds no accessibility violations on the pages a rep uses, on a phone, light and dark.

axe-core is the engine behind Lighthouse's accessibility score; it comes from npm at the version
pinned in package.json (`npm ci` in the repository root). Without node_modules/axe-core these
tests are skipped with a message; in CI (HANDBOOK_REQUIRE_BROWSER=1) that skip is a failure.
Lighthouse itself is run by tests/lighthouse.py (a script, not a test); its figures are in docs/measured.md.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from browser import keep_on_this_machine
from conftest import ROOT, environment

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REAL_PAGES = {
    "home": "",
    "playbook": "playbooks/taboos/",
    "quiz": "quizzes/basics-quiz/",
    "progress": "progress/",
    "certificate": "certificate/",
}
FIXTURE_QUIZ = "quizzes/fx-visit-quiz/"  # one question of every type


def require_axe() -> None:
    if AXE.exists():
        return
    message = f"{AXE.relative_to(ROOT)} not found: run `npm ci` in {ROOT} to install axe-core for the accessibility audit"
    if os.environ.get("HANDBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " — HANDBOOK_REQUIRE_BROWSER=1 turns this skip into a failure", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def real_url(tmp_path_factory):
    """The real handbook, built and served on loopback."""
    require_axe()
    from browser import serve_folder

    site = tmp_path_factory.mktemp("audited") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(site)],
                            cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    with serve_folder(site) as url:
        yield url


@pytest.fixture(params=["light", "dark"])
def phone_page(browser, request):
    """A phone-sized page in the given colour scheme; requests off this machine are aborted and fail the test."""
    require_axe()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  color_scheme=request.param)
    external = keep_on_this_machine(context)
    tab = context.new_page()
    yield tab
    context.close()
    assert external == []


def settle(page) -> None:
    """Wait until the page is as a rep sees it: quiz mounted, handbook kept offline (its toast shown)."""
    if page.locator("hb-quiz").count():
        expect(page.locator("hb-quiz.hb-ready")).to_be_visible()
    expect(page.locator(".md-footer .handbook-offline")).to_have_text("已可离线使用（2026.11 版）", timeout=30_000)
    # The one-off toast fades in and out over 0.4 s: axe would measure its colours half transparent.
    page.wait_for_function(
        "() => { const d = document.querySelector('.md-dialog');"
        " return !d.classList.contains('md-dialog--active') && getComputedStyle(d).opacity === '0' }",
        timeout=10_000,
    )
    page.wait_for_load_state("networkidle")


def violations(page) -> list[dict]:
    # Colours measured mid-transition (search results fading in, a button's hover) are neither
    # the start nor the end state: wait for every finite animation and transition to finish.
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect.getComputedTiming().iterations === Infinity)",
        timeout=10_000,
    )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert result["passes"], "axe checked nothing"
    return result["violations"]


def assert_no_violations(page) -> None:
    found = violations(page)
    if found:
        pytest.fail(f"axe-core {axe_version(page)} on {page.url}:\n" + report(found), pytrace=False)


def axe_version(page) -> str:
    return page.evaluate("axe.version")


def report(found: list[dict]) -> str:
    lines = []
    for rule in found:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']}")
        for node in rule["nodes"][:6]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)


def test_axe_finds_no_violations_in_the_offline_toast(phone_page, real_url):
    phone_page.goto(real_url)
    toast = phone_page.locator(".md-dialog")
    expect(toast).to_have_text("已可离线使用：没有网络时也能打开这本手册", timeout=30_000)
    phone_page.wait_for_function("getComputedStyle(document.querySelector('.md-dialog')).opacity === '1'")
    phone_page.add_script_tag(path=str(AXE))
    result = phone_page.evaluate("axe.run('.md-dialog', {resultTypes: ['violations']})")
    assert result["passes"], "axe checked nothing"
    if result["violations"]:
        pytest.fail("axe-core on the toast:\n" + report(result["violations"]), pytrace=False)


@pytest.mark.parametrize("name", REAL_PAGES)
def test_axe_finds_no_violations_on_the_real_handbook(phone_page, real_url, name):
    phone_page.goto(real_url + REAL_PAGES[name])
    settle(phone_page)
    assert_no_violations(phone_page)


def test_axe_finds_no_violations_on_a_graded_quiz_with_every_question_type(phone_page, fixture_url):
    """Right and wrong marks, feedback and the result, for every kind of question."""
    phone_page.goto(fixture_url + FIXTURE_QUIZ)
    settle(phone_page)
    quiz = phone_page.locator("hb-quiz")
    quiz.get_by_role("button", name="交卷").click()
    expect(quiz.locator(".hb-result")).to_be_visible()
    assert_no_violations(phone_page)


def test_axe_finds_no_violations_in_the_open_search(phone_page, real_url):
    phone_page.goto(real_url + "playbooks/")
    settle(phone_page)
    phone_page.locator("label[for=__search]").first.click()
    box = phone_page.locator("input.md-search__input")
    box.fill("上架费")
    box.press("End")
    expect(phone_page.locator("a.md-search-result__link").first).to_be_visible()
    assert_no_violations(phone_page)
