"""simsetting.yml read with Flee 3.1's meaning: every key it knows, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from emigre.errors import InputError
from emigre.simulate.flee_settings import MOVE_RULES, SPAWN_RULES, read_settings


def _settings(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "simsetting.yml"
    path.write_text(text)
    return path


def _refused(tmp_path: Path, text: str) -> InputError:
    with pytest.raises(InputError) as info:
        read_settings(_settings(tmp_path, text))
    return info.value


def test_absent_keys_take_flee_31_defaults(tmp_path: Path) -> None:
    rules, notes = read_settings(_settings(tmp_path, "move_rules:\n  camp_weight: 2\n"))
    assert rules.camp_weight == 2 and notes == []
    assert rules.max_move_speed == 360 and rules.max_walk_speed == 35
    assert rules.conflict_weight == pytest.approx(1 / 10**0.5)
    assert rules.default_movechance == 0.3 and rules.camp_movechance == 0.001
    assert rules.awareness_level == 1 and rules.capacity_buffer == 0.9
    assert rules.insert_day0 is True and rules.take_from_population is False


def test_every_rule_setting_names_a_field_of_rules(tmp_path: Path) -> None:
    from emigre.model.scenario import Rules

    fields = set(Rules.model_fields)
    for table in (MOVE_RULES, SPAWN_RULES):
        for key, s in table.items():
            assert s.field in (None, "use_v1_rules") or s.field in fields, key


def test_awareness_level_is_any_whole_number(tmp_path: Path) -> None:
    rules, _ = read_settings(_settings(tmp_path, "move_rules:\n  awareness_level: 5\n"))
    assert rules.awareness_level == 5
    err = _refused(tmp_path, "move_rules:\n  awareness_level: -1\n")
    assert err.line == 2 and err.field == "move_rules.awareness_level"
    err = _refused(tmp_path, "move_rules:\n  awareness_level: 1.5\n")
    assert "whole number" in err.message


def test_max_crossing_speed_is_accepted_and_changes_no_rule(tmp_path: Path) -> None:
    rules, notes = read_settings(_settings(tmp_path, "move_rules:\n  max_crossing_speed: 20\n"))
    assert rules == type(rules)() and notes == []


def test_a_key_flee_does_not_know_is_refused_at_its_line(tmp_path: Path) -> None:
    err = _refused(tmp_path, "log_levels:\n  agent: 0\nmove_rules:\n  max_moev_speed: 100\n")
    assert err.line == 4 and err.field == "move_rules.max_moev_speed"
    assert "Flee 3.1 does not read it" in err.message
    err = _refused(tmp_path, "optimisation:\n  hasten: 2\n")
    assert err.line == 1 and err.field == "optimisation"


def test_a_rule_emigre_lacks_is_refused_unless_neutral(tmp_path: Path) -> None:
    read_settings(_settings(tmp_path, "move_rules:\n  stay_close_to_home: false\n"))
    err = _refused(tmp_path, "move_rules:\n  stay_close_to_home: true\n")
    assert err.line == 2 and "does not implement" in err.message


def test_later_flee_features_are_refused_with_the_reason(tmp_path: Path) -> None:
    err = _refused(tmp_path, "spawn_rules:\n  flood_driven_spawning: True\n")
    assert "flood" in err.message and err.line == 2
    err = _refused(tmp_path, "flood_rules:\n  max_flood_level: 4\n")
    assert "after 3.1" in err.message


def test_later_keys_flee_31_skips_are_skipped_and_said(tmp_path: Path) -> None:
    rules, notes = read_settings(
        _settings(tmp_path, "move_rules:\n  capacity_scaling: 1.0\n  foreign_weight: 2\n")
    )
    assert notes == [] and rules.foreign_weight == 2
    _, notes = read_settings(_settings(tmp_path, "move_rules:\n  capacity_scaling: 1.25\n"))
    assert len(notes) == 1 and "line 2" in notes[0] and "capacity_scaling" in notes[0]


def test_use_v1_rules_overrides_as_flee_does(tmp_path: Path) -> None:
    rules, _ = read_settings(
        _settings(tmp_path, "move_rules:\n  use_v1_rules: true\n  camp_weight: 7\n")
    )
    assert rules.camp_weight == 2.0 and rules.conflict_weight == 0.25
    assert rules.max_move_speed == 200 and rules.start_on_foot is False


def test_conflict_driven_spawning(tmp_path: Path) -> None:
    rules, _ = read_settings(
        _settings(
            tmp_path,
            "spawn_rules:\n  conflict_driven_spawning:\n    spawn_mode: pop_ratio\n"
            "    displaced_per_conflict_day: 0.02\n",
        )
    )
    assert rules.conflict_driven is not None
    assert rules.conflict_driven.spawn_mode == "pop_ratio"
    assert rules.conflict_driven.displaced_per_conflict_day == 0.02
    err = _refused(tmp_path, "spawn_rules:\n  conflict_driven_spawning:\n    spawn_mode: Poisson\n")
    assert err.line == 3 and "Poisson" in err.message


def test_a_typed_value_is_checked(tmp_path: Path) -> None:
    err = _refused(tmp_path, "move_rules:\n  start_on_foot: 'yes'\n")
    assert err.line == 2 and "true or false" in err.message
    err = _refused(tmp_path, "move_rules:\n  camp_movechance: 1.5\n")
    assert err.field == "move_rules.camp_movechance"
