"""Lighthouse (mobile) on every page kind in every language of a built site.

    python3 dev.py build
    .venv/bin/python bench/lighthouse.py                 # site/, all page kinds, 3 languages
    .venv/bin/python bench/lighthouse.py --site other/site --runs 1 --json out.json

Not part of the test suite: Lighthouse's performance score depends on how busy the machine
is, and one run of the 24 pages takes about ten minutes on two cores.

What it does:
- installs Lighthouse 12.2.3 from bench/lighthouse/package-lock.json (`npm ci`) the first
  time; 13.x needs Node 22;
- serves the site on 127.0.0.1 the way GitHub Pages does: gzip for text files, a
  ten-minute cache lifetime, a folder's index.html for its address, and the language's
  404.html with status 404 for anything missing (Python's http.server compresses
  nothing, which alone costs about 400 KB per page in Lighthouse's eyes);
- runs Lighthouse with its default mobile settings (simulated throttling) on Debian's
  Chromium (CHROME_PATH) for: home, roles index, a role page, its salary page, its FAQ
  page, the salary overview, the about page and the 404 page in each language. The 404
  page is audited at its own address (/404.html, status 200), since a 404 status alone
  fails the SEO audit "page has successful HTTP status code";
- prints one line per page with the four scores and, for each score below 100, the
  audits that cost points; the best of `--runs` runs per page counts for performance.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "bench" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".map"}
# Danish addresses of the page kinds; the other languages' come from the sitemap's alternates.
KINDS = {
    "home": "",
    "roles index": "roller/",
    "role": "roller/kundeservicechef/",
    "salary": "roller/kundeservicechef/loen/",
    "faq": "roller/kundeservicechef/spoergsmaal/",
    "salary overview": "loen/",
    "about": "om/",
}


class PagesLikeHandler(SimpleHTTPRequestHandler):
    """Static files as GitHub Pages serves them: gzip, short cache lifetime, 404.html."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, self._not_found_page()
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        gzipped = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, 6)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def _not_found_page(self) -> Path:
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0]
        own = root / first / "404.html"
        return own if first and own.is_file() else root / "404.html"


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(site: Path):
    handler = functools.partial(PagesLikeHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def install() -> Path:
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        # --ignore-scripts: nothing Lighthouse needs runs at install time.
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                       cwd=TOOL, check=True)  # fmt: skip
    return binary


def pages(site: Path) -> list[tuple[str, str, str]]:
    """(language, kind, site-relative path) for every page kind in every language."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    base = re.search(r"<loc>(.*?)</loc>", sitemap).group(1)
    entries = {}
    for block in re.findall(r"<url>(.*?)</url>", sitemap, re.S):
        loc = re.search(r"<loc>(.*?)</loc>", block).group(1)
        links = re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block)
        entries[loc] = {lang: href for lang, href in links if lang != "x-default"}
    out = []
    for kind, path in KINDS.items():
        for lang, href in entries[base + path].items():
            out.append((lang, kind, href.removeprefix(base)))
    for lang in entries[base]:
        folder = "" if entries[base][lang] == base else entries[base][lang].removeprefix(base)
        out.append((lang, "404", f"{folder}404.html"))
    return sorted(out, key=lambda p: (p[0], list(KINDS).index(p[1]) if p[1] in KINDS else 99))


def audit(binary: Path, url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )  # fmt: skip
        return json.loads(report.read_text(encoding="utf-8"))


def blocking(report: dict) -> list[str]:
    """What held up the first paint (Lighthouse's render-blocking-resources), by file name."""
    items = report["audits"]["render-blocking-resources"].get("details", {}).get("items", [])
    return [item["url"].rsplit("/", 1)[-1] for item in items]


def summary(report: dict) -> tuple[dict[str, int], list[str]]:
    scores, losses = {}, []
    for name in CATEGORIES:
        category = report["categories"][name]
        scores[name] = round(category["score"] * 100)
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                losses.append(f"{name}:{ref['id']}={result['score']:.2f}")
    return scores, losses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=1, help="runs per page, best counts")
    parser.add_argument("--json", type=Path, help="write every page's scores here")
    args = parser.parse_args()
    if not shutil.which(CHROMIUM):
        sys.exit(f"{CHROMIUM} not found: set CHROME_PATH")
    binary = install()
    server, base = serve(args.site)
    rows = []
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("lang kind             perf a11y  bp seo", flush=True)
    try:
        for lang, kind, path in pages(args.site):
            best = None
            for _ in range(args.runs):
                report = audit(binary, base + path)
                scores, losses = summary(report)
                if best is None or scores["performance"] > best[0]["performance"]:
                    # Lighthouse's measure of this machine's speed at the time (a fast
                    # desktop scores about 1500-2000); performance falls with it.
                    speed = round(report["environment"]["benchmarkIndex"])
                    best = (scores, losses, blocking(report), speed)
            scores, losses, blockers, speed = best
            rows.append({"lang": lang, "kind": kind, "path": path, **scores, "losses": losses,
                         "render_blocking": blockers, "benchmark_index": speed})  # fmt: skip
            line = " ".join(f"{scores[c]:3d}" for c in CATEGORIES)
            print(f"{lang:3} {kind:16} {line}  /{path}  {' '.join(losses)}", flush=True)
            print(f"    render-blocking: {', '.join(blockers) or 'none'}; benchmarkIndex {speed}",
                  flush=True)  # fmt: skip
    finally:
        server.shutdown()
    for name in CATEGORIES:
        values = [row[name] for row in rows]
        print(f"{name}: min {min(values)}, max {max(values)}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
