"""gunicorn's settings for the handbook, read from the environment (deploy/systemd/handbook.service
passes /etc/handbook/env). Start it with `gunicorn --config deploy/gunicorn.conf.py`."""

import multiprocessing
import os
import shutil
import tempfile


def _whole_number(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name} must be a whole number above 0, not {value!r}")
    return int(value)


wsgi_app = "handbook.wsgi"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the pages are short and mostly served from the cache; two per core and one more.
workers = _whole_number("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
timeout = _whole_number("GUNICORN_TIMEOUT", 30)  # a worker silent this long is restarted
graceful_timeout = _whole_number("GUNICORN_GRACEFUL_TIMEOUT", 30)  # requests finish on a restart
keepalive = 5
# gunicorn's control socket (for `gunicornc`) would live in the service user's home, the read-only
# checkout: systemd (reload, restart) is how the handbook's workers are managed.
control_socket_disable = True
# Workers are replaced after this many requests (with some spread), so that no worker's memory
# creeps up over weeks.
max_requests = _whole_number("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# Only the proxy in front (nginx on the same host) may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The handbook logs each request itself, as JSON without query strings (operations/observability.py):
# gunicorn's own access log, which holds query strings, is off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "operations.observability.HandbookJsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # Access lines are INFO: silent unless GUNICORN_ACCESS_LOG asks for them.
            "gunicorn.access": {
                "handlers": ["console"],
                "level": "INFO" if accesslog else "WARNING",
                "propagate": False,
            },
        },
    }

# Prometheus metrics of every worker together: each worker writes its counts into this folder,
# emptied when gunicorn starts, and /metrics adds them up.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="handbook-metrics-")
metrics_folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server):
    shutil.rmtree(metrics_folder, ignore_errors=True)
    os.makedirs(metrics_folder, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
