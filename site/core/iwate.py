"""The municipalities of Iwate Prefecture (33), shared by venues, profiles and requests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (slug, Japanese name, reading, English name)
MUNICIPALITIES: list[tuple[str, str, str, str]] = [
    ("morioka", "盛岡市", "もりおかし", "Morioka"),
    ("miyako", "宮古市", "みやこし", "Miyako"),
    ("ofunato", "大船渡市", "おおふなとし", "Ofunato"),
    ("hanamaki", "花巻市", "はなまきし", "Hanamaki"),
    ("kitakami", "北上市", "きたかみし", "Kitakami"),
    ("kuji", "久慈市", "くじし", "Kuji"),
    ("tono", "遠野市", "とおのし", "Tono"),
    ("ichinoseki", "一関市", "いちのせきし", "Ichinoseki"),
    ("rikuzentakata", "陸前高田市", "りくぜんたかたし", "Rikuzentakata"),
    ("kamaishi", "釜石市", "かまいしし", "Kamaishi"),
    ("ninohe", "二戸市", "にのへし", "Ninohe"),
    ("hachimantai", "八幡平市", "はちまんたいし", "Hachimantai"),
    ("oshu", "奥州市", "おうしゅうし", "Oshu"),
    ("takizawa", "滝沢市", "たきざわし", "Takizawa"),
    ("shizukuishi", "雫石町", "しずくいしちょう", "Shizukuishi"),
    ("kuzumaki", "葛巻町", "くずまきまち", "Kuzumaki"),
    ("iwate", "岩手町", "いわてまち", "Iwate (town)"),
    ("shiwa", "紫波町", "しわちょう", "Shiwa"),
    ("yahaba", "矢巾町", "やはばちょう", "Yahaba"),
    ("nishiwaga", "西和賀町", "にしわがまち", "Nishiwaga"),
    ("kanegasaki", "金ケ崎町", "かねがさきちょう", "Kanegasaki"),
    ("hiraizumi", "平泉町", "ひらいずみちょう", "Hiraizumi"),
    ("sumita", "住田町", "すみたちょう", "Sumita"),
    ("otsuchi", "大槌町", "おおつちちょう", "Otsuchi"),
    ("yamada", "山田町", "やまだまち", "Yamada"),
    ("iwaizumi", "岩泉町", "いわいずみちょう", "Iwaizumi"),
    ("tanohata", "田野畑村", "たのはたむら", "Tanohata"),
    ("fudai", "普代村", "ふだいむら", "Fudai"),
    ("karumai", "軽米町", "かるまいまち", "Karumai"),
    ("noda", "野田村", "のだむら", "Noda"),
    ("kunohe", "九戸村", "くのへむら", "Kunohe"),
    ("hirono", "洋野町", "ひろのちょう", "Hirono"),
    ("ichinohe", "一戸町", "いちのへまち", "Ichinohe"),
]

MUNICIPALITY_CHOICES = [(slug, f"{ja} ({en})") for slug, ja, _reading, en in MUNICIPALITIES]
MUNICIPALITY_READINGS = {ja: reading for _slug, ja, reading, _en in MUNICIPALITIES}
ONLINE = "online"
ONLINE_LABEL = _("Online")


def municipality_name(slug: str) -> str:
    for s, ja, _reading, _en in MUNICIPALITIES:
        if s == slug:
            return ja
    return slug
