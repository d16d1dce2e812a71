"""Turn plain YAML data into typed models, translating every validation error into a located Problem."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .problems import Problem, format_path
from .yaml_loader import YamlDocument


def suggest(word: str, choices: typing.Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


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
        if kind not in models:
            return None, [_kind_problem(doc, kind, models)]
        model = models[kind]
    try:
        return model.model_validate(data), []
    except ValidationError as err:
        errors = _drop_missing_explained_by_typos(err.errors(include_url=False), model)
        return None, [_problem_from_error(doc, model, e) for e in errors]


def _drop_missing_explained_by_typos(errors: list[dict], model: type[BaseModel]) -> list[dict]:
    """`titel:` already says "did you mean title?"; a second "title is missing" only adds noise."""
    suggested = set()
    for e in errors:
        if e["type"] == "extra_forbidden":
            loc = clean_loc(model, tuple(e["loc"]))
            hint = suggest(loc[-1], _fields_of(_model_at(model, loc[:-1])))
            if hint:
                suggested.add(loc[:-1] + (hint,))
    return [e for e in errors if not (e["type"] == "missing" and clean_loc(model, tuple(e["loc"])) in suggested)]


def _kind_problem(doc: YamlDocument, kind: Any, models: dict) -> Problem:
    choices = "、".join(models)
    if kind is None:
        return Problem(doc.path, *doc.position(()), "kind", "缺少必填字段 kind", f"加上 `kind: …`，可选：{choices}")
    hint = suggest(kind, models)
    fix = (f"是不是想写 {hint}？" if hint else "") + f"可选：{choices}"
    return Problem(doc.path, *doc.position(("kind",)), "kind", f"不认识的手册类型 {kind}", fix)


def _problem_from_error(doc: YamlDocument, model: type[BaseModel], error: dict) -> Problem:
    loc = clean_loc(model, tuple(error["loc"]))
    kind = error["type"]
    name = str(loc[-1]) if loc else ""
    where = format_path(loc)
    if kind == "missing":
        line, col = doc.position(loc[:-1])
        field = _field_at(model, loc)
        desc = f"（{field.description}）" if field is not None and field.description else ""
        return Problem(doc.path, line, col, where, f"缺少必填字段 {name}", f"加上 `{name}: …`{desc}")
    if kind == "extra_forbidden":
        line, col = doc.position(loc, key=True)
        allowed = list(_fields_of(_model_at(model, loc[:-1])))
        hint = suggest(name, allowed)
        fix = (f"是不是想写 {hint}？" if hint else "删掉它，或改成可用的字段：") + ("" if hint else "、".join(allowed))
        return Problem(doc.path, line, col, where, f"不认识的字段 {name}", fix)
    line, col = doc.position(loc)
    what, fix = _describe(kind, error, loc)
    return Problem(doc.path, line, col, where, what, fix)


# Messages for the checks the models make themselves (model_validator raising ValueError(code)).
VALUE_ERRORS = {
    "single_needs_one_correct": ("单选题必须恰好有一个选项 correct: true", "只在正确的那个选项下写 correct: true；多个正确答案请用 type: multiple"),
    "multiple_needs_a_correct": ("多选题至少要有一个选项 correct: true", "在每个正确选项下写 correct: true"),
}


def _describe(kind: str, error: dict, loc: tuple) -> tuple[str, str]:
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "string_pattern_mismatch":
        return (f"id 格式不对：{value!r}",
                "只能用小写英文字母、数字和单个连字符，例如 first-visit；不能有空格、中文、大写、/ 或 ..")
    if kind == "string_too_short":
        return "不能是空的", "写上内容，或者删掉这个字段"
    if kind == "too_short":
        return "至少要有 1 项", "在下面加一行 `- …`"
    if kind == "string_too_long":
        return f"太长了（最多 {ctx.get('max_length')} 个字符）", "改短一些"
    if kind == "string_type":
        return "这里应该是一段文字", "写成 `字段: 文字`；如果写成了列表或字段组，请改成一段文字"
    if kind == "list_type":
        return "这里应该是一个列表", "每项单独一行，以 `- ` 开头"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "这里应该是一组字段", "换行缩进后写 `字段: 值`"
    if kind == "bool_parsing":
        return f"这里应该是 true 或 false，现在是 {value!r}", "写 true 或 false"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"这里应该是整数，现在是 {value!r}", "写一个整数，例如 10"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        return f"数值 {value!r} 超出范围（界限 {bound}）", "改成范围内的数"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = suggest(value, choices)
        return f"值 {value!r} 不在可选范围内", (f"是不是想写 {hint}？" if hint else "") + "可选：" + "、".join(choices)
    if kind == "union_tag_invalid":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        hint = suggest(ctx.get("tag"), choices)
        return f"不认识的类型 {ctx.get('tag')!r}", (f"是不是想写 {hint}？" if hint else "") + "可选：" + "、".join(choices)
    if kind == "union_tag_not_found":
        return f"缺少必填字段 {ctx.get('discriminator', '').strip(chr(39))}", "写明题目类型，例如 type: single"
    if kind == "value_error":
        code = str(ctx.get("error", ""))
        return VALUE_ERRORS.get(code, (code, "对照 README 里的示例修改"))
    return error.get("msg", "内容不符合格式"), "对照 README 里的示例修改"


def _field_at(model: type[BaseModel], loc: tuple):
    parent = _model_at(model, loc[:-1])
    return _fields_of(parent).get(loc[-1]) if parent is not None and loc else None


def _fields_of(model: type[BaseModel] | None) -> dict:
    return dict(model.model_fields) if model is not None else {}


def _model_at(model: type[BaseModel] | None, loc: tuple) -> type[BaseModel] | None:
    """Follow a (cleaned) validation location through fields and list items down to a model class."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        models = _models_in(current.model_fields[part].annotation)
        current = models[0] if len(models) == 1 else None
    return current


def clean_loc(model: type[BaseModel], loc: tuple) -> tuple:
    """Drop the tags pydantic adds for tagged unions: ('questions', 0, 'single', 'options') -> ('questions', 0, 'options')."""
    out: list = []
    choices: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            out.append(part)
            continue
        tagged = {_tag_of(m): m for m in choices if _tag_of(m)}
        if len(choices) > 1 and part in tagged:
            choices = [tagged[part]]
            continue
        out.append(part)
        current = choices[0] if len(choices) == 1 else None
        field = current.model_fields.get(part) if current is not None else None
        choices = _models_in(field.annotation) if field is not None else []
    return tuple(out)


def _tag_of(model: type[BaseModel]) -> str | None:
    for name in ("kind", "type"):
        field = model.model_fields.get(name)
        if field is not None and typing.get_origin(field.annotation) is typing.Literal:
            args = typing.get_args(field.annotation)
            if len(args) == 1:
                return args[0]
    return None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes inside list[X], X | None, Annotated[Union[...]] and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += [m for m in _models_in(arg) if m not in found]
    return found
