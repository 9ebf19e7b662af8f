"""Update the current index with what changed in the corpus, in a new build swapped in like a rebuild.

The new build starts as hard links to the current build's files (Whoosh never rewrites a segment
file; each commit writes a new table of contents), so the running server keeps reading the
previous build untouched. Articles whose fingerprint is unchanged are not analysed again; changed
and removed ones are marked deleted in their segment, and the changed and new ones go to one new
segment. Big segments are never merged (that would redo the work in Python); `--full` rebuilds.
"""

import os
import shutil

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from ..corpus.sources import read_corpus
from .build import POSTINGS_PER_SEGMENT, Summary, full_build, open_writer, prepared_documents, swap_in_new_build
from .home import IndexHome
from .manifest import MANIFEST
from .prepare import fingerprint
from .schema import build_schema
from .storage import open_for_reading

SMALL_SEGMENT = 2_000  # documents: a segment below this is one an earlier update wrote (or a small build)
MAX_SMALL_SEGMENTS = 8  # this many small segments already: merge them into the new one


def update_index(paths, home, jobs=None, progress=None):
    """Bring the index of home up to date with paths (a full build when there is none); a Summary."""
    home = IndexHome(home)
    with home.lock() as lock:
        current = home.current()
        if current is None or not _same_schema(current):
            return full_build(paths, home, jobs, progress, lock)

        def write(build):
            _link_files(current, build)
            return _apply(build, paths, jobs or os.cpu_count() or 1, progress, lock.fileno())

        # Nothing added, changed or deleted: keep serving the current build.
        return swap_in_new_build(home, write, keep=lambda s: s.added or s.changed or s.deleted)


def _signature(schema):
    return {name: (type(f).__name__, type(f.format).__name__, type(getattr(f, "analyzer", None)).__name__)
            for name, f in schema.items()}


def _same_schema(build):
    """Whether the index in build has the fields this code writes (else only a rebuild is right)."""
    try:
        return _signature(whoosh_index.open_dir(str(build), readonly=True).schema) == _signature(build_schema())
    except Exception:  # an unreadable index: rebuild it
        return False


def _link_files(source, target):
    """Hard-link every index file of source into target (a copy where links are not possible)."""
    for entry in os.scandir(source):
        if entry.is_file() and not entry.name.endswith("WRITELOCK") and entry.name != MANIFEST:
            try:
                os.link(entry.path, os.path.join(target, entry.name))
            except OSError:
                shutil.copy2(entry.path, os.path.join(target, entry.name))


def _known(build):
    """id -> (document number, fingerprint) of every live document in the index in build."""
    ix = open_for_reading(build)
    try:
        with ix.reader() as reader:
            return {fields["id"]: (docnum, fields.get("fingerprint")) for docnum, fields in reader.iter_docs()}
    finally:
        ix.close()


def _apply(build, paths, jobs, progress, lock_fd):
    """Delete, replace and add documents in the index in build; return the Summary."""
    known = _known(build)
    summary = Summary(incremental=True)
    seen = set()

    def to_analyse():
        for article, problems in read_corpus(paths):
            if article is not None:
                seen.add(article.id)
                old = known.get(article.id)
                if old is not None and old[1] == fingerprint(article):
                    summary.unchanged += 1
                    if progress:
                        progress(1)
                    continue
            yield article, problems

    ix = whoosh_index.open_dir(str(build))
    writer = open_writer(ix)
    stale = []  # document numbers of the changed articles' previous versions
    try:
        for doc, problems in prepared_documents(to_analyse(), jobs, lock_fd):
            summary.problems += problems
            if doc is not None:
                writer.add_document(**doc)
                if doc["id"] in known:
                    summary.changed += 1
                    stale.append(known[doc["id"]][0])
                else:
                    summary.added += 1
                if writer.pool.count >= POSTINGS_PER_SEGMENT:
                    writer.commit(merge=False)  # keeps the old segments in order: their docnums hold
                    writer = open_writer(ix)
            if progress:
                progress(1)
        removed = [docnum for doc_id, (docnum, _) in known.items() if doc_id not in seen]
        for docnum in stale + removed:
            writer.delete_document(docnum)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=merge_small_segments)
    summary.deleted = len(removed)
    summary.indexed = summary.unchanged + summary.added + summary.changed
    return summary


def merge_small_segments(writer, segments):
    """Whoosh merge policy: drop emptied segments; merge the small ones once there are too many.

    Merging copies postings in Python, so only small segments (earlier updates) are ever merged;
    their deleted documents go with the merge. Big segments keep theirs until a full rebuild.
    """
    segments = [s for s in segments if s.doc_count() > 0]
    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT]
    if len(small) < MAX_SMALL_SEGMENTS:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s.doc_count_all() >= SMALL_SEGMENT]
