/* Search worker for the handbook.
 *
 * It speaks the message protocol of Material's own search worker (0 setup, 1 ready, 2 query,
 * 3 result), so Material's search box, result list, keyboard handling and highlighting stay as
 * they are; the build only points Material at this file instead of its worker.
 *
 * Why not Material's worker: for Chinese it splits the query with an experimental segment()
 * that never looks at the query's last character and ORs the pieces, so 客情关系 is searched as
 * 客情 | 关*. Here the query is segmented with a dictionary made of the index's own jieba tokens
 * (so query and index agree, the trainers' domain words included), every word must occur in a
 * result (AND), and sections that contain the whole phrase or have the words in their title
 * rank first. Matching is by substring on the text, which for Chinese is what a reader means.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const MAX_WORD = 8
let docs = []
let lexicon = new Map()
let lexiconTotal = 1
let synonyms = {}
let toSimplified = {}
let ignored = new Set()   // question words such as 怎么, 多久: they say nothing about the topic

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'", "&nbsp;": " " }

function plainText(html) {
  return html.replace(/<[^>]*>/g, " ").replace(/&[#\w]+;/g, m => ENTITIES[m] || m)
    .replace(/\u200b/g, "").toLowerCase()
}

function isHan(ch) {
  return /\p{sc=Han}/u.test(ch)
}

function buildLexicon(documents, separator) {
  const counts = new Map()
  let total = 0
  const split = new RegExp(separator, "u")
  for (const doc of documents)
    for (const token of `${doc.title} ${doc.text}`.replace(/<[^>]*>/g, " ").split(split))
      if (token && [...token].every(isHan)) {
        counts.set(token, (counts.get(token) || 0) + 1)
        total++
      }
  return { counts, total: Math.max(total, 1) }
}

/* Most probable split of a run of Han characters, by unigram frequencies of the index's tokens
 * (the same idea as jieba's own dynamic programming, minus its HMM for unknown words). */
function segmentHan(run, counts, total) {
  const n = run.length
  const best = new Array(n + 1).fill(-Infinity)
  const from = new Array(n + 1).fill(0)
  best[0] = 0
  const unknown = Math.log(1 / total) - 5
  for (let i = 1; i <= n; i++)
    for (let j = Math.max(0, i - MAX_WORD); j < i; j++) {
      const word = run.slice(j, i)
      const count = counts.get(word)
      const score = best[j] + (count ? Math.log(count / total) : (i - j === 1 ? unknown : -Infinity))
      if (score > best[i]) {
        best[i] = score
        from[i] = j
      }
    }
  const words = []
  for (let i = n; i > 0; i = from[i])
    words.unshift(run.slice(from[i], i))
  return words
}

function queryTerms(query, counts, total, t2s = {}, stop = new Set()) {
  const text = [...query.toLowerCase()].map(ch => t2s[ch] || ch).join("")
  const terms = []
  for (const chunk of text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean))
    for (const run of chunk.match(/\p{sc=Han}+|[^\p{sc=Han}]+/gu) || [])
      terms.push(...(isHan(run[0]) ? segmentHan(run, counts, total) : [run]))
  const unique = [...new Set(terms)]
  const topical = unique.filter(term => !stop.has(term))
  // Ignored words are not required, but a title that has them ("客情是什么") answers the question.
  const soft = topical.length ? unique.filter(term => stop.has(term)) : []
  return { terms: topical.length ? topical : unique, soft, phrase: text.replace(/[\s\p{P}\p{S}]+/gu, "") }
}

function count(haystack, needle) {
  let n = 0
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++
  return n
}

function matches(doc, alternatives, field) {
  return alternatives.some(alt => doc[field].includes(alt))
}

function rank(documents, terms, phrase, synonymMap = {}, soft = []) {
  const alternatives = terms.map(term => [term, ...(synonymMap[term] || [])])
  const found = alternatives.map(alts => documents.filter(doc => matches(doc, alts, "plain")).length)
  const idf = found.map(df => Math.log(1 + documents.length / (1 + df)))
  const scored = []
  for (const doc of documents) {
    let score = 0, hits = 0, weight = 0
    alternatives.forEach((alts, i) => {
      if (!matches(doc, alts, "plain")) return
      hits++
      weight += idf[i]
      const inTitle = matches(doc, alts, "plainTitle") ? 1 : 0
      const inTags = matches(doc, alts, "plainTags") ? 1 : 0
      const inText = alts.reduce((sum, alt) => sum + count(doc.plainText, alt), 0)
      score += idf[i] * (4 * inTitle + 1.5 * inTags + Math.log(1 + inText))
    })
    if (!hits) continue
    for (const word of soft) {
      const alts = [word, ...(synonymMap[word] || [])]
      if (matches(doc, alts, "plainTitle")) score += 3
      else if (matches(doc, alts, "plainTags")) score += 1.5
    }
    // Neighbouring query words that stand together in the title ("药店说") mean the title says it.
    for (let i = 1; i < terms.length; i++)
      if (doc.plainTitle.includes(terms[i - 1] + terms[i])) score += 2
    if (phrase.length > 1 && terms.length > 1) {
      if (doc.plainTitle.includes(phrase)) score *= 3
      else if (doc.plainText.includes(phrase)) score *= 1.5
    }
    scored.push({ doc, score: score / (1 + doc.plainText.length / 4000), hits, weight })
  }
  // Every word must occur (AND). Only when nothing has them all, fall back to what covers most of
  // the query's weight, so rare words (药店, 进货) count for more than common ones (说, 不).
  const complete = scored.filter(s => s.hits === terms.length)
  const best = Math.max(0, ...scored.map(s => s.weight))
  const results = complete.length ? complete : scored.filter(s => s.weight >= 0.6 * best)
  return { results: results.sort((a, b) => b.score - a.score), alternatives }
}

