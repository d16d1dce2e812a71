"""libyaml reads the files it can compose cleanly; the result must be exactly what PyYAML's own reader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import handbook.yaml_loader as yaml_loader
from handbook.yaml_loader import decode_text, load_yaml_text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [*ROOT.glob("playbooks/*.yml"), *ROOT.glob("quizzes/*.yml"), *(ROOT / "tests").rglob("*.yml")],
    key=str,
)


def pure_python(text: str, path: str):
    saved, yaml_loader._CParser = yaml_loader._CParser, None
    try:
        return load_yaml_text(text, path)
    finally:
        yaml_loader._CParser = saved


def assert_same(text: str):
    fast_doc, fast_problems = load_yaml_text(text, "x.yml")
    slow_doc, slow_problems = pure_python(text, "x.yml")
    assert [str(p) for p in fast_problems] == [str(p) for p in slow_problems]
    assert (fast_doc is None) == (slow_doc is None)
    if fast_doc is not None:
        assert fast_doc.data == slow_doc.data
        assert fast_doc.value_at == slow_doc.value_at
        assert fast_doc.key_at == slow_doc.key_at


@pytest.mark.skipif(yaml_loader._CParser is None, reason="PyYAML without libyaml: only the pure-Python path exists")
def test_the_shipped_handbook_takes_the_fast_path():
    text = (ROOT / "playbooks" / "taboos.yml").read_text(encoding="utf-8")
    assert yaml_loader._compose_cleanly(text) is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_in_the_repository_reads_the_same_both_ways(path):
    text, _ = decode_text(path.read_bytes(), str(path))
    if text is not None:
        assert_same(text)


# YAML's structure characters, Chinese text, and the characters the loader has special rules for.
LINES = st.lists(
    st.tuples(
        st.sampled_from(["", "  ", "    ", "- ", "  - "]),
        st.sampled_from(["id: ", "title: ", "entries:", "what: |", "see: [", "- ", "", "? ", "key"]),
        st.text(alphabet=list("客情采购，。：“”#&*!|>'\"[]{},:- abc12\t\u3000"), max_size=12),
    ).map("".join),
    min_size=1, max_size=8,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_random_yaml_reads_the_same_both_ways(text):
    assert_same(text)
