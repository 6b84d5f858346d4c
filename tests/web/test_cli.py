"""`emigre serve` as a user starts it: a real process on a free port, answering on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from typer.testing import CliRunner

from emigre.cli.main import app, run

EMIGRE = str(Path(sys.executable).parent / "emigre")


def test_serve_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Example: emigre serve" in result.output
    assert "--token" in result.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_the_dashboard(shared_url: str, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "EMIGRE_TOKEN": ""}
    proc = subprocess.Popen(
        [EMIGRE, "--db", shared_url, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/cases", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert r.status_code == 200
        assert r.json()[0]["id"] == "web-case"
        refused = httpx.patch(f"http://127.0.0.1:{port}/api/claims/fin-x", json={})
        assert refused.status_code == 401
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_on_an_empty_store_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    monkeypatch.setattr(sys, "argv", ["emigre", "--db", url, "serve"])
    with pytest.raises(SystemExit) as stop:
        run()
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert "emigre load" in err
    assert "Traceback" not in err


def test_serve_on_a_port_in_use_is_one_line(shared_url: str, capsys) -> None:
    from tests.helpers import run_cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run_cli(capsys, "--db", shared_url, "serve", "--port", str(port))
    assert code == 1 and "dashboard on" not in out
    assert err.startswith("error: field '--port'") and str(port) in err
    code, _, err = run_cli(capsys, "--db", shared_url, "serve", "--host", "no-such-host.invalid")
    assert code == 1 and "field '--host'" in err
