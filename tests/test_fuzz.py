"""Property-based fuzzing of the loader, the validator and the cross-file checks.

Whatever bytes a trainer's editor writes, the only allowed outcomes are a valid model or a
list of located problems, in Chinese, never an exception. Inputs are random YAML-looking
text, random bytes, and the fixture handbook mutated as text and as data; a mutated handbook
that is still valid must also render every page.

`make test` runs the "test" profile: the same 300 examples per property on every run. `make fuzz`
sets HANDBOOK_FUZZ=fuzz: 10,000 fresh examples per single-file property (1,000 for the whole-site
one, which renders every page) and Hypothesis' statistics. A failure prints the smallest input
that breaks and a blob to replay it with @reproduce_failure.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from handbook import cli
from handbook.content import load_content
from handbook.model import PLAYBOOK_MODELS
from handbook.problems import HandbookError, Problem
from handbook.quiz_model import Quiz
from handbook.site import generated_pages
from handbook.validate import validate_document
from handbook.yaml_loader import field_names, load_yaml_bytes

from conftest import FIXTURES, ROOT

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("test", max_examples=300, deadline=None, derandomize=True, database=None,
                          suppress_health_check=_SLOW_IS_FINE)
settings.register_profile("fuzz", max_examples=10_000, deadline=None, print_blob=True, suppress_health_check=_SLOW_IS_FINE)
FUZZ = settings.get_profile(os.environ.get("HANDBOOK_FUZZ", "test"))
# Rendering every page of a handbook is about a hundred times slower than loading one file.
FUZZ_SITE = settings(FUZZ, max_examples=max(FUZZ.max_examples // 10, 100))

PLAYBOOK_FILES = sorted((FIXTURES / "handbook" / "playbooks").glob("*.yml"))
QUIZ_FILE = FIXTURES / "handbook" / "quizzes" / "visit.yml"
FIXTURE_FILES = PLAYBOOK_FILES + [QUIZ_FILE]
SETTINGS = cli.read_settings(ROOT / "mkdocs.yml")

# Words pydantic and PyYAML use: if one reaches a trainer, a message was not translated.
UNTRANSLATED = re.compile(r"Input should|Field required|validation error|should be a valid|while (?:scanning|parsing)|"
                          r"could not find|not allowed|expected [<'a-z]|Traceback")


FIELDS = sorted(field_names())  # the keys a mutation is most likely to hit something with
HOSTILE_CHARACTERS = (
    "-:?,[]{}#&*!|>'\"%@`\\~ \t\n\r"  # YAML indicators and white space
    "abcxyz019ABC_."  # ASCII
    "客情拜访店长红线采购"  # Chinese
    "：，（）。　“”"  # full-width punctuation and the full-width space
    "\u200b\u200d\ufeff\u2028\u00a0\u00ad"  # invisible
    "\x00\x07\x1b\x7f\x85\ud7ff\ue000\U0001f600"  # controls and edge code points
)
SPECIAL_SCALARS = ["no", "on", "yes", "off", "~", "null", "1e3", "0x1F", "12:30", "2026-01-01", ".inf", "-", "''", '""',
                   "&a x", "*a", "!!binary aGk=", "!foo x", "! x", "<<", "|", ">", "[a, b]", "{a: b}", "'unclosed", "a: b",
                   "x #c", "**粗**", "@x", "fx-no-cash", "fx-steps", "Fx-No-Cash", "fx\u200b-no-cash", "all", "single", "taboos",
                   "true", "99999999999999999999999999"]
# What a pasted web page or a malicious edit brings: each must reach the page as text or be sanitised away.
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[点我](javascript:alert(1))", "<a href='jav&#x09;ascript:alert(1)'>x</a>",
            "<svg onload=alert(1)>", "<iframe src=javascript:alert(1)>", "</style><script>alert(1)</script>", "\" onmouseover=\"alert(1)",
            "' onfocus='alert(1)' autofocus='", "</script><script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "<base href=//evil.example/>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "![x](javascript:alert(1))", "<javascript:alert(1)>", "[x](data:text/html,<script>alert(1)</script>)", "<details open ontoggle=alert(1)>"]

scalars = st.one_of(st.sampled_from(SPECIAL_SCALARS), st.integers(4000, 5000).map(lambda n: "1" * n),
                    st.text(alphabet=HOSTILE_CHARACTERS, max_size=12))
texts = st.one_of(st.sampled_from(PAYLOADS), st.text(alphabet=HOSTILE_CHARACTERS, min_size=1, max_size=20),
                  st.lists(st.sampled_from(PAYLOADS + ["客情", " ", "**", "\n", "`"]), min_size=1, max_size=4).map("".join))
keys = st.one_of(st.sampled_from(FIELDS + ["titel", "Title", "ti\u200btle", "title\u3000", "<<", "? x"]),
                 st.text(alphabet=HOSTILE_CHARACTERS, min_size=1, max_size=6))
yaml_lines = st.builds(
    lambda indent, dash, key, colon, value: " " * indent + ("- " if dash else "") + key + colon + value,
    st.integers(0, 8), st.booleans(), keys, st.sampled_from([": ", ":", "：", ":\u3000", ": \t", " : "]), scalars,
)
yaml_texts = st.builds(
    lambda lines, newline, bom: ("\ufeff" if bom else "") + newline.join(lines),
    st.lists(st.one_of(yaml_lines, scalars), max_size=25), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans(),
)
plain_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.sampled_from(SPECIAL_SCALARS),
              st.text(alphabet=HOSTILE_CHARACTERS, max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4)),
    max_leaves=12,
)
ENCODINGS = ["utf-8"] * 8 + ["utf-8-sig", "gb18030", "utf-16"]


# ---------------------------------------------------------------- what every outcome must look like


def assert_located(problems: list, lines_in: dict[str, int]) -> None:
    """Every problem names a file it was given, a real line and column, and says what and how, in Chinese."""
    assert problems, "an invalid document must say why"
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path in lines_in, problem
        assert 1 <= problem.line <= lines_in[problem.path] + 1, problem
        assert problem.col >= 1, problem
        assert problem.what.strip() and problem.fix.strip(), problem
        assert not UNTRANSLATED.search(problem.what + problem.fix), problem


def line_count(raw: bytes) -> int:
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def check_one_file(raw: bytes) -> None:
    """Load and validate `raw` as a playbook and as a quiz: a model, or located problems."""
    for models, word in ((PLAYBOOK_MODELS, "手册"), ({"quiz": Quiz}, "测验")):
        doc, problems = load_yaml_bytes(raw, "playbooks/x.yml")
        if doc is not None and not problems:
            model, problems = validate_document(doc, models, word)
            if model is not None:
                assert problems == []
                assert isinstance(model, tuple(models.values()))
                event(f"valid {word}")
                continue
        assert_located(problems, {"playbooks/x.yml": line_count(raw)})
        event(f"{word}: problems found while " + ("validating" if doc is not None else "reading"))


# ---------------------------------------------------------------- mutations


def _line_index(draw, lines: list[str]) -> int:
    return draw(st.integers(0, max(len(lines) - 1, 0)))


def _delete_line(draw, lines):
    del lines[_line_index(draw, lines)]


def _duplicate_line(draw, lines):
    i = _line_index(draw, lines)
    lines.insert(i, lines[i] if lines else "")


def _swap_lines(draw, lines):
    i, j = _line_index(draw, lines), _line_index(draw, lines)
    if lines:
        lines[i], lines[j] = lines[j], lines[i]


def _reindent(draw, lines):
    i = _line_index(draw, lines)
    if lines:
        shift = draw(st.integers(-4, 4))
        lines[i] = " " * max(0, len(lines[i]) - len(lines[i].lstrip(" ")) + shift) + lines[i].lstrip(" ")


def _insert_text(draw, lines):
    i = _line_index(draw, lines)
    if lines:
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + draw(st.text(alphabet=HOSTILE_CHARACTERS, min_size=1, max_size=4)) + lines[i][at:]


def _replace_value(draw, lines):
    i = _line_index(draw, lines)
    if lines and ": " in lines[i]:
        lines[i] = lines[i].split(": ", 1)[0] + ": " + draw(scalars)


def _insert_line(draw, lines):
    lines.insert(_line_index(draw, lines), draw(yaml_lines))


TEXT_MUTATIONS = [_delete_line, _duplicate_line, _swap_lines, _reindent, _insert_text, _replace_value, _insert_line]


@st.composite
def mutated_text(draw, path: Path) -> bytes:
    """A fixture file edited the way hurried hands edit: lines lost, doubled, moved, re-indented, typed into."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        draw(st.sampled_from(TEXT_MUTATIONS))(draw, lines)
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode(draw(st.sampled_from(ENCODINGS)))


