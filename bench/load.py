"""Load benchmark: a mix of pages against two gunicorn instances at once (see bench/README.md).

Starts two gunicorn instances (separate masters, 2 sync workers each by default) on free ports of
127.0.0.1, both on the PostgreSQL database `handbook_bench` of bench/pages.py (scale-10 sample
data) and on the same Redis, as two nodes behind a load balancer would be. Then one wrk per
instance, both at once, sends half the connections each (32 of the default 64) for --duration
seconds (default 60); a Lua script picks every request from a weighted mix: country pages,
directory pages (filtered, page 2), searches, routes and their JSON, and a few exports, each for a
visitor (no cookie) or for a signed-in official (a session cookie). Prints and writes to
bench/results/load.md the requests, req/s, p50 and p99 latency, errors by kind, and the resident
memory (RSS) of every gunicorn worker after a warm-up of the same mix and at the end; exits
non-zero when any request failed or a worker's RSS grew by 10 % or more.

Why 2 sync workers per instance: the machine this runs on has 2 CPUs, shared with wrk, PostgreSQL
and Redis. Four workers in all is two per core, as bench/pages.py runs on one instance: a sync
worker spends part of each request waiting on Redis, PostgreSQL or the socket, so two per core
keep both cores busy; more would only queue for the same two cores and add memory.
deploy/gunicorn.conf.py's 2 x CPUs + 1 is for one instance alone on its machine. The workers are
not recycled (no --max-requests, which the deployment sets at 5,000): memory growth shows.

Only ever targets 127.0.0.1.

    .venv/bin/python bench/load.py                   # the acceptance run: 60 s at 64 connections
    .venv/bin/python bench/load.py --reuse-db        # skip recreating and seeding the database
    .venv/bin/python bench/load.py --duration 20 --connections 32
"""

import argparse
import atexit
import datetime
import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pages import (
    DB_NAME,
    HOST,
    OFFICIAL_MARKER,
    RESULTS,
    ROOT,
    Server,
    fetch,
    flush_redis,
    free_port,
    log,
    official_cookie,
    parse_wrk,
    pick_country,
    postgres_cpu_seconds,
    prepare_run,
)

INSTANCES = 2
# The first country is the one bench/pages.py measures (the most authorities), filled in at run
# time; the others are those of the four-country route.
ROUTE_COUNTRIES = ["albania", "north-macedonia", "serbia", "hungary"]

# The mix: (what, path, audience, weight in thousandths). The shares are rough guesses at what
# people read: mostly cached pages, a few requests that always reach the database (the exports,
# whose weight is kept small: the whole directory is 10,500 contact points).
MIX = [
    *(
        entry
        for slug in ["{slug}", *ROUTE_COUNTRIES]
        for entry in [
            ("country page", f"/countries/{slug}/", "visitor", 45),
            ("country page", f"/countries/{slug}/", "official", 30),
        ]
    ),
    ("home", "/", "visitor", 20),
    ("home", "/", "official", 10),
    ("directory", "/contacts/", "visitor", 55),
    ("directory", "/contacts/", "official", 70),
    ("directory", "/contacts/?page=2", "visitor", 15),
    ("directory", "/contacts/?page=2", "official", 15),
    ("directory", "/contacts/?country=RS", "visitor", 15),
    ("directory", "/contacts/?country=RS", "official", 15),
    ("directory", "/contacts/?kind=customs&h24=true&page=2", "official", 15),
    ("directory", "/contacts/?q=duty&ordering=verified", "official", 15),
    *(
        entry
        for term in ["police", "customs", "coast+guard", "serbia", "duty+officer"]
        for entry in [
            ("search", f"/search/?q={term}", "visitor", 15),
            ("search", f"/search/?q={term}", "official", 15),
        ]
    ),
    ("route", "/route/?c=AL&c=MK&c=RS&c=HU", "official", 50),
    ("route", "/route/?c=AL&c=MK&c=RS&c=HU", "visitor", 20),
    ("route", "/route/?c=TR&c=BG&c=RO&c=HU&c=AT&c=DE", "official", 30),
    ("route", "/route/?c=TR&c=BG&c=RO&c=HU&c=AT&c=DE", "visitor", 10),
    ("route", "/route/?c=MA&c=ES&c=FR&mode=road", "official", 30),
    ("route", "/route/?c=MA&c=ES&c=FR&mode=road", "visitor", 10),
    ("route JSON", "/route/plan.json?c=AL&c=MK&c=RS&c=HU", "official", 25),
    ("route JSON", "/route/plan.json?c=AL&c=MK&c=RS&c=HU", "visitor", 10),
    ("route JSON", "/route/plan.json?c=TR&c=BG&c=RO", "official", 15),
    ("route JSON", "/route/plan.json?c=TR&c=BG&c=RO", "visitor", 10),
    ("export", "/countries/serbia/contacts.csv", "official", 6),
    ("export", "/countries/germany/contacts.vcf", "visitor", 3),
    ("export", "/contacts/export.csv?country=AL", "official", 5),
    ("export", "/route/contacts.xlsx?c=AL&c=MK&c=RS&c=HU", "official", 4),
    ("export", "/contacts/export.csv", "official", 2),
]

