"""The ``consortia`` command, run as a real process."""

import json
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
        (
            ["schedule", "--input", "p.json", "--output", "s.json", "--time-limit", "-1"],
            "argument --time-limit: expected more than 0 seconds, got -1",
        ),
        (["schedule", "--input", "p.json"], "the following arguments are required: --output"),
        (["recommend", "--output", "r.json"], "the following arguments are required: --input"),
        (["backup"], "the following arguments are required: --output"),
        (["restore", "--yes"], "the following arguments are required: --input"),
    ],
)
def test_bad_arguments_exit_2_naming_the_problem(tmp_path, args, message):
    result = _run(args, _env(tmp_path))

    assert result.returncode == 2
    assert message in result.stderr


@pytest.mark.parametrize("command", ["worker", "beat"])
def test_worker_and_beat_without_broker_explain_themselves(tmp_path, command):
    result = _run([command], _env(tmp_path))

    assert result.returncode == 2
    assert f"consortia {command}: no broker configured" in result.stderr


def test_schedule_writes_a_valid_schedule_and_refuses_bad_input(tmp_path):
    from consortia.engines.scheduling import generate, parse_problem, violations
    from consortia.engines.scheduling.problem import Meeting, Schedule

    problem = generate("S", seed=3)
    source, target = tmp_path / "problem.json", tmp_path / "schedule.json"
    source.write_text(json.dumps(problem))

    done = _run(
        ["schedule", "--input", str(source), "--output", str(target), "--time-limit", "5"],
        _env(tmp_path),
    )

    assert done.returncode == 0, done.stderr
    written = json.loads(target.read_text())
    schedule = Schedule(
        meetings=[Meeting(m["request"], m["slot"], m["table"]) for m in written["meetings"]],
        unscheduled=written["unscheduled"],
        objective=written["objective"],
        upper_bound=written["upper_bound"],
        seconds=written["seconds"],
    )
    assert violations(parse_problem(problem), schedule) == []
    assert 0 < written["objective"] <= written["upper_bound"]

    problem["requests"][0]["weight"] = 0
    source.write_text(json.dumps(problem))
    refused = _run(["schedule", "--input", str(source), "--output", str(target)], _env(tmp_path))

    assert refused.returncode == 2
    assert problem["requests"][0]["id"] in refused.stderr and "weight" in refused.stderr
    assert json.loads(target.read_text()) == written


def test_recommend_ranks_across_languages_and_refuses_bad_input(tmp_path):
    items = [
        {"id": "need", "kind": "need", "language": "ru", "country": "KZ",
         "title": "Нужна аналитика транспортных потоков для умного города"},
        {"id": "offer", "kind": "offer", "language": "en", "country": "IN",
         "title": "Traffic analytics for smart cities"},
        {"id": "bakery", "kind": "offer", "language": "ru", "title": "Печи для пекарен"},
    ]
    source, target = tmp_path / "items.json", tmp_path / "ranked.json"
    source.write_text(json.dumps({"items": items, "queries": [{"id": "q", "item": "need"}]}))

    done = _run(["recommend", "--input", str(source), "--output", str(target)], _env(tmp_path))

    assert done.returncode == 0, done.stderr
    [result] = json.loads(target.read_text())["results"]
    assert result["ranked"][0]["item"] == "offer" and result["ranked"][0]["reasons"]
    written = target.read_text()
    items[1]["country"] = "India"
    source.write_text(json.dumps({"items": items}))
    refused = _run(["recommend", "--input", str(source), "--output", str(target)], _env(tmp_path))

    assert refused.returncode == 2
    assert "item offer" in refused.stderr and "country" in refused.stderr
    assert target.read_text() == written


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


def _start_server(env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    server = subprocess.Popen(
        [*CONSORTIA, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return server, f"http://127.0.0.1:{port}"


def test_serve_sends_due_digests_on_its_own_timer(tmp_path):
    """The embedded default has no Celery beat: `consortia serve` plans digests itself."""
    hour = time.gmtime().tm_hour
    env = _env(tmp_path, CONSORTIA_PERIODIC_SECONDS="1", CONSORTIA_DIGEST_HOUR=str(hour))
    _run(["manage", "migrate", "-v", "0"], env)
    arrange = (
        "from consortia.accounts.models import User\n"
        "from consortia.directory import services\n"
        "from consortia.messaging.services import notify, set_notification_preferences\n"
        "user = User.objects.create_user('aigerim@example.org', 'x')\n"
        "person = services.create_person(user, full_name='Aigerim Sadykova')\n"
        "person.time_zone = 'UTC'; person.save()\n"
        "set_notification_preferences(person, by=user, choices={'contact.requested': 'daily'})\n"
        "for name in ['Wang Fang', 'Jonas Berg']:\n"
        "    notify(person, 'contact.requested', None, {'sender': name, 'excerpt': 'Hello'})\n"
    )
    prepared = _run(["manage", "shell", "-c", arrange], env)
    assert prepared.returncode == 0, prepared.stderr
    outbox = tmp_path / "data" / "outbox"
    server, _ = _start_server(env)
    try:
        deadline = time.monotonic() + 60
        while not (outbox.exists() and any(outbox.iterdir())):
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            assert time.monotonic() < deadline, "no digest was sent"
            time.sleep(0.3)
        time.sleep(2)  # later rounds of the timer must not send it again
        mails = [path.read_text() for path in outbox.iterdir()]
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]

    assert "periodic work every 1s in this process" in log
    assert len(mails) == 1
    assert "To: aigerim@example.org" in mails[0]
    assert "Wang Fang asks to get in touch: Hello" in mails[0]
    assert "Jonas Berg asks to get in touch: Hello" in mails[0]
