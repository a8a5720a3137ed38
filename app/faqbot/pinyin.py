"""Pinyin typed in Latin letters, read as Chinese words (pure Python, no Flask).

Parents on a phone type 「suzhou chanjia duoshao tian」, or pinyin inside Chinese: 「杭州生二胎chanjia
几天」「35zhou今天taidong一点都没有了」「yun 32zhou chuxue le hen duo」. A run of Latin letters is
segmented into words of a vocabulary by their toneless pinyin (dynamic programming: the fewest
words, a bare syllable costing more than a word, the more common word for a shared sound), so
「yuerjia」 is 育儿假 and not 约 + r…; a run that is not all pinyin (ok, bb, mmr, hpv, cj, water
broke) stays as typed, for the colloquial layer and the red flags to read.

The vocabulary is the knowledge base's own words (its phrasings, answers, user dictionary, the
colloquial forms and place names) with the everyday words of a question below, which outweigh
a rarer word of the same sound (ji is 几, not 剂; ge is 个, not 各).
"""
import re
from collections.abc import Iterable

from pypinyin import lazy_pinyin

from app.faqbot.lexicon import syllables

# Words every question uses, whatever the knowledge base says; they win their sound.
EVERYDAY = ("几 几天 天 多少 多少天 多少钱 多久 怎么 怎么办 怎么算 什么 什么时候 啥 可以 能 吗 呢 了 的 个 月 岁 周 年 胎 次"
            " 多 少 很 没事 没有 一年 一天 每天 时候 哪里 还 要 吃 打 喝 休 假 老公 老婆 宝宝 孩子 男方 女方 现在 今天"
            " 刚才 一直 不动 生 怀孕 孕 肚子 疼 痛 剧痛 卡住 电视剧 维生素 出血 流血 见红 破水 胎动 发烧 抽搐 噎住 烫伤"
            " 呼吸 困难 剖腹产 顺产 难产 分娩 入托 体检 疫苗 辅食 补贴 津贴 个税 扣除 婚假 产假 陪产假 护理假 育儿假"
            " 哺乳 流产 一下 一次 申请 领 交 税 一胎 二胎 三胎 以下 以上 正常 不正常 医院 急救 都 一整天 整天 一点")
# Readings pypinyin does not give for the word in this sense (卡住 is qiǎzhù).
EXTRA_SOUNDS = {"qiazhu": "卡住", "qiazhule": "卡住了", "yingyou": "婴幼"}
# English words and abbreviations that would also read as pinyin syllables.
KEEP = frozenset({"a", "e", "o", "bb", "ok", "app", "hr", "mama", "baba"})
_LATIN_RUN = re.compile(r"([\u4e00-\u9fff])?([a-z]+(?: [a-z]+)*)")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_WORD_COST, _SYLLABLE_COST = 2, 5
_LONGEST = 24           # letters in the longest word tried


class PinyinReader:
    def __init__(self, weighted_words: Iterable[tuple[str, int]], keep: Iterable[str] = KEEP):
        best: dict[str, tuple[int, str]] = {}
        sounds: set[str] = set()
        for word, weight in [*weighted_words, *((w, 10_000) for w in EVERYDAY.split())]:
            if not _HAN.fullmatch(word):
                continue
            # The word's reading (成都 is chengdu) and each character's (朝阳 typed chaoyang).
            for parts in (lazy_pinyin(word), syllables(word)):
                sounds.update(parts)
                key = "".join(parts)
                if weight > best.get(key, (0, ""))[0]:
                    best[key] = (weight, word)
        self._words = {key: word for key, (_, word) in best.items()}
        self._words.update(EXTRA_SOUNDS)
        self._weights = {key: weight for key, (weight, _) in best.items()}
        self._syllables = sounds
        self._keep = set(keep)

    def read(self, text: str) -> str:
        """Every pinyin run of a normalised text in Chinese words; other Latin runs as typed."""
        return _LATIN_RUN.sub(self._run_after, text)

    def _run_after(self, match: re.Match) -> str:
        """A run, and the character typed before it when the two make a word (「发shao」 is
        发烧, 「哺ru」 is 哺乳)."""
        before, run = match.group(1), match.group(2)
        if before:
            first, _, rest = run.partition(" ")
            key = "".join(lazy_pinyin(before)) + first
            word = self._words.get(key)
            if word is not None and word.startswith(before) and len(word) == 2:
                return word + (" " + self._run(rest) if rest else "")
            return before + self._run(run)
        return self._run(run)

    def _run(self, run: str) -> str:
        out, pending = [], []
        for token in run.split(" "):
            if token in self._keep or self._segment(token) is None:
                if pending:
                    out.append(self._convert(pending))
                    pending = []
                out.append(token)
            else:
                pending.append(token)
        if pending:
            out.append(self._convert(pending))
        return " ".join(out)

    def _convert(self, tokens: list[str]) -> str:
        """Tokens that are all pinyin, read together (「duo shao tian」 is 多少天)."""
        pieces = self._segment("".join(tokens)) or []
        if not any(_HAN.fullmatch(p) for p in pieces):
            return " ".join(tokens)
        # Han words run together as typed; a syllable with no word stays apart in Latin.
        text = ""
        for piece in pieces:
            han = bool(_HAN.fullmatch(piece))
            if text and not (han and _HAN.fullmatch(text[-1])):
                text += " "
            text += piece
        return text

    def _segment(self, letters: str) -> list[str] | None:
        """The cheapest split into words and bare syllables, or None when some letters are no
        syllable at all (not pinyin)."""
        n = len(letters)
        best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
        best[0] = (0, 0, [])
        for i in range(n):
            if best[i] is None:
                continue
            cost, weight, pieces = best[i]
            for j in range(i + 1, min(n, i + _LONGEST) + 1):
                chunk = letters[i:j]
                word = self._words.get(chunk)
                if word is not None:
                    option = (cost + _WORD_COST, weight + self._weights.get(chunk, 10_000),
                              [*pieces, word])
                elif chunk in self._syllables:
                    option = (cost + _SYLLABLE_COST, weight, [*pieces, chunk])
                else:
                    continue
                held = best[j]
                if held is None or option[0] < held[0] or (option[0] == held[0]
                                                          and option[1] > held[1]):
                    best[j] = option
        return best[n][2] if best[n] is not None else None
