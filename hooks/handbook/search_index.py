"""Post-build work on Material's search: a smaller index, the field words, and our query worker.

Material writes search_index.json with every Chinese character as a \\uXXXX escape (about
11 bytes a character once the zero-width word breaks are counted); rewriting it as UTF-8 keeps
the same data at a fraction of the size on a rep's phone. The rewrite also hands the browser
what the query side needs: the trainers' words and synonyms, and a traditional-to-simplified
table for the characters the handbook uses.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .search_words import SearchWords

WORKER_ASSET = "assets/handbook/search-worker.js"
# In the page's __config JSON: "search": "<relative prefix>assets/javascripts/workers/search.<hash>.min.js"
_MATERIAL_WORKER = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


@dataclass(frozen=True)
class IndexSizes:
    before: int
    after: int


def use_handbook_worker(html: str) -> str:
    """Point Material's search UI at our worker; everything else about search stays Material's."""
    return _MATERIAL_WORKER.sub(lambda m: f'{m.group(1)}{m.group(2)}{WORKER_ASSET}"', html, count=1)


def traditional_table(text: str) -> dict[str, str]:
    """Traditional form -> simplified, for each simplified character the handbook uses."""
    table = {}
    for char in sorted({c for c in text if "\u4e00" <= c <= "\u9fff"}):
        traditional = _traditional_form(char)
        if traditional != char and len(traditional) == 1:
            table[traditional] = char
    return table


@functools.lru_cache(maxsize=None)
def _traditional_form(char: str) -> str:
    # Cached across the rebuilds of one `mkdocs serve`: OpenCC is pure Python and the handbook's
    # few thousand characters barely change between edits.
    return _s2t().convert(char)


@functools.lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


def rewrite_search_index(site_dir: Path, words: SearchWords, tags: dict[str, list[str]],
                         merge_docs: Callable[[list[dict]], list[dict]] = list) -> IndexSizes | None:
    """Rewrite the index as UTF-8, with each entry's tags and what the query side needs."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return None
    raw = path.read_bytes()
    data = json.loads(raw)
    data["docs"] = merge_docs(data.get("docs", []))
    for doc in data.get("docs", []):
        if doc["location"] in tags:
            doc["tags"] = tags[doc["location"]]
    text = "".join(doc.get("title", "") + doc.get("text", "") for doc in data.get("docs", []))
    data["config"]["handbook"] = {
        "words": words.words,
        "synonyms": words.synonyms,
        "ignore": words.ignored,
        "t2s": traditional_table(text + "".join(words.words)),
    }
    out = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(out)
    return IndexSizes(len(raw), len(out))
