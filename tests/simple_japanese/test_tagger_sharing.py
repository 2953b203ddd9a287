"""The Tagger is shared by the process: request threads never each build their own."""

from __future__ import annotations

import threading

from simple_japanese import tokens
from simple_japanese.tokens import tagger, taggers_created, tokenize


def test_many_threads_tokenizing_create_at_most_the_pool_size_of_taggers():
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                assert [t.surface for t in tokenize("猫が好きです")] == ["猫", "が", "好き", "です"]
        except BaseException as exc:  # collected: an assert in a thread would be lost
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert 1 <= taggers_created() <= tokens.TAGGER_POOL_SIZE


def test_node_api_results_stay_correct_while_other_threads_parse():
    """Nodes are copied out under the pool, so another thread's parse cannot overwrite them."""
    nodes = tagger()("食べ物を食べる")
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            tagger().parse("東京都庁は新宿区にあります。")

    others = [threading.Thread(target=churn) for _ in range(4)]
    for t in others:
        t.start()
    try:
        for _ in range(50):
            got = tagger()("猫が好き")
            assert [(n.surface, n.feature.pos1) for n in got] == [
                ("猫", "名詞"),
                ("が", "助詞"),
                ("好き", "形状詞"),
            ]
    finally:
        stop.set()
        for t in others:
            t.join()
    assert [(n.surface, n.feature.kana) for n in nodes][0] == ("食べ物", "タベモノ")
