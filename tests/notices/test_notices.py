"""Notices end to end on real notifications: the ePing export read through its mapping (symbols, members as
countries, HS and ICS codes from the form's text, dates), a bad date rejected with file, line and value, the cited
standards resolved and linked both ways, a re-import idempotent, an RSS feed of news, the listing's filters and the
"comment deadline soon" view, who may import and write, and the notices reaching the watchlists they touch."""

from __future__ import annotations

import csv
import functools
import http.server
import socketserver
import threading
from pathlib import Path

import openpyxl
import pytest
from tests.notices.cases import BAD_DATE, EXPORT, FEED, MAPPING, with_iec_60335_2_9

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.roles import Actor
from stdbridge.audit.entry import NEWS_ADD, NOTICE_IMPORT, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.errors import Forbidden, MissingColumns, UsageError
from stdbridge.notices import service
from stdbridge.notices.alerts import fan_out_notices, hs_prefixes
from stdbridge.notices.citations import candidates
from stdbridge.notices.feeds import FeedSource, read_feed
from stdbridge.notices.model import NoticeKind, NoticeQuery, parse_symbol
from stdbridge.notices.tbt import EPING, read_notifications
from stdbridge.watch.links import as_json, link_of, what_changed
from stdbridge.watch.model import ItemKind, WatchItem
from stdbridge.watch.service import Watching


@pytest.fixture
def catalog(empty_catalog: Catalog, tmp_path: Path) -> Catalog:
    return with_iec_60335_2_9(empty_catalog, tmp_path)


def test_symbols_of_notifications_and_their_addenda() -> None:
    assert parse_symbol("g/tbt/n/chn/1786") == ("G/TBT/N/CHN/1786", None)
    assert parse_symbol("G/TBT/N/CHN/1278/Add.1") == ("G/TBT/N/CHN/1278/Add.1", "G/TBT/N/CHN/1278")
    assert parse_symbol("G/TBT/N/BHR/1/Rev.1/Corr.1")[1] == "G/TBT/N/BHR/1"
    with pytest.raises(ValueError):
        parse_symbol("G/SPS/N/CHN/1")


def test_the_eping_export_is_read_through_its_mapping() -> None:
    rows = list(read_notifications(EXPORT, MAPPING))
    bhr, seed, light, cement = rows
    assert bhr.symbol == "G/TBT/N/BHR/1" and bhr.country == "BH"  # "Bahrain, Kingdom of": from the symbol
    assert (bhr.date, bhr.comment_deadline, bhr.hs, bhr.ics) == ("2005-01-14", "2005-01-29", ("84", "85"), ("97",))
    assert "IEC 60335-2-9" in bhr.text  # its relevant documents are kept with the description
    assert seed.country == "CN" and seed.hs == ("100310", "100410", "120923", "120924", "120925")
    assert seed.ics == ("65.020.01",) and seed.comment_deadline is None
    assert light.title == "中华人民共和国国家标准《光源 安全要求》" and light.ics == ("29.140.99",)
    assert cement.links == ("https://members.wto.org/crnattachments/2018/TBT/CHN/18_3692_00_x.pdf",)


def test_an_xlsx_export_reads_as_the_csv_does(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    with EXPORT.open(encoding="utf-8", newline="") as rows:
        for row in csv.reader(rows):
            sheet.append(row)
    path = tmp_path / "Notification_EN.xlsx"
    workbook.save(path)
    from_xlsx = [n.content() for n in read_notifications(path, MAPPING)]  # type: ignore[union-attr]
    assert from_xlsx == [n.content() for n in read_notifications(EXPORT, MAPPING)]  # type: ignore[union-attr]


def test_a_feed_is_read_from_a_url() -> None:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(FEED.parent))
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/{FEED.name}"
            items = list(read_feed(url, FeedSource(NoticeKind.NEWS, "VN", "TCVN")))
        finally:
            server.shutdown()
    assert [n.date for n in items] == ["2018-08-29", "2019-03-11"]  # type: ignore[union-attr]
    assert items[1].text.startswith("Ngày 18/12/2018, Trung Quốc")  # type: ignore[union-attr]  # HTML read as text


