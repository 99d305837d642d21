"""Real processes for the tests that are about them: a gunicorn serving the handbook on a database
of its own, a Redis server, a TCP relay that can cut a connection. Only ever on 127.0.0.1."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port, path, timeout=10):
    """(status, body) of a GET to the local server; errors answered with a status count too."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def served_database_url(tmp_path, name):
    """A database for a served process, beside the test run's: a SQLite file, or a PostgreSQL
    database on the server DATABASE_URL names (created empty here)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    import psycopg

    config = dj_database_url.parse(url)
    dbname = f"{name}_{os.getpid()}"
    admin = f"host={config['HOST'] or HOST} port={config['PORT'] or 5432} user={config['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        connection.execute(f'CREATE DATABASE "{dbname}"')
    return f"postgres://{config['USER']}@{config['HOST'] or HOST}:{config['PORT'] or 5432}/{dbname}"


def drop_served_database(url):
    if not url.startswith("postgres"):
        return
    import psycopg

    config = dj_database_url.parse(url)
    admin = f"host={config['HOST']} port={config['PORT']} user={config['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


def environment(tmp_path, *, database_url, redis_url=""):
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(tmp_path / "static"),
        CACHE_DIR=str(tmp_path / "cache"),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args):
    """Run a management command in its own process; its output in the error when it fails."""
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


class Gunicorn:
    """`gunicorn handbook.wsgi` on a free port of 127.0.0.1, its log in a file."""

    def __init__(self, env, log_path, workers=1):
        self.env, self.log_path, self.workers = env, log_path, workers
        self.port = free_port()
        self.process = None

    def __enter__(self):
        command = [
            str(Path(PYTHON).parent / "gunicorn"),
            "handbook.wsgi",
            "--workers", str(self.workers),
            "--bind", f"{HOST}:{self.port}",
            "--timeout", "30",
        ]  # fmt: skip
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()}")
            try:
                if get(self.port, "/healthz", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 30 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def log_text(self):
        self.log.flush()
        return self.log_path.read_text()


class RedisServer:
    """A Redis server of its own on `port`, without persistence."""

    def __init__(self, port):
        self.port = port
        self.process = None

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis(host=HOST, port=self.port)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Relay:
    """A TCP relay from a free local port to `target_port`: `cut()` closes every connection and
    refuses new ones, as a database that went away; `restore()` lets them through again."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.port = free_port()
        self.open = True
        self._sockets = []
        self._server = socket.create_server((HOST, self.port))
        self._server.settimeout(0.2)
        self._running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self._running:
            try:
                client, _address = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection((HOST, self.target_port))
            self._sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.close()

    def cut(self):
        self.open = False
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._sockets = []

    def restore(self):
        self.open = True

    def close(self):
        self._running = False
        self.cut()
        self._server.close()


class Browser:
    """Requests with cookies kept by hand (the handbook's cookies are Secure, which a cookie jar
    would not send over the plain HTTP of 127.0.0.1), against any of several local ports."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, path, data=None):
        import http.client
        from urllib.parse import urlencode

        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.cookies.get("csrftoken", ""),
                    "Referer": f"http://{HOST}:{port}{path}",
                }
            )
        connection.request("POST" if data is not None else "GET", path, body=body, headers=headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        content = response.read()
        connection.close()
        return response.status, response.getheader("Location"), content
