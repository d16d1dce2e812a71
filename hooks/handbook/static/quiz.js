// The browser side of the quiz pages, the quizzes overview, the progress page and the certificate.
// One plain ES module, no dependencies. The pure logic comes first and is exported for the Node
// tests in tests/js/; the DOM code below it mounts on every emission of Material's document$.

export const STORE_KEY = "kehu-handbook-progress";
export const STATUS_LABELS = { todo: "未开始", failed: "未通过", passed: "已通过", retake: "需要重考", retired: "已下线" };
export const NOTICE_BLOCKED = "这个浏览器不允许保存数据（可能开了无痕模式或禁止了存储）：可以照常作答，但成绩不会被保存。";
export const NOTICE_DAMAGED = "浏览器里保存的进度有一部分已损坏或无法识别，这部分已被忽略；其余成绩照常保留。";
const NOTICE_NOT_SAVED = "这次成绩没能保存（浏览器存储已满或被禁止）。";

/** The answer key: base64 of the key's JSON, XOR-ed byte-wise with the UTF-8 quiz id (render_quiz.obfuscate). */
export function decodeKey(blob, salt) {
  const pad = new TextEncoder().encode(salt || "k");
  const bytes = Uint8Array.from(atob(blob), (ch, i) => ch.charCodeAt(0) ^ pad[i % pad.length]);
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function shuffle(list, random = Math.random) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** n items picked at random, in their original order (trainers order a pool from easy to hard). */
export function drawItems(list, n, random = Math.random) {
  const picked = new Set(shuffle(list, random).slice(0, n));
  return list.filter((item) => picked.has(item));
}

/** Where a scenario reply leads: the next node id, or null when the dialogue ends there. */
export function nextNode(key, node, choice) {
  const found = (key.nodes[node] || []).find((c) => c[0] === choice);
  const next = found && found[2];
  return next && (key.nodes[next] || []).length ? next : null;
}

/**
 * Score 0..1 of one answer. answer: chosen values (single, multiple, truefalse), the values in
 * their current order (ordering), {left: right} (matching), [[node, choice], ...] (scenario).
 */
export function scoreAnswer(type, key, answer) {
  if (type === "scenario") {
    // The share of turns where the best reply was chosen; a dialogue left unfinished scores 0.
    if (!answer.length) return 0;
    const [lastNode, lastChoice] = answer[answer.length - 1];
    if (nextNode(key, lastNode, lastChoice)) return 0;
    const good = answer.filter(([node, choice]) => {
      const choices = key.nodes[node] || [];
      const found = choices.find((c) => c[0] === choice);
      return found && (found[1] || !choices.some((c) => c[1]));
    });
    return good.length / answer.length;
  }
  const right = key.c;
  if (type === "ordering" || type === "matching") {
    const pairs = type === "ordering" ? right.map((v, i) => [v, answer[i]]) : Object.entries(right).map(([l, r]) => [r, answer[l]]);
    const placed = pairs.filter(([want, got]) => want === got).length;
    return key.p ? placed / pairs.length : Number(placed === pairs.length);
  }
  const hits = answer.filter((v) => right.includes(v)).length;
  const misses = answer.length - hits;
  if (key.p) return Math.max(0, (hits - misses) / right.length);
  return Number(misses === 0 && hits === right.length);
}

export const percent = (share) => Math.round(100 * share);

export function today(date = new Date()) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

const isRecord = (r) =>
  r && typeof r === "object" && Number.isFinite(r.best) && r.best >= 0 && r.best <= 100 &&
  Number.isInteger(r.attempts) && r.attempts > 0 && typeof r.fingerprint === "string" && typeof r.passed === "boolean";

/** Stored progress text -> {progress, damaged}; never throws. Invalid records are dropped, valid ones kept. */
export function parseProgress(text) {
  const progress = { v: 1, quizzes: {} };
  if (text == null) return { progress, damaged: false };
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { progress, damaged: true };
  }
  if (!data || data.v !== 1 || !data.quizzes || typeof data.quizzes !== "object") return { progress, damaged: true };
  let damaged = false;
  for (const [id, record] of Object.entries(data.quizzes)) {
    // Quiz ids are slugs; anything else (such as "__proto__") is damage, not a quiz.
    if (/^[a-z0-9-]+$/.test(id) && isRecord(record)) progress.quizzes[id] = record;
    else damaged = true;
  }
  return { progress, damaged };
}

