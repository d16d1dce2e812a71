"""No script from content: a handbook whose every text field carries injection payloads, opened in Chromium.

tests/fixtures/hostile has a playbook of every kind and a quiz with every question type; each title,
summary, list item, Markdown field, option, feedback, explanation, scenario line and source name carries
<script>, event handlers, javascript: links, <iframe>, <style> break-outs, attribute-quote break-outs,
</script> inside text and template syntax. Payloads set window.__pwned or open a dialog. Every page is
opened, the quiz answered and submitted (so feedback and explanations are shown), the progress and
certificate pages filled, and search results rendered for the payload words; after each step nothing
may have run, no dialog may have opened, and no element in the live DOM (or in a <template>) may
carry an event handler or a script URL.
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import FIXTURES, build, make_project

pytestmark = pytest.mark.browser

HOSTILE = FIXTURES / "hostile"
HOSTILE_SOURCE = 'hostile.txt" onmouseover="top.__pwned=1'
# The payload text shown literally where a field is plain text: escaped, neither run nor silently dropped.
LITERAL = "<script>top.__pwned=1</script>"
TEMPLATE_SYNTAX = "{{ 7*7 }} {% if 1 %}jinja{% endif %} ${7*7}"

# Whatever in the live DOM, or in the inert content of its <template>s, could run script.
FIND_ACTIVE = """() => {
  const roots = [document, ...[...document.querySelectorAll('template')].map(t => t.content)];
  const found = [];
  const squeeze = (v) => (v || '').replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) found.push(`${tag}[${name}]`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(name)
            && /^(javascript|vbscript|data):/.test(squeeze(attr.value))) found.push(`${tag}[${name}=${attr.value}]`);
      }
      if (tag === 'base') found.push('base');
      // The theme's own header and search have forms and scripts; the content (and its templates) has none.
      const inContent = root !== document || el.closest('.md-content');
      if (!inContent) continue;
      if (['iframe', 'object', 'embed', 'frame', 'form', 'meta', 'style', 'link'].includes(tag)
          && !(tag === 'link' && (el.href || '').endsWith('/assets/handbook/quiz.css'))) found.push(tag);
      if (tag === 'script' && !(el.src || '').endsWith('/assets/handbook/quiz.js')) found.push('script in content');
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile"), HOSTILE / "playbooks", HOSTILE / "quizzes")
    config = project / "mkdocs.yml"
    # A source whose file name and display name are payloads too (they reach a title="" and a <cite>).
    text = config.read_text(encoding="utf-8").replace(
        "    sources:\n", "    sources:\n      'hostile.txt\" onmouseover=\"top.__pwned=1': '<script>top.__pwned=1</script>《来源》'\n", 1
    )
    config.write_text(text, encoding="utf-8")
    run = build(project)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.site


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    from browser import serve_folder

    with serve_folder(hostile_site) as url:
        yield url


@pytest.fixture
def watched(page):
    """The page, with a record of every dialog (dismissed at once) and a check that nothing ran."""
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def nothing_ran(where: str) -> None:
        page.wait_for_timeout(300)  # handlers such as onload/ontoggle/onbegin fire shortly after rendering
        assert page.evaluate("typeof window.__pwned") == "undefined", f"a payload ran on {where}"
        assert dialogs == [], f"dialogs opened on {where}: {dialogs}"
        assert page.evaluate(FIND_ACTIVE) == [], f"active markup on {where}"

    page.nothing_ran = nothing_ran
    return page


def content_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site).parent).replace(".", "") + "/" for p in site.rglob("index.html"))


def test_the_fixture_carries_payloads_in_every_kind_and_question_type():
    kinds = {path.stem for path in (HOSTILE / "playbooks").glob("*.yml")}
    assert kinds == {"stages", "taboos", "objections", "steps", "guide", "checklist"}
    quiz = (HOSTILE / "quizzes" / "hostile.yml").read_text(encoding="utf-8")
    for kind in ("single", "multiple", "truefalse", "ordering", "matching", "scenario"):
        assert f"type: {kind}" in quiz
    for path in (HOSTILE / "playbooks").glob("*.yml"):
        assert path.read_text(encoding="utf-8").count(LITERAL) >= 10, path


def test_every_page_opens_without_running_content(watched, hostile_site, hostile_url):
    pages = content_pages(hostile_site)
    assert len(pages) >= 10  # home, overview, six playbooks, quizzes, the quiz, progress, certificate
    for relative in pages:
        watched.goto(hostile_url + relative.lstrip("/"))
        watched.wait_for_load_state("networkidle")
        watched.nothing_ran(relative)


