"""The build's order and what one process keeps between builds (karriereguiden/site/build.py),
and what MkDocs does with the pages the hook hands it."""

from __future__ import annotations

import gc
import re

import markdown
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from karriereguiden.data.parse import incremental
from karriereguiden.pages import render
from karriereguiden.site import build, jinjacache
from tests.conftest import TODAY, catalogue_yaml, make_project, role_yaml, valid_yaml

EDITION = render.Edition(today=TODAY, directory_urls=True, data_url=None)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, valid_yaml())


def _changed(pages: list[build.Generated]) -> set[str]:
    return {generated.page.path for generated in pages if generated.changed}


def test_a_first_build_renders_every_page_as_changed(project):
    builder = build.Builder(keep_pages=True)
    pages = builder.pages(builder.site(project, EDITION), "da")
    assert {generated.page.key for generated in pages} >= {"roles", "salaries", "role/alpha"}
    assert all(generated.changed for generated in pages)


def test_the_cycle_collector_does_not_run_between_reading_the_data_and_freezing_it(
    project, monkeypatch
):
    # The loader pauses the collector while it reads; a collection before the freeze would
    # walk every object read (0.11 s at 1,000 roles, before the languages' processes start).
    builder = build.Builder()
    reading, frozen, between = [], [], []
    load, freeze = builder._load, gc.freeze

    def load_and_watch(raw):
        catalogue = load(raw)
        reading.append(True)
        return catalogue

    def freeze_and_stop_watching():
        reading.clear()
        frozen.append(True)
        freeze()

    def record(phase, info):
        if phase == "start" and reading:
            between.append(info["generation"])

    monkeypatch.setattr(builder, "_load", load_and_watch)
    monkeypatch.setattr(gc, "freeze", freeze_and_stop_watching)
    threshold = gc.get_threshold()
    gc.set_threshold(1)  # while the collector is on, every allocation starts a collection
    gc.callbacks.append(record)
    try:
        site = builder.site(project, EDITION)
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*threshold)
    assert [role.id for role in site.catalogue.roles] == ["alpha", "beta"]
    assert frozen == [True]
    assert between == []


def test_unchanged_data_renders_no_role_again_and_changes_no_page(project, monkeypatch):
    builder = build.Builder(keep_pages=True)
    builder.pages(builder.site(project, EDITION), "da")
    rendered = []
    monkeypatch.setattr(build.render, "render_role_pages", lambda *a, **k: rendered.append(a))
    again = builder.pages(builder.site(project, EDITION), "da")
    assert rendered == []
    assert _changed(again) == set()


def test_an_edit_renders_only_its_role_and_the_pages_that_list_it(project, monkeypatch):
    builder = build.Builder(keep_pages=True)
    builder.pages(builder.site(project, EDITION), "da")
    data = project / "data" / "roles.yaml"
    data.write_text(
        data.read_text("utf-8").replace("Outlook beta da.", "Outlook beta da, edited."), "utf-8"
    )
    render_role_pages = build.render.render_role_pages
    rendered = []

    def counting(role, *args, **options):
        rendered.append(role.id)
        return render_role_pages(role, *args, **options)

    monkeypatch.setattr(build.render, "render_role_pages", counting)
    pages = builder.pages(builder.site(project, EDITION), "da")
    assert rendered == ["beta"]
    assert _changed(pages) == {"da/roller/beta-da/index.md"}


def test_a_new_title_renders_the_roles_that_link_to_it_again(project):
    builder = build.Builder(keep_pages=True)
    builder.pages(builder.site(project, EDITION), "da")
    data = project / "data" / "roles.yaml"
    data.write_text(data.read_text("utf-8").replace("Title beta da", "Title beta da, new"), "utf-8")
    changed = _changed(builder.pages(builder.site(project, EDITION), "da"))
    assert "da/roller/alpha-da/index.md" in changed  # it links to beta by its title
    assert {"da/roller/index.md", "da/roller/beta-da/index.md"} <= changed


def test_a_removed_role_has_no_pages_in_the_next_build(project):
    builder = build.Builder(keep_pages=True)
    builder.pages(builder.site(project, EDITION), "da")
    (project / "data" / "roles.yaml").write_text(catalogue_yaml(role_yaml("alpha")), "utf-8")
    keys = {generated.page.key for generated in builder.pages(builder.site(project, EDITION), "da")}
    assert "role/beta" not in keys and "role/alpha" in keys


