"""The names people type for bodies and countries (JIS, GB, ГОСТ, 中国, UK ...), read into the codes records hold, alike
on the command line and in the API; a name that means nothing known is an error naming the nearest known ones."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from stdbridge.analytics.compatibility import Scope
from stdbridge.bodies import BODIES, COUNTRIES, COUNTRY_BY_CODE, NameResolver, body_code, describe, name_key
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import UnknownName
from stdbridge.i18n import set_language
from stdbridge.identifiers import parse

# what the bundled catalogue holds (stdbridge stats): the codes a resolver over it knows as held
HELD = NameResolver(["ISO", "IEC", "JISC", "ITU-T", "ITU-R", "SAC", "IEEE", "ASTM"], ["INT", "JP", "CN"])


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of a command."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# the table and the resolver -----------------------------------------------------------------------------
def test_the_table_has_one_entry_per_code_and_knows_every_body_country() -> None:
    assert len({b.code for b in BODIES}) == len(BODIES)
    assert len({c.code for c in COUNTRIES}) == len(COUNTRIES)
    assert {b.country for b in BODIES} <= set(COUNTRY_BY_CODE)
    assert all(b.en and b.zh and b.native and b.source for b in BODIES)


@pytest.mark.parametrize(
    "identifier", ["ISO 9001:2015", "IEC 60335-1", "ITU-T X.509", "ITU-R BT.709", "EN 1090-1", "BS 8888:2017",
                   "DIN 476", "JIS Q 9001", "KS X 3011", "GB/T 19001-2016", "ГОСТ Р 52249-2009", "ГОСТ 2.105-95"],
)  # fmt: skip
def test_every_body_and_country_an_identifier_scheme_names_is_in_the_table(identifier: str) -> None:
    parsed = parse(identifier)
    assert body_code(parsed.body) == parsed.body
    assert HELD.body(parsed.body).code == parsed.body and HELD.body(parsed.body).how == "code"
    assert HELD.country(parsed.country).code == parsed.country


@pytest.mark.parametrize(
    ("typed", "code", "how"),
    [("JIS", "JISC", "series"), ("ｊｉｓ", "JISC", "series"), ("GB/T", "SAC", "series"),
     ("ГОСТ Р", "Rosstandart", "series"), ("гост", "Rosstandart", "series"),
     ("GOST R", "Rosstandart", "series"), ("BS", "BSI", "series"),
     ("SNI", "BSN", "series"), ("TCVN", "STAMEQ", "series"), ("国家标准化管理委员会", "SAC", "name"),
     ("Росстандарт", "Rosstandart", "name"), ("itu t", "ITU-T", "code"), ("rosstandart", "Rosstandart", "code"),
     ("日本", "JISC", "national body"), ("俄罗斯", "Rosstandart", "national body"), ("ieee", "IEEE", "code")],
)  # fmt: skip
def test_bodies_are_read_by_series_name_code_or_country(typed: str, code: str, how: str) -> None:
    reading = HELD.body(typed)
    assert (reading.code, reading.how) == (code, how)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("中国", "CN"), ("中华人民共和国", "CN"), ("cn", "CN"), ("CHN", "CN"), ("UK", "GB"), ("Japan", "JP"),
     ("日本", "JP"), ("Россия", "RU"), ("RUS", "RU"), ("Korea", "KR"), ("Viet Nam", "VN"), ("ＩＮＴ", "INT"),
     ("JIS", "JP"), ("ГОСТ Р", "RU")],
)  # fmt: skip
def test_countries_are_read_by_code_name_or_body(typed: str, code: str) -> None:
    assert HELD.country(typed).code == code


def test_gb_is_the_chinese_series_as_a_body_and_the_united_kingdom_as_a_country() -> None:
    as_body, as_country = HELD.body("GB"), HELD.country("GB")
    assert (as_body.code, as_body.others) == ("SAC", (("country", "GB"),))
    assert as_body.note(lambda kind, code: f"--{kind} {code}") == (
        "'GB' read as the GB series of SAC (Standardization Administration of China); "
        "for United Kingdom (GB), use --country GB"
    )
    assert (as_country.code, as_country.others) == ("GB", (("body", "SAC"),))
    assert as_country.note() == (
        "'GB' read as United Kingdom (GB); for SAC (Standardization Administration of China), use body:SAC"
    )
    assert not as_country.held and as_country.unheld_note() == "the catalogue holds no records of United Kingdom (GB)"


def test_other_shared_names_say_what_else_they_mean() -> None:
    assert HELD.body("KS").others == (("body", "KEBS"),)  # Korea's series, and Kenya's
    assert HELD.body("ES").others == (("country", "ES"),)  # the Egyptian series, and Spain
    assert HELD.body("ITU").code == "ITU-T" and HELD.body("ITU").others == (("body", "ITU-R"),)
    assert HELD.body("ISO").note() is None  # the code itself, meaning nothing else: nothing to say


def test_an_unknown_name_is_an_error_with_the_nearest_known_names() -> None:
    with pytest.raises(UnknownName) as raised:
        HELD.body("JSI")
    assert "JISC" in raised.value.nearest and raised.value.exit_code == 1
    assert str(raised.value).startswith("unknown body or series 'JSI'; nearest known: ")
    with pytest.raises(UnknownName, match="unknown country or region 'Jpan'; nearest known: Japan \\(JP\\)"):
        HELD.country("Jpan")
    with pytest.raises(UnknownName, match="names a country or region, International \\(INT\\), not a body"):
        HELD.body("INT")
    for junk in ("", "   ", "—", "x" * 200):
        with pytest.raises(UnknownName):
            HELD.country(junk)
    # a name that already holds its code is not followed by it again
    assert describe("country", "EASC") == "Commonwealth of Independent States (EASC)"
    assert describe("country", "GB") == "United Kingdom (GB)"


def test_notes_are_in_chinese_too() -> None:
    set_language("zh")
    note = HELD.body("JIS").note()
    assert note is not None and "JISC（日本工业标准调查会）" in note and note.startswith("“JIS”读作")


def test_name_keys_ignore_width_case_and_punctuation() -> None:
    assert name_key("ＩＴＵ－Ｔ") == name_key("itu t") == "itut"


# the command line ----------------------------------------------------------------------------------------
def test_search_by_series_finds_its_records_and_says_how_it_read_it(db: str) -> None:
    code, output, errors = run("--db", db, "search", "quality management", "--body", "JIS")
    assert code == 0
    assert "JIS Q 9001:2015" in output and "0 records match" not in output
    assert "Note: 'JIS' read as the JIS series of JISC (Japanese Industrial Standards Committee)." in errors
    code, output, errors = run("--db", db, "search", "quality management", "--body", "JIS", "--json")
    answer = json.loads(output)
    assert {r["body"] for r in answer["results"]} == {"JISC"} and answer["filters"] == {"body": ["JISC"]}
    reading = answer["read_as"][0] | {"note": None}
    assert reading == {"kind": "body", "given": "JIS", "code": "JISC", "how": "series", "held": True, "note": None,
                       "others": []}  # fmt: skip


def test_gb_as_a_body_and_as_a_country(db: str) -> None:
    code, output, errors = run("--db", db, "search", "management", "--body", "GB", "--json")
    assert code == 0 and {r["body"] for r in json.loads(output)["results"]} == {"SAC"}
    assert "for United Kingdom (GB), use --country GB" in errors
    code, output, errors = run("--db", db, "search", "management", "--country", "GB")
    assert code == 0 and "0 records match" in output
    assert (
        "'GB' read as United Kingdom (GB); for SAC (Standardization Administration of China), use --body SAC" in errors
    )
    assert "the catalogue holds no records of United Kingdom (GB)" in errors


def test_gost_and_a_chinese_country_name(db: str) -> None:
    code, output, errors = run("--db", db, "search", "management", "--body", "ГОСТ")
    assert code == 0 and "read as the ГОСТ series of Rosstandart" in errors and "use --body EASC" in errors
    assert "the catalogue holds no records of Rosstandart" in errors
    code, output, errors = run("--db", db, "search", "management", "--country", "中国", "--json")
    assert code == 0 and "'中国' read as China (CN)" in errors
    found = json.loads(output)["results"]
    assert found and {r["country"] for r in found} == {"CN"}
    code, output, errors = run("--db", db, "counterparts", "--json", "ISO 9001:2008", "--country", "中国")
    assert code == 0 and [c["identifier"] for c in json.loads(output)] == ["GB/T 19001-2008"]


def test_an_unknown_body_is_an_error_naming_the_nearest(db: str) -> None:
    commands = (["search", "quality", "--body", "XYZQ"], ["suggest", "ISO 9001:2015", "--body", "XYZQ"],
                ["counterparts", "ISO 9001:2015", "--body", "XYZQ"], ["compatibility", "ISO", "body:XYZQ"])  # fmt: skip
    for command in commands:
        code, output, errors = run("--db", db, *command)
        assert code == 1 and output == ""
        assert errors.startswith("Error: unknown body or series 'XYZQ'; nearest known: "), command
    code, output, errors = run("--db", db, "--lang", "zh", "search", "quality", "--country", "Jpan")
    assert code == 1 and "未知的国家或地区“Jpan”" in errors and "日本（JP）" in errors


def test_compatibility_reads_systems_by_their_names(db: str) -> None:
    code, output, errors = run("--db", db, "compatibility", "JIS", "中国", "--declared-only", "--json")
    assert code == 0
    answer = json.loads(output)
    assert (answer["a"]["code"], answer["b"]["code"], answer["b"]["kind"]) == ("JISC", "CN", "country")
    assert answer["a"]["standards"] > 0 and answer["b"]["standards"] > 0
    assert "'JIS' read as the JIS series of JISC" in errors and "'中国' read as China (CN)" in errors


# the HTTP API --------------------------------------------------------------------------------------------
def test_the_api_reads_names_and_says_how(client: TestClient) -> None:
    answer = client.get("/api/search", params={"q": "quality management", "body": "JIS"}).json()
    assert "JIS Q 9001:2015" in [r["identifier"] for r in answer["results"]]
    assert answer["read_as"][0]["code"] == "JISC" and answer["read_as"][0]["note"].startswith("'JIS' read as")
    answer = client.get("/api/search", params={"q": "management", "country": "GB"}).json()
    assert answer["total"] == 0 and "use body=SAC" in answer["read_as"][0]["note"]
    found = client.get("/api/counterparts", params={"id": "ISO 9001:2008", "country": "中国"}).json()
    assert [c["identifier"] for c in found] == ["GB/T 19001-2008"]
    answer = client.get("/api/compatibility", params={"a": "JIS", "b": "中国", "declared_only": "true"}).json()
    assert answer["a"]["code"] == "JISC" and answer["read_as"][1]["code"] == "CN"


@pytest.mark.parametrize(
    ("route", "params"),
    [("/api/search", {"q": "quality", "body": "XYZQ"}), ("/api/counterparts", {"id": "ISO 9001:2015", "body": "XYZQ"}),
     ("/api/suggest", {"id": "ISO 9001:2015", "body": "XYZQ"}), ("/api/compatibility", {"a": "ISO", "b": "XYZQ"})],
)  # fmt: skip
def test_an_unknown_body_is_a_400_in_the_one_error_shape(
    client: TestClient, route: str, params: dict[str, str]
) -> None:
    response = client.get(route, params=params)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    error = response.json()["error"]
    assert (error["status"], error["code"], error["parameter"], error["value"]) == (400, "unknown-name", "body", "XYZQ")
    assert error["message"].startswith("unknown body or series 'XYZQ'; nearest known: ") and len(error["nearest"]) == 5
    chinese = client.get(route, params={**params, "lang": "zh"}).json()["error"]["message"]
    assert chinese.startswith("未知的机构或标准系列“XYZQ”")


def test_the_catalogue_reads_names_for_library_callers_too(excerpts: Catalog) -> None:
    assert excerpts.search("quality management", body=("JIS",)).total == excerpts.search(
        "quality management", body=("JISC",)).total > 0  # fmt: skip
    with pytest.raises(UnknownName):
        excerpts.counterparts("ISO 9001:2008", country="Narnia")


def test_a_bare_system_name_is_the_country_unless_only_the_body_is_held(excerpts: Catalog) -> None:
    assert Scope.read(excerpts, "日本")[0] == Scope("country", "JP")
    assert Scope.read(excerpts, "JIS")[0] == Scope("body", "JISC")
    scope, reading = Scope.read(excerpts, "GB")  # the catalogue holds SAC's GB series, and nothing of the UK
    assert scope == Scope("body", "SAC") and reading.others == (("country", "GB"),)
    assert Scope.read(excerpts, "country:GB")[0] == Scope("country", "GB")
    assert Scope.read(excerpts, "body:Rosstandart")[0].code == "Rosstandart"
