"""Lighthouse on the real handbook at mobile settings: the home page, a playbook page and a quiz page.

    npm ci                                       # Lighthouse and axe-core, pinned in package.json
    .venv/bin/python tests/lighthouse.py         # or: --runs 5, --site <a built site>

Builds the real site (unless --site is given), serves it on 127.0.0.1 with gzip as any production
web server would, and runs Lighthouse with Debian's Chromium (CHROME_PATH) at its defaults:
mobile form factor, simulated slow-4G throttling and 4x CPU slowdown. Each page runs --runs times;
the run with the median performance score is reported (the other categories do not vary).
Reports go to bench-results/lighthouse/ (gitignored); the printed Markdown is docs/measured.md's.
It also prints what a phone downloads to keep the handbook offline (sw.js's list, gzipped).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import mimetypes
import os
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]  # run as a script, not collected by pytest

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  the flags the browser tests use
from handbook import offline  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "bench-results" / "lighthouse"
PAGES = {"home": "", "playbook": "playbooks/taboos/", "quiz": "quizzes/basics-quiz/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift", "SI": "speed-index"}
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text types gzipped when the browser accepts it (as nginx's gzip on does)."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.lru_cache(maxsize=None)
def _gzipped(path: Path, mtime: int) -> bytes:
    """Compressed once, as a production server's cache or gzip_static would: the server's CPU stays out of the figures."""
    return gzip.compress(path.read_bytes(), 6)


@contextmanager
def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(into: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(into)], cwd=ROOT, env=env, check=True)
    return into


def lighthouse(url: str, out: Path) -> dict:
    flags = " ".join(["--headless", *CHROMIUM_ARGS])
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"]
    subprocess.run(command, env=dict(os.environ, CHROME_PATH=CHROMIUM), check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def median_run(reports: list[dict]) -> dict:
    ranked = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])
    return ranked[len(ranked) // 2]


def failing_audits(report: dict) -> list[str]:
    """Scored audits below full marks, per category, with what Lighthouse displays for them."""
    out = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                out.append(f"{category}: {ref['id']} {audit['score']:.2f}{shown}")
    return out


def offline_download(site: Path) -> str:
    precache = offline.precache_list(site)
    zipped = sum(len(gzip.compress((site / offline_file(url)).read_bytes(), 6)) for url, _ in precache.files)
    return f"{len(precache.files)} files, {precache.size / 1e6:.2f} MB stored, {zipped / 1e6:.2f} MB downloaded with gzip"


def offline_file(url: str) -> str:
    return "index.html" if url == "./" else url + "index.html" if url.endswith("/") else url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the real one)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} not found: run `npm ci` in {ROOT} first")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build(Path(tmp) / "site")
        rows, problems, version = [], {}, ""
        with serve(site) as url:
            for name, path in PAGES.items():
                reports = [lighthouse(url + path, RESULTS / f"{name}-{run}.json") for run in range(args.runs)]
                report = median_run(reports)
                version = report["lighthouseVersion"]
                scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
                spread = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
                metrics = [report["audits"][m]["displayValue"] for m in METRICS.values()]
                rows.append([f"{name} (`/{path}`)", *map(str, scores), *metrics, " ".join(map(str, spread))])
                problems[name] = failing_audits(report)
                assert report["configSettings"]["formFactor"] == "mobile"
        print(f"Lighthouse {version}, Chromium {chromium_version()}, mobile, "
              f"{args.runs} runs a page (median performance shown)\n")
        header = ["page", "performance", "accessibility", "best practices", "SEO", *METRICS, "performance, every run"]
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print()
        for name, found in problems.items():
            print(f"- {name}: " + ("; ".join(found) if found else "every scored audit passed"))
        print(f"\nOffline copy: {offline_download(site)}")


def chromium_version() -> str:
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return out.split()[1] if out else "?"


if __name__ == "__main__":
    main()
