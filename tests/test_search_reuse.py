"""What Material's search plugin is shown of a page, and how serve rebuilds reuse its entries."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from handbook.search_reuse import SearchIndexing

QUIZ = '<hb-quiz class="hb-quiz" data-search-exclude data-key="x"><ol><li>问题</li></ol></hb-quiz>'

# (page content, what the search plugin sees)
HELD = [
    ("<h1>标题</h1><p>正文</p>", "<h1>标题</h1><p>正文</p>"),
    (f"<h1>测验</h1>{QUIZ}<p>后记</p>", "<h1>测验</h1><!--hb-search-held-0--><p>后记</p>"),
    (f"{QUIZ}<p>中间</p>{QUIZ}", "<!--hb-search-held-0--><p>中间</p><!--hb-search-held-1-->"),
    # only our custom elements are held back; Material's own exclusion of other tags stays Material's
    ('<div data-search-exclude><p>甲</p></div>', '<div data-search-exclude><p>甲</p></div>'),
    ('<hb-progress class="hb-progress" data-manifest="[]"></hb-progress>', '<hb-progress class="hb-progress" data-manifest="[]"></hb-progress>'),
]


def page(url: str, content: str, **meta) -> SimpleNamespace:
    return SimpleNamespace(url=url, title="页", content=content, meta=dict(meta), toc=[])


@pytest.mark.parametrize(("content", "seen"), HELD)
def test_search_sees_the_page_without_quiz_blocks_and_the_page_gets_them_back(content, seen):
    indexing, p = SearchIndexing(reuse=False), page("q/", content)
    indexing.start_build("g")
    indexing.hold(p)
    assert p.content == seen
    indexing.release(p)
    assert p.content == content
    assert p.meta == {}


def test_an_unchanged_page_keeps_its_entries_and_a_changed_one_is_indexed_again():
    indexing = SearchIndexing(reuse=True)
    first = [{"location": "a/", "title": "甲"}, {"location": "a/#x", "title": "甲x"}, {"location": "b/", "title": "乙"}]

    def build(pages, docs, generation="g"):
        indexing.start_build(generation)
        shown = []
        for p in pages:
            indexing.hold(p)
            shown.append((p.url, dict(p.meta)))
            indexing.release(p)
        return shown, indexing.merge(docs)

    shown, merged = build([page("a/", "<p>甲</p>"), page("b/", "<p>乙</p>", search={"boost": 2})], first)
    assert merged == first and all(meta.get("search", {}).get("exclude") is not True for _, meta in shown)

    # b/ changed: a/ is left out of indexing and its two entries come back first, in page order
    b_docs = [{"location": "b/", "title": "乙二"}]
    shown, merged = build([page("a/", "<p>甲</p>"), page("b/", "<p>乙二</p>", search={"boost": 2})], b_docs)
    assert shown == [("a/", {"search": {"exclude": True}}), ("b/", {"search": {"boost": 2}})]
    assert merged == first[:2] + b_docs

    # new search settings or words: every page is indexed again
    shown, merged = build([page("a/", "<p>甲</p>"), page("b/", "<p>乙二</p>")], first[:2] + b_docs, generation="h")
    assert [meta for _, meta in shown] == [{}, {}]
