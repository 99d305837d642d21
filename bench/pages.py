"""Benchmark of the public pages against a trivial /healthz view (see bench/README.md).

Builds a dedicated PostgreSQL database `handbook_bench` with scale-10 sample data, starts gunicorn
(4 sync workers, production-like settings) on a free port of 127.0.0.1, and drives wrk against
/healthz, a country page, the first directory page, a search and a four-country route, each for a
visitor (no cookie) and for a signed-in official (a session cookie). Prints a Markdown table of
req/s, p50 and p99 latency, page size and the ratio of each page's req/s to /healthz, writes it to
bench/results/pages.md (pages-<cache>.md for the other cache modes), and exits non-zero when a page
misses its target.

Only ever targets 127.0.0.1.

    .venv/bin/python bench/pages.py                  # the acceptance run (Redis cache)
    .venv/bin/python bench/pages.py --duration 30    # longer runs
    .venv/bin/python bench/pages.py --cache none     # every request renders afresh (no cache)
    .venv/bin/python bench/pages.py --reuse-db       # skip recreating and seeding the database
"""

import argparse
import atexit
import datetime
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
DB_NAME = "handbook_bench"
PG_ARGS = ["-h", HOST, "-p", "5432", "-U", "postgres"]
REDIS_URL = f"redis://{HOST}:6379/15"

# (label, path); the country path is filled in at run time.
PAGES = [
    ("/healthz", "/healthz"),
    ("country page", "/countries/{slug}/"),
    ("directory, page 1", "/contacts/"),
    ("search `police`", "/search/?q=police"),
    ("route AL–MK–RS–HU", "/route/?c=AL&c=MK&c=RS&c=HU"),
]
AUDIENCES = ["visitor", "official"]
# Minimum ratio of req/s to /healthz, by cache mode ("none" or any cache), page label and audience.
TARGETS = {
    "cached": {
        "country page": {"visitor": 0.4, "official": 0.3},
        "directory, page 1": {"visitor": 0.2, "official": 0.2},
        "search `police`": {"visitor": 0.1, "official": 0.1},
        "route AL–MK–RS–HU": {"official": 0.05},
    },
    "none": {
        "country page": {"official": 0.02},
        "directory, page 1": {"official": 0.03},
        "search `police`": {"official": 0.02},
        "route AL–MK–RS–HU": {"official": 0.01},
    },
}
# The route page for an official weighs at most this much (bytes).
ROUTE_MAX_BYTES = 150 * 1024

# A session for a signed-in official, printed as its key: what a browser sends after signing in.
OFFICIAL_SESSION = """from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
user, _ = get_user_model().objects.get_or_create(username="bench-official")
user.groups.add(Group.objects.get(name="Officials"))
session = import_module(settings.SESSION_ENGINE).SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "accounts.backends.UserBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(settings.SESSION_COOKIE_NAME + "=" + session.session_key)
"""
# What only the signed-in official's pages hold: the sign-out button with their name.
OFFICIAL_MARKER = b"Sign out (bench-official)"

