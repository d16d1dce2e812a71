"""The README's example playbook must validate, and its sample error report must be the real one."""

from __future__ import annotations

import re

from conftest import ROOT, make_project
from test_errors import run_check

README = (ROOT / "README.md").read_text(encoding="utf-8")
OBJECTIONS_STUB = """id: objections
kind: guide
title: 异议
summary: 占位
entries:
  - id: obj-stub
    title: 占位
    summary: 占位
    sources: [003_8025645b70483508.txt]
"""


def block(language: str, after: str) -> str:
    section = README[README.index(after) :]
    return re.search(rf"```{language}\n(.*?)```", section, flags=re.S).group(1)


def test_readme_example_is_a_valid_playbook(tmp_path):
    example = block("yaml", "## Adding an entry")
    project = make_project(tmp_path, {"taboos.yml": example, "objections.yml": OBJECTIONS_STUB})
    code, out, err = run_check(project)
    assert (code, err) == (0, ""), err


def test_readme_error_report_is_what_the_engine_says(tmp_path):
    example = block("yaml", "## Adding an entry")
    broken = example.replace("    title: 不给", "    titel: 不给").replace("severity: red-line ", "severity: redline  ")
    project = make_project(tmp_path, {"taboos.yml": broken, "objections.yml": OBJECTIONS_STUB})
    code, out, err = run_check(project)
    assert code == 1
    assert err == block("text", "A mistake gives every problem")
