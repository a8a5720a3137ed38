"""A small inverted-index BM25 with Lucene's IDF, scored with numpy.

Lucene's IDF, log(1 + (N - n + 0.5) / (n + 0.5)), stays positive for terms in most documents, so a
common domain word such as 产假 still counts on a small FAQ (rank_bm25's Okapi IDF drops it to 0).
Each phrasing of an entry is its own document; an entry scores as its best phrasing.

Normalised scores divide by the query's own weight — the sum of the IDFs of its terms, an unseen
term weighing as much as the rarest one — so scores are comparable across queries and the
thresholds of the decision can be calibrated once. (With tf = 1 in a document of average length a
term contributes exactly its IDF, because (k1 + 1) / (1 + k1) = 1.)

A posting is two arrays, its documents and each one's whole contribution, and scores are a dense
array over all documents: a common word (宝宝, 吗) is in thousands of phrasings once the knowledge
base grows, and adding its posting is one vectorised step instead of a Python loop over them.
"""
import math
from collections import Counter, defaultdict

import numpy as np


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.boost: dict[str, float] = {}      # term -> weight multiplier (domain words)
        self.n_docs = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        self.avgdl = float(lengths.mean()) if self.n_docs else 1.0
        collected: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for doc_id, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                ids, tfs = collected[term]
                ids.append(doc_id)
                tfs.append(tf)
        self.idf = {t: self._idf(len(ids)) for t, (ids, _) in collected.items()}
        self.max_idf = self._idf(0)
        norm = k1 * (1 - b + b * lengths / self.avgdl)
        # Each posting holds its documents' whole contributions, so that scoring is additions.
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, (ids, tfs) in collected.items():
            doc_ids = np.array(ids, dtype=np.intp)
            tf = np.array(tfs, dtype=np.float64)
            self.postings[term] = (doc_ids, self.idf[term] * tf * (k1 + 1) / (tf + norm[doc_ids]))

    def _idf(self, df: int) -> float:
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def query_weight(self, terms: list[str]) -> float:
        boost = self.boost
        return sum(self.idf.get(t, self.max_idf) * boost.get(t, 1.0) for t in set(terms))

    def zeros(self) -> np.ndarray:
        return np.zeros(self.n_docs)

    def scores(self, terms: list[str]) -> dict[int, float]:
        """Raw BM25 of every document that shares a term with the query."""
        result = self.zeros()
        self.accumulate(terms, 1.0, result)
        return {int(d): float(result[d]) for d in np.flatnonzero(result)}

    def normaliser(self, terms: list[str]) -> float:
        """1 / the best score a query can expect (all its terms once in an average document):
        the sum of its terms' IDFs, an unseen term weighing as much as the rarest one."""
        weight = self.query_weight(terms)
        return 1.0 / weight if weight > 0 else 0.0

    def accumulate(self, terms: list[str], factor: float, into: np.ndarray) -> None:
        """Add factor x BM25 of each document into `into` (a zeros() array)."""
        boost = self.boost
        for term in set(terms):
            posting = self.postings.get(term)
            if posting is not None:
                doc_ids, weights = posting
                into[doc_ids] += (factor * boost.get(term, 1.0)) * weights

    def holding(self, term: str) -> set[int]:
        """The documents that contain the term."""
        posting = self.postings.get(term)
        return set(posting[0].tolist()) if posting is not None else set()

    def unknown_share(self, terms: list[str]) -> float:
        """The share of the query's weight carried by terms no document contains."""
        weight = self.query_weight(terms)
        unknown = sum(self.max_idf for t in set(terms) if t not in self.idf)
        return unknown / weight if weight else 0.0
