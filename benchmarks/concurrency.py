"""Throughput and latency under concurrent load: gunicorn workers on 127.0.0.1 and a load generator.

    python benchmarks/concurrency.py --index /path/to/index-home [--workers 2] [--connections 4] [--seconds 30]

Starts `gunicorn -w WORKERS` (pip install '.[serve]') serving the index, warms every worker, then
sends the devset queries to /api/search (facets and snippets on) from CONNECTIONS connections for
SECONDS seconds, with Debian's `wrk` when installed (apt-get install -y wrk), otherwise a small
Python client. Prints requests/s, p50/p95/p99 latency and errors. The load generator runs on the
same machine and takes some of its CPU.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import percentile, read_jsonl  # noqa: E402

SHARED = ROOT.parent / "shared"

WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = 0
function setup(thread)
  thread:set("offset", %(start)d + threads * 997)
  threads = threads + 1
end
function init(args)
  i = offset or 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%.3f %%.3f %%.3f %%.3f\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.mean / 1000))
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True, help="index home (with a `current` build)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--seconds", type=int, default=30, help="duration of each measured phase (default 30)")
    parser.add_argument("--warm-seconds", type=int, default=90,
                        help="load between the two measured phases, not measured (default 90)")
    parser.add_argument("--queries", default=str(SHARED / "devset/queries.jsonl"))
    parser.add_argument("--python-client", action="store_true", help="use the Python client even if wrk is there")
    return parser.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(index, workers, port):
    app = f"searchapp:create_app({{'INDEX_DIR': {str(Path(index).resolve())!r}}})"
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                             "--timeout", "120", "--log-level", "warning", app], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn exited; is it installed? pip install '.[serve]'")
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("gunicorn did not start within 60 s")


def get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        ok = response.status == 200
    return ok, (time.perf_counter() - started) * 1000


def warm(base, workers):
    """Open the index and load the segmenter (an accented query) in every worker: concurrent rounds."""
    for _ in range(3 * workers):
        url = f"{base}/api/search?{urllib.parse.urlencode({'q': 'khởi động'})}"
        threads = [threading.Thread(target=get, args=(url,)) for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def run_wrk(base, paths, connections, seconds, start):
    script = Path(tempfile.mkdtemp(prefix="searchapp-wrk-")) / "queries.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths), "start": start})
    out = subprocess.run(["wrk", "-t", str(min(connections, os.cpu_count() or 1)), "-c", str(connections),
                          "-d", f"{seconds}s", "--timeout", "60s", "-s", str(script), base],
                         check=True, capture_output=True, text=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("RESULT"))
    requests, errors, micros, p50, p95, p99, mean = line.split()[1:]
    return int(requests), int(errors), int(micros) / 1e6, float(p50), float(p95), float(p99), float(mean)


def run_python(base, paths, connections, seconds, start):
    """The fallback load generator: one thread per connection, each cycling through the queries."""
    stop = time.monotonic() + seconds
    latencies, errors, lock = [], [0], threading.Lock()

    def client(offset):
        i = offset
        while time.monotonic() < stop:
            try:
                ok, ms = get(base + paths[i % len(paths)])
            except OSError:
                ok, ms = False, 0.0
            with lock:
                latencies.append(ms) if ok else None
                errors[0] += not ok
            i += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(start + k * 997,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return (len(latencies) + errors[0], errors[0], elapsed, percentile(latencies, 50), percentile(latencies, 95),
            percentile(latencies, 99), sum(latencies) / max(1, len(latencies)))


def main():
    args = parse_args()
    paths = [f"/api/search?{urllib.parse.urlencode({'q': q['query'], 'per_page': 10})}" for q in read_jsonl(args.queries)]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    use_wrk = shutil.which("wrk") and not args.python_client
    run = run_wrk if use_wrk else run_python
    print(f"gunicorn -w {args.workers} (sync workers), {args.connections} connections, {args.seconds} s per phase "
          f"({args.warm_seconds} s of warm-up between them), "
          f"load from {'wrk' if use_wrk else 'the Python client'} on the same {os.cpu_count()}-CPU machine; "
          f"devset queries in turn, /api/search with facets and snippets")
    server = start_gunicorn(args.index, args.workers, port)
    try:
        warm(base, args.workers)
        # Fresh workers have no postings cached. Then other queries warm them up (a server that has
        # been serving a while), and a third part of the queries, not sent before, is measured.
        phases = (("fresh workers", 0, args.seconds), (None, len(paths) // 2, args.warm_seconds),
                  ("warmed workers", len(paths) // 4, args.seconds))
        for phase, start, seconds in phases:
            requests, errors, elapsed, p50, p95, p99, mean = run(base, paths, args.connections, seconds, start)
            if phase is None:
                continue
            print(f"{phase:<15} requests {requests}, errors {errors}, {requests / elapsed:.1f} requests/s; "
                  f"latency p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, mean {mean:.0f} ms", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
