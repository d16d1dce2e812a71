"""Print: the real handbook through Chromium's print-to-PDF, the way a trainer prints it.

Any playbook prints without the site around it and with page breaks between entries, never
inside one; a web address in the text is printed after its link. The pre-negotiation brief
prints as a card: the whole brief on one A4 page, and on A6 a pocket card with the two sections
a rep needs at the table (谈判桌上 and 红线) — all six do not fit A6 at a size anyone can read.

Chromium's PDFs map some CJK glyphs to radical code points (长 comes out as ⻓), so the checks
read ASCII markers the test places in the page, or text passed through `readable`.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import FIXTURES, ROOT, build, make_project

pytestmark = pytest.mark.browser

BRIEF = "playbooks/pre-negotiation-brief/"
POCKET_SECTIONS = {"brief-at-the-table", "brief-red-lines"}
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "print"
MIN_POCKET_PT = 8  # smallest type on the A6 card
# A4 less the margins handbook.css sets for print (14 mm top and bottom, 13 mm at the sides), in CSS px.
A4_CONTENT_PX = {"width": round(184 / 25.4 * 96), "height": round(269 / 25.4 * 96)}

# Zero-size, absolutely placed ASCII markers at the top and bottom of every entry and on every
# checklist line: they change no layout, and a PDF's text says on which page each one landed.
MARK = r"""
() => {
  const mark = (parent, text, edge) => {
    const span = document.createElement("span");
    span.className = "hb-test-mark";
    span.textContent = ` ${text} `;
    span.style.cssText = `position:absolute;left:0;${edge}:0;font:4px/1 monospace;white-space:nowrap;color:#000`;
    parent.style.position = "relative";
    parent.append(span);
  };
  for (const entry of document.querySelectorAll(".hb-entry")) {
    const id = entry.querySelector("h2").id;
    mark(entry, `START:${id}`, "top");
    mark(entry, `END:${id}`, "bottom");
    entry.querySelectorAll(".hb-checklist > li").forEach((li, n) => mark(li, `LINE:${id}:${n}`, "top"));
  }
}
"""


def pdf(page, url: str, paper: str, name: str, marked: bool = False) -> PdfReader:
    page.goto(url)
    page.evaluate("document.fonts.ready")
    if marked:
        page.evaluate(MARK)
    data = page.pdf(format=paper)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}-{paper}.pdf").write_bytes(data)
    return PdfReader(io.BytesIO(data))


def texts(reader: PdfReader) -> list[str]:
    return [p.extract_text() for p in reader.pages]  # slow on CJK: about .2 s a page


def marks(pages: list[str]) -> list[set[str]]:
    """The markers on each page, e.g. {"START:taboo-x", "END:taboo-x", "LINE:brief-y:0"}."""
    return [set(re.findall(r"(?:START|END|LINE):[a-z0-9-]+(?::\d+)?", text)) for text in pages]


def readable(text: str) -> str:
    """PDF text compared with page text: compatibility forms folded, spaces gone."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def brief_entries() -> list[dict]:
    return yaml.safe_load((ROOT / "playbooks" / "pre-negotiation-brief.yml").read_text(encoding="utf-8"))["entries"]


def expected_lines(entries) -> set[str]:
    return {f"LINE:{e['id']}:{n}" for e in entries for n in range(len(e["items"]))}