/** Read the stored progress; blocked or throwing storage gives empty progress and storage null. */
export function loadProgress(getStorage) {
  let storage, text;
  try {
    storage = getStorage();
    text = storage.getItem(STORE_KEY);
  } catch {
    return { progress: parseProgress(null).progress, storage: null, notice: NOTICE_BLOCKED };
  }
  const { progress, damaged } = parseProgress(text);
  return { progress, storage, notice: damaged ? NOTICE_DAMAGED : "" };
}

export function saveProgress(storage, progress) {
  try {
    storage.setItem(STORE_KEY, JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

/**
 * Progress after one graded attempt. quiz: {id, title, passMark, fingerprint, version}.
 * A result for other content (another fingerprint) is replaced: it no longer says anything.
 */
export function recordAttempt(progress, quiz, score, date) {
  const old = progress.quizzes[quiz.id];
  const record = old && old.fingerprint === quiz.fingerprint ? { ...old } : { best: -1, passed: false };
  Object.assign(record, { title: quiz.title, fingerprint: quiz.fingerprint, attempts: ((old && old.attempts) || 0) + 1 });
  if (score > record.best) Object.assign(record, { best: score, bestDate: date, version: quiz.version });
  if (score >= quiz.passMark && !record.passed) Object.assign(record, { passed: true, passDate: date, passVersion: quiz.version });
  return { ...progress, quizzes: { ...progress.quizzes, [quiz.id]: record } };
}

/** A status key of STATUS_LABELS; fingerprint is the manifest's, undefined for a quiz no longer there. */
export function quizStatus(record, fingerprint) {
  if (fingerprint === undefined) return "retired";
  if (!record) return "todo";
  if (record.fingerprint !== fingerprint) return "retake";
  return record.passed ? "passed" : "failed";
}

/** A row per quiz of the manifest, then one per stored result whose quiz is gone. */
export function progressRows(progress, manifest) {
  const known = new Set(manifest.quizzes.map((q) => q.id));
  const rows = manifest.quizzes.map((q) => ({ id: q.id, title: q.title, url: q.url, record: progress.quizzes[q.id], fingerprint: q.fingerprint }));
  for (const [id, record] of Object.entries(progress.quizzes)) {
    if (!known.has(id)) rows.push({ id, title: record.title || id, url: "", record });
  }
  return rows.map((row) => ({ ...row, status: quizStatus(row.record, row.fingerprint) }));
}

function csvField(value) {
  let text = value == null ? "" : String(value);
  if (/^[=+\-@]/.test(text)) text = "'" + text; // keep Excel from running a cell as a formula
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV for Excel: a UTF-8 byte order mark, or Excel reads the Chinese as GBK. */
export function progressCsv(rows) {
  const head = ["测验", "测验 id", "状态", "最好成绩(%)", "最好成绩日期", "通过日期", "作答次数", "通过时的手册版本"];
  const lines = rows.map(({ title, id, status, record: r = {} }) =>
    [title, id, STATUS_LABELS[status], r.best, r.bestDate, r.passDate, r.attempts, r.passVersion]);
  return "\ufeff" + [head, ...lines].map((line) => line.map(csvField).join(",")).join("\r\n") + "\r\n";
}

export const progressJson = (progress) => JSON.stringify(progress, null, 2);

/* ---------------------------------------------------------------- DOM ---------------------------------------------------------------- */

const $ = (selector, root) => root.querySelector(selector);
const $$ = (selector, root) => [...root.querySelectorAll(selector)];

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** The content of a <template>: markup rendered at build time, never HTML strings built here. */
const cloneTemplate = (template) => (template ? template.content.cloneNode(true) : document.createDocumentFragment());

function showNotice(root, text) {
  const note = $(".hb-storage-note", root);
  if (note && text) {
    note.textContent = text;
    note.hidden = false;
  }
}

const openStore = () => loadProgress(() => window.localStorage);
const readManifest = (root) => JSON.parse(root.dataset.manifest);

function mountQuiz(root) {
  const data = root.dataset;
  const quiz = { id: data.quizId, title: data.title, passMark: Number(data.passMark), fingerprint: data.fingerprint, version: data.version };
  const keys = decodeKey(data.key, quiz.id);
  const questions = $$(".hb-q", root).map((li) => ({ li, type: li.dataset.type, key: keys[li.dataset.uid] }));
  const modes = data.modes.split(" ");
  const modeBox = $(".hb-mode", root);
  const submit = $(".hb-submit", root);
  const retake = $(".hb-retake", root);
  const result = $(".hb-result", root);
  const announcer = make("p", "hb-sr");
  announcer.setAttribute("aria-live", "polite");
  root.append(announcer);
  const say = (text) => (announcer.textContent = text);
  showNotice(root, openStore().notice);
  let mode = modes[0];
  let drawn = [];

  function start() {
    drawn = drawItems(questions, Number(data.draw) || questions.length);
    let number = 0;
    for (const q of questions) {
      q.li.hidden = !drawn.includes(q);
      reset(q);
      if (!q.li.hidden) $(".hb-q-n", q.li).textContent = ++number;
    }
    submit.hidden = false;
    retake.hidden = true;
    result.hidden = true;
    result.replaceChildren();
  }

  function reset(q) {
    const li = q.li;
    q.score = null;
    q.path = [];
    $$(".hb-mark", li).forEach((mark) => mark.remove());
    $$(".hb-right, .hb-wrong", li).forEach((node) => node.classList.remove("hb-right", "hb-wrong"));
    $$("input, select, button", li).forEach((control) => {
      control.disabled = false;
      if (control.type === "radio" || control.type === "checkbox") control.checked = false;
    });
    $$("select", li).forEach((select) => (select.value = ""));
    $(".hb-feedback", li).replaceChildren();
    const check = $(".hb-check", li);
    if (check) check.hidden = mode !== "practice";
    for (const box of $$(".hb-shuffle", li)) {
      const children = [...box.children].filter((child) => child.value !== ""); // keep a select's "请选择" first
      let order;
      do order = shuffle(children);
      // An ordering question must not start out solved.
      while (q.type === "ordering" && children.length > 1 && order.every((item, i) => item.dataset.value === q.key.c[i]));
      box.append(...order);
    }
    if (q.type === "scenario") {
      $(".hb-dialogue", li).replaceChildren();
      showNode(q, q.key.start);
    }
  }

  function showNode(q, id) {
    const template = $$("template.hb-node", q.li).find((t) => t.dataset.node === id);
    const turn = cloneTemplate(template).firstElementChild;
    turn.dataset.node = id;
    turn.tabIndex = -1;
    $(".hb-dialogue", q.li).append(turn);
    return turn;
  }

  const optionFeedback = (q, value) => cloneTemplate($$("template.hb-option-feedback", q.li).find((t) => t.dataset.value === value));

  function mark(node, right, text) {
    node.classList.add(right ? "hb-right" : "hb-wrong");
    if (text) node.append(make("span", "hb-mark", text));
  }

  // A scenario turn after the reply: is it the best one, and the reply's own feedback.
  function turnFeedback(q, turn) {
    if (turn.dataset.shown || !turn.dataset.choice) return;
    turn.dataset.shown = "1";
    const choices = q.key.nodes[turn.dataset.node];
    for (const input of $$("input", turn)) {
      const best = choices.some((c) => c[0] === input.value && c[1]);
      if (best || input.checked) mark(input.closest("label"), best, best ? "（最好的回答）" : "（不是最好的回答）");
    }
    const feedback = make("div", "hb-turn-feedback");
    feedback.append(optionFeedback(q, `${turn.dataset.node}:${turn.dataset.choice}`));
    if (feedback.firstChild) turn.append(feedback);
  }

  function reply(q, button) {
    const turn = button.closest(".hb-turn");
    const picked = $("input:checked", turn);
    if (!picked) return say("请先选一个回答。");
    const node = turn.dataset.node;
    turn.dataset.choice = picked.value;
    q.path.push([node, picked.value]);
    $$("input", turn).forEach((input) => (input.disabled = true));
    button.remove();
    if (mode === "practice") turnFeedback(q, turn);
    const next = nextNode(q.key, node, picked.value);
    if (next) return $("input", showNode(q, next)).focus();
    const closing = q.key.nodes[node].find((c) => c[0] === picked.value)[2]; // a last line without replies
    const end = closing ? showNode(q, closing) : turn;
    if (mode === "practice") grade(q, true);
    else end.focus();
  }

  function answerOf(q) {
    const li = q.li;
    if (q.type === "ordering") return $$(".hb-order-item", li).map((item) => item.dataset.value);
    if (q.type === "matching") return Object.fromEntries($$("select", li).map((s) => [s.dataset.value, s.value]));
    if (q.type === "scenario") return q.path;
    return $$(".hb-options input:checked", li).map((input) => input.value);
  }

  function grade(q, moveFocus) {
    if (q.score != null) return;
    const { li, key, type } = q;
    const answer = answerOf(q);
    q.score = scoreAnswer(type, key, answer);
    const answered = type === "ordering" || Object.values(answer).some(Boolean);
    const unfinished = type === "scenario" && answered && $(".hb-reply", li); // a reply still to give
    let extra = [];
    if (type === "ordering") {
      $$(".hb-order-item", li).forEach((item, i) => {
        const want = key.c.indexOf(item.dataset.value);
        mark(item, want === i, want === i ? "" : `（应排第 ${want + 1}）`);
      });
    } else if (type === "matching") {
      for (const select of $$("select", li)) {
        const want = key.c[select.dataset.value];
        const right = select.value === want;
        mark(select.parentNode, right, right ? "" : `正确：${$(`option[value="${want}"]`, select).textContent}`);
      }
    } else if (type === "scenario") {
      $$(".hb-turn", li).forEach((turn) => turnFeedback(q, turn));
    } else {
      for (const input of $$(".hb-options input", li)) {
        const right = key.c.includes(input.value);
        const note = right ? (input.checked ? "（选对了）" : "（正确答案）") : "（选错了）";
        if (right || input.checked) mark(input.closest("label"), right, note);
      }
      extra = answer.map((value) => optionFeedback(q, value));
    }
    $$("input, select, button", li).forEach((control) => (control.disabled = true));
    const check = $(".hb-check", li);
    if (check) check.hidden = true;
    const feedback = $(".hb-feedback", li);
    const verdict = !answered ? "没有作答" : unfinished ? "对话没有走完" : q.score === 1 ? "答对了" : q.score > 0 ? `部分正确，得 ${percent(q.score)} 分（满分 100）` : "答错了";
    feedback.replaceChildren(make("p", "hb-verdict " + (q.score === 1 ? "hb-ok" : "hb-bad"), verdict), ...extra,
      cloneTemplate($("template.hb-explanation", li)));
    if (moveFocus) {
      feedback.tabIndex = -1;
      feedback.focus();
    }
  }

  function finish() {
    drawn.forEach((q) => grade(q, false));
    const total = percent(drawn.reduce((sum, q) => sum + q.score, 0) / drawn.length);
    const passed = total >= quiz.passMark;
    // Read again: another tab may have saved other results since this page was opened.
    const store = openStore();
    const progress = recordAttempt(store.progress, quiz, total, today());
    const saved = store.storage && saveProgress(store.storage, progress);
    const record = progress.quizzes[quiz.id];
    const parts = [make("p", "hb-score " + (passed ? "hb-ok" : "hb-bad"), `得分 ${total}% · ${passed ? "通过" : "未通过"}（及格线 ${quiz.passMark}%）`)];
    if (saved) parts.push(make("p", "", `已保存。这个测验你的最好成绩：${record.best}%（${record.bestDate}）。`));
    else parts.push(make("p", "hb-storage-note", store.storage ? NOTICE_NOT_SAVED : NOTICE_BLOCKED));
    const missed = drawn.filter((q) => q.score < 1);
    if (missed.length) {
      parts.push(make("p", "", "这些题没有全对，回去重读对应的条目："));
      const list = make("ul", "hb-missed");
      for (const q of missed) {
        const item = make("li", "", `第 ${$(".hb-q-n", q.li).textContent} 题（${percent(q.score)} 分）`);
        item.append($(".hb-reread", $("template.hb-explanation", q.li).content).cloneNode(true));
        list.append(item);
      }
      parts.push(list);
    }
    result.replaceChildren(...parts);
    result.hidden = false;
    submit.hidden = true;
    retake.hidden = false;
    result.focus();
  }

  // Move the neighbour, not the item itself: moving the element that holds focus would drop focus.
  function move(button) {
    const item = button.closest(".hb-order-item");
    const up = button.classList.contains("hb-up");
    const other = up ? item.previousElementSibling : item.nextElementSibling;
    if (!other) return say(up ? "已经在最上面了。" : "已经在最下面了。");
    if (up) item.after(other);
    else item.before(other);
    say(`${$(".hb-order-text", item).textContent}：现在是第 ${[...item.parentNode.children].indexOf(item) + 1} 项。`);
  }

  modeBox.hidden = modes.length < 2;
  modeBox.addEventListener("change", (event) => {
    mode = event.target.value;
    start();
    say(`已切换到${event.target.parentNode.textContent.trim()}，重新开始作答。`);
  });
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const q = button && questions.find((each) => each.li.contains(button));
    if (!q) return;
    if (button.matches(".hb-check")) grade(q, true);
    else if (button.matches(".hb-up, .hb-down")) move(button);
    else if (button.matches(".hb-reply")) reply(q, button);
  });
  submit.addEventListener("click", finish);
  retake.addEventListener("click", () => {
    start();
    $("input, select, button", drawn[0].li).focus();
  });
  $(".hb-actions", root).hidden = false;
  start();
  root.classList.add("hb-ready");
}

const cell = (content) => {
  const td = make("td");
  td.append(content ?? "");
  return td;
};

function mountProgress(root) {
  const store = openStore();
  showNotice(root, store.notice);
  const rows = progressRows(store.progress, readManifest(root));
  $("tbody", root).replaceChildren(...rows.map((row) => {
    const title = make(row.url ? "a" : "span", "", row.title);
    if (row.url) title.href = row.url;
    const r = row.record || {};
    const tr = make("tr");
    tr.dataset.status = row.status;
    tr.append(cell(title), cell(STATUS_LABELS[row.status]), cell(r.best == null ? "—" : `${r.best}%`), cell(r.bestDate || "—"));
    return tr;
  }));
  root.addEventListener("click", (event) => {
    const button = event.target.closest(".hb-export");
    if (!button) return;
    const csv = button.dataset.format === "csv";
    const text = csv ? progressCsv(rows) : progressJson(store.progress);
    const link = make("a");
    link.href = URL.createObjectURL(new Blob([text], { type: csv ? "text/csv;charset=utf-8" : "application/json" }));
    link.download = `客情手册进度-${today()}.${csv ? "csv" : "json"}`;
    link.click(); // a detached link: Material's instant navigation never sees the click
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });
}

function mountQuizList(root) {
  const { progress } = openStore();
  for (const row of progressRows(progress, readManifest(root))) {
    const badge = $(`[data-status-for="${row.id}"]`, root);
    if (!badge) continue;
    badge.textContent = STATUS_LABELS[row.status] + (row.record ? ` · 最好 ${row.record.best}%` : "");
    badge.dataset.status = row.status;
  }
}

function mountCertificate(root) {
  const manifest = readManifest(root);
  const store = openStore();
  showNotice(root, store.notice);
  const input = $(".hb-cert-name-input", root);
  const name = $(".hb-cert-name", root);
  input.addEventListener("input", () => (name.textContent = input.value.trim()));
  $(".hb-print", root).addEventListener("click", () => {
    if (input.value.trim()) window.print();
    else {
      input.focus();
      input.reportValidity(); // the input is required: the browser says what is missing
    }
  });
  const passed = progressRows(store.progress, manifest).filter((row) => row.record && row.record.passed);
  $("tbody", root).replaceChildren(...passed.map(({ title, record: r }) => {
    const tr = make("tr");
    tr.append(cell(title), cell(`${r.best}%`), cell(r.passDate), cell(r.passVersion));
    return tr;
  }));
  $(".hb-cert-empty", root).hidden = passed.length > 0;
  $(".hb-cert-table", root).hidden = !passed.length;
  $(".hb-cert-version span", root).textContent = manifest.version;
}

const MOUNTERS = { "hb-quiz": mountQuiz, "hb-progress": mountProgress, "hb-certificate": mountCertificate, ".hb-quiz-list": mountQuizList };
const mounted = new WeakSet();

// Material's instant navigation swaps the page content without a reload and re-inserts the new
// content's <script src> elements. Checked in Chromium: arriving on a quiz page that way evaluates
// this module (once); every later arrival re-inserts it, but a module already evaluated in this
// document is not evaluated again. So the first evaluation subscribes to document$ and mounts on
// every emission (document$ replays the last one on subscribe), skipping elements already mounted.
function mountAll() {
  for (const [selector, mount] of Object.entries(MOUNTERS)) {
    for (const root of document.querySelectorAll(selector)) {
      if (mounted.has(root)) continue;
      mounted.add(root);
      try {
        mount(root);
      } catch (error) {
        setTimeout(() => { throw error; }); // report it, but keep the document$ subscription alive
      }
    }
  }
}

if (typeof document !== "undefined") {
  if (window.document$) window.document$.subscribe(mountAll);
  else mountAll();
}
