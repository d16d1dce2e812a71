"""Load one YAML file safely, keeping the line and column of every key and value.

Trainers' words must reach the page exactly as written, so every plain scalar stays
text (YAML 1.1 would turn `no` into False and `12:30` into 750); only an empty value,
`~` or `null` means "nothing". Fields that want a number or a flag are converted
later, by the typed model, where a wrong value gets a message.

Whatever YAML would silently change or drop (anchors, a `!` tag, a `#` that starts a
comment in the middle of a sentence, characters nobody can see) is reported instead.
Every file is bounded before any work grows with it: its size on disk, how deep it
nests and how many values it holds, so a hostile or broken file costs at most about
a second and a few tens of megabytes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml._yaml import CParser as _CParser  # libyaml, shipped in PyYAML's wheels
except ImportError:  # a PyYAML built without it: every file takes the pure-Python path
    _CParser = None

from .problems import Problem, char_name, format_path

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
# The largest real playbook or quiz holds under 2,000 values; this is 25 times that.
MAX_NODES = 50_000
# More odd characters than this in one file means it is not a text file at all.
MAX_CHARACTER_PROBLEMS = 10

NULL_TAG = "tag:yaml.org,2002:null"
SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    NULL_TAG,
}
COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

# Characters PyYAML refuses outright (controls, surrogates, U+FFFE/U+FFFF), plus the Unicode line
# separators: YAML counts them as line breaks where editors do not, so line numbers would disagree.
UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")

_FULLWIDTH_COLON_KEY = re.compile(r"^[ \-]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*：")
_IDEOGRAPHIC_SPACE_AFTER_KEY = re.compile(r"^[ \-]*([A-Za-z_][A-Za-z0-9_]*):\u3000")
# A plain value followed by `#` and a word: YAML drops the rest of the line as a comment.
_SWALLOWED_COMMENT = re.compile(r"[ \t]+(#[^\s#].*)")

Loc = tuple  # ('entries', 2, 'title')


@dataclass
class YamlDocument:
    """Plain data from one file plus where each part of it stands."""

    path: str
    data: Any
    value_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of `loc`, or of its nearest ancestor that exists."""
        loc = tuple(loc)
        while loc:
            table = self.key_at if key and loc in self.key_at else self.value_at
            if loc in table:
                return table[loc]
            loc = loc[:-1]
        return self.value_at.get((), (1, 1))


class _Refused(Exception):
    """Composition stopped early: the file is too deep or too big to be a handbook file."""

    def __init__(self, mark, what: str, fix: str):
        self.mark, self.what, self.fix = mark, what, fix


