#!/usr/bin/env python3
"""Set up and run Karriereguiden with nothing but Python 3.11 installed.

    python3 dev.py build          install what is needed, build the site into site/
    python3 dev.py test           install what is needed, lint and run the tests
    python3 dev.py serve [--lang sv] [-a 127.0.0.1:8001]  live preview (one language is faster)
    python3 dev.py check          check data/roles.yaml and docs/ without building
    python3 dev.py coverage       translation coverage per role and language
    python3 dev.py new-role ID --title da=... --title no=... --title sv=...
    python3 dev.py schema --write regenerate schema/roles.schema.json
    python3 dev.py bundle         offline zips for file:// in dist/ (one per language, one with all)
    python3 dev.py changes --base main   what data/roles.yaml changes since main, in plain words

Dependencies go into .venv/ from the pinned requirements files; they are reinstalled only
when those files change.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
SITE = ROOT / "site"
# Pins the Pagefind release, which pip does not install.
PAGEFIND = ROOT / "karriereguiden" / "site" / "pagefindbin.py"


def _ensure_env(requirements: str) -> None:
    files = [ROOT / requirements, ROOT / "requirements.txt", ROOT / "pyproject.toml", PAGEFIND]
    stamp_value = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.is_file() and stamp.read_text() == stamp_value and PYTHON.exists():
        return
    if not PYTHON.exists():
        # ensurepip prints nothing while it works: say how long it takes.
        print("Creating .venv/ in the project folder (once; about 20 seconds) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # Not --quiet: a first install takes a minute or more, and pip's lines show it moving.
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check"]
    print(
        f"Installing the pinned Python packages of {requirements} into .venv/ "
        "(a minute or more the first time; nothing outside .venv/ changes) ...",
        flush=True,
    )
    _run([*pip, "-r", str(ROOT / requirements)])
    _run([*pip, "--no-deps", "--editable", str(ROOT)])
    # Pagefind's release the search index is made with: npm publishes it, not PyPI.
    print("Installing Pagefind (pinned; its binary from the npm registry) ...", flush=True)
    _run([str(PYTHON), "-m", "karriereguiden.site.pagefindbin"])
    stamp.write_text(stamp_value)
    print(f"Installed the packages of {requirements}.", flush=True)


def _run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def _mkdocs_env() -> dict[str, str]:
    # The Material/MkDocs 2.0 banner is not ours to act on; pinned versions are.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build() -> None:
    """Build into site/, which is replaced only when the build succeeded (parallel.py)."""
    _ensure_env("requirements.txt")
    # One process per language where there are cores for it (see hooks/parallel_build.py).
    result = subprocess.run(
        [str(PYTHON), "hooks/parallel_build.py", "--strict", "--site-dir", str(SITE)],
        cwd=ROOT,
        env=_mkdocs_env(),
    )
    if result.returncode != 0:
        print("Build failed: site/ was left as it was.", file=sys.stderr)
        sys.exit(result.returncode)
    pages = sum(1 for _ in SITE.rglob("index.html"))
    print(f"Built {pages} pages into {SITE.relative_to(ROOT)}/")


def _may_apt_install() -> bool:
    """Debian packages are installed only as root on a machine with apt (as in CI)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and bool(shutil.which("apt-get"))


def _show_and_run(command: list[str], **kwargs) -> None:
    """A system change is never made silently: the exact command is printed first."""
    print(f"$ {shlex.join(command)}", flush=True)
    _run(command, **kwargs)


