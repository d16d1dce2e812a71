"""Problems found in trainers' YAML, and the one report that lists them all."""

from __future__ import annotations

from dataclasses import dataclass


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
    lines = [str(p) for p in sorted(set(problems))]
    count = len(lines)
    files = len({p.path for p in problems})
    lines.append(f"手册内容有 {count} 处问题（{files} 个文件），未生成网站。改好后重新运行即可。")
    return "\n".join(lines)


def format_path(loc: tuple) -> str:
    """('entries', 2, 'title') -> 'entries[2].title'"""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
