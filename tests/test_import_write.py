"""Pure parts of the importer's write step (``transfer/import_write.py``)."""

from __future__ import annotations

import pytest

from graph_api.transfer.import_write import describe_changes, place_in_file

NAMES = {"/srv/up/links.csv": "links.csv", "/srv/a:b/g.json": "g.json", "/x/g.graphml": "g.graphml"}


@pytest.mark.parametrize(
    ("location", "named"),
    [
        ("/srv/up/links.csv:12", "links.csv:12"),  # CSV and JSON Lines: path:line
        ("/srv/a:b/g.json: nodes[3]", "g.json: nodes[3]"),  # a colon in a folder's name
        ("/x/g.graphml: node #5", "g.graphml: node #5"),
        ("/elsewhere/links.csv:12", "/elsewhere/links.csv:12"),  # not one of the run's files
        ("no place at all", "no place at all"),
    ],
)
def test_a_row_is_named_by_its_files_name_and_place(location: str, named: str) -> None:
    assert place_in_file(location, NAMES) == named


def test_an_update_is_described_field_by_field() -> None:
    said = describe_changes({"name_en": "Old", "name_zh": "舊"}, {"name_en": "New", "url": "u"})
    assert said == "changes name_en ('Old' -> 'New'); sets url ('u'); clears name_zh"