class _Loader(yaml.SafeLoader):
    """Composes nodes only (no Python objects); notes anchors, aliases and `!` tags; bounds depth and size."""

    def __init__(self, stream):
        super().__init__(stream)
        self.alias_marks: list = []  # first one only, plus a count: a bomb has hundreds of thousands
        self.alias_count = 0
        self.anchor_marks: list = []
        self.anchor_count = 0
        self.bang_marks: list = []
        self.depth = 0
        self.nodes = 0
        self._placeholder = None

    def compose_node(self, parent, index):
        event = self.peek_event()
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(event.start_mark, f"文件里的值超过 {MAX_NODES} 个（每个字段、列表项和文字都算一个）",
                           "手册文件不需要这么大：把内容拆成几个较小的文件")
        if self.check_event(yaml.AliasEvent):
            # Aliases are how a "billion laughs" file explodes: never expand one, only count it.
            self.get_event()
            self.alias_count += 1
            if not self.alias_marks:
                self.alias_marks.append(event.start_mark)
                self._placeholder = yaml.ScalarNode(NULL_TAG, "", event.start_mark, event.end_mark)
            return self._placeholder
        if event.anchor is not None:
            self.anchor_count += 1
            if not self.anchor_marks:
                self.anchor_marks.append(event.start_mark)
        if getattr(event, "tag", None) == "!":
            self.bang_marks.append(event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(event.start_mark, f"嵌套超过 {MAX_DEPTH} 层", "手册内容不需要这么深的结构，检查缩进是否写错")
            # Anchors are reported above and never registered, so they cannot be looked up or clash.
            if self.check_event(yaml.ScalarEvent):
                return self.compose_scalar_node(None)
            if self.check_event(yaml.SequenceStartEvent):
                return self.compose_sequence_node(None)
            return self.compose_mapping_node(None)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(NULL_TAG, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


_LIBYAML_DIFFERS = re.compile(r"[|>][-+0-9]*#|(?:^|[\[{,])[ -]*\?(?:[ ]|$)", re.M)


class _FastLoader(_Loader):
    """The same composer, fed by libyaml's parser: reading the YAML is most of a build's own work
    otherwise. Used only for files it composes cleanly; anything it would report goes through
    `_Loader`, so every message and position stays exactly the pure-Python one."""

    def __init__(self, stream):
        super().__init__(stream)
        self._events = _CParser(stream)
        self._flow: list[bool] = []  # per open collection: written in [ ] or { }?
        self.differs = False  # an empty value inside [ ] or { }: libyaml places it elsewhere than PyYAML

    def check_event(self, *choices):
        return self._events.check_event(*choices)

    def peek_event(self):
        return self._events.peek_event()

    def get_event(self):
        event = self._events.get_event()
        if isinstance(event, yaml.ScalarEvent):
            if event.style == "":
                event.style = None  # a plain scalar: libyaml says "", PyYAML None
            if event.value == "" and event.style is None and any(self._flow):
                self.differs = True
        elif isinstance(event, yaml.CollectionStartEvent):
            self._flow.append(bool(event.flow_style))
        elif isinstance(event, yaml.CollectionEndEvent):
            self._flow.pop()
        return event

    def dispose(self):
        self._events.dispose()
        super().dispose()


def _compose_cleanly(text: str):
    """The node tree by the fast path, or None when the file needs the careful one (or libyaml is missing).

    Tabs, a `#` right after a block indicator (`|#`) and explicit `?` keys are left to PyYAML,
    whose rules for them differ from libyaml's (tests/test_yaml_fast_path.py compares the two on
    random files).
    """
    if _CParser is None or "\t" in text or _LIBYAML_DIFFERS.search(text):
        return None
    try:
        loader = _FastLoader(text)
    except yaml.YAMLError:
        return None
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, _Refused, RecursionError, MemoryError):
        return None
    finally:
        loader.dispose()
    if loader.alias_marks or loader.anchor_marks or loader.bang_marks or loader.differs:
        return None
    return node


def load_yaml_file(abs_path: Path, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    raw, problems = read_yaml_file_bytes(abs_path, display_path)
    if raw is None:
        return None, problems
    return load_yaml_bytes(raw, display_path)


def read_yaml_file_bytes(abs_path: Path, display_path: str) -> tuple[bytes | None, list[Problem]]:
    try:
        with abs_path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never more: the file may be huge or still growing
            size = max(len(raw), abs_path.stat().st_size)
    except OSError as err:
        return None, [Problem(display_path, 1, 1, "", f"无法读取文件（{err.strerror}）", "检查文件是否存在、是否有读取权限")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                display_path, 1, 1, "",
                f"文件有 {size / 1024 / 1024:.1f} MB，超过单个文件 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限",
                "把内容拆成几个较小的手册文件",
            )
        ]
    return raw, []


def load_yaml_bytes(raw: bytes, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    text, problems = decode_text(raw, display_path)
    if text is None:
        return None, problems
    return load_yaml_text(text, display_path)


def decode_text(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "", "文件是 UTF-16 编码", "请用 UTF-8 重新保存（VS Code：右下角编码 → 通过编码保存 → UTF-8）")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM from Windows editors is harmless: accept it
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        if _looks_like_gb18030(raw):
            what = "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 记事本、WPS 的默认编码）"
        else:
            what = "文件不是 UTF-8 编码"
        fix = "请用 UTF-8 重新保存（VS Code：右下角编码 → 通过编码保存 → UTF-8；记事本：另存为 → 编码选 UTF-8）"
        return None, [Problem(path, line, col, "", what, fix)]


def _looks_like_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def find_unreadable_characters(text: str, path: str) -> list[Problem]:
    """Control characters, stray line separators and the like, each named, located in the file."""
    found = []
    for match in UNREADABLE.finditer(text):
        found.append(match.start())
        if len(found) > MAX_CHARACTER_PROBLEMS:
            break
    if not found:
        return []
    if len(found) > MAX_CHARACTER_PROBLEMS:
        line, col = _line_col(text, found[0])
        return [Problem(path, line, col, "", f"文件里有大量看不见的控制字符（从{char_name(text[found[0]])}开始），看起来不是文本文件",
                        "确认这是手册的 YAML 文件；如果是，用文本编辑器另存为 UTF-8")]
    problems = []
    for index in found:
        line, col = _line_col(text, index)
        problems.append(Problem(path, line, col, "", f"有看不见的字符：{char_name(text[index])}",
                                "删掉它（常是从网页、Word 或聊天软件复制时带进来的）；需要换行就直接回车"))
    return problems


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


@functools.cache
def field_names() -> frozenset[str]:
    """Every field name of the playbook and quiz models: the keys a trainer types."""
    from pydantic import BaseModel

    from . import model, quiz_model

    classes = [c for m in (model, quiz_model) for c in vars(m).values() if isinstance(c, type) and issubclass(c, BaseModel)]
    return frozenset(name for c in classes for name in c.model_fields)


def find_typing_slips(text: str, path: str) -> list[Problem]:
    """Characters that an input method slips in and that YAML would misread silently.

    Lines inside quoted or `|`/`>` text are the trainer's words, where a full-width colon or a
    full-width paragraph indent is normal Chinese typesetting, so those are left alone; so is
    `- KA：重点客户`, a list item whose first word is not one of the handbook's field names.
    """
    candidates = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\u3000"):
            candidates.append((number, Problem(path, number, len(line) - len(stripped) + 1, "",
                                               "行首有全角空格“\u3000”(U+3000)，YAML 不把它当缩进",
                                               "把它换成半角空格（切换到英文输入法后再缩进）")))
        match = _FULLWIDTH_COLON_KEY.match(line)
        if match and match.group(1) in field_names():
            candidates.append((number, Problem(path, number, match.end(), match.group(1),
                                               "键后面是全角冒号“：”(U+FF1A)，YAML 认不出这个键",
                                               f"改成半角冒号加空格：`{match.group(1)}: `")))
        match = _IDEOGRAPHIC_SPACE_AFTER_KEY.match(line)
        if match and match.group(1) in field_names():
            candidates.append((number, Problem(path, number, match.end(), match.group(1),
                                               "冒号后面是全角空格“\u3000”(U+3000)，YAML 认不出这个键",
                                               f"把全角空格换成半角空格：`{match.group(1)}: `")))
    if not candidates:
        return []
    quoted = _lines_inside_text_blocks(text)
    return [problem for number, problem in candidates if number not in quoted]


def _lines_inside_text_blocks(text: str) -> set[int]:
    """1-based numbers of the lines that continue a quoted or block (| >) scalar."""
    lines: set[int] = set()
    scanner = yaml.SafeLoader(text)
    try:
        while not scanner.check_token(yaml.StreamEndToken):
            token = scanner.get_token()
            if isinstance(token, yaml.ScalarToken) and token.style:
                end = token.end_mark
                last = end.line if end.column > 0 else end.line - 1  # a block ends at the start of the next line
                lines.update(range(token.start_mark.line + 2, last + 2))
    except yaml.YAMLError:
        pass  # the tokens before the error are all we can know
    finally:
        scanner.dispose()
    return lines


EMPTY_FILE = ("文件是空的", "至少写上 id、kind、title、summary 和 entries，可复制 README 里的示例")


def load_yaml_text(text: str, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.split("\n")):
        return None, [Problem(path, 1, 1, "", *EMPTY_FILE)]
    problems = find_unreadable_characters(text, path) or find_typing_slips(text, path)
    if problems:
        return None, problems
    node = _compose_cleanly(text)
    if node is not None:
        return _document(node, text, path, [])
    try:
        loader = _Loader(text)
    except yaml.YAMLError as err:  # the reader's own check; find_unreadable_characters should have said it first
        return None, [Problem(path, 1, 1, "", "文件里有 YAML 不允许的字符", f"删掉不可见的控制字符（{err}）")]
    try:
        node = loader.get_single_node()
    except _Refused as err:
        # What was refused before the stop is worth saying too: a bomb is both too big and made of aliases.
        refused = _refused_features(loader, path, complete=False)
        return None, refused + [Problem(path, err.mark.line + 1, err.mark.column + 1, "", err.what, err.fix)]
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, path, text)]
    except yaml.YAMLError as err:
        return None, [Problem(path, 1, 1, "", f"YAML 无法读取：{err}", "删掉文件里的不可见控制字符")]
    except (RecursionError, MemoryError):
        # Bounded above by MAX_DEPTH and MAX_NODES; this is the last line of defence, never a traceback.
        return None, [Problem(path, 1, 1, "", "文件结构太复杂，无法读取", "把内容拆成几个较小的文件，检查缩进和括号")]
    finally:
        loader.dispose()
    problems = _refused_features(loader, path)
    if problems:
        return None, problems
    if node is None:  # nothing but a byte-order mark, a `---` or a `...`
        return None, [Problem(path, 1, 1, "", *EMPTY_FILE)]
    return _document(node, text, path, problems)


