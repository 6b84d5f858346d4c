"""Small hand-made scenario folders in Flee's format, written into a test's tmp_path."""

from __future__ import annotations

from pathlib import Path

LOC_HEADER = "#name,region,country,lat,lon,location_type,conflict_date,population"


def write_scenario(
    root: Path,
    *,
    locations: list[str],
    routes: list[str],
    days: int = 10,
    start: str = "2020-01-01",
    conflicts: dict[str, list[float]] | None = None,
    closures: list[str] | None = None,
    totals: list[tuple[str, int]] | None = None,
    camps: dict[str, list[tuple[str, int]]] | None = None,
    corrections: list[str] | None = None,
    settings: str | None = None,
) -> Path:
    """A scenario folder; each argument is the body of one file (rows as CSV text)."""
    inp = root / "input_csv"
    src = root / "source_data"
    inp.mkdir(parents=True, exist_ok=True)
    src.mkdir(parents=True, exist_ok=True)
    (inp / "locations.csv").write_text("\n".join([LOC_HEADER, *locations]) + "\n")
    (inp / "routes.csv").write_text(
        "\n".join(["#name1,name2,distance,forced_redirection", *routes]) + "\n"
    )
    (inp / "sim_period.csv").write_text(f"StartDate,{start}\nLength,{days}\n")
    if conflicts is not None:
        names = list(conflicts)
        lines = ["#Day," + ",".join(names)]
        for d in range(days):
            lines.append(f"{d}," + ",".join(str(conflicts[n][d]) for n in names))
        (inp / "conflicts.csv").write_text("\n".join(lines) + "\n")
    (inp / "closures.csv").write_text(
        "\n".join(["#closure_type,name1,name2,closure_start,closure_end", *(closures or [])]) + "\n"
    )
    (inp / "registration_corrections.csv").write_text("\n".join(corrections or []) + "\n")
    totals = totals or [(start, 0)]
    (src / "refugees.csv").write_text(
        "Date,Refugee_numbers\n" + "".join(f"{d},{v}\n" for d, v in totals)
    )
    layout = ["total,refugees.csv"]
    for name, rows in (camps or {}).items():
        fname = f"{name.lower()}.csv"
        layout.append(f"{name},{fname}")
        (src / fname).write_text("".join(f"{d},{v}\n" for d, v in rows))
    (src / "data_layout.csv").write_text("\n".join(layout) + "\n")
    if settings is not None:
        (root / "simsetting.yml").write_text(settings)
    return root


def write_spec(root: Path, spec: dict) -> Path:
    """A folder from a feature spec of benchmarks/flee_feature_fixtures.py (as recorded in
    tests/simulate/fixtures/flee31_features.json): every camp watched, from a count of 0."""
    import yaml

    root = write_scenario(
        root,
        locations=spec["locations"],
        routes=spec["routes"],
        days=spec["days"],
        conflicts=spec["conflicts"],
        closures=spec["closures"],
        totals=[tuple(t) for t in spec["totals"]],
        camps={
            row.split(",")[0]: [("2020-01-01", 0)]
            for row in spec["locations"]
            if row.split(",")[5] == "camp"
        },
        settings=yaml.safe_dump(spec["settings"], sort_keys=False),
    )
    if spec["routes_header"]:
        (root / "input_csv" / "routes.csv").write_text(
            "\n".join([spec["routes_header"], *spec["routes"]]) + "\n"
        )
    return root


FAST = """
spawn_rules:
  insert_day0: false
move_rules:
  max_move_speed: 200
  conflict_movechance: 1.0
  default_movechance: 1.0
  camp_movechance: 0.0
  awareness_level: 1
  capacity_buffer: 0.9
"""
