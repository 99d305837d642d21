"""Benchmark of the drafted requests (see bench/README.md): the ZIP of every request of a
four-country route (AL–MK–RS–HU, requested by Albania: three States, each a DOCX, a PDF and an
urgent notice) rendered by `POST /route/requests/render?format=zip` on gunicorn, as an official's
browser or script asks for it.

Builds its own database `handbook_bench_drafting` (scale-1 sample data unless --scale), starts gunicorn (1 sync worker,
production settings) on a free port of 127.0.0.1, signs in an official, and POSTs a full draft
(every text field filled with a paragraph or more, three persons, a crossing per border) --requests
times in a row. Reports the median and slowest time per ZIP, its ratio to /healthz measured in the
same run, and how far the worker's peak resident memory (VmHWM, reset after the warm-up) rose
above its resident memory before the renders. Writes bench/results/drafted_requests.md.

Only ever targets 127.0.0.1.

    .venv/bin/python bench/drafted_requests.py
    .venv/bin/python bench/drafted_requests.py --reuse-db --requests 20
"""

import argparse
import atexit
import datetime
import json
import platform
import statistics
import sys
import time
import urllib.request
import zipfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # noqa: E402
from pages import HOST, RESULTS, Server, fetch, free_port, log, official_cookie, prepare_run  # noqa: E402

# A database of its own, so that the pages benchmark's scale-10 database stays as it is.
pages.DB_NAME = "handbook_bench_drafting"

ROUTE = ["AL", "MK", "RS", "HU"]
PARAGRAPH = (
    "On 3 March the sample courier collected a sealed container at the sample port; customs "
    "officers found the concealment during a routine check and left the consignment in place. "
)


def draft():
    text = PARAGRAPH * 6
    values = {
        "route": ROUTE,
        "requesting_country": "AL",
        "reference": "BENCH/2026/001",
        "facts": PARAGRAPH * 20,
        "marking": "RESTRICTED",
        "handling_code": "H2",
        "urgency": "urgent",
        "deadline": "2027-01-15",
        "substitution": "partial",
        "accompanying": "unarmed",
        "persons": [
            {"role": role, "name": f"Sample Person {number}", "nationality": "Sample", "details": text}
            for number, role in enumerate(("suspect", "courier", "recipient"), start=1)
        ],
        "crossings": [
            {"leaving": first, "entering": second, "point": "Sample crossing", "date": "2027-01-20", "time": "06:30"}
            for first, second in zip(ROUTE, ROUTE[1:], strict=False)
        ],
    }
    for name in (
        "requesting_authority", "officer", "officer_phone", "quantity", "working_language",
    ):  # fmt: skip
        values[name] = "Sample value"
    for name in (
        "urgency_reason", "offences", "legal_qualification", "purpose", "domestic_decision", "substances",
        "packaging", "seals", "tracking_devices", "samples", "vehicle", "transport_documents", "handover_points",
        "contact_lost", "commander", "accompanying_details", "surveillance_means", "confidentiality",
        "limits_on_use", "reports_wanted", "evidence_wanted",
    ):  # fmt: skip
        values[name] = text
    return values


def csrf_token(base, cookie):
    """The CSRF cookie the form page sets, as a browser would keep it."""
    request = urllib.request.Request(f"{base}/route/requests/?c=AL&c=MK", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:  # only http://127.0.0.1
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "csrftoken":
                return rest.split(";", 1)[0]
    raise RuntimeError("the form page set no CSRF cookie")


def render_zip(base, cookie, token, body):
    request = urllib.request.Request(
        f"{base}/route/requests/render?format=zip",
        data=body,
        method="POST",
        headers={
            "Cookie": f"{cookie}; csrftoken={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/json",
        },
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:  # only http://127.0.0.1
        content = response.read()
    return time.perf_counter() - started, content


def status_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def worker_pid(server):
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--reuse-db", action="store_true", help="keep the existing handbook_bench_drafting database")
    args = parser.parse_args()

    workdir, env = prepare_run("handbook-bench-drafting-", scale=args.scale, reuse_db=args.reuse_db)
    server = Server(env, free_port(), workdir / "gunicorn.log", workers=1)
    atexit.register(server.stop)
    server.start()
    server.wait_ready()
    base = f"http://{HOST}:{server.port}"
    cookie = official_cookie(env)
    token = csrf_token(base, cookie)
    body = json.dumps(draft()).encode()

    _seconds, content = render_zip(base, cookie, token, body)  # warm-up: imports, fonts, templates
    names = zipfile.ZipFile(BytesIO(content)).namelist()
    expected = {
        f"draft-{kind}-{code}.{ext}"
        for code in ROUTE[1:]
        for kind, ext in (("request", "docx"), ("request", "pdf"), ("notice", "pdf"))
    }
    if set(names) != expected:
        sys.exit(f"unexpected ZIP contents: {names}")
    health = []
    for _ in range(50):
        started = time.perf_counter()
        fetch(f"{base}/healthz")
        health.append(time.perf_counter() - started)

    pid = worker_pid(server)
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM back to the current resident size
    baseline_kb = status_kb(pid, "VmRSS")
    times = []
    for number in range(args.requests):
        seconds, content = render_zip(base, cookie, token, body)
        times.append(seconds)
        log(f"ZIP {number + 1}: {seconds:.2f} s, {len(content) / 1024:.0f} KiB")
    peak_kb = status_kb(pid, "VmHWM")
    end_kb = status_kb(pid, "VmRSS")

    median = statistics.median(times)
    healthz = statistics.median(health)
    lines = [
        f"# Drafted requests: the ZIP of a four-country route ({datetime.date.today():%Y-%m-%d})",
        "",
        f"gunicorn, 1 sync worker, production settings, PostgreSQL on {HOST}, scale-{args.scale} sample data; "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}.",
        f"Route {'–'.join(ROUTE)} requested by AL: {len(expected)} files (3 States × DOCX, PDF, notice PDF), "
        f"{len(content) / 1024:.0f} KiB; draft {len(body) / 1024:.0f} KiB of JSON.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| ZIP, median of {args.requests} (s) | {median:.2f} |",
        f"| ZIP, slowest (s) | {max(times):.2f} |",
        f"| /healthz, median of 50 (ms) | {healthz * 1000:.1f} |",
        f"| ZIP time / healthz time | {median / healthz:.0f}× |",
        f"| worker RSS before the renders (MB) | {baseline_kb / 1024:.0f} |",
        f"| worker peak RSS during the renders (MB) | {peak_kb / 1024:.0f} |",
        f"| peak growth (MB) | {(peak_kb - baseline_kb) / 1024:.0f} |",
        f"| worker RSS after (MB) | {end_kb / 1024:.0f} |",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "drafted_requests.md").write_text(report)
    errors = server.logged_errors()
    if errors:
        sys.exit(f"gunicorn logged errors:\n{errors}")


if __name__ == "__main__":
    main()
