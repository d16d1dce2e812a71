"""MkDocs hooks for the handbook. Thin on purpose: the logic lives in the sibling `handbook` package."""

from __future__ import annotations

from mkdocs.exceptions import Abort
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger

from handbook import a11y, offline
from handbook.catalog import FileMemo
from handbook.problems import HandbookError
from handbook.search_reuse import SearchIndexing
from handbook.site import HandbookSite
from handbook.templates_cache import TemplateCache

# With on_startup defined, MkDocs keeps this module across rebuilds of one `mkdocs serve`,
# which is what lets a broken edit fall back to the last good content.
log = get_plugin_logger("handbook")
_serving = False
_site: HandbookSite | None = None
_indexing = SearchIndexing(reuse=False)
_memo: FileMemo | None = None  # only while serving: what a rebuild can take from the last one
_templates: TemplateCache | None = None


def on_startup(command, dirty):
    global _serving, _indexing, _memo, _templates
    _serving = command == "serve"
    _indexing = SearchIndexing(reuse=_serving)
    _memo = FileMemo() if _serving else None
    _templates = TemplateCache() if _serving else None


def on_config(config):
    # Validate before MkDocs cleans site/, so broken content never leaves a half-built site.
    global _site
    try:
        _site = HandbookSite.load_or_keep(config, _site, _memo)
    except HandbookError as err:
        raise Abort(str(err)) from None
    shortfall = _site.content.coverage_shortfall()
    if shortfall:
        log.warning(shortfall)  # a warning, so `--strict` (make build, make serve) fails on it
    _indexing.start_build(_site.search_generation(config))
    return config


def on_env(env, config, files):
    # MkDocs makes a new theme environment for every rebuild, which compiled every theme template again.
    if _templates is not None:
        env.bytecode_cache = _templates
    return env


def on_files(files, config):
    return _site.add_files(files, config)


def on_page_content(html, page, config, files):
    return _site.render(page, html)


@event_priority(50)  # just before Material's search plugin reads the page
def _hold_for_search(context, page, config, nav):
    _indexing.hold(page)


@event_priority(-50)  # just after it
def _release_after_search(context, page, config, nav):
    _indexing.release(page)


on_page_context = CombinedEvent(_hold_for_search, _release_after_search)


def on_post_page(output, page, config):
    html = a11y.fix_material_markup(_site.finish_page(output))
    return html if _serving else offline.add_offline_script(html)


def on_post_build(config):
    sizes = _site.finish_site(config.site_dir, _indexing.merge)
    if sizes:
        log.info(f"search index: {sizes.before} -> {sizes.after} bytes (UTF-8, field words added)")
    # Last, so the list of files to keep offline sees every file as it was finally written.
    if _serving:
        offline.write_retired_worker(config.site_dir)
    else:
        log.info(offline.summary(offline.write_worker(config.site_dir, offline.edition(config))))
