"""Open an index for reading with its segment files memory-mapped, never copied (search and updates).

Whoosh's own mmap path wraps each sub-file of a segment in BufferFile, whose BytesIO copies the
whole mapped region: opening a searcher on the 84k index copied 1.5 GB (2 s, and that much memory
per searcher). Here the sub-files are slices of one read-only map, so a searcher opens in
milliseconds and every process shares the page cache.
"""

import io
import mmap

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile


class _ViewReader(io.RawIOBase):
    """A seekable reader over a memoryview (what BytesIO is, minus the copy)."""

    def __init__(self, view):
        super().__init__()
        self._view = view
        self._pos = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def readinto(self, buffer):
        n = max(0, min(len(buffer), len(self._view) - self._pos))
        buffer[:n] = self._view[self._pos : self._pos + n]
        self._pos += n
        return n

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = base + offset
        return self._pos

    def tell(self):
        return self._pos


def mapped_view(handle):
    """The bytes behind an open Whoosh file as a view of a map (a _ViewFile, or Whoosh's BufferFile), or None."""
    return getattr(handle, "_buf", None)


class _ViewFile(BufferFile):
    """A BufferFile over a slice of the map, without BufferFile's copy."""

    def __init__(self, view, name=None):
        # Buffered: pickle and struct reads come in many small pieces, each a Python call on the raw reader.
        StructFile.__init__(self, io.BufferedReader(_ViewReader(view), buffer_size=4096), name=name)
        self._buf = view


class _MappedFile(StructFile):
    """A segment (compound) file: its sub-files are slices of one read-only map."""

    _map = None

    def subset(self, offset, length, name=None):
        if self._map is None:
            self._map = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
        return _ViewFile(memoryview(self._map)[offset : offset + length], name=name or self._name)

    def close(self):
        super().close()
        if self._map is not None:
            try:
                self._map.close()
            except BufferError:
                pass  # slices still in use: the map goes when the last of them does
            self._map = None


class MappedStorage(FileStorage):
    """A read-only FileStorage whose segment files are read through _MappedFile."""

    def __init__(self, path):
        # supports_mmap=False makes the compound reader ask our file for subsets (see module doc).
        super().__init__(str(path), supports_mmap=False, readonly=True)

    def open_file(self, name, **kwargs):
        return _MappedFile(open(self._fpath(name), "rb"), name=name, **kwargs)


def open_for_reading(build_dir):
    """The Whoosh index in build_dir, opened for reading with mapped segments."""
    return MappedStorage(build_dir).open_index()