def _places(node, found: list) -> list:
    """Every (container, key or index) in a parsed document."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in list(items):
        found.append((node, key))
        _places(value, found)
    return found


# Fields whose value is an id, a choice or a file name: new words there are errors, not text.
NOT_TEXT = {"id", "kind", "type", "severity", "see", "covers", "sources", "next", "renamed_from", "playbooks",
            "include_quizzes", "modes", "pass_mark", "draw", "order"}


def _text_places(node, found: list, inside: str = "") -> list:
    """Every (container, key) holding words a trainer writes: titles, summaries, options, feedback…"""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in list(items):
        name = key if isinstance(key, str) else inside
        if isinstance(value, str) and name not in NOT_TEXT:
            found.append((node, key))
        _text_places(value, found, name)
    return found


def _mutate_data(draw, data, gentle: bool) -> None:
    places = _text_places(data, []) if gentle else _places(data, [])
    if not places:
        return
    container, key = draw(st.sampled_from(places))
    action = "retext" if gentle else draw(st.sampled_from(["retext", "replace", "delete", "add", "copy-id"]))
    if action == "retext":  # new words in a text field: usually still valid, so the pages get rendered
        if isinstance(container[key], str):
            container[key] = draw(texts)
    elif action == "replace":
        container[key] = draw(plain_values)
    elif action == "delete":
        del container[key]
    elif action == "add" and isinstance(container, dict):
        container[draw(st.sampled_from(FIELDS + ["titel"]))] = draw(plain_values)
    elif action == "add":
        container.insert(draw(st.integers(0, len(container))), draw(plain_values))
    elif isinstance(container, dict):  # copy-id: another fixture id here makes duplicates and dangling references
        container[key] = draw(st.sampled_from(["fx-no-cash", "fx-steps", "fx-visit-quiz", "fx-step-stock", "open", "ok"]))


@st.composite
def mutated_data(draw, path: Path, gentle: bool = False) -> bytes:
    """A fixture file changed as data, written back as YAML.

    Gentle: only new words in text fields, so most results stay valid and get rendered.
    Otherwise values are replaced by anything, fields dropped or added, ids copied between files.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 6 if gentle else 3))):
        _mutate_data(draw, data, gentle)
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False).encode("utf-8")


