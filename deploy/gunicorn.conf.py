"""gunicorn's settings for the handbook, read from the environment (deploy/systemd/handbook.service
passes /etc/handbook/env). Start it with `gunicorn --config deploy/gunicorn.conf.py`."""

import multiprocessing
import os


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
# Workers are replaced after this many requests (with some spread), so that no worker's memory
# creeps up over weeks.
max_requests = _whole_number("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# Only the proxy in front (nginx on the same host) may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
