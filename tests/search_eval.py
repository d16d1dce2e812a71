"""Recall and precision of the handbook's search, against stock Material, in real Chromium.

Both workers (Material's own and ours) run in the browser over the same built search index.
Ground truth for a query: every indexed section whose title, tags or text contains every word of the query,
where "words" are jieba's words (with the trainers' field words), minus the words the search
words file marks as ignored (question words), each word also matched by its listed synonyms.

    python tests/search_eval.py               # builds the real handbook, full query set
    python tests/search_eval.py --site site/  # an already built site
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]

from handbook.search_words import load_search_words, teach_jieba  # noqa: E402

# Single words, multi-word phrases reps type, and colloquial questions.
FULL_QUERIES = [
    "终端", "经销商", "客情", "陈列", "回款", "铺货", "上架费", "第三终端", "助销", "堆头",
    "客情关系", "客情维护", "销售人员", "拜访计划", "终端维护", "重点客户管理", "经销商返利",
    "采购谈判", "店老板关系", "商业贿赂红线", "陈列位置", "拜访频率", "药店店员", "促销活动",
    "多久拜访一次", "采购要降价怎么办", "怎么和店老板搞好关系", "第一次拜访说什么",
    "经销商要广告费", "客户投诉怎么处理", "农村诊所怎么拜访", "进场费怎么谈",
]
CI_QUERIES = ["客情", "上架费", "客情关系", "客情维护", "拜访计划", "终端维护", "重点客户管理",
              "经销商返利", "多久拜访一次", "采购要降价怎么办", "进场费怎么谈", "第三终端"]

TARGET_RECALL, TARGET_PRECISION, TARGET_MIN_RECALL = 0.95, 0.8, 0.8


def plain(html: str) -> str:
    text = re.sub(r"<[^>]*>", " ", html)
    for entity, char in (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&#x27;", "'")):
        text = text.replace(entity, char)
    return text.replace("\u200b", "").lower()


@dataclass
class Score:
    query: str
    truth: int
    returned: int
    recall: float
    precision: float


def query_words(query: str, ignored: set[str]) -> list[str]:
    import jieba

    words = [w.lower() for w in jieba.lcut(query) if w.strip() and not re.fullmatch(r"[\W_]+", w)]
    topical = [w for w in dict.fromkeys(words) if w not in ignored]
    return topical or list(dict.fromkeys(words))


def ground_truth(docs: list[dict], query: str, words_file) -> set[str]:
    words = query_words(query, set(words_file.ignored))
    truth = set()
    for doc in docs:
        text = plain(doc["title"]) + "\n" + " ".join(doc.get("tags", [])).lower() + "\n" + plain(doc["text"])
        if all(any(alt in text for alt in [w, *words_file.synonyms.get(w, [])]) for w in words):
            truth.add(doc["location"])
    return truth


RUN_WORKER = """async ([workerUrl, queries]) => {
  const index = await (await fetch('search/search_index.json')).json()
  const worker = new Worker(workerUrl)
  const reply = () => new Promise((resolve, reject) => {
    worker.onmessage = event => resolve(event.data)
    worker.onerror = event => reject(new Error(event.message))
  })
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}})
  await reply()
  const out = {}
  for (const query of queries) {
    worker.postMessage({type: 2, data: query})
    const result = (await reply()).data
    // Material pads each group with its page at score 0 when only sections matched: not a hit.
    out[query] = result.items.flat().filter(item => item.score > 0).map(item => item.location)
  }
  worker.terminate()
  return out
}"""


def run_workers(site: Path, queries: list[str], browser=None) -> dict[str, dict[str, list[str]]]:
    """Both workers over the same index, in Chromium; pass a running Playwright browser to reuse it."""
    from browser import chromium, serve_folder

    if browser is None:
        with chromium() as own:
            return run_workers(site, queries, own)
    stock = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).relative_to(site).as_posix()
    with serve_folder(site) as url:
        page = browser.new_page()
        try:
            page.goto(url)
            return {
                "stock Material": page.evaluate(RUN_WORKER, [stock, queries]),
                "handbook": page.evaluate(RUN_WORKER, ["assets/handbook/search-worker.js", queries]),
            }
        finally:
            page.close()


def evaluate(site: Path, queries: list[str], browser=None) -> dict[str, list[Score]]:
    words_file, _ = load_search_words(ROOT / "playbooks" / "search-words.txt", "search-words.txt")
    teach_jieba(words_file)
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    results = run_workers(site, queries, browser)
    scores: dict[str, list[Score]] = {}
    for engine, found in results.items():
        scores[engine] = []
        for query in queries:
            truth = ground_truth(docs, query, words_file)
            returned = set(found[query])
            hits = len(truth & returned)
            recall = hits / len(truth) if truth else 1.0
            precision = hits / len(returned) if returned else (1.0 if not truth else 0.0)
            scores[engine].append(Score(query, len(truth), len(returned), recall, precision))
    return scores


def summary(scores: list[Score]) -> tuple[float, float, float]:
    return (statistics.mean(s.recall for s in scores), statistics.mean(s.precision for s in scores),
            min(s.recall for s in scores))


def report(scores: dict[str, list[Score]]) -> str:
    engines = list(scores)
    lines = ["| query | truth | " + " | ".join(f"{e}: found / recall / precision" for e in engines) + " |",
             "|---|---:|" + "---|" * len(engines)]
    for i, base in enumerate(scores[engines[0]]):
        cells = [f"{scores[e][i].returned} / {scores[e][i].recall:.2f} / {scores[e][i].precision:.2f}" for e in engines]
        lines.append(f"| {base.query} | {base.truth} | " + " | ".join(cells) + " |")
    for e in engines:
        recall, precision, worst = summary(scores[e])
        lines.append(f"\n{e}: mean recall {recall:.3f}, mean precision {precision:.3f}, lowest recall {worst:.3f}")
    return "\n".join(lines)


def build_real_site(folder: Path) -> Path:
    site = folder / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, check=True,
                   env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "hooks")})
    return site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the real handbook)")
    parser.add_argument("--ci", action="store_true", help="the smaller query set")
    args = parser.parse_args()
    queries = CI_QUERIES if args.ci else FULL_QUERIES
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_real_site(Path(tmp))
        scores = evaluate(site, queries)
    print(report(scores))
    recall, precision, worst = summary(scores["handbook"])
    ok = recall >= TARGET_RECALL and precision >= TARGET_PRECISION and worst >= TARGET_MIN_RECALL
    print(f"\ntargets (recall ≥ {TARGET_RECALL}, precision ≥ {TARGET_PRECISION}, every recall ≥ {TARGET_MIN_RECALL}): "
          + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
