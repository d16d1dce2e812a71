"""The quiz module's pure logic (scoring, key decoding, progress records, export), tested in Node."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_quiz_logic_in_node():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found: install Node.js 20 or newer to run the quiz logic tests in tests/js/")
    result = subprocess.run(
        [node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
