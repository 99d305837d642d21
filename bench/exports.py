"""Benchmark of the contact exports (see bench/README.md).

Fills a dedicated database with 50,000 fictional contact points, then, for each format in a fresh
Python process of its own, writes the directory's full export (what a signed-in official downloads
from /contacts/export.<format> with no filter) to a file through the very functions the views use,
and measures the wall time and how far the process's peak resident memory rises above its
baseline. Prints a Markdown table, writes it to bench/results/exports.md and exits non-zero when a
format misses its target.

Targets: CSV under 2 s and XLSX under 5 s; for every format, peak RSS less than 30 MB above the
baseline (the exports stream, so memory must not grow with the number of rows).

    .venv/bin/python bench/exports.py               # PostgreSQL handbook_bench_exports on 127.0.0.1
    .venv/bin/python bench/exports.py --sqlite      # a SQLite file in a temporary directory instead
    .venv/bin/python bench/exports.py --reuse-db    # keep the PostgreSQL database of the previous run
    .venv/bin/python bench/exports.py --rounds 3    # each format 3 times, medians (busy machine)
"""

import argparse
import atexit
import csv
import datetime
import gc
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
DB_NAME = "handbook_bench_exports"
PG_ARGS = ["-h", HOST, "-p", "5432", "-U", "postgres"]

CONTACT_POINTS = 50_000
CONTACT_POINTS_PER_AUTHORITY = 5
MEMORY_TARGET_MB = 30
# format: time target in seconds (None: memory only)
FORMATS = {"csv": 2.0, "xlsx": 5.0, "vcf": None}


def setup_django():
    sys.path.insert(0, str(ROOT))  # this script runs from bench/, the project is one level up
    import django

    django.setup()


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def run(command, env, **kwargs):
    log("$ " + " ".join(str(part) for part in command))
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


# --- in a child process: seeding ---------------------------------------------------------------


