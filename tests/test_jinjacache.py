"""Compiled theme templates are kept for later builds in the same process."""

from __future__ import annotations

import jinja2

from karriereguiden.jinjacache import MemoryBytecodeCache, shared_cache


def _env(folder, cache, **options) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache, **options
    )


def test_a_second_environment_uses_the_code_compiled_by_the_first(tmp_path, monkeypatch):
    (tmp_path / "page.html").write_text("{{ x }}!", encoding="utf-8")
    cache = MemoryBytecodeCache()
    assert _env(tmp_path, cache).get_template("page.html").render(x=1) == "1!"
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **k: 1 / 0)
    assert _env(tmp_path, cache).get_template("page.html").render(x=2) == "2!"


def test_an_edited_template_is_compiled_afresh(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("{{ x }}!", encoding="utf-8")
    cache = MemoryBytecodeCache()
    _env(tmp_path, cache).get_template("page.html").render(x=1)
    page.write_text("{{ x }}?", encoding="utf-8")
    assert _env(tmp_path, cache).get_template("page.html").render(x=2) == "2?"


def test_environments_set_up_differently_do_not_share_compiled_code(tmp_path):
    plain = jinja2.Environment()
    assert shared_cache(plain) is shared_cache(jinja2.Environment())
    assert shared_cache(plain) is not shared_cache(jinja2.Environment(trim_blocks=True))
    assert shared_cache(plain) is not shared_cache(
        jinja2.Environment(extensions=["jinja2.ext.i18n"])
    )
