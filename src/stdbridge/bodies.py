"""The names people type for standards bodies and countries, and the codes the catalogue stores them under.

People filter by the series they know (``JIS``, ``GB``, ``ГОСТ Р``, ``BS``, ``SNI``), by the body (``JISC``,
``Rosstandart``, 国家标准化管理委员会) or by the country (``Japan``, 日本, ``UK``, ``RUS``); the records hold one code
each: the body as the identifier schemes in ``stdbridge.identifiers`` name it (``JISC``, ``SAC``, ``Rosstandart``)
and the country as ISO 3166-1 alpha-2 (``INT`` for the international bodies, ``EU`` for CEN and CENELEC, ``EASC``
for the interstate GOST standards of the CIS). ``NameResolver`` reads any of these names, in any case, full-width or
half-width, with or without spaces and punctuation, into that code, and says how it read it (``Reading.note``).

**Where the names come from.** Each body's English name and acronym are those of its entry in ISO's member
directory (iso.org/about/members) or, for the international and regional bodies, of their own statutes; the native
name and the prefixes of the series are those the body uses on its own site and on its standards; the Chinese names
are those in use in SAC's publications (for example 国家标准化管理委员会 for SAC, 日本工业标准调查会 for JISC).
Countries have their ISO 3166-1 codes (alpha-2 and alpha-3) and English short names, and their Chinese names of
GB/T 2659 (the Chinese adoption of ISO 3166-1). ``Body.source`` says where each entry was taken from; the table
was written from those sources without looking them up again, so a change of name (a body renamed or merged) is
fixed here.

**Ambiguity.** A name may mean several things: ``GB`` is the Chinese national series and the United Kingdom's
country code, ``KS`` the series of Korea and of Kenya, ``ES`` the Egyptian series and Spain. The reading depends
on what is asked: as a body, the series (``GB`` → SAC); as a country, the country code (``GB`` → the United
Kingdom); among several bodies, the first in the table (the one an identifier scheme of stdbridge knows). The note
then says what the other reading is and how to ask for it. A name nothing matches raises ``UnknownName`` with the
nearest known names (rapidfuzz).

>>> names = NameResolver(held_bodies=["JISC", "SAC", "ISO"], held_countries=["JP", "CN", "INT"])
>>> names.body("jis").code, names.body("ГОСТ Р").code, names.country("中国").code, names.country("uk").code
('JISC', 'Rosstandart', 'CN', 'GB')
>>> names.body("GB").note()
"'GB' read as the GB series of SAC (Standardization Administration of China); for United Kingdom (GB), use country:GB"
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from stdbridge.errors import UnknownName
from stdbridge.i18n import _, current_language, listed

_NEAREST = 5  # nearest known names offered for an unknown one


@dataclass(frozen=True, slots=True)
class Body:
    """A standards body: the code records store it under, its country, its names and the prefixes of its series."""

    code: str
    country: str  # ISO 3166-1 alpha-2, or INT, EU, EASC
    en: str
    zh: str
    native: str
    series: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names: former names, acronyms in other scripts
    source: str = ""
    national: bool = True  # the national standards body of its country (offered for the country's name)

    def name(self, lang: str | None = None) -> str:
        return self.zh if (lang or current_language()) == "zh" else self.en


@dataclass(frozen=True, slots=True)
class Country:
    """A country or region as records name it: ISO 3166-1 alpha-2, or INT, EU, EASC."""

    code: str
    en: str
    zh: str
    native: str
    aliases: tuple[str, ...] = ()  # ISO 3166-1 alpha-3, other names in use

    def name(self, lang: str | None = None) -> str:
        return self.zh if (lang or current_language()) == "zh" else self.en


_ISO_MEMBERS = "ISO member directory; "

BODIES: tuple[Body, ...] = (
    # international and regional bodies
    Body("ISO", "INT", "International Organization for Standardization", "国际标准化组织",
         "Organisation internationale de normalisation", ("ISO", "IWA"), ("国际标准化组织",), "ISO Statutes", False),
    Body("IEC", "INT", "International Electrotechnical Commission", "国际电工委员会",
         "Commission électrotechnique internationale", ("IEC", "CISPR"), (), "IEC Statutes", False),
    Body("ITU-T", "INT", "ITU Telecommunication Standardization Sector", "国际电信联盟电信标准化部门",
         "Secteur de la normalisation des télécommunications de l'UIT", ("ITU-T", "CCITT"),
         ("ITU", "国际电信联盟", "International Telecommunication Union"), "ITU Constitution", False),
    Body("ITU-R", "INT", "ITU Radiocommunication Sector", "国际电信联盟无线电通信部门",
         "Secteur des radiocommunications de l'UIT", ("ITU-R", "CCIR"), ("ITU",), "ITU Constitution", False),
    Body("CEN", "EU", "European Committee for Standardization", "欧洲标准化委员会",
         "Comité européen de normalisation", ("EN", "CWA"), (), "CEN-CENELEC Internal Regulations", False),
    Body("CENELEC", "EU", "European Committee for Electrotechnical Standardization", "欧洲电工标准化委员会",
         "Comité européen de normalisation électrotechnique", ("CLC", "EN"), (), "CEN-CENELEC Internal Regulations",
         False),
    Body("ETSI", "EU", "European Telecommunications Standards Institute", "欧洲电信标准化协会",
         "European Telecommunications Standards Institute", ("ETSI", "ETS", "EN"), (), "ETSI Directives", False),
    Body("IEEE", "US", "Institute of Electrical and Electronics Engineers", "电气电子工程师学会",
         "Institute of Electrical and Electronics Engineers", ("IEEE",), (), "IEEE Standards Association", False),
    # national bodies: those the identifier schemes know first
    Body("SAC", "CN", "Standardization Administration of China", "国家标准化管理委员会", "国家标准化管理委员会",
         ("GB", "GB/T", "GB/Z"), ("国家标准委", "国标委", "中国国家标准化管理委员会"), _ISO_MEMBERS + "sac.gov.cn"),
    Body("JISC", "JP", "Japanese Industrial Standards Committee", "日本工业标准调查会", "日本産業標準調査会",
         ("JIS",), ("日本工業標準調査会", "Japanese Industrial Standards"), _ISO_MEMBERS + "jisc.go.jp"),
    Body("KATS", "KR", "Korean Agency for Technology and Standards", "韩国技术标准院", "국가기술표준원",
         ("KS",), ("韩国技术标准署",), _ISO_MEMBERS + "kats.go.kr"),
    Body("Rosstandart", "RU", "Federal Agency on Technical Regulating and Metrology (Russia)",
         "俄罗斯联邦技术调节与计量局", "Федеральное агентство по техническому регулированию и метрологии",
         ("ГОСТ Р", "GOST R", "ПНСТ", "PNST", "ГОСТ", "GOST"), ("Росстандарт", "Gosstandart", "Госстандарт"),
         _ISO_MEMBERS + "rst.gov.ru"),
    Body("EASC", "EASC", "Euro-Asian Council for Standardization, Metrology and Certification",
         "欧亚标准化、计量与认证委员会", "Межгосударственный совет по стандартизации, метрологии и сертификации",
         ("ГОСТ", "GOST", "РМГ", "RMG", "ПМГ", "PMG"), ("МГС", "IGU", "MGS"), "EASC Agreement of 1992", False),
    Body("BSI", "GB", "British Standards Institution", "英国标准协会", "British Standards Institution",
         ("BS", "PD"), ("British Standards",), _ISO_MEMBERS + "bsigroup.com"),
    Body("DIN", "DE", "German Institute for Standardization", "德国标准化学会", "Deutsches Institut für Normung",
         ("DIN",), (), _ISO_MEMBERS + "din.de"),
    Body("AFNOR", "FR", "French Standardization Association", "法国标准化协会",
         "Association française de normalisation", ("NF",), (), _ISO_MEMBERS + "afnor.org"),
    Body("UNI", "IT", "Italian Standardization Body", "意大利国家标准化机构", "Ente Italiano di Normazione",
         ("UNI",), (), _ISO_MEMBERS + "uni.com"),
    Body("UNE", "ES", "Spanish Association for Standardization", "西班牙标准化协会",
         "Asociación Española de Normalización", ("UNE",), ("AENOR",), _ISO_MEMBERS + "une.org"),
    Body("NEN", "NL", "Royal Netherlands Standardization Institute", "荷兰皇家标准化协会",
         "Koninklijk Nederlands Normalisatie Instituut", ("NEN",), (), _ISO_MEMBERS + "nen.nl"),
    Body("ASI", "AT", "Austrian Standards International", "奥地利标准协会", "Austrian Standards International",
         ("ÖNORM", "ONORM"), (), _ISO_MEMBERS + "austrian-standards.at"),
    Body("SNV", "CH", "Swiss Association for Standardization", "瑞士标准化协会",
         "Schweizerische Normen-Vereinigung", ("SN",), (), _ISO_MEMBERS + "snv.ch"),
    Body("PKN", "PL", "Polish Committee for Standardization", "波兰标准化委员会", "Polski Komitet Normalizacyjny",
         ("PN",), (), _ISO_MEMBERS + "pkn.pl"),
    Body("UNMZ", "CZ", "Czech Office for Standards, Metrology and Testing", "捷克标准、计量和检验局",
         "Úřad pro technickou normalizaci, metrologii a státní zkušebnictví", ("ČSN", "CSN"), ("ÚNMZ",),
         _ISO_MEMBERS + "unmz.cz"),
    Body("MSZT", "HU", "Hungarian Standards Institution", "匈牙利标准化协会", "Magyar Szabványügyi Testület",
         ("MSZ",), (), _ISO_MEMBERS + "mszt.hu"),
    Body("ISS", "RS", "Institute for Standardization of Serbia", "塞尔维亚标准化协会",
         "Институт за стандардизацију Србије", ("SRPS",), (), _ISO_MEMBERS + "iss.rs"),
    Body("ASRO", "RO", "Romanian Standards Association", "罗马尼亚标准化协会",
         "Asociația de Standardizare din România", ("SR",), (), _ISO_MEMBERS + "asro.ro"),
    Body("BDS", "BG", "Bulgarian Institute for Standardization", "保加利亚标准化协会",
         "Български институт за стандартизация", ("BDS",), ("БИС",), _ISO_MEMBERS + "bds-bg.org"),
    Body("KAZMEMST", "KZ", "Committee for Technical Regulation and Metrology (Kazakhstan)",
         "哈萨克斯坦技术调节与计量委员会", "Комитет технического регулирования и метрологии",
         ("СТ РК", "ST RK"), (), _ISO_MEMBERS + "memst.kz"),
    Body("MASM", "MN", "Mongolian Agency for Standardization and Metrology", "蒙古国标准化与计量局",
         "Стандартчилал, хэмжил зүйн газар", ("MNS",), (), _ISO_MEMBERS + "estandard.gov.mn"),
    Body("TSE", "TR", "Turkish Standards Institution", "土耳其标准学会", "Türk Standardları Enstitüsü",
         ("TS",), (), _ISO_MEMBERS + "tse.org.tr"),
    Body("SASO", "SA", "Saudi Standards, Metrology and Quality Organization", "沙特标准、计量和质量组织",
         "الهيئة السعودية للمواصفات والمقاييس والجودة", ("SASO",), (), _ISO_MEMBERS + "saso.gov.sa"),
    Body("EOS", "EG", "Egyptian Organization for Standardization and Quality", "埃及标准化与质量组织",
         "الهيئة المصرية العامة للمواصفات والجودة", ("ES",), (), _ISO_MEMBERS + "eos.org.eg"),
    Body("INSO", "IR", "Iranian National Standards Organization", "伊朗国家标准组织", "سازمان ملی استاندارد ایران",
         ("INSO", "ISIRI"), ("ISIRI",), _ISO_MEMBERS + "inso.gov.ir"),
    Body("PSQCA", "PK", "Pakistan Standards and Quality Control Authority", "巴基斯坦标准与质量控制局",
         "Pakistan Standards and Quality Control Authority", ("PS",), (), _ISO_MEMBERS + "psqca.com.pk"),
    Body("BSTI", "BD", "Bangladesh Standards and Testing Institution", "孟加拉国标准与检测局",
         "বাংলাদেশ স্ট্যান্ডার্ডস অ্যান্ড টেস্টিং ইনস্টিটিউশন", ("BDS",), (), _ISO_MEMBERS + "bsti.gov.bd"),
    Body("SLSI", "LK", "Sri Lanka Standards Institution", "斯里兰卡标准局", "ශ්‍රී ලංකා ප්‍රමිති ආයතනය",
         ("SLS",), (), _ISO_MEMBERS + "slsi.lk"),
    Body("BIS", "IN", "Bureau of Indian Standards", "印度标准局", "भारतीय मानक ब्यूरो", ("IS",), (),
         _ISO_MEMBERS + "bis.gov.in"),
    Body("BSN", "ID", "National Standardization Agency of Indonesia", "印度尼西亚国家标准化局",
         "Badan Standardisasi Nasional", ("SNI",), (), _ISO_MEMBERS + "bsn.go.id"),
    Body("STAMEQ", "VN", "Directorate for Standards, Metrology and Quality (Viet Nam)", "越南标准计量质量总局",
         "Tổng cục Tiêu chuẩn Đo lường Chất lượng", ("TCVN", "QCVN"), (), _ISO_MEMBERS + "tcvn.gov.vn"),
    Body("TISI", "TH", "Thai Industrial Standards Institute", "泰国工业标准协会",
         "สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม", ("TIS", "มอก"), (), _ISO_MEMBERS + "tisi.go.th"),
    Body("DSM", "MY", "Department of Standards Malaysia", "马来西亚标准局", "Jabatan Standard Malaysia",
         ("MS",), (), _ISO_MEMBERS + "jsm.gov.my"),
    Body("ESG", "SG", "Enterprise Singapore", "新加坡企业发展局", "Enterprise Singapore", ("SS",),
         ("Singapore Standards Council", "SSC"), _ISO_MEMBERS + "enterprisesg.gov.sg"),
    Body("BPS", "PH", "Bureau of Philippine Standards", "菲律宾标准局", "Bureau of Philippine Standards",
         ("PNS",), (), _ISO_MEMBERS + "bps.dti.gov.ph"),
    Body("KEBS", "KE", "Kenya Bureau of Standards", "肯尼亚标准局", "Kenya Bureau of Standards", ("KS",), (),
         _ISO_MEMBERS + "kebs.org"),
    Body("SON", "NG", "Standards Organisation of Nigeria", "尼日利亚标准组织", "Standards Organisation of Nigeria",
         ("NIS",), (), _ISO_MEMBERS + "son.gov.ng"),
    Body("SABS", "ZA", "South African Bureau of Standards", "南非标准局", "South African Bureau of Standards",
         ("SANS",), (), _ISO_MEMBERS + "sabs.co.za"),
    Body("ANSI", "US", "American National Standards Institute", "美国国家标准学会",
         "American National Standards Institute", ("ANSI",), (), _ISO_MEMBERS + "ansi.org"),
    Body("ASTM", "US", "ASTM International", "美国材料与试验协会", "ASTM International", ("ASTM",),
         ("American Society for Testing and Materials",), "astm.org", False),
    Body("SCC", "CA", "Standards Council of Canada", "加拿大标准理事会", "Conseil canadien des normes",
         ("CAN",), (), _ISO_MEMBERS + "scc-ccn.ca"),
    Body("DGN", "MX", "General Directorate of Standards (Mexico)", "墨西哥标准总局", "Dirección General de Normas",
         ("NMX",), (), _ISO_MEMBERS + "gob.mx/se"),
    Body("SA", "AU", "Standards Australia", "澳大利亚标准协会", "Standards Australia", ("AS",), (),
         _ISO_MEMBERS + "standards.org.au"),
    Body("SNZ", "NZ", "Standards New Zealand", "新西兰标准局", "Standards New Zealand", ("NZS",),
         ("Te Mana Tautikanga o Aotearoa",), _ISO_MEMBERS + "standards.govt.nz"),
    Body("ABNT", "BR", "Brazilian Association of Technical Standards", "巴西技术标准协会",
         "Associação Brasileira de Normas Técnicas", ("NBR", "ABNT NBR"), (), _ISO_MEMBERS + "abnt.org.br"),
    Body("INN", "CL", "National Standardization Institute (Chile)", "智利国家标准化研究院",
         "Instituto Nacional de Normalización", ("NCh",), (), _ISO_MEMBERS + "inn.cl"),
    Body("IRAM", "AR", "Argentine Institute for Standardization and Certification", "阿根廷标准化与认证研究院",
         "Instituto Argentino de Normalización y Certificación", ("IRAM",), (), _ISO_MEMBERS + "iram.org.ar"),
)  # fmt: skip

COUNTRIES: tuple[Country, ...] = (
    Country("INT", "International", "国际", "International", ("international bodies", "INTL", "国际组织")),
    Country("EU", "Europe (CEN, CENELEC)", "欧洲（CEN、CENELEC）", "Europe", ("European Union", "EUR", "欧洲", "欧盟")),
    Country("EASC", "Commonwealth of Independent States (EASC)", "独联体（EASC）", "Содружество Независимых Государств",
            ("CIS", "СНГ", "独联体", "interstate")),
    Country("CN", "China", "中国", "中国", ("CHN", "中华人民共和国", "People's Republic of China", "PRC")),
    Country("JP", "Japan", "日本", "日本", ("JPN", "Nippon")),
    Country("KR", "Republic of Korea", "韩国", "대한민국", ("KOR", "Korea", "South Korea", "한국", "大韩民国")),
    Country("RU", "Russia", "俄罗斯", "Россия", ("RUS", "Russian Federation", "俄罗斯联邦", "Российская Федерация")),
    Country("GB", "United Kingdom", "英国", "United Kingdom", ("GBR", "UK", "Great Britain", "Britain")),
    Country("DE", "Germany", "德国", "Deutschland", ("DEU",)),
    Country("FR", "France", "法国", "France", ("FRA",)),
    Country("IT", "Italy", "意大利", "Italia", ("ITA",)),
    Country("ES", "Spain", "西班牙", "España", ("ESP",)),
    Country("NL", "Netherlands", "荷兰", "Nederland", ("NLD",)),
    Country("AT", "Austria", "奥地利", "Österreich", ("AUT",)),
    Country("CH", "Switzerland", "瑞士", "Schweiz", ("CHE",)),
    Country("PL", "Poland", "波兰", "Polska", ("POL",)),
    Country("CZ", "Czechia", "捷克", "Česko", ("CZE", "Czech Republic")),
    Country("HU", "Hungary", "匈牙利", "Magyarország", ("HUN",)),
    Country("RS", "Serbia", "塞尔维亚", "Србија", ("SRB",)),
    Country("RO", "Romania", "罗马尼亚", "România", ("ROU",)),
    Country("BG", "Bulgaria", "保加利亚", "България", ("BGR",)),
    Country("KZ", "Kazakhstan", "哈萨克斯坦", "Қазақстан", ("KAZ", "Казахстан")),
    Country("MN", "Mongolia", "蒙古国", "Монгол Улс", ("MNG", "蒙古")),
    Country("TR", "Türkiye", "土耳其", "Türkiye", ("TUR", "Turkey")),
    Country("SA", "Saudi Arabia", "沙特阿拉伯", "السعودية", ("SAU", "沙特")),
    Country("EG", "Egypt", "埃及", "مصر", ("EGY",)),
    Country("IR", "Iran", "伊朗", "ایران", ("IRN", "Iran (Islamic Republic of)")),
    Country("PK", "Pakistan", "巴基斯坦", "پاکستان", ("PAK",)),
    Country("BD", "Bangladesh", "孟加拉国", "বাংলাদেশ", ("BGD", "孟加拉")),
    Country("LK", "Sri Lanka", "斯里兰卡", "ශ්‍රී ලංකාව", ("LKA",)),
    Country("IN", "India", "印度", "भारत", ("IND", "Bharat")),
    Country("ID", "Indonesia", "印度尼西亚", "Indonesia", ("IDN", "印尼")),
    Country("VN", "Viet Nam", "越南", "Việt Nam", ("VNM", "Vietnam")),
    Country("TH", "Thailand", "泰国", "ประเทศไทย", ("THA",)),
    Country("MY", "Malaysia", "马来西亚", "Malaysia", ("MYS",)),
    Country("SG", "Singapore", "新加坡", "Singapore", ("SGP",)),
    Country("PH", "Philippines", "菲律宾", "Pilipinas", ("PHL",)),
    Country("KE", "Kenya", "肯尼亚", "Kenya", ("KEN",)),
    Country("NG", "Nigeria", "尼日利亚", "Nigeria", ("NGA",)),
    Country("ZA", "South Africa", "南非", "South Africa", ("ZAF",)),
    Country("US", "United States", "美国", "United States", ("USA", "United States of America", "America")),
    Country("CA", "Canada", "加拿大", "Canada", ("CAN",)),
    Country("MX", "Mexico", "墨西哥", "México", ("MEX",)),
    Country("AU", "Australia", "澳大利亚", "Australia", ("AUS",)),
    Country("NZ", "New Zealand", "新西兰", "Aotearoa", ("NZL",)),
    Country("BR", "Brazil", "巴西", "Brasil", ("BRA",)),
    Country("CL", "Chile", "智利", "Chile", ("CHL",)),
    Country("AR", "Argentina", "阿根廷", "Argentina", ("ARG",)),
)  # fmt: skip

BODY_BY_CODE = {b.code: b for b in BODIES}
COUNTRY_BY_CODE = {c.code: c for c in COUNTRIES}


def name_key(text: str) -> str:
    """What two spellings of a name share: NFKC (full-width letters become ASCII), case folded, letters and digits
    only (``ITU-T``, ``itu t`` and ``ＩＴＵ－Ｔ`` are one name; ``ГОСТ Р`` and ``гост р`` too).

    >>> name_key("ＧＢ／Ｔ"), name_key(" ГОСТ Р "), name_key("ITU-T")
    ('gbt', 'гостр', 'itut')
    """
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


@cache
def _table_codes() -> dict[str, str]:
    return {name_key(b.code): b.code for b in BODIES}


def body_code(text: str) -> str:
    """A body's code spelled as records store it: the table's spelling (``rosstandart`` is Rosstandart), else in
    capitals (``iso`` is ISO, ``db11`` DB11). No alias is read here; ``NameResolver`` reads those."""
    return _table_codes().get(name_key(text), text.strip().upper())


@dataclass(frozen=True, slots=True)
class Reading:
    """How a typed name was read: as the stored ``code`` of a body or a country, ``how`` (``code``, ``series``,
    ``name``, ``national body``, ``country of``), and what else it could have meant (``others``: (kind, code))."""

    kind: str  # "body" or "country"
    given: str
    code: str
    how: str
    matched: str = ""  # the series or name matched
    held: bool = True  # the catalogue holds records of it
    others: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def note(self, ask: Callable[[str, str], str] | None = None) -> str | None:
        """A sentence saying how the name was read and how to ask for what else it could mean; ``None`` when it
        was the code itself and meant nothing else. ``ask(kind, code)`` writes a request the way the reader makes
        one (``--country GB`` on the command line, ``country=GB`` in the API); ``country:GB`` by default."""
        ask = ask or (lambda kind, code: f"{kind}:{code}")
        if self.how == "code" and not self.others:
            return None
        given = self.given.strip()
        if self.how == "series":
            text = _("'{given}' read as the {series} series of {body}").format(
                given=given, series=self.matched, body=describe("body", self.code)
            )
        elif self.how == "national body":
            text = _("'{given}' read as {body}, the national standards body of {country}").format(
                given=given, body=describe("body", self.code), country=describe("country", self.matched)
            )
        elif self.how == "country of":
            text = _("'{given}' read as {country}, the country of {body}").format(
                given=given, country=describe("country", self.code), body=describe("body", self.matched)
            )
        else:
            text = _("'{given}' read as {name}").format(given=given, name=describe(self.kind, self.code))
        for kind, code in self.others:
            text = _("{note}; for {name}, use {request}").format(
                note=text, name=describe(kind, code), request=ask(kind, code))  # fmt: skip
        return text

    def unheld_note(self) -> str | None:
        """A sentence saying the catalogue holds nothing of what was read, when it holds nothing."""
        if self.held:
            return None
        return _("the catalogue holds no records of {name}").format(name=describe(self.kind, self.code))

    def to_json(self) -> dict[str, object]:
        note = self.note(lambda kind, code: f"{kind}={code}")
        return {"kind": self.kind, "given": self.given, "code": self.code, "how": self.how, "held": self.held,
                "note": note, "others": [list(o) for o in self.others]}  # fmt: skip


def describe(kind: str, code: str) -> str:
    """``JISC (Japanese Industrial Standards Committee)``, ``United Kingdom (GB)``; a code the table lacks as it is;
    a name that already ends with its code in brackets as it is (``Commonwealth of Independent States (EASC)``)."""
    if kind == "body":
        body = BODY_BY_CODE.get(code)
        return _("{code} ({name})").format(code=code, name=body.name()) if body else code
    country = COUNTRY_BY_CODE.get(code)
    if country is None:
        return code
    name = country.name()
    if name.endswith((f"({code})", f"（{code}）")):
        return name
    return _("{name} ({code})").format(name=name, code=code)


def body_name(code: str) -> str:
    """The name of a body in the current language; the code when the table lacks it."""
    body = BODY_BY_CODE.get(code)
    return body.name() if body else code


def country_name(code: str) -> str:
    """The name of a country or region in the current language; the code when the table lacks it."""
    country = COUNTRY_BY_CODE.get(code)
    return country.name() if country else code


class NameResolver:
    """Reads typed names of bodies and countries into the codes records store, knowing which the catalogue holds.

    ``held_bodies`` and ``held_countries`` are the codes the catalogue has records of: they are read as themselves
    (a GB sector code ``HB``, a local ``DB11``, a co-publisher ``IEEE``) though the table lacks them.
    """

    def __init__(self, held_bodies: Iterable[str] = (), held_countries: Iterable[str] = ()) -> None:
        self.held = {"body": set(held_bodies), "country": set(held_countries)}
        # name key -> [(how, code, matched)] in the order they are preferred
        self._bodies: dict[str, list[tuple[str, str, str]]] = {}
        self._countries: dict[str, list[tuple[str, str, str]]] = {}
        for code in sorted(self.held["body"]):
            self._add(self._bodies, code, "code", code)
        for code in sorted(self.held["country"]):
            self._add(self._countries, code, "code", code)
        for b in BODIES:
            self._add(self._bodies, b.code, "code", b.code)
        for c in COUNTRIES:
            self._add(self._countries, c.code, "code", c.code)
        for b in BODIES:
            for series in b.series:
                self._add(self._bodies, series, "series", b.code)
        for b in BODIES:
            for name in (b.en, b.zh, b.native, *b.aliases):
                self._add(self._bodies, name, "name", b.code)
        for c in COUNTRIES:
            for name in (c.en, c.zh, c.native, *c.aliases):
                self._add(self._countries, name, "name", c.code)

    @staticmethod
    def _add(table: dict[str, list[tuple[str, str, str]]], name: str, how: str, code: str) -> None:
        entries = table.setdefault(name_key(name), [])
        if all(existing[1] != code for existing in entries):
            entries.append((how, code, name))

    def body(self, text: str) -> Reading:
        """The body ``text`` names: a code, a series, a name; else the national body of a country it names."""
        key = _checked_key(text, "body")
        direct = self._bodies.get(key, [])
        countries = [code for how, code, _name in self._countries.get(key, [])]
        if direct:
            how, code, matched = direct[0]
            chosen_country = BODY_BY_CODE[code].country if code in BODY_BY_CODE else None
            others = [("body", c) for _h, c, _n in direct[1:]]
            others += [("country", c) for c in countries if c != chosen_country]
            return Reading("body", text, code, how, matched, code in self.held["body"], tuple(others))
        for country in countries:
            national = [b for b in BODIES if b.country == country and b.national]
            if national:
                code = national[0].code
                return Reading("body", text, code, "national body", country, code in self.held["body"],
                               (("country", country),))  # fmt: skip
        if countries:
            raise UnknownName(
                _("'{given}' names a country or region, {country}, not a body").format(
                    given=text.strip(), country=describe("country", countries[0])),
                kind="body", value=text, nearest=[countries[0]],
            )  # fmt: skip
        raise self._unknown("body", text, key)

    def country(self, text: str) -> Reading:
        """The country ``text`` names: a code (alpha-2 or alpha-3), a name; else the country of a body it names."""
        key = _checked_key(text, "country")
        direct = self._countries.get(key, [])
        bodies = [code for how, code, _name in self._bodies.get(key, []) if code in BODY_BY_CODE]
        if direct:
            how, code, matched = direct[0]
            others = [("country", c) for _h, c, _n in direct[1:]]
            others += [("body", b) for b in bodies if BODY_BY_CODE[b].country != code][:1]
            return Reading("country", text, code, how, matched, code in self.held["country"], tuple(others))
        if bodies:
            body = BODY_BY_CODE[bodies[0]]
            elsewhere = {BODY_BY_CODE[b].country for b in bodies[1:]} - {body.country}
            other_countries = tuple(("country", c) for c in sorted(elsewhere))
            held = body.country in self.held["country"]
            return Reading("country", text, body.country, "country of", body.code, held, other_countries)
        raise self._unknown("country", text, key)

    def read(self, kind: str, text: str) -> Reading:
        return self.body(text) if kind == "body" else self.country(text)

    def is_country(self, text: str) -> bool:
        """Whether ``text`` is a country's code or name (not merely the series of a body of that country)."""
        return bool(name_key(text)) and name_key(text) in self._countries

    def _unknown(self, kind: str, text: str, key: str) -> UnknownName:
        table = self._bodies if kind == "body" else self._countries
        found = process.extract(key, list(table), scorer=fuzz.WRatio, limit=_NEAREST * 4)
        nearest: list[str] = []
        for name, _score, _index in found:
            for _how, code, _matched in table[name]:
                if code not in nearest:
                    nearest.append(code)
        nearest = nearest[:_NEAREST]
        shown = listed(describe(kind, code) for code in nearest)
        if kind == "body":
            message = _("unknown body or series '{given}'; nearest known: {names}")
        else:
            message = _("unknown country or region '{given}'; nearest known: {names}")
        return UnknownName(message.format(given=text.strip()[:60], names=shown), kind=kind, value=text, nearest=nearest)


def _checked_key(text: str, kind: str) -> str:
    key = name_key(text) if isinstance(text, str) else ""
    if not key or len(key) > 80:
        if kind == "body":
            raise UnknownName(_("name a body or a series (ISO, JIS, GB, ГОСТ, JISC ...)"), kind=kind, value=str(text))
        raise UnknownName(_("name a country or region (CN, JP, INT, 中国, Japan ...)"), kind=kind, value=str(text))
    return key


__all__ = [
    "BODIES", "BODY_BY_CODE", "COUNTRIES", "COUNTRY_BY_CODE", "Body", "Country", "NameResolver", "Reading",
    "body_code", "body_name", "country_name", "describe", "name_key",
]  # fmt: skip
