"""Walk the corpus paths: directories of .txt pages and JSON Lines files."""

from pathlib import Path

from .article import Problem
from .jsonl import read_jsonl
from .raw import read_page


def _is_jsonl(path: Path):
    return path.name.endswith((".jsonl", ".jsonl.gz"))


def corpus_files(paths):
    """The readable files under the given paths, sorted, and problems for paths that are not."""
    files, problems = [], []
    for given in map(Path, paths):
        if given.is_dir():
            found = sorted(p for p in given.rglob("*") if p.is_file() and (p.suffix == ".txt" or _is_jsonl(p)))
            files += found
            if not found:
                problems.append(Problem(str(given), "no .txt, .jsonl or .jsonl.gz files in this directory"))
        elif given.is_file() and (given.suffix == ".txt" or _is_jsonl(given)):
            files.append(given)
        elif given.exists():
            problems.append(Problem(str(given), "not a .txt, .jsonl or .jsonl.gz file"))
        else:
            problems.append(Problem(str(given), "no such file or directory"))
    return files, problems


def read_corpus(paths):
    """Yield (Article or None, problems) over every article of the given paths.

    Duplicate ids: the first article read (in sorted path order, then line order) wins; later ones
    are skipped and reported.
    """
    files, problems = corpus_files(paths)
    for problem in problems:
        yield None, [problem]
    seen = {}
    for path in files:
        items = read_jsonl(path) if _is_jsonl(path) else [read_page(path)]
        for article, problems in items:
            if article is not None and article.id in seen:
                problems = problems + [Problem(article.origin, f"duplicate id {article.id!r} (first in {seen[article.id]})")]
                article = None
            elif article is not None:
                seen[article.id] = article.origin
            yield article, problems
