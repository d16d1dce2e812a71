"""Fixes to Material's own markup that axe-core (and so Lighthouse) reports on every page.

Each fix names the rule it answers; tests/test_audits.py runs axe on the built pages.
"""

from __future__ import annotations

# aria-dialog-name: Material's search overlay is role="dialog" with no name, so a screen reader
# announces only "dialog" when it opens.
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索手册">'


def fix_material_markup(html: str) -> str:
    return html.replace(_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG, 1)
