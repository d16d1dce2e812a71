"""Table-driven: every folder under cases/errors is a broken project and the exact report it must give.

Adding a case means adding a folder with playbooks/ (and quizzes/) and expected.txt.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from conftest import build, make_project
from handbook import cli

CASES = Path(__file__).parent / "cases"
ERROR_CASES = sorted(p.name for p in (CASES / "errors").iterdir() if p.is_dir())
VALID_CASES = sorted(p.name for p in (CASES / "valid").iterdir() if p.is_dir())


def project_for(tmp_path: Path, case: Path) -> Path:
    project = make_project(tmp_path)
    for folder in ("playbooks", "quizzes"):
        if (case / folder).is_dir():
            shutil.copytree(case / folder, project / folder, dirs_exist_ok=True)
    return project


def run_check(project: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["-f", str(project / "mkdocs.yml"), "check"])
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("case", ERROR_CASES)
def test_check_reports_exactly(tmp_path, case):
    project = project_for(tmp_path, CASES / "errors" / case)
    code, out, err = run_check(project)
    assert code == 1
    assert err == (CASES / "errors" / case / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ERROR_CASES)
def test_build_reports_the_same_and_writes_no_site(tmp_path, case):
    project = project_for(tmp_path, CASES / "errors" / case)
    run = build(project)
    expected = (CASES / "errors" / case / "expected.txt").read_text(encoding="utf-8")
    assert run.returncode == 1
    assert expected in run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert not run.site.exists()


@pytest.mark.parametrize("case", VALID_CASES)
def test_valid_case_builds_and_keeps_the_words(tmp_path, case):
    project = project_for(tmp_path, CASES / "valid" / case)
    run = build(project)
    assert run.returncode == 0, run.stderr
    pages = [p for folder in ("playbooks", "quizzes") if (run.site / folder).is_dir() for p in (run.site / folder).rglob("index.html")]
    html = "".join(p.read_text(encoding="utf-8") for p in pages)
    for line in (CASES / "valid" / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert line in html