def test_a_data_error_while_serving_gives_a_site_that_shows_it(project):
    (project / "data" / "roles.yaml").write_text("roles: [\n", "utf-8")
    site = build.Builder().site(project, EDITION, keep_going=True)
    assert isinstance(site, build.ErrorSite)
    assert "roles.yaml:" in site.errors.report()


def test_only_hand_written_pages_go_through_markdown(tmp_path, monkeypatch):
    """Generated pages reach MkDocs as HTML; docs/ is read by Python-Markdown as before."""
    project = make_project(tmp_path)
    converted = []
    convert = markdown.Markdown.convert

    def recording(self, source):
        converted.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", recording)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    mkdocs_build(config)
    handwritten = sorted(p.relative_to(project / "docs") for p in (project / "docs").rglob("*.md"))
    assert len(converted) == len(handwritten)
    # The markers of short texts are filled in as Markdown; the list of every role is not
    # Markdown's to read: its marker stays, and the HTML goes in after.
    markers = [re.findall(r"<!-- karriereguiden:([a-z-]+) -->", text) for text in converted]
    homes = [text for text, found in zip(converted, markers, strict=True) if found]
    assert [found for found in markers if found] == [["roles"]] * len(homes)
    assert len(homes) == 3  # one home page a language
    assert not any("Kundeservicechef" in text for text in homes)
    page = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert '<li><a href="roller/kundeservicechef/">Kundeservicechef</a>: ' in page
    assert "karriereguiden:" not in page
    assert (tmp_path / "site" / "roller" / "kundeservicechef" / "index.html").is_file()


def test_material_search_still_strips_its_attributes_but_passes_the_pages_it_leaves_out(
    tmp_path, monkeypatch
):
    """Online, Material's search plugin indexes no page: its page event runs only where a
    page has a data-search-* attribute for it to take out, and takes it out there."""
    from material.plugins.search.plugin import SearchPlugin

    project = make_project(tmp_path)
    about = project / "docs" / "da" / "om.md"
    about.write_text(
        about.read_text("utf-8") + '\n<p data-search-exclude="yes">Kun på siden.</p>\n', "utf-8"
    )
    pages = []
    on_page_context = SearchPlugin.on_page_context

    def recording(self, context, *, page, config, nav):
        pages.append(page.file.src_uri)
        return on_page_context(self, context, page=page, config=config, nav=nav)

    monkeypatch.setattr(SearchPlugin, "on_page_context", recording)
    built = _build_in_process(project, tmp_path / "site", monkeypatch)
    assert pages == ["da/om.md"]
    assert "<p>Kun på siden.</p>" in built["om/index.html"].decode("utf-8")


def _build_in_process(project, site_dir, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True))
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in site_dir.rglob("*.html")
    }


def test_generated_pages_rendered_in_frames_are_the_pages_rendered_whole(tmp_path, monkeypatch):
    """The theme's page is rendered once per kind of generated page; each page's own parts
    go into it (jinjacache.Frames), and the site is the same as with every page whole."""
    # A title with what attributes and JSON escape, or a template might read as its own.
    hostile = "Title beta's {{ x }} {% raw %} \\u00e6 \u00f8 da"
    project = make_project(tmp_path, valid_yaml().replace("Title beta da", hostile))
    filled = []
    fill = jinjacache._fill
    monkeypatch.setattr(jinjacache, "_fill", lambda *args: filled.append(1) or fill(*args))
    framed = _build_in_process(project, tmp_path / "framed", monkeypatch)
    assert filled  # pages came out of frames

    def whole_page(self, template, variables, key):
        return jinjacache._render_whole(template, variables)

    monkeypatch.setattr(jinjacache.Frames, "render", whole_page)
    whole = _build_in_process(project, tmp_path / "whole", monkeypatch)
    assert framed.keys() == whole.keys()
    assert [path for path in framed if framed[path] != whole[path]] == []


def test_a_new_title_changes_the_home_page_that_lists_the_roles(project):
    builder = build.Builder(keep_pages=True)
    builder.handwritten_changed(builder.site(project, EDITION), "da")
    data = project / "data" / "roles.yaml"
    data.write_text(data.read_text("utf-8").replace("Title beta da", "Title beta da, new"), "utf-8")
    site = builder.site(project, EDITION)
    assert builder.handwritten_changed(site, "da") == {"da/index.md"}
    assert builder.handwritten_changed(site, "da") == set()


