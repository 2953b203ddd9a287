"""Passive and causative auxiliaries (れる/られる/せる/させる), advisory only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from simple_japanese.config import Severity
from simple_japanese.lexicon import data_rows
from simple_japanese.report import Finding
from simple_japanese.rules.base import Context, Rule
from simple_japanese.tokens import Token

_PASSIVE = frozenset({"れる", "られる"})
_CAUSATIVE = frozenset({"せる", "させる"})


@lru_cache(maxsize=1)
def _lexical() -> frozenset[str]:
    return frozenset(row[0] for row in data_rows("lexical_causatives.txt"))


def _lexical_causative(verb: Token) -> bool:
    """知ら (未然形 of 知る) + せる spells 知らせる, a verb of its own (lexical_causatives.txt)."""
    return verb.surface + "せる" in _lexical() or (verb.orth_base or "")[:-1] + "せる" in _lexical()


def _is_passive(tokens: Sequence[Token], i: int) -> bool:
    """れる/られる as passive, not potential.

    After a 五段 verb or する (される) れる is passive: their potentials are separate verbs
    (読める, できる). After 一段/カ変 verbs られる is either; call it passive only when the
    sentence names an agent with に / によって / から and no が marks an object (雨に 降られた).
    """
    t = tokens[i]
    if t.lemma not in _PASSIVE or i == 0:
        return False
    verb = tokens[i - 1]
    if verb.pos1 != "動詞":
        return False
    if verb.lemma == "見る" and i >= 2 and tokens[i - 2].surface == "と":
        return False  # 〜とみられる is a hedge (vague-expression), not voice
    if t.lemma == "れる":
        return True
    before = [x.surface for x in tokens[:i]]
    agent = (
        "によって" in "".join(before)
        or "により" in "".join(before)
        or any(x.pos2 == "格助詞" and x.surface in ("に", "から") for x in tokens[:i])
    )
    has_ga = any(x.pos2 == "格助詞" and x.surface == "が" for x in tokens[:i])
    return agent and not has_ga


class PassiveCausative(Rule):
    """Passive and causative forms are late grammar for learners; say who does what.

    No guideline states this rule; readability checkers count these forms as hard grammar.
    Advisory: severity info. Potential られる is not
    flagged.
    """

    id = "passive-causative"
    severity: Severity = "info"
    title_en = "Active voice"
    title_ja = "受け身・使役を 使わない"
    source = "no guideline; checkers count it as hard grammar (advisory)"
    threshold = "any passive れる/られる or causative せる/させる auxiliary"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for sent in ctx.sentences:
            toks = sent.tokens
            for i, t in enumerate(toks):
                if t.pos1 != "助動詞" or i == 0:
                    continue
                verb = toks[i - 1]
                if i >= 2 and toks[i - 2].pos1 == "接頭辞":
                    continue  # お知らせ, お待たせ: set nouns MeCab splits as causatives
                if t.lemma in _CAUSATIVE and _lexical_causative(verb):
                    continue  # 知ら|せる: the verb 知らせる, not "make someone know"
                if t.lemma in _CAUSATIVE and verb.pos1 == "動詞":
                    yield self.found(
                        ctx,
                        verb.start,
                        t.end,
                        f"「{verb.surface}{t.surface}」（〜させる）は むずかしいです。だれが するか はっきり 書きましょう。",
                        f"'{verb.surface}{t.surface}' is causative; say who does the action.",
                    )
                elif _is_passive(toks, i):
                    yield self.found(
                        ctx,
                        verb.start,
                        t.end,
                        f"「{verb.surface}{t.surface}」（〜られる）は むずかしいです。「だれが 〜します」と 書きましょう。",
                        f"'{verb.surface}{t.surface}' is passive; name who acts (〇〇が 〜します).",
                    )
