"""The in-process facility search index. Pure Python, no Flask, no database.

Filters and facets are bitmasks (Python ints, one bit per document position): an AND and a
bit_count() over 100,000 documents take microseconds, so facet counts over the whole filtered set
are cheap. Text goes through postings: character bigrams for any Chinese substring of two or more
characters, jieba words for queries typed without spaces, letter n-grams over full pinyin and
initials for Latin queries, and fuzzy syllable bigrams for the typo fallback. Documents keep their
position when updated, so an edit is applied incrementally (see FacilityIndex.upsert).

What a search reads per facility lives in flat columns (one str, bytes or array per field, not
one object per facility): in a gunicorn worker forked from a preloading master, reading a Python
object writes its reference count and so copies its memory page into the worker, while reading
a slice of one big string or an array element copies nothing but that object's header. A hit's
Doc is decoded from its record (marshal) for the page of results only.
"""
import heapq
import itertools
import marshal
import math
import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

from app.common.geo import EARTH_RADIUS_M, bounding_box
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

    def prepare(self) -> "Doc":
        self.name_key = _key(self.name)
        self.alias_keys = tuple(_key(a) for a in self.aliases)
        self.street_key = _key(self.street)
        self.address_key = _key(self.address)
        self.district_keys = tuple(t.lower() for t in self.district_words)
        syllables = self.pinyin[0].split("'") if self.pinyin else []
        self.sound_key = " " + " ".join(textkeys.fuzzy_syllable(x) for x in syllables) + " "
        return self

    @property
    def boost(self) -> int:
        """Tie-breaker among equally relevant hits: open places, then 示范, then 普惠."""
        return (4 if (self.open_places or 0) > 0 else 0) + \
            (2 if self.demonstration_level else 0) + (1 if self.inclusive else 0)


# What a hit's Doc is rebuilt from (the search keys are in the columns).
_RECORD_FIELDS = ("id", "name", "district", "street", "address", "aliases", "lat", "lng",
                  "care_types", "age_min_months", "age_max_months", "places", "open_places",
                  "inclusive", "demonstration_level", "fee_min", "fee_max", "meals", "active")


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


class _Column:
    """One value (str or bytes) per position, all kept in a single object plus an offsets
    array. Values written after the build are kept aside until there are many of them."""

    __slots__ = ("data", "ends", "changed", "empty")
    COMPACT_AFTER = 4096

    def __init__(self, values=(), empty=""):
        values = list(values)
        self.empty = empty
        self.data = empty.join(values)
        self.ends = array("I", [0])
        self.ends.extend(itertools.accumulate(map(len, values)))
        self.changed: dict = {}

    def get(self, pos: int):
        changed = self.changed
        if changed and pos in changed:
            return changed[pos]
        ends = self.ends
        return self.data[ends[pos]:ends[pos + 1]]

    def set(self, pos: int, value) -> None:
        if pos == len(self.ends) - 1:   # a new position: an empty slot in the joined data
            self.ends.append(self.ends[-1])
        self.changed[pos] = value
        if len(self.changed) > self.COMPACT_AFTER:
            self.__init__([self.get(p) for p in range(len(self.ends) - 1)], self.empty)


def _joined(values) -> str:
    """Several strings in one column value; no search term contains a newline."""
    return "\n".join(values)


def _split(value: str) -> tuple:
    return tuple(value.split("\n")) if value else ()


_NAN = float("nan")
_H_SLACK = 1e-9           # relative: a cell is wholly in (or out of) the circle beyond doubt
_EDGE_SLACK = 1e-9        # radians (~6 mm): a point's cell, whatever floor() rounding did
_CELL_RAD = math.radians(GRID_DEG)