def type_sizes(reader: PdfReader) -> list[float]:
    """The size in points at which each run of text is drawn (font size scaled by the text and page matrices)."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]))

    for p in reader.pages:
        p.extract_text(visitor_text=visit)
    return sizes


def longer_than_a_page(page, url: str) -> set[str]:
    """Entries taller than one A4 page when printed: they cannot help being split."""
    page.set_viewport_size(A4_CONTENT_PX)
    page.emulate_media(media="print")
    page.goto(url)
    page.evaluate("document.fonts.ready")
    tall = page.evaluate(
        "max => [...document.querySelectorAll('.hb-entry')].filter(e => e.getBoundingClientRect().height > max)"
        ".map(e => e.querySelector('h2').id)",
        A4_CONTENT_PX["height"],
    )
    page.emulate_media(media=None)
    return set(tall)


def playbook_pages() -> list[str]:
    """Every playbook except checklists, which print as a card."""
    pages = []
    for path in sorted((ROOT / "playbooks").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["kind"] != "checklist":
            pages.append(data["id"])
    return pages


def test_the_brief_prints_whole_on_one_a4_page(page, real_url):
    reader = pdf(page, real_url + BRIEF, "A4", "brief", marked=True)
    assert len(reader.pages) == 1
    entries = brief_entries()
    page_text = texts(reader)[0]
    assert expected_lines(entries) <= marks([page_text])[0], "every line of every section is on the page"
    assert "谈判前速查" in readable(page_text)


def test_the_pocket_card_is_one_readable_a6_page_with_the_table_and_the_red_lines(page, real_url):
    reader = pdf(page, real_url + BRIEF, "A6", "pocket-card", marked=True)
    assert len(reader.pages) == 1
    entries = brief_entries()
    pocket = [e for e in entries if e["id"] in POCKET_SECTIONS]
    assert len(pocket) == 2, "the pocket card's sections were renamed: update handbook.css and this test"
    assert marks(texts(reader))[0] & expected_lines(entries) == expected_lines(pocket)
    sizes = [s for s in type_sizes(pdf(page, real_url + BRIEF, "A6", "pocket-card")) if s > 1]
    assert min(sizes) >= MIN_POCKET_PT - 0.05, f"smallest type on the card is {min(sizes):.1f} pt"


@pytest.mark.parametrize("playbook", playbook_pages())
def test_a_playbook_prints_without_the_site_and_breaks_only_between_entries(page, real_url, playbook):
    url = real_url + f"playbooks/{playbook}/"
    too_long = longer_than_a_page(page, url)
    reader = pdf(page, url, "A4", playbook, marked=True)
    pages = texts(reader)
    on_page = marks(pages)
    starts = {m.split(":", 1)[1]: n for n, found in enumerate(on_page) for m in found if m.startswith("START:")}
    ends = {m.split(":", 1)[1]: n for n, found in enumerate(on_page) for m in found if m.startswith("END:")}
    assert starts and starts.keys() == ends.keys()
    split = {entry: (starts[entry] + 1, ends[entry] + 1) for entry in starts if starts[entry] != ends[entry]}
    assert split.keys() == too_long, f"entries split across pages (first page, last page): {split}; longer than a page: {too_long}"
    print(f"{playbook}: {len(reader.pages)} pages, {len(starts)} entries, {len(too_long)} longer than a page")
    assert not any(re.search(r"https?://", text) for text in pages), "links between pages print as titles, not addresses"
    first = readable(pages[0])
    for chrome in ("跳转至", "搜索", "怎样使用", "在仓库中编辑", "MaterialforMkDocs", "本页条目"):
        assert chrome not in first, f"the printed page shows the site's {chrome}"


def test_a_web_address_in_the_text_is_printed_after_its_link(tmp_path, page):
    from browser import serve_folder

    guide = (FIXTURES / "handbook" / "playbooks" / "guide.yml").read_text(encoding="utf-8")
    guide = guide.replace("客情不只是请客吃饭。", "客情不只是请客吃饭，见[公司合规制度](https://example.com/policy)。")
    project = make_project(tmp_path, {"guide.yml": guide})
    run = build(project)
    assert run.returncode == 0, run.stderr
    with serve_folder(run.site) as url:
        text = pdf(page, url + "playbooks/fx-guide/", "A4", "web-address").pages[0].extract_text()
    assert "https://example.com/policy" in text.replace("\n", "")
    assert "127.0.0.1" not in text, "only web addresses are spelled out, not links within the handbook"
