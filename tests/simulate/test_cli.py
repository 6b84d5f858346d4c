"""The `emigre simulate run` command on a tiny scenario: output, plot and errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from emigre.cli.main import app
from tests.simulate.flee_folder import FAST, write_scenario


def tiny(tmp_path: Path) -> Path:
    return write_scenario(
        tmp_path / "tiny",
        locations=["A,R,Home,0,0,conflict_zone,0,10", "C,R,Away,0,1,camp,,0"],
        routes=["A,C,10,0"],
        days=6,
        conflicts={"A": [1] * 6},
        totals=[("2020-01-01", 0), ("2020-01-03", 100)],
        camps={"C": [("2020-01-01", 0), ("2020-01-03", 100)]},
        settings=FAST,
    )


def test_run_validate_plot_and_table(tmp_path: Path) -> None:
    root = tiny(tmp_path)
    png, csv = tmp_path / "out.png", tmp_path / "out.csv"
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "run",
            str(root),
            "--validate",
            "--seed",
            "3",
            "--plot",
            str(png),
            "-o",
            str(csv),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "ARD" in result.output and "rescaled" in result.output and "C" in result.output
    assert png.read_bytes()[:4] == b"\x89PNG"
    lines = csv.read_text().splitlines()
    assert lines[0].startswith("day,date,place,agents")
    assert len(lines) == 1 + 6 * 2


def test_bad_scenario_is_one_line_and_exit_1(tmp_path: Path) -> None:
    root = tiny(tmp_path)
    (root / "input_csv" / "routes.csv").write_text("#h\nA,Nowhere,10,0\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from emigre.cli.main import run; run()",
            "simulate",
            "run",
            str(root),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "routes.csv, line 2" in proc.stderr and "Nowhere" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_case_whatif_command(tmp_path: Path) -> None:
    png = tmp_path / "whatif.png"
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "russia-2022",
            "--what-if",
            "close GEO from 2022-09-25",
            "--plot",
            str(png),
            "--monthly",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Georgia" in result.output and "difference" in result.output
    assert "2022-10" in result.output
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_case_baseline_reports_fit_and_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    from emigre.cli.context import console

    monkeypatch.setattr(console, "width", 80)  # a terminal of 80 columns
    result = CliRunner().invoke(app, ["simulate", "russia-2022"])
    assert result.exit_code == 0, result.output
    assert "against the estimate" in result.output and "Verkhny Lars" in result.output
    assert "departures: the estimate's departures series" in result.output
    # at 80 columns: one name for the country everywhere, no figure or status cut
    lines = result.stdout.splitlines()  # the progress bar on stderr redraws its line
    assert "Türkiye" in result.stdout and "Turkey" not in result.stdout
    assert max(len(line.rstrip()) for line in lines) <= 80
    fit_rows = [line for line in lines if {"yes", "no"} & set(line.split())]
    assert len(fit_rows) >= 20 and not any("…" in line for line in fit_rows)


def test_bad_whatif_is_an_error() -> None:
    result = CliRunner().invoke(app, ["simulate", "russia-2022", "--what-if", "shut GEO"])
    assert result.exit_code != 0


def test_case_output_table_and_own_yaml_run(tmp_path: Path) -> None:
    out = tmp_path / "months.csv"
    result = CliRunner().invoke(
        app, ["simulate", "russia-2022", "--what-if", "cap GEO 3000/day", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = out.read_text().splitlines()
    assert rows[0] == "month,destination,baseline,what_if,difference,runs"
    assert any(r.startswith("2022-09,Georgia,") for r in rows)
    from tests.simulate.test_own_format import TINY, write

    path = write(tmp_path, TINY)
    result = CliRunner().invoke(app, ["simulate", "run", str(path), "--validate"])
    assert result.exit_code == 0, result.output
    assert "fit to targets" in result.output


def test_case_fit_to_the_estimate_and_the_table_fallback() -> None:
    result = CliRunner().invoke(
        app, ["simulate", "russia-2022", "--what-if", "close GEO from 2022-09-25", "--fit"]
    )
    assert result.exit_code == 0, result.output
    assert "against the estimate" in result.output and "difference" in result.output
    assert "Thailand" in result.output  # a destination the estimate names
    result = CliRunner().invoke(app, ["simulate", "russia-2022", "--departures", "table"])
    assert result.exit_code == 0, result.output
    assert "departures: the scenario's table of claims" in result.output
    assert "fit to the scenario's claim targets" in result.output


def test_case_calibration_prints_the_block(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["simulate", "calibrate", "russia-2022", "--iterations", "2", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "calibration:" in result.output and "periods: [2022-02-24" in result.output
    assert "--seed 3 --iterations 2" in result.output
    from emigre.cli.simulate import write_calibration

    path = tmp_path / "s.yaml"
    path.write_text("name: x\ncalibration:\n  seed: 1\n")
    write_calibration(path, "calibration:\n  seed: 2\n")
    write_calibration(path, "calibration:\n  seed: 3\n")
    assert path.read_text() == "name: x\n\ncalibration:\n  seed: 3\n"


def test_own_yaml_run_follows_its_driver(tmp_path: Path) -> None:
    """A scenario file run directly is driven as it says: by its case's estimate."""
    from emigre.simulate.own_format import case_scenario_path

    path = str(case_scenario_path("russia-2022"))
    result = CliRunner().invoke(app, ["simulate", "run", path, "--validate", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "departures: the estimate's departures series" in result.output
    assert "against the estimate" in result.output
    result = CliRunner().invoke(app, ["simulate", "run", path, "--departures", "table"])
    assert result.exit_code == 0, result.output
    assert "departures: the scenario's table of claims" in result.output
    result = CliRunner().invoke(
        app, ["simulate", "run", str(tiny(tmp_path)), "--departures", "table"]
    )
    assert result.exit_code == 2 and "own YAML" in result.output


def test_plot_without_a_suffix_reports_where_it_went(tmp_path: Path) -> None:
    root = tiny(tmp_path)
    result = CliRunner().invoke(
        app, ["simulate", "run", str(root), "--validate", "--plot", str(tmp_path / "chart")]
    )
    assert result.exit_code == 0, result.output
    png = tmp_path / "chart.png"
    assert png.read_bytes()[:4] == b"\x89PNG" and f"plot written to {png}" in result.output


def test_a_simulate_command_imports_its_own_module_only(tmp_path: Path) -> None:
    """`emigre simulate run` skips the other commands' imports (most of a small run's cost):
    no store, web, extraction or estimation module, no numba once the kernel is built."""
    from emigre.cli.main import COMMAND_MODULES, modules_for

    assert modules_for(["-q", "simulate", "run", "x"]) == ["emigre.cli.simulate"]
    assert modules_for(["--db", "sqlite://", "simulate", "--help"]) == ["emigre.cli.simulate"]
    assert modules_for(["--help"]) == COMMAND_MODULES
    assert modules_for(["claims", "simulate"]) == COMMAND_MODULES
    from emigre.simulate import compiled

    compiled.move_day()  # built now if it is not yet: building it is what imports numba
    root = tiny(tmp_path)
    script = (
        "import sys\n"
        "from emigre.cli.main import run\n"
        "try:\n"
        f"    run(['-q', 'simulate', 'run', {str(root)!r}, '--seed', '1'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('emigre.', 'numba')))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(out.strip().splitlines()[-1].split())  # the last line: the modules
    assert "emigre.cli.simulate" in loaded
    assert not loaded & {m for m in COMMAND_MODULES if m != "emigre.cli.simulate"}
    assert not any(m.startswith(("emigre.store", "emigre.web", "emigre.estimate")) for m in loaded)
    if compiled.built():
        assert "numba" not in loaded
