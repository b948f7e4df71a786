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


# -- pages rendered around their own parts (Frames) -------------------------------------------


_FRAMED = {
    "base.html": (
        "{% set site = name | upper %}<html>{% block head %}<title>{{ title }}</title>"
        "{% endblock %}<nav>{{ count() }} {{ site }}</nav>{% block body %}{% endblock %}"
        "<footer>{{ depth }}</footer></html>"
    ),
    "page.html": (
        '{% extends "base.html" %}{% block head %}{{ super() }}<meta n="{{ title }}">'
        "{% endblock %}{% block body %}<h1>{{ title | e }}</h1>{{ site }}{% endblock %}"
    ),
}


def _framed_env(templates: dict[str, str], parts=("head", "body"), mismatches=None):
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    env.template_class = jinjacache.FramedTemplate
    calls = []
    env.globals["count"] = lambda: calls.append(1) or ""
    env.globals[jinjacache.FRAMES] = jinjacache.Frames(
        parts, (mismatches if mismatches is not None else []).append
    )
    return env, calls


def _whole(templates: dict[str, str], **variables) -> str:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    env.globals["count"] = lambda: ""
    return env.get_template("page.html").render(**variables)


_PAGES = [
    {"title": title, "name": "guide", "depth": "../", jinjacache.FRAME_KEY: "../"}
    for title in ("One", "Two & <b>", "Three", "Four")
]


def test_a_framed_page_is_the_page_rendered_whole():
    env, _ = _framed_env(_FRAMED)
    template = env.get_template("page.html")
    for page in _PAGES:
        assert template.render(page) == _whole(_FRAMED, **page)


def test_after_the_first_two_pages_only_the_parts_are_rendered():
    env, calls = _framed_env(_FRAMED)
    template = env.get_template("page.html")
    for page in _PAGES:
        template.render(page)
    # The first page makes the frame, the second is rendered whole to check it.
    assert len(calls) == 2


def test_pages_of_another_key_get_a_frame_of_their_own():
    env, _ = _framed_env(_FRAMED)
    template = env.get_template("page.html")
    deeper = [{**page, "depth": "../../", jinjacache.FRAME_KEY: "../../"} for page in _PAGES]
    for page in [*_PAGES, *deeper]:
        assert template.render(page) == _whole(_FRAMED, **page)


def test_a_page_without_a_frame_key_is_rendered_whole():
    env, calls = _framed_env(_FRAMED)
    template = env.get_template("page.html")
    page = {key: value for key, value in _PAGES[0].items() if key != jinjacache.FRAME_KEY}
    for _ in range(3):
        assert template.render(page) == _whole(_FRAMED, **page)
    assert len(calls) == 3


def test_a_difference_outside_the_parts_is_reported_and_rendered_whole():
    mismatches = []
    env, _ = _framed_env(_FRAMED, mismatches=mismatches)
    template = env.get_template("page.html")
    # The footer shows the depth, which the key leaves out.
    pages = [{**page, "depth": str(n)} for n, page in enumerate(_PAGES)]
    for page in pages:
        assert template.render(page) == _whole(_FRAMED, **page)
    assert len(mismatches) == 1
    assert "page.html" in mismatches[0]


def test_a_part_rendered_inside_another_leaves_the_page_whole():
    templates = {
        **_FRAMED,
        "page.html": (
            '{% extends "base.html" %}{% block body %}{% block inner %}{{ title }}'
            "{% endblock %}{% endblock %}"
        ),
    }
    env, calls = _framed_env(templates, parts=("body", "inner"))
    template = env.get_template("page.html")
    for page in _PAGES:
        assert template.render(page) == _whole(templates, **page)
    # Every page whole, after the one attempt at a frame.
    assert len(calls) == len(_PAGES) + 1


# -- the theme's words, looked up once per build ----------------------------------------------


def test_a_remembered_macro_is_called_once_per_argument_and_gives_what_it_gave():
    env = jinja2.Environment()
    calls = []
    env.globals["count"] = lambda key: calls.append(key) or ""
    module = env.from_string(
        "{% macro t(key) %}{{ count(key) }}<{{ key | upper }}>{% endmacro %}"
    ).module
    t = jinjacache.Fragments().remembered("t", module.t)
    assert [t("skip"), t("toc"), t("skip")] == ["<SKIP>", "<TOC>", "<SKIP>"]
    assert calls == ["skip", "toc"]
