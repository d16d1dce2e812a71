"""What happens around Material's search indexing of each page.

Material's search plugin parses every page's HTML, then drops the blocks marked
`data-search-exclude`. A quiz page is mostly such a block (questions, options, feedback, the
key), so each quiz block is swapped for a short placeholder while Material reads the page and put
back right after: same index, a third of the parsing (BENCHMARKS.md).

Under `mkdocs serve`, every edit rebuilds the whole site, and indexing (HTML parsing, then jieba)
is half of a rebuild. A page whose indexed inputs did not change since the last rebuild is
therefore left out of indexing, and its entries from the last index are put back when the index
is rewritten. The index comes out as a full build would write it (tests/test_serve_rebuild.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# Our excluded containers are custom elements (hb-quiz, hb-progress, hb-certificate), which never
# nest and which no escaped or sanitised text from YAML can open or close.
EXCLUDED_BLOCK = re.compile(r"<(hb-[a-z]+)\b[^>]*\bdata-search-exclude\b[^>]*>.*?</\1>", re.S)
_PLACEHOLDER = "<!--hb-search-held-{}-->"
_NOT_SET = object()


@dataclass
class _Held:
    blocks: list[str]
    search_meta: object


class SearchIndexing:
    """Used by the hooks just before (`hold`) and just after (`release`) Material indexes a page."""

    def __init__(self, reuse: bool):
        self.reuse = reuse  # True under `mkdocs serve`
        self._generation = ""
        self._keys: dict[str, str] = {}  # page url -> inputs key, last index
        self._docs: dict[str, list[dict]] = {}  # page url -> its entries, last index
        self.start_build(self._generation)

    def start_build(self, generation: str) -> None:
        """`generation` names what every page's entries depend on (search settings, jieba's words)."""
        if generation != self._generation:
            self._generation, self._keys, self._docs = generation, {}, {}
        self._build_keys, self._reused, self._order, self._held = {}, set(), [], {}

    def hold(self, page) -> None:
        blocks: list[str] = []

        def park(match: re.Match) -> str:
            blocks.append(match.group(0))
            return _PLACEHOLDER.format(len(blocks) - 1)

        page.content = EXCLUDED_BLOCK.sub(park, page.content or "")
        self._held[page.url] = _Held(blocks, page.meta.get("search", _NOT_SET))
        self._order.append(page.url)
        if self.reuse:
            key = page_key(page)
            self._build_keys[page.url] = key
            if self._keys.get(page.url) == key and page.url in self._docs:
                self._reused.add(page.url)
                page.meta["search"] = {"exclude": True}

    def release(self, page) -> None:
        held = self._held.pop(page.url, None)
        if held is None:
            return
        for number, block in enumerate(held.blocks):
            page.content = page.content.replace(_PLACEHOLDER.format(number), block, 1)
        if held.search_meta is _NOT_SET:
            page.meta.pop("search", None)
        else:
            page.meta["search"] = held.search_meta

    def merge(self, docs: list[dict]) -> list[dict]:
        """The index's entries with the reused pages' entries put back, in page order."""
        if not self.reuse:
            return docs
        fresh = group_by_page(docs)
        merged: list[dict] = []
        for url in self._order:
            merged += self._docs.get(url, []) if url in self._reused else fresh.pop(url, [])
        for rest in fresh.values():
            merged += rest
        self._docs = {url: [dict(doc) for doc in group] for url, group in group_by_page(merged).items()}
        self._docs.update({url: [] for url in self._order if url not in self._docs})
        self._keys = self._build_keys
        return merged


def group_by_page(docs: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for doc in docs:
        groups.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
    return groups


def page_key(page) -> str:
    """Everything Material's indexer reads from a page."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (page.url, str(page.title), repr(sorted(page.meta.items())), _toc_text(page.toc), page.content):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _toc_text(items) -> str:
    return "".join(f"{item.level}|{item.id}|{item.url}|{item.title}|{_toc_text(item.children)}\n" for item in items)