def test_a_bad_value_is_rejected_with_its_file_line_and_value() -> None:
    cement, seed = list(read_notifications(BAD_DATE, MAPPING))
    assert not hasattr(seed, "reason")
    assert (cement.source, cement.line, cement.value) == (str(BAD_DATE), 2, "08/9/201")  # type: ignore[union-attr]
    with pytest.raises(MissingColumns, match="Products covered"):
        list(read_notifications(FEED, MAPPING))  # not an export at all


def test_a_mapping_with_an_unknown_key_is_refused() -> None:
    with pytest.raises(UsageError, match="'product'"):
        list(read_notifications(EXPORT, {**EPING, "product": "Products covered"}))


def test_identifiers_in_a_text_are_found() -> None:
    text = "IEC 60335-2-9; BS 67:1987; ISO 309-1; BS EN 60598-2-20:1998 and GB/T 19001-2016/ISO 9001:2015"
    assert candidates(text) == ["IEC 60335-2-9", "BS 67:1987", "ISO 309-1", "BS EN 60598-2-20:1998",
                                "GB/T 19001-2016", "ISO 9001:2015"]  # fmt: skip


def test_an_import_links_the_cited_standards_both_ways_and_a_reimport_changes_nothing(catalog: Catalog) -> None:
    store = catalog.store
    done = service.import_notices(store, LOCAL_ADMIN, read_notifications(EXPORT, MAPPING), str(EXPORT))
    assert (done.added, done.changed, done.same, done.rejected) == (4, 0, 0, [])
    bhr = store.notice_by_key("G/TBT/N/BHR/1")
    assert bhr is not None
    cited = {c.text: c for c in bhr.citations}
    assert cited["IEC 60335-2-9"].identifier == "IEC 60335-2-9:2019"  # undated: the current edition
    assert cited["IEC 60335-2-9"].edition_key is not None
    assert cited["ISO 309-1"].edition_key is None  # not in this catalogue: named, not resolved
    work = catalog.resolve("IEC 60335-2-9:1993").standard.work_key
    assert [n.key for n in store.notices_citing([work])] == ["G/TBT/N/BHR/1"]
    again = service.import_notices(store, LOCAL_ADMIN, read_notifications(EXPORT, MAPPING), str(EXPORT))
    assert (again.added, again.changed, again.same) == (0, 0, 4)
    assert store.count_notices(NoticeQuery()) == 4
    [first, second] = store.audit_entries(AuditQuery(action=NOTICE_IMPORT))[::-1]
    assert first.after["added"] == 4 and second.after["unchanged"] == 4


def test_the_listing_filters_and_the_deadline_view(catalog: Catalog) -> None:
    store = catalog.store
    service.import_notices(store, LOCAL_ADMIN, read_notifications(EXPORT, MAPPING), str(EXPORT))

    def keys(**wanted: object) -> list[str]:
        return [n.key for n in store.find_notices(NoticeQuery(**wanted))]  # type: ignore[arg-type]

    assert keys(country="CN") == ["G/TBT/N/CHN/1786", "G/TBT/N/CHN/1718", "G/TBT/N/CHN/1278"]  # newest first
    assert keys(ics="65.020") == ["G/TBT/N/CHN/1786"] and keys(ics="29") == ["G/TBT/N/CHN/1718"]
    assert keys(hs="1003") == ["G/TBT/N/CHN/1786"] and keys(hs="85") == ["G/TBT/N/CHN/1718", "G/TBT/N/BHR/1"]
    assert keys(date_from="2018-01-01", date_to="2023-12-31") == ["G/TBT/N/CHN/1718", "G/TBT/N/CHN/1278"]
    assert keys(words="portland cement") == ["G/TBT/N/CHN/1278"] and keys(words="光源") == ["G/TBT/N/CHN/1718"]
    assert keys(deadline_within=10, today="2005-01-20") == ["G/TBT/N/BHR/1"]
    assert keys(deadline_within=60, today="2018-07-20") == ["G/TBT/N/CHN/1278"]
    assert keys(deadline_within=5, today="2005-01-20") == []
    assert [n.key for n in service.notices_of_country(store, "China")][:1] == ["G/TBT/N/CHN/1786"]