def _document(node: yaml.Node, text: str, path: str, problems: list[Problem]) -> tuple[YamlDocument, list[Problem]]:
    doc = YamlDocument(path=path, data=None)
    lines = text.split("\n")
    doc.data = _to_plain(node, (), doc, problems, lines)
    return doc, problems


def _refused_features(loader: _Loader, path: str, complete: bool = True) -> list[Problem]:
    """Anchors, aliases and `!`: YAML features that would change or hide a trainer's words.

    `complete` is False when reading stopped early, so the counts are only a lower bound.
    """
    problems = []
    for marks, count, what, fix in (
        (loader.anchor_marks, loader.anchor_count, "用了 YAML 锚点（&名字）", "手册不支持锚点和别名：删掉 &名字；如果这是文字的一部分，把整段文字放进引号里"),
        (loader.alias_marks, loader.alias_count, "用了 YAML 别名（*名字）", "手册不支持锚点和别名，请把内容直接写出来"),
    ):
        if marks:
            total = "共" if complete else "至少有"
            more = f"，本文件{total} {count} 处，这里是第一处" if count > 1 else ""
            problems.append(Problem(path, marks[0].line + 1, marks[0].column + 1, "", what + more, fix))
    for mark in loader.bang_marks:
        problems.append(Problem(path, mark.line + 1, mark.column + 1, "", "值前面的 ! 会被 YAML 当成标签吃掉",
                                "把整段文字放进引号里，例如 what: \"! 注意\""))
    return problems