def seed(count):
    """Create `count` fictional contact points (and their authorities) with bulk_create."""
    setup_django()
    from django.db import transaction

    from contacts.models import Authority, ContactPoint
    from countries.models import Country, Language

    if ContactPoint.objects.count() == count:
        log(f"the database already holds {count} contact points")
        return
    countries = list(Country.objects.order_by("code"))
    languages = list(Language.objects.order_by("code").values_list("pk", flat=True))
    kinds = [kind for kind, _label in Authority.Kind.choices if kind != Authority.Kind.INTERNATIONAL_BODY]
    functions = ["Switchboard", "Duty desk", "Head of drug unit", "Case officer, controlled deliveries", "Registrar"]
    today = datetime.date.today()

    def number(n):
        return f"+44207946{n % 1000:04d}"  # +44 20 7946 0xxx, reserved for fiction

    with transaction.atomic():
        ContactPoint.objects.filter(is_sample=True).delete()
        Authority.objects.filter(is_sample=True).delete()
        authorities = Authority.objects.bulk_create(
            [
                Authority(
                    country=countries[n % len(countries)],
                    name=f"Sample {Authority.Kind(kinds[n % len(kinds)]).label} {n}",
                    kind=kinds[n % len(kinds)],
                    switchboard=number(n),
                    email=f"authority{n}@example.org",
                    address=f"{n} Sample Street\n1000 Sample City",
                    is_24_7=n % 3 == 0,
                    is_sample=True,
                )
                for n in range(count // CONTACT_POINTS_PER_AUTHORITY)
            ],
            batch_size=2000,
        )
        points = ContactPoint.objects.bulk_create(
            [
                ContactPoint(
                    authority=authorities[n // CONTACT_POINTS_PER_AUTHORITY],
                    function=functions[n % len(functions)],
                    person_name=f"Sample Officer {n}" if n % 2 else "",
                    phone=number(n),
                    mobile=number(n + 1) if n % 3 == 0 else "",
                    fax=number(n + 2) if n % 5 == 0 else "",
                    email=f"desk{n}@example.org",
                    is_24_7=n % 4 == 0,
                    hours="" if n % 4 == 0 else "Mon–Fri 08:00–16:00",
                    visibility=ContactPoint.Visibility.PUBLIC if n % 2 == 0 else ContactPoint.Visibility.OFFICIALS,
                    last_verified_on=today - datetime.timedelta(days=n % 700) if n % 10 else None,
                    is_sample=True,
                )
                for n in range(count)
            ],
            batch_size=2000,
        )
        ContactPoint.objects.copy_sort_keys()  # bulk_create does not call save()
        through = ContactPoint.languages.through
        through.objects.bulk_create(
            [
                through(contactpoint_id=point.pk, language_id=languages[(n + offset) % len(languages)])
                for n, point in enumerate(points)
                for offset in range(1 + n % 2)
            ],
            batch_size=5000,
        )
    log(f"created {len(authorities)} authorities and {len(points)} contact points")


# --- in a child process: one measurement -------------------------------------------------------


def _status_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak():
    """Reset the kernel's peak-RSS counter (VmHWM) to the current RSS; False where not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return _status_kb("VmHWM") <= _status_kb("VmRSS") + 256


def measure(fmt, output):
    """Export every contact point as the directory does for an official; print one JSON line."""
    import resource

    setup_django()
    from django.contrib.auth import get_user_model

    from contacts import exports
    from contacts.filters import ContactPointFilter
    from contacts.views import directory_queryset

    # An unsaved active user is authenticated: the queryset holds every contact point, as for an
    # official. The FilterSet without data, as the view builds it for /contacts/export.<format>.
    official = get_user_model()(username="bench", is_active=True)

    def queryset():
        return ContactPointFilter(None, queryset=directory_queryset(official)).qs

    def export(qs, path):
        if fmt == "xlsx":
            exports.write_xlsx(qs, path=path)
            return
        chunks = exports.stream_csv(qs) if fmt == "csv" else exports.vcards(qs)
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.writelines(chunks)

    rows = queryset().count()
    # Warm-up on 100 rows: imports, the database connection, openpyxl's lazily loaded parts. The
    # baseline is the process ready to export, as a web worker is.
    first = list(queryset().values_list("pk", flat=True)[:100])
    export(queryset().filter(pk__in=first), output)
    gc.collect()

    baseline_kb = _status_kb("VmRSS")
    maxrss_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_reset = _reset_peak()
    started = time.perf_counter()
    export(queryset(), output)
    seconds = time.perf_counter() - started
    if peak_reset:
        peak_kb = _status_kb("VmHWM")
    else:
        # Without a reset, ru_maxrss is the peak of the whole life of the process: growth is
        # measured from the higher of the baseline and the earlier peak, an upper bound.
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        baseline_kb = min(baseline_kb, maxrss_before_kb)
    print(
        json.dumps(
            {
                "format": fmt,
                "rows": rows,
                "seconds": seconds,
                "baseline_mb": baseline_kb / 1024,
                "peak_mb": peak_kb / 1024,
                "growth_mb": (peak_kb - baseline_kb) / 1024,
                "peak_method": "VmHWM reset" if peak_reset else "ru_maxrss",
            }
        ),
        flush=True,
    )


# --- in the parent process ---------------------------------------------------------------------


def rows_in(fmt, path):
    """How many contact points the file holds, read back with a real reader."""
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as file:
            return sum(1 for _row in csv.reader(file)) - 1
    if fmt == "xlsx":
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True)
        count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True)) - 1
        workbook.close()
        return count
    with open(path, "rb") as file:
        return sum(line.startswith(b"BEGIN:VCARD") for line in file)


def child(env, *args):
    """Run this script with `args` in a fresh process; its last line of output (stderr passes through)."""
    command = [PYTHON, str(Path(__file__).resolve()), *args]
    output = subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    lines = output.strip().splitlines()
    return lines[-1] if lines else ""


def table(results):
    lines = [
        "| format | rows | seconds (median) | seconds (each run) | baseline RSS (MB) | peak RSS growth (MB)"
        " | target | result |",
        "|---|---:|---:|---|---:|---:|---|---|",
    ]
    failed = False
    for fmt, time_target in FORMATS.items():
        runs = results[fmt]
        seconds = statistics.median(r["seconds"] for r in runs)
        growth = max(r["growth_mb"] for r in runs)
        baseline = statistics.median(r["baseline_mb"] for r in runs)
        rows = runs[0]["rows"]
        each_run = ", ".join(f"{run['seconds']:.2f}" for run in runs)
        ok = growth < MEMORY_TARGET_MB and all(r["rows_in_file"] == rows for r in runs)
        targets = [f"< {MEMORY_TARGET_MB} MB"]
        if time_target is not None:
            ok &= seconds < time_target
            targets.insert(0, f"< {time_target:g} s")
        failed |= not ok
        lines.append(
            f"| {fmt} | {rows:,} | {seconds:.2f} | {each_run}"
            f" | {baseline:.1f} | {growth:.1f} | {', '.join(targets)}"
            f" | {'pass' if ok else '**FAIL**'} |"
        )
    return "\n".join(lines), failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead of PostgreSQL")
    parser.add_argument("--reuse-db", action="store_true", help=f"keep the existing {DB_NAME} database")
    parser.add_argument("--rounds", type=int, default=1, help="measure each format this many times (medians)")
    parser.add_argument("--count", type=int, default=CONTACT_POINTS, help=argparse.SUPPRESS)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)  # child process
    parser.add_argument("--measure", choices=FORMATS, help=argparse.SUPPRESS)  # child process
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.seed:
        return seed(args.count)
    if args.measure:
        return measure(args.measure, args.output)

    workdir = Path(tempfile.mkdtemp(prefix="handbook-bench-exports-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CACHE_DIR", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="handbook.settings",
        DEBUG="0",  # with DEBUG on, Django would keep every query in memory
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        CACHE_DIR=str(workdir / "cache"),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if args.sqlite:
        database = f"SQLite file in {workdir}"
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        database = f"PostgreSQL `{DB_NAME}` on {HOST}"
        env["DATABASE_URL"] = f"postgres://postgres@{HOST}:5432/{DB_NAME}"
        for tool in ("dropdb", "createdb", "vacuumdb"):
            if shutil.which(tool) is None:
                sys.exit(f"{tool} is not installed")
    if args.sqlite or not args.reuse_db:
        if not args.sqlite:
            run(["dropdb", *PG_ARGS, "--if-exists", DB_NAME], env)
            run(["createdb", *PG_ARGS, DB_NAME], env)
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    started = time.perf_counter()
    child(env, "--seed", "--count", str(args.count))
    log(f"seeding took {time.perf_counter() - started:.1f} s")
    if not args.sqlite:
        run(["vacuumdb", *PG_ARGS, "--analyze", "--quiet", DB_NAME], env)

    results = {fmt: [] for fmt in FORMATS}
    for round_number in range(args.rounds):
        for fmt in FORMATS:
            path = workdir / f"contacts.{fmt}"
            result = json.loads(child(env, "--measure", fmt, "--output", str(path)))
            result["rows_in_file"] = rows_in(fmt, path)
            result["bytes"] = path.stat().st_size
            path.unlink()
            results[fmt].append(result)
            log(
                f"round {round_number + 1}: {fmt}: {result['rows_in_file']:,} rows,"
                f" {result['bytes'] / 1e6:.1f} MB file, {result['seconds']:.2f} s,"
                f" RSS {result['baseline_mb']:.1f} → {result['peak_mb']:.1f} MB ({result['peak_method']})"
            )

    markdown, failed = table(results)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    header = (
        f"Contact exports, {datetime.datetime.now():%Y-%m-%d %H:%M}: {args.count:,} contact points, {database};"
        f" Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load};"
        f" {args.rounds} round(s): median seconds, largest RSS growth"
        f" ({results['csv'][0]['peak_method']})."
    )
    output = f"{header}\n\n{markdown}\n"
    print(output)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / ("exports-sqlite.md" if args.sqlite else "exports.md")).write_text(output)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
