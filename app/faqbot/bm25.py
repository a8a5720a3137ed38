"""A small inverted-index BM25 with Lucene's IDF (pure Python).

Lucene's IDF, log(1 + (N - n + 0.5) / (n + 0.5)), stays positive for terms in most documents, so a
common domain word such as 产假 still counts on a small FAQ (rank_bm25's Okapi IDF drops it to 0).
Each phrasing of an entry is its own document; an entry scores as its best phrasing.

Normalised scores divide by the query's own weight — the sum of the IDFs of its terms, an unseen
term weighing as much as the rarest one — so scores are comparable across queries and the
thresholds of the decision can be calibrated once. (With tf = 1 in a document of average length a
term contributes exactly its IDF, because (k1 + 1) / (1 + k1) = 1.)
"""
import math
from collections import Counter, defaultdict


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.boost: dict[str, float] = {}      # term -> weight multiplier (domain words)
        self.n_docs = len(docs)
        self.lengths = [len(d) for d in docs]
        self.avgdl = (sum(self.lengths) / self.n_docs) if self.n_docs else 1.0
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for doc_id, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                postings[term].append((doc_id, tf))
        self.idf = {t: self._idf(len(p)) for t, p in postings.items()}
        self.max_idf = self._idf(0)
        norm = [k1 * (1 - b + b * dl / self.avgdl) for dl in self.lengths]
        # Each posting holds its document's whole contribution, so that scoring is additions.
        self.postings: dict[str, dict[int, float]] = {
            t: {d: self.idf[t] * tf * (k1 + 1) / (tf + norm[d]) for d, tf in p}
            for t, p in postings.items()}

    def _idf(self, df: int) -> float:
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def query_weight(self, terms: list[str]) -> float:
        boost = self.boost
        return sum(self.idf.get(t, self.max_idf) * boost.get(t, 1.0) for t in set(terms))

    def scores(self, terms: list[str]) -> dict[int, float]:
        """Raw BM25 of every document that shares a term with the query."""
        result: dict[int, float] = {}
        self.accumulate(terms, 1.0, result)
        return result

    def normaliser(self, terms: list[str]) -> float:
        """1 / the best score a query can expect (all its terms once in an average document):
        the sum of its terms' IDFs, an unseen term weighing as much as the rarest one."""
        weight = self.query_weight(terms)
        return 1.0 / weight if weight > 0 else 0.0

    def accumulate(self, terms: list[str], factor: float, into: dict[int, float]) -> None:
        """Add factor x BM25 of each document into `into` (several fields share one dict)."""
        get = into.get
        boost = self.boost
        for term in set(terms):
            posting = self.postings.get(term)
            if posting:
                f = factor * boost.get(term, 1.0)
                for doc_id, weight in posting.items():
                    into[doc_id] = get(doc_id, 0.0) + f * weight

    def unknown_share(self, terms: list[str]) -> float:
        """The share of the query's weight carried by terms no document contains."""
        weight = self.query_weight(terms)
        unknown = sum(self.max_idf for t in set(terms) if t not in self.idf)
        return unknown / weight if weight else 0.0
