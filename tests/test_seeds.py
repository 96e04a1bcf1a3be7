"""The seed files load and hold what the project promises, and bad files fail helpfully."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from graph_api.domain import (
    LINK_PROPERTIES,
    NODE_PROPERTIES,
    LinkRecord,
    NodeKind,
    NodeRecord,
    RelType,
)
from graph_api.domain.rules import LINK_EXTRA_TYPES, NODE_EXTRA_KINDS
from graph_api.generate import SAMPLE_FILE_NAME, real_seed_paths
from graph_api.seeding.files import (
    SeedError,
    SeedSet,
    default_seed_paths,
    load_seed_files,
)

GROUPING_SOURCE = "taxonomy grouping by the Collaboration Graph project"


@pytest.fixture(scope="module")
def real() -> SeedSet:
    return load_seed_files(real_seed_paths())


@pytest.fixture(scope="module")
def everything() -> SeedSet:
    return load_seed_files(default_seed_paths())


def _of_kind(seeds: SeedSet, kind: NodeKind) -> list[NodeRecord]:
    return [node for node in seeds.nodes if node.kind is kind]


def _links(seeds: SeedSet, rel: RelType) -> list[LinkRecord]:
    return [link for link in seeds.links if link.type is rel]


# ---------------------------------------------------------------- the files themselves


def test_default_paths_are_every_seed_file_sorted_by_name() -> None:
    names = [path.name for path in default_seed_paths()]
    assert names == sorted(names)
    for name in (
        "real-bureaux.json",
        "real-departments.json",
        "real-events.json",
        "real-partners.json",
        "real-technologies.json",
        SAMPLE_FILE_NAME,
    ):
        assert name in names
    assert SAMPLE_FILE_NAME not in [path.name for path in real_seed_paths()]


def test_every_seed_file_loads_together(everything: SeedSet) -> None:
    ids = [node.id for node in everything.nodes]
    assert len(ids) == len(set(ids))
    assert len(everything.links) > 500


def test_loader_tables_cover_the_model_properties() -> None:
    core = {"id", "kind", "name_en", "name_zh", "abbreviation", "aliases", "description"}
    core |= {"source", "sample", "search_text"}
    assert set(NODE_EXTRA_KINDS) == set(NODE_PROPERTIES) - core
    assert set(LINK_EXTRA_TYPES) == set(LINK_PROPERTIES) - {"source", "date", "sample"}


def test_exactly_15_current_bureaux(real: SeedSet) -> None:
    # Former bureaux (the Transport and Housing Bureau, dissolved on 30 June 2022) are
    # seeded for their history; the 15 are the bureaux with no 'dissolved' date.
    bureaux = [
        node for node in _of_kind(real, NodeKind.BUREAU) if "dissolved" not in node.properties
    ]
    assert len(bureaux) == 15
    former = [node.id for node in _of_kind(real, NodeKind.BUREAU) if node not in bureaux]
    assert former == ["bureau:thb"]
    assert Counter(node.properties["supervised_by"] for node in bureaux) == {"CS": 9, "FS": 6}
    for node in bureaux:
        assert node.abbreviation is not None
        assert node.id == f"bureau:{node.abbreviation.lower()}"
        assert node.name_zh
    assert "創科局" in next(node for node in bureaux if node.id == "bureau:itib").aliases


def test_departments_have_chinese_names_and_bureaux(real: SeedSet) -> None:
    departments = _of_kind(real, NodeKind.DEPARTMENT)
    assert len(departments) >= 60
    for node in departments:
        assert node.name_zh, node.id
        assert node.abbreviation, node.id
    kinds = {node.id: node.kind for node in real.nodes}
    places: dict[str, list[tuple[str, str]]] = {}
    for link in _links(real, RelType.PART_OF):
        if kinds[link.from_id] is NodeKind.DEPARTMENT:
            day = link.date.isoformat() if link.date else ""
            places.setdefault(link.from_id, []).append((day, link.to_id))
    for department, links in places.items():  # a move is dated: which link is newest is clear
        days = [day for day, _ in links]
        assert len(set(days)) == len(days), f"{department} has two parents from one day"
    parents = {department: max(links)[1] for department, links in places.items()}
    assert parents["department:dpo"] == "bureau:itib"
    # Moved in the 2022 reorganisation: the earlier bureau stays, undated, as history.
    assert sorted(places["department:hko"]) == [("", "bureau:cedb"), ("2022-07-01", "bureau:eeb")]
    assert sorted(places["department:fehd"]) == [("", "bureau:hhb"), ("2022-07-01", "bureau:eeb")]
    assert parents["department:cfs"] == "department:fehd"
    assert parents["department:hd"] == "bureau:hb"
    by_id = {node.id: node for node in departments}
    assert "數字辦" in by_id["department:dpo"].aliases
    dated = {link.from_id: link.date for link in _links(real, RelType.PART_OF)}
    # Under ITB (ITIB from 1 July 2022) until the merger into the DPO: OGCIO from the
    # bureau's first day, the Efficiency Office from its move there.
    for former, since in (("department:ogcio", "2015-11-20"), ("department:effo", "2018-04-01")):
        assert parents[former] == "bureau:itib"
        assert str(dated[former]) == since
        assert "25 July 2024" in (by_id[former].description or "")
    for node in departments:  # no parent bureau: the description says where it reports
        if node.id not in parents:
            assert node.description, node.id


def test_partner_bodies(real: SeedSet) -> None:
    partners = {node.id: node for node in _of_kind(real, NodeKind.PARTNER_BODY)}
    assert set(partners) >= {"partner:hkstp", "partner:cyberport", "partner:hkpc"}
    smart_lab = partners["partner:smart-lab"]
    assert smart_lab.name_zh == "智慧政府創新實驗室"
    assert smart_lab.properties["founded"] == "2019-04"
    assert partners["partner:hkstp"].properties["founded"] == "2001-05-07"
    part_of = {(link.from_id, link.to_id): link for link in _links(real, RelType.PART_OF)}
    # Set up by OGCIO in April 2019; under the DPO since it took over on 25 July 2024.
    assert str(part_of[("partner:smart-lab", "department:ogcio")].date) == "2019-04-01"
    assert str(part_of[("partner:smart-lab", "department:dpo")].date) == "2024-07-25"


def test_real_records_are_not_sample_and_cite_a_web_source(real: SeedSet) -> None:
    records: list[NodeRecord | LinkRecord] = [*real.nodes, *real.links]
    for record in records:
        assert record.sample is False, record
        assert record.source is not None
        web = record.source.startswith(("http://", "https://"))
        assert web or record.source == GROUPING_SOURCE, record


def test_sample_file_records_are_all_sample(everything: SeedSet) -> None:
    path = next(path for path in default_seed_paths() if path.name == SAMPLE_FILE_NAME)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["sample"] is True
    assert all(record["sample"] is True for record in document["nodes"] + document["links"])
    sample_ids = {node["id"] for node in document["nodes"]}
    assert {node.id for node in everything.nodes if node.sample} == sample_ids
    assert sum(link.sample for link in everything.links) == len(document["links"])


def test_technologies_form_a_shallow_tree(real: SeedSet) -> None:
    technologies = {node.id for node in _of_kind(real, NodeKind.TECHNOLOGY)}
    assert len(technologies) >= 30
    parent: dict[str, str] = {}
    for link in _links(real, RelType.PART_OF):
        if link.from_id in technologies:
            assert link.to_id in technologies
            assert link.from_id not in parent, f"{link.from_id} has two parents"
            parent[link.from_id] = link.to_id
    for tech in technologies:
        chain = [tech]
        while chain[-1] in parent:
            chain.append(parent[chain[-1]])
            assert len(chain) == len(set(chain)), f"cycle: {chain}"
        assert len(chain) <= 3, chain
    assert parent["technology:llm"] == "technology:generative-ai"
    assert parent["technology:generative-ai"] == "technology:ai"
    assert parent["technology:chatbot"] == "technology:nlp"
    assert parent["technology:biometrics"] == "technology:computer-vision"


def test_real_events(real: SeedSet) -> None:
    events = {node.id: node for node in _of_kind(real, NodeKind.EVENT)}
    assert set(events) == {"event:tf-1", "event:tf-2", "event:tf-19", "event:smart-lab-opening"}
    assert str(events["event:tf-1"].properties["date"]) == "2019-06-26"
    assert events["event:tf-19"].properties["number"] == 19
    assert events["event:tf-19"].properties["date_certainty"] == "APPROXIMATE"
    assert "stands in" in (events["event:tf-19"].description or "")
    organised = {(link.from_id, link.to_id) for link in _links(real, RelType.ORGANISED)}
    assert ("department:dpo", "event:tf-19") in organised
    assert all(("partner:smart-lab", event) in organised for event in events)
    attended = {
        (link.from_id, link.to_id): link.properties["role"]
        for link in _links(real, RelType.ATTENDED)
    }
    assert attended[("department:archsd", "event:tf-1")] == "SPEAKER"
    assert attended[("department:landsd", "event:smart-lab-opening")] == "EXHIBITOR"


def test_tf19_has_40_departments_and_12_mainland_enterprises(everything: SeedSet) -> None:
    nodes = {node.id: node for node in everything.nodes}
    attendees = [
        nodes[link.from_id]
        for link in _links(everything, RelType.ATTENDED)
        if link.to_id == "event:tf-19"
    ]
    assert sum(node.kind is NodeKind.DEPARTMENT for node in attendees) >= 40
    enterprises = [node for node in attendees if node.kind is NodeKind.ENTERPRISE]
    assert len(enterprises) == 12
    assert all(node.properties["origin"] == "MAINLAND" for node in enterprises)


# ---------------------------------------------------------------- bad files


def _valid_document() -> dict[str, Any]:
    return {
        "dataset": "test",
        "description": "A small valid file the tests break one way at a time.",
        "sample": False,
        "nodes": [
            {"id": "bureau:xb", "kind": "Bureau", "name_en": "X Bureau", "source": "https://x"},
            {"id": "department:xd", "kind": "Department", "name_en": "X Dept", "source": "s"},
            {
                "id": "event:x-1",
                "kind": "Event",
                "name_en": "X Forum",
                "date": "2019-06-26",
                "source": "s",
            },
        ],
        "links": [
            {"type": "PART_OF", "from": "department:xd", "to": "bureau:xb", "source": "s"},
            {
                "type": "ATTENDED",
                "from": "department:xd",
                "to": "event:x-1",
                "role": "SPEAKER",
                "date": "2019-06-26",
                "source": "s",
            },
        ],
    }


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_valid_test_document_loads(tmp_path: Path) -> None:
    seeds = load_seed_files([_write(tmp_path / "good.json", _valid_document())])
    assert len(seeds.nodes) == 3
    assert len(seeds.links) == 2
    event = seeds.nodes[2]
    assert str(event.properties["date"]) == "2019-06-26"
    assert seeds.links[1].properties == {"role": "SPEAKER"}
    assert str(seeds.links[1].date) == "2019-06-26"


def _node(document: dict[str, Any], index: int) -> dict[str, Any]:
    node: dict[str, Any] = document["nodes"][index]
    return node


def _link(document: dict[str, Any], index: int) -> dict[str, Any]:
    link: dict[str, Any] = document["links"][index]
    return link


BREAKAGES: list[tuple[str, Any, list[str]]] = [
    ("blank name", lambda d: _node(d, 0).update(name_en="  "), ["node #0 (bureau:xb)", "name_en"]),
    (
        "bad id prefix",
        lambda d: _node(d, 0).update(id="department:xb"),
        ["node #0 (department:xb)", "id", "bureau:"],
    ),
    ("malformed id", lambda d: _node(d, 0).update(id="bureau:X B"), ["id 'bureau:X B'"]),
    (
        "unknown endpoint",
        lambda d: _link(d, 0).update(to="bureau:nope"),
        ["link #0 (PART_OF department:xd -> bureau:nope)", "to 'bureau:nope'"],
    ),
    (
        "disallowed endpoint pair",
        lambda d: _link(d, 0).update({"from": "bureau:xb", "to": "department:xd"}),
        ["link #0", "from/to", "Bureau -> Department"],
    ),
    ("bad node date", lambda d: _node(d, 2).update(date="26/06/2019"), ["node #2", "date"]),
    ("impossible date", lambda d: _node(d, 2).update(date="2019-13-01"), ["date '2019-13-01'"]),
    ("bad link date", lambda d: _link(d, 1).update(date="2019-6-26"), ["link #1", "date"]),
    ("unknown property", lambda d: _node(d, 1).update(colour="red"), ["node #1", "colour"]),
    ("unknown link property", lambda d: _link(d, 0).update(weight=2), ["link #0", "weight"]),
    ("property of another kind", lambda d: _node(d, 0).update(origin="MAINLAND"), ["origin"]),
    ("bad enum", lambda d: _link(d, 1).update(role="GUEST"), ["link #1", "role 'GUEST'"]),
    ("bad kind", lambda d: _node(d, 1).update(kind="Ministry"), ["node #1", "kind"]),
    ("missing source", lambda d: _node(d, 1).pop("source"), ["node #1", "source is missing"]),
    ("missing link source", lambda d: _link(d, 0).pop("source"), ["link #0", "source"]),
    (
        "duplicate id",
        lambda d: d["nodes"].append(dict(_node(d, 0))),
        ["node #3 (bureau:xb)", "duplicates", "node #0"],
    ),
    (
        "duplicate link",
        lambda d: d["links"].append(dict(_link(d, 0))),
        ["link #2", "duplicates", "link #0"],
    ),
    (
        "real record in a sample file",
        lambda d: (d.update(sample=True), _node(d, 1).update(sample=False)),
        ["node #1", "sample"],
    ),
    ("bad number", lambda d: _node(d, 2).update(number="19"), ["node #2", "number"]),
    ("bad confidence", lambda d: _link(d, 0).update(confidence=2), ["link #0", "confidence"]),
    ("blank alias", lambda d: _node(d, 0).update(aliases=["ok", ""]), ["aliases[1]"]),
    ("unknown top-level key", lambda d: d.update(extra=1), ["top-level key 'extra'"]),
]


@pytest.mark.parametrize(
    ("mutate", "fragments"),
    [pytest.param(mutate, fragments, id=name) for name, mutate, fragments in BREAKAGES],
)
def test_bad_seed_files_name_file_record_and_field(
    tmp_path: Path, mutate: Any, fragments: list[str]
) -> None:
    document = copy.deepcopy(_valid_document())
    mutate(document)
    path = _write(tmp_path / "broken-seed.json", document)
    with pytest.raises(SeedError) as caught:
        load_seed_files([path])
    message = str(caught.value)
    assert "broken-seed.json" in message
    for fragment in fragments:
        assert fragment in message, message


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    first = _write(tmp_path / "first.json", _valid_document())
    other = _valid_document()
    other["links"] = []
    second = _write(tmp_path / "second.json", other)
    with pytest.raises(SeedError) as caught:
        load_seed_files([first, second])
    message = str(caught.value)
    assert "second.json: node #0 (bureau:xb): id duplicates" in message
    assert "first.json node #0" in message


def test_links_may_point_into_other_files(tmp_path: Path) -> None:
    document = _valid_document()
    links = document.pop("links")
    nodes_only = _write(tmp_path / "a-nodes.json", document)
    links_only = _write(tmp_path / "b-links.json", {"dataset": "l", "sample": True, "links": links})
    seeds = load_seed_files([nodes_only, links_only])
    assert [link.sample for link in seeds.links] == [True, True]  # inherited from the file


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    document = _valid_document()
    _node(document, 0)["name_en"] = ""
    _node(document, 1)["colour"] = "red"
    with pytest.raises(SeedError) as caught:
        load_seed_files([_write(tmp_path / "two.json", document)])
    assert len(caught.value.problems) >= 2


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"dataset": "x", "sample": false, "nodes": [}', "invalid JSON at line 1"),
        ('{"dataset": "x", "dataset": "y", "sample": false}', "key 'dataset' appears twice"),
        ('["not", "an", "object"]', "top level must be a JSON object"),
        ('{"dataset": "x", "nodes": []}', '"sample" must be true'),
    ],
)
def test_unreadable_files(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SeedError, match=r"odd\.json") as caught:
        load_seed_files([path])
    assert fragment in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match=r"nowhere\.json: cannot read"):
        load_seed_files([tmp_path / "nowhere.json"])
