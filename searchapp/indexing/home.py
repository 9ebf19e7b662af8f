"""The index home: complete builds side by side and a `current` link swapped atomically."""

import errno
import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path

from .manifest import MANIFEST

CURRENT = "current"


class IndexBusy(RuntimeError):
    """Another reindex holds the lock of this index home."""


class IndexHome:
    """A directory holding builds (`build-*`) and the `current` symlink the server follows."""

    def __init__(self, path):
        self.path = Path(path)

    def current(self):
        """The directory of the complete index now served, or None."""
        link = self.path / CURRENT
        return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None

    def dangling(self):
        """The name `current` points to when that is not a directory (deleted by hand?), else None."""
        link = self.path / CURRENT
        return os.readlink(link) if link.is_symlink() and not link.resolve().is_dir() else None

    def lock(self):
        """Take the reindex lock (non-blocking); the returned file keeps it until closed."""
        self.path.mkdir(parents=True, exist_ok=True)
        handle = open(self.path / ".lock", "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            handle.close()
            if err.errno in (errno.EAGAIN, errno.EACCES):
                raise IndexBusy(f"another reindex is running on {self.path}; wait for it to finish") from None
            raise
        return handle

    def new_build(self):
        """A fresh, empty directory for the next build."""
        self.path.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"build-{time.strftime('%Y%m%d-%H%M%S')}-", dir=self.path))

    def swap(self, build):
        """Point `current` at build in one atomic rename; a reader sees the old or the new index."""
        tmp = self.path / f".{CURRENT}.{os.getpid()}"
        if tmp.is_symlink():
            tmp.unlink()
        os.symlink(Path(build).name, tmp)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            os.replace(tmp, self.path / CURRENT)
            os.fsync(fd)
        finally:
            os.close(fd)

    def prune(self, keep=2):
        """Delete older builds, keeping the current one and the newest others up to keep in all.

        Builds a killed run left unfinished (no manifest) go first, so the one kept besides the
        current build is a complete one. Temporary links of killed swaps go too.
        """
        current = self.current()
        builds = sorted((p for p in self.path.glob("build-*") if p.is_dir()), key=_completed)
        others = [b for b in builds if b.resolve() != current]
        for old in others[: max(0, len(others) - (keep - 1))]:
            shutil.rmtree(old, ignore_errors=True)
        for link in self.path.glob(f".{CURRENT}.*"):
            if link.is_symlink():
                link.unlink()


def _completed(build):
    """(finished?, when): a build's manifest is written last, when the build is complete."""
    manifest = build / MANIFEST
    return (True, manifest.stat().st_mtime) if manifest.exists() else (False, build.stat().st_mtime)
