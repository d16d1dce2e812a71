"""Build the fixture playbooks into a real site and check the HTML a rep would get."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import FIXTURES, build, make_project


def anchors(html: str) -> set[str]:
    return set(re.findall(r'<h2 id="([^"]+)"', html))


def test_one_page_per_playbook_with_an_anchor_per_entry(fixture_site):
    html = fixture_site.html("playbooks/fx-steps/index.html")
    assert anchors(html) == {"fx-step-stock", "fx-step-shelf"}
    assert "第 1 步</span>检查售点库存" in html
    assert "第 2 步</span>整理货架" in html


def test_navigation_has_a_section_per_kind_in_order(fixture_site):
    html = fixture_site.html("index.html")
    labels = re.findall(r'<span class="md-ellipsis">\s*(关系阶段|禁忌与红线|异议与谈判|流程与步骤|基础知识|速查清单)\s*</span>', html)
    assert labels[:6] == ["关系阶段", "禁忌与红线", "异议与谈判", "流程与步骤", "基础知识", "速查清单"]


def test_overview_lists_every_playbook(fixture_site):
    html = fixture_site.html("playbooks/index.html")
    for title in ["关系的层次", "禁忌", "异议", "拜访步骤", "基础", "谈判前速查"]:
        assert f">{title}</a>" in html


@pytest.mark.parametrize(
    "page, href, text",
    [
        ("fx-stages", "#fx-level-friend", "成为朋友"),  # same page
        ("fx-stages", "../fx-taboos/#fx-no-cash", "不给采购塞红包"),  # another page's entry
        ("fx-stages", "../fx-steps/", "拜访步骤"),  # a whole playbook
        ("fx-brief", "../fx-objections/#fx-too-expensive", "采购说“你们的价格太高”"),  # checklist line
    ],
)
def test_cross_references_become_links(fixture_site, page, href, text):
    html = fixture_site.html(f"playbooks/{page}/index.html")
    assert f'href="{href}">' in html
    assert text in html


def test_edit_link_opens_the_yaml_file(fixture_site):
    html = fixture_site.html("playbooks/fx-taboos/index.html")
    assert 'href="https://git.example.com/sales/kehu-handbook/edit/main/playbooks/taboos.yml"' in html


def test_source_is_cited_by_title(fixture_site):
    html = fixture_site.html("playbooks/fx-taboos/index.html")
    assert '<cite title="000_5f53272e8e67407a.txt">《客情处理问答：商超客情五问与分段支持》</cite>' in html


def test_markdown_fields_render(fixture_site):
    html = fixture_site.html("playbooks/fx-guide/index.html")
    assert "<p>这是 <strong>介绍</strong>。</p>" in html
    assert "<li>第一点</li>" in html


def test_table_of_contents_lists_entries(fixture_site):
    html = fixture_site.html("playbooks/fx-steps/index.html")
    toc = html[html.index('data-md-component="toc"') :]
    assert 'href="#fx-step-stock"' in toc and 'href="#fx-step-shelf"' in toc


def test_nothing_generated_is_written_into_docs(fixture_site):
    docs = fixture_site.site.parent / "docs"
    assert sorted(p.name for p in docs.rglob("*")) == ["index.md"]


def test_search_index_has_an_entry_per_anchor_and_is_segmented(fixture_site):
    index = json.loads((fixture_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "playbooks/fx-steps/#fx-step-stock" in locations
    entry = next(d for d in index["docs"] if d["location"] == "playbooks/fx-taboos/#fx-no-cash")
    # jieba splits Chinese into words with zero-width spaces; without jieba this would be one token.
    assert "商业\u200b贿赂" in entry["text"]
    assert index["config"]["lang"] == ["zh"]


class _ExternalRefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            loads = tag in ("script", "img", "iframe", "source", "audio", "video") or (
                tag == "link" and attrs.get("rel") not in ("canonical",)
            )
            if loads and re.match(r"(https?:)?//", value):
                self.found.append((tag, value))


def test_no_page_loads_anything_from_an_external_host(fixture_site):
    for page in fixture_site.site.rglob("*.html"):
        parser = _ExternalRefs()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page
    for css in fixture_site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
        assert not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), css


def test_script_in_yaml_text_never_reaches_the_page(tmp_path):
    hostile = (FIXTURES / "handbook" / "playbooks" / "guide.yml").read_text(encoding="utf-8")
    hostile = hostile.replace("title: 弄清客情是什么", "title: \"<script>alert(1)</script>弄清\"")
    hostile = hostile.replace(
        "客情不只是请客吃饭。",
        "客情<img src=x onerror=alert(2)> [点我](javascript:alert(3)) <iframe src=//evil></iframe>",
    )
    project = make_project(tmp_path, {"guide.yml": hostile})
    run = build(project)
    assert run.returncode == 0, run.stderr
    html = run.html("playbooks/fx-guide/index.html")
    body = html[html.index('<h1 class="hb-title">') : html.index("</article>", html.index('class="hb-entry'))]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;弄清" in body
    for bad in ["<script>alert", "onerror", "javascript:", "<iframe"]:
        assert bad not in body
    assert "<title>基础" in html  # page title still plain


def test_the_real_repository_builds_in_strict_mode(tmp_path):
    from conftest import ROOT, Run, environment
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "playbooks" / "index.html").exists()


def test_quiz_page_source_does_not_give_the_answers_away(fixture_site):
    html = fixture_site.html("quizzes/fx-visit-quiz/index.html")
    quiz = html[html.index("<hb-quiz") : html.index("</hb-quiz>")]
    # Ordering items are not listed in their right order, and values are opaque, not positions.
    question = quiz[quiz.index('data-uid="fx-visit-quiz--visit-order"') :]
    values = re.findall(r'class="hb-order-item" data-value="([^"]+)"', question)
    assert values and not any(re.fullmatch(r"[ilr]\d+", v) for v in values)
    texts = re.findall(r'<span class="hb-order-text">([^<]+)</span>', question)
    assert sorted(texts) == sorted(["检查售点库存", "整理货架", "和老板谈订单"])
    assert texts != ["检查售点库存", "整理货架", "和老板谈订单"]
    # Feedback and explanations stay in <template>s inside the search-excluded block.
    assert "对，先弄清比较对象。" not in re.sub(r"<template.*?</template>", "", quiz, flags=re.S)
