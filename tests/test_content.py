"""Checks on the real handbook content in playbooks/ (and the sources it is written from)."""

from __future__ import annotations

import pytest

import copycheck
from conftest import ROOT
from handbook.catalog import load_handbook, yaml_files
from handbook.cli import read_settings
from handbook.schema_files import render_schema_files

SOURCES = ROOT.parent / "shared" / "sources"
needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources is not beside this clone")


@pytest.fixture(scope="module")
def handbook():
    return load_handbook(read_settings(ROOT / "mkdocs.yml"))  # raises with every problem if invalid


def test_every_playbook_validates_and_every_reference_resolves(handbook):
    assert len(handbook.records) >= 9
    assert sum(len(r.playbook.entries) for r in handbook.records) >= 100


@needs_sources
def test_every_cited_source_file_exists(handbook):
    cited = {s for _, entry in handbook.entries.values() for s in entry.sources}
    registered = set(handbook.settings.sources)
    assert cited <= registered
    assert sorted(registered) == sorted(p.name for p in SOURCES.glob("*.txt"))


@needs_sources
def test_no_entry_copies_25_characters_from_a_source():
    offenders = copycheck.offenders(copycheck.load_playbook_dicts(), copycheck.source_runs())
    assert offenders == []


def test_the_copy_check_catches_a_copied_sentence():
    runs = {"一二三四五六七八九十一二三四五六七八九十一二三四五": "x.txt"}
    copied = "前言，一二三四五 六七八九十。一二三四五六七八九十一二三四五！后记"
    assert copycheck.copied_runs(copied, runs) == [("一二三四五六七八九十一二三四五六七八九十一二三四五", "x.txt")]


def test_schema_files_match_the_model():
    for relative, text in render_schema_files().items():
        assert (ROOT / relative).read_text(encoding="utf-8") == text, f"run `make schema` to regenerate {relative}"


@pytest.mark.parametrize("folder", ["playbooks", "quizzes"])
def test_every_yaml_file_names_the_schema_for_editors(folder):
    for path in yaml_files(ROOT / folder):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema.json", path.name


@needs_sources
def test_every_multi_digit_figure_comes_from_a_source():
    """A guard for "keep every figure exact": a figure of two or more digits that no source has was made up or mistyped."""
    import re

    source_text = "".join(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt"))
    known = set(re.findall(r"\d+(?:\.\d+)?", source_text))
    invented = [
        f"{path}: {entry.get('id')}: {number}"
        for path, data in copycheck.load_playbook_dicts().items()
        for entry in data.get("entries", [])
        for number in re.findall(r"\d{2,}(?:\.\d+)?", " ".join(copycheck.texts_of(entry)))
        if number not in known
    ]
    assert invented == []