def _syntax_problem(err: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    problem = err.problem or ""
    context = err.context or ""
    unclosed_quote = "quoted scalar" in context and err.context_mark is not None and "found unexpected" in problem
    mark = err.context_mark if unclosed_quote else (err.problem_mark or err.context_mark)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if unclosed_quote:
        return Problem(path, line, col, "", "引号没有闭合：从这里开始的引号一直到文件末尾都没有配对",
                       "在这段文字的末尾补上同样的引号，或者去掉开头的引号")
    if "'\\t'" in problem:
        return Problem(path, line, col, "", "用了制表符（Tab）缩进", "YAML 只能用空格缩进：把 Tab 换成两个空格（编辑器里可设置“用空格代替 Tab”）")
    if "expected a single document" in problem + context:
        return Problem(path, line, col, "", "一个文件里有多个 YAML 文档（多了一行 ---）", "每个手册一个文件，删掉多余的 ---")
    if problem.startswith("expected <block end>") and mark is not None:
        before = text.split("\n")[mark.line][: mark.column].rstrip()
        if before.endswith(("\"", "'")):
            return Problem(path, line, col, "", "YAML 语法错误：引号在文字中间就结束了，引号后面还有文字",
                           "把整段文字放进另一种引号里，例如 what: '\"店长\"说不行'，或者改用中文引号“”")
        if before.endswith(("]", "}")):
            return Problem(path, line, col, "", "YAML 语法错误：以 [ 或 { 开头的文字会被当成列表或字段组",
                           "把整段文字放进引号里，例如 what: \"[注意] 先查库存\"")
    for pattern, what, fix in _SYNTAX_HINTS:
        found = pattern.search(problem + " | " + context)
        if found:
            what = what.replace("{0}", found.group(1)) if found.groups() else what  # the texts have literal braces
            return Problem(path, line, col, "", "YAML 语法错误：" + what, fix)
    detail = problem + (f"（{context}）" if context else "")
    return Problem(path, line, col, "", f"YAML 语法错误：{detail}",
                   "检查这一行和上一行：缩进是否对齐、冒号后是否有空格、引号和括号是否成对")


_QUOTE_IT = "把整段文字放进引号里，例如 what: \"**不要**只在缺订单时上门\""
_SYNTAX_HINTS = [
    # (PyYAML's words, what they mean for a trainer, how to fix)
    (re.compile(r"mapping values are not allowed"), "这一行多了一个“冒号加空格”，YAML 以为又开始了一个字段",
     "把整段文字放进引号里，例如 summary: \"时间: 早上九点\""),
    (re.compile(r"could not find expected ':'"), "这一行缺少“冒号加空格”", "写成 `字段: 值`，冒号是半角，后面要有空格"),
    (re.compile(r"expected <block end>"), "缩进没有对齐", "同一层的字段要对齐，列表项的 - 要对齐"),
    (re.compile(r"while scanning an? (?:alias|anchor)"), "以 * 或 & 开头的文字会被 YAML 当成别名或锚点（Markdown 的 **加粗** 放在开头也会）",
     _QUOTE_IT),
    (re.compile(r"while scanning a block scalar"), "以 | 或 > 开头的文字会被当成多行文字块",
     "把整段文字放进引号里；要写多行文字，在 | 后面换行再写"),
    (re.compile(r"found character '(.)' that cannot start any token"), "{0} 不能放在文字的开头", "把整段文字放进引号里"),
    (re.compile(r"sequence entries are not allowed here"), "这里不能开始一个列表（以 - 开头）",
     "以 - 开头的文字要放进引号里；列表的每一项另起一行，以 `- ` 开头"),
    (re.compile(r"found unknown escape character|expected escape sequence"), "双引号里的反斜杠 \\ 后面跟了 YAML 不认识的字符",
     "改用单引号 '…'，或把 \\ 写成 \\\\"),
    (re.compile(r"expected ',' or '\]'"), "方括号 [ ] 没有配对，或者某一项里有需要加引号的符号",
     "检查 [ 和 ] 是否成对；含逗号、冒号或引号的项放进引号里"),
    (re.compile(r"expected ',' or '\}'"), "花括号 { } 没有配对，或者某一项里有需要加引号的符号",
     "检查 { 和 } 是否成对；含逗号、冒号或引号的项放进引号里"),
    (re.compile(r"unclosed '\[' or '\{'|while parsing a flow"), "括号没有配对，或者括号里的内容缩进不对",
     "检查 [ ] 和 { } 是否成对；以 [ 或 { 开头的文字要放进引号里"),
    (re.compile(r"expected the node content"), "这里缺少内容（多了一个逗号、括号或 -）", "删掉多余的符号，或在这里写上内容"),
    (re.compile(r"found unexpected end of stream|found unexpected document separator"), "引号或括号没有闭合",
     "在文字末尾补上引号或括号"),
    (re.compile(r"mapping keys are not allowed here|while scanning a simple key"), "这里不能开始一个新字段", "检查这一行的缩进和冒号"),
    (re.compile(r"directive|incompatible YAML document|'<document start>'"), "以 % 开头的行或 --- 分隔行用错了",
     "删掉这一行；以 % 开头的文字要放进引号里"),
    (re.compile(r"while (?:scanning|parsing) a tag|tag handle|expected URI|expected '!'|non-specific tag"),
     "以 ! 开头的文字会被 YAML 当成标签", "把整段文字放进引号里"),
    (re.compile(r"while parsing a block (?:mapping|collection)"), "缩进没有对齐", "同一层的字段要对齐，列表项的 - 要对齐"),
]


def _to_plain(node: yaml.Node, loc: Loc, doc: YamlDocument, problems: list[Problem], lines: list[str]) -> Any:
    doc.value_at[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, loc, doc, problems, lines)
    if node.tag not in COLLECTION_TAGS:
        # Reported, then read as if untagged, so the report does not add "is empty" at the same place.
        problems.append(Problem(doc.path, *doc.value_at[loc], _where(loc), f"不支持的 YAML 标签 {node.tag}", "删掉这个标签"))
    if isinstance(node, yaml.SequenceNode):
        return [_to_plain(item, loc + (i,), doc, problems, lines) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == NULL_TAG:
            problems.append(Problem(doc.path, *key_pos, _where(loc), "键必须是一个词", "写成 `名字: 值` 的形式"))
            continue
        key = key_node.value
        if key == "<<":
            problems.append(Problem(doc.path, *key_pos, _where(loc), "用了 YAML 合并键 <<", "手册不支持合并键，请把字段直接写出来"))
            continue
        if key in first_seen:
            line, _ = first_seen[key]
            problems.append(
                Problem(doc.path, *key_pos, _where(loc + (key,)), f"键 {key} 重复出现（第 {line} 行已经有一个）",
                        "删掉其中一个，或把两处内容合并；YAML 会悄悄丢掉前一个")
            )
            continue
        first_seen[key] = key_pos
        doc.key_at[loc + (key,)] = key_pos
        result[key] = _to_plain(value_node, loc + (key,), doc, problems, lines)
    return result


def _scalar(node: yaml.ScalarNode, loc: Loc, doc: YamlDocument, problems: list[Problem], lines: list[str]) -> str | None:
    position = doc.value_at[loc]
    if node.tag not in SCALAR_TAGS:
        problems.append(Problem(doc.path, *position, _where(loc), f"不支持的 YAML 标签 {node.tag}", "删掉这个标签，直接写文字"))
    elif node.tag == NULL_TAG:
        return None
    value = node.value
    odd = UNREADABLE.search(value)
    if odd:
        # Only an escape in double quotes ("\x00", "\ud800") gets here: the file itself was checked.
        problems.append(Problem(doc.path, *position, _where(loc), f"文字里有看不见的字符：{char_name(odd.group())}",
                                "删掉双引号里的这个转义（\\x…、\\u…）"))
    if node.style is None:
        end = node.end_mark
        swallowed = _SWALLOWED_COMMENT.match(lines[end.line], end.column) if end.line < len(lines) else None
        if swallowed:
            problems.append(Problem(doc.path, end.line + 1, swallowed.start(1) + 1, _where(loc),
                                    f"“{swallowed.group(1)}”会被 YAML 当成注释丢掉",
                                    "如果这是文字的一部分，把整段文字放进引号里；如果是注释，在 # 后面加一个空格"))
    return value


def _where(loc: Loc) -> str:
    return format_path(loc)