class _Circle:
    """Documents within a distance of a point: their mask, and their distances on demand.

    With no radius (`mask` None) it measures any located document (text queries sorted by
    distance). `cells` are the grid cells that may hold members, with the smallest haversine
    term any point of the cell can have, for nearest-first walks."""

    def __init__(self, index: "FacilityIndex", lat: float, lng: float, mask: int | None = None,
                 cells: list | None = None):
        self.index, self.mask, self.cells = index, mask, cells or []
        self.p1, self.l1 = math.radians(lat), math.radians(lng)
        self.cos1 = math.cos(self.p1)
        self._members = _Members(mask, len(index.ids)).data if mask is not None else None

    def __contains__(self, pos: int) -> bool:
        members = self._members
        return members is not None and bool(members[pos >> 3] >> (pos & 7) & 1)

    def _h(self, pos: int) -> float:
        index, sin = self.index, math.sin
        return sin((index.lat_rad[pos] - self.p1) / 2) ** 2 + \
            self.cos1 * index.cos_lat[pos] * sin((index.lng_rad[pos] - self.l1) / 2) ** 2

    def get(self, pos: int, default=None):
        """Metres to a member (any located document when there is no radius), else default."""
        if self._members is not None:
            if not self._members[pos >> 3] >> (pos & 7) & 1:
                return default
        elif self.index.lat_rad[pos] != self.index.lat_rad[pos]:   # NaN: no coordinates
            return default
        return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(self._h(pos)))

    def nearest(self, final: int, need: int) -> list:
        """Positions of the `need` nearest members in final, by (distance, position); only the
        cells nearest the point are measured."""
        members = _Members(final & self.mask, len(self.index.ids)).data
        grid, worst = self.index.grid, []   # max-heap of (-h, -pos)
        for h_low, cell in sorted(self.cells):
            if len(worst) >= need and h_low > -worst[0][0] * (1 + _H_SLACK):
                break
            for pos in grid.get(cell, ()):
                if not members[pos >> 3] >> (pos & 7) & 1:
                    continue
                item = (-self._h(pos), -pos)
                if len(worst) < need:
                    heapq.heappush(worst, item)
                elif item > worst[0]:
                    heapq.heapreplace(worst, item)
        found = [(self.get(-pos), -pos) for _, pos in worst]
        return [pos for _, pos in sorted(found)]


class _DenseScores:
    """A cached large match's scores, read-only: its mask and one float per position of the
    index (0.8 MB at 100,000) instead of a dict of tens of thousands of entries (≈ 3.5 MB)."""

    __slots__ = ("mask", "values", "count")

    def __init__(self, scores: dict, mask: int, size: int):
        self.mask, self.count = mask, len(scores)
        self.values = array("d", bytes(8 * size))
        for pos, score in scores.items():
            self.values[pos] = score

    def __getitem__(self, pos: int):
        return self.values[pos]

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        return _bits(self.mask)

    def keys(self) -> set:
        return set(_bits(self.mask))

    def items(self):
        return ((pos, self.values[pos]) for pos in _bits(self.mask))


_MATCH_KINDS = ("", "name", "alias", "street", "district", "address", "pinyin", "initials",
                "fuzzy")


class _DenseKinds(_DenseScores):
    """A cached large match's match kinds: one byte per position."""

    def __init__(self, kinds: dict, mask: int, size: int):
        self.mask, self.count = mask, len(kinds)
        self.values = bytearray(size)
        for pos, kind in kinds.items():
            self.values[pos] = _MATCH_KINDS.index(kind)

    def __getitem__(self, pos: int):
        return _MATCH_KINDS[self.values[pos]] or None

    def get(self, pos: int, default=None):
        return _MATCH_KINDS[self.values[pos]] or default

    def items(self):
        return ((pos, self[pos]) for pos in _bits(self.mask))


