"""The process's pool of fugashi Taggers over unidic-lite, and their output format.

MeCab's tagger is not safe to call from several threads at once, and every Tagger maps the
whole UniDic dictionary (~130 MB) again. So the process keeps a small bounded pool
(`TAGGER_POOL_SIZE`, default 1), each Tagger used by one thread at a time (`borrowed_tagger`);
`tagger()` offers fugashi's node API over it. Why one by default: see `simple_japanese.tokens`.
Split out of `tokens` (which reads the output format) to keep each module small.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import fugashi

# Taggers the process may create (environment SIMPLE_JAPANESE_TAGGERS, default 1).
TAGGER_POOL_SIZE = max(1, int(os.environ.get("SIMPLE_JAPANESE_TAGGERS", "1") or 1))
_pool: queue.LifoQueue[fugashi.Tagger] = queue.LifoQueue()
_pool_lock = threading.Lock()
_created = 0  # Taggers made so far (never more than TAGGER_POOL_SIZE)

# One morpheme in `Tagger.parse` output ends with U+001E and has U+001F between its fields:
#   the white space MeCab skipped before it (%pS: space, tab, LF, VT), the surface (%m), the
#   raw feature CSV (%H, UniDic's 26 fields; an unknown word has only the first six), and "1"
#   for an unknown word, else "0".
# The raw CSV costs MeCab no more to write than a single %f[i] field (measured; a selection
# of ten fields costs more), and `tokens` splits it once per distinct morpheme. The flag comes
# last because fugashi's parse() strips trailing white space (U+001E included) from its
# result. MeCab skips space, tab, LF and VT between morphemes and never puts them inside one;
# texts with U+001E or U+001F take the node API, so the split cannot shift a field. The
# offsets are checked against the text anyway, with the node API as the fallback.
_US = "\x1f"
_RS = "\x1e"
_NODE_FORMAT = _US.join(["%pS", "%m", "%H", "0"]) + _RS
_UNK_FORMAT = _US.join(["%pS", "%m", "%H", "1"]) + _RS
TAGGER_ARGS = (
    f"--output-format-type= '--node-format={_NODE_FORMAT}' "
    f"'--unk-format={_UNK_FORMAT}' --bos-format= --eos-format="
)


def taggers_created() -> int:
    """How many Taggers this process has made (at most TAGGER_POOL_SIZE): for tests and benches."""
    return _created


@contextmanager
def borrowed_tagger() -> Iterator[fugashi.Tagger]:
    """Lend a pooled Tagger to this thread alone until the block ends.

    A Tagger's nodes point into its last lattice, so a caller using the node API must read
    them inside the block. Creates a Tagger only while fewer than TAGGER_POOL_SIZE exist,
    else waits for one to be returned.
    """
    global _created
    try:
        t = _pool.get_nowait()
    except queue.Empty:
        with _pool_lock:
            make = _created < TAGGER_POOL_SIZE
            if make:
                _created += 1
        if make:
            try:
                t = fugashi.Tagger(TAGGER_ARGS)
            except BaseException:
                with _pool_lock:
                    _created -= 1
                raise
        else:
            t = _pool.get()
    try:
        yield t
    finally:
        _pool.put(t)


@dataclass(frozen=True, slots=True)
class Node:
    """A fugashi node read out while its Tagger was held: safe to keep after the lock."""

    surface: str
    white_space: str
    feature: tuple  # fugashi's UnidicFeatures29 named tuple (feature.kana, feature.pos1 …)
    feature_raw: str
    is_unk: bool


class SharedTagger:
    """Quacks like fugashi.Tagger (``t(text)`` nodes, ``t.parse(text)``) over the shared pool.

    jreadability and tests call the node API; each call borrows a pooled Tagger and copies
    the nodes out before giving it back, so another thread's parse cannot change them.
    """

    def __call__(self, text: str) -> list[Node]:
        with borrowed_tagger() as t:
            return [
                Node(n.surface, n.white_space, n.feature, n.feature_raw, n.is_unk) for n in t(text)
            ]

    def parse(self, text: str) -> str:
        with borrowed_tagger() as t:
            return t.parse(text)


_SHARED = SharedTagger()


def tagger() -> SharedTagger:
    """The process's shared tagger (unidic-lite), safe to call from any thread.

    Its node API (``tagger()(text)``) returns fugashi-like nodes (`Node`); ``parse()``
    returns the compact format above (read it through `morphemes`). Never one Tagger per
    thread: every Tagger maps the whole UniDic dictionary again.
    """
    return _SHARED