# The wrk script. `setup` runs in wrk's main Lua state for each thread, before that thread's
# `init`; `done` runs in the main state after the run and prints what the Python side reads: wrk's
# counts, the responses by status (counted by each thread's `response`), and the latency
# distribution as quantiles, so that the two instances' distributions can be added up.
LUA = """\
-- Written by bench/load.py.
local mix = {
%(entries)s
}
local total = %(total)d
local threads = {}
statuses = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(tonumber(args[1]) + 7919 * id)
end

function request()
  local pick = math.random(total)
  for _, entry in ipairs(mix) do
    if pick <= entry[1] then
      return wrk.format(nil, entry[2], entry[3])
    end
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("loadmix summary %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.duration,
    summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("loadmix status %%d %%d\\n", status, count))
    end
  end
  for _, p in ipairs(QUANTILES) do
    io.write(string.format("loadmix quantile %%g %%d\\n", p, latency:percentile(p)))
  end
end

QUANTILES = {}
for i = 1, 990 do table.insert(QUANTILES, i / 10) end
for i = 9901, 10000 do table.insert(QUANTILES, i / 100) end
"""

SOCKET_ERRORS = ("connect", "read", "write", "timeout")
MAX_RSS_GROWTH = 0.10


def lua_script(mix, cookie):
    """The Lua script of `mix` ((what, path, audience, weight)): cumulative weights, path, headers."""
    lines, total = [], 0
    for _what, path, audience, weight in mix:
        total += weight
        headers = f"{{Cookie = {json.dumps(cookie)}}}" if audience == "official" else "{}"
        lines.append(f"  {{{total}, {json.dumps(path)}, {headers}}},")
    return LUA % {"entries": "\n".join(lines), "total": total}


@dataclass
class LoadResult:
    """One wrk run against one instance."""

    requests: int
    seconds: float
    bytes: int
    errors: dict  # kind ("non-2xx/3xx", "connect", "read", "write", "timeout") -> count
    statuses: dict  # HTTP status -> count
    quantiles: list  # (percentile, latency in ms)
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    rps: float = 0.0

    @property
    def error_count(self):
        return sum(self.errors.values())


def parse_load(output):
    wrk_result = parse_wrk(output)  # wrk's own figures: req/s, p50, p99
    summary = re.search(r"^loadmix summary ([\d ]+)$", output, re.MULTILINE)
    if not summary:
        raise ValueError("no summary from the Lua script:\n" + output)
    duration_us, requests, size, *error_counts = (int(value) for value in summary.group(1).split())
    # wrk counts a status above 399 as an error ("status"); 1xx or a bare 3xx never come here.
    errors = dict(zip(("connect", "read", "write", "non-2xx/3xx", "timeout"), error_counts, strict=True))
    statuses = {}
    for status, count in re.findall(r"^loadmix status (\d+) (\d+)$", output, re.MULTILINE):
        statuses[int(status)] = statuses.get(int(status), 0) + int(count)
    quantiles = [(float(p), int(us) / 1000) for p, us in re.findall(r"^loadmix quantile (\S+) (\d+)$", output, re.M)]
    return LoadResult(
        requests=requests,
        seconds=duration_us / 1e6,
        bytes=size,
        errors=errors,
        statuses=statuses,
        quantiles=quantiles,
        p50_ms=wrk_result.p50_ms,
        p99_ms=wrk_result.p99_ms,
        rps=wrk_result.requests_per_second,
    )


