"""China's links with Japan in the profile: a counterpart people accepted (GB/T 19000-2016 and JIS Q 9000:2015, both
identical adoptions of ISO 9000:2015) and a mutual-recognition programme of GB and JIS with one entry (GB/T
17626.2-2018 and JIS C 61000-4-2:2012, both identical adoptions of IEC 61000-4-2:2008); the docking indicator counts
the programme and a bilateral agreement among the facts."""

from __future__ import annotations

import json

from click.testing import CliRunner

from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.profiles.profile import profile


def test_an_accepted_counterpart_and_a_programme_link_china_and_japan(catalog: Catalog) -> None:
    db = catalog.store.location
    runner = CliRunner()
    steps = [
        ["accept", "GB/T 19000-2016", "JIS Q 9000:2015", "--degree", "IDT", "--by", "Li Wei"],
        ["programme", "create", "gb-jis", "--party", "GB:zh", "--party", "JIS:ja", "--title-en", "GB and JIS"],
        ["programme", "add-entry", "gb-jis", "GB/T 17626.2-2018", "JIS C 61000-4-2:2012", "--degree", "IDT"],
    ]
    for step in steps:
        done = runner.invoke(cli, ["--db", db, *step])
        assert done.exit_code == 0, done.output
    china = profile(catalog, "CN")
    japan_link = next(link for link in china.links if link.partner == "JP")
    assert (japan_link.accepted, japan_link.programmes) == (1, ["gb-jis"])
    (programme,) = china.programmes
    assert programme.parties == [("GB", ["CN"]), ("JIS", ["JP"])] and sum(programme.stages.values()) == 1
    docking = {i.key: i for i in china.capacity}["docking"]
    assert docking.numerator == 1 and docking.detail["programmes"] == ["gb-jis"]
    # Japan sees the same link from its side
    china_link = next(link for link in profile(catalog, "JP").links if link.partner == "CN")
    assert (china_link.accepted, china_link.programmes) == (1, ["gb-jis"])
    shown = json.loads(runner.invoke(cli, ["--db", db, "profile", "CN", "--json"]).output)
    assert {i["key"]: i["numerator"] for i in shown["capacity"]}["docking"] == 1
