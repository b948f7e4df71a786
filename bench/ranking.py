#!/usr/bin/env python3
"""Where search puts a role's own page for each of its names, on each language's site.

    .venv/bin/python bench/ranking.py SITE_DIR [--data data/roles.yaml]

For every role, every name of it (its title and every other name, in every language) and
every language's site, the position of the role's page among the results the site's own
search worker answers (the worker the page's config names, asked as Material asks it, and
asked for more pages when it has more than ten), and where the role's salary and FAQ pages
come. Prints a Markdown table and a summary; `!` marks a name whose role page is not first.
The site is served from 127.0.0.1 as a reader's browser gets it (tests/browser.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import ARGS, CHROMIUM, served  # noqa: E402

from karriereguiden.data.parse import load_file  # noqa: E402
from karriereguiden.pages import render  # noqa: E402
from karriereguiden.pages.languages import language_codes, load_languages  # noqa: E402

# Asks the page's search worker as Material does (SETUP, then QUERY; RESULT back), and asks
# for more pages over the channel the page's results script uses, as scrolling does.
ASK = """async (query) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const worker = new Worker(new URL(config.search, location.href));
  const channel = new BroadcastChannel("karriereguiden-search");
  // The page's own worker (Material's) answers its empty query on the same channel: only
  // what is told about this worker's first page counts.
  let told = null;
  let first = null;
  channel.onmessage = (event) => {
    const data = event.data;
    if (data && data.total !== undefined && first && data.first === first) told = data;
  };
  const answers = [];
  const answered = new Promise((resolve) => {
    worker.onmessage = (event) => {
      if (event.data.type !== 3) return;
      answers.push(event.data.data.items);
      if (answers[0].length) first = answers[0][0][0].location;
      resolve();
    };
  });
  worker.postMessage({ type: 0, data: { config: {}, docs: [] } });
  worker.postMessage({ type: 2, data: query });
  await answered;
  const wait = () => new Promise((r) => setTimeout(r, 50));
  for (let i = 0; i < 40 && told === null && first; i++) await wait();
  if (told && told.total > answers[0].length) {
    channel.postMessage("more");
    for (let i = 0; i < 200 && answers.length < 2; i++) await wait();
  }
  worker.terminate();
  channel.close();
  const items = answers[answers.length - 1];
  return {
    pages: items.map((item) => new URL(item[0].location, location.href).pathname),
    total: told ? told.total : items.length,
    partial: told && told.partial ? told.partial : null,
  };
}"""


def names_of(role, codes):
    """Every name of the role, in every language, once: (language, name)."""
    seen, names = set(), []
    for code in codes:
        text = role.texts[code]
        for name in (text.title, *text.also_called):
            if name.lower() not in seen:
                seen.add(name.lower())
                names.append((code, name))
    return names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "roles.yaml")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    languages = load_languages()
    catalogue = load_file(args.data, language_codes())
    codes = [lang.code for lang in languages]

    def url(role, kind, lang):
        path = render.page_path(role, kind, lang).split("/", 1)[1]
        prefix = "" if lang.code == languages[0].code else f"{lang.code}/"
        return "/" + prefix + render.url_path(path, True)

    rows, misses = [], 0
    with served(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        for role in catalogue.roles:
            for name_lang, name in names_of(role, codes):
                cells = []
                for lang in languages:
                    home = "" if lang.code == languages[0].code else f"{lang.code}/"
                    page.goto(base + home)
                    found = page.evaluate(ASK, name)
                    pages = found["pages"]
                    own = url(role, "role", lang)
                    at = pages.index(own) + 1 if own in pages else None
                    others = [
                        pages.index(url(role, kind, lang)) + 1
                        for kind in ("salary", "faq")
                        if url(role, kind, lang) in pages
                    ]
                    cell = f"{at or '–'}"
                    if others:
                        cell += f" ({','.join(map(str, sorted(others)))})"
                    cell += f" /{found['total']}"
                    if found["partial"]:
                        cell += " partial"
                    if at != 1:
                        cell += " !"
                        misses += 1
                    cells.append(cell)
                rows.append((role.id, name_lang, name, cells))
        browser.close()
    print("| role | name (language) | " + " | ".join(f"{c} site" for c in codes) + " |")
    print("|---|---|" + "---|" * len(codes))
    for role_id, name_lang, name, cells in rows:
        print(f"| {role_id} | {name} ({name_lang}) | " + " | ".join(cells) + " |")
    total = len(rows) * len(codes)
    print(f"\nrole page first: {total - misses} of {total} searches")
    print(
        "Cells: the role page's position (its salary and FAQ pages' positions) /pages found;"
        " – not found; ! role page not first."
    )


if __name__ == "__main__":
    main()
