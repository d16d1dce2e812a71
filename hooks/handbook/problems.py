"""Problems found in trainers' YAML, and the one report that lists them all."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import groupby

# A broken or hostile file can have thousands of problems; past this many a trainer learns nothing new.
MAX_SHOWN_PER_FILE = 50


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a line and column (both 1-based)."""

    path: str
    line: int
    col: int
    where: str
    what: str
    fix: str

    def __str__(self) -> str:
        where = self.where or "(文件)"
        return f"{self.path}:{self.line}:{self.col}: {where}: {self.what} — {self.fix}"


class HandbookError(Exception):
    """Raised once, with every problem, when the content cannot be built."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    problems = sorted(set(problems))
    lines = []
    for path, group in groupby(problems, key=lambda p: p.path):
        group = list(group)
        lines += [str(p) for p in group[:MAX_SHOWN_PER_FILE]]
        if len(group) > MAX_SHOWN_PER_FILE:
            lines.append(f"{path}: 还有 {len(group) - MAX_SHOWN_PER_FILE} 处问题没有列出（每个文件最多列出 {MAX_SHOWN_PER_FILE} 处）")
    files = len({p.path for p in problems})
    lines.append(f"手册内容有 {len(problems)} 处问题（{files} 个文件），未生成网站。改好后重新运行即可。")
    return "\n".join(lines)


def format_path(loc: tuple) -> str:
    """('entries', 2, 'title') -> 'entries[2].title'"""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + _visible(str(part))
    return out


def _visible(text: str) -> str:
    """A field name with anything a trainer cannot see spelled out as \\uXXXX."""
    return "".join(f"\\u{ord(c):04x}" if is_hidden_or_fullwidth(c) else c for c in text)


_CHAR_NAMES = {
    "\u200b": "零宽空格",
    "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符",
    "\u2060": "零宽连字符",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u00a0": "不换行空格",
    "\u3000": "全角空格",
    "\u2028": "行分隔符",
    "\u2029": "段分隔符",
    "\u0085": "换行控制符（NEL）",
    "\u00ad": "软连字符",
    "\x00": "空字符（NUL）",
    "\t": "制表符（Tab）",
    "\u200e": "文字方向标记",
    "\u200f": "文字方向标记",
}


def char_name(char: str) -> str:
    """What a trainer can search for: '零宽空格 U+200B', '全角冒号“：” U+FF1A'."""
    code = f"U+{ord(char):04X}"
    if char in _CHAR_NAMES:
        return f"{_CHAR_NAMES[char]} {code}"
    category = unicodedata.category(char)
    if category == "Cc":
        return f"控制字符 {code}"
    if category == "Cs":
        return f"无效的 Unicode 代理字符 {code}"
    if category in ("Cf", "Cn", "Co"):
        return f"不可见的格式字符 {code}"
    if category in ("Zs", "Zl", "Zp"):
        return f"特殊空白 {code}"
    if "\uff01" <= char <= "\uff5e":
        name = unicodedata.name(char, "").lower().replace("fullwidth ", "")
        return f"全角字符“{char}”（{name}）{code}"
    if char.isupper():
        return f"大写字母 {char}"
    return f"“{char}” {code}"


def is_hidden_or_fullwidth(char: str) -> bool:
    """A character a trainer cannot see, or cannot tell from its ASCII twin, in an id or a field name."""
    if char == " ":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Cn", "Co", "Zs", "Zl", "Zp") or "\uff01" <= char <= "\uff5e"


def describe_hidden_characters(text: str) -> str | None:
    """'零宽空格 U+200B（第 5 个字符）' for each character in `text` a trainer cannot see or tell apart; else None."""
    found = []
    for index, char in enumerate(text, start=1):
        if is_hidden_or_fullwidth(char):
            found.append(f"{char_name(char)}（第 {index} 个字符）")
        if len(found) == 3:
            break
    return "、".join(found) if found else None
