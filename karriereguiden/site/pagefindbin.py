"""The Pagefind binary the online search index is made with: one pinned release, fetched once.

Pagefind's Python wheels (pagefind-bin) end at 1.5.2. Its release 1.6.0 is on npm only, as a
package per platform that holds nothing but the binary, so the build fetches that package's
archive from the npm registry itself, checks it against the SHA-512 npm records for it (the
"integrity" of its lock files), and keeps the binary in the environment: no Node.js needed.
`python3 dev.py build` and `dev.py test` install it with the pinned Python packages.

Why 1.6.0: measured on this 2-core machine at 1,000 roles, three languages at once as the
per-language build runs them (one thread each), three alternating runs each: 5.6-6.0 s
against 1.5.2's 6.5-7.6 s, with 10.8-11.7 s of CPU against 12.8-14.3 s. It writes the same
fragments, and its WebAssembly, which a reader's first search fetches, is 12 KB smaller.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import platform
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

VERSION = "1.6.0"
_REGISTRY = "https://registry.npmjs.org/@pagefind"
# npm's package for each platform, as (system, machine) name it, and its archive's
# integrity as npm view @pagefind/NAME@VERSION dist.integrity gives it.
_PACKAGES = {
    ("Linux", "x86_64"): ("linux-x64", "IbMSx/+Vr/Xk0TTBlLkjgK+rvnbOXGmmb2/MKxQu99AR5DsqQoV3NKEA9PQz2tAhuCZjeD5xJBp4w5N5DHIC7Q=="),  # noqa: E501
    ("Linux", "aarch64"): ("linux-arm64", "SLB2I+XqCZma8NvIGIH8nyKblgKIxw5PmqsVtofWOKxNHhEtOEsddbqU+hsrNcT3EV0faM6UmKDHVIxcPYq29w=="),  # noqa: E501
    ("Darwin", "x86_64"): ("darwin-x64", "rd3ZbtuxyYqjASKZAPuIV7eeQQHJ7VYpoNKKG8CvglaD3g30eT5Nb7XGNLYwVReBsCccpkURwrGwWjSwr8nyQQ=="),  # noqa: E501
    ("Darwin", "arm64"): ("darwin-arm64", "611gl64aqN12UcMyKPtZ8+vRWBKlJFSh2JgO8uScxa1Eyjo1dXz9r4wZuRno0yCUE/KN0FauEoKZ3KEwUYHCCg=="),  # noqa: E501
    ("Windows", "AMD64"): ("windows-x64", "cUA2+yXfbymdJllyMjY5YTBwuOgh0/H53Pn5fYKjDnDjk154Ft4U5RVj3TenWySPL/jG6zJfARUWSlyUyXHlZw=="),  # noqa: E501
    ("Windows", "ARM64"): ("windows-arm64", "wUrniW3REr7VWJHz6xE6F/p/AQgHDFpGZiY9sbWT71KfEijDE5Jnc37V8zc7cilV9h/QkwJGXoEP2+ZLwDmhtw=="),  # noqa: E501
    ("FreeBSD", "amd64"): ("freebsd-x64", "d+sXqsaThszmPWGVDSRKqIz9GpZcj/bAksNZfg19asSxU0ogNPOMND4kV4giQvOjPFMsltUFf6hQJfoHQ6+hSQ=="),  # noqa: E501
}  # fmt: skip
# The binary in every platform's package: the extended one is the only one npm ships.
_NAME = "pagefind_extended" + (".exe" if os.name == "nt" else "")
_MEMBER = f"package/bin/{_NAME}"


class PagefindUnavailable(Exception):
    pass


def executable() -> Path:
    """The installed binary; PagefindUnavailable, saying how to install it, if it is not."""
    path = _path()
    if not path.is_file():
        raise PagefindUnavailable(
            f"Pagefind {VERSION}, which makes the search index, is not installed in this "
            f"Python environment ({path}): `python3 dev.py build` installs it, or run "
            f"`{Path(sys.executable).name} -m karriereguiden.site.pagefindbin`"
        )
    return path


def install() -> Path:
    """Fetch, check and keep the binary for this platform, unless it is there; its path."""
    path = _path()
    if path.is_file():
        return path
    package, integrity = _package()
    url = f"{_REGISTRY}/{package}/-/{package}-{VERSION}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            archive = response.read()
    except OSError as error:
        message = f"could not fetch Pagefind {VERSION} from {url}: {error}"
        raise PagefindUnavailable(message) from error
    digest = base64.b64encode(hashlib.sha512(archive).digest()).decode("ascii")
    if digest != integrity:
        raise PagefindUnavailable(
            f"{url} is not the archive npm published (SHA-512 {digest}, expected {integrity}): "
            "nothing was installed"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside its place and renamed: a half-written binary is never found there.
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{_NAME}-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_binary(archive, url))
        os.chmod(partial, 0o755)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return path


def _path() -> Path:
    # In the environment: a new .venv/ fetches it again, a pinned version of its own.
    return Path(sys.prefix) / "pagefind" / VERSION / _NAME


def _package() -> tuple[str, str]:
    here = (platform.system(), platform.machine())
    if here not in _PACKAGES:
        known = ", ".join(f"{system} {machine}" for system, machine in _PACKAGES)
        raise PagefindUnavailable(
            f"Pagefind {VERSION} has no binary for {here[0]} {here[1]} (it has one for {known})"
        )
    return _PACKAGES[here]


def _binary(archive: bytes, url: str) -> bytes:
    # Only the one member is read, as bytes: no path from the archive reaches the disk.
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        try:
            member = tar.getmember(_MEMBER)
        except KeyError:
            member = None
        if member is None or not member.isfile():
            raise PagefindUnavailable(f"{url} holds no {_MEMBER}")
        return tar.extractfile(member).read()


def main() -> int:
    try:
        print(f"Pagefind {VERSION}: {install()}")
    except PagefindUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