# Settings for --cache none: the production settings with a dummy cache, so that no fragment,
# data version or aggregate is ever cached. Written to a temporary directory, not to the project.
NOCACHE_SETTINGS = """\
from handbook.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
"""


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def run(command, env, **kwargs):
    log("$ " + " ".join(str(part) for part in command))
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(url, timeout=30, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # only http://127.0.0.1
        return response.status, response.read()


# --- wrk -------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: str  # "" when every response was 2xx/3xx and no socket error occurred
    cpu_ms: float = 0.0  # CPU time of the gunicorn processes per request (filled in by the caller)
    db_cpu_ms: float = 0.0  # CPU time of the PostgreSQL processes per request (filled in by the caller)


def parse_wrk(output):
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if not (rps and p50 and p99 and total):
        raise ValueError("could not parse wrk output:\n" + output)
    errors = []
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non2xx:
        errors.append(f"{non2xx.group(1)} non-2xx/3xx")
    sockets = re.search(r"Socket errors:\s+(.*)", output)
    if sockets:
        errors.append("socket errors: " + sockets.group(1).strip())
    return WrkResult(float(rps.group(1)), _ms(p50.group(1)), _ms(p99.group(1)), int(total.group(1)), "; ".join(errors))


def wrk(url, *, duration, threads, connections, cookie=None):
    assert url.startswith(f"http://{HOST}:"), url  # never anything but the local server
    # A generous timeout: wrk's default (2 s) drops slow responses from the latency percentiles.
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(url)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return parse_wrk(output)


# --- gunicorn --------------------------------------------------------------------------------


class Server:
    def __init__(self, env, port, log_path, workers, extra_args=()):
        self.env, self.port, self.log_path, self.workers = env, port, log_path, workers
        self.extra_args = list(extra_args)  # more gunicorn options
        self.process = None

    def start(self):
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "handbook.wsgi",
            "--workers", str(self.workers),
            "--worker-class", "sync",
            "--bind", f"{HOST}:{self.port}",
            "--chdir", str(ROOT),
            "--error-logfile", str(self.log_path),
            "--log-level", "warning",
        ]  # fmt: skip
        if self.env.get("BENCH_PYTHONPATH"):
            command += ["--pythonpath", self.env["BENCH_PYTHONPATH"]]
        command += self.extra_args
        log("$ " + " ".join(command))
        # A session of its own, so that stopping it reaches the master and every worker. What the
        # workers write (the handbook's JSON log, a line per request) goes to a file of its own.
        self.output_path = self.log_path.with_suffix(".output.log")
        self.output = open(self.output_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            command, env=self.env, cwd=ROOT, start_new_session=True, stdout=self.output, stderr=subprocess.STDOUT
        )

    def logged_errors(self):
        """gunicorn's error log, and the lines of the handbook's log at ERROR or above."""
        lines = self.log_path.read_text().splitlines() if self.log_path.exists() else []
        for line in self.output_path.read_text().splitlines():
            if '"level": "ERROR"' in line or '"level": "CRITICAL"' in line or line.startswith("Traceback"):
                lines.append(line)
        return "\n".join(lines)

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        url = f"http://{HOST}:{self.port}/healthz"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, body = fetch(url, timeout=2)
                if status == 200 and body == b"ok":
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"/healthz did not answer within {timeout} s; see {self.log_path}")

    def cpu_seconds(self):
        """User + system CPU time used so far by the gunicorn master and its workers (Linux /proc)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended meanwhile
            pid, ppid = int(stat.parent.name), int(fields[1])
            if self.process.pid in (pid, ppid):
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if not self.alive():
            self.output.close()
            return
        log(f"stopping gunicorn (pid {self.process.pid})")
        try:
            os.killpg(self.process.pid, signal.SIGTERM)  # the group led by our own gunicorn master
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass
        finally:
            self.output.close()


def postgres_cpu_seconds():
    """User + system CPU time used so far by the PostgreSQL server processes on this machine (Linux
    /proc): the database's share of a page's cost, which gunicorn's CPU time does not include. A
    backend that has ended counts through the server's own count of its ended children."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended meanwhile
        name, _, rest = text.partition("(")[2].rpartition(")")
        if name not in ("postgres", "postmaster"):
            continue
        fields = rest.split()
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / tick


# --- the run ---------------------------------------------------------------------------------