def _apt_install(package: str, why: str) -> None:
    print(f"{why} is missing: installing the Debian package '{package}' with apt-get.", flush=True)
    # -q drops apt's progress bars, not its lines: what it fetches and sets up stays shown.
    _show_and_run(["apt-get", "update", "-q"])
    _show_and_run(
        ["apt-get", "install", "-y", "-q", package],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def _missing(package: str, why: str, tests: str) -> None:
    """Where dev.py may not install a tool: say which tests it costs and how to get it."""
    how = f"sudo apt-get install {package}" if shutil.which("apt-get") else f"install {why}"
    if os.environ.get("CI"):
        effect = "will fail (CI=true: nothing may be skipped)"
    else:
        effect = "will be skipped"
    print(f"{why} is missing: {tests} {effect}. To run them: {how}", flush=True)


def _ensure_tool(program: str, package: str, why: str, tests: str) -> bool:
    if shutil.which(program):
        return True
    if _may_apt_install():
        _apt_install(package, why)
        return True
    _missing(package, why, tests)
    return False


def _ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium; Playwright cannot download browsers here."""
    if os.name == "nt":
        return
    _ensure_tool("chromium", "chromium", "Chromium", "the browser tests")


def _ensure_nu_html_checker() -> None:
    """The Nu HTML Checker for tests/test_clean_pages.py: vnu.jar from npm, run by Java."""
    tests = "the HTML validation test (tests/test_clean_pages.py)"
    _ensure_tool("java", "default-jre-headless", "Java", tests)
    tool = ROOT / "tools" / "vnu"
    lock = tool / "package-lock.json"
    stamp = tool / "node_modules" / ".installed"
    if stamp.is_file() and stamp.read_text() == hashlib.sha256(lock.read_bytes()).hexdigest():
        return
    if not _ensure_tool("npm", "npm", "npm (Node.js)", tests):
        return
    print("Installing the Nu HTML Checker (vnu-jar, pinned) into tools/vnu/ ...", flush=True)
    # --ignore-scripts: the jar is in the package; its install script would fetch a Java.
    _show_and_run(["npm", "ci", "--prefix", str(tool), "--ignore-scripts", "--no-audit",
                   "--no-fund"])  # fmt: skip
    stamp.write_text(hashlib.sha256(lock.read_bytes()).hexdigest())


def test(args: list[str]) -> None:
    _ensure_env("requirements-dev.txt")
    _ensure_chromium()
    _ensure_nu_html_checker()
    _run([str(PYTHON), "-m", "ruff", "check", "."])
    _run([str(PYTHON), "-m", "ruff", "format", "--check", "."])
    _run([str(PYTHON), "-m", "pytest", *args], env=_mkdocs_env())


# Previewing one language rebuilds only the pages whose Markdown an edit changed: the hook
# rewrites only changed staged files, and MkDocs's --dirty skips unchanged ones. Other
# pages keep their old navigation until a full build; fine for a preview.
ONE_LANGUAGE_SERVE_FLAGS = ["--dirty"]


DEFAULT_DEV_ADDR = "127.0.0.1:8000"


def _dev_addr(args: list[str]) -> str:
    """The address `mkdocs serve` will listen on, from -a/--dev-addr as MkDocs reads them."""
    addr = DEFAULT_DEV_ADDR
    for index, arg in enumerate(args):
        if arg in ("-a", "--dev-addr") and index + 1 < len(args):
            addr = args[index + 1]
        elif arg.startswith("--dev-addr="):
            addr = arg.split("=", 1)[1]
        elif arg.startswith("-a") and len(arg) > 2:
            addr = arg[2:]
    return addr


def _address_problem(addr: str) -> str:
    """Why the preview could not listen on ``addr``, in one line; "" when it can."""
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit():
        return f"'{addr}' is not an address to serve on: write it as -a 127.0.0.1:8001"
    other = f"{host}:{int(port) + 1 if int(port) < 65535 else 8001}"
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        if os.name != "nt":
            # As the server binds: a port left in TIME_WAIT by a stopped preview is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as error:
            in_use = error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1))
            if in_use or getattr(error, "winerror", None) == 10048:
                return (
                    f"Port {port} on {host} is already in use (another preview, or another "
                    f"program): choose another port with -a, e.g. python3 dev.py serve -a {other}"
                )
            return f"Cannot serve on {addr} ({error.strerror}): choose another with -a {other}"
    return ""


def serve(args: list[str]) -> None:
    # Before anything is installed or built: a busy port would end the preview only after
    # the whole first build, with a traceback.
    problem = _address_problem(_dev_addr(args))
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(1)
    _ensure_env("requirements.txt")
    env = _mkdocs_env()
    if "--lang" in args:
        # One language builds in a third of the time: the fastest loop while editing.
        index = args.index("--lang")
        env["KARRIEREGUIDEN_ONLY_LANGUAGE"] = args[index + 1]
        args = args[:index] + args[index + 2 :] + ONE_LANGUAGE_SERVE_FLAGS
    sys.exit(_run_until_stopped([str(PYTHON), "-m", "mkdocs", "serve", *args], env=env))


def _run_until_stopped(command: list[str], **kwargs) -> int:
    """Run a server; Ctrl-C, SIGTERM and SIGHUP stop it before this process ends.

    Killed outright, this process would leave the server running, holding its port. The
    server is asked to stop as Ctrl-C asks it, on which `mkdocs serve` closes its port and
    removes its temporary folders; one that has not stopped after ten seconds is killed.
    """

    class Stop(Exception):
        pass

    def stop(signum, frame):
        raise Stop

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    # Started in the background by a shell, this process and its children would ignore
    # SIGINT; with a handler here, the server starts with Python's own and can be asked.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    child = None
    try:
        child = subprocess.Popen(command, cwd=ROOT, **kwargs)
        return child.wait()
    except Stop:
        if child is not None:
            child.send_signal(signal.SIGINT if os.name != "nt" else signal.SIGTERM)
    except KeyboardInterrupt:
        pass  # Ctrl-C in a terminal reaches the server as well
    if child is None:
        return 1
    deadline = time.monotonic() + 10
    while True:
        try:
            return child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            return child.wait()
        except (Stop, KeyboardInterrupt):
            continue


def bundle(args: list[str]) -> None:
    """Build the offline site four times (da, no, sv, all) and zip each into dist/."""
    _ensure_env("requirements.txt")
    if Path(sys.prefix).resolve() != VENV.resolve():
        # The zips are made by the core, which needs the pinned packages: run inside .venv.
        _run([str(PYTHON), __file__, "bundle", *args])
        return
    dist = ROOT / "dist"
    for old in dist.glob("karriereguiden-*.zip"):
        old.unlink()
    for path in make_bundles(dist, str(PYTHON)):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.0f} KiB")


def make_bundles(out_dir: Path, python: str) -> list[Path]:
    """One zip per language and one with all languages; returns their paths."""
    import tempfile

    from karriereguiden.pages.languages import load_languages
    from karriereguiden.site import bundle as offline

    languages = load_languages()
    version = offline.version(ROOT)
    date = offline.data_date(ROOT)
    targets = {lang.code: [lang] for lang in languages} | {"all": list(languages)}
    zips = []
    with tempfile.TemporaryDirectory(prefix="karriereguiden-bundle-") as tmp:
        builds = {}
        for name in targets:
            env = {**_mkdocs_env(), "KARRIEREGUIDEN_OFFLINE": "true"}
            if name != "all":
                env["KARRIEREGUIDEN_ONLY_LANGUAGE"] = name
            site = Path(tmp) / name
            # Not --quiet: it silences warnings, so --strict would have none to count.
            command = [python, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
            running = [b for b in builds.values() if b[0].poll() is None]
            if len(running) >= 2:  # one build per core
                running[0][0].wait()
            with (Path(tmp) / f"{name}.log").open("w") as log:  # a full pipe would block
                process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
            builds[name] = (process, site)
        failed = [name for name, (process, _) in builds.items() if process.wait() != 0]
        for name in failed:
            print((Path(tmp) / f"{name}.log").read_text(encoding="utf-8"), file=sys.stderr)
        if failed:
            sys.exit(f"The offline build for {failed} failed; no bundle was written.")
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, (_, site) in builds.items():
            langs = targets[name]
            extra = dict(
                offline.readme(lang, version, date, offline.online_url(site)) for lang in langs
            )
            stem = (
                f"karriereguiden-{version}" if name == "all" else f"karriereguiden-{name}-{version}"
            )
            offline.write_zip(site, out_dir / f"{stem}.zip", stem, extra, date)
            zips.append(out_dir / f"{stem}.zip")
    return zips


def _core(command: str):
    def run(args: list[str]) -> None:
        _ensure_env("requirements.txt")
        _run([str(PYTHON), "-m", "karriereguiden.editor.cli", command, *args])

    return run


def main(argv: list[str]) -> None:
    commands = {"build": lambda a: build(), "test": test, "serve": serve, "bundle": bundle}
    commands.update({name: _core(name) for name in ("check", "coverage", "new-role", "schema")})
    commands["changes"] = _core("changes")
    if not argv or argv[0] not in commands:
        print(__doc__)
        sys.exit(2)
    commands[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
