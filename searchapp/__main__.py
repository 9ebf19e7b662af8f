"""python -m searchapp: serve the search site on 127.0.0.1:8000, building the index first if missing."""

import argparse
import sys

from . import create_app
from .indexing.build import build_index
from .indexing.home import IndexHome
from .reindex import report


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m searchapp", description=__doc__)
    parser.add_argument("--index", default="index", help="index home (default: index/)")
    parser.add_argument("--corpus", action="append", help="corpus to index when no index exists (default: corpus/)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if IndexHome(args.index).current() is None:
        print(f"no index in {args.index}: building it from {', '.join(args.corpus or ['corpus'])} ...", file=sys.stderr)
        report(build_index(args.corpus or ["corpus"], args.index), quiet=False)
    app = create_app({"INDEX_DIR": args.index})
    app.extensions["search_engine"].warm_up()
    print(f"serving on http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    # Flask's own server is for one person on this machine; production uses gunicorn (README).
    app.run(host=args.host, port=args.port, debug=False, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
