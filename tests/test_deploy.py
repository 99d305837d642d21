"""What production runs (deploy/), checked for real: nginx accepts the site, systemd the units and
timers, and gunicorn serves the handbook from its configuration file."""

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.processes import (
    PYTHON,
    ROOT,
    drop_served_database,
    environment,
    free_port,
    get,
    manage,
    served_database_url,
)

DEPLOY = ROOT / "deploy"


@pytest.mark.skipif(shutil.which("nginx") is None, reason="needs nginx (Debian's nginx; CI installs it)")
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl for a test certificate")
def test_nginx_accepts_the_site(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=handbook.example.org",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "handbook.conf").read_text().replace("/etc/ssl/handbook/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", f"{tmp_path}/"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze (Debian's systemd)")
def test_systemd_accepts_the_units_and_timers(tmp_path):
    """The units as installed, with the checkout standing for /srv/handbook (whose programs must
    exist for systemd to accept them)."""
    (tmp_path / "env").write_text("")
    for unit in (DEPLOY / "systemd").iterdir():
        text = unit.read_text().replace("/srv/handbook", str(ROOT)).replace("/etc/handbook/env", str(tmp_path / "env"))
        text = text.replace("User=handbook", "User=root").replace("Group=handbook", "Group=root")
        (tmp_path / unit.name).write_text(text)
    units = sorted(str(path) for path in tmp_path.iterdir() if path.suffix in (".service", ".timer"))
    assert len(units) == 5
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_gunicorn_serves_the_handbook_from_its_configuration_file(tmp_path):
    url = served_database_url(tmp_path, "handbook_deploy")
    env = environment(tmp_path, database_url=url)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    port = free_port()
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2")
    command = [str(Path(PYTHON).parent / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py")]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(port, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert get(port, "/healthz") == (200, b"ok")
        for _ in range(20):
            assert get(port, "/countries/albania/?q=a-name")[0] == 200
        assert get(port, "/readyz")[0] == 200
        status, metrics = get(port, "/metrics")
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0].decode()
        drop_served_database(url)
    # Both workers' counts, added up.
    assert status == 200
    counted = re.search(
        rb'^django_http_requests_total_by_view_transport_method_total\{[^}]*view="country-detail"[^}]*\} (\S+)$',
        metrics,
        re.MULTILINE,
    )
    assert counted and float(counted.group(1)) == 20.0, metrics.decode()[:2000]
    # Every line is a JSON object: gunicorn's own and the handbook's, one per request answered.
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert any("Booting worker" in line["message"] for line in lines)
    requests = [line for line in lines if line.get("logger") == "handbook.requests"]
    assert [line["path"] for line in requests].count("/countries/albania/") == 20
    assert "a-name" not in output  # never a query string


def test_a_bad_worker_count_stops_gunicorn_with_a_message(tmp_path):
    env = environment(tmp_path, database_url="sqlite:///unused")
    env["GUNICORN_WORKERS"] = "many"
    result = subprocess.run(
        [PYTHON, "-c", "exec(open('deploy/gunicorn.conf.py').read())"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "GUNICORN_WORKERS must be a whole number above 0, not 'many'" in result.stderr
