// Pure logic of the search worker: query segmentation, AND ranking, highlighting.
import { test } from "node:test"
import assert from "node:assert/strict"
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)
const { buildLexicon, segmentHan, queryTerms, rank, highlight } = require("../../hooks/handbook/static/search-worker.js")

const SEPARATOR = "[\\s\\u200b\\u3000\\-、。，．？！；]+"
const doc = (location, title, text, tags) => {
  const plainTitle = title.replace(/\u200b/g, "")
  const plainText = text.replace(/<[^>]*>/g, " ").replace(/\u200b/g, "")
  const plainTags = (tags || []).join(" ")
  return { location, title, text, tags, plainTitle, plainTags, plainText, plain: `${plainTitle}\n${plainTags}\n${plainText}` }
}
const DOCS = [
  doc("a/#one", "客情\u200b关系\u200b的\u200b层次", "<p>客情\u200b关系\u200b分\u200b四\u200b层</p>"),
  doc("a/#two", "拜访\u200b计划", "<p>客情\u200b要\u200b靠\u200b拜访\u200b维护\u200b，\u200b关系\u200b要\u200b稳</p>"),
  doc("b/#three", "上架费", "<p>上架费\u200b写\u200b进\u200b合同</p>", ["进场费"]),
  doc("b/#four", "终端", "<p>客情\u200b很\u200b重要</p>"),
]
const { counts, total } = buildLexicon(DOCS, SEPARATOR)

test("the query's last word is kept whole (Material's segment() drops it)", () => {
  assert.deepEqual(segmentHan("客情关系", counts, total), ["客情", "关系"])
})

test("question words are dropped from the required terms but kept as soft hints", () => {
  const known = new Map([...counts, ["什么", 50], ["是", 50]])
  const { terms, soft } = queryTerms("客情是什么", known, total, {}, new Set(["是", "什么"]))
  assert.deepEqual(terms, ["客情"])
  assert.deepEqual(soft, ["是", "什么"])
})

test("traditional characters are read as simplified", () => {
  const { terms } = queryTerms("關係", new Map([["关系", 3]]), 3, { "關": "关", "係": "系" })
  assert.deepEqual(terms, ["关系"])
})

test("every word must occur: 客情关系 does not return sections with only 客情", () => {
  const { results } = rank(DOCS, ["客情", "关系"], "客情关系")
  assert.deepEqual(results.map(r => r.doc.location).sort(), ["a/#one", "a/#two"])
  assert.equal(results[0].doc.location, "a/#one") // the whole phrase, in the title, ranks first
})

test("a synonym or a tag finds the entry", () => {
  const { results } = rank(DOCS, ["进店费"], "进店费", { "进店费": ["进场费"] })
  assert.deepEqual(results.map(r => r.doc.location), ["b/#three"])
})

test("highlighting never touches markup", () => {
  assert.equal(highlight('<p class="客情">客情</p>', ["客情"]), '<p class="客情"><mark>客情</mark></p>')
})
