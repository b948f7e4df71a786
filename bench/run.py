#!/usr/bin/env python3
"""Benchmark: build time, memory and page size as the catalogue grows.

    .venv/bin/python bench/run.py [--sizes 10,100,1000] [--no-serve] [--no-search]
    .venv/bin/python bench/run.py --sizes 100,1000 --search-only [--search-runs 5]
    .venv/bin/python bench/run.py --sizes 100,1000 --against REV [--pairs 5]

For each size it makes a catalogue of that many roles from the real ones (new ids, slugs
and titles, same texts and figures) in a temporary project and measures:
- the real build (hook and all) in one process: `mkdocs build`;
- the real build with one process per language, as `dev.py build` runs it
  (hooks/parallel_build.py), and whether its files equal the one-process build's;
- the floor: the very same pages as plain files (generated ones holding their HTML), built
  by MkDocs in one process with the same theme, plugins and navigation but without the
  hook, plus the Pagefind index of the result (the hook's builds make it at their end); the
  one-process build against it shows what the hook costs;
Then, for 100 roles, the live-preview loop: seconds from saving data/roles.yaml to the
changed page being served by `mkdocs serve` for one language. And, at every size, what a
reader's browser pays for search (headless Chromium, the built site served by a plain
static server on 127.0.0.1, no cache): the bytes a page view fetches before search is
touched, the bytes and requests the first search fetches, and the seconds from typing it to
the first results shown (search_cost), with the query typed at once and at a person's pace
(a key every 150 ms). `--search-only` builds each size once and measures only that, in
alternating runs of both speeds (medians; every run printed).

`--against REV` measures this tree against commit REV (checked out into a temporary git
worktree, built with this Python environment): both build the catalogue in alternating
pairs, one-process and per-language, then (unless --no-serve) run the live preview's edit
loop; the report is each pair's times and, per size, the median of the pairs' ratios (this
tree ÷ REV) and of the times, and the peak memory of each build's largest Python process
and of its largest Pagefind process (ProcessPeaks). A speed-up is
then a ratio measured in one run on one machine, not two runs on days when this machine ran
at different speeds. RESULTS.md's rule: a timing target is judged by the median of at least
five pairs (three at 1,000 roles); `decides=False` says a run had fewer.

Prints a table and one `SUMMARY key=value ...` line per size for scripts.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import filecmp
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dev  # noqa: E402
from karriereguiden.pages import render  # noqa: E402
from karriereguiden.pages.languages import load_languages  # noqa: E402
from karriereguiden.site import build as site_build  # noqa: E402
from karriereguiden.site import theme  # noqa: E402
from karriereguiden.site.search import MATERIAL_PAGE_META  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000"}


# -- catalogues ------------------------------------------------------------------------------


# What a temporary project is made of: the site's configuration, pages, hooks and theme
# overrides, and the data its catalogue is made from.
PROJECT_FILES = ("mkdocs.yml", "docs", "hooks", "overrides", "data/roles.yaml")


class CannotBuild(Exception):
    """A catalogue that could not be made or built; the message says which and why."""


def make_catalogue(count: int, tree: Path = ROOT) -> str:
    """``count`` roles cycling through the tree's real ones, each with its own id, slugs and
    titles."""
    path = tree / "data" / "roles.yaml"
    text = path.read_text(encoding="utf-8")
    if "\nroles:\n" not in text:
        raise CannotBuild(f"{path} has no top-level 'roles:' list to copy roles from")
    head, body = text.split("\nroles:\n", 1)
    originals = re.split(r"\n(?=  - id: )", body.strip("\n"))
    if not all(block.startswith("  - id: ") for block in originals):
        raise CannotBuild(f"{path}: its roles do not each start with '  - id: '")
    ids = [re.match(r"  - id: (\S+)", block).group(1) for block in originals]
    blocks = []
    for n in range(count):
        block = originals[n % len(originals)]
        copy = n // len(originals)
        suffix = f"-{copy}" if copy else ""
        for index, rid in enumerate(ids):
            # Own id and related ids point into the same copy, if that copy has the role.
            exists = copy * len(ids) + index < count
            target = f"{rid}{suffix}" if exists else rid
            block = re.sub(rf"\b{re.escape(rid)}\b(?!-)", target, block)
        block = re.sub(r"(\n      slug: \S+)", rf"\g<1>{suffix}", block)
        block = re.sub(
            r"(\n      title: )(.+)", rf"\g<1>\g<2>{' ' + str(copy) if copy else ''}", block
        )
        blocks.append(block)
    return f"{head}\nroles:\n" + "\n".join(blocks) + "\n"


def make_project(where: Path, count: int, tree: Path = ROOT) -> Path:
    # An older commit (--against) may lack some of them.
    missing = [name for name in PROJECT_FILES if not (tree / name).exists()]
    if missing:
        raise CannotBuild(f"no {', '.join(missing)} in {tree}")
    project = where / f"roles-{count}"
    project.mkdir(parents=True)
    for name in ("mkdocs.yml",):
        shutil.copy(tree / name, project / name)
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(tree / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "data").mkdir()
    (project / "data" / "roles.yaml").write_text(make_catalogue(count, tree), encoding="utf-8")
    return project


FLOOR_HOOK = """\
from karriereguiden.site import jinjacache