class FacilityIndex:
    def __init__(self):
        self.pos_of: dict[int, int] = {}
        self.masks: dict[tuple, int] = {}
        self.postings: dict[str, Posting] = {}   # Chinese bigrams of every searchable field
        self.latin_postings: dict[str, Posting] = {}
        self.syllable_postings: dict[str, Posting] = {}
        self.grid: dict[tuple, Posting] = {}
        self.fee_buckets: dict[int, Posting] = {}
        # Columns, by position (see the module docstring).
        self.ids = array("q")
        self.active = bytearray()
        self.boosts = bytearray()
        self.fees = array("q")          # fee_min, -1 when unknown
        self.lat_rad = array("d")       # NaN when unknown
        self.lng_rad = array("d")
        self.cos_lat = array("d")
        self.district_of = array("H")   # into district_table: the district's lower-cased words
        self.district_table: list[tuple] = []
        self._district_ids: dict[tuple, int] = {}
        self.names, self.words, self.aliases = _Column(), _Column(), _Column()
        self.streets, self.addresses, self.sounds = _Column(), _Column(), _Column()
        self.pinyins, self.initials = _Column(), _Column()
        self.records = _Column(empty=b"")
        # Position order must be id order: ties are broken by position in the bitmask paths and
        # by id elsewhere, and every worker must page the same way. A late lower id breaks it.
        self.in_id_order = True
        # Text matches of queries with many hits (a word in most names: 托育, 中心), newest last;
        # any change to the index clears it.
        self._heavy: dict[str, tuple] = {}

    @property
    def size(self) -> int:
        return len(self.ids)

    def doc(self, pos: int) -> Doc:
        """The document at a position, decoded afresh (for a page of hits, not for loops)."""
        return Doc(*marshal.loads(self.records.get(pos)))

    # ---- building -------------------------------------------------------------------------
    def upsert(self, doc: Doc) -> None:
        """Add or replace one document; the old version's postings and bits are removed."""
        self._heavy.clear()
        pos = self.pos_of.get(doc.id)
        if pos is None:
            if self.ids and doc.id < self.ids[-1]:
                self.in_id_order = False
            pos = self._new_position(doc.id)
        else:
            self._remove(pos)
        doc.prepare()
        for column, value in zip(self._columns(), self._column_values(doc)):
            column.set(pos, value)
        self._set_numbers(pos, doc)
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
        values = [[] for _ in self._columns()]
        ordered = sorted(docs, key=lambda d: d.id)
        for pos in range(len(ordered)):
            doc, ordered[pos] = ordered[pos], None   # each Doc freed once its values are taken
            doc.prepare()
            self._new_position(doc.id)
            for found, value in zip(values, self._column_values(doc)):
                found.append(value)
            self._set_numbers(pos, doc)
            for key in self._mask_keys(doc):   # arrays, not lists: no int object per entry
                found = pending.get(key)
                if found is None:
                    pending[key] = found = array("I")
                found.append(pos)
            for table, keys in self._posting_keys(doc):
                lists = staged.setdefault(id(table), {})
                for key in keys:
                    found = lists.get(key)
                    if found is None:
                        lists[key] = found = array("I")
                    found.append(pos)
        for column, found in zip(self._columns(), values):
            column.__init__(found, column.empty)
        size = len(self.ids)
        self.masks = {key: _mask_from(positions, size) for key, positions in pending.items()}
        for table in (self.postings, self.latin_postings, self.syllable_postings, self.grid,
                      self.fee_buckets):
            for key, positions in staged.get(id(table), {}).items():
                table[key] = posting = Posting()
                posting.items = positions

    def _new_position(self, doc_id: int) -> int:
        """The next position, its number columns zeroed (the text columns are set apart)."""
        pos = self.pos_of[doc_id] = len(self.ids)
        for column in (self.ids, self.fees, self.lat_rad, self.lng_rad, self.cos_lat,
                       self.district_of, self.active, self.boosts):
            column.append(0)
        return pos

    def _columns(self) -> tuple:
        return (self.names, self.words, self.aliases, self.streets, self.addresses, self.sounds,
                self.pinyins, self.initials, self.records)

    @staticmethod
    def _column_values(doc: Doc) -> tuple:
        record = marshal.dumps(tuple(getattr(doc, name) for name in _RECORD_FIELDS))
        return (doc.name_key, "\n" + _joined(doc.words) + "\n", _joined(doc.alias_keys),
                doc.street_key, doc.address_key, doc.sound_key, _joined(doc.pinyin),
                _joined(doc.initials), record)

    def _set_numbers(self, pos: int, doc: Doc) -> None:
        self.ids[pos] = doc.id
        self.active[pos] = 1 if doc.active else 0
        self.boosts[pos] = doc.boost
        self.fees[pos] = doc.fee_min if doc.fee_min is not None else -1
        if doc.lat is not None and doc.lng is not None:
            lat_rad = math.radians(doc.lat)
            self.lat_rad[pos], self.lng_rad[pos] = lat_rad, math.radians(doc.lng)
            self.cos_lat[pos] = math.cos(lat_rad)
        else:
            self.lat_rad[pos] = self.lng_rad[pos] = self.cos_lat[pos] = _NAN
        district = self._district_ids.get(doc.district_keys)
        if district is None:
            district = self._district_ids[doc.district_keys] = len(self.district_table)
            self.district_table.append(doc.district_keys)
        self.district_of[pos] = district

    def _stored_doc(self, pos: int) -> Doc:
        """The document as indexed, with the keys it was indexed under (to remove them)."""
        doc = self.doc(pos)
        doc.name_key, doc.street_key = self.names.get(pos), self.streets.get(pos)
        doc.address_key, doc.sound_key = self.addresses.get(pos), self.sounds.get(pos)
        doc.alias_keys = _split(self.aliases.get(pos))
        doc.pinyin, doc.initials = _split(self.pinyins.get(pos)), _split(self.initials.get(pos))
        doc.district_keys = self.district_table[self.district_of[pos]]
        return doc

    def _remove(self, pos: int) -> None:
        old = self._stored_doc(pos)
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
        size = len(self.ids)
        base = scope = self._scope(query)
        filters = self._filter_masks(query)
        text, mode = None, "none"
        if query.text.strip():
            text, mode = self._cached_text_match(query.text)
            base &= text.mask if text.mask is not None else _mask_from(text.score, size)
        circle = None
        if query.lat is not None and query.radius_m:
            circle = self._within(query.lat, query.lng, query.radius_m)
            base &= circle.mask
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
                if circle is not None:
                    extra &= circle.mask
                base |= extra
                final = base
                for mask in filters.values():
                    final &= mask
        facets = self._facets(base, filters)
        hits = self._page(final, query, text, circle)
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
        fees = self.fees
        boundary = [p for p in self.fee_buckets.get(edge, ()) if fees[p] <= fee_max]
        return mask | _mask_from(boundary, len(self.ids))

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
            size = len(self.ids)
            match.mask = _mask_from(match.score, size)
            by_score: dict = {}
            for pos, score in match.score.items():
                by_score.setdefault(score, []).append(pos)
            match.levels = {score: _mask_from(group, size) for score, group in by_score.items()}
            match.score = _DenseScores(match.score, match.mask, size)
            match.match = _DenseKinds(match.match, match.mask, size)
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
            return len(self.ids) + 1
        return min(len(self.postings.get(gram, ())) for gram in _bigrams(word))

    def _substring(self, term: str, within=None) -> _TextMatch:
        if within is not None:
            candidates = within
        elif len(term) >= 2:
            candidates = self._intersect(self.postings, _bigrams(term))
        else:
            candidates = range(len(self.ids))
        out = _TextMatch()
        score, match, active = out.score, out.match, self.active
        names, words, aliases = self.names.get, self.words.get, self.aliases.get
        streets, addresses = self.streets.get, self.addresses.get
        district_of, district_table = self.district_of, self.district_table
        word = "\n" + term + "\n"
        for pos in candidates:
            if not active[pos]:
                continue
            name = names(pos)
            if name == term:
                score[pos], match[pos] = 100, "name"
            elif name.startswith(term):
                score[pos], match[pos] = 40, "name"
            elif term in name:   # a whole word beats a fragment
                score[pos], match[pos] = (30 if word in words(pos) else 24), "name"
            elif term in aliases(pos):
                score[pos], match[pos] = 20, "alias"
            elif term in streets(pos):
                score[pos], match[pos] = 12, "street"
            elif any(term in t for t in district_table[district_of[pos]]):
                score[pos], match[pos] = 8, "district"
            elif term in addresses(pos):
                score[pos], match[pos] = 6, "address"
        return out

    def _latin_term(self, term: str) -> _TextMatch:
        grams = _ngrams(term, 3) if len(term) >= 3 else {term}
        out = _TextMatch()
        active = self.active
        for pos in self._intersect(self.latin_postings, grams):
            if not active[pos]:
                continue
            scored = self._pinyin_score(pos, term)
            if scored:
                out.score[pos], out.match[pos] = scored
        return out

    def _pinyin_score(self, pos: int, term: str):
        best = None
        initials = self.initials.get(pos)   # variants, one a line
        if ("\n" + initials).find("\n" + term) >= 0:
            return 36, "initials"
        if term in initials:
            best = (22, "initials")
        for full in _split(self.pinyins.get(pos)):
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
        if best is None and (term in self.names.get(pos) or term in self.aliases.get(pos)):
            best = (30, "name")
        if best is None and term in self.district_table[self.district_of[pos]]:
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
        active, names, sounds = self.active, self.names.get, self.sounds.get
        for pos in self._intersect(self.syllable_postings, grams) - exclude.keys():
            score = _homophone_score(query, sound, names(pos), sounds(pos)) \
                if active[pos] else None
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
        active, names = self.active, self.names.get
        for pos in candidates - exclude.keys() - out.score.keys():
            if active[pos] and pattern.search(names(pos)):
                out.score[pos], out.match[pos] = 10 + n - 1, "fuzzy"

    # ---- geo ------------------------------------------------------------------------------
    def _within(self, lat: float, lng: float, radius_m: float) -> _Circle:
        """Documents within radius_m (haversine, like geo.py). A grid cell wholly inside the
        circle joins without measuring its documents, one wholly outside is skipped, and only
        the documents of cells across the edge are measured (from the coordinate columns)."""
        min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, radius_m)
        (a, b), (c, d) = self._cell(min_lat, min_lng), self._cell(max_lat, max_lng)
        if (c - a + 1) * (d - b + 1) > len(self.grid):   # a wide circle: walk the cells we have
            cells = [k for k in self.grid if a <= k[0] <= c and b <= k[1] <= d]
        else:
            cells = [(i, j) for i in range(a, c + 1) for j in range(b, d + 1)]
        p1, l1 = math.radians(lat), math.radians(lng)
        cos1, sin, cos = math.cos(p1), math.sin, math.cos
        # dist <= radius  <=>  h <= sin²(radius / diameter)
        h_max = sin(min(radius_m / (2 * EARTH_RADIUS_M), math.pi / 2)) ** 2
        surely_in, surely_out = h_max * (1 - _H_SLACK), h_max * (1 + _H_SLACK)
        buf = bytearray((len(self.ids) + 8) // 8)
        lat_rad, lng_rad, cos_lat = self.lat_rad, self.lng_rad, self.cos_lat
        grid, kept = self.grid, []
        for cell in cells:
            posting = grid.get(cell)
            if not posting:
                continue
            i, j = cell
            lat_lo, lat_hi = i * _CELL_RAD - _EDGE_SLACK, (i + 1) * _CELL_RAD + _EDGE_SLACK
            lng_lo, lng_hi = j * _CELL_RAD - _EDGE_SLACK, (j + 1) * _CELL_RAD + _EDGE_SLACK
            # Bounds of h over the cell: sin² grows with the angle, cos(lat) is least at the
            # edge farther from the equator.
            cos_lo, cos_hi = cos(lat_lo), cos(lat_hi)
            h_low = sin(max(lat_lo - p1, p1 - lat_hi, 0.0) / 2) ** 2 + \
                cos1 * min(cos_lo, cos_hi) * sin(max(lng_lo - l1, l1 - lng_hi, 0.0) / 2) ** 2
            if h_low > surely_out:
                continue
            kept.append((h_low, cell))
            cos_most = 1.0 if lat_lo <= 0.0 <= lat_hi else max(cos_lo, cos_hi)
            h_high = sin(max(lat_hi - p1, p1 - lat_lo) / 2) ** 2 + \
                cos1 * cos_most * sin(min(max(lng_hi - l1, l1 - lng_lo), math.pi) / 2) ** 2
            if h_high < surely_in:
                for pos in posting:
                    buf[pos >> 3] |= 1 << (pos & 7)
                continue
            for pos in posting:
                h = sin((lat_rad[pos] - p1) / 2) ** 2 + \
                    cos1 * cos_lat[pos] * sin((lng_rad[pos] - l1) / 2) ** 2
                if h <= h_max:
                    buf[pos >> 3] |= 1 << (pos & 7)
        return _Circle(self, lat, lng, int.from_bytes(buf, "little"), kept)

    def _nearest(self, lat: float, lng: float, mask: int, need: int) -> _Circle:
        """A circle holding at least `need` documents of mask (or all located ones), grown
        from 2 km until it does."""
        radius = 2000.0
        available = (mask & self.masks.get(("located",), 0)).bit_count()
        while True:
            found = self._within(lat, lng, radius)
            if (found.mask & mask).bit_count() >= min(need, available) or radius > 4_000_000:
                return found
            radius *= 2

    # ---- ordering -------------------------------------------------------------------------
    def _page(self, final: int, q: Query, text: _TextMatch | None, circle: _Circle | None):
        start, need = (q.page - 1) * q.per_page, q.page * q.per_page
        point = q.lat is not None
        sort = q.sort
        if sort == "relevance" and text is None and point:
            sort = "distance"
        if sort == "relevance" and text is None:
            positions = self._by_boost(final, need)
        elif sort == "distance" and circle is None and text is None:
            circle = self._nearest(q.lat, q.lng, final, need)
            positions = circle.nearest(final, need)
            if len(positions) < need:
                rest = (p for p in _bits(final) if p not in circle)
                positions += list(itertools.islice(rest, need - len(positions)))
        elif sort == "relevance" and not point:
            positions = self._by_score(final, text, need)
        elif sort == "distance" and text is None:   # a radius was given: final is inside it
            positions = circle.nearest(final, need)   # (distance, position): id order breaks ties
        else:
            if point and circle is None:
                circle = _Circle(self, q.lat, q.lng)
            candidates = list(text.score) if text is not None else list(_bits(final))
            members = _Members(final, len(self.ids))
            candidates = [p for p in candidates if p in members]
            positions = heapq.nsmallest(need, candidates,
                                        key=self._sort_key(sort, text, circle))
        hits = []
        for pos in positions[start:need]:
            dist = circle.get(pos) if circle is not None else None
            hits.append(Hit(self.doc(pos), None if dist is None else round(dist),
                            text.match.get(pos) if text is not None else None))
        return hits

    def _by_score(self, final: int, text: _TextMatch, need: int) -> list:
        """Text hits by score, then boost, then id; large equal-score groups go through the
        boost masks instead of a sort (a word in every name has tens of thousands of hits)."""
        boosts, ids = self.boosts, self.ids
        if text.levels is not None:
            out = []
            for score in sorted(text.levels, reverse=True):
                group, want = text.levels[score] & final, need - len(out)
                if group.bit_count() > 512:
                    out += self._by_boost(group, want)
                elif group:
                    out += heapq.nsmallest(want, _bits(group), key=lambda p: (-boosts[p], ids[p]))
                if len(out) >= need:
                    break
            return out
        members = _Members(final, len(self.ids))
        groups: dict = {}
        for pos, score in text.score.items():
            if pos in members:
                groups.setdefault(score, []).append(pos)
        out = []
        for score in sorted(groups, reverse=True):
            group, want = groups[score], need - len(out)
            if len(group) > 512:
                out += self._by_boost(_mask_from(group, len(self.ids)), want)
            else:
                out += heapq.nsmallest(want, group, key=lambda p: (-boosts[p], ids[p]))
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

    def _sort_key(self, sort: str, text: _TextMatch | None, circle: _Circle | None):
        far = float("inf")
        boosts, ids, fees = self.boosts, self.ids, self.fees

        def key(pos):
            relevance = -(text.score[pos]) if text is not None else 0
            distance = circle.get(pos, far) if circle is not None else 0
            if sort == "distance":
                return (distance, relevance, -boosts[pos], ids[pos])
            if sort == "fee":
                fee = fees[pos] if fees[pos] >= 0 else far
                return (fee, relevance, -boosts[pos], distance, ids[pos])
            return (relevance, -boosts[pos], distance, ids[pos])

        return key


def _homophone_score(query: str, sound: str, name_key: str, sound_key: str):
    """Best window of the name that sounds like the query and shares at least half its
    characters (but not all: that is an exact match)."""
    name = name_key.replace(" ", "")
    n, best = len(query), None
    at = sound_key.find(sound)
    while at >= 0:
        start = sound_key.count(" ", 0, at)   # syllables before the match = its position
        literal = sum(a == b for a, b in zip(query, name[start:start + n]))
        if n <= 2 * literal < 2 * n:
            best = max(best or 0, 10 + literal + 0.5 * (n - literal))
        at = sound_key.find(sound, at + 1)
    return best