def any_mutation(path: Path):
    return st.one_of(mutated_text(path), mutated_data(path), mutated_data(path, gentle=True))


# ---------------------------------------------------------------- properties


@FUZZ
@given(yaml_texts, st.sampled_from(ENCODINGS))
def test_random_yaml_text_gives_a_model_or_located_problems(text, encoding):
    check_one_file(text.encode(encoding, errors="surrogatepass"))


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_give_located_problems(raw):
    check_one_file(raw)


@FUZZ
@given(st.sampled_from(FIXTURE_FILES).flatmap(any_mutation))
def test_mutated_fixture_file_gives_a_model_or_located_problems(raw):
    check_one_file(raw)


@FUZZ_SITE
@given(st.data())
def test_mutated_handbook_builds_or_reports_every_problem(data):
    """Cross-file checks too: duplicate ids, references, renamed entries, quiz pools. A valid result renders."""
    files = {f"playbooks/{p.name}": p.read_bytes() for p in PLAYBOOK_FILES}
    files["quizzes/visit.yml"] = QUIZ_FILE.read_bytes()
    gentle = data.draw(st.booleans())  # half the handbooks only get new words, so most of those render
    for shown in data.draw(st.lists(st.sampled_from(sorted(files)), min_size=1, max_size=3, unique=True)):
        path = FIXTURES / "handbook" / shown
        files[shown] = data.draw(mutated_data(path, gentle=True) if gentle else any_mutation(path))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for shown, raw in files.items():
            (root / shown).parent.mkdir(parents=True, exist_ok=True)
            (root / shown).write_bytes(raw)
        try:
            content = load_content(dataclasses.replace(SETTINGS, root=root))
        except HandbookError as err:
            assert_located(err.problems, {shown: line_count(raw) for shown, raw in files.items()})
            assert str(err).endswith("未生成网站。改好后重新运行即可。")
            event("handbook with problems")
            return
    event("valid handbook, every page rendered")
    for src_uri, page in generated_pages(content).items():
        url = src_uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
        assert_no_script(page.render(url).html)


class _ScriptFinder(HTMLParser):
    """Collects whatever in a page body could run script: event handlers, script URLs, active elements."""

    ACTIVE = {"iframe", "object", "embed", "style", "base", "meta", "form", "frame", "frameset", "link", "svg", "math"}
    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not (attrs.get("type") == "module" and (attrs.get("src") or "").endswith("assets/handbook/quiz.js")):
            self.found.append(f"<script {attrs}>")
        if tag == "link" and attrs.get("rel") == "stylesheet" and (attrs.get("href") or "").endswith("assets/handbook/quiz.css"):
            return
        if tag in self.ACTIVE and not (tag == "svg" and "xmlns" in attrs):  # Material's inlined icons are <svg xmlns=…>
            self.found.append(f"<{tag}>")
        for name, value in attrs.items():
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name.startswith("on") or (name in self.URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:", "data:"))):
                self.found.append(f"<{tag} {name}={value!r}>")


def assert_no_script(html: str) -> None:
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    assert finder.found == [], finder.found


def test_script_finder_sees_what_it_looks_for():
    """The check above must be able to fail: each of these would run script in a browser."""
    for html in ['<img src=x onerror="alert(1)">', '<a href=" java\tscript:alert(1)">x</a>', "<script>alert(1)</script>",
                 "<iframe src=x></iframe>", "<svg onload=alert(1)>", "<style>*{}</style>", '<a href="data:text/html,x">x</a>']:
        finder = _ScriptFinder()
        finder.feed(html)
        assert finder.found, html
    assert_no_script('<p>&lt;script&gt;</p><script type="module" src="../../assets/handbook/quiz.js"></script>')
