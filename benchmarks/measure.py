"""Run one `mkdocs build` in a fresh process and measure it: wall time, peak memory, where the time went."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

QUIZ_PAGE_PREFIXES = ("quizzes/", "progress.md", "certificate.md")


@dataclass
class Sample:
    seconds: float  # wall time
    cpu_s: float  # user + system time of the build process: less disturbed by other load on the machine
    peak_mb: float
    phases: dict[str, float]
    quiz_pages_s: float  # quiz, quiz index, progress and certificate pages, summed
    other_pages_s: float


@dataclass
class Series:
    """All runs of one variant at one size."""

    samples: list[Sample] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(s, attribute) for s in self.samples)

    def spread(self, attribute: str) -> tuple[float, float]:
        values = [getattr(s, attribute) for s in self.samples]
        return min(values), max(values)

    def phase(self, name: str) -> float:
        return statistics.median(s.phases.get(name, 0.0) for s in self.samples)


def build_environment(repo: Path, pycache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = str(repo / "hooks")
    # Installed packages have their bytecode from pip; give our hooks the same, outside the repository.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


@dataclass
class _Running:
    project: Path
    process: subprocess.Popen
    started: float
    times_file: Path
    log: Path


def _start_build(project: Path, env: dict[str, str]) -> _Running:
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    times_file = project / "times.json"
    times_file.unlink(missing_ok=True)
    log = project / "build.log"
    env = dict(env, BENCH_TIMES=str(times_file))
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
                                   cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    return _Running(project, process, started, times_file, log)


def _sample(build: _Running, status: int, usage, ended: float) -> Sample:
    build.process.returncode = os.waitstatus_to_exitcode(status)
    if build.process.returncode != 0 or not build.times_file.exists():
        raise SystemExit(f"build of {build.project} failed ({build.process.returncode}):\n"
                         f"{build.log.read_text(errors='replace')[-3000:]}")
    times = json.loads(build.times_file.read_text())
    pages = times["pages"]
    quiz = sum(t for uri, t in pages.items() if uri.startswith(QUIZ_PAGE_PREFIXES))
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(ended - build.started, cpu, usage.ru_maxrss / 1024, times["phases"], quiz, sum(pages.values()) - quiz)


def timed_builds(projects: list[Path], env: dict[str, str]) -> list[Sample]:
    """Build each project into project/site in its own new Python process, all at once.

    One project at a time gives the cleanest wall times; two side by side use both cores of a
    small machine. Each process's own rusage gives its CPU time and peak memory.
    """
    running = {}
    for project in projects:
        build = _start_build(project, env)
        running[build.process.pid] = build
    samples = {}
    while running:
        pid, status, usage = os.wait4(-1, 0)
        ended = time.perf_counter()
        if pid in running:
            build = running.pop(pid)
            samples[build.project] = _sample(build, status, usage, ended)
    return [samples[project] for project in projects]


def timed_build(project: Path, env: dict[str, str]) -> Sample:
    return timed_builds([project], env)[0]


# ---------------------------------------------------------------- sizes


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gzip_bytes(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))
