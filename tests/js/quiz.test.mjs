// Unit tests of the pure logic in hooks/handbook/static/quiz.js: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  NOTICE_BLOCKED,
  NOTICE_DAMAGED,
  STORE_KEY,
  decodeKey,
  drawItems,
  loadProgress,
  nextNode,
  parseProgress,
  percent,
  progressCsv,
  progressJson,
  progressRows,
  quizStatus,
  recordAttempt,
  saveProgress,
  scoreAnswer,
  shuffle,
  today,
} from "../../hooks/handbook/static/quiz.js";

/** A seeded random, so that shuffles are reproducible. */
function seeded(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function memoryStorage(initial = {}) {
  const data = { ...initial };
  return { getItem: (k) => (k in data ? data[k] : null), setItem: (k, v) => (data[k] = String(v)), data };
}

test("decodeKey reads what render_quiz.obfuscate wrote (blob made by the Python side)", () => {
  // obfuscate({"fx-quiz--price": {"c": ["o1"], "p": False}, "note": "先问清楚"}, "fx-quiz")
  const blob = "HVpLCVgYDw8CAFwFGxMFHQ9LDksZREJ2UxpYWDtUDwFXUxwHFF4UCEVYCBdZFFdTWDoNGEBBUSYTQRgUEDUPUB0dRCkcTF9NTFMI";
  assert.deepEqual(decodeKey(blob, "fx-quiz"), { "fx-quiz--price": { c: ["o1"], p: false }, note: "先问清楚" });
});

test("decodeKey round-trips any UTF-8 key and salt", () => {
  const key = { q: { start: "开场", nodes: { 开场: [["c0", true, null]] } } };
  const salt = "期末-考试";
  const raw = Buffer.from(JSON.stringify(key));
  const pad = Buffer.from(salt);
  const blob = Buffer.from(raw.map((b, i) => b ^ pad[i % pad.length])).toString("base64");
  assert.deepEqual(decodeKey(blob, salt), key);
});

test("single and true/false: right or wrong", () => {
  assert.equal(scoreAnswer("single", { c: ["o1"], p: false }, ["o1"]), 1);
  assert.equal(scoreAnswer("single", { c: ["o1"], p: false }, ["o0"]), 0);
  assert.equal(scoreAnswer("single", { c: ["o1"], p: false }, []), 0);
  assert.equal(scoreAnswer("truefalse", { c: ["false"], p: false }, ["false"]), 1);
  assert.equal(scoreAnswer("truefalse", { c: ["false"], p: false }, ["true"]), 0);
});

test("multiple: all-or-nothing without partial credit", () => {
  const key = { c: ["o0", "o1"], p: false };
  assert.equal(scoreAnswer("multiple", key, ["o1", "o0"]), 1);
  assert.equal(scoreAnswer("multiple", key, ["o0"]), 0);
  assert.equal(scoreAnswer("multiple", key, ["o0", "o1", "o2"]), 0);
});

test("multiple with partial credit: (right picks - wrong picks) / number right, floored at 0", () => {
  const key = { c: ["o0", "o1"], p: true };
  assert.equal(scoreAnswer("multiple", key, ["o0", "o1"]), 1);
  assert.equal(scoreAnswer("multiple", key, ["o0"]), 0.5);
  assert.equal(scoreAnswer("multiple", key, ["o0", "o1", "o2"]), 0.5);
  assert.equal(scoreAnswer("multiple", key, ["o0", "o2"]), 0);
  assert.equal(scoreAnswer("multiple", key, ["o2", "o3"]), 0);
  assert.equal(scoreAnswer("multiple", key, []), 0);
});

test("ordering: whole order, or the share of items in the right place", () => {
  const order = ["i0", "i1", "i2", "i3"];
  assert.equal(scoreAnswer("ordering", { c: order, p: false }, order), 1);
  assert.equal(scoreAnswer("ordering", { c: order, p: false }, ["i0", "i1", "i3", "i2"]), 0);
  assert.equal(scoreAnswer("ordering", { c: order, p: true }, ["i0", "i1", "i3", "i2"]), 0.5);
  assert.equal(scoreAnswer("ordering", { c: order, p: true }, ["i3", "i2", "i1", "i0"]), 0);
});

test("matching: all pairs, or the share of right pairs; unselected counts as wrong", () => {
  const c = { l0: "r0", l1: "r1", l2: "r2", l3: "r3" };
  assert.equal(scoreAnswer("matching", { c, p: false }, { l0: "r0", l1: "r1", l2: "r2", l3: "r3" }), 1);
  assert.equal(scoreAnswer("matching", { c, p: false }, { l0: "r0", l1: "r1", l2: "r3", l3: "r2" }), 0);
  assert.equal(scoreAnswer("matching", { c, p: true }, { l0: "r0", l1: "r1", l2: "r3", l3: "r2" }), 0.5);
  assert.equal(scoreAnswer("matching", { c, p: true }, { l0: "r0", l1: "", l2: "", l3: "" }), 0.25);
});

const scenario = {
  start: "open",
  nodes: {
    open: [["c0", true, "ask"], ["c1", false, "bad"]],
    ask: [["c0", false, "end"], ["c1", true, "end"]],
    bad: [],
    end: [],
  },
  p: false,
};

test("scenario: where a reply leads", () => {
  assert.equal(nextNode(scenario, "open", "c0"), "ask");
  assert.equal(nextNode(scenario, "open", "c1"), null); // "bad" has no replies: the dialogue ends there
  assert.equal(nextNode(scenario, "ask", "c1"), null);
});

test("scenario: share of turns where the best reply was chosen", () => {
  assert.equal(scoreAnswer("scenario", scenario, [["open", "c0"], ["ask", "c1"]]), 1);
  assert.equal(scoreAnswer("scenario", scenario, [["open", "c0"], ["ask", "c0"]]), 0.5);
  assert.equal(scoreAnswer("scenario", scenario, [["open", "c1"]]), 0);
});

test("scenario: an unfinished or unstarted dialogue scores 0", () => {
  assert.equal(scoreAnswer("scenario", scenario, [["open", "c0"]]), 0);
  assert.equal(scoreAnswer("scenario", scenario, []), 0);
});

test("shuffle gives a permutation and leaves its input alone", () => {
  const list = [1, 2, 3, 4, 5, 6, 7, 8];
  const out = shuffle(list, seeded(7));
  assert.deepEqual([...out].sort((a, b) => a - b), list);
  assert.deepEqual(list, [1, 2, 3, 4, 5, 6, 7, 8]);
  const orders = new Set(Array.from({ length: 20 }, (_, i) => shuffle(list, seeded(i + 1)).join()));
  assert.ok(orders.size > 10, "different seeds give different orders");
});

test("drawItems picks n distinct items and keeps the pool's order", () => {
  const pool = ["a", "b", "c", "d", "e", "f"];
  for (let seed = 1; seed < 30; seed++) {
    const drawn = drawItems(pool, 3, seeded(seed));
    assert.equal(drawn.length, 3);
    assert.equal(new Set(drawn).size, 3);
    assert.deepEqual(drawn, pool.filter((x) => drawn.includes(x)));
  }
  assert.deepEqual(drawItems(pool, 10), pool);
});

test("parseProgress: nothing stored is no damage", () => {
  assert.deepEqual(parseProgress(null), { progress: { v: 1, quizzes: {} }, damaged: false });
});

const good = { best: 80, passed: true, attempts: 2, fingerprint: "abc", title: "拜访测验", bestDate: "2026-01-02" };

test("parseProgress: corrupted or unknown data is ignored, never thrown", () => {
  for (const text of ["{not json", "[]", "null", "42", '"x"', '{"v":2,"quizzes":{}}', '{"v":1}', '{"v":1,"quizzes":7}']) {
    const { progress, damaged } = parseProgress(text);
    assert.deepEqual(progress, { v: 1, quizzes: {} }, text);
    assert.equal(damaged, true, text);
  }
});

test("parseProgress keeps the valid records and drops the rest", () => {
  const text = JSON.stringify({
    v: 1,
    quizzes: { ok: good, "no-best": { ...good, best: "80" }, "too-high": { ...good, best: 120 }, Bad_ID: good, nothing: null },
  });
  const { progress, damaged } = parseProgress(text);
  assert.deepEqual(progress.quizzes, { ok: good });
  assert.equal(damaged, true);
  const proto = parseProgress('{"v":1,"quizzes":{"__proto__":{"best":1,"passed":false,"attempts":1,"fingerprint":"x"}}}');
  assert.equal(Object.getPrototypeOf(proto.progress.quizzes), Object.prototype);
  assert.equal(proto.damaged, true);
});

test("loadProgress: blocked or throwing storage gives empty progress and a notice", () => {
  const blocked = loadProgress(() => {
    throw new Error("SecurityError");
  });
  assert.deepEqual(blocked, { progress: { v: 1, quizzes: {} }, storage: null, notice: NOTICE_BLOCKED });
  const throwing = loadProgress(() => ({ getItem() { throw new Error("denied"); } }));
  assert.equal(throwing.notice, NOTICE_BLOCKED);
  assert.equal(saveProgress(null, throwing.progress), false);
});

test("loadProgress: damaged data gives a notice; saveProgress reports a full storage", () => {
  const storage = memoryStorage({ [STORE_KEY]: "{oops" });
  const loaded = loadProgress(() => storage);
  assert.equal(loaded.notice, NOTICE_DAMAGED);
  assert.equal(saveProgress(storage, loaded.progress), true);
  assert.deepEqual(JSON.parse(storage.data[STORE_KEY]), { v: 1, quizzes: {} });
  const full = { getItem: () => null, setItem() { throw new Error("QuotaExceededError"); } };
  assert.equal(saveProgress(full, loaded.progress), false);
});

const quiz = { id: "visit", title: "拜访测验", passMark: 60, fingerprint: "f1", version: "2026.11" };

test("recordAttempt keeps the best score, its date, the first pass and counts attempts", () => {
  let progress = { v: 1, quizzes: {} };
  progress = recordAttempt(progress, quiz, 40, "2026-01-01");
  assert.deepEqual(progress.quizzes.visit, {
    best: 40, passed: false, title: "拜访测验", fingerprint: "f1", attempts: 1, bestDate: "2026-01-01", version: "2026.11",
  });
  progress = recordAttempt(progress, { ...quiz, version: "2026.12" }, 70, "2026-01-02");
  progress = recordAttempt(progress, quiz, 50, "2026-01-03");
  progress = recordAttempt(progress, { ...quiz, version: "2027.01" }, 90, "2026-01-04");
  const record = progress.quizzes.visit;
  assert.equal(record.attempts, 4);
  assert.equal(record.best, 90);
  assert.equal(record.bestDate, "2026-01-04");
  assert.equal(record.version, "2027.01");
  assert.equal(record.passed, true);
  assert.equal(record.passDate, "2026-01-02");
  assert.equal(record.passVersion, "2026.12");
  assert.equal(parseProgress(JSON.stringify(progress)).damaged, false, "what we store, we can read");
});

test("recordAttempt starts over when the covered entries changed (new fingerprint)", () => {
  let progress = recordAttempt({ v: 1, quizzes: {} }, quiz, 100, "2026-01-01");
  progress = recordAttempt(progress, { ...quiz, fingerprint: "f2" }, 30, "2026-02-01");
  assert.deepEqual(progress.quizzes.visit, {
    best: 30, passed: false, title: "拜访测验", fingerprint: "f2", attempts: 2, bestDate: "2026-02-01", version: "2026.11",
  });
});

test("quizStatus: 未开始 / 未通过 / 已通过 / 需要重考 / 已下线", () => {
  assert.equal(quizStatus(undefined, "f1"), "todo");
  assert.equal(quizStatus({ ...good, fingerprint: "f1", passed: false }, "f1"), "failed");
  assert.equal(quizStatus({ ...good, fingerprint: "f1" }, "f1"), "passed");
  assert.equal(quizStatus({ ...good, fingerprint: "old" }, "f1"), "retake");
  assert.equal(quizStatus({ ...good }, undefined), "retired");
});

const manifest = {
  version: "2026.11",
  quizzes: [
    { id: "visit", title: "拜访测验", url: "../quizzes/visit/", fingerprint: "f1" },
    { id: "taboo", title: "禁忌测验", url: "../quizzes/taboo/", fingerprint: "t1" },
  ],
};

test("progressRows: manifest order first, then results of quizzes no longer there", () => {
  const progress = { v: 1, quizzes: { gone: { ...good, title: "旧测验" }, visit: { ...good, fingerprint: "f0" } } };
  const rows = progressRows(progress, manifest);
  assert.deepEqual(rows.map((r) => [r.id, r.title, r.status]), [
    ["visit", "拜访测验", "retake"],
    ["taboo", "禁忌测验", "todo"],
    ["gone", "旧测验", "retired"],
  ]);
  assert.equal(rows[2].url, "");
});

test("progressCsv: UTF-8 BOM, Chinese header, quoted fields, no formulas", () => {
  const progress = {
    v: 1,
    quizzes: { visit: { ...good, fingerprint: "f1", passDate: "2026-01-03", passVersion: "2026.11（内容 ab）" } },
  };
  const rows = progressRows(progress, { quizzes: [{ id: "visit", title: '拜访, "进阶"', url: "", fingerprint: "f1" }, { id: "x", title: "=SUM(A1)", url: "", fingerprint: "y" }] });
  const csv = progressCsv(rows);
  assert.ok(csv.startsWith("\ufeff测验,测验 id,状态,"));
  const lines = csv.slice(1).trimEnd().split("\r\n");
  assert.equal(lines.length, 3);
  assert.equal(lines[1], '"拜访, ""进阶""",visit,已通过,80,2026-01-02,2026-01-03,2,2026.11（内容 ab）');
  assert.equal(lines[2], "'=SUM(A1),x,未开始,,,,,");
});

test("progressJson is the stored progress, readable again", () => {
  const progress = recordAttempt({ v: 1, quizzes: {} }, quiz, 75, "2026-01-01");
  assert.deepEqual(parseProgress(progressJson(progress)), { progress, damaged: false });
});

test("percent and today", () => {
  assert.equal(percent(0.625), 63);
  assert.equal(percent(1 / 3), 33);
  assert.match(today(), /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(today(new Date(2026, 0, 5, 23, 59)), "2026-01-05");
});