def on_env(env, config, files):
    env.globals["kg_fragment"] = jinjacache.Fragments()
    env.globals["kg_nav_key"] = lambda nav, page: None
    return env
"""


def make_floor(project: Path) -> Path:
    """The same pages as plain files, with the hook's navigation written into the config.

    Generated pages reach MkDocs as HTML from the hook; here each is a Markdown file that
    holds its HTML, so plain MkDocs builds what the hook hands it, without the hook.
    """
    floor = project.parent / f"{project.name}-floor"
    floor.mkdir()
    shutil.copytree(project / "overrides", floor / "overrides")
    # The same edition the hook makes: build date from SOURCE_DATE_EPOCH, directory URLs.
    edition = render.Edition(
        today=dt.datetime.fromtimestamp(int(ENV["SOURCE_DATE_EPOCH"]), dt.UTC).date(),
        data_url="https://github.com/karriereguiden/karriereguiden/blob/main/data/roles.yaml",
    )
    builder = site_build.Builder()
    guide = builder.site(project, edition)
    files: dict[str, bytes] = {p: t.encode() for p, t in guide.handwritten.items()}
    for lang in guide.languages:
        files.update(guide.data_files(lang.code))
        for generated in builder.pages(guide, lang.code):
            page = generated.page
            front = "".join(
                f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in page.meta.items()
            )
            files[page.path] = f"---\n{front}---\n\n{page.html}\n".encode()
    for rel, content in files.items():
        (floor / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (floor / "docs" / rel).write_bytes(content)
    # What the hook tells Material's search plugin online: Pagefind indexes the pages.
    meta = yaml.safe_dump({"search": MATERIAL_PAGE_META})
    for page in (floor / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        text = f"---\n{meta}{text[4:]}" if text.startswith("---\n") else f"---\n{meta}---\n{text}"
        page.write_text(text, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # Instead of the hook, only what the theme's templates call: shared parts rendered
    # once (kg_fragment), the sidebar rendered for every page (no kg_nav_key).
    (floor / "hooks").mkdir()
    (floor / "hooks" / "floor.py").write_text(FLOOR_HOOK, encoding="utf-8")
    config = config.replace("  - hooks/karriereguiden_hooks.py\n", "  - hooks/floor.py\n")
    themes = {lang.code: lang.theme_language for lang in load_languages()}
    for code, nav in guide.nav.items():
        # Per-language navigation and theme language, as the hook would set them.
        quoted = f'"{code}"' if code == "no" else code
        config = config.replace(
            f"        - locale: {quoted}\n",
            f"        - locale: {quoted}\n"
            f"          theme:\n            language: {themes[code]}\n"
            f"          nav: {json.dumps(nav, ensure_ascii=False)}\n",
        )
    # What the hook tells the theme templates (karriereguiden/site/theme.py), in the default
    # language for every language (the words differ, the work does not), as for a build of
    # that language alone: no language offer, as before.
    languages = load_languages()
    lang = languages[0]
    extra = {
        "karriereguiden": theme.settings(
            lang, languages, [lang.code], lang.code, lang.code, online=True
        ),
        "theme_words": theme.words(lang, languages, [lang.code], lang.code, directory_urls=True),
    }
    extra_yaml = "".join(f"  {key}: {json.dumps(value)}\n" for key, value in extra.items())
    config = config.replace("\nextra:\n", "\nextra:\n" + extra_yaml)
    (floor / "mkdocs.yml").write_text(config, encoding="utf-8")
    return floor


# -- measuring -------------------------------------------------------------------------------


class ProcessPeaks:
    """The peak memory of each kind of process a build runs (Python, Pagefind), sampled.

    The kernel's peak for a finished build (ru_maxrss) is its largest process's, whatever
    it is: at 1,000 roles that is Pagefind's, a program of its own. Every 0.1 s this reads
    the high-water mark (VmHWM) of every process under the build; a peak reached in the last
    0.1 s of a process's life may be missed.
    """

    def __init__(self, pid: int) -> None:
        self.pid, self.peaks = pid, {"python": 0, "pagefind": 0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            for pid in self._descendants():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                name = re.search(r"^Name:\s*(\S+)", status, re.M).group(1)
                kind = "pagefind" if name.startswith("pagefind") else "python"
                hwm = re.search(r"^VmHWM:\s*(\d+) kB", status, re.M)
                if hwm:
                    self.peaks[kind] = max(self.peaks[kind], int(hwm.group(1)) // 1024)

    def _descendants(self) -> list[int]:
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        found, frontier = [], {self.pid}
        while frontier:
            found.extend(frontier)
            frontier = {pid for pid, parent in parents.items() if parent in frontier}
        return found

    def stop(self) -> dict[str, int]:
        self._stop.set()
        self._thread.join()
        return self.peaks


def timed_build(
    project: Path, out: Path, how: str, env: dict[str, str] = ENV, peaks: dict | None = None
) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MiB, of the largest process) and cores used of one build.

    Cores used: CPU seconds (user and system, of the build and every process it waited
    for) per wall second; 2.0 is both cores busy from start to end.

    how: "mkdocs" (`mkdocs build`: one process; also the floor's build) or "per-language"
    (hooks/parallel_build.py, as `dev.py build` runs it).
    """
    if how == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
    else:
        command = [sys.executable, "hooks/parallel_build.py", "--processes", how,
                   "--strict", "-d", str(out)]  # fmt: skip
    # Not --quiet: it silences warnings, so --strict would not fail on them. A log file, not
    # a pipe: nobody reads a pipe while the build runs, and a full one would stop it.
    log_path = out.parent / f"{out.name}.log"
    with log_path.open("w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
        sampler = ProcessPeaks(process.pid) if peaks is not None else None
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if sampler:
            peaks.update(sampler.stop())
    if os.waitstatus_to_exitcode(status) != 0:
        raise CannotBuild(f"build failed in {project}:\n{log_path.read_text()}")
    log_path.unlink()
    return wall, usage.ru_maxrss / 1024, (usage.ru_utime + usage.ru_stime) / wall


def same_files(one: Path, other: Path) -> bool:
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file()):
        return False
    return all(filecmp.cmp(one / f, other / f, shallow=False) for f in files)


