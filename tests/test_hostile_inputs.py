"""Hostile inputs too big to commit, and failures no committed file can cause.

Big inputs are generated here: each must give its exact message, quickly and in little memory.
The figures (seconds, peak memory of the checking process) are printed and written to
tests/artifacts/large-inputs.json; the bounds asserted on them are a generous safety net
against a hang or a blow-up, not a benchmark. The small cases live in tests/cases/.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build, environment, make_project
from handbook import yaml_loader
from handbook.problems import MAX_SHOWN_PER_FILE
from test_errors import run_check

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SECONDS_SAFETY_NET = 10
MEGABYTES_SAFETY_NET = 400
REPORT_END = "手册内容有 {count} 处问题（1 个文件），未生成网站。改好后重新运行即可。\n"

# Run the check CLI in a child process and report its own peak memory and time beside its exit code.
# VmHWM, not getrusage: ru_maxrss survives exec, so it would report pytest's own size.
MEASURE = """
import contextlib, io, json, re, sys, time
from handbook import cli
def peak_mb():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
err = io.StringIO()
before_mb = peak_mb()
start = time.perf_counter()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
    code = cli.main(["-f", sys.argv[1], "check"])
seconds = time.perf_counter() - start
print(json.dumps({"code": code, "stderr": err.getvalue(), "seconds": seconds, "before_mb": before_mb,
                  "peak_mb": peak_mb()}))
"""

ENTRY = """  - id: e{i}
    title: 第 {i} 条
    summary: 平时也要去
    severity: avoid
    what: 只有缺订单才上门
    why: 老板会觉得你只想卖货
    instead: [按拜访计划定期去]
    sources: [000_5f53272e8e67407a.txt]
"""
HEAD = "id: big\nkind: taboos\ntitle: 大文件\nsummary: 生成的\nentries:\n"


def twenty_megabytes() -> bytes:
    body = "".join(ENTRY.format(i=i) for i in range(2000)).encode("utf-8")
    out = HEAD.encode("utf-8") + body * (20 * 1024 * 1024 // len(body) + 1)
    return out[: 20 * 1024 * 1024]


def alias_bomb() -> bytes:
    """Billion laughs, stretched to just under the size limit: about 300,000 aliases."""
    lines = ["id: bomb", "kind: guide", "title: 炸弹", "summary: 别名", "a0: &a0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    wide = "entries: [" + ", ".join(["*a9"] * 300_000) + "]"
    return "\n".join(lines + [wide, ""]).encode("utf-8")


def deep_brackets() -> bytes:
    return b"id: deep\nkind: guide\ntags: " + b"[" * 1_900_000 + b"\n"


def many_values() -> bytes:
    return ("id: many\nkind: guide\ntags:\n" + "  - 词\n" * 60_000).encode("utf-8")


CASES = {
    # name: (file content, the exact report)
    "20-megabytes": (twenty_megabytes, "playbooks/big.yml:1:1: (文件): 文件有 20.0 MB，超过单个文件 2 MB 的上限 — 把内容拆成几个较小的手册文件\n"),
    "alias-bomb": (alias_bomb, "playbooks/big.yml:5:5: (文件): 用了 YAML 锚点（&名字），本文件至少有 10 处，这里是第一处 — 手册不支持锚点和别名：删掉 &名字；如果这是文字的一部分，把整段文字放进引号里\n"
                               "playbooks/big.yml:6:10: (文件): 用了 YAML 别名（*名字），本文件至少有 49960 处，这里是第一处 — 手册不支持锚点和别名，请把内容直接写出来\n"
                               "playbooks/big.yml:15:249406: (文件): 文件里的值超过 50000 个（每个字段、列表项和文字都算一个） — 手册文件不需要这么大：把内容拆成几个较小的文件\n"),
    "deep-brackets": (deep_brackets, "playbooks/big.yml:3:46: (文件): 嵌套超过 40 层 — 手册内容不需要这么深的结构，检查缩进是否写错\n"),
    "many-values": (many_values, "playbooks/big.yml:49997:5: (文件): 文件里的值超过 50000 个（每个字段、列表项和文字都算一个） — 手册文件不需要这么大：把内容拆成几个较小的文件\n"),
}


def expected_report(lines: str) -> str:
    return lines + REPORT_END.format(count=lines.count("\n"))


@pytest.fixture(scope="module")
def figures():
    found: dict[str, dict] = {}
    yield found
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "large-inputs.json").write_text(json.dumps(found, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_check_refuses_quickly_with_the_exact_message(tmp_path, name, figures):
    make, lines = CASES[name]
    project = make_project(tmp_path, {"big.yml": make()})
    size_mb = (project / "playbooks" / "big.yml").stat().st_size / 1024 / 1024
    run = subprocess.run([sys.executable, "-c", MEASURE, str(project / "mkdocs.yml")],
                         env=environment(), capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.splitlines()[-1])
    grown = result["peak_mb"] - result["before_mb"]
    figures[name] = {"file_mb": round(size_mb, 2), "seconds": round(result["seconds"], 2),
                     "peak_mb": round(result["peak_mb"], 1), "grown_mb": round(grown, 1)}
    print(f"\n{name}: {size_mb:.1f} MB file, checked in {result['seconds']:.2f} s, "
          f"peak {result['peak_mb']:.0f} MB ({grown:.0f} MB more than after start-up)")
    assert result["code"] == 1
    assert result["stderr"] == expected_report(lines)
    assert result["seconds"] < SECONDS_SAFETY_NET
    assert result["peak_mb"] < MEGABYTES_SAFETY_NET


@pytest.mark.parametrize("name", ["20-megabytes", "alias-bomb"])
def test_build_refuses_with_the_same_message(tmp_path, name):
    make, lines = CASES[name]
    project = make_project(tmp_path, {"big.yml": make()})
    run = build(project)
    assert run.returncode == 1
    assert expected_report(lines) in run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert not run.site.exists()


def test_a_file_with_hundreds_of_problems_lists_fifty(tmp_path):
    typos = "".join(f"    field{i}: 值\n" for i in range(60))
    playbook = HEAD + ENTRY.format(i=0) + typos
    project = make_project(tmp_path, {"big.yml": playbook})
    code, _, err = run_check(project)
    lines = err.splitlines()
    assert code == 1
    assert len(lines) == MAX_SHOWN_PER_FILE + 2
    assert lines[-2:] == [
        "playbooks/big.yml: 还有 10 处问题没有列出（每个文件最多列出 50 处）",
        "手册内容有 60 处问题（1 个文件），未生成网站。改好后重新运行即可。",
    ]


@pytest.mark.parametrize("error", [RecursionError, MemoryError])
def test_the_last_line_of_defence_reports_instead_of_crashing(monkeypatch, error):
    """Depth and size limits keep real files from getting here; if something still does, no traceback."""

    def explode(loader):
        raise error()

    monkeypatch.setattr(yaml_loader._Loader, "get_single_node", explode)
    doc, problems = yaml_loader.load_yaml_bytes("id: x\n".encode(), "playbooks/x.yml")
    assert doc is None
    assert [str(p) for p in problems] == ["playbooks/x.yml:1:1: (文件): 文件结构太复杂，无法读取 — 把内容拆成几个较小的文件，检查缩进和括号"]


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    project = make_project(tmp_path, {"locked.yml": HEAD})
    real_open = Path.open

    def refuse(path, *args, **kwargs):
        if path.name == "locked.yml":
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    code, _, err = run_check(project)
    assert code == 1
    assert err.splitlines()[0] == "playbooks/locked.yml:1:1: (文件): 无法读取文件（Permission denied） — 检查文件是否存在、是否有读取权限"
