"""Compiled templates kept in memory for as long as the process runs.

MkDocs makes a new Jinja environment for every build: mkdocs-static-i18n builds each
language in turn in one process, and the live preview builds again on every save, so the
theme's templates (Material's and ours, about forty) were parsed and compiled again each
time. Jinja compares each template's source with the checksum stored beside its code, so
an edited template is compiled afresh.

The build with one process per language (karriereguiden/site/parallel.py) has each language in a
process of its own, which would compile them once per language: it compiles them ahead,
once, on the core that is idle while the data is checked (compile_aside), and gives the
code to the languages' processes (adopt).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping, Sequence

import jinja2
from jinja2 import meta


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # One file, however its path is written: `mkdocs build` finds the theme's folders
        # by paths relative to the project, a configuration loaded in Python by absolute
        # ones, and the parallel build compiles with one for builds with the other.
        if filename is not None:
            filename = os.path.realpath(filename)
        return super().get_cache_key(name, filename)

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


def compile_ahead(env: jinja2.Environment, names: Iterable[str]) -> int:
    """Compile these templates and every template they name into env's shared cache.

    Returns how many were compiled. A template named only at render time (an include of
    a computed name) is left for the build to compile; so is one that does not compile
    here, for instance for a filter that a plugin adds to the build's environment later.
    """
    cache = shared_cache(env)
    todo, seen, compiled = list(names), set(), 0
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)
            tree = env.parse(source, name, filename)
            todo.extend(ref for ref in meta.find_referenced_templates(tree) if ref)
            bucket = cache.get_bucket(env, name, filename, source)
            if bucket.code is None:
                bucket.code = env.compile(tree, name, filename)
                cache.set_bucket(bucket)
                compiled += 1
        except jinja2.TemplateError:
            continue
    return compiled


def snapshot() -> dict[tuple, dict[str, bytes]]:
    """Every compiled template of this process, to give to another (see adopt)."""
    return {setup: dict(cache._code) for setup, cache in _caches.items()}


def adopt(code: Mapping[tuple, Mapping[str, bytes]]) -> None:
    """Take the compiled templates of another process's snapshot."""
    for setup, templates in code.items():
        _caches.setdefault(setup, MemoryBytecodeCache())._code.update(templates)


def compile_aside(make_env: Callable[[], jinja2.Environment], names: Sequence[str]):
    """Compile these templates in a forked helper process while this one does other work.

    Returns the function that waits for the helper and adopts its code. The per-language
    processes of the parallel build would otherwise each compile the same forty templates,
    three times the work, while the second core is idle during the data check.
    """
    fork = multiprocessing.get_context("fork")
    reader, writer = fork.Pipe(duplex=False)
    helper = fork.Process(target=_compile, args=(make_env, names, writer), daemon=True)
    helper.start()
    writer.close()  # so that reading ends if the helper dies before it has sent

    def wait() -> None:
        try:
            adopt(reader.recv())
        except EOFError:
            pass  # the languages' processes compile the templates themselves
        finally:
            reader.close()
            helper.join()

    return wait


def _compile(make_env, names: Sequence[str], out) -> None:
    env = make_env()
    compile_ahead(env, names)
    out.send(snapshot())
    out.close()


class Fragments:
    """Parts of pages rendered once per build and reused by every page they are alike on.

    Called from a template as `{% call kg_fragment("name", key) %}...{% endcall %}`: the
    body is rendered for the first page with that key and copied into the others. The key
    must hold everything the body depends on besides what is the same for the whole build
    of a language (the config, the navigation, the language's words); a key of None
    renders the body every time. A build gets a new environment, and so new fragments.
    """

    def __init__(self) -> None:
        self._done: dict[tuple, str] = {}

    def __call__(self, name: str, key: object, caller: Callable[[], str]) -> str:
        if key is None:
            return caller()
        if (name, key) not in self._done:
            self._done[(name, key)] = caller()
        return self._done[(name, key)]

    def remembered(self, name: str, macro: Callable[[str], str]) -> Callable[[str], str]:
        """The macro as a fragment keyed by its argument: called once per argument in the
        build. For one whose output depends on nothing else that changes within a build
        (partials/language.html's t, the theme's words, called a few times on every page)."""
        return lambda key: self(name, key, lambda: macro(key))


class FramedTemplate(jinja2.Template):
    """A template that renders pages of one kind around the parts that differ between them.

    A page whose context holds a frame key (`FRAME_KEY`) is rendered by the environment's
    `Frames` (the global `FRAMES`); any other page, as Jinja renders it.
    """

    def render(self, *args, **kwargs) -> str:
        variables = dict(*args, **kwargs)
        frames = self.environment.globals.get(FRAMES)
        key = variables.get(FRAME_KEY)
        if frames is None or key is None:
            return super().render(variables)
        try:
            return frames.render(self, variables, key)
        except Exception:
            self.environment.handle_exception()


