"""Reading Flee's scenario folders: what is read, and the errors for malformed files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from emigre.errors import InputError
from emigre.model.scenario import ClosureKind, PlaceKind
from emigre.simulate.flee_format import read_flee_scenario
from tests.simulate.flee_folder import FAST, write_scenario

LOCS = [
    "A,R,Home,0,0,conflict_zone,0,1000",
    "B,R,Home,0,1,town,,500",
    "C,R,Abroad,0,2,camp,,300",
]
ROUTES = ["A,B,100,0", "B,C,50,0"]


def basic(tmp_path: Path, **kw) -> Path:
    args = dict(
        locations=LOCS,
        routes=ROUTES,
        conflicts={"A": [1] * 10},
        totals=[("2020-01-01", 0), ("2020-01-05", 40)],
        camps={"C": [("2020-01-01", 0), ("2020-01-09", 30)]},
        settings=FAST,
    )
    args.update(kw)
    return write_scenario(tmp_path, **args)


def test_reads_a_small_folder(tmp_path: Path) -> None:
    sc = read_flee_scenario(basic(tmp_path, closures=["country,Home,Abroad,2,5"]))
    assert [p.name for p in sc.places] == ["A", "B", "C"]
    assert sc.places[0].kind == PlaceKind.conflict_zone
    assert sc.places[2].kind == PlaceKind.camp and sc.places[2].population == 300
    assert sc.start_date == dt.date(2020, 1, 1) and sc.days == 10
    assert [(r.a, r.b, r.distance_km) for r in sc.routes] == [("A", "B", 100), ("B", "C", 50)]
    assert sc.closures[0].kind == ClosureKind.country and sc.closures[0].end_day == 5
    assert sc.spawn_total is not None and sc.spawn_total.days == [0, 4]
    assert sc.observed[0].name == "C" and sc.observed[0].values == [0, 30]
    assert sc.rules.max_move_speed == 200 and sc.rules.insert_day0 is False


def test_header_and_comment_lines_in_data_files_are_skipped(tmp_path: Path) -> None:
    root = basic(tmp_path)
    (root / "source_data" / "c.csv").write_text(
        "DateTime,count\n#note\n,\t\n2020-01-01,5\n2020-01-03,\n2020-01-04,9\n"
    )
    sc = read_flee_scenario(root)
    assert sc.observed[0].days == [0, 3] and sc.observed[0].values == [5, 9]


def test_extra_route_columns_are_route_attributes(tmp_path: Path) -> None:
    root = basic(tmp_path)
    (root / "input_csv" / "routes.csv").write_text(
        "#name1,name2,distance,forced_redirection,max_move_speed,walk_probability\n"
        "A,B,100,0,50,0.5\nB,C,50,0,,\n"
    )
    sc = read_flee_scenario(root)
    assert sc.routes[0].max_move_speed == 50 and sc.routes[0].walk_probability == 0.5
    assert sc.routes[1].max_move_speed is None


def test_unknown_conflict_column_is_skipped_with_a_warning(tmp_path: Path) -> None:
    root = basic(tmp_path)
    (root / "input_csv" / "conflicts.csv").write_text(
        "#Day,A,Nowhere,\n" + "".join(f"{d},1,1,\n" for d in range(10))
    )
    sc = read_flee_scenario(root)
    assert list(sc.conflicts) == ["A"]
    assert any("Nowhere" in w for w in sc.warnings)


def _error(root: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_flee_scenario(root)
    return info.value


def test_missing_column(tmp_path: Path) -> None:
    err = _error(basic(tmp_path, locations=[*LOCS[:2], "C,R,Abroad,0"]))
    assert err.file.endswith("locations.csv") and err.line == 4 and err.field == "longitude"


def test_unknown_place_in_a_route(tmp_path: Path) -> None:
    err = _error(basic(tmp_path, routes=["A,B,100,0", "B,Atlantis,50,0"]))
    assert err.file.endswith("routes.csv") and err.line == 3 and err.field == "name2"
    assert "Atlantis" in err.message


def test_negative_distance(tmp_path: Path) -> None:
    err = _error(basic(tmp_path, routes=["A,B,-100,0", "B,C,50,0"]))
    assert err.line == 2 and err.field == "distance" and "negative" in err.message


def test_bad_number(tmp_path: Path) -> None:
    err = _error(basic(tmp_path, locations=[*LOCS[:2], "C,R,Abroad,0,2,camp,,lots"]))
    assert err.line == 4 and err.field == "population" and "lots" in err.message


def test_unknown_location_type(tmp_path: Path) -> None:
    err = _error(basic(tmp_path, locations=[*LOCS[:2], "C,R,Abroad,0,2,castle,,3"]))
    assert err.field == "location_type"


def test_disconnected_graph(tmp_path: Path) -> None:
    locs = [*LOCS, "D,R,Home,0,3,town,,1"]
    err = _error(basic(tmp_path, locations=locs, routes=["A,B,100,0", "C,D,50,0"]))
    assert "disconnected" in err.message and err.file.endswith("routes.csv")


def test_bad_start_date(tmp_path: Path) -> None:
    root = basic(tmp_path)
    (root / "input_csv" / "sim_period.csv").write_text("StartDate,2020-13-01\nLength,10\n")
    err = _error(root)
    assert err.line == 1 and err.field == "StartDate"


def test_closure_day_out_of_range(tmp_path: Path) -> None:
    err = _error(basic(tmp_path, closures=["country,Home,Abroad,-3,5"]))
    assert err.file.endswith("closures.csv") and err.line == 2 and err.field == "closure_start"


def test_closure_names_an_unknown_country(tmp_path: Path) -> None:
    err = _error(basic(tmp_path, closures=["country,Home,Narnia,0,5"]))
    assert err.field == "name2" and "Narnia" in err.message


def test_bad_date_in_a_camp_file(tmp_path: Path) -> None:
    root = basic(tmp_path)
    (root / "source_data" / "c.csv").write_text("2020-01-01,5\n2020-02-30,9\n")
    err = _error(root)
    assert err.file.endswith("c.csv") and err.line == 2 and err.field == "date"


def test_missing_data_file(tmp_path: Path) -> None:
    root = basic(tmp_path)
    (root / "source_data" / "c.csv").unlink()
    err = _error(root)
    assert err.file.endswith("data_layout.csv") and err.line == 2


def test_correction_on_a_date_without_a_count(tmp_path: Path) -> None:
    err = _error(basic(tmp_path, corrections=["C,2020-01-05"]))
    assert err.file.endswith("registration_corrections.csv") and err.field == "date"


def test_bad_setting_points_at_its_line(tmp_path: Path) -> None:
    err = _error(basic(tmp_path, settings="move_rules:\n  camp_weight: -2\n"))
    assert err.file.endswith("simsetting.yml") and err.line == 2
    assert err.field == "move_rules.camp_weight"


@pytest.mark.parametrize(
    ("cell", "says"),
    [("-1", "negative"), ("lots", "lots"), ("nan", "finite"), ("inf", "finite"), ("", "missing")],
)
def test_a_bad_conflict_cell_is_named_by_line_and_place(
    tmp_path: Path, cell: str, says: str
) -> None:
    root = basic(tmp_path)
    rows = [f"{d},1,0" for d in range(10)]
    rows[6] = f"6,{cell},0"
    (root / "input_csv" / "conflicts.csv").write_text("#Day,A,B\n" + "\n".join(rows) + "\n")
    err = _error(root)
    assert err.file.endswith("conflicts.csv") and err.line == 8 and err.field == "A"
    assert says in err.message


def test_conflict_columns_keep_their_days_in_order(tmp_path: Path) -> None:
    root = basic(tmp_path)
    (root / "input_csv" / "conflicts.csv").write_text(
        "#Day,B,A\n" + "".join(f"{d},{d / 10},{1 - d / 10}\n" for d in range(10))
    )
    sc = read_flee_scenario(root)
    assert sc.conflicts["B"] == [d / 10 for d in range(10)]
    assert sc.conflicts["A"] == [1 - d / 10 for d in range(10)]
