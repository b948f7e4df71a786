"""What git says about the project: versions and dates for bundles and reproducible builds."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(root: Path, *args: str) -> str | None:
    """git's output, stripped; None outside a git checkout or without git."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                check=False)  # fmt: skip
    except FileNotFoundError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def git_bytes(root: Path, *args: str) -> bytes | None:
    """git's raw output (a file as committed); None if git fails or is missing."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        return None
    return result.stdout if result.returncode == 0 else None


def commit_time(root: Path, fallback: Path) -> int:
    """Seconds since the epoch of the last commit; the fallback file's time outside git."""
    stamp = git(root, "log", "-1", "--format=%ct")
    return int(stamp) if stamp else int(fallback.stat().st_mtime)
