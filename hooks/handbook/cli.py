"""Command line for trainers and CI: `python -m handbook.cli check` and `... schema`.

Run with hooks/ on PYTHONPATH (the Makefile does this).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from .catalog import Settings
from .content import load_content
from .problems import HandbookError
from .schema_files import SCHEMA_FILES, render_schema_files


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name): we only need `extra`."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_settings(config_file: Path) -> Settings:
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    return Settings.from_extra(config_file.resolve().parent, config.get("extra"))


def command_check(args) -> int:
    settings = read_settings(Path(args.config))
    try:
        content = load_content(settings)
    except HandbookError as err:
        print(err, file=sys.stderr)
        return 1
    handbook, quizzes = content.handbook, content.quizzes
    entries = len(handbook.entries)
    questions = sum(len(r.quiz.questions) for r in quizzes.records)
    generated = sum(len(q) for q in quizzes.generated.values())
    print(f"手册内容没有问题：{len(handbook.records)} 本手册，{entries} 个条目；"
          f"{len(quizzes.records)} 个测验，{questions} 道手写题，{generated} 道自动生成题。")
    uncovered = content.uncovered()
    print(f"测验覆盖了 {content.coverage():.1f}% 的条目（要求至少 {settings.quiz_coverage_min}%）。")
    if uncovered:
        print(f"没有题目考到的条目（{len(uncovered)} 个）：")
        for path, entry_id in uncovered:
            print(f"  {path}: {entry_id}")
    shortfall = content.coverage_shortfall()
    if shortfall:
        print(shortfall, file=sys.stderr)
        return 1
    return 0


def command_schema(args) -> int:
    root = Path(args.config).resolve().parent
    stale = []
    for relative, text in render_schema_files().items():
        path = root / relative
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(relative)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("JSON Schema 与模型不一致：" + "、".join(stale) + " — 运行 make schema 重新生成", file=sys.stderr)
        return 1
    print("已更新：" + "、".join(stale) if stale else "JSON Schema 已是最新。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbook", description="客情手册：检查内容、生成 JSON Schema")
    parser.add_argument("-f", "--config", default="mkdocs.yml", help="mkdocs.yml 的路径")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="检查全部 YAML，不生成网站").set_defaults(run=command_check)
    schema = sub.add_parser("schema", help=f"从模型生成 {', '.join(SCHEMA_FILES)}")
    schema.add_argument("--check", action="store_true", help="只检查是否最新，不写文件")
    schema.set_defaults(run=command_schema)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
