"""Turn plain YAML data into typed models, translating every validation error into a located Problem."""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .model import SLUG_PATTERN
from .problems import Problem, describe_hidden_characters, format_path, is_hidden_or_fullwidth
from .yaml_loader import YamlDocument

# difflib compares with every candidate; past this many (only a hostile handbook has them) hints cost too much.
SUGGEST_LIMIT = 3000


def suggest(word: Any, choices: typing.Iterable[str]) -> str | None:
    choices = list(choices)
    if len(choices) > SUGGEST_LIMIT:
        return None
    matches = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def cleaned(text: str) -> str:
    """What a trainer meant: full-width letters made ASCII, invisible characters dropped, lower case."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not is_hidden_or_fullwidth(c) and not c.isspace()).lower()


def validate_document(
    doc: YamlDocument, models: dict[str, type[BaseModel]], what: str
) -> tuple[BaseModel | None, list[Problem]]:
    """Pick the model by the document's `kind` (or the only model) and validate against it."""
    data = doc.data
    if not isinstance(data, dict):
        return None, [Problem(doc.path, *doc.position(()), "", f"{what}文件的顶层应该是一组字段（id:、title: …）",
                              "对照 README 里的示例，从 `id:` 开始写")]
    if len(models) == 1:
        model = next(iter(models.values()))
    else:
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in models:
            return None, [_kind_problem(doc, kind, models)]
        model = models[kind]
    try:
        return model.model_validate(data), []
    except ValidationError as err:
        errors = [_located(model, e) for e in err.errors(include_url=False)]
        errors = _one_error_per_union(_drop_missing_explained_by_typos(errors))
        return None, [_problem_from_error(doc, e) for e in errors]


@dataclass
class _Error:
    """A pydantic error with its location as trainers see it, and the model the location ends in."""

    raw: dict
    loc: tuple
    parent: type[BaseModel] | None  # the model holding the last part of `loc`, if any
    union_loc: tuple | None  # set when pydantic tried the alternatives of a union such as `list | "all"`

    @property
    def kind(self) -> str:
        return self.raw["type"]

    @property
    def name(self) -> str:
        return str(self.loc[-1]) if self.loc else ""

    def field(self):
        if self.parent is None or not self.loc:
            return None
        return self.parent.model_fields.get(self.loc[-1])


def _located(model: type[BaseModel], error: dict) -> _Error:
    loc, parent, union_loc = _follow(model, tuple(error["loc"]))
    return _Error(error, loc, parent, union_loc)


def _follow(model: type[BaseModel], raw_loc: tuple) -> tuple[tuple, type[BaseModel] | None, tuple | None]:
    """Walk a pydantic location through fields, list items and unions.

    pydantic puts the union member it tried into the location: a tag ('questions', 0, 'scenario',
    'nodes') or a type name ('playbooks', 'list[constrained-str]'); trainers never wrote those.
    """
    out: list = []
    current: Any = model
    parent: type[BaseModel] | None = None
    union_loc = None
    for part in raw_loc:
        current = _unwrap(current)
        parent = current if _is_model(current) else None
        if isinstance(part, int):
            out.append(part)
            args = typing.get_args(current) if typing.get_origin(current) is list else ()
            current = args[0] if args else None
        elif _is_union(current):
            members = [_unwrap(m) for m in typing.get_args(current)]
            tagged = {_tag_of(m): m for m in members if _is_model(m) and _tag_of(m)}
            if part not in tagged:
                union_loc = tuple(out)
            current = tagged.get(part)
        elif parent is not None:
            out.append(part)
            field = parent.model_fields.get(part)
            current = field.annotation if field is not None else None
        else:
            out.append(part)
            current = None
    return tuple(out), parent, union_loc


