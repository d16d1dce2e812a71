"""Load one YAML file safely, keeping the line and column of every key and value.

Trainers' words must reach the page exactly as written, so every plain scalar stays
text (YAML 1.1 would turn `no` into False and `12:30` into 750); only an empty value,
`~` or `null` means "nothing". Fields that want a number or a flag are converted
later, by the typed model, where a wrong value gets a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, format_path

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

NULL_TAG = "tag:yaml.org,2002:null"
SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    NULL_TAG,
}

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


class _TooDeep(Exception):
    def __init__(self, mark):
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """Composes nodes only (no Python objects) and refuses aliases and deep nesting."""

    def __init__(self, stream):
        super().__init__(stream)
        self.alias_marks: list = []
        self.depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            # Aliases are how a "billion laughs" file explodes; the handbook never needs them.
            event = self.get_event()
            self.alias_marks.append(event.start_mark)
            return yaml.ScalarNode(NULL_TAG, "", event.start_mark, event.end_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(NULL_TAG, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def load_yaml_file(abs_path: Path, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    try:
        size = abs_path.stat().st_size
    except OSError as err:
        return None, [Problem(display_path, 1, 1, "", f"无法读取文件（{err.strerror}）", "检查文件是否存在、是否有读取权限")]
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(
                display_path, 1, 1, "",
                f"文件有 {size / 1024 / 1024:.1f} MB，超过单个文件 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限",
                "把内容拆成几个较小的手册文件",
            )
        ]
    return load_yaml_bytes(abs_path.read_bytes(), display_path)


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


_FULLWIDTH_COLON_KEY = re.compile(r"^[ \-]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*：")


def find_typing_slips(text: str, path: str) -> list[Problem]:
    """Characters that an input method slips in and that YAML would misread silently."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\u3000"):
            col = len(line) - len(stripped) + 1
            problems.append(
                Problem(path, number, col, "", "行首有全角空格“\u3000”(U+3000)，YAML 不把它当缩进",
                        "把它换成半角空格（切换到英文输入法后再缩进）")
            )
        match = _FULLWIDTH_COLON_KEY.match(line)
        if match:
            col = match.end()
            problems.append(
                Problem(path, number, col, match.group(1), "键后面是全角冒号“：”(U+FF1A)，YAML 认不出这个键",
                        f"改成半角冒号加空格：`{match.group(1)}: `")
            )
    return problems


def load_yaml_text(text: str, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.split("\n")):
        return None, [Problem(path, 1, 1, "", "文件是空的", "至少写上 id、kind、title、summary 和 entries，可复制 README 里的示例")]
    problems = find_typing_slips(text, path)
    if problems:
        return None, problems
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except _TooDeep as err:
        return None, [Problem(path, err.mark.line + 1, err.mark.column + 1, "",
                              f"嵌套超过 {MAX_DEPTH} 层", "手册内容不需要这么深的结构，检查缩进是否写错")]
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, path)]
    except yaml.YAMLError as err:  # reader errors: control characters and the like
        return None, [Problem(path, 1, 1, "", f"YAML 无法读取：{err}", "删掉文件里的不可见控制字符")]
    finally:
        loader.dispose()
    if loader.alias_marks:
        return None, [
            Problem(path, m.line + 1, m.column + 1, "", "用了 YAML 别名（*名字）", "手册不支持锚点和别名，请把内容直接写出来")
            for m in loader.alias_marks
        ]
    doc = YamlDocument(path=path, data=None)
    problems: list[Problem] = []
    doc.data = _to_plain(node, (), doc, problems)
    return doc, problems


_SYNTAX_HINTS = [
    # (PyYAML's words, what it means for a trainer, how to fix)
    ("mapping values are not allowed", "这一行多了一个“冒号加空格”，YAML 以为又开始了一个字段",
     "把整段文字放进引号里，例如 summary: \"时间: 早上九点\""),
    ("could not find expected ':'", "这一行缺少“冒号加空格”", "写成 `字段: 值`，冒号是半角，后面要有空格"),
    ("expected <block end>", "缩进没有对齐", "同一层的字段要对齐，列表项的 - 要对齐"),
    ("did not find expected key", "缩进没有对齐，或者多了一个字符", "同一层的字段要对齐；检查行首是否有多余的符号"),
    ("did not find expected '-' indicator", "列表项没有对齐", "同一个列表的每一项都以同样缩进的 `- ` 开头"),
    ("found undefined alias", "用了 YAML 别名（*名字）", "手册不支持锚点和别名，请把内容直接写出来"),
]


def _syntax_problem(err: yaml.MarkedYAMLError, path: str) -> Problem:
    problem = err.problem or ""
    context = err.context or ""
    unclosed_quote = "quoted scalar" in context and err.context_mark is not None
    mark = err.context_mark if unclosed_quote else (err.problem_mark or err.context_mark)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if unclosed_quote:
        return Problem(path, line, col, "", "引号没有闭合：从这里开始的引号一直到文件末尾都没有配对",
                       "在这段文字的末尾补上同样的引号，或者去掉开头的引号")
    if "'\\t'" in problem:
        return Problem(path, line, col, "", "用了制表符（Tab）缩进", "YAML 只能用空格缩进：把 Tab 换成两个空格（编辑器里可设置“用空格代替 Tab”）")
    if "expected a single document" in problem:
        return Problem(path, line, col, "", "一个文件里有多个 YAML 文档（多了一行 ---）", "每个手册一个文件，删掉多余的 ---")
    for words, what, fix in _SYNTAX_HINTS:
        if words in problem:
            return Problem(path, line, col, "", f"YAML 语法错误：{what}", fix)
    detail = problem + (f"（{context}）" if context else "")
    return Problem(path, line, col, "", f"YAML 语法错误：{detail}",
                   "检查这一行和上一行：缩进是否对齐、冒号后是否有空格、引号和括号是否成对")


def _to_plain(node: yaml.Node, loc: Loc, doc: YamlDocument, problems: list[Problem]) -> Any:
    doc.value_at[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in SCALAR_TAGS:
            problems.append(Problem(doc.path, *doc.value_at[loc], _where(loc), f"不支持的 YAML 标签 {node.tag}", "删掉这个标签，直接写文字"))
            return None
        return None if node.tag == NULL_TAG else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_to_plain(item, loc + (i,), doc, problems) for i, item in enumerate(node.value)]
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
        result[key] = _to_plain(value_node, loc + (key,), doc, problems)
    return result


def _where(loc: Loc) -> str:
    return format_path(loc)