def combined_percentile(results, percentile):
    """The `percentile` of the latencies of all `results` together: each run's quantiles stand for
    its share of that run's requests, so the distributions add up as the requests would."""
    samples = []
    for result in results:
        previous = 0.0
        for p, latency in result.quantiles:
            samples.append((latency, result.requests * (p - previous) / 100))
            previous = p
    samples.sort()
    target = sum(weight for _latency, weight in samples) * percentile / 100
    seen = 0.0
    for latency, weight in samples:
        seen += weight
        if seen >= target - 1e-9:
            return latency
    return samples[-1][0]


def run_wrk(servers, script, *, duration, threads, connections):
    """One wrk per server, all at once, `connections` split between them; their LoadResults."""
    per_server = connections // len(servers)
    processes = []
    for number, server in enumerate(servers):
        url = f"http://{HOST}:{server.port}/"
        assert url.startswith(f"http://{HOST}:"), url  # never anything but the local servers
        command = [
            "wrk", f"-t{threads}", f"-c{per_server}", f"-d{duration}s", "--timeout", "30s", "--latency",
            "-s", str(script), url, "--", str(secrets.randbelow(10**6) + number),
        ]  # fmt: skip
        log("$ " + " ".join(command))
        processes.append(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = []
    for process in processes:
        output, errors = process.communicate()
        if process.returncode:
            raise RuntimeError(f"wrk failed ({process.returncode}):\n{errors}")
        results.append(parse_load(output))
    return results


def worker_rss(server):
    """Resident memory (VmRSS, kB) of each worker of `server`, the children of its master, by pid."""
    rss = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if ppid != server.process.pid:
                continue
            status = (stat.parent / "status").read_text()
        except OSError:
            continue  # the process ended meanwhile
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            rss[int(stat.parent.name)] = int(match.group(1))
    return rss


def wait_for_workers(server, timeout=30):
    deadline = time.monotonic() + timeout
    while len(worker_rss(server)) < server.workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn on port {server.port} has not started {server.workers} workers")
        time.sleep(0.2)


def is_html(body):
    return body[:200].lstrip().lower().startswith(b"<!doctype html")


def check_mix(servers, mix, cookie):
    """Request every path of the mix once from every instance (which also fills the cache) and
    check that it answers 200, and that an official's page is served to the signed-in official
    and a visitor's is not; an official's export or JSON must differ from the visitor's (officials
    see officials-only contacts). Returns the size of each (path, audience)."""
    sizes = {}
    for server in servers:
        base = f"http://{HOST}:{server.port}"
        for _what, path, audience, _weight in mix:
            status, body = fetch(base + path, cookie=cookie if audience == "official" else None)
            if status != 200:
                raise RuntimeError(f"{path} ({audience}) answered {status}")
            if is_html(body) and (OFFICIAL_MARKER in body) != (audience == "official"):
                raise RuntimeError(f"{path} ({audience}) was served to the wrong audience")
            if not is_html(body) and audience == "official" and path.split("?")[0].endswith((".csv", ".vcf")):
                _status, visitor_body = fetch(base + path)
                if len(body) <= len(visitor_body):
                    raise RuntimeError(f"{path} holds no more for the official than for a visitor")
            sizes[(path, audience)] = len(body)
    return sizes


# --- the report ------------------------------------------------------------------------------


def mb(kb):
    return f"{kb / 1024:.1f}"


def growth(start, end):
    return (end - start) / start if start else 0.0


def machine_notes():
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
    except OSError:
        cpuinfo = ""
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.MULTILINE)
    return f"{os.cpu_count()} CPUs{f' ({model.group(1)})' if model else ''}, Python {platform.python_version()}"


