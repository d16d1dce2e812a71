"""The trainer's loop: with `mkdocs serve` running, save a YAML file and wait for the changed page.

Runs on a copy of the project (the shipped handbook) on a free loopback port. Each edit
renames one entry's title to a new marker; the time is from the save to the first response
of the page that contains the marker. MkDocs itself adds up to half a second before any
rebuild starts: its file watcher polls every 0.5 s, then waits 0.1 s for more changes.
"""

from __future__ import annotations

import json
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from projects import PAGE_TIMER, _replace_block

POLL_SECONDS = 0.02
SETTLE_SECONDS = 1.0  # after a rebuild, before the next edit
# MkDocs polls for changes every 0.5 s. A fixed pause between edits locks every save to the same
# moment of that cycle (with a 1 s pause: just after a poll, the worst case, every time), so each
# pause gets a random extra part of a cycle, as a trainer's saves would. Seeded: runs compare.
POLL_CYCLE_SECONDS = 0.5


@dataclass
class Latency:
    seconds: list[float]
    rebuilds: list[float]  # the build itself, from the page timer inside the server

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def rebuild_median(self) -> float:
        return statistics.median(self.rebuilds) if self.rebuilds else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def serve_copy_of_repo(repo: Path, root: Path) -> Path:
    """The shipped handbook in `root`, with mkdocs.yml pointing at the repository's hooks."""
    import shutil

    if root.exists():
        shutil.rmtree(root)
    for folder in ("docs", "playbooks", "quizzes"):
        shutil.copytree(repo / folder, root / folder)
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    config = _replace_block(config, "hooks", f"hooks:\n  - {repo / 'hooks' / 'handbook_hooks.py'}\n  - {PAGE_TIMER}\n\n")
    config = _replace_block(config, "watch", "watch:\n  - playbooks\n  - quizzes\n\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def measure_edits(project: Path, env: dict[str, str], source: Path, page_url: str, prefix: str, old_text: str,
                  edits: int, strict: bool = True) -> Latency:
    """Start `mkdocs serve` in `project`, then rename the title `prefix + old_text` in `source` `edits` times."""
    port = free_port()
    times_file = project / "serve-times.json"
    env = dict(env, BENCH_TIMES=str(times_file))
    log = open(project / "serve.log", "wb")
    command = [sys.executable, "-m", "mkdocs", "serve", *(["--strict"] if strict else []), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command,
                              cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/{page_url}"
    seconds, rebuilds = [], []
    moments = random.Random(edits)
    try:
        _wait_until(lambda: old_text in _fetch(url), 120, project)
        current = old_text
        for n in range(1, edits + 1):
            time.sleep(SETTLE_SECONDS + moments.uniform(0, POLL_CYCLE_SECONDS))
            marker = f"{old_text}（第{n}次修改）"
            text = source.read_text(encoding="utf-8")
            start = time.perf_counter()
            if prefix + current not in text:
                raise SystemExit(f"{source} has no line with {prefix + current!r}")
            source.write_text(text.replace(prefix + current, prefix + marker, 1), encoding="utf-8")
            _wait_until(lambda: marker in _fetch(url), 60, project)
            seconds.append(time.perf_counter() - start)
            current = marker
            if times_file.exists():
                rebuilds.append(json.loads(times_file.read_text())["phases"]["build"])
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    return Latency(seconds, rebuilds)


def _wait_until(predicate, limit: float, project: Path) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(POLL_SECONDS)
    log = (project / "serve.log").read_text(errors="replace")[-3000:]
    raise SystemExit(f"mkdocs serve did not show the change within {limit:.0f} s:\n{log}")
