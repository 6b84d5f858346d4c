"""Priors are explicit defaults, overridable by partial YAML files, checked like any input."""

from __future__ import annotations

import pytest

from emigre.errors import InputError
from emigre.estimate.priors import Priors, load_priors


def test_a_partial_file_overrides_only_what_it_names(tmp_path):
    path = tmp_path / "priors.yaml"
    path.write_text(
        "measurement:\n"
        "  entry_excess_by_destination:\n"
        "    THA: {median: 4, log_sd: 1}\n"
        "  noise: {flow: 0.1}\n"
        "departures:\n"
        "  persistence: 0.9\n",
        encoding="utf-8",
    )
    p = load_priors(None, path)
    assert p.measurement.entry_excess_by_destination["THA"].median == 4
    assert p.measurement.noise["flow"] == 0.1
    assert p.measurement.noise["stock"] == Priors().measurement.noise["stock"]
    assert p.departures.persistence.median == 0.9
    assert p.digest() != Priors().digest()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("departures:\n  persistance: 0.9\n", "departures.persistance"),
        ("departures:\n  persistence: 1.5\n", "departures.persistence"),
        (
            "stay:\n  transient_fraction: {median: 2, logit_sd: 1}\n",
            "stay.transient_fraction.median",
        ),
    ],
)
def test_bad_files_name_the_field(tmp_path, text, field):
    path = tmp_path / "priors.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_priors(path)
    assert info.value.file == str(path) and info.value.field == field


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "priors.yaml"
    path.write_bytes(b"departures:\n  persistence: 0.9 \xff\n")
    with pytest.raises(InputError) as info:
        load_priors(path)
    assert info.value.file == str(path) and "UTF-8" in info.value.message


def test_a_key_given_twice_is_refused_at_its_line(tmp_path):
    path = tmp_path / "priors.yaml"
    path.write_text("measurement:\n  about_factor: 2\n  about_factor: 3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_priors(path)  # was: the first value silently dropped
    assert (info.value.file, info.value.line) == (str(path), 3)
    assert "about_factor" in info.value.message