function escapeRegExp(value) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

/* Wrap matches in <mark> inside text only, never inside a tag. The index holds the build's
 * sanitised HTML, so what comes back is as safe as the page itself. */
function highlight(html, words) {
  const clean = html.replace(/\u200b/g, "")
  if (!words.length) return clean
  const pattern = new RegExp(words.map(escapeRegExp).sort((a, b) => b.length - a.length).join("|"), "gi")
  return clean.split(/(<[^>]*>)/).map(part => part.startsWith("<") ? part : part.replace(pattern, "<mark>$&</mark>")).join("")
}

const SNIPPET = 90

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, ch => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[ch])
}

/* A short teaser around the first match: a rep on a phone needs the line, not the whole entry. */
function snippet(html, words) {
  const text = html.replace(/<[^>]*>/g, " ").replace(/&[#\w]+;/g, m => ENTITIES[m] || m)
    .replace(/\u200b/g, "").replace(/\s+/g, " ").trim()
  const lower = text.toLowerCase()
  const first = Math.min(...words.map(w => lower.indexOf(w)).filter(i => i >= 0), text.length)
  const start = first === text.length ? 0 : Math.max(0, first - 20)
  const cut = text.slice(start, start + SNIPPET)
  return `<p>${start > 0 ? "…" : ""}${highlight(escapeHtml(cut), words.map(escapeHtml))}${start + SNIPPET < text.length ? "…" : ""}</p>`
}

function search(query) {
  const { terms, soft, phrase } = queryTerms(query, lexicon, lexiconTotal, toSimplified, ignored)
  if (!terms.length) return { items: [] }
  const { results, alternatives } = rank(docs, terms, phrase, synonyms, soft)
  const groups = new Map()
  for (const { doc, score } of results) {
    const page = doc.location.split("#")[0]
    const matched = {}
    alternatives.forEach((alts, i) => { matched[terms[i]] = matches(doc, alts, "plain") })
    const words = alternatives.flat().filter(alt => doc.plain.includes(alt))
    const item = { location: doc.location, title: highlight(doc.title, words), text: snippet(doc.text, words), score, terms: matched }
    // Tags are matched but not shown: Material puts each result's tags in an unnamed <nav>,
    // and several of them on one screen are landmarks a screen reader cannot tell apart.
    groups.set(page, [...(groups.get(page) || []), item])
  }
  // Material renders each group with its page first; add the page when only sections matched.
  for (const [page, items] of groups)
    if (!items.some(item => item.location === page)) {
      const doc = docs.find(d => d.location === page)
      if (doc) items.push({ location: doc.location, title: doc.title.replace(/\u200b/g, ""), text: "", score: 0, terms: {} })
    }
  return { items: [...groups.values()] }
}

function setup(data) {
  docs = data.docs.map(doc => {
    const plainTitle = plainText(doc.title)
    // Tags are the trainer's own keywords for an entry: searchable, weighed between title and text.
    const plainTags = (doc.tags || []).join(" ").toLowerCase()
    const plainBody = plainText(doc.text)
    return { ...doc, plainTitle, plainTags, plainText: plainBody, plain: `${plainTitle}\n${plainTags}\n${plainBody}` }
  })
  const extra = data.config.handbook || {}
  synonyms = extra.synonyms || {}
  toSimplified = extra.t2s || {}
  ignored = new Set(extra.ignore || [])
  const built = buildLexicon(data.docs, data.config.separator)
  // Field words and ignored words must be segmented whole, even where the text lacks them.
  for (const word of [...(extra.words || []), ...(extra.ignore || [])])
    built.counts.set(word, Math.max(built.counts.get(word) || 0, 50))
  lexicon = built.counts
  lexiconTotal = built.total
}

if (typeof self !== "undefined" && typeof self.addEventListener === "function" && typeof document === "undefined")
  self.addEventListener("message", event => {
    const message = event.data
    if (message.type === SETUP) {
      setup(message.data)
      self.postMessage({ type: READY })
    } else if (message.type === QUERY) {
      try {
        self.postMessage({ type: RESULT, data: search(message.data) })
      } catch (err) {
        console.warn("search failed", err)
        self.postMessage({ type: RESULT, data: { items: [] } })
      }
    }
  })

// For unit tests under Node (a classic worker has no `module`).
if (typeof module !== "undefined") module.exports = { buildLexicon, segmentHan, queryTerms, rank, highlight }