def _unwrap(annotation: Any) -> Any:
    """Annotated[X, ...] -> X and X | None -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _tag_of(model: type[BaseModel]) -> str | None:
    for name in ("kind", "type"):
        field = model.model_fields.get(name)
        if field is not None and typing.get_origin(field.annotation) is typing.Literal:
            args = typing.get_args(field.annotation)
            if len(args) == 1:
                return args[0]
    return None


def _drop_missing_explained_by_typos(errors: list[_Error]) -> list[_Error]:
    """`titel:` already says "did you mean title?"; a second "title is missing" only adds noise."""
    suggested = set()
    for e in errors:
        if e.kind == "extra_forbidden" and e.parent is not None:
            hint = suggest(cleaned(e.name), e.parent.model_fields)
            if hint:
                suggested.add(e.loc[:-1] + (hint,))
    return [e for e in errors if not (e.kind == "missing" and e.loc in suggested)]


def _one_error_per_union(errors: list[_Error]) -> list[_Error]:
    """`playbooks: [ids] | all` fails both ways at once; say what the trainer meant, once."""
    out, unions = [], {}
    for e in errors:
        if e.union_loc is None:
            out.append(e)
        else:
            unions.setdefault(e.union_loc, []).append(e)
    for union_loc, group in unions.items():
        deeper = [e for e in group if len(e.loc) > len(union_loc)]
        if deeper:  # the trainer wrote a list: its items are what is wrong
            out += deeper
            continue
        choices = [c for e in group if e.kind == "literal_error" for c in _quoted(e.raw.get("ctx", {}).get("expected"))]
        raw = {"type": "list_or_choice", "input": group[0].raw.get("input"), "ctx": {"choices": choices}}
        out.append(_Error(raw, union_loc, group[0].parent, None))
    return out


def _kind_problem(doc: YamlDocument, kind: Any, models: dict) -> Problem:
    choices = "、".join(models)
    if kind is None:
        return Problem(doc.path, *doc.position(()), "kind", "缺少必填字段 kind", f"加上 `kind: …`，可选：{choices}")
    if not isinstance(kind, str):
        return Problem(doc.path, *doc.position(("kind",)), "kind", "手册类型 kind 应该是一个词", f"写成 `kind: taboos` 这样，可选：{choices}")
    hint = suggest(cleaned(kind), models)
    hidden = describe_hidden_characters(kind)
    what = f"不认识的手册类型 {kind!r}，里面有{hidden}" if hidden else f"不认识的手册类型 {kind}"
    fix = (f"是不是想写 {hint}？" if hint else "") + f"可选：{choices}"
    return Problem(doc.path, *doc.position(("kind",)), "kind", what, fix)


def _problem_from_error(doc: YamlDocument, error: _Error) -> Problem:
    loc, name, where = error.loc, error.name, format_path(error.loc)
    if error.kind == "missing":
        line, col = doc.position(loc[:-1])
        field = error.field()
        desc = f"（{field.description}）" if field is not None and field.description else ""
        return Problem(doc.path, line, col, where, f"缺少必填字段 {name}", f"加上 `{name}: …`{desc}")
    if error.kind == "extra_forbidden":
        line, col = doc.position(loc, key=True)
        what, fix = _unknown_field(name, list(error.parent.model_fields) if error.parent is not None else [])
        return Problem(doc.path, line, col, where, what, fix)
    line, col = doc.position(loc)
    what, fix = _describe(error.kind, error.raw)
    if what == _EMPTY[0]:
        fix = _how_to_fill(error)
    return Problem(doc.path, line, col, where, what, fix)


def _how_to_fill(error: _Error) -> str:
    """An empty value: a list item can go, an optional field can go, a required field needs words."""
    if error.loc and isinstance(error.loc[-1], int):
        return "写上内容，或者删掉这一项"
    field = error.field()
    if field is not None and not field.is_required():
        return "写上内容，或者删掉这个字段"
    return "在冒号后面写上内容"


def _unknown_field(name: str, allowed: list[str]) -> tuple[str, str]:
    hint = suggest(cleaned(name), allowed)
    hidden = describe_hidden_characters(name)
    if hidden:
        fix = f"删掉看不见的字符，写成 {hint}" if hint else "删掉看不见的字符，改成可用的字段：" + "、".join(allowed)
        return f"不认识的字段 {name!r}，里面有{hidden}", fix
    fix = f"是不是想写 {hint}？" if hint else "删掉它，或改成可用的字段：" + "、".join(allowed)
    return f"不认识的字段 {name}", fix


# Messages for the checks the models make themselves (model_validator raising ValueError(code)).
VALUE_ERRORS = {
    "single_needs_one_correct": ("单选题必须恰好有一个选项 correct: true", "只在正确的那个选项下写 correct: true；多个正确答案请用 type: multiple"),
    "multiple_needs_a_correct": ("多选题至少要有一个选项 correct: true", "在每个正确选项下写 correct: true"),
}

_EMPTY = ("不能是空的", "在冒号后面写上内容")


def _describe(kind: str, error: dict) -> tuple[str, str]:
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if value is None and kind in ("string_type", "list_type", "model_type", "model_attributes_type", "dict_type"):
        return _EMPTY
    if kind == "string_pattern_mismatch":
        return _bad_id(str(value))
    if kind == "string_too_short":
        return _EMPTY
    if kind == "too_short":
        return f"至少要有 {ctx.get('min_length', 1)} 项", "在下面加一行 `- …`"
    if kind == "string_too_long":
        return f"太长了（最多 {ctx.get('max_length')} 个字符）", "改短一些"
    if kind == "string_type":
        return "这里应该是一段文字", "写成 `字段: 文字`；如果写成了列表或字段组，请改成一段文字"
    if kind == "string_unicode":
        return "文字里有无效的 Unicode 字符", "删掉双引号里的 \\u… 转义"
    if kind == "list_type":
        return "这里应该是一个列表", "每项单独一行，以 `- ` 开头"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "这里应该是一组字段", "换行缩进后写 `字段: 值`"
    if kind in ("bool_parsing", "bool_type"):
        return f"这里应该是 true 或 false，现在是 {_shown(value)}", "写 true 或 false"
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return f"这里应该是整数，现在是 {_shown(value)}", "写一个整数，例如 10"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        return f"数值 {_shown(value)} 超出范围（界限 {bound}）", "改成范围内的数"
    if kind == "literal_error":
        return _choice_problem(value, _quoted(ctx.get("expected")))
    if kind == "list_or_choice":
        choices = ctx.get("choices") or []
        hint = suggest(cleaned(str(value)), choices) if isinstance(value, str) else None
        alternatives = "或者写 " + "、".join(choices) if choices else ""
        return (f"这里应该是一个 id 列表，{alternatives}，现在是 {_shown(value)}",
                (f"是不是想写 {hint}？" if hint else "") + "列表写成 [id1, id2]，或每项一行、以 `- ` 开头")
    if kind == "union_tag_invalid":
        choices = _quoted(ctx.get("expected_tags"))
        discriminator = str(ctx.get("discriminator", "type")).strip("'")
        tag = value.get(discriminator) if isinstance(value, dict) else None
        if not isinstance(tag, str):
            return f"{discriminator} 应该是一个词", "可选：" + "、".join(choices)
        return _choice_problem(tag, choices, what=f"不认识的类型 {tag!r}")
    if kind == "union_tag_not_found":
        return f"缺少必填字段 {str(ctx.get('discriminator', '')).strip(chr(39))}", "写明题目类型，例如 type: single"
    if kind == "value_error":
        code = str(ctx.get("error", ""))
        return VALUE_ERRORS.get(code, (f"内容不符合要求（{code}）", "对照 README 里的示例修改"))
    return f"内容不符合格式（{kind}）", "对照 README 里的示例修改"


def _bad_id(value: str) -> tuple[str, str]:
    hidden = describe_hidden_characters(value)
    if hidden:
        what = f"id 格式不对：{value!r}，里面有{hidden}"
    elif any(c.isupper() for c in value):
        what = f"id 格式不对：{value!r}，里面有大写字母"
    else:
        what = f"id 格式不对：{value!r}"
    if "，" in value:
        return what, "列表里的各项用半角逗号加空格分开，例如 [first-visit, second-visit]"
    meant = cleaned(value)
    if meant != value and re.fullmatch(SLUG_PATTERN, meant):
        return what, f"改成 {meant}（id 只能用小写英文字母、数字和单个连字符）"
    return what, "只能用小写英文字母、数字和单个连字符，例如 first-visit；不能有空格、中文、大写、/ 或 .."


def _choice_problem(value: Any, choices: list[str], what: str | None = None) -> tuple[str, str]:
    shown = _shown(value)
    if what is None:
        what = f"值 {shown} 不在可选范围内"
    hidden = describe_hidden_characters(value) if isinstance(value, str) else None
    if hidden:
        what += f"，里面有{hidden}"
    hint = suggest(cleaned(value), choices) if isinstance(value, str) else None
    return what, (f"是不是想写 {hint}？" if hint else "") + "可选：" + "、".join(choices)


def _shown(value: Any) -> str:
    """A value as the trainer wrote it, quoted, with anything invisible spelled out; long ones cut short."""
    if not isinstance(value, str):
        return {type(None): "空", list: "一个列表", dict: "一组字段"}.get(type(value), repr(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


def _quoted(text: Any) -> list[str]:
    return re.findall(r"'([^']*)'", str(text or ""))
