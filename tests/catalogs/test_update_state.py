"""The update state's file is written one record at a time, with the same bytes as ``json.dumps``."""

from __future__ import annotations

import json

import pytest

from pipeline.catalogs.update_state import UpdateState, encode_records

RECORDS = [
    {},
    {"a": {}},
    {"b": 1, "a": {"x": [1, {"z": "é"}, []], "y": None, "w": {}}},
    {
        "/project/locales/az/LC_MESSAGES/ü.po": {"inputs": "0" * 32, "output": None, "report": {"kept": 1, "added": 2}},
        "/project/locales/templates/a.pot": {"inputs": "1" * 32, "output": "2" * 32, "entries": 3},
    },
    {"k": [], "j": 'v\n"quoted"', "i": 1.5, "h": True},
]


@pytest.mark.parametrize("records", RECORDS)
def test_records_are_encoded_as_json_dumps_encodes_them(records):
    assert encode_records(records) == json.dumps(records, sort_keys=True, indent=0).encode("utf-8")


def test_a_saved_state_reads_back(tmp_path):
    state = UpdateState(tmp_path / "update-state.json")
    target = tmp_path / "doc.po"
    target.write_bytes(b"written")
    state.record(target, "inputs", report={"kept": 2})
    state.save()
    again = UpdateState(tmp_path / "update-state.json")
    assert again.records == state.records
    assert again.unchanged(target, "inputs") == state.records[str(target)]


def test_a_record_given_the_hash_of_what_was_written_does_not_read_the_file_again(tmp_path):
    state = UpdateState(tmp_path / "update-state.json")
    missing = tmp_path / "never-written.po"  # read back, it would hash to None
    state.record(missing, "inputs", output="f" * 32, report={"kept": 1})
    assert state.records[str(missing)] == {"inputs": "inputs", "output": "f" * 32, "report": {"kept": 1}}