def page_sizes(site: Path) -> tuple[int, int, int, int]:
    """HTML pages, total output bytes, median and largest role page (bytes)."""
    folders = [lang.paths["roles"] for lang in load_languages()]
    role_pages = [
        p.stat().st_size
        for p in site.rglob("index.html")
        if p.parent.parent.name in folders and p.parent.name not in folders
    ]
    pages = sum(1 for _ in site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return pages, total, int(statistics.median(role_pages)), max(role_pages)


def edit_loop(project: Path, port: int = 8765, env: dict[str, str] = ENV) -> float:
    """Seconds from saving roles.yaml to the edited page being served (Danish only).

    The data file is as it was afterwards, so that the loop can run again on the project.
    """
    env = {**env, "KARRIEREGUIDEN_ONLY_LANGUAGE": "da"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
               *dev.ONE_LANGUAGE_SERVE_FLAGS]  # fmt: skip
    log = (project / "serve.log").open("w")  # a pipe nobody reads would block the server
    server = subprocess.Popen(
        command, cwd=project, env=env, stdout=log, stderr=log, preexec_fn=_let_ctrl_c_stop
    )
    url = f"http://127.0.0.1:{port}/roller/kundeservicechef/"
    try:
        _wait_for(url, lambda page: "Kundeservicechef" in page, timeout=300)
        time.sleep(2)  # let the file watcher settle, as it has by the time a person saves
        data = project / "data" / "roles.yaml"
        text = data.read_text(encoding="utf-8")
        # The role's Danish title (six spaces in); a source has a title of that name too.
        edited = text.replace(
            "\n      title: Kundeservicechef\n", "\n      title: Kundeservicechef Ny\n", 1
        )
        assert edited != text
        data.write_text(edited, encoding="utf-8")
        started = time.perf_counter()
        _wait_for(url, lambda page: "Kundeservicechef Ny" in page, timeout=120)
        seconds = time.perf_counter() - started
        data.write_text(text, encoding="utf-8")
        return seconds
    finally:
        # Ctrl-C, as a person stops it: MkDocs then runs on_shutdown and removes its temp
        # site; terminated, it left its site in the temp folder.
        # Not during a rebuild (one save can start two): MkDocs deletes its folders while
        # the rebuild writes into them again.
        _wait_until_unchanged(project / "serve.log", quiet=1.5, timeout=60)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _let_ctrl_c_stop() -> None:
    # Run in the server's process before it starts. A shell starts background jobs with
    # Ctrl-C ignored, and the server would inherit that: it then never stops on SIGINT.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_until_unchanged(path: Path, quiet: float, timeout: float) -> None:
    """Until the file has not grown for ``quiet`` seconds: the server has nothing to do."""
    deadline = time.monotonic() + timeout
    size, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = path.stat().st_size
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


def _wait_for(url: str, ready, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(url)


# The page and the query of the search measurement: a word found on many pages, so that the
# first search is not a cheap one.
SEARCH_PAGE = "roller/kundeservicechef/"
SEARCH_QUERY = "kundeservice"
# Notes in the page when the last key of the query went up and when results entered the
# list (Material inserts results into the DOM as it renders them). Typed at a person's pace, a
# prefix may be answered before the last key: only results shown after it count.
CLOCK = """() => {
  window.kgShown = [];
  window.kgLastKey = null;
  document.querySelector("input[data-md-component=search-query]")
    .addEventListener("keyup", () => { window.kgLastKey = performance.now(); });
  new MutationObserver((records) => {
    const added = records.some((record) => Array.prototype.some.call(record.addedNodes,
      (node) => node.nodeType === 1 && node.matches(".md-search-result__item")));
    if (added) window.kgShown.push(performance.now());
  }).observe(document.body, { subtree: true, childList: true });
}"""
SHOWN_AFTER_LAST_KEY = """() => window.kgLastKey !== null
  && window.kgShown.some((at) => at > window.kgLastKey)"""

# How fast the query is typed: at once (keys a few ms apart, as Playwright presses them), and
# at a person's pace, a key every 150 ms (issue 24: every pause searched a prefix then).
TYPING_MS = (0, 150)


def search_costs(site: Path, runs: int) -> dict:
    """search_cost at both typing speeds, alternating, `runs` times each: the medians.

    Keys: load_kib; then per speed search_* (at once) and typed150_*: kib, requests, s (from
    the first key) and after_s (from the last key). Each run is printed as a RUN line.
    """
    measured: dict[int, list[dict]] = {ms: [] for ms in TYPING_MS}
    for n in range(runs):
        for ms in TYPING_MS:
            cost = search_cost(site, ms)
            measured[ms].append(cost)
            print(f"RUN {n + 1} key_ms={ms} " + " ".join(f"{k}={v}" for k, v in cost.items()))
    row = {"load_kib": statistics.median(c["load_kib"] for c in measured[0])}
    for ms, costs in measured.items():
        name = "search" if ms == 0 else f"typed{ms}"
        for key in ("kib", "requests", "s", "after_s"):
            row[f"{name}_{key}"] = statistics.median(c[f"search_{key}"] for c in costs)
    row["search_runs"] = runs
    return row


def search_cost(site: Path, key_delay_ms: int = 0) -> dict:
    """Bytes and time of search as a reader's browser gets them, from a plain static server.

    Bytes are response bodies as received (the server compresses nothing), in a fresh
    browser with an empty cache: first everything the page view fetches until the network
    has been idle for half a second, then everything fetched from focusing the search box
    until the network is idle again after the first result is shown. The time runs from the
    start of typing the query to the first result entering the list (search_s), and from the
    query's last keystroke (search_after_s), both on the page's clock.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import ARGS, CHROMIUM, served
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    received: list[int] = []

    def count(request) -> None:
        received.append(request.sizes()["responseBodySize"])

    # A plain browser, not the tests' guarded one: its guard routes every request through
    # this Python process, which added about half a second to the first search here.
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("requestfinished", count)
        page.goto(base + SEARCH_PAGE)
        page.wait_for_load_state("networkidle")
        on_load = sum(received)
        received.clear()
        box = page.locator("input[data-md-component=search-query]")
        # The page's own clock: Playwright's waiting checks the page at growing intervals
        # (0, 20, 50, 100, 100, then every 500 ms), so a result shown 0.3 s after typing
        # read as 0.8 s when it measured the time itself.
        page.evaluate(CLOCK)
        page.keyboard.press("/")  # Material's shortcut: opens search, focuses the box
        started = page.evaluate("performance.now()")
        # Typed key by key, as a reader does (at once, or key_delay_ms apart): Material reads
        # the query on each keyup.
        box.press_sequentially(SEARCH_QUERY, delay=key_delay_ms)
        try:
            page.wait_for_function(SHOWN_AFTER_LAST_KEY, timeout=120_000)
            shown, last_key = page.evaluate(
                "[window.kgShown.find((at) => at > window.kgLastKey), window.kgLastKey]"
            )
            seconds = round((shown - started) / 1000, 2)
            after_typing = round((shown - last_key) / 1000, 2)
        except PlaywrightTimeout:
            seconds = after_typing = float("inf")
        # Count until nothing more has arrived for half a second: the texts of the results
        # shown may still be arriving when the first one enters the list.
        seen = -1
        while seen != len(received):
            seen = len(received)
            page.wait_for_timeout(500)
        browser.close()
        return {
            "load_kib": round(on_load / 1024, 1),
            "search_kib": round(sum(received) / 1024, 1),
            "search_requests": len(received),
            "search_s": seconds,
            "search_after_s": after_typing,
        }


def index_seconds(site: Path) -> float:
    """Seconds one Pagefind run takes to index the whole built site, as `mkdocs build` does
    at its end (the parallel build indexes each language in its own process)."""
    from karriereguiden.site import search

    with tempfile.TemporaryDirectory(prefix="karriereguiden-pagefind-") as out:
        command = search.pagefind_command(site, Path(out))
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return round(time.perf_counter() - started, 2)


# -- against another commit ------------------------------------------------------------------


def pairs_needed(count: int) -> int:
    """The rule at the top of RESULTS.md: a timing target is judged by the median of at least
    this many alternating pairs. Three at 1,000 roles, where one pair takes minutes."""
    return 3 if count >= 1000 else 5


def median_ratio(ours: list[float], theirs: list[float]) -> float:
    """The median of each pair's ratio (ours ÷ theirs), not the ratio of the medians: the two
    builds of a pair ran one right after the other, so the machine's drift over the run and
    other people's work mostly hit both, and the median drops the pair a burst hit alone."""
    return statistics.median(a / b for a, b in zip(ours, theirs, strict=True))


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed:\n{done.stderr.strip()}")
    return done.stdout.strip()


@contextlib.contextmanager
def checked_out(rev: str, where: Path) -> Iterator[tuple[str, Path]]:
    """REV's tree in a temporary git worktree under ``where``: its short commit and folder."""
    if subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                      cwd=ROOT, capture_output=True).returncode != 0:  # fmt: skip
        sys.exit(f"--against {rev}: not a commit of this repository")
    commit = _git("rev-parse", "--short", f"{rev}^{{commit}}")
    tree = where / f"tree-{commit}"
    _git("worktree", "add", "--detach", "--quiet", str(tree), commit)
    try:
        yield commit, tree
    finally:
        # The worktree is registered in the repository that all worktrees share: remove it
        # there, not only its folder, or `git worktree list` keeps a stale entry.
        _git("worktree", "remove", "--force", str(tree))


def tree_env(tree: Path, project: Path) -> dict[str, str]:
    """The environment for building ``project``, made from ``tree``: this Python environment,
    that tree's core.

    The virtual environment holds this tree's `karriereguiden` as an editable install, so a
    build of REV would import this tree's core and measure this tree twice. PYTHONPATH comes
    before the installed packages; a check from the project's folder, where the builds run
    (Python looks in the current folder first), makes sure of it.
    """
    env = {**ENV, "PYTHONPATH": str(tree)}
    found = subprocess.run(
        [sys.executable, "-c", "import karriereguiden; print(karriereguiden.__file__)"],
        cwd=project, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not Path(found).resolve().is_relative_to(tree.resolve()):
        sys.exit(f"a build for {tree} would import karriereguiden from {found}")
    # Compiled ahead, as this tree's already is: the first build of a fresh checkout would
    # otherwise pay for compiling the core, and its pair's ratio with it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "karriereguiden")],
                   check=True, capture_output=True)  # fmt: skip
    return env


def compare(
    where: Path, count: int, commit: str, tree: Path, pairs: int, edit: bool = True
) -> dict:
    """This tree against REV's at ``count`` roles in ``pairs`` alternating pairs, in the new
    folder ``where``.

    Both catalogues are this script's make_catalogue applied to each tree's own
    data/roles.yaml. Not one file for both: the data format changes with the code (01c6c78
    rejects today's roles.yaml), and each commit's data is the data its code was made for.
    Not REV's own generator: an older commit may have none, or one that makes another
    catalogue; this one gives both trees the same number of roles with the same ids, slugs
    and titles. `pages` and `rev_pages` show whether the two sites came out the same size.
    """
    ours = make_project(where / "this", count)
    try:
        theirs = make_project(where / "rev", count, tree)
    except CannotBuild as error:
        raise CannotBuild(
            f"{commit}'s tree cannot make the {count}-role catalogue: {error}"
        ) from None
    envs = {"this": tree_env(ROOT, ours), "rev": tree_env(tree, theirs)}
    projects = {"this": ours, "rev": theirs}
    builds = {"wall": "mkdocs", "parallel": "per-language"}
    times: dict[tuple[str, str], list[float]] = {(s, b): [] for s in projects for b in builds}
    peaks: dict[tuple[str, str], list[float]] = {(s, b): [] for s in projects for b in builds}
    # The largest Python and Pagefind processes of each build (ProcessPeaks).
    kinds: dict[tuple[str, str, str], list[int]] = {}
    edits: dict[str, list[float]] = {side: [] for side in projects}
    pages = {}
    for n in range(pairs):
        # Each tree goes first in every other pair: whichever builds second finds the disk
        # cache warm and the machine a few seconds further into its drift.
        order = ("this", "rev") if n % 2 == 0 else ("rev", "this")
        for build, how in builds.items():
            for side in order:
                out = where / f"{side}-{build}-{count}"
                by_kind: dict[str, int] = {}
                try:
                    wall, peak, _ = timed_build(projects[side], out, how, envs[side], by_kind)
                except CannotBuild as error:
                    if side == "this":
                        raise
                    # The verdict last, under the log, where the reader's eye ends up.
                    raise CannotBuild(
                        f"{error}\n{commit}'s tree cannot build the {count}-role catalogue "
                        f"({how}); its build log is above."
                    ) from None
                times[side, build].append(wall)
                peaks[side, build].append(peak)
                for kind, mib in by_kind.items():
                    kinds.setdefault((side, build, kind), []).append(mib)
                pages[side] = sum(1 for _ in out.rglob("*.html"))
        if edit:
            # The live preview of one language: seconds from saving a role to seeing it.
            for side in order:
                edits[side].append(edit_loop(projects[side], env=envs[side]))
        pair = {"first": order[0]}
        for build in builds:
            ours_s, theirs_s = times["this", build][-1], times["rev", build][-1]
            pair |= {f"{build}_s": round(ours_s, 2), f"rev_{build}_s": round(theirs_s, 2),
                     f"{build}_vs_rev": round(ours_s / theirs_s, 3)}  # fmt: skip
        if edit:
            pair |= {"edit_s": round(edits["this"][-1], 2),
                     "rev_edit_s": round(edits["rev"][-1], 2),
                     "edit_vs_rev": round(edits["this"][-1] / edits["rev"][-1], 3)}  # fmt: skip
        print(f"PAIR {n + 1} " + " ".join(f"{k}={v}" for k, v in pair.items()), flush=True)
    row = {"roles": count, "against": commit, "pairs": pairs,
           "decides": pairs >= pairs_needed(count),
           "pages": pages["this"], "rev_pages": pages["rev"]}  # fmt: skip
    for build in builds:
        ours_t, theirs_t = times["this", build], times["rev", build]
        peak = "peak_mib" if build == "wall" else "parallel_peak_mib"  # as measure() names them
        row |= {
            f"{build}_vs_rev": round(median_ratio(ours_t, theirs_t), 3),
            f"{build}_s": round(statistics.median(ours_t), 2),
            f"rev_{build}_s": round(statistics.median(theirs_t), 2),
            peak: round(statistics.median(peaks["this", build])),
            f"rev_{peak}": round(statistics.median(peaks["rev", build])),
        }
        for kind in ("python", "pagefind"):
            for side, prefix in (("this", ""), ("rev", "rev_")):
                if kinds.get((side, build, kind)):
                    name = f"{prefix}{build}_{kind}_peak_mib"
                    row[name] = max(kinds[side, build, kind])
    if edit:
        row |= {
            "edit_vs_rev": round(median_ratio(edits["this"], edits["rev"]), 3),
            "edit_s": round(statistics.median(edits["this"]), 2),
            "rev_edit_s": round(statistics.median(edits["rev"]), 2),
        }
    shutil.rmtree(where)
    return row


# -- report ----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-search", action="store_true", help="skip the browser measurement")
    parser.add_argument(
        "--runs", type=int, help="runs per size, medians reported (default: 5, 3 at 1,000 roles)"
    )
    parser.add_argument(
        "--search-only", action="store_true", help="one build per size, for the search figures"
    )
    parser.add_argument(
        "--search-runs",
        type=int,
        help="with --search-only: alternating runs per typing speed (default: 5, 3 at 1,000 roles)",
    )
    parser.add_argument(
        "--against",
        metavar="REV",
        help="build the same catalogue with commit REV too, in alternating pairs with this tree",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        help="with --against: pairs per size (default: 5, 3 at 1,000 roles)",
    )
    args = parser.parse_args(argv)
    if args.pairs is not None and not args.against:
        parser.error("--pairs needs --against")
    if args.pairs is not None and args.pairs < 1:
        parser.error("--pairs must be at least 1")
    if args.against and args.search_only:
        parser.error("--against measures build times; --search-only measures search")
    return args


def main() -> None:
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"# Karriereguiden benchmark, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    try:
        rows = against(args, sizes) if args.against else measure(args, sizes)
    except CannotBuild as error:
        sys.exit(str(error))
    print_table(rows)


def against(args: argparse.Namespace, sizes: list[int]) -> list[dict]:
    head = _git("rev-parse", "--short", "HEAD")
    changed = " with uncommitted changes" if _git("status", "--porcelain") else ""
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="karriereguiden-bench-") as tmp,
        checked_out(args.against, Path(tmp)) as (commit, tree),
    ):
        print(f"# this tree ({head}{changed}) ÷ {commit}, alternating pairs", flush=True)
        for count in sizes:
            pairs = args.pairs or pairs_needed(count)
            where = Path(tmp) / f"roles-{count}"
            rows.append(compare(where, count, commit, tree, pairs, edit=not args.no_serve))
            print("SUMMARY " + " ".join(f"{k}={v}" for k, v in rows[-1].items()), flush=True)
    return rows


