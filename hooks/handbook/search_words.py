"""The trainers' search dictionary: field words jieba must keep whole, and synonyms.

The file is plain text so a trainer can edit it without knowing YAML:

    # comment
    上架费            one word per line; jieba will never split it
    进店费 = 进场费    a synonym: a search for the left word also finds the right one
    - 怎么            a word queries ignore (question words say nothing about the topic)

The same words reach both sides of search: jieba at build time (index) and the browser's
query segmenter (through the index's config).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

WORD = re.compile(r"^[\w\u3400-\u9fff·]+$")


@dataclass
class SearchWords:
    words: list[str] = field(default_factory=list)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def load_search_words(path: Path, shown: str) -> tuple[SearchWords, list[Problem]]:
    result, problems = SearchWords(), []
    if not path.exists():
        return result, problems
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return result, [Problem(shown, 1, 1, "", "文件不是 UTF-8 编码", "请用 UTF-8 重新保存")]
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("- "):
            word = line[2:].strip()
            if WORD.match(word):
                result.ignored.append(word)
                continue
        parts = [p.strip() for p in line.split("=")]
        bad = next((p for p in parts if not WORD.match(p)), None)
        if len(parts) > 2 or bad is not None:
            col = raw.find(bad) + 1 if bad else 1
            problems.append(Problem(shown, number, max(col, 1), "", f"这一行不是一个词：{line!r}",
                                    "每行写一个词（中间不要有空格），或写成 `词 = 同义词`、`- 要忽略的词`"))
            continue
        for word in parts:
            if word not in result.words:
                result.words.append(word)
        if len(parts) == 2:
            left, right = parts
            result.synonyms.setdefault(left.lower(), []).append(right.lower())
            result.synonyms.setdefault(right.lower(), []).append(left.lower())
    return result, problems


def teach_jieba(words: SearchWords) -> None:
    """Make jieba keep every field word whole (Material's search plugin uses jieba's global tokenizer)."""
    import jieba

    for word in words.words:
        jieba.add_word(word, freq=max(jieba.get_FREQ(word) or 0, 20000))
