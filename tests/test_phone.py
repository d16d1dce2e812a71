"""The real handbook on two phone screens, 360×640 and 390×844, the way a rep holds it.

Every page: no sideways scrolling, and every tap target at least 44 × 44 px. A link inside a
sentence is exempt, as WCAG 2.5.8 allows for inline targets; anything invisible until focused
(Material's skip link) or off screen (the closed navigation drawer) is not a target yet. Each
section of the pre-negotiation brief fits one screen. A screenshot of every page at both sizes
goes to tests/artifacts/phone/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from browser import keep_on_this_machine
from conftest import ROOT

pytestmark = pytest.mark.browser

VIEWPORTS = {"360x640": (360, 640), "390x844": (390, 844)}
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "phone"
BRIEF = "playbooks/pre-negotiation-brief/"
MIN_TARGET = 44
# Controls inside these elements belong to the quiz front end (quiz.css); failures there are named as such.
QUIZ_OWNED = "hb-quiz, hb-progress, hb-certificate"

MEASURE = r"""
([minTarget, quizOwned, onScreenOnly]) => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, label[for]";
  const shown = el => {
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.opacity === "0" || style.visibility === "hidden") return false;
    }
    return true;
  };
  // An inline link with other words around it in the same block: a link in running text.
  const inSentence = el => {
    if (getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block.parentElement && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    return /[\p{L}\p{N}]{2}/u.test(block.textContent.replace(el.textContent, ""));
  };
  const describe = el => {
    const cls = el.getAttribute("class") ? "." + el.getAttribute("class").trim().split(/\s+/).join(".") : "";
    const text = (el.textContent || el.getAttribute("aria-label") || el.getAttribute("title") || "").trim().replace(/\s+/g, " ");
    return `<${el.tagName.toLowerCase()}${cls}> “${text.slice(0, 24)}”`;
  };
  const seen = new Set(), small = [];
  for (const el of document.querySelectorAll(selector)) {
    // A control inside its label is hit anywhere on the label.
    const target = (el.matches("input, select, textarea") && el.closest("label")) || el;
    if (seen.has(target)) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= 0 || box.left >= innerWidth) continue;
    if (!shown(target) || inSentence(target)) continue;
    if (onScreenOnly && !target.contains(document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2))) continue;
    if (box.height < minTarget - 0.5 || box.width < minTarget - 0.5) {
      small.push({what: describe(target), width: Math.round(box.width), height: Math.round(box.height),
                  quiz: !!target.closest(quizOwned)});
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, small};
}
"""


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path relative to its root."""
    pages = [p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")]
    pages = ["" if p == "./" else p for p in pages]
    return sorted(pages) + ["404.html"]


@contextmanager
def phone(browser, size: str):
    """A phone-sized, touch-screen tab; like conftest's `page`, it fails on external requests and page errors."""
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    external, errors = keep_on_this_machine(context), []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab
    finally:
        context.close()
    assert external == [], f"pages requested external hosts: {external}"
    assert errors == [], f"uncaught page errors: {errors}"


def open_page(tab, url: str) -> None:
    tab.goto(url)
    tab.evaluate("document.fonts.ready")
    if tab.locator("hb-quiz").count():
        tab.locator("hb-quiz.hb-ready").wait_for()  # the quiz draws its controls after load


def shot(tab, size: str, page: str) -> None:
    folder = ARTIFACTS / size
    folder.mkdir(parents=True, exist_ok=True)
    name = page.strip("/").replace("/", "--").removesuffix(".html") or "home"
    tab.screenshot(path=str(folder / f"{name}.png"))


@pytest.mark.parametrize("size", VIEWPORTS)
def test_no_page_scrolls_sideways_and_every_tap_target_is_44px(browser, real_site, real_url, size):
    width, _ = VIEWPORTS[size]
    pages = site_pages(real_site)
    assert len(pages) > 30 and BRIEF in pages and "progress/" in pages
    problems = []
    with phone(browser, size) as tab:
        for page in pages:
            open_page(tab, real_url + page)
            shot(tab, size, page)
            found = tab.evaluate(MEASURE, [MIN_TARGET, QUIZ_OWNED, False])
            if found["scrollWidth"] > width:
                problems.append(f"/{page}: {found['scrollWidth']} px wide, scrolls sideways")
            for target in found["small"]:
                owner = " (quiz front end: quiz.css)" if target["quiz"] else ""
                problems.append(f"/{page}: {target['what']} is {target['width']}×{target['height']} px{owner}")
    assert problems == [], f"{len(problems)} problems at {size}:\n" + "\n".join(problems)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_navigation_drawer_and_search_have_44px_targets(browser, real_url, size):
    drawer = {"small": []}
    with phone(browser, size) as tab:
        # On the home page the drawer shows the top level; on a playbook, that playbook's section.
        for page in ("", BRIEF):
            open_page(tab, real_url + page)
            tab.locator("label.md-header__button[for=__drawer]").click()
            tab.wait_for_timeout(400)  # the drawer slides in
            shot(tab, size, f"drawer-{page.strip('/').replace('/', '--') or 'home'}")
            drawer["small"] += tab.evaluate(MEASURE, [MIN_TARGET, QUIZ_OWNED, True])["small"]
        open_page(tab, real_url + BRIEF)
        tab.locator("label.md-header__button[for=__search]").click()
        box = tab.locator("input.md-search__input")
        box.fill("上架费")
        box.press("End")  # Material reads the query on keyup
        tab.locator(".md-search-result__item").first.wait_for()
        tab.wait_for_timeout(600)  # the search overlay grows for .25 s; measure the settled screen
        shot(tab, size, "search-open")
        search = tab.evaluate(MEASURE, [MIN_TARGET, QUIZ_OWNED, True])
        assert search["scrollWidth"] <= VIEWPORTS[size][0], "search results scroll sideways"
    problems = [f"drawer: {t['what']} {t['width']}×{t['height']} px" for t in drawer["small"]]
    problems += [f"search: {t['what']} {t['width']}×{t['height']} px" for t in search["small"]]
    assert problems == [], "\n".join(problems)


def brief_sections() -> list[str]:
    brief = yaml.safe_load((ROOT / "playbooks" / "pre-negotiation-brief.yml").read_text(encoding="utf-8"))
    return [entry["id"] for entry in brief["entries"]]


@pytest.mark.parametrize("size", VIEWPORTS)
def test_each_brief_section_fits_one_screen(browser, real_url, size):
    """Tapping a section opens it whole: its heading, summary and every line on one screen.

    On the smaller screen that is what a rep reads at the door; from 390×844 the suggested
    phrasing fits too. Sources and further links follow below.
    """
    _, height = VIEWPORTS[size]
    last = ".hb-checklist > li:last-child" if size == "360x640" else ".hb-field--phrasing"
    report = []
    with phone(browser, size) as tab:
        for section in brief_sections():
            open_page(tab, real_url + BRIEF + "#" + section)
            tab.wait_for_timeout(100)
            top, bottom, header = tab.evaluate(
                """([id, last]) => {
                    const heading = document.getElementById(id);
                    return [heading.getBoundingClientRect().top,
                            heading.closest("article").querySelector(last).getBoundingClientRect().bottom,
                            document.querySelector(".md-header").getBoundingClientRect().bottom];
                }""",
                [section, last],
            )
            shot(tab, size, f"brief--{section}")
            report.append((section, round(top), round(bottom)))
            assert top >= header, f"{section}: heading hidden under the header ({top:.0f} < {header:.0f})"
            assert bottom <= height, f"{section}: ends at {bottom:.0f} px, below the {height} px screen"
    print(f"\n{size}: section heading top → bottom of {last}: {report}")


def test_every_link_on_the_home_page_leads_to_a_page_and_section_that_exist(real_site):
    html = (real_site / "index.html").read_text(encoding="utf-8")
    content = html[html.index('<article class="md-content__inner'):html.index("</article>")]
    links = [href for href in re.findall(r'<a [^>]*href="([^"]+)"', content) if not href.startswith(("http", "#"))]
    assert len(links) >= 12
    for href in links:
        parts = urlsplit(urljoin("http://site/", href))
        target = real_site / parts.path.lstrip("/")
        target = target / "index.html" if parts.path.endswith("/") else target
        assert target.is_file(), f"home links to {href}, which is not a page"
        if parts.fragment:
            assert f'id="{parts.fragment}"' in target.read_text(encoding="utf-8"), f"home links to {href}: no such section"


def test_each_brief_line_links_by_an_arrow_named_after_the_entry_it_leads_to(real_site):
    html = (real_site / BRIEF / "index.html").read_text(encoding="utf-8")
    arrows = re.findall(
        r'<a class="hb-why" title="([^"]+)" href="([^"]+)"><span class="hb-why-arrow" aria-hidden="true">→</span>'
        r'<span class="hb-why-target">([^<]+)</span></a>',
        html,
    )
    assert len(arrows) == sum(len(e["items"]) for e in yaml.safe_load(
        (ROOT / "playbooks" / "pre-negotiation-brief.yml").read_text(encoding="utf-8"))["entries"])
    for title, href, name in arrows:
        assert title == name, f"{href}: the arrow is named {name!r} but titled {title!r}"
        parts = urlsplit(urljoin("http://site/" + BRIEF, href))
        target = real_site / parts.path.strip("/") / "index.html"
        assert f'>{name}<a class="headerlink" href="#{parts.fragment}"' in target.read_text(encoding="utf-8")
