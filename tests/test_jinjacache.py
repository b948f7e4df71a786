"""Compiled theme templates are kept for later builds in the same process."""

from __future__ import annotations

import pickle

import jinja2
import pytest

from karriereguiden.site import jinjacache
from karriereguiden.site.jinjacache import MemoryBytecodeCache, shared_cache


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


# -- compiled ahead, in another process (hooks/parallel_build.py) ---------------------------


@pytest.fixture
def no_compiled_code(monkeypatch):
    monkeypatch.setattr(jinjacache, "_caches", {})


def _site_templates(folder):
    (folder / "base.html").write_text("<p>{% block body %}{% endblock %}</p>", encoding="utf-8")
    (folder / "part.html").write_text("{{ x }}", encoding="utf-8")
    (folder / "page.html").write_text(
        '{% extends "base.html" %}{% block body %}{% include "part.html" %}!{% endblock %}',
        encoding="utf-8",
    )


def _refuse_to_compile(monkeypatch):
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **k: 1 / 0)


def test_a_template_and_every_template_it_names_are_compiled_ahead(
    tmp_path, monkeypatch, no_compiled_code
):
    _site_templates(tmp_path)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path))
    assert jinjacache.compile_ahead(env, ["page.html"]) == 3
    _refuse_to_compile(monkeypatch)
    later = _env(tmp_path, shared_cache(env))
    assert later.get_template("page.html").render(x=1) == "<p>1!</p>"


def test_code_compiled_ahead_in_one_process_is_used_in_another(
    tmp_path, monkeypatch, no_compiled_code
):
    _site_templates(tmp_path)
    jinjacache.compile_ahead(
        jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path)), ["page.html"]
    )
    sent = pickle.dumps(jinjacache.snapshot())  # as the pipe between the processes sends it
    monkeypatch.setattr(jinjacache, "_caches", {})
    jinjacache.adopt(pickle.loads(sent))
    _refuse_to_compile(monkeypatch)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path))
    env.bytecode_cache = shared_cache(env)
    assert env.get_template("page.html").render(x=2) == "<p>2!</p>"


def test_a_template_is_found_in_the_cache_by_a_relative_path_to_its_file(
    tmp_path, monkeypatch, no_compiled_code
):
    (tmp_path / "theme").mkdir()
    _site_templates(tmp_path / "theme")
    absolute = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path / "theme"))
    jinjacache.compile_ahead(absolute, ["page.html"])
    monkeypatch.chdir(tmp_path)
    _refuse_to_compile(monkeypatch)
    relative = _env("theme", shared_cache(absolute))
    assert relative.get_template("page.html").render(x=3) == "<p>3!</p>"


def test_a_template_that_does_not_compile_ahead_is_left_to_the_build(tmp_path, no_compiled_code):
    (tmp_path / "page.html").write_text(
        '{{ x|added_later }}{% include "part.html" %}', encoding="utf-8"
    )
    (tmp_path / "part.html").write_text("{{ x }}", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path))
    assert jinjacache.compile_ahead(env, ["page.html", "missing.html"]) == 1  # part.html
