"""python -m searchapp.reindex: update (or rebuild) the search index from corpus files."""

import argparse
import errno
import os
import sys

from .indexing.build import BuildError, build_index, count_items
from .indexing.home import IndexBusy
from .indexing.update import update_index

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2
# What a failed write most often means, in the words an operator searches for.
OS_ERRORS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exhausted",
             errno.EROFS: "the index directory is on a read-only file system",
             errno.EACCES: "no permission to write the index directory",
             errno.EPERM: "no permission to write the index directory"}


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m searchapp.reindex",
        description="Index raw .txt articles and JSON Lines files, then swap the new index in. With an "
        "index already there, only new, changed and removed articles are processed (--full rebuilds).",
        epilog="Exit status: 0 all indexed; 1 index built but some files or records were skipped; "
        "2 failed (the previous index is kept).",
    )
    parser.add_argument("--corpus", action="append", metavar="PATH",
                        help="directory or .jsonl/.jsonl.gz file (repeatable; default: corpus/)")
    parser.add_argument("--index", default="index", metavar="DIR", help="index home (default: index/)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="segmentation processes (default: the CPU count)")
    parser.add_argument("--full", action="store_true",
                        help="rebuild from scratch instead of updating the current index")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, only errors")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def _progress_bar(args):
    """A tqdm bar on a terminal (rate and ETA), nothing otherwise."""
    if args.quiet or not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=count_items(args.corpus), unit="article", dynamic_ncols=True)
    return bar, bar.update


def report(summary, quiet, out=None):
    """Print the summary: indexed, skipped with reasons, time."""
    out = out or sys.stderr
    for problem in summary.problems:
        print(("skipped: " if problem.skipped else "warning: ") + str(problem), file=out)
    if not quiet:
        if summary.incremental:
            done = (f"updated the index: {summary.added} added, {summary.changed} changed, "
                    f"{summary.deleted} deleted, {summary.unchanged} unchanged ({summary.indexed} articles)")
        else:
            done = f"indexed {summary.indexed} articles"
        print(f"{done}, skipped {len(summary.skipped)}, warnings {len(summary.problems) - len(summary.skipped)}, "
              f"in {summary.seconds:.1f} s -> {summary.index_dir}", file=out)


def failure_message(err, index):
    """One line saying what went wrong and that the served index is untouched."""
    if isinstance(err, OSError):
        what = OS_ERRORS.get(err.errno, err.strerror or type(err).__name__)
        where = f" ({err.filename})" if err.filename else ""
        return f"reindex failed: {what}{where}; {index} is unchanged (its previous index, if any, is still served)"
    return f"reindex failed: {err}"


def main(argv=None):
    args = parse_args(argv)
    args.corpus = args.corpus or ["corpus"]
    bar, progress = _progress_bar(args)
    try:
        reindex = build_index if args.full else update_index
        summary = reindex(args.corpus, args.index, jobs=args.jobs, progress=progress)
    except (BuildError, IndexBusy, OSError) as err:
        print(failure_message(err, args.index), file=sys.stderr)
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.close()
    report(summary, args.quiet)
    return EXIT_SKIPPED if summary.problems else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
