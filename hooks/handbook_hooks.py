"""MkDocs hooks for the handbook. Thin on purpose: the logic lives in the sibling `handbook` package."""

from __future__ import annotations

from mkdocs.exceptions import Abort
from mkdocs.plugins import get_plugin_logger

from handbook import a11y, offline
from handbook.problems import HandbookError
from handbook.site import HandbookSite

# With on_startup defined, MkDocs keeps this module across rebuilds of one `mkdocs serve`,
# which is what lets a broken edit fall back to the last good content.
log = get_plugin_logger("handbook")
_serving = False
_site: HandbookSite | None = None


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_config(config):
    # Validate before MkDocs cleans site/, so broken content never leaves a half-built site.
    global _site
    try:
        _site = HandbookSite.load_or_keep(config, _site, _serving)
    except HandbookError as err:
        raise Abort(str(err)) from None
    shortfall = _site.content.coverage_shortfall()
    if shortfall:
        log.warning(shortfall)  # a warning, so `--strict` (make build, make serve) fails on it
    return config


def on_files(files, config):
    return _site.add_files(files, config)


def on_page_content(html, page, config, files):
    return _site.render(page, html)


def on_post_page(output, page, config):
    html = a11y.fix_material_markup(_site.finish_page(output))
    return html if _serving else offline.add_offline_script(html)


def on_post_build(config):
    sizes = _site.finish_site(config.site_dir)
    if sizes:
        log.info(f"search index: {sizes.before_gzip} -> {sizes.after_gzip} bytes gzipped (UTF-8, field words added)")
    # Last, so the list of files to keep offline sees every file as it was finally written.
    if _serving:
        offline.write_retired_worker(config.site_dir)
    else:
        log.info(offline.summary(offline.write_worker(config.site_dir, offline.edition(config))))
