"""Copy check: no run of 25 or more characters shared between a playbook entry and a source.

Whitespace and punctuation are removed first, so re-spacing a copied sentence does not hide it.
Run directly to list offenders: `python tests/copycheck.py` (from the repository root).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

RUN = 25
ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
NOT_TEXT_FIELDS = {"id", "see", "sources", "renamed_from", "kind", "severity", "order", "covers"}


def normalise(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def source_runs(folder: Path = SOURCES) -> dict[str, str]:
    """Every RUN-character window of every source, mapped to the source's name."""
    runs = {}
    for path in sorted(folder.glob("*.txt")):
        text = normalise(path.read_text(encoding="utf-8"))
        for i in range(len(text) - RUN + 1):
            runs.setdefault(text[i : i + RUN], path.name)
    return runs


def texts_of(value, key: str = "") -> list[str]:
    if key in NOT_TEXT_FIELDS:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in texts_of(v, k)]
    if isinstance(value, list):
        return [t for v in value for t in texts_of(v, key)]
    return []


def copied_runs(text: str, runs: dict[str, str]) -> list[tuple[str, str]]:
    flat = normalise(text)
    found = []
    i = 0
    while i <= len(flat) - RUN:
        window = flat[i : i + RUN]
        if window in runs:
            found.append((window, runs[window]))
            i += RUN
        else:
            i += 1
    return found


def offenders(playbook_dicts: dict[str, dict], runs: dict[str, str]) -> list[str]:
    """Lines 'file: entry id: copied run (source)' for every copied run."""
    lines = []
    for path, data in sorted(playbook_dicts.items()):
        for entry in data.get("entries", []):
            for text in texts_of(entry):
                for window, source in copied_runs(text, runs):
                    lines.append(f"{path}: {entry.get('id')}: 与 {source} 相同：{window}")
        for key in ("title", "summary", "intro"):
            for window, source in copied_runs(str(data.get(key) or ""), runs):
                lines.append(f"{path}: {key}: 与 {source} 相同：{window}")
    return lines


def load_playbook_dicts(folder: Path = ROOT / "playbooks") -> dict[str, dict]:
    import yaml

    return {
        p.relative_to(ROOT).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8-sig")) or {}
        for p in sorted(folder.glob("*.y*ml"))
    }


if __name__ == "__main__":
    problems = offenders(load_playbook_dicts(), source_runs())
    print("\n".join(problems) or "没有与来源相同的 25 字以上片段。")
    sys.exit(1 if problems else 0)
