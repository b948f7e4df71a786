"""Compiled templates kept in memory for as long as the process runs.

MkDocs makes a new Jinja environment for every build: mkdocs-static-i18n builds each
language in turn in one process, and the live preview builds again on every save, so the
theme's templates (Material's and ours, about forty) were parsed and compiled again each
time. Jinja compares each template's source with the checksum stored beside its code, so
an edited template is compiled afresh.
"""

from __future__ import annotations

import jinja2


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_caches: dict[tuple, MemoryBytecodeCache] = {}


def shared_cache(env: jinja2.Environment) -> MemoryBytecodeCache:
    """The cache for environments set up like this one.

    A template compiles to different code under other extensions or syntax options, and
    the cache tells templates apart only by name and file: one cache per set-up.
    """
    setup = (
        tuple(sorted(env.extensions)),
        repr(env.autoescape),
        env.block_start_string,
        env.variable_start_string,
        env.comment_start_string,
        env.line_statement_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
    )
    return _caches.setdefault(setup, MemoryBytecodeCache())