def test_news_from_a_feed_and_by_an_editor(catalog: Catalog) -> None:
    store = catalog.store
    source = FeedSource(NoticeKind.NEWS, "VN", "TCVN")
    done = service.import_notices(store, LOCAL_ADMIN, read_feed(str(FEED), source), str(FEED))
    assert done.added == 2
    again = service.import_notices(store, LOCAL_ADMIN, read_feed(str(FEED), source), str(FEED))
    assert again.same == 2 and again.added == 0  # the same link is the same item
    [cement] = store.find_notices(NoticeQuery(words="xi măng"))
    assert (cement.date, cement.language, cement.country) == ("2018-08-29", "vi", "VN")
    assert [n.title for n in service.notices_of_body(store, "tcvn")][1].startswith("Trung Quốc thông báo")
    item = service.add_news(store, LOCAL_ADMIN, title="IEC 60335-2-9 修订", country="CN", body="SAC",
                            date="2026-12-04", text="家用和类似用途电器的安全 IEC 60335-2-9:2019")  # fmt: skip
    assert [c.identifier for c in item.citations] == ["IEC 60335-2-9:2019"]
    assert store.audit_entries(AuditQuery(action=NEWS_ADD))[0].after["country"] == "CN"
    with pytest.raises(UsageError):
        service.add_news(store, LOCAL_ADMIN, title="x", country="Atlantis")


def test_only_editors_import_and_write_news(catalog: Catalog) -> None:
    reader = Actor(5, "reader", frozenset({Role.READER, Role.CONTRIBUTOR}), signed_in=True)
    with pytest.raises(Forbidden):
        service.import_notices(catalog.store, reader, read_notifications(EXPORT, MAPPING), str(EXPORT))
    with pytest.raises(Forbidden):
        service.add_news(catalog.store, reader, title="IEC 60335-2-9")
    assert catalog.store.count_notices(NoticeQuery()) == 0


def test_notices_reach_the_watchlists_they_touch(catalog: Catalog) -> None:
    store = catalog.store
    watching = Watching(store)
    work = catalog.resolve("IEC 60335-2-9:2019").standard.work_key
    standard = watching.create(LOCAL_ADMIN, "Toasters", [WatchItem(ItemKind.WORK, work)])
    seeds = watching.create(LOCAL_ADMIN, "Barley", [WatchItem(ItemKind.HS, "1003")])
    field = watching.create(LOCAL_ADMIN, "Lamps", [WatchItem(ItemKind.ICS, "29.140")])
    china = watching.create(LOCAL_ADMIN, "China", [WatchItem(ItemKind.COUNTRY, "cn")])
    nothing = watching.create(LOCAL_ADMIN, "Japan", [WatchItem(ItemKind.COUNTRY, "JP")])
    service.import_notices(store, LOCAL_ADMIN, read_notifications(EXPORT, MAPPING), str(EXPORT))
    done = fan_out_notices(store)
    assert done.notices == 4

    def heard(watchlist_id: int | None) -> list[str]:
        return sorted(n.identifier for n in store.notifications_of([watchlist_id or 0]))

    assert heard(standard.id) == ["G/TBT/N/BHR/1"]
    assert heard(seeds.id) == ["G/TBT/N/CHN/1786"]
    assert heard(field.id) == ["G/TBT/N/CHN/1718"]
    assert heard(china.id) == ["G/TBT/N/CHN/1278", "G/TBT/N/CHN/1718", "G/TBT/N/CHN/1786"]
    assert heard(nothing.id) == []
    [note] = store.notifications_of([standard.id or 0])
    assert what_changed(note).startswith("WTO TBT notification G/TBT/N/BHR/1 (BH): Implementation of conformity")
    assert "comments until 2005-01-29" in what_changed(note) and "IEC 60335-2-9:2019" in what_changed(note)
    bhr = store.notice_by_key("G/TBT/N/BHR/1")
    assert bhr is not None and link_of("http://x", note) == f"http://x/notices/{bhr.id}"
    sent = as_json(note, "http://x")  # what a webhook receives
    assert sent["url"] == f"http://x/notices/{bhr.id}" and sent["kind"] == "notice"
    assert sent["detail"]["deadline"] == "2005-01-29" and sent["summary"] == what_changed(note)
    assert fan_out_notices(store).notifications == 0  # nothing new


def test_hs_headings() -> None:
    assert hs_prefixes("100310") == ["10", "1003", "100310"]
    assert hs_prefixes("8509.8") == ["85", "8509", "85098"]