def test_plain_text_fields_show_the_payload_as_text(watched, hostile_url):
    for kind in ("stages", "taboos", "objections", "steps", "guide", "checklist"):
        watched.goto(f"{hostile_url}playbooks/hx-{kind}/")
        title = watched.locator("h1.hb-title")
        expect(title).to_contain_text(f"{kind}手册标题 {LITERAL}")
        expect(title).to_contain_text(TEMPLATE_SYNTAX)  # not evaluated by Jinja or anything else
        expect(watched.locator("article.hb-entry h2").first).to_contain_text(LITERAL)
        expect(watched.locator("cite").first).to_have_text(f"{LITERAL}《来源》")
        expect(watched.locator("cite").first).to_have_attribute("title", HOSTILE_SOURCE)
        watched.nothing_ran(kind)
    assert LITERAL in watched.title()


def quiz_key(page) -> dict:
    """The answer key as render_quiz.obfuscate wrote it: base64 of the JSON, XOR-ed with the quiz id."""
    quiz = page.locator("hb-quiz")
    raw = base64.b64decode(quiz.get_attribute("data-key"))
    pad = quiz.get_attribute("data-quiz-id").encode()
    return json.loads(bytes(b ^ pad[i % len(pad)] for i, b in enumerate(raw)))


def answer_right(li, key: dict) -> None:
    """Answer one question through its public markup (inputs in li.hb-q, the reply button of a dialogue)."""
    kind = li.get_attribute("data-type")
    if kind in ("single", "multiple", "truefalse"):
        for value in key["c"]:
            li.locator(f"input[value='{value}']").check()
    elif kind == "ordering":
        for target, value in enumerate(key["c"]):
            item = li.locator(f".hb-order-item[data-value='{value}']")
            while item.evaluate("el => [...el.parentNode.children].indexOf(el)") > target:
                item.locator(".hb-up").click()
    elif kind == "matching":
        for select in li.locator("select").all():
            select.select_option(key["c"][select.get_attribute("data-value")])
    elif kind == "scenario":
        while li.locator(".hb-turn").last.locator(".hb-reply").count():
            turn = li.locator(".hb-turn").last
            best = next(c for c, is_best, _ in key["nodes"][turn.get_attribute("data-node")] if is_best)
            turn.locator(f"input[value='{best}']").check()
            turn.locator(".hb-reply").click()


def test_answering_the_quiz_shows_feedback_without_running_it(watched, hostile_url):
    watched.goto(hostile_url + "quizzes/hx-quiz/")
    quiz = watched.locator("hb-quiz.hb-ready")
    expect(quiz).to_be_visible()
    key = quiz_key(watched)
    for li in quiz.locator("li.hb-q").all():
        answer_right(li, key[li.get_attribute("data-uid")])
    watched.nothing_ran("the quiz while answering")
    quiz.locator("button.hb-submit").click()
    expect(quiz.locator(".hb-result")).to_contain_text("通过")
    # Submitting put every explanation and the chosen options' feedback into the page.
    expect(quiz.locator(".hb-explain")).to_have_count(6)
    expect(quiz.locator(".hb-explain").first).to_contain_text("解析")
    # Plain-text fields show the payload as text; Markdown fields (options, feedback) have it sanitised away.
    expect(quiz.locator("li.hb-q[data-type=scenario] .hb-line").first).to_contain_text(f"开场台词 {LITERAL}")
    watched.nothing_ran("the quiz after submitting")

    watched.locator("input[value=practice]").check()
    li = quiz.locator("li.hb-q[data-type=single]")
    li.locator("input").nth(1).check()
    li.locator("button.hb-check").click()
    expect(li.locator(".hb-feedback")).to_contain_text("选项反馈")
    watched.nothing_ran("the quiz in practice mode")

    watched.goto(hostile_url + "progress/")
    expect(watched.locator("hb-progress tbody")).to_contain_text(f"测验标题 {LITERAL}")
    watched.nothing_ran("the progress page")
    watched.goto(hostile_url + "certificate/")
    watched.locator("input.hb-cert-name-input").fill(f'{LITERAL}<img src=x onerror="top.__pwned=1">')
    expect(watched.locator(".hb-cert-name")).to_contain_text(LITERAL)
    expect(watched.locator(".hb-cert-table")).to_contain_text(f"测验标题 {LITERAL}")
    watched.nothing_ran("the certificate page")


@pytest.mark.parametrize("query", ["手册标题", "条目摘要", "script", "onerror", "javascript", "pwned", "7*7", "来源"])
def test_search_results_for_payload_words_run_nothing(watched, hostile_url, query):
    watched.goto(hostile_url)
    box = watched.locator("input.md-search__input")
    if not box.is_visible():
        watched.locator("label[for=__search]").first.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    results = watched.locator(".md-search-result__item")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and results.count() == 0:
        watched.wait_for_timeout(150)
    if query in ("手册标题", "条目摘要", "script", "来源"):
        assert results.count() > 0, f"no search results for {query!r}: the check below would see nothing"
    watched.nothing_ran(f"search results for {query!r}")
