"""The handbook in real Chromium: pages load with nothing fetched from outside this machine."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_playbook_page_loads_in_chromium_without_external_requests(page, fixture_url):
    page.goto(fixture_url + "playbooks/fx-stages/")
    assert page.locator("h2#fx-level-work").is_visible()
    assert page.title() == "关系的层次 - 客情关系维护手册"