def production_env(workdir):
    """The environment of the benchmark's commands and servers: production settings (a random
    `SECRET_KEY`, `DEBUG=0`) on the bench database and Redis db 15, static files in `workdir`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CACHE_DIR", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        # Plain HTTP on loopback; in production TLS ends at the proxy in front of gunicorn.
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"postgres://postgres@{HOST}:5432/{DB_NAME}",
        STATIC_ROOT=str(workdir / "static"),
        REDIS_URL=REDIS_URL,
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def prepare_database(env, scale):
    run(["dropdb", *PG_ARGS, "--if-exists", DB_NAME], env)
    run(["createdb", *PG_ARGS, DB_NAME], env)
    python = str(ROOT / ".venv" / "bin" / "python")
    run([python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    run([python, "manage.py", "seed_sample", "--scale", str(scale)], env)


def vacuum_analyze(env):
    """What autovacuum would have done on a production server by the time anyone searches.

    Without it, right after a bulk load, the planner has no statistics and every GIN index still
    holds its entries in the pending list (fastupdate), so the search queries fall back to
    sequential scans that evaluate to_tsvector() on every row (about 10 times slower). The
    PostgreSQL this was written on even runs with autovacuum off.
    """
    run(["vacuumdb", *PG_ARGS, "--analyze", "--quiet", DB_NAME], env)


def pick_country(env):
    """The slug of the country with the most authorities (ties: by name): the heaviest page."""
    code = (
        "from django.db.models import Count; from countries.models import Country; "
        "print(Country.objects.annotate(n=Count('authorities')).order_by('-n', 'name')"
        ".values_list('slug', flat=True)[0])"
    )
    python = str(ROOT / ".venv" / "bin" / "python")
    output = subprocess.run(
        [python, "manage.py", "shell", "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return output.strip().splitlines()[-1]


def official_cookie(env):
    python = str(ROOT / ".venv" / "bin" / "python")
    output = subprocess.run(
        [python, "manage.py", "shell", "-c", OFFICIAL_SESSION],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return output.strip().splitlines()[-1]


def flush_redis():
    subprocess.run(["redis-cli", "-h", HOST, "-p", "6379", "-n", "15", "FLUSHDB"], check=True, capture_output=True)


def table(pages, rounds, sizes):
    """`pages`: (label, path, audience, target); `rounds`: one {(path, audience): WrkResult} per
    round. Medians over the rounds; each round's ratio is taken against the /healthz of the same
    round, so that a change of machine load between rounds does not skew it."""
    lines = [
        "| page | audience | URL | KB | req/s | p50 (ms) | p99 (ms) | p99 / /healthz p99 | gunicorn CPU ms/req"
        " | PostgreSQL CPU ms/req | req/s / /healthz | target | result |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    baseline = (pages[0][1], pages[0][2])
    failed = False
    for label, path, audience, target in pages:
        key = (path, audience)
        results = [results_by_path[key] for results_by_path in rounds]
        rps = statistics.median(r.requests_per_second for r in results)
        p50 = statistics.median(r.p50_ms for r in results)
        p99 = statistics.median(r.p99_ms for r in results)
        cpu = statistics.median(r.cpu_ms for r in results)
        db_cpu = statistics.median(r.db_cpu_ms for r in results)
        ratio = statistics.median(r[key].requests_per_second / r[baseline].requests_per_second for r in rounds)
        p99_ratio = statistics.median(r[key].p99_ms / r[baseline].p99_ms for r in rounds)
        errors = "; ".join(r.errors for r in results if r.errors)
        if key == baseline:
            verdict, target_text = "baseline", "—"
        elif target is None:
            verdict, target_text = "measured", "—"
        else:
            ok = ratio >= target
            failed |= not ok
            verdict = "pass" if ok else "**FAIL**"
            target_text = f"≥ {target:g}"
        if errors:
            verdict += f" ({errors})"
            failed = True
        size = sizes[key]
        if label.startswith("route") and audience == "official" and size > ROUTE_MAX_BYTES:
            verdict += f" (**{size / 1024:.0f} KB > {ROUTE_MAX_BYTES // 1024} KB**)"
            failed = True
        lines.append(
            f"| {label} | {audience} | `{path}` | {size / 1024:.1f} | {rps:.1f} | {p50:.2f} | {p99:.2f}"
            f" | {p99_ratio:.1f} | {cpu:.2f} | {db_cpu:.2f} | {ratio:.3f} | {target_text} | {verdict} |"
        )
    return "\n".join(lines), failed


def prepare_run(prefix, *, scale, reuse_db):
    """What every run against gunicorn starts with: the tools it needs, a working folder (removed
    at exit), the production environment, an empty Redis db 15, the bench database (recreated and
    seeded unless `reuse_db`, then analysed) and the static files. Returns (folder, environment)."""
    for tool in ("wrk", "dropdb", "createdb", "vacuumdb", "redis-cli"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed")
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    env = production_env(workdir)
    flush_redis()
    if not reuse_db:
        prepare_database(env, scale)
    vacuum_analyze(env)
    run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    return workdir, env


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "15")))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP", "3")))
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(os.environ.get("BENCH_ROUNDS", "1")),
        help="measure every URL this many times, in turn, and report medians (for a busy machine)",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument(
        "--cache",
        choices=["redis", "file", "none"],
        default=os.environ.get("BENCH_CACHE", "redis"),
        help="redis (default, the acceptance run): Redis db 15 shared by the workers; file: the file "
        "cache in a fresh temporary directory; none: a dummy cache, so every page renders afresh",
    )
    parser.add_argument("--reuse-db", action="store_true", help="keep the existing handbook_bench database")
    parser.add_argument(
        "--audience",
        dest="audiences",
        action="append",
        choices=AUDIENCES,
        help="measure for this audience only (repeat for both; default: visitor and official)",
    )
    parser.add_argument("--country", help="country slug (default: the country with the most authorities)")
    args = parser.parse_args()
    args.audiences = args.audiences or AUDIENCES

    workdir, env = prepare_run("handbook-bench-", scale=args.scale, reuse_db=args.reuse_db)
    slug = args.country or pick_country(env)

    server_env = dict(env)
    if args.cache == "file":
        del server_env["REDIS_URL"]
        server_env["CACHE_DIR"] = str(workdir / "cache")
    elif args.cache == "none":
        (workdir / "bench_nocache_settings.py").write_text(NOCACHE_SETTINGS)
        server_env["BENCH_PYTHONPATH"] = str(workdir)
        server_env["DJANGO_SETTINGS_MODULE"] = "bench_nocache_settings"
    flush_redis()  # no fragment or data version left over from seeding or an earlier run

    server = Server(server_env, free_port(), workdir / "gunicorn.log", args.workers)

    def on_signal(signum, frame):
        sys.exit(128 + signum)  # runs the finally clause and the atexit handlers

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    atexit.register(server.stop)
    try:
        server.start()
        server.wait_ready()
        base = f"http://{HOST}:{server.port}"
        targets = TARGETS["none" if args.cache == "none" else "cached"]
        pages = [("/healthz", "/healthz", "visitor", None)] + [
            (label, path.format(slug=slug), audience, targets.get(label, {}).get(audience))
            for label, path in PAGES[1:]
            for audience in args.audiences
        ]
        cookies = {"visitor": None, "official": official_cookie(env)}
        sizes = {}
        for _label, path, audience, _target in pages:
            status, body = fetch(base + path, cookie=cookies[audience])
            log(f"warm {path} ({audience}): HTTP {status}, {len(body)} bytes")
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            if audience == "official" and OFFICIAL_MARKER not in body:
                raise RuntimeError(f"{path} was not served to the signed-in official")
            sizes[(path, audience)] = len(body)
        rounds = []
        load_before = os.getloadavg()[0]
        for number in range(1, args.rounds + 1):
            results = {}
            for _label, path, audience, _target in pages:
                options = {"threads": args.threads, "connections": args.connections, "cookie": cookies[audience]}
                if args.warmup:
                    wrk(base + path, duration=args.warmup, **options)
                cpu_before, db_cpu_before = server.cpu_seconds(), postgres_cpu_seconds()
                result = wrk(base + path, duration=args.duration, **options)
                result.cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / max(result.requests, 1)
                result.db_cpu_ms = (postgres_cpu_seconds() - db_cpu_before) * 1000 / max(result.requests, 1)
                log(
                    f"round {number}, {path} ({audience}): {result.requests_per_second:.1f} req/s,"
                    f" p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms,"
                    f" gunicorn CPU {result.cpu_ms:.2f} ms/request, PostgreSQL CPU {result.db_cpu_ms:.2f} ms/request"
                )
                results[(path, audience)] = result
                if not server.alive():
                    raise RuntimeError(f"gunicorn died during the run; see {server.log_path}")
            rounds.append(results)
        errors = server.logged_errors()
    finally:
        server.stop()

    markdown, failed = table(pages, rounds, sizes)
    cache_note = {
        "redis": "Redis db 15, flushed first; after the first request each page is a whole-page cache hit per audience",
        "file": "file cache in a fresh temporary directory (REDIS_URL unset)",
        "none": "dummy cache (no caching at all): every request renders every fragment afresh",
    }[args.cache]
    header = (
        f"# Public pages benchmark\n\n"
        f"- {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"gunicorn {args.workers} sync workers on {HOST}, "
        f"`wrk -t{args.threads} -c{args.connections} -d{args.duration}s --timeout 30s --latency`"
        f" after a {args.warmup} s warm-up, {args.rounds} round(s), medians\n"
        f"- PostgreSQL database `{DB_NAME}`, sample data at scale {args.scale}, DEBUG=0\n"
        f"- cache: {cache_note}\n"
        f"- country page: `{slug}`\n"
        f"- load average (1 min) before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f}\n\n"
    )
    report = header + markdown + "\n"
    print(report)
    if errors.strip():
        log("gunicorn error log:\n" + errors)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("pages.md" if args.cache == "redis" else f"pages-{args.cache}.md")
    out.write_text(report)
    log(f"written to {out.relative_to(ROOT)}")
    if failed:
        log("a page missed its target")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