def measure(args: argparse.Namespace, sizes: list[int]) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="karriereguiden-bench-") as tmp:
        for count in sizes:
            project = make_project(Path(tmp), count)
            if args.search_only:
                built = Path(tmp) / f"parallel-{count}"
                timed_build(project, built, "per-language")
                runs = args.search_runs or (5 if count <= 100 else 3)
                costs = search_costs(built, runs)
                rows.append({"roles": count, **costs, "index_s": index_seconds(built)})
                print("SUMMARY " + " ".join(f"{k}={v}" for k, v in rows[-1].items()), flush=True)
                shutil.rmtree(built)
                continue
            # RESULTS.md's rule: the median of five runs, three at 1,000 roles; each run builds
            # the floor, the one-process and the per-language site one after the other, and
            # the ratios between them are taken within a run.
            runs = args.runs or pairs_needed(count)
            floor = make_floor(project)
            site, parallel_site = Path(tmp) / f"site-{count}", Path(tmp) / f"parallel-{count}"
            walls, parallels, floors, indexes = [], [], [], []
            for _ in range(runs):
                # The one-process build in the middle, next to both builds it is compared
                # with: over a 1,000-role run this machine's speed drifts (the same build
                # took 158 s in one run and 135 s minutes later), and the floor was two
                # builds away.
                floor_site = Path(tmp) / f"floor-{count}"
                # The site includes its Pagefind index, which the hook's builds make at
                # their end: the floor makes it too, so hook_ratio is the hook's own share.
                floor_build = timed_build(floor, floor_site, "mkdocs")[0]
                indexes.append(index_seconds(floor_site))
                floors.append(floor_build + indexes[-1])
                walls.append(timed_build(project, site, "mkdocs"))
                parallels.append(timed_build(project, parallel_site, "per-language"))
            wall, peak, cores = _median_run(walls)
            parallel, parallel_peak, parallel_cores = _median_run(parallels)
            floor_wall = statistics.median(floors)
            hook_ratio = statistics.median(w[0] / f for w, f in zip(walls, floors, strict=True))
            parallel_ratio = statistics.median(
                p[0] / w[0] for p, w in zip(parallels, walls, strict=True)
            )
            pages, total, median, largest = page_sizes(site)
            search = {} if args.no_search else search_costs(parallel_site, 1)
            # The floor's pages are the site's pages, so their index stands for the site's:
            # indexing the built site once more took 25 s at 1,000 roles, time the
            # benchmark's 15 minutes do not have.
            search["index_s"] = statistics.median(indexes)
            row = {
                "roles": count, "pages": pages, "wall_s": round(wall, 2),
                "parallel_s": round(parallel, 2),
                "parallel_ratio": round(parallel_ratio, 3), "runs": runs,
                "identical": same_files(site, parallel_site),
                "pages_per_s": round(pages / parallel, 1), "peak_mib": round(peak),
                "parallel_peak_mib": round(parallel_peak),
                "output_mib": round(total / 2**20, 1), "role_median_kib": round(median / 1024, 1),
                "role_max_kib": round(largest / 1024, 1), "floor_s": round(floor_wall, 2),
                "hook_ratio": round(hook_ratio, 3), **search,
                # How much of the two cores each build used.
                "cores": round(cores, 2), "parallel_cores": round(parallel_cores, 2),
                # The parallel build's CPU seconds over the one-process build's: the same
                # work, but on this machine a second busy core slows both, and
                # parallel_ratio is this times cores / parallel_cores (see RESULTS.md).
                "cpu_ratio": round(parallel * parallel_cores / (wall * cores), 3),
            }  # fmt: skip
            rows.append(row)
            print("SUMMARY " + " ".join(f"{k}={v}" for k, v in row.items()), flush=True)
            if count == 100 and not args.no_serve:
                latency = statistics.median(edit_loop(project) for _ in range(runs))
                print(f"SUMMARY roles=100 edit_to_page_s={latency:.2f} runs={runs}", flush=True)
            for folder in (site, parallel_site, Path(tmp) / f"floor-{count}"):
                shutil.rmtree(folder)
    return rows


def _median_run(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The run with the median wall time (its memory and cores with it)."""
    return sorted(runs)[len(runs) // 2]


def print_table(rows: list[dict]) -> None:
    print()
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---:|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    by = {r["roles"]: r for r in rows}
    if 100 in by and 1000 in by and "wall_s" in by[100]:
        print(f"\ntime(1000)/time(100) = {by[1000]['wall_s'] / by[100]['wall_s']:.2f}")
        ratio = by[1000]["parallel_s"] / by[100]["parallel_s"]
        print(f"time(1000)/time(100), one process per language = {ratio:.2f}")
    if 10 in by and 1000 in by and "role_median_kib" in by[10]:
        ratio = by[1000]["role_median_kib"] / by[10]["role_median_kib"]
        print(f"role page median size, 1000 vs 10 roles = {ratio:.2f}x")


if __name__ == "__main__":
    main()
