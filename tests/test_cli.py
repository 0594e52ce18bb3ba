"""The ``consortia`` command, run as a real process."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CONSORTIA = [sys.executable, "-m", "consortia.cli"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    env.update(CONSORTIA_DATA_DIR=str(tmp_path / "data"), **extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONSORTIA, *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generate", "--orgs", "many"], "argument --orgs: expected a whole number, got 'many'"),
        (["generate", "--orgs", "-3"], "argument --orgs: expected zero or more, got -3"),
        (["generate"], "the following arguments are required: --orgs"),
        (
            ["demo", "--port", "70000"],
            "argument --port: port must be between 1 and 65535, got 70000",
        ),
        (["serve", "--port", "http"], "argument --port: port must be a number, got 'http'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments_exit_2_naming_the_problem(tmp_path, args, message):
    result = _run(args, _env(tmp_path))

    assert result.returncode == 2
    assert message in result.stderr


def test_worker_without_broker_explains_itself(tmp_path):
    result = _run(["worker"], _env(tmp_path))

    assert result.returncode == 2
    assert "no broker configured" in result.stderr


def test_generate_is_deterministic_and_resumable(tmp_path):
    env = _env(tmp_path)
    _run(["manage", "migrate", "-v", "0"], env)

    first = _run(["generate", "--orgs", "30", "--seed", "5"], env)
    again = _run(["generate", "--orgs", "40", "--seed", "5"], env)
    count = _run(
        [
            "manage",
            "shell",
            "-c",
            "from consortia.directory.models import Organisation as O; print(O.objects.count(), O.objects.order_by('id').first().name)",
        ],
        env,
    )

    assert "Generated 30 organisations (seed 5); 0 were already loaded." in first.stdout
    assert "Generated 10 organisations (seed 5); 30 were already loaded." in again.stdout
    assert "Generating members" in first.stderr  # the progress bar
    assert count.stdout.strip().splitlines()[-1].split()[0] == "40"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_runs_gunicorn_with_static_files(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [*CONSORTIA, "serve", "--migrate", "--port", str(port), "--workers", "1"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                health = urllib.request.urlopen(f"{base}/healthz", timeout=2).read()  # noqa: S310 - local server
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        page = urllib.request.urlopen(f"{base}/directory/", timeout=5)  # noqa: S310
        html = page.read().decode()
        stylesheet = re.search(r'href="(/static/vendor/pico[^"]+\.css)"', html).group(1)
        css = urllib.request.urlopen(f"{base}{stylesheet}", timeout=5)  # noqa: S310

        assert health == b'{"status": "ok"}'
        assert page.headers["Server"].startswith("gunicorn")
        assert re.search(r"pico-2\.1\.1\.blue\.min\.[0-9a-f]{12}\.css", stylesheet), (
            "hashed static name"
        )
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
        assert "max-age=315360000" in css.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)