def test_a_change_to_the_sidebar_changes_every_generated_page(project):
    # Up to render.NAV_ROLE_LIMIT roles, the sidebar of every page lists every role.
    builder = build.Builder(keep_pages=True)
    builder.pages(builder.site(project, EDITION), "da")
    data = project / "data" / "roles.yaml"
    data.write_text(data.read_text("utf-8").replace("Title beta da", "Title beta da, new"), "utf-8")
    pages = builder.pages(builder.site(project, EDITION), "da")
    assert all(generated.changed for generated in pages)


@pytest.mark.parametrize(("keep_pages", "composed"), [(True, ["beta"]), (False, ["file"])])
def test_only_a_live_preview_reads_by_parts_the_data_an_edit_changed(
    project, monkeypatch, keep_pages, composed
):
    # A build keeps nothing of the data file for a next load, which no build asks for.
    builder = build.Builder(keep_pages=keep_pages)
    builder.site(project, EDITION)
    calls = []
    fragment, whole_file = incremental.compose_fragment, incremental.compose_bytes
    monkeypatch.setattr(
        incremental,
        "compose_fragment",
        lambda text, line: calls.append("beta") or fragment(text, line),
    )
    monkeypatch.setattr(
        incremental, "compose_bytes", lambda *args: calls.append("file") or whole_file(*args)
    )
    data = project / "data" / "roles.yaml"
    data.write_text(
        data.read_text("utf-8").replace("Outlook beta da.", "Outlook, edited."), "utf-8"
    )
    beta = builder.site(project, EDITION).catalogue.role("beta")
    assert beta.texts["da"].outlook == ("Outlook, edited.",)
    assert calls == composed


def test_a_build_of_the_site_keeps_no_pages_for_a_next_build(project, monkeypatch):
    # Only the live preview builds again in the same process: a build lets them go.
    builder = build.Builder()
    builder.pages(builder.site(project, EDITION), "da")
    rendered = []
    monkeypatch.setattr(build.render, "render_role_pages", lambda *a, **k: rendered.append(a) or [])
    builder.pages(builder.site(project, EDITION), "da")
    assert len(rendered) == 2  # both roles again


def test_each_generated_page_lists_its_own_headings_in_its_table_of_contents(tmp_path, monkeypatch):
    """Beyond the roles the sidebar lists, generated pages are rendered in frames (their
    parts apart); each page's table of contents is its own: the FAQ pages' questions differ."""
    roles = [role_yaml(f"role{n:02d}") for n in range(render.NAV_ROLE_LIMIT + 2)]
    project = make_project(tmp_path, catalogue_yaml(*roles))
    built = _build_in_process(project, tmp_path / "site", monkeypatch)
    tables = {}
    for path, page in built.items():
        text = page.decode("utf-8")
        if "data-pagefind-meta" not in text:
            continue  # only generated role, salary and FAQ pages carry the search names
        toc = text[text.index('data-md-component="toc"') :]
        toc = toc[: toc.index("</div>")]
        article = text[text.index("<article") : text.index("</article>")]
        headings = re.findall(r'<h[2-6] id="([^"]+)"', article)
        assert re.findall(r'href="#([^"]+)"', toc) == headings, path
        tables[path] = tuple(headings)
    assert len(tables) == 3 * 3 * len(roles)  # three pages a role in three languages
    assert len(set(tables.values())) > 3 * len(roles)  # every FAQ page's questions differ


def test_parts_rendered_once_are_what_each_page_would_render_itself(tmp_path, monkeypatch):
    """kg_fragment renders a part once per key (the header, the sidebar, what stands around
    the content); rendered for every page instead, the site is the same. With edit buttons
    on the hand-written pages (the generated ones have no file to edit), what stands around
    the content differs from page to page."""
    roles = [role_yaml(f"role{n:02d}") for n in range(render.NAV_ROLE_LIMIT + 2)]
    project = make_project(tmp_path, catalogue_yaml(*roles))
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  features:\n", "  features:\n    - content.action.edit\n", 1)
    config += "repo_url: https://example.org/repo\nedit_uri: edit/main/docs/\n"
    (project / "mkdocs.yml").write_text(config, "utf-8")
    once = _build_in_process(project, tmp_path / "once", monkeypatch)
    monkeypatch.setattr(jinjacache.Fragments, "__call__", lambda self, name, key, caller: caller())
    every = _build_in_process(project, tmp_path / "every", monkeypatch)
    assert once.keys() == every.keys()
    assert [path for path in once if once[path] != every[path]] == []
    assert sum(b'rel="edit"' in page for page in once.values()) == 6  # home and about, ×3