def report(*, args, servers, results, rss_start, rss_end, mix, sizes, cpu, load_avg, slug):
    """The Markdown report and whether the run failed."""
    failed = False
    total_requests = sum(r.requests for r in results)
    seconds = max(r.seconds for r in results)
    lines = [
        "| instance | requests | req/s | p50 (ms) | p99 (ms) | errors | worker RSS at start (MB) | at end (MB) "
        "| growth |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for number, (server, result) in enumerate(zip(servers, results, strict=True)):
        start, end = sum(rss_start[number].values()), sum(rss_end[number].values())
        lines.append(
            f"| {chr(65 + number)} (:{server.port}, {server.workers} workers) | {result.requests:,} | {result.rps:.1f}"
            f" | {result.p50_ms:.2f} | {result.p99_ms:.2f} | {result.error_count} | {mb(start)} | {mb(end)}"
            f" | {growth(start, end):+.1%} |"
        )
    start = sum(sum(workers.values()) for workers in rss_start)
    end = sum(sum(workers.values()) for workers in rss_end)
    errors = sum(r.error_count for r in results)
    lines.append(
        f"| **both** | **{total_requests:,}** | **{total_requests / seconds:.1f}** | "
        f"**{combined_percentile(results, 50):.2f}** | **{combined_percentile(results, 99):.2f}** | **{errors}** | "
        f"**{mb(start)}** | **{mb(end)}** | **{growth(start, end):+.1%}** |"
    )
    main_table = "\n".join(lines)

    error_lines = [
        "| error | " + " | ".join(chr(65 + number) for number in range(len(results))) + " | both |",
        "|---|" + "---:|" * (len(results) + 1),
    ]
    for kind in ["non-2xx/3xx", *SOCKET_ERRORS]:
        counts = [result.errors[kind] for result in results]
        error_lines.append(f"| {kind} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    statuses = {}
    for result in results:
        for status, count in result.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    status_text = ", ".join(f"{status}: {count:,}" for status, count in sorted(statuses.items()))

    worker_lines = ["| instance | worker pid | RSS at start (MB) | at end (MB) | growth |", "|---|---:|---:|---:|---:|"]
    restarted = []
    largest = 0.0
    for number, (before, after) in enumerate(zip(rss_start, rss_end, strict=True)):
        for pid in sorted(before.keys() | after.keys()):
            if pid not in before or pid not in after:
                restarted.append(pid)
                worker_lines.append(
                    f"| {chr(65 + number)} | {pid} | {mb(before[pid]) if pid in before else '—'}"
                    f" | {mb(after[pid]) if pid in after else '—'} | replaced |"
                )
                continue
            change = growth(before[pid], after[pid])
            largest = max(largest, change)
            worker_lines.append(
                f"| {chr(65 + number)} | {pid} | {mb(before[pid])} | {mb(after[pid])} | {change:+.1%} |"
            )

    verdicts = []
    if errors:
        failed = True
        verdicts.append(f"**FAIL**: {errors} requests failed (table of errors below)")
    else:
        verdicts.append(f"pass: 0 errors in {total_requests:,} requests")
    total_growth = growth(start, end)
    if restarted:
        failed = True
        verdicts.append(f"**FAIL**: worker(s) {', '.join(map(str, restarted))} died or were replaced during the run")
    if total_growth >= MAX_RSS_GROWTH or largest >= MAX_RSS_GROWTH:
        failed = True
        verdicts.append(
            f"**FAIL**: worker RSS grew {total_growth:+.1%} in all, {largest:+.1%} at most for one worker"
            f" (limit {MAX_RSS_GROWTH:.0%})"
        )
    else:
        verdicts.append(
            f"pass: worker RSS grew {total_growth:+.1%} in all, {largest:+.1%} at most for one worker"
            f" (limit < {MAX_RSS_GROWTH:.0%})"
        )

    weights = sum(weight for *_rest, weight in mix)
    mix_table = "\n".join(
        [
            "| share | what | audience | path | KB |",
            "|---:|---|---|---|---:|",
            *(
                f"| {weight / weights:.1%} | {what} | {audience} | `{path}` | {sizes[(path, audience)] / 1024:.1f} |"
                for what, path, audience, weight in mix
            ),
        ]
    )
    per_server = args.connections // INSTANCES
    header = (
        "# Load benchmark: two instances\n\n"
        f"- {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {machine_notes()}\n"
        f"- {INSTANCES} gunicorn instances of {args.workers} sync workers each on {HOST}, no worker recycling; "
        f"one PostgreSQL database `{DB_NAME}` (sample data at scale {args.scale}), one Redis (db 15, flushed "
        "first), DEBUG=0\n"
        f"- per instance, both at once: `wrk -t{args.threads} -c{per_server} -d{args.duration}s --timeout 30s "
        f"--latency -s mix.lua` ({args.connections} connections in all), after a {args.warmup} s warm-up of the "
        "same mix; worker RSS (VmRSS) read after the warm-up and after the run\n"
        f"- country page of pages.py: `{slug}`; responses by status: {status_text}\n"
        f"- CPU per request: gunicorn {cpu['gunicorn']:.2f} ms, PostgreSQL {cpu['postgres']:.2f} ms\n"
        f"- load average (1 min) before / after: {load_avg[0]:.2f} / {load_avg[1]:.2f}\n\n"
    )
    text = (
        header
        + main_table
        + "\n\n"
        + "\n".join(f"- {verdict}" for verdict in verdicts)
        + "\n\n## Errors by kind\n\n"
        + "\n".join(error_lines)
        + "\n\n## Worker memory\n\n"
        + "\n".join(worker_lines)
        + "\n\n## The mix\n\n"
        + mix_table
        + "\n"
    )
    return text, failed


# --- the run ---------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="in all, split between the instances")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of the same mix before the RSS baseline")
    parser.add_argument("--workers", type=int, default=2, help="sync workers per instance (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads per instance (default 1)")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--reuse-db", action="store_true", help="keep the existing handbook_bench database")
    args = parser.parse_args()
    if args.connections % INSTANCES or args.connections // INSTANCES < args.threads:
        parser.error(f"--connections must be a multiple of {INSTANCES}, with at least --threads per instance")

    workdir, env = prepare_run("handbook-load-", scale=args.scale, reuse_db=args.reuse_db)
    slug = pick_country(env)
    cookie = official_cookie(env)
    mix = [(what, path.format(slug=slug), audience, weight) for what, path, audience, weight in MIX]
    script = workdir / "mix.lua"
    script.write_text(lua_script(mix, cookie))
    flush_redis()  # no fragment or data version left over from seeding or an earlier run

    ports = set()
    while len(ports) < INSTANCES:
        ports.add(free_port())
    servers = [
        Server(env, port, workdir / f"gunicorn-{chr(65 + number)}.log", args.workers)
        for number, port in enumerate(sorted(ports))
    ]

    def on_signal(signum, frame):
        sys.exit(128 + signum)  # runs the finally clause and the atexit handlers

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    for server in servers:
        atexit.register(server.stop)
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()
            wait_for_workers(server)
        sizes = check_mix(servers, mix, cookie)
        log(f"every path of the mix answered 200 from both instances; {len(mix)} paths")
        load_before = os.getloadavg()[0]
        options = {"threads": args.threads, "connections": args.connections}
        if args.warmup:
            warmup = run_wrk(servers, script, duration=args.warmup, **options)
            log(f"warm-up: {sum(r.requests for r in warmup):,} requests, {sum(r.error_count for r in warmup)} errors")
        rss_start = [worker_rss(server) for server in servers]
        cpu_before = sum(server.cpu_seconds() for server in servers), postgres_cpu_seconds()
        results = run_wrk(servers, script, duration=args.duration, **options)
        rss_end = [worker_rss(server) for server in servers]
        requests = max(sum(r.requests for r in results), 1)
        cpu = {
            "gunicorn": (sum(server.cpu_seconds() for server in servers) - cpu_before[0]) * 1000 / requests,
            "postgres": (postgres_cpu_seconds() - cpu_before[1]) * 1000 / requests,
        }
        for server in servers:
            if not server.alive():
                raise RuntimeError(f"gunicorn on port {server.port} died during the run; see {server.log_path}")
            # Still the signed-in official at the end: the session held for the whole run.
            _status, body = fetch(f"http://{HOST}:{server.port}/countries/{slug}/", cookie=cookie)
            if OFFICIAL_MARKER not in body:
                raise RuntimeError("the official's session no longer signs in")
        load_after = os.getloadavg()[0]
    finally:
        for server in servers:
            server.stop()

    text, failed = report(
        args=args,
        servers=servers,
        results=results,
        rss_start=rss_start,
        rss_end=rss_end,
        mix=mix,
        sizes=sizes,
        cpu=cpu,
        load_avg=(load_before, load_after),
        slug=slug,
    )
    print(text)
    for server in servers:
        notable = server.logged_errors().splitlines()[-40:]
        if notable:
            log(f"errors logged by the instance on port {server.port}:\n" + "\n".join(notable))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "load.md"
    out.write_text(text)
    log(f"written to {out.relative_to(ROOT)}")
    if failed:
        log("the run failed its targets")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
