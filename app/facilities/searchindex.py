"""The in-process facility search index. Pure Python, no Flask, no database.

Filters and facets are bitmasks (Python ints, one bit per document position): an AND and a
bit_count() over 100,000 documents take microseconds, so facet counts over the whole filtered set
are cheap. Text goes through postings: character bigrams for any Chinese substring of two or more
characters, jieba words for queries typed without spaces, letter n-grams over full pinyin and
initials for Latin queries, and fuzzy syllable bigrams for the typo fallback. Documents keep their
position when updated, so an edit is applied incrementally (see FacilityIndex.upsert).
"""
import heapq
import itertools
import math
import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

from app.common.geo import EARTH_RADIUS_M, bounding_box, haversine_m
from app.facilities import textkeys
from app.facilities.records import normalize

FUZZY_MIN_HITS = 5   # fewer exact hits than this and the typo fallback joins in
GRID_DEG = 0.005     # ~500 m cells for near-me queries
FEE_BUCKET = 500     # yuan; fee_max masks are unions of buckets plus the boundary bucket
HEAVY_HITS = 2000    # text matches with this many hits are kept (with their masks) ...
HEAVY_CACHED = 4     # ... this many of them: about 10 MB each at 100,000 facilities


@dataclass(slots=True)
class Doc:
    id: int
    name: str
    district: str           # division code
    street: str = ""
    address: str = ""
    aliases: tuple = ()
    lat: float | None = None
    lng: float | None = None
    care_types: tuple = ()
    age_min_months: int | None = None
    age_max_months: int | None = None
    places: int | None = None
    open_places: int | None = None
    inclusive: bool = False
    demonstration_level: str | None = None
    fee_min: int | None = None
    fee_max: int | None = None
    meals: bool | None = None
    active: bool = True
    district_words: tuple = ()   # the district's name and what people call it (园区)
    words: tuple = ()       # jieba words of name and aliases (stored with the record)
    pinyin: tuple = ()      # "hong'xing'tuo'yu" variants
    initials: tuple = ()    # "hxty" variants
    # Normalised, lower-cased copies made once by FacilityIndex (matching compares these).
    name_key: str = ""
    alias_keys: tuple = ()
    street_key: str = ""
    address_key: str = ""
    district_keys: tuple = ()
    sound_key: str = ""     # " hong xin tuo yu suo ": fuzzy syllables of the name, one per char
    lat_rad: float = 0.0    # radians and cos(lat), so near-me queries skip recomputing them
    lng_rad: float = 0.0
    cos_lat: float = 0.0

    def prepare(self) -> "Doc":
        self.name_key = _key(self.name)
        self.alias_keys = tuple(_key(a) for a in self.aliases)
        self.street_key = _key(self.street)
        self.address_key = _key(self.address)
        self.district_keys = tuple(t.lower() for t in self.district_words)
        syllables = self.pinyin[0].split("'") if self.pinyin else []
        self.sound_key = " " + " ".join(textkeys.fuzzy_syllable(x) for x in syllables) + " "
        if self.lat is not None and self.lng is not None:
            self.lat_rad, self.lng_rad = math.radians(self.lat), math.radians(self.lng)
            self.cos_lat = math.cos(self.lat_rad)
        return self

    @property
    def boost(self) -> int:
        """Tie-breaker among equally relevant hits: open places, then 示范, then 普惠."""
        return (4 if (self.open_places or 0) > 0 else 0) + \
            (2 if self.demonstration_level else 0) + (1 if self.inclusive else 0)


def _key(text: str) -> str:
    key = normalize(text).lower()
    return text if key == text else key   # share the string when nothing changed (memory)


@dataclass
class Query:
    text: str = ""
    district: str | None = None   # division codes
    city: str | None = None
    care_types: tuple = ()
    age_months: int | None = None
    inclusive: bool | None = None
    demonstration_level: str | None = None   # a level, or "any"
    has_places: bool | None = None
    fee_max: int | None = None
    meals: bool | None = None
    lat: float | None = None     # GCJ-02
    lng: float | None = None
    radius_m: float | None = None
    sort: str = "relevance"      # relevance | distance | fee
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    doc: Doc
    distance_m: int | None
    match: str | None   # name | alias | street | district | address | pinyin | initials | fuzzy


@dataclass
class Result:
    total: int
    hits: list
    facets: dict
    mode: str                   # none | text | pinyin | fuzzy


