"""MkDocs hooks for the handbook. Thin on purpose: the logic lives in the sibling `handbook` package."""

from __future__ import annotations

from mkdocs.exceptions import Abort

from handbook.problems import HandbookError
from handbook.site import HandbookSite

_site: HandbookSite | None = None


def on_config(config):
    # Validate before MkDocs cleans site/, so broken content never leaves a half-built site.
    global _site
    try:
        _site = HandbookSite.from_config(config)
    except HandbookError as err:
        raise Abort(str(err)) from None
    return config


def on_files(files, config):
    return _site.add_files(files, config)


def on_page_content(html, page, config, files):
    rendered = _site.render(page)
    return html if rendered is None else rendered
