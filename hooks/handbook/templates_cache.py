"""Compiled theme templates, kept in memory across the rebuilds of one `mkdocs serve`.

MkDocs builds a new Jinja environment for every rebuild, so every Material template was compiled
again on each edit (a fifth of a rebuild of the shipped handbook). Jinja's bytecode cache is
the supported way to keep them: a template whose source changed is compiled again, because
Jinja checks each cached template against its source's checksum.
"""

from __future__ import annotations

import jinja2


class TemplateCache(jinja2.BytecodeCache):
    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