@dataclass
class _TextMatch:
    score: dict = field(default_factory=dict)   # position -> score
    match: dict = field(default_factory=dict)   # position -> match kind
    # Filled for cached (large) matches: the mask of every hit and one mask per score, so
    # ranking tens of thousands of hits is a few big-int ANDs instead of a dict walk.
    mask: int | None = None
    levels: dict | None = None


def _bigrams(text: str) -> set:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _ngrams(text: str, n: int) -> set:
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def _mask_from(positions, size: int) -> int:
    buf = bytearray((size + 8) // 8)
    for p in positions:
        buf[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buf, "little")


def _bits(mask: int):
    """Positions of the set bits, ascending."""
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    for i, byte in enumerate(data):
        if byte:
            base = i << 3
            for j in _BYTE_BITS[byte]:
                yield base + j


_BYTE_BITS = [tuple(j for j in range(8) if b >> j & 1) for b in range(256)]


class _Members:
    """O(1) membership tests against a mask (shifting a 100,000-bit int per test is not)."""

    def __init__(self, mask: int, size: int):
        self.data = mask.to_bytes((size + 8) // 8, "little")

    def __contains__(self, pos: int) -> bool:
        return bool(self.data[pos >> 3] >> (pos & 7) & 1)


class Posting:
    """A sorted array of positions: 4 bytes an entry where a set takes about 40 (at 100,000
    facilities the postings hold some 13 million entries). Positions mostly arrive in order."""

    __slots__ = ("items",)

    def __init__(self):
        self.items = array("I")

    def add(self, pos: int) -> None:
        items = self.items
        if not items or items[-1] < pos:
            items.append(pos)
        else:
            i = bisect_left(items, pos)
            if i == len(items) or items[i] != pos:
                items.insert(i, pos)

    def discard(self, pos: int) -> None:
        i = bisect_left(self.items, pos)
        if i < len(self.items) and self.items[i] == pos:
            del self.items[i]

    def __contains__(self, pos: int) -> bool:
        i = bisect_left(self.items, pos)
        return i < len(self.items) and self.items[i] == pos

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)


_EMPTY = Posting()


def _post(table: dict, key, pos: int) -> None:
    posting = table.get(key)
    if posting is None:
        table[key] = posting = Posting()
    posting.add(pos)


class FacilityIndex:
    def __init__(self):
        self.docs: list[Doc | None] = []
        self.pos_of: dict[int, int] = {}
        self.masks: dict[tuple, int] = {}
        self.postings: dict[str, Posting] = {}   # Chinese bigrams of every searchable field
        self.latin_postings: dict[str, Posting] = {}
        self.syllable_postings: dict[str, Posting] = {}
        self.grid: dict[tuple, Posting] = {}
        self.fee_buckets: dict[int, Posting] = {}
        # Position order must be id order: ties are broken by position in the bitmask paths and
        # by id elsewhere, and every worker must page the same way. A late lower id breaks it.
        self.in_id_order = True
        # Text matches of queries with many hits (a word in most names: 托育, 中心), newest last;
        # any change to the index clears it.
        self._heavy: dict[str, tuple] = {}

    # ---- building -------------------------------------------------------------------------
    def upsert(self, doc: Doc) -> None:
        """Add or replace one document; the old version's postings and bits are removed."""
        self._heavy.clear()
        pos = self.pos_of.get(doc.id)
        if pos is None:
            if self.docs and doc.id < self.docs[-1].id:
                self.in_id_order = False
            pos = len(self.docs)
            self.docs.append(None)
            self.pos_of[doc.id] = pos
        else:
            self._remove(pos)
        doc.prepare()
        self.docs[pos] = doc
        bit = 1 << pos
        for key in self._mask_keys(doc):
            self.masks[key] = self.masks.get(key, 0) | bit
        for table, keys in self._posting_keys(doc):
            for key in keys:
                _post(table, key, pos)

    def bulk_load(self, docs) -> None:
        """Build from scratch (documents in id order, so position order is id order)."""
        self.__init__()
        pending: dict[tuple, list] = {}
        staged: dict[int, dict] = {}   # table id -> key -> positions, ascending by construction
        for pos, doc in enumerate(sorted(docs, key=lambda d: d.id)):
            doc.prepare()
            self.docs.append(doc)
            self.pos_of[doc.id] = pos
            for key in self._mask_keys(doc):
                pending.setdefault(key, []).append(pos)
            for table, keys in self._posting_keys(doc):
                lists = staged.setdefault(id(table), {})
                for key in keys:
                    found = lists.get(key)
                    if found is None:
                        lists[key] = found = []
                    found.append(pos)
        size = len(self.docs)
        self.masks = {key: _mask_from(positions, size) for key, positions in pending.items()}
        for table in (self.postings, self.latin_postings, self.syllable_postings, self.grid,
                      self.fee_buckets):
            for key, positions in staged.get(id(table), {}).items():
                table[key] = posting = Posting()
                posting.items = array("I", positions)

    def _remove(self, pos: int) -> None:
        old = self.docs[pos]
        clear = ~(1 << pos)
        for key in self._mask_keys(old):
            self.masks[key] &= clear
        for table, keys in self._posting_keys(old):
            for key in keys:
                table[key].discard(pos)

    def _mask_keys(self, doc: Doc) -> list:
        if not doc.active:
            return []
        keys = [("active",), ("district", doc.district), ("city", doc.district[:4] + "00"),
                ("inclusive", bool(doc.inclusive)),
                ("demo", doc.demonstration_level or "none"), ("boost", doc.boost)]
        keys += [("care", c) for c in doc.care_types]
        if doc.age_min_months is not None and doc.age_max_months is not None:
            keys += [("age", m) for m in range(doc.age_min_months, doc.age_max_months + 1)]
        if doc.lat is not None and doc.lng is not None:
            keys.append(("located",))
        if (doc.open_places or 0) > 0:
            keys.append(("has_places",))
        if doc.meals:
            keys.append(("meals",))
        if doc.fee_min is not None:
            keys.append(("fee", doc.fee_min // FEE_BUCKET))
        return keys

    def _posting_keys(self, doc: Doc):
        if not doc.active:
            return []
        fields = [doc.name_key, *doc.alias_keys, doc.street_key, doc.address_key,
                  *doc.district_keys]
        chinese = set().union(*(_bigrams(f) for f in fields if f))
        # Latin queries of 3+ letters intersect 3-grams; shorter ones look up initials n-grams
        # or the first two letters of a syllable (full-pinyin 2-grams would double the memory).
        latin = set()
        for key in (*doc.initials, *(f for f in fields if f and f.isascii())):
            latin |= _ngrams(key, 3) | _ngrams(key, 2) | _ngrams(key, 1)
        for variant in doc.pinyin:
            plain = variant.replace("'", "")
            latin |= _ngrams(plain, 3)
            latin |= {syllable[:2] for syllable in variant.split("'")}
        fuzzy = doc.sound_key.split()
        syllable_bigrams = {f"{a} {b}" for a, b in zip(fuzzy, fuzzy[1:])}
        keys = [(self.postings, chinese), (self.latin_postings, latin),
                (self.syllable_postings, syllable_bigrams)]
        if doc.lat is not None and doc.lng is not None:
            keys.append((self.grid, {self._cell(doc.lat, doc.lng)}))
        if doc.fee_min is not None:
            keys.append((self.fee_buckets, {doc.fee_min // FEE_BUCKET}))
        return keys

    @staticmethod
    def _cell(lat: float, lng: float) -> tuple:
        return (math.floor(lat / GRID_DEG), math.floor(lng / GRID_DEG))

    def __len__(self) -> int:
        return self.masks.get(("active",), 0).bit_count()

    # ---- searching ------------------------------------------------------------------------
    def search(self, query: Query) -> Result:
        size = len(self.docs)
        base = scope = self._scope(query)
        filters = self._filter_masks(query)
        text, mode = None, "none"
        if query.text.strip():
            text, mode = self._cached_text_match(query.text)
            base &= text.mask if text.mask is not None else _mask_from(text.score, size)
        distances = None
        if query.lat is not None and query.radius_m:
            distances = self._within(query.lat, query.lng, query.radius_m, base)
            base &= _mask_from(distances, size)
        final = base
        for mask in filters.values():
            final &= mask
        if text is not None and mode != "pinyin" and final.bit_count() < FUZZY_MIN_HITS:
            fuzzy = self._cached_fuzzy_match(query.text, text)
            if fuzzy.score:
                text = _TextMatch(dict(text.score), dict(text.match))   # never alter a cached one
                text.score.update(fuzzy.score)
                text.match.update(fuzzy.match)
                mode = "fuzzy" if not final else mode
                extra = _mask_from(fuzzy.score, size) & scope
                if distances is not None:
                    extra &= _mask_from(distances, size)
                base |= extra
                final = base
                for mask in filters.values():
                    final &= mask
        facets = self._facets(base, filters)
        hits = self._page(final, query, text, distances)
        return Result(total=final.bit_count(), hits=hits, facets=facets, mode=mode)

    def _scope(self, q: Query) -> int:
        """Active documents, of the query's city when it names one."""
        active = self.masks.get(("active",), 0)
        return active & self.masks.get(("city", q.city), 0) if q.city else active

    def _filter_masks(self, q: Query) -> dict:
        """One mask per facet-able filter (so a facet can ignore its own selection)."""
        m, out = self.masks, {}
        if q.district:
            out["district"] = m.get(("district", q.district), 0)
        if q.care_types:
            out["care_type"] = 0
            for care in q.care_types:
                out["care_type"] |= m.get(("care", care), 0)
        if q.inclusive is not None:
            out["inclusive"] = m.get(("inclusive", q.inclusive), 0)
        if q.demonstration_level == "any":
            out["demonstration_level"] = 0
            for level in ("national", "province", "city", "district"):
                out["demonstration_level"] |= m.get(("demo", level), 0)
        elif q.demonstration_level:
            out["demonstration_level"] = m.get(("demo", q.demonstration_level), 0)
        if q.age_months is not None:
            out["age"] = m.get(("age", q.age_months), 0)
        if q.has_places:
            out["has_places"] = m.get(("has_places",), 0)
        if q.meals:
            out["meals"] = m.get(("meals",), 0)
        if q.fee_max is not None:
            out["fee"] = self._fee_mask(q.fee_max)
        return out

    def _fee_mask(self, fee_max: int) -> int:
        edge = fee_max // FEE_BUCKET
        mask = 0
        for bucket in self.fee_buckets:
            if bucket < edge:
                mask |= self.masks.get(("fee", bucket), 0)
        boundary = [p for p in self.fee_buckets.get(edge, ()) if self.docs[p].fee_min <= fee_max]
        return mask | _mask_from(boundary, len(self.docs))

    def _facets(self, base: int, filters: dict) -> dict:
        """Counts over the whole filtered set; each facet ignores its own filter (disjunctive)."""
        def without(name):
            mask = base
            for key, value in filters.items():
                if key != name:
                    mask &= value
            return mask

        m = self.masks
        district = without("district")
        care = without("care_type")
        inclusive = without("inclusive")
        demo = without("demonstration_level")
        return {
            "district": {key[1]: c for key in m if key[0] == "district"
                         and (c := (district & m[key]).bit_count())},
            "care_type": {code: c for code in ("full_day", "half_day", "hourly", "temporary")
                          if (c := (care & m.get(("care", code), 0)).bit_count())},
            "inclusive": {"true": (inclusive & m.get(("inclusive", True), 0)).bit_count(),
                          "false": (inclusive & m.get(("inclusive", False), 0)).bit_count()},
            "demonstration_level": {
                level: c for level in ("national", "province", "city", "district", "none")
                if (c := (demo & m.get(("demo", level), 0)).bit_count())},
        }

    # ---- text -----------------------------------------------------------------------------
    def _cached_text_match(self, text: str) -> tuple[_TextMatch, str]:
        key = normalize(text).lower()
        found = self._heavy.pop(key, None)
        if found is None:
            found = self._text_match(text)
            if len(found[0].score) < HEAVY_HITS:
                return found
            match = found[0]
            size = len(self.docs)
            match.mask = _mask_from(match.score, size)
            by_score: dict = {}
            for pos, score in match.score.items():
                by_score.setdefault(score, []).append(pos)
            match.levels = {score: _mask_from(group, size) for score, group in by_score.items()}
            while len(self._heavy) >= HEAVY_CACHED:
                self._heavy.pop(next(iter(self._heavy)))
        self._heavy[key] = found
        return found

    def _cached_fuzzy_match(self, text: str, exact: _TextMatch) -> _TextMatch:
        """The typo fallback depends on the text alone (the exact hits it excludes too)."""
        key = ("fuzzy", normalize(text).lower())
        found = self._heavy.pop(key, None)
        if found is None:
            found = self._fuzzy_match(text, exclude=exact.score)
            if len(found.score) < HEAVY_HITS // 4:
                return found
            while len(self._heavy) >= HEAVY_CACHED:
                self._heavy.pop(next(iter(self._heavy)))
        self._heavy[key] = found
        return found

    def _text_match(self, text: str) -> tuple[_TextMatch, str]:
        terms = normalize(text).lower().split()
        latin = [t.replace("'", "") for t in terms if textkeys.is_latin_term(t)]
        chinese = [t for t in terms if not textkeys.is_latin_term(t)]
        result: _TextMatch | None = None
        for term in chinese:
            result = self._and(result, self._chinese_term(term))
        for term in latin:
            result = self._and(result, self._latin_term(term))
        mode = "pinyin" if latin and not chinese else "text"
        return result or _TextMatch(), mode

    @staticmethod
    def _and(acc: _TextMatch | None, new: _TextMatch) -> _TextMatch:
        if acc is None:
            return new
        keep = acc.score.keys() & new.score.keys()
        return _TextMatch({p: acc.score[p] + new.score[p] for p in keep},
                          {p: acc.match[p] for p in keep})

    def _chinese_term(self, term: str) -> _TextMatch:
        found = self._substring(term)
        if found.score or len(term) < 3:
            return found
        # Typed without spaces ("摇篮托育"): every jieba word must match somewhere. The rarest
        # words go first and single characters last, so later words only filter earlier hits.
        acc = None
        for word in sorted(textkeys.query_words(term), key=self._rarity):
            part = self._substring(word, within=acc.score.keys() if acc is not None else None)
            for p in part.score:
                part.score[p] -= 4
            acc = self._and(acc, part)
            if not acc.score:
                break
        return acc or _TextMatch()

    def _rarity(self, word: str) -> int:
        if len(word) < 2:
            return len(self.docs) + 1
        return min(len(self.postings.get(gram, ())) for gram in _bigrams(word))

    def _substring(self, term: str, within=None) -> _TextMatch:
        if within is not None:
            candidates = within
        elif len(term) >= 2:
            candidates = self._intersect(self.postings, _bigrams(term))
        else:
            candidates = range(len(self.docs))
        out = _TextMatch()
        for pos in candidates:
            doc = self.docs[pos]
            if doc is None or not doc.active:
                continue
            scored = self._field_score(doc, term)
            if scored:
                out.score[pos], out.match[pos] = scored
        return out

    @staticmethod
    def _field_score(doc: Doc, term: str):
        name = doc.name_key
        if name == term:
            return 100, "name"
        if name.startswith(term):
            return 40, "name"
        if term in name:
            return (30 if term in doc.words else 24), "name"   # a whole word beats a fragment
        if any(term in a for a in doc.alias_keys):
            return 20, "alias"
        if term in doc.street_key:
            return 12, "street"
        if any(term in t for t in doc.district_keys):
            return 8, "district"
        if term in doc.address_key:
            return 6, "address"
        return None

    def _latin_term(self, term: str) -> _TextMatch:
        grams = _ngrams(term, 3) if len(term) >= 3 else {term}
        out = _TextMatch()
        for pos in self._intersect(self.latin_postings, grams):
            doc = self.docs[pos]
            if doc is None or not doc.active:
                continue
            scored = self._pinyin_score(doc, term)
            if scored:
                out.score[pos], out.match[pos] = scored
        return out

    @staticmethod
    def _pinyin_score(doc: Doc, term: str):
        best = None
        for initials in doc.initials:
            if initials.startswith(term):
                return 36, "initials"
            if term in initials:
                best = (22, "initials")
        for full in doc.pinyin:
            plain = full.replace("'", "")
            if plain.startswith(term):
                return 38, "pinyin"
            starts = {0}
            offset = 0
            for syllable in full.split("'"):
                offset += len(syllable)
                starts.add(offset)
            if any(plain.startswith(term, s) for s in starts):
                best = max(best or (0, ""), (26, "pinyin"))
        if best is None and any(term in t for t in (doc.name_key, *doc.alias_keys)):
            best = (30, "name")
        if best is None and term in doc.district_keys:
            best = (8, "district")
        return best

    @staticmethod
    def _intersect(table: dict, keys: set) -> set:
        postings = sorted((table.get(k, _EMPTY) for k in keys), key=len)
        if not postings or not postings[0]:
            return set()
        found = set(postings[0])
        for posting in postings[1:]:
            found = {p for p in found if p in posting} if len(found) < 64 \
                else found.intersection(posting.items)
            if not found:
                break
        return found

    def _fuzzy_match(self, text: str, exclude: dict) -> _TextMatch:
        """One wrong character or homophone typos in a name (红心托育 -> 红星托育).

        Homophones: every fuzzy syllable bigram of the query must be in the name, and a window
        only matches when at least half its characters are literally the query's, so 经典 never
        matches 景点 (same pinyin, no character in common). One wrong character: all the other
        characters literally, in place (a regex per candidate that shares the other bigrams).
        """
        query = normalize(text).lower().replace(" ", "")
        if not 2 <= len(query) <= 16 or not textkeys.has_han(query):
            return _TextMatch()
        out = _TextMatch()
        q_syl = textkeys.fuzzy_syllables(query)
        grams = {f"{a} {b}" for a, b in zip(q_syl, q_syl[1:])}
        sound = " " + " ".join(q_syl) + " "
        for pos in self._intersect(self.syllable_postings, grams) - exclude.keys():
            doc = self.docs[pos]
            score = _homophone_score(query, sound, doc) if doc and doc.active else None
            if score:
                out.score[pos], out.match[pos] = score, "fuzzy"
        if len(query) >= 3:
            self._one_wrong_character(query, exclude, out)
        return out

    def _one_wrong_character(self, query: str, exclude: dict, out: _TextMatch) -> None:
        n = len(query)
        pattern = re.compile("|".join(
            re.escape(query[:i]) + "." + re.escape(query[i + 1:]) for i in range(n)))
        candidates = set()
        for i in range(n):
            kept = {query[j:j + 2] for j in range(n - 1) if j + 1 < i or j > i}
            if kept:
                candidates |= self._intersect(self.postings, kept)
        for pos in candidates - exclude.keys() - out.score.keys():
            doc = self.docs[pos]
            if doc is not None and doc.active and pattern.search(doc.name_key):
                out.score[pos], out.match[pos] = 10 + n - 1, "fuzzy"

    # ---- geo ------------------------------------------------------------------------------
    def _within(self, lat: float, lng: float, radius_m: float, mask: int) -> dict:
        """{position: metres} of documents in mask within radius_m (haversine, like geo.py)."""
        min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, radius_m)
        (a, b), (c, d) = self._cell(min_lat, min_lng), self._cell(max_lat, max_lng)
        out, members, docs = {}, _Members(mask, len(self.docs)), self.docs
        if (c - a + 1) * (d - b + 1) > len(self.grid):   # a wide circle: walk the cells we have
            cells = [k for k in self.grid if a <= k[0] <= c and b <= k[1] <= d]
        else:
            cells = [(i, j) for i in range(a, c + 1) for j in range(b, d + 1)]
        p1, l1 = math.radians(lat), math.radians(lng)
        cos1, sin, asin, sqrt = math.cos(p1), math.sin, math.asin, math.sqrt
        diameter, data = 2 * EARTH_RADIUS_M, members.data
        # dist <= radius  <=>  h <= sin²(radius / diameter): the arcsine only for those inside.
        h_max = sin(min(radius_m / diameter, math.pi / 2)) ** 2
        for cell in cells:
            for pos in self.grid.get(cell, ()):
                if not data[pos >> 3] >> (pos & 7) & 1:
                    continue
                doc = docs[pos]
                h = sin((doc.lat_rad - p1) / 2) ** 2 + \
                    cos1 * doc.cos_lat * sin((doc.lng_rad - l1) / 2) ** 2
                if h <= h_max:
                    out[pos] = diameter * asin(sqrt(h))
        return out

    def _nearest(self, lat: float, lng: float, mask: int, need: int) -> dict:
        """Distances of at least `need` nearest documents in mask, growing a radius to find them."""
        radius = 2000.0
        available = (mask & self.masks.get(("located",), 0)).bit_count()
        while True:
            found = self._within(lat, lng, radius, mask)
            if len(found) >= min(need, available) or radius > 4_000_000:
                return found
            radius *= 2

    # ---- ordering -------------------------------------------------------------------------
    def _page(self, final: int, q: Query, text: _TextMatch | None, distances: dict | None):
        start, need = (q.page - 1) * q.per_page, q.page * q.per_page
        point = q.lat is not None
        sort = q.sort
        if sort == "relevance" and text is None and point:
            sort = "distance"
        if sort == "relevance" and text is None:
            positions = self._by_boost(final, need)
        elif sort == "distance" and distances is None and text is None:
            distances = self._nearest(q.lat, q.lng, final, need)
            positions = heapq.nsmallest(need, distances,
                                        key=lambda p: (distances[p], self.docs[p].id))
            if len(positions) < need:
                rest = (p for p in _bits(final) if p not in distances)
                positions += list(itertools.islice(rest, need - len(positions)))
        elif sort == "relevance" and not point:
            positions = self._by_score(final, text, need)
        elif sort == "distance" and text is None:   # a radius was given: distances are known
            members = _Members(final, len(self.docs))
            # (distance, position): position order is id order, the stable tie-breaker.
            nearest = heapq.nsmallest(need, ((d, p) for p, d in distances.items()
                                             if p in members))
            positions = [p for _, p in nearest]
        else:
            if point and distances is None:
                distances = {p: haversine_m(q.lat, q.lng, self.docs[p].lat, self.docs[p].lng)
                             for p in _bits(final) if self.docs[p].lat is not None}
            candidates = list(text.score) if text is not None else list(_bits(final))
            members = _Members(final, len(self.docs))
            candidates = [p for p in candidates if p in members]
            positions = heapq.nsmallest(need, candidates,
                                        key=self._sort_key(sort, text, distances))
        hits = []
        for pos in positions[start:need]:
            doc = self.docs[pos]
            dist = distances.get(pos) if distances is not None else None
            if dist is None and point and doc.lat is not None:
                dist = haversine_m(q.lat, q.lng, doc.lat, doc.lng)
            hits.append(Hit(doc, None if dist is None else round(dist),
                            text.match.get(pos) if text is not None else None))
        return hits

    def _by_score(self, final: int, text: _TextMatch, need: int) -> list:
        """Text hits by score, then boost, then id; large equal-score groups go through the
        boost masks instead of a sort (a word in every name has tens of thousands of hits)."""
        docs = self.docs
        if text.levels is not None:
            out = []
            for score in sorted(text.levels, reverse=True):
                group, want = text.levels[score] & final, need - len(out)
                if group.bit_count() > 512:
                    out += self._by_boost(group, want)
                elif group:
                    out += heapq.nsmallest(want, _bits(group),
                                           key=lambda p: (-docs[p].boost, docs[p].id))
                if len(out) >= need:
                    break
            return out
        members = _Members(final, len(self.docs))
        groups: dict = {}
        for pos, score in text.score.items():
            if pos in members:
                groups.setdefault(score, []).append(pos)
        out = []
        for score in sorted(groups, reverse=True):
            group, want = groups[score], need - len(out)
            if len(group) > 512:
                out += self._by_boost(_mask_from(group, len(docs)), want)
            else:
                out += heapq.nsmallest(want, group, key=lambda p: (-docs[p].boost, docs[p].id))
            if len(out) >= need:
                break
        return out

    def _by_boost(self, final: int, need: int) -> list:
        out = []
        for boost in range(7, -1, -1):
            sub = final & self.masks.get(("boost", boost), 0)
            for pos in _bits(sub):
                out.append(pos)
                if len(out) >= need:
                    return out
        return out

    def _sort_key(self, sort: str, text: _TextMatch | None, distances: dict | None):
        far = float("inf")
        docs = self.docs

        def key(pos):
            doc = docs[pos]
            relevance = -(text.score[pos]) if text is not None else 0
            distance = distances.get(pos, far) if distances is not None else 0
            if sort == "distance":
                return (distance, relevance, -doc.boost, doc.id)
            if sort == "fee":
                fee = doc.fee_min if doc.fee_min is not None else far
                return (fee, relevance, -doc.boost, distance, doc.id)
            return (relevance, -doc.boost, distance, doc.id)

        return key


def _homophone_score(query: str, sound: str, doc: Doc):
    """Best window of the name that sounds like the query and shares at least half its
    characters (but not all: that is an exact match)."""
    name = doc.name_key.replace(" ", "")
    n, best = len(query), None
    at = doc.sound_key.find(sound)
    while at >= 0:
        start = doc.sound_key.count(" ", 0, at)   # syllables before the match = its position
        literal = sum(a == b for a, b in zip(query, name[start:start + n]))
        if n <= 2 * literal < 2 * n:
            best = max(best or 0, 10 + literal + 0.5 * (n - literal))
        at = doc.sound_key.find(sound, at + 1)
    return best
