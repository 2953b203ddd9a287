"""Sentence-level rules: length, one idea per sentence, 〜たり, and the length of the whole text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from simple_japanese.config import Severity
from simple_japanese.report import Finding
from simple_japanese.rules.base import (
    Context,
    Rule,
    SentenceView,
    masu_stem,
    visible_chars,
)
from simple_japanese.tokens import Token

# Verbs that after て only add an aspect or a request (〜ている, 〜てください …): no new clause.
_AUX_AFTER_TE = frozenset(
    {
        "居る",
        "いる",
        "下さる",
        "仕舞う",
        "見る",
        "置く",
        "有る",
        "来る",
        "行く",
        "貰う",
        "上げる",
        "呉れる",
        "頂く",
        "欲しい",
        "良い",
        "おる",
        "致す",
    }
)
# 接続助詞 that join two clauses.
_LINKING = frozenset(
    {
        "て",
        "で",
        "が",
        "けれど",
        "けれども",
        "ので",
        "から",
        "し",
        "ながら",
        "ば",
        "たら",
        "のに",
        "ても",
        "でも",
        "と",
    }
)


def _prev(tokens: Sequence[Token], i: int) -> Token | None:
    return tokens[i - 1] if i > 0 else None


def _next(tokens: Sequence[Token], i: int) -> Token | None:
    return tokens[i + 1] if i + 1 < len(tokens) else None


def _modifies_noun(tokens: Sequence[Token], i: int) -> bool:
    """A 連体形 right before a noun modifies it (高い 山, 働く 人): not a clause of its own."""
    nxt = _next(tokens, i)
    return (
        tokens[i].c_form.startswith("連体形") and nxt is not None and nxt.pos1 in ("名詞", "代名詞")
    )


def is_predicate(tokens: Sequence[Token], i: int) -> bool:
    """A verb or adjective that states something of its own.

    Not counted: auxiliaries after て (〜ている, 〜てください), the second verb of a compound,
    〜ことができる / 〜ようになる / 〜なければならない / 〜たりする / 〜くする, negating ない,
    and words that only modify a noun (高い 山, 働く 人) or a verb (早く 行く).
    """
    t = tokens[i]
    prev = _prev(tokens, i)
    if t.pos1 == "動詞":
        if _modifies_noun(tokens, i):
            return False
        if prev is not None:
            if prev.pos1 == "助詞" and prev.pos2 == "接続助詞" and prev.lemma in ("て", "で"):
                return False  # 食べて いる / 見て ください
            if prev.pos1 == "動詞" and prev.c_form.startswith("連用形"):
                return False  # 書き 始める (compound verb)
            if prev.lemma == "たり" or (prev.pos1 == "形容詞" and prev.c_form.startswith("連用形")):
                return False  # 〜たり する, 少なく する, 暑く なる
            if t.lemma == "成る" and prev.lemma in ("ば", "ねば", "ては", "と"):
                return False  # 〜なければ なりません
            if t.lemma in ("出来る", "有る", "成る", "為る") and prev.surface in ("が", "も", "に"):
                before = _prev(tokens, i - 1)
                if before is not None and before.lemma in ("事", "様"):
                    return False  # ことが できる / ことが ある / ように なる / ように する
        return True
    if t.pos1 == "形容詞":
        if (
            t.lemma == "無い"
            and prev is not None
            and prev.pos1 in ("助動詞", "動詞", "形容詞", "助詞")
        ):
            return prev.pos1 == "助詞" and prev.surface in ("が", "は", "も")  # お金が ない
        if t.pos2 == "非自立可能" and prev is not None and prev.surface in ("て", "で"):
            return False  # 〜てほしい
        if t.c_form.startswith("終止形"):
            return True
        nxt = _next(tokens, i)
        # 暑くて、/ 暑く、: a clause; 早く 行く, 暑く なる: not one of its own.
        return (
            t.c_form.startswith("連用形") and nxt is not None and nxt.surface in ("て", "、", "，")
        )
    return False


def predicate_count(tokens: Sequence[Token]) -> int:
    return sum(1 for i in range(len(tokens)) if is_predicate(tokens, i))


def sentence_predicates(sent: SentenceView) -> int:
    """predicate_count of a whole sentence, computed once and shared (one-idea, the report)."""
    if "predicates" not in sent.memo:
        sent.memo["predicates"] = predicate_count(sent.tokens)
    return sent.memo["predicates"]  # type: ignore[return-value]


def relative_clause_count(tokens: Sequence[Token]) -> int:
    """Verbs that modify a noun (働く 人, 乗る 人): each is one more piece of information."""
    return sum(1 for i, t in enumerate(tokens) if t.pos1 == "動詞" and _modifies_noun(tokens, i))


def clause_links(tokens: Sequence[Token]) -> list[int]:
    """Indices of tokens that join two clauses: て/ので/が … and 連用中止 (食べ、).

    〜て followed by an auxiliary verb (〜ている, 〜てください) is not a link.
    """
    links: list[int] = []
    for i, t in enumerate(tokens):
        nxt = _next(tokens, i)
        if t.pos1 == "助詞" and t.pos2 == "接続助詞" and t.lemma in _LINKING:
            if t.lemma in ("て", "で") and nxt is not None and nxt.lemma in _AUX_AFTER_TE:
                continue
            if t.lemma in ("て", "で") and nxt is not None and nxt.surface in ("も", "は"):
                continue  # 〜ても いい / 〜ては いけない
            if t.lemma == "と" and (nxt is None or nxt.surface != "、"):
                continue  # と without a comma is mostly a quotation or "with"
            links.append(i)
        elif (
            t.pos1 in ("動詞", "形容詞")
            and t.c_form.startswith("連用形")
            and nxt is not None
            and nxt.surface in ("、", "，")
        ):
            links.append(i)
    return links


_OPEN_QUOTE = frozenset("「『")
_CLOSE_QUOTE = frozenset("」』")


def quote_segments(tokens: Sequence[Token]) -> list[list[Token]]:
    """The sentence outside quotations, and each sentence inside them, as separate token lists."""
    if not any(t.surface in _OPEN_QUOTE for t in tokens):
        return [list(tokens)]
    outside: list[Token] = []
    inside: list[list[Token]] = []
    depth = 0
    for t in tokens:
        if t.surface in _OPEN_QUOTE:
            depth += 1
            inside.append([])
            continue
        if t.surface in _CLOSE_QUOTE and depth:
            depth -= 1
            continue
        if depth:
            if t.surface in ("。", "！", "？") and inside[-1]:
                inside.append([])
            else:
                inside[-1].append(t)
        else:
            outside.append(t)
    return [outside] + [seg for seg in inside if seg]


class SentenceLength(Rule):
    """A sentence longer than the reader can hold.

    Sources: NHK NEWS WEB EASY (≤ 50 characters); 弘前大学 HIR (≤ 24 morae for disaster information,
    ≤ 48 for everyday information); YANSIS warns at 45 morae.
    """

    id = "sentence-length"
    severity: Severity = "warning"
    title_en = "Short sentences"
    title_ja = "文が 短い"
    source = "NHK NEWS WEB EASY; 弘前大学 HIR"
    threshold = "chars > max_sentence_chars (50) → warning; > error_sentence_chars (100) → error; morae > max_sentence_morae (48) → info"

    def check(self, ctx: Context) -> Iterable[Finding]:
        s = ctx.settings
        for sent in ctx.sentences:
            chars, morae = sent.chars, sent.morae
            if chars <= s.max_sentence_chars and morae <= s.max_sentence_morae:
                continue
            cut = _cut_suggestion(sent)
            if chars > s.max_sentence_chars:
                sev: Severity = "error" if chars > s.error_sentence_chars else "warning"
                yield self.found(
                    ctx,
                    sent.start,
                    sent.end,
                    f"文が 長いです（{chars}字）。{s.max_sentence_chars}字より 短く しましょう。",
                    f"Sentence is {chars} characters long; keep it to {s.max_sentence_chars} or fewer.",
                    cut,
                    sev,
                )
            elif morae > s.max_sentence_morae:
                sev = "warning" if s.target == "disaster" else "info"
                yield self.found(
                    ctx,
                    sent.start,
                    sent.end,
                    f"文が 少し 長いです（{morae}拍）。{s.max_sentence_morae}拍より 短く しましょう。",
                    f"Sentence has {morae} morae; HIR recommends at most {s.max_sentence_morae}.",
                    cut,
                    sev,
                )


def _cut_suggestion(sent: SentenceView) -> str | None:
    """Where to split: the clause link nearest the middle, rewritten as a sentence end."""
    toks = sent.tokens
    links = clause_links(toks)
    if not links:
        return None
    middle = (toks[0].start + toks[-1].end) / 2
    for i in sorted(links, key=lambda k: abs(toks[k].end - middle)):
        cut = _split_at(toks, i, sent)
        if cut is not None:
            return cut
    return None


def _split_at(toks: Sequence[Token], i: int, sent: SentenceView) -> str | None:
    link = toks[i]
    # The verb before the link becomes 〜ます。: 食べて、 → 食べます。
    verb_i = i if link.pos1 in ("動詞", "形容詞") else i - 1
    if verb_i < 0:
        return None
    verb = toks[verb_i]
    offset = sent.start
    head = sent.text[: verb.start - offset]
    rest = sent.text[link.end - offset :].lstrip("、， ")
    if verb.pos1 == "動詞" and verb.lemma:
        base = verb.orth_base or verb.lemma
        ending = masu_stem(base, verb.c_type) + "ます"
    elif verb.pos1 == "形容詞":
        ending = (verb.orth_base or verb.lemma) + "です"
    else:
        return None
    head_tail = head[-12:]
    rest_head = rest[:12]
    return f"…{head_tail}{ending}。{rest_head}…"


class OneIdea(Rule):
    """More than one piece of information in a sentence.

    Source: 弘前大学 HIR (one subject–predicate pair per sentence; split 〜て、〜て chains).
    Counts predicates (verbs and adjectives that are not auxiliaries) and clause links
    (〜て、〜ので、〜が、連用中止).
    """

    id = "one-idea"
    severity: Severity = "warning"
    title_en = "One idea per sentence"
    title_ja = "1つの 文に 1つの こと"
    source = "弘前大学 HIR"
    threshold = (
        "predicates > max_predicates (3), clause links > max_clause_links (2), or "
        "predicates + relative clauses > max_verbs (4)"
    )

    def check(self, ctx: Context) -> Iterable[Finding]:
        s = ctx.settings
        for sent in ctx.sentences:
            # Quoted speech is judged as its own sentences: 「A。B」と 言いました。
            segments = quote_segments(sent.tokens)
            for seg in segments:
                preds = sentence_predicates(sent) if len(segments) == 1 else predicate_count(seg)
                links = clause_links(seg)
                verbs = preds + relative_clause_count(seg)
                if (
                    preds <= s.max_predicates
                    and len(links) <= s.max_clause_links
                    and verbs <= s.max_verbs
                ):
                    continue
                suggestion = next(
                    (cut for cut in (_split_at(seg, k, sent) for k in links) if cut), None
                )
                ideas = max(verbs, len(links) + 1)
                yield self.found(
                    ctx,
                    sent.start,
                    sent.end,
                    f"1つの 文に ことが {ideas}つ あります。文を 分けましょう。",
                    f"This sentence carries {preds} predicates, {verbs - preds} relative clauses "
                    f"and {len(links)} clause links; give each piece of information its own sentence.",
                    suggestion,
                )
                break


# 〜たり〜たりする is JLPT N4 grammar: flagged only for readers below it (N5) and in
# disaster information, where HIR asks for one action per sentence.
TARI_LEVEL = 4


class TariForm(Rule):
    """〜たり〜たり lists actions vaguely; for N5 readers and disaster information, one action per
    sentence. Fix: 〜ます。それから、〜ます。

    Source: 弘前大学 HIR (avoid 〜たり in disaster information); JLPT grammar level N4 (so an N4
    text may use it: NHK NEWS WEB EASY does).
    """

    id = "tari-form"
    severity: Severity = "info"
    title_en = "No 〜たり〜たり"
    title_ja = "「〜たり」を 使わない"
    source = "弘前大学 HIR"
    threshold = "any 〜たり / 〜だり, for targets N5 and disaster"

    def check(self, ctx: Context) -> Iterable[Finding]:
        s = ctx.settings
        if s.vocab_level <= TARI_LEVEL and s.target != "disaster":
            return
        for sent in ctx.sentences:
            hits = [t for t in sent.tokens if t.pos1 == "助詞" and t.lemma == "たり"]
            if hits:
                yield self.found(
                    ctx,
                    hits[0].start,
                    hits[-1].end,
                    "「〜たり」は むずかしいです。1つずつ 文に しましょう。",
                    "〜たり〜たり is hard for learners; write the actions one per sentence.",
                    "〜ます。それから、〜ます。",
                )


class TextLength(Rule):
    """The whole text is longer than about one A4 page.

    Source: 横浜市「やさしい日本語」(about one A4 page ≈ 1,000 characters).
    """

    id = "text-length"
    severity: Severity = "info"
    title_en = "Short text"
    title_ja = "文章が 長すぎない"
    source = "横浜市"
    threshold = "characters > max_total_chars (1000)"

    def check(self, ctx: Context) -> Iterable[Finding]:
        total = ctx.total_chars if ctx.total_chars is not None else visible_chars(ctx.clean_text)
        if total > ctx.settings.max_total_chars:
            yield self.found(
                ctx,
                0,
                len(ctx.text),
                f"文章が 長いです（{total}字）。大切な ことだけ 書きましょう。",
                f"The text has {total} characters; about {ctx.settings.max_total_chars} (one A4 page) "
                "is easier. Keep only what the reader needs.",
                whole_text=True,
            )
