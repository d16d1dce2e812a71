"""The quiz pages in real Chromium: answering, grading, progress, certificate, instant navigation.

The fixture quiz (tests/fixtures/handbook/quizzes/visit.yml) has a question of every type. Screenshots
go to tests/artifacts/ (gitignored) so a person can look at them.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

QUIZ = "quizzes/fx-visit-quiz/"
STORE_KEY = "kehu-handbook-progress"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(autouse=True)
def instant_navigation(page, fixture_url):
    """Serve a sitemap whose URLs carry the test server's port.

    Material only turns a click into instant navigation for URLs in sitemap.xml, and it maps the
    sitemap's host to the current one but keeps site_url's port (8000): without this, every click
    in these tests would be a full page load and instant navigation would go untested.
    """

    def sitemap(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("http://127.0.0.1:8000/", fixture_url))

    page.route("**/sitemap.xml", sitemap)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_quiz(page, fixture_url, mode: str | None = None):
    page.goto(fixture_url + QUIZ)
    quiz = page.locator("hb-quiz.hb-ready")
    expect(quiz).to_be_visible()
    if mode:
        quiz.locator(f".hb-mode input[value={mode}]").check()
    return quiz


def answer_key(page) -> dict:
    """The key as render_quiz.obfuscate wrote it: base64 of the JSON XOR-ed with the quiz id."""
    quiz = page.locator("hb-quiz")
    raw = base64.b64decode(quiz.get_attribute("data-key"))
    pad = quiz.get_attribute("data-quiz-id").encode()
    return json.loads(bytes(b ^ pad[i % len(pad)] for i, b in enumerate(raw)))


def question(page, uid: str):
    return page.locator(f"li.hb-q[data-uid='{uid}']")


def answer(li, key: dict, right: bool = True) -> None:
    """Answer one question with the mouse: right, or (right=False) wrong."""
    kind = li.get_attribute("data-type")
    if kind in ("single", "multiple", "truefalse"):
        values = [i.get_attribute("value") for i in li.locator(".hb-options input").all()]
        picks = [v for v in values if (v in key["c"]) == right][: None if right else 1]
        for value in picks:
            li.locator(f"label:has(input[value='{value}'])").click()
    elif kind == "ordering":
        order = key["c"] if right else list(reversed(key["c"]))
        for target, value in enumerate(order):
            item = li.locator(f".hb-order-item[data-value='{value}']")
            while item.evaluate("el => [...el.parentNode.children].indexOf(el)") > target:
                item.locator(".hb-up").click()
    elif kind == "matching":
        for select in li.locator("select").all():
            want = key["c"][select.get_attribute("data-value")]
            if not right:
                want = next(o for o in select.locator("option").all() if o.get_attribute("value") not in ("", want)).get_attribute("value")
            select.select_option(want)
    elif kind == "scenario":
        while True:
            turn = li.locator(".hb-turn").last
            if turn.locator(".hb-reply").count() == 0:
                break
            node = turn.get_attribute("data-node")
            wanted = [c for c, best, _ in key["nodes"][node] if best == right] or [key["nodes"][node][0][0]]
            turn.locator(f"label:has(input[value='{wanted[0]}'])").click()
            turn.locator(".hb-reply").click()


def answer_all(page, right: bool = True) -> None:
    key = answer_key(page)
    # Questions already checked are skipped; uids first, as a practice-mode scenario grades itself.
    uids = page.locator("li.hb-q:visible:not(:has(.hb-verdict))").evaluate_all("items => items.map(i => i.dataset.uid)")
    for uid in uids:
        answer(question(page, uid), key[uid], right)


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STORE_KEY}')") or "null")


def hidden_texts(page) -> list[str]:
    """Every text that must stay unseen before grading: explanations with their links, per-option feedback."""
    return page.evaluate(
        """() => [...document.querySelectorAll('hb-quiz template.hb-explanation, hb-quiz template.hb-option-feedback')]
             .flatMap(t => [...t.content.querySelectorAll('p:not(.hb-label)')].map(p => p.textContent.trim()))
             .filter(Boolean)"""
    )


def no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


def test_wrong_answer_shows_feedback_and_link_to_its_entry(page, fixture_url):
    open_quiz(page, fixture_url)
    li = question(page, "fx-visit-quiz--price")
    li.get_by_text("马上降价").click()
    li.get_by_role("button", name="确认这题").click()
    feedback = li.locator(".hb-feedback")
    expect(feedback).to_contain_text("答错了")
    expect(feedback).to_contain_text("降价太快，对方会继续压。")  # the chosen option's own feedback
    expect(feedback).to_contain_text("先弄清对方在和谁比")  # the explanation
    expect(feedback).to_be_focused()
    expect(li.locator("label.hb-right")).to_contain_text("问清楚比较的是哪家")
    expect(li.locator("label.hb-wrong")).to_contain_text("马上降价")
    link = feedback.get_by_role("link", name="采购说“你们的价格太高”")
    assert link.get_attribute("href").endswith("playbooks/fx-objections/#fx-too-expensive")
    shot(page, "390-practice-wrong-answer")
    link.click()
    expect(page).to_have_url(re.compile(r"/playbooks/fx-objections/#fx-too-expensive$"))
    expect(page.locator("#fx-too-expensive")).to_be_in_viewport()


def test_right_attempt_passes_is_stored_and_kept_after_reload(page, fixture_url):
    quiz = open_quiz(page, fixture_url)
    answer_all(page, right=True)
    quiz.get_by_role("button", name="交卷").click()
    result = quiz.locator(".hb-result")
    expect(result).to_contain_text("得分 100% · 通过（及格线 60%）")
    expect(result).to_be_focused()
    expect(result).not_to_contain_text("没有全对")
    expect(quiz.get_by_role("button", name="再考一次")).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, "390-passed")
    record = stored(page)["quizzes"]["fx-visit-quiz"]
    assert record["best"] == 100 and record["passed"] is True and record["attempts"] == 1
    assert record["fingerprint"] == quiz.get_attribute("data-fingerprint")
    assert record["version"] == record["passVersion"] == quiz.get_attribute("data-version")
    assert DATE.match(record["bestDate"]) and record["passDate"] == record["bestDate"]

    page.reload()
    expect(page.locator("hb-quiz.hb-ready")).to_be_visible()
    assert stored(page)["quizzes"]["fx-visit-quiz"]["best"] == 100
    quiz = page.locator("hb-quiz")
    answer_all(page, right=False)
    quiz.get_by_role("button", name="交卷").click()
    expect(quiz.locator(".hb-result")).to_contain_text("未通过")
    expect(quiz.locator(".hb-result")).to_contain_text("最好成绩：100%")
    record = stored(page)["quizzes"]["fx-visit-quiz"]
    assert record["best"] == 100 and record["passed"] is True and record["attempts"] == 2

    page.goto(fixture_url + "progress/")
    row = page.locator("hb-progress tbody tr", has_text="拜访测验")
    expect(row).to_contain_text("已通过")
    expect(row).to_contain_text("100%")
    expect(row.get_by_role("link", name="拜访测验")).to_have_attribute("href", re.compile(r"quizzes/fx-visit-quiz/$"))
    page.goto(fixture_url + "quizzes/")
    expect(page.locator("[data-status-for='fx-visit-quiz']")).to_have_text("已通过 · 最好 100%")
    shot(page, "390-quiz-list")


def test_instant_navigation_from_a_playbook_to_the_quiz_and_back(page, fixture_url):
    page.goto(fixture_url + "playbooks/fx-stages/")
    page.evaluate("window.notReloaded = true")  # gone if any click below causes a full page load
    # Through the phone's navigation drawer: up from 关系阶段, into 测验, then the quiz.
    page.locator("label.md-header__button[for=__drawer]").click()
    page.locator("nav.md-nav--primary label.md-nav__title:visible", has_text="关系阶段").click()
    page.locator(".md-nav__container", has=page.get_by_role("link", name="测验", exact=True)).locator("label").click()
    page.locator("nav.md-nav--primary a:visible", has_text="拜访测验").click()
    quiz = page.locator("hb-quiz.hb-ready")
    expect(quiz).to_be_visible()
    assert page.evaluate("window.notReloaded") is True, "the quiz was reached by a full page load, not instant navigation"

    def still_works():
        expect(quiz.locator(".hb-sr")).to_have_count(1)  # mounted once
        li = question(page, "fx-visit-quiz--what-first")
        li.get_by_text("对", exact=True).click()
        li.get_by_role("button", name="确认这题").click()
        expect(li.locator(".hb-feedback")).to_contain_text("不对，客情不只是请客吃饭。")

    still_works()
    # Away through a re-read link, back with the browser's back button, then away and back through the nav.
    question(page, "fx-visit-quiz--what-first").get_by_role("link", name="弄清客情是什么").click()
    expect(page).to_have_url(re.compile(r"/playbooks/fx-guide/#fx-what$"))
    page.go_back()
    expect(quiz).to_be_visible()
    still_works()
    page.locator("label.md-header__button[for=__drawer]").click()
    page.locator("nav.md-nav--primary label.md-nav__title:visible", has_text="测验").click()
    page.locator("nav.md-nav--primary a:visible", has_text="我的进度").click()
    expect(page.locator("hb-progress tbody tr")).to_have_count(1)
    page.locator("hb-progress").get_by_role("link", name="拜访测验").click()
    expect(quiz).to_be_visible()
    still_works()
    answer_all(page)
    quiz.get_by_role("button", name="交卷").click()
    expect(quiz.locator(".hb-result")).to_contain_text("得分")
    assert page.evaluate("window.notReloaded") is True


def test_ordering_question_with_the_keyboard_alone(page, fixture_url):
    open_quiz(page, fixture_url)
    li = question(page, "fx-visit-quiz--visit-order")
    right = answer_key(page)["fx-visit-quiz--visit-order"]["c"]

    def order():
        return li.locator(".hb-order-item").evaluate_all("items => items.map(i => i.dataset.value)")

    def focused():
        return page.evaluate(
            "[document.activeElement.classList.contains('hb-up') ? 'hb-up' : document.activeElement.className,"
            " [...document.activeElement.closest('ol').children].indexOf(document.activeElement.closest('li')),"
            " document.activeElement.closest('li').dataset.value]"
        )

    assert order() != right, "an ordering question must not start out solved"
    # Tab into the question from the one before it; from here on only keys are pressed.
    question(page, "fx-visit-quiz--talk").locator("input, button").last.focus()
    page.keyboard.press("Tab")
    assert focused()[:2] == ["hb-up", 0]
    position = 0  # index of the focused button among the question's up/down buttons
    for target, value in enumerate(right):
        current = order().index(value)
        wanted_button = current * 2  # that item's ↑ button
        while position < wanted_button:
            page.keyboard.press("Tab")
            position += 1
        while position > wanted_button:
            page.keyboard.press("Shift+Tab")
            position -= 1
        for step in range(current - target):
            page.keyboard.press("Enter")
            # Focus stays on the moved item's ↑ button, one place higher.
            assert focused() == ["hb-up", current - step - 1, value]
        position = target * 2
    assert order() == right
    expect(page.locator("hb-quiz .hb-sr")).to_have_text(re.compile(r"：现在是第 \d 项。$"))  # moves are announced
    while not page.evaluate("document.activeElement.classList.contains('hb-check')"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(li.locator(".hb-feedback")).to_contain_text("答对了")
    expect(li.locator(".hb-order-item.hb-right")).to_have_count(3)
    shot(page, "390-ordering-keyboard")


def test_certificate_shows_the_passed_quiz_and_the_typed_name(page, fixture_url):
    quiz = open_quiz(page, fixture_url)
    version = quiz.get_attribute("data-version")
    answer_all(page)
    quiz.get_by_role("button", name="交卷").click()
    expect(quiz.locator(".hb-result")).to_contain_text("通过")
    page.goto(fixture_url + "certificate/")
    certificate = page.locator("hb-certificate")
    certificate.get_by_label("你的姓名").fill("王小明")
    sheet = certificate.locator(".hb-cert-sheet")
    expect(sheet.locator(".hb-cert-name")).to_have_text("王小明")
    row = sheet.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("拜访测验")
    expect(row).to_contain_text("100%")
    expect(row).to_contain_text(version)
    assert DATE.match(row.locator("td").nth(2).inner_text())
    expect(sheet.locator(".hb-cert-version")).to_contain_text(version)
    expect(sheet.locator(".hb-cert-empty")).to_be_hidden()
    no_horizontal_scroll(page)
    shot(page, "390-certificate")
    page.evaluate("() => { window.print = () => { window.printed = true } }")
    certificate.get_by_role("button", name="打印 / 存为 PDF").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".hb-cert-form", "h1", ".md-content__button"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(sheet).to_be_visible()
    expect(sheet).to_contain_text("王小明")
    shot(page, "390-certificate-print")


def test_certificate_without_a_pass_says_so_and_asks_for_a_name(page, fixture_url):
    page.goto(fixture_url + "certificate/")
    certificate = page.locator("hb-certificate")
    expect(certificate.locator(".hb-cert-empty")).to_be_visible()
    page.evaluate("() => { window.print = () => { window.printed = true } }")
    certificate.get_by_role("button", name="打印 / 存为 PDF").click()
    assert page.evaluate("window.printed") is None
    expect(certificate.get_by_label("你的姓名")).to_be_focused()


def test_changed_entry_marks_the_quiz_for_retake_and_gone_quizzes_are_kept(page, fixture_url):
    page.goto(fixture_url + "progress/")
    old = {"best": 90, "passed": True, "attempts": 1, "fingerprint": "000000000000", "title": "拜访测验",
           "bestDate": "2026-01-02", "passDate": "2026-01-02", "version": "2026.01", "passVersion": "2026.01"}
    gone = {**old, "title": "旧的陈列测验", "fingerprint": "111111111111"}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                  [STORE_KEY, json.dumps({"v": 1, "quizzes": {"fx-visit-quiz": old, "old-display": gone}})])
    page.reload()
    rows = page.locator("hb-progress tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("拜访测验")
    expect(rows.nth(0)).to_contain_text("需要重考")
    expect(rows.nth(0)).to_contain_text("90%")
    expect(rows.nth(1)).to_contain_text("旧的陈列测验")
    expect(rows.nth(1)).to_contain_text("已下线")
    expect(page.locator("hb-progress .hb-storage-note")).to_be_hidden()
    shot(page, "390-progress-retake")
    page.goto(fixture_url + "quizzes/")
    expect(page.locator("[data-status-for='fx-visit-quiz']")).to_contain_text("需要重考")

    # Retaking under the new content replaces the stale result; the gone quiz's result stays.
    quiz = open_quiz(page, fixture_url)
    answer_all(page)
    quiz.get_by_role("button", name="交卷").click()
    expect(quiz.locator(".hb-result")).to_contain_text("通过")
    data = stored(page)["quizzes"]
    assert data["fx-visit-quiz"]["fingerprint"] == quiz.get_attribute("data-fingerprint")
    assert data["fx-visit-quiz"]["attempts"] == 2 and data["fx-visit-quiz"]["best"] == 100
    assert data["old-display"] == gone
    page.goto(fixture_url + "progress/")
    expect(page.locator("hb-progress tbody tr").first).to_contain_text("已通过")


def test_progress_exports_json_and_csv(page, fixture_url):
    quiz = open_quiz(page, fixture_url)
    answer_all(page)
    quiz.get_by_role("button", name="交卷").click()
    page.goto(fixture_url + "progress/")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    csv = Path(download.value.path()).read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read Chinese"
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("测验,测验 id,状态,最好成绩(%)")
    assert lines[1].startswith("拜访测验,fx-visit-quiz,已通过,100,")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 JSON").click()
    assert download.value.suggested_filename.endswith(".json")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["v"] == 1 and data["quizzes"]["fx-visit-quiz"]["best"] == 100


BLOCK_STORAGE = """
// Storage blocked for the quiz module: reading window.localStorage throws, as it does when a browser
// blocks site data. Only calls from quiz.js are blocked: Material's own head script reads
// localStorage without a try, and its error would hide whether ours are handled.
const real = Object.getOwnPropertyDescriptor(window, "localStorage").get;
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() {
    if (new Error().stack.includes("/assets/handbook/quiz.js")) throw new DOMException("The operation is insecure.", "SecurityError");
    return real.call(window);
  },
});
"""


def test_blocked_storage_still_grades_with_a_notice(page, fixture_url):
    page.context.add_init_script(BLOCK_STORAGE)
    quiz = open_quiz(page, fixture_url)
    note = quiz.locator(".hb-storage-note").first
    expect(note).to_be_visible()
    expect(note).to_contain_text("成绩不会被保存")
    answer_all(page)
    quiz.get_by_role("button", name="交卷").click()
    expect(quiz.locator(".hb-result")).to_contain_text("得分 100% · 通过")
    expect(quiz.locator(".hb-result")).to_contain_text("成绩不会被保存")
    assert stored(page) is None
    shot(page, "390-storage-blocked")
    page.goto(fixture_url + "progress/")
    expect(page.locator("hb-progress .hb-storage-note")).to_be_visible()
    expect(page.locator("hb-progress tbody tr")).to_contain_text("未开始")


def test_corrupted_storage_shows_a_notice_and_no_blank_page(page, fixture_url):
    page.goto(fixture_url)
    page.evaluate("([key]) => localStorage.setItem(key, '{\"v\":1,\"quizzes\":{\"fx-visit-quiz\":')", [STORE_KEY])
    quiz = open_quiz(page, fixture_url)
    expect(quiz.locator(".hb-storage-note")).to_contain_text("已损坏或无法识别")
    expect(page.locator("li.hb-q:visible")).to_have_count(9)
    answer_all(page)
    quiz.get_by_role("button", name="交卷").click()
    expect(quiz.locator(".hb-result")).to_contain_text("得分 100%")
    assert stored(page)["quizzes"]["fx-visit-quiz"]["best"] == 100  # the damaged data was replaced

    # Unknown records next to a valid one: the valid one is kept and shown, with the notice.
    data = stored(page)
    data["quizzes"]["broken"] = {"best": "lots"}
    data["quizzes"]["__proto__"] = 7
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORE_KEY, json.dumps(data)])
    page.goto(fixture_url + "progress/")
    expect(page.locator("hb-progress .hb-storage-note")).to_be_visible()
    expect(page.locator("hb-progress tbody tr")).to_have_count(1)
    expect(page.locator("hb-progress tbody tr")).to_contain_text("已通过")
    for text in ("{oops", "[1,2]", '{"v":99,"quizzes":{}}'):
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORE_KEY, text])
        for path in ("progress/", "certificate/", "quizzes/", QUIZ):
            page.goto(fixture_url + path)
            expect(page.locator("h1").first).to_be_visible()
            if path != "quizzes/":
                expect(page.locator(".hb-storage-note").first).to_be_visible()
    shot(page, "390-storage-corrupted")


def test_exam_mode_reveals_nothing_before_submitting(page, fixture_url):
    quiz = open_quiz(page, fixture_url)
    modes = quiz.locator(".hb-mode")
    expect(modes).to_be_visible()
    expect(modes.get_by_label("练习模式（每题即时反馈）")).to_be_checked()  # the first mode is the default
    modes.get_by_label("考试模式（交卷后才显示答案）").check()
    expect(quiz.get_by_role("button", name="确认这题")).to_have_count(0)
    secrets = hidden_texts(page)
    answer_all(page, right=False)
    text = page.evaluate("document.body.innerText")
    assert [s for s in secrets if s in text] == []
    for feedback in quiz.locator(".hb-feedback").all():
        expect(feedback).to_be_empty()
    expect(quiz.locator(".hb-right, .hb-wrong, .hb-mark, .hb-turn-feedback")).to_have_count(0)
    # The scenario went on to the buyer's next line, without saying whether the reply was good.
    expect(question(page, "fx-visit-quiz--talk").locator(".hb-turn")).to_have_count(2)
    shot(page, "390-exam-before-submit")
    quiz.get_by_role("button", name="交卷").click()
    expect(quiz.locator(".hb-result")).to_contain_text("未通过")
    for feedback in quiz.locator("li.hb-q:visible .hb-feedback").all():
        expect(feedback).to_contain_text("解析")
    expect(question(page, "fx-visit-quiz--talk").locator(".hb-turn-feedback")).to_contain_text("这是商业贿赂。")
    missed = quiz.locator(".hb-result .hb-missed li")
    expect(missed).to_have_count(9)
    expect(missed.first.get_by_role("link").first).to_have_attribute("href", re.compile(r"#fx-"))
    shot(page, "390-exam-after-submit")


def test_answers_are_not_in_the_page_text_before_grading(page, fixture_url):
    quiz = open_quiz(page, fixture_url)
    secrets = hidden_texts(page)
    assert "先弄清对方在和谁比，再用动销数据说话。" in secrets and "对，先弄清比较对象。" in secrets
    text = page.evaluate("document.body.innerText")
    assert [s for s in secrets if s in text] == []
    assert "正确答案" not in text
    assert quiz.get_attribute("data-key") not in text
    assert "那你把方案发我看看" not in text and "好，那就这么定了" not in text  # where each reply leads
    expect(quiz.locator(".hb-right, .hb-feedback *")).to_have_count(0)
    # Neither is the key readable as text in the page source: it is obfuscated.
    html = page.content()
    assert '"c":' not in html and "best" not in html.split("<hb-quiz", 1)[1].split("</hb-quiz>", 1)[0]


def test_draw_and_shuffle_differ_between_attempts(page, fixture_url):
    # The fixture quiz has no `draw`, so ask for 3 of its 9 questions.
    def fewer(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace('data-draw="9"', 'data-draw="3"'))

    page.route("**/" + QUIZ, fewer)
    quiz = open_quiz(page, fixture_url)
    draws, orders = set(), set()
    for attempt in range(8):
        visible = quiz.locator("li.hb-q:visible")
        expect(visible).to_have_count(3)
        expect(visible.locator(".hb-q-n")).to_have_text(["1", "2", "3"])
        draws.add(tuple(visible.evaluate_all("items => items.map(i => i.dataset.uid)")))
        orders.add(tuple(quiz.locator("li.hb-q").first.locator(".hb-options input").evaluate_all("inputs => inputs.map(i => i.value)")))
        quiz.get_by_role("button", name="交卷").click()
        expect(quiz.locator(".hb-result")).to_contain_text("得分")
        quiz.get_by_role("button", name="再考一次").click()
        expect(quiz.locator(".hb-result")).to_be_hidden()
        expect(quiz.locator(".hb-feedback:not(:empty)")).to_have_count(0)
    assert len(draws) > 1, "every attempt drew the same questions"
    assert len(orders) > 1, "every attempt showed the options in the same order"
    assert stored(page)["quizzes"]["fx-visit-quiz"]["attempts"] == 8


def test_phone_360x640_fits_and_has_big_tap_targets(page, fixture_url):
    page.set_viewport_size({"width": 360, "height": 640})
    quiz = open_quiz(page, fixture_url)
    no_horizontal_scroll(page)
    shot(page, "360-quiz")

    def small_targets():
        return page.evaluate(
            """() => [...document.querySelectorAll(
                 'hb-quiz label.hb-option, hb-quiz .hb-mode label, hb-quiz button, hb-quiz select, hb-progress button, hb-progress tbody a,'
                 + ' hb-certificate button, hb-certificate input, .hb-quiz-list > li > a')]
               .filter(el => el.checkVisibility())
               .map(el => [el.textContent.trim().slice(0, 20) || el.className, el.getBoundingClientRect().height])
               .filter(([, height]) => height < 44)"""
        )

    assert small_targets() == []
    li = question(page, "fx-visit-quiz--talk")
    li.get_by_text("好的，我晚上给您送过去。").click()
    li.get_by_role("button", name="就这样回答").click()
    expect(li.locator(".hb-feedback")).to_contain_text("答错了")
    answer_all(page)
    quiz.get_by_role("button", name="交卷").click()
    expect(quiz.locator(".hb-result")).to_be_focused()
    no_horizontal_scroll(page)
    assert small_targets() == []
    shot(page, "360-quiz-graded")
    for path, name in (("progress/", "360-progress"), ("certificate/", "360-certificate"), ("quizzes/", "360-quiz-list")):
        page.goto(fixture_url + path)
        if path == "certificate/":
            page.get_by_label("你的姓名").fill("王小明")
        no_horizontal_scroll(page)
        assert small_targets() == []
        shot(page, name)