# The context's key of a page's frame, and the global that holds an environment's Frames.
FRAME_KEY = "kg_frame"
FRAMES = "kg_frames"


class _Mark(str):
    """Where a part of the page goes in its frame: found by identity, never by its text."""


_MARK = _Mark("\x00karriereguiden-part\x00")


@dataclasses.dataclass
class _Frame:
    pieces: list[str]  # the text between the parts, one more than the parts
    parts: list[str]  # the blocks rendered for each page, in the order they appear
    root_vars: dict  # what the templates set outside any block (the language macros...)
    blocks: dict[str, list]  # every block of the template and its parents, as Jinja keeps them
    checked: bool = False  # a second page rendered whole came out the same


class Frames:
    """Pages rendered once per kind around their own parts: Material's page is some 30 KB of
    header, navigation, dialogs and scripts, the same on every role page of a language at
    one depth, around a title, a table of contents, the content and the language links.

    parts: the names of the blocks that differ from page to page (overrides/base.html and
    main.html: the head's page data, the header, the sidebars, the content, the footer).
    The first page of a key is rendered whole; its output, cut at those blocks, is the
    frame. Each later page renders only the parts, with the values the templates set
    outside any block taken from the first page: they come from the configuration alone.

    A key holds everything outside the parts that differs between pages (the caller's
    choice: the relative address of the site's root, which every link to an asset
    depends on). The second page of each key is rendered whole as well and compared:
    if it differs, the key was not enough, and `mismatch` is told; that key's pages are
    then rendered whole. A difference only later pages show is not seen here: the tests
    build a site framed and whole and compare every page.
    """

    def __init__(self, parts: Iterable[str], mismatch: Callable[[str], None]) -> None:
        self.parts = tuple(parts)
        self.mismatch = mismatch
        self._frames: dict[tuple, _Frame | None] = {}

    def render(self, template: jinja2.Template, variables: dict, key: object) -> str:
        full_key = (template.name, key)
        frame = self._frames.get(full_key, _MISSING)
        if frame is _MISSING:
            frame, output = self._make(template, variables)
            self._frames[full_key] = frame
            return output
        if frame is None:
            return _render_whole(template, variables)
        if not frame.checked:
            output = _render_whole(template, variables)
            if _fill(frame, template, variables) == output:
                frame.checked = True
            else:
                self._frames[full_key] = None
                self.mismatch(
                    f"{template.name}: pages with the frame key {key!r} differ outside "
                    f"the parts {', '.join(self.parts)}; rendered whole from now on"
                )
            return output
        return _fill(frame, template, variables)

    def _make(self, template: jinja2.Template, variables: dict) -> tuple[_Frame | None, str]:
        """The frame of this page's key, and the page."""
        context = template.new_context(variables)
        outputs: list[str] = []
        order: list[str] = []
        concat = template.environment.concat

        def part(name: str):
            def render(context):
                # The block itself is next in line: super() inside it finds its parent.
                outputs.append(concat(context.blocks[name][1](context)))
                order.append(name)
                yield _MARK

            return render

        wrappers = {}
        for name in self.parts:
            wrappers[name] = part(name)
            # A block of a parent template only joins the list as the parent starts.
            context.blocks[name] = [wrappers[name], *context.blocks.get(name, ())]
        chunks = list(template.root_render_func(context))
        pieces, current = [], []
        for chunk in chunks:
            if chunk is _MARK:
                pieces.append(concat(current))
                current = []
            else:
                current.append(chunk)
        pieces.append(concat(current))
        if len(pieces) != len(outputs) + 1 or any(_MARK in piece for piece in pieces):
            # A part rendered inside another part, or through self.name(): no frame.
            return None, _render_whole(template, variables)
        page = pieces[0] + concat(o + p for o, p in zip(outputs, pieces[1:], strict=True))
        blocks = {
            name: [block for block in stack if block is not wrappers.get(name)]
            for name, stack in context.blocks.items()
        }
        return _Frame(pieces, order, dict(context.vars), blocks), page


_MISSING = object()


def _render_whole(template: jinja2.Template, variables: dict) -> str:
    return template.environment.concat(template.root_render_func(template.new_context(variables)))


def _fill(frame: _Frame, template: jinja2.Template, variables: dict) -> str:
    context = template.new_context(variables)
    context.vars.update(frame.root_vars)
    context.blocks = {name: list(stack) for name, stack in frame.blocks.items()}
    concat = template.environment.concat
    out = [frame.pieces[0]]
    for name, piece in zip(frame.parts, frame.pieces[1:], strict=True):
        out.append(concat(context.blocks[name][0](context)))
        out.append(piece)
    return concat(out)
