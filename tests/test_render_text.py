"""Plain sentences skip Markdown and the sanitiser; the shortcut must give exactly what the long way gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.render import TextRenderer

# Chinese text, the ASCII that trainers type, the characters Markdown and HTML care about, and odd whitespace.
ALPHABET = st.sampled_from(list("客情关系维护店老板采购，。：；、“”（）《》？！…—")
                           + list("abcKA0123456789 %/:;,.?'\"()-+=")
                           + list("*_`[]{}<>&|~#!\\\n\t\u00a0\u3000\u2028"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool))
def test_the_shortcut_renders_exactly_like_markdown_and_the_sanitiser(text):
    renderer = TextRenderer()
    assert str(renderer.block(text)) == renderer.markdown(text)


def test_a_plain_sentence_takes_the_shortcut_and_markup_does_not():
    renderer = TextRenderer()
    calls = []
    renderer.markdown = lambda text: calls.append(text) or "<p>slow</p>"
    assert str(renderer.block("先问库存，再谈陈列：30% 的货架给新品")) == "<p>先问库存，再谈陈列：30% 的货架给新品</p>"
    assert calls == []
    assert str(renderer.block("**红线**")) == "<p>slow</p>"
    assert str(renderer.block("1. 第一步")) == "<p>slow</p>"
