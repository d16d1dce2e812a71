"""What our hooks cost: `make bench`.

For each size (1x, 10x, 100x the shipped handbook) it writes three projects with the same
content and builds them in turn, several times, each build in a fresh process:

  ours      YAML playbooks and quizzes, built by our hooks
  baseline  the same content as plain Markdown pages, plain Material, same search settings
  peer      the baseline with the quiz pages written for mkdocs-quiz 1.7.1

then reports median and spread of wall time and peak memory, the ratios to the baseline, sizes,
what a phone downloads for one page, the rebuild latency under `mkdocs serve`, and one
PASS/FAIL line per budget. Figures also go to bench-results/ (results.json, results.md).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "hooks"), str(Path(__file__).resolve().parent)]

from measure import Series, build_environment, folder_bytes, gzip_bytes, timed_build, timed_builds  # noqa: E402
from pages import model_content  # noqa: E402
from projects import Project, configured_sources, write_markdown, write_ours  # noqa: E402
from serve_latency import Latency, measure_edits, serve_copy_of_repo  # noqa: E402
from synth import Corpus, Shape, scaled_documents  # noqa: E402
from transfer import page_transfer, pages_loading_quiz_assets, quiz_assets_gz  # noqa: E402

VARIANTS = ("ours", "baseline", "peer")
BUDGET_BUILD_RATIO = 1.10
BUDGET_QUIZ_RATIO = 1.20
BUDGET_EDIT_SECONDS = 1.0
BUDGET_QUIZ_ASSETS_BYTES = 12 * 1024
SAMPLE_PLAYBOOK = "taboos"
SAMPLE_QUIZ = "taboos-quiz"


@dataclass
class SizeResult:
    factor: int
    shape: str
    pages: int
    entries: int
    questions: int
    generate_s: float
    series: dict[str, Series] = field(default_factory=dict)
    site_bytes: dict[str, int] = field(default_factory=dict)
    index_bytes: dict[str, int] = field(default_factory=dict)
    index_gz: dict[str, int] = field(default_factory=dict)
    quiz_loading_s: float = 0.0  # ours: reading and assembling the quizzes (inside on_config)
    side_by_side: bool = False
    largest_page: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # variant -> (page, bytes, gzip bytes)

    def ratio(self, variant: str, measure: str = "seconds") -> float:
        return self.series[variant].median(measure) / self.series["baseline"].median(measure)

    def quiz_cost(self, variant: str) -> float:
        """Seconds spent on the quiz pages (plus, for ours, loading the quizzes)."""
        extra = self.quiz_loading_s if variant == "ours" else 0.0
        return self.series[variant].median("quiz_pages_s") + extra


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- builds


def write_projects(corpus: Corpus, factor: int, work: Path, variants: tuple[str, ...]) -> tuple[dict[str, Project], SizeResult]:
    start = time.perf_counter()
    playbooks, quizzes = scaled_documents(corpus, factor)
    content = model_content(playbooks, quizzes, configured_sources(REPO))
    projects = {}
    for variant in variants:
        root = work / f"{factor}x" / variant
        if variant == "ours":
            projects[variant] = write_ours(REPO, root, playbooks, quizzes)
        else:
            projects[variant] = write_markdown(REPO, root, content, variant)
    shape = Shape.of(factor)
    entries = sum(len(p["entries"]) for p in playbooks.values())
    questions = sum(len(q.get("questions", [])) for q in quizzes.values())
    pages = len(list((projects["baseline"].root / "docs").rglob("*.md")))
    result = SizeResult(factor, f"{shape.departments} × {shape.repeats}", pages, entries, questions, time.perf_counter() - start)
    return projects, result


def run_builds(projects: dict[str, Project], result: SizeResult, runs: int, env: dict[str, str], side_by_side: bool) -> None:
    """Alternate the variants, rotating which goes first, so drift in the machine hits all alike.

    Side by side, the variants build at the same time, one per core: for the sizes where one
    build alone takes minutes.
    """
    names = list(projects)
    for name in names:
        result.series[name] = Series()
    for run in range(runs):
        order = names[run % len(names):] + names[:run % len(names)]
        batches = [order] if side_by_side else [[name] for name in order]
        for batch in batches:
            for name, sample in zip(batch, timed_builds([projects[n].root for n in batch], env)):
                result.series[name].samples.append(sample)
                log(f"  {result.factor:>3}x run {run + 1}/{runs} {name:<8} {sample.seconds:7.2f} s wall "
                    f"{sample.cpu_s:7.2f} s CPU {sample.peak_mb:6.0f} MB")
    result.side_by_side = side_by_side
    for name, project in projects.items():
        site = project.root / "site"
        index = site / "search" / "search_index.json"
        result.site_bytes[name] = folder_bytes(site)
        result.index_bytes[name] = index.stat().st_size
        result.index_gz[name] = gzip_bytes(index)
        largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
        result.largest_page[name] = (largest.relative_to(site).as_posix(), largest.stat().st_size, gzip_bytes(largest))


def quiz_loading_seconds(project: Path) -> float:
    """How long our on_config spends on quizzes: read, validate, check and pool them.

    Timed as the build runs it (with the cycle collector off, as in load_content); the best of
    three when that is quick.
    """
    import contextlib

    import yaml
    from handbook import content
    from handbook.catalog import Handbook, Settings, load_playbooks
    from handbook.quizzes import assemble_quizzes, read_quizzes
    from projects import _ConfigLoader

    extra = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)["extra"]
    settings = Settings.from_extra(project, extra)
    as_in_build = getattr(content, "_without_cycle_collection", contextlib.nullcontext)
    with as_in_build():
        records, _, _ = load_playbooks(settings)
        handbook = Handbook(records, settings)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            quiz_records, _ = read_quizzes(settings)
            assemble_quizzes(quiz_records, handbook)
            best = min(best, time.perf_counter() - start)
            if best > 2:
                break
    return best


# ---------------------------------------------------------------- page weight and the trainer loop


def transfers(projects: dict[str, Project]) -> dict[str, dict]:
    sites = {name: project.root / "site" for name, project in projects.items()}
    playbook = f"playbooks/{SAMPLE_PLAYBOOK}/index.html"
    quiz = f"quizzes/{SAMPLE_QUIZ}/index.html"
    rows = {
        "playbook page, ours": page_transfer(sites["ours"], playbook),
        "playbook page, plain Material": page_transfer(sites["baseline"], playbook),
        "quiz page, ours": page_transfer(sites["ours"], quiz),
        "quiz page, plain Material": page_transfer(sites["baseline"], quiz),
    }
    if "peer" in sites:
        rows["quiz page, mkdocs-quiz"] = page_transfer(sites["peer"], quiz)
    return {name: {"html_gz": t.html_gz, "css_js_gz": t.css_js_gz, "total_gz": t.total_gz, "assets": t.assets_gz}
            for name, t in rows.items()}


def sample_entry(corpus: Corpus) -> tuple[str, str]:
    """(playbook file name, title of its first entry): the title a trainer edits in the latency test."""
    for name, data in corpus.playbooks.items():
        if data["id"] == SAMPLE_PLAYBOOK:
            return name, data["entries"][0]["title"]
    raise SystemExit(f"no playbook with id {SAMPLE_PLAYBOOK}")


def trainer_loop(corpus: Corpus, work: Path, env: dict[str, str], baseline: Project | None, edits: int) -> dict[str, Latency]:
    name, title = sample_entry(corpus)
    page = f"playbooks/{SAMPLE_PLAYBOOK}/"
    project = serve_copy_of_repo(REPO, work / "serve")
    results = {"ours": measure_edits(project, env, project / "playbooks" / name, page, "title: ", title, edits)}
    if baseline is not None:
        source = baseline.root / "docs" / "playbooks" / f"{SAMPLE_PLAYBOOK}.md"
        results["baseline"] = measure_edits(baseline.root, env, source, page, "## ", title, edits, strict=False)
    return results


# ---------------------------------------------------------------- report


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import material
    import mkdocs

    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores", "memory": memory,
        "os": platform.platform(), "python": platform.python_version(),
        "mkdocs": mkdocs.__version__, "material": getattr(material, "__version__", "?"),
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f}"


def _kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def results_table(sizes: list[SizeResult]) -> list[str]:
    lines = [
        "| size | variant | wall s: median (min–max) | × baseline | CPU s | × baseline | peak MB: median (min–max) "
        "| quiz pages s | site MB | search index MB (gzip KB) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        for name, series in size.series.items():
            lo, hi = series.spread("seconds")
            mlo, mhi = series.spread("peak_mb")
            label = ""
            if name == next(iter(size.series)):
                label = f"{size.factor}× ({size.pages} pages, {size.entries} entries, {size.questions} questions{'; side by side' if size.side_by_side else ''})"
            lines.append(
                f"| {label} | {name} | {series.median('seconds'):.2f} ({lo:.2f}–{hi:.2f}), n={len(series.samples)} "
                f"| {size.ratio(name):.2f} | {series.median('cpu_s'):.2f} | {size.ratio(name, 'cpu_s'):.2f} "
                f"| {series.median('peak_mb'):.0f} ({mlo:.0f}–{mhi:.0f}) | {size.quiz_cost(name):.2f} "
                f"| {_mb(size.site_bytes[name])} | {_mb(size.index_bytes[name])} ({_kb(size.index_gz[name])}) |"
            )
    return lines


def phases_table(sizes: list[SizeResult]) -> list[str]:
    lines = ["| size | variant | config s | files+nav s | pages s (quiz / other) | after pages s | process start and exit s |",
             "|---|---|---|---|---|---|---|"]
    for size in sizes:
        for name, series in size.series.items():
            inside = series.phase("build")
            lines.append(
                f"| {size.factor}× | {name} | {series.phase('config'):.2f} | {series.phase('prepare'):.2f} "
                f"| {series.median('quiz_pages_s'):.2f} / {series.median('other_pages_s'):.2f} | {series.phase('post_build'):.2f} "
                f"| {series.median('seconds') - inside:.2f} |"
            )
    return lines


def largest_pages_table(sizes: list[SizeResult]) -> list[str]:
    lines = ["| size | variant | largest page | HTML MB | gzip KB |", "|---|---|---|---|---|"]
    for size in sizes:
        for name, (page, raw, gz) in size.largest_page.items():
            lines.append(f"| {size.factor}× | {name} | {page} | {_mb(raw)} | {_kb(gz)} |")
    return lines


def transfer_table(rows: dict[str, dict]) -> list[str]:
    lines = ["| page (gzip) | HTML KB | CSS+JS KB | total KB |", "|---|---|---|---|"]
    for name, row in rows.items():
        lines.append(f"| {name} | {_kb(row['html_gz'])} | {_kb(row['css_js_gz'])} | {_kb(row['total_gz'])} |")
    return lines


@dataclass
class Budget:
    ok: bool
    text: str

    def line(self) -> str:
        return f"{'PASS' if self.ok else 'FAIL'}  {self.text}"


def budgets(sizes: list[SizeResult], latency: dict[str, Latency] | None, quiz_assets: int, leaks: list[str]) -> list[Budget]:
    out = []
    for size in sizes:
        ratio = size.ratio("ours")
        cpu = size.ratio("ours", "cpu_s")
        out.append(Budget(ratio <= BUDGET_BUILD_RATIO, f"build at {size.factor}×: ours {ratio:.2f}× the baseline's wall time "
                                                       f"(CPU time {cpu:.2f}×; budget ≤ {BUDGET_BUILD_RATIO:.2f}×)"))
    by_factor = {s.factor: s for s in sizes}
    if 10 in by_factor and 100 in by_factor:
        # CPU time: at 100x the variants build side by side, so wall times are not comparable with 10x.
        def growth(variant: str) -> float:
            return by_factor[100].series[variant].median("cpu_s") / by_factor[10].series[variant].median("cpu_s")

        out.append(Budget(growth("ours") <= 10.0, f"growth 10×→100×: ours {growth('ours'):.1f}× the CPU time for 10× the content "
                                                  f"(baseline {growth('baseline'):.1f}×; budget ≤ 10×, linear)"))
    for size in sizes:
        base = size.quiz_cost("baseline")
        ratio = size.quiz_cost("ours") / base if base else float("inf")
        peer = f"; mkdocs-quiz {size.quiz_cost('peer') / base:.2f}×" if "peer" in size.series and base else ""
        out.append(Budget(ratio <= BUDGET_QUIZ_RATIO, f"quiz pages at {size.factor}×: ours {ratio:.2f}× the baseline's{peer} (budget ≤ {BUDGET_QUIZ_RATIO:.1f}×)"))
    if latency:
        ours = latency["ours"]
        plain = latency.get("baseline")
        extra = f"; plain Material page edit {plain.median:.2f} s, rebuild {plain.rebuild_median:.2f} s" if plain else ""
        out.append(Budget(ours.median <= BUDGET_EDIT_SECONDS,
                          f"YAML edit to rebuilt page: median {ours.median:.2f} s of {len(ours.seconds)} edits "
                          f"(rebuild itself {ours.rebuild_median:.2f} s{extra}; budget ≤ {BUDGET_EDIT_SECONDS:.0f} s)"))
    out.append(Budget(quiz_assets <= BUDGET_QUIZ_ASSETS_BYTES,
                      f"quiz JS+CSS: {quiz_assets / 1024:.1f} KB gzip (budget ≤ {BUDGET_QUIZ_ASSETS_BYTES // 1024} KB)"))
    out.append(Budget(not leaks, "quiz JS/CSS absent from non-quiz pages" + (f": loaded by {', '.join(leaks[:5])}" if leaks else "")))
    return out


# ---------------------------------------------------------------- main


def parse_runs(text: str) -> dict[int, int]:
    return {int(size): int(runs) for size, runs in (item.split(":") for item in text.split(","))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="multiples of the shipped handbook (default 1,10,100)")
    parser.add_argument("--runs", default="1:3,10:2,100:1", help="builds per variant per size, as size:runs,...")
    parser.add_argument("--peer-up-to", type=int, default=10, help="build the mkdocs-quiz peer only up to this size")
    parser.add_argument("--side-by-side-from", type=int, default=100,
                        help="from this size on, build the variants at the same time, one per core")
    parser.add_argument("--edits", type=int, default=9, help="YAML edits timed under mkdocs serve (0: skip)")
    parser.add_argument("--out", default=str(REPO / "bench-results"), help="where results.json and results.md go")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects (printed at the end)")
    parser.add_argument("--fail-on-budget", action="store_true", help="exit 1 when a budget is missed")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = parse_runs(args.runs)
    started = time.perf_counter()
    load_before = os.getloadavg()

    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    env = build_environment(REPO, work / "pycache")
    corpus = Corpus.read(REPO)
    results: list[SizeResult] = []
    rows: dict[str, dict] = {}
    latency = None
    quiz_assets, leaks = 0, []
    try:
        for factor in sizes:
            variants = tuple(v for v in VARIANTS if v != "peer" or factor <= args.peer_up_to)
            projects, result = write_projects(corpus, factor, work, variants)
            log(f"{factor}x: {result.pages} pages, {result.entries} entries, {result.questions} questions "
                f"(written in {result.generate_s:.1f} s)")
            if factor == sizes[0]:
                for project in projects.values():  # untimed: warm the disk cache, bytecode and jieba's cache
                    timed_build(project.root, env)
            run_builds(projects, result, runs.get(factor, 1), env, factor >= args.side_by_side_from)
            result.quiz_loading_s = quiz_loading_seconds(projects["ours"].root)
            results.append(result)
            if factor == 1:
                rows = transfers(projects)
                site = projects["ours"].root / "site"
                quiz_assets, leaks = quiz_assets_gz(site), pages_loading_quiz_assets(site)
                if args.edits:
                    log("trainer loop: timing YAML edits under mkdocs serve")
                    latency = trainer_loop(corpus, work, env, projects["baseline"], args.edits)
            if not args.keep:
                shutil.rmtree(work / f"{factor}x", ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    info = machine()
    command = "make bench  # python benchmarks/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    checks = budgets(results, latency, quiz_assets, leaks)
    report = [
        f"Machine: {info['cpu']}, {info['memory']}; {info['os']}; Python {info['python']}, MkDocs {info['mkdocs']}, Material {info['material']}",
        f"Date: {info['date']}    Command: `{command.strip()}`    Total time: {time.perf_counter() - started:.0f} s",
        f"Load average (1 min) before and after: {load_before[0]:.1f}, {os.getloadavg()[0]:.1f} (other work on the machine slows every variant alike)",
        "", *results_table(results), "", "Where the time goes (medians):", "", *phases_table(results),
    ]
    report += ["", "The largest page of each site:", "", *largest_pages_table(results)]
    if rows:
        report += ["", f"What a phone downloads for one page at 1× ({SAMPLE_PLAYBOOK}, {SAMPLE_QUIZ}):", "", *transfer_table(rows)]
    if latency:
        report += ["", "Edit to rebuilt page under `mkdocs serve` (s): "
                   + "; ".join(f"{name} " + ", ".join(f"{s:.2f}" for s in lat.seconds) for name, lat in latency.items())]
    report += ["", "Budgets:", "", *[b.line() for b in checks]]
    print("\n".join(report))

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    data = {
        "machine": info, "command": command,
        "sizes": [{**{k: v for k, v in asdict(r).items() if k != "series"},
                   "series": {n: [asdict(s) for s in series.samples] for n, series in r.series.items()}} for r in results],
        "transfer": rows,
        "latency": {n: asdict(l) for n, l in (latency or {}).items()},
        "budgets": [asdict(b) for b in checks],
    }
    (out / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.keep:
        log(f"projects kept in {work}")
    return 1 if args.fail_on_budget and not all(b.ok for b in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
