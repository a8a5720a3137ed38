"""The pure search index at a size the API tests do not reach (large equal-score groups)."""
from app.facilities import textkeys
from app.facilities.searchindex import Doc, FacilityIndex, Query


def doc(i: int) -> Doc:
    name = f"第{i}托育园"
    full, initials = textkeys.name_keys(name)
    return Doc(id=i * 3, name=name, district="姑苏区", open_places=i % 2,
               inclusive=i % 3 == 0, demonstration_level="city" if i % 7 == 0 else None,
               pinyin=tuple(full.split()), initials=tuple(initials.split()))


def test_thousands_of_equal_hits_page_by_boost_then_id():
    index = FacilityIndex()
    docs = [doc(i) for i in range(1, 1501)]
    index.bulk_load(docs)
    expected = [d.id for d in sorted(docs, key=lambda d: (-d.boost, d.id))]
    seen = []
    for page in range(1, 4):
        result = index.search(Query(text="托育", page=page, per_page=50))
        assert result.total == 1500
        seen += [hit.doc.id for hit in result.hits]
    assert seen == expected[:150]


def test_an_upsert_moves_a_document_between_groups():
    index = FacilityIndex()
    index.bulk_load([doc(i) for i in range(1, 1001)])
    renamed = doc(500)
    renamed.name = "托育园总园"      # now starts with the query: a better match than the rest
    index.upsert(renamed)
    first = index.search(Query(text="托育", per_page=1)).hits[0].doc
    assert first.id == 1500 and first.name == "托育园总园"


def test_a_late_lower_id_is_flagged_so_the_service_rebuilds():
    # Ties are broken by position, which must be id order (every worker must page alike).
    index = FacilityIndex()
    index.bulk_load([doc(2), doc(4)])
    index.upsert(doc(5))
    assert index.in_id_order
    index.upsert(doc(3))
    assert not index.in_id_order


def test_a_word_in_most_names_pages_the_same_from_its_cached_masks():
    # 2,500 hits: above HEAVY_HITS, so the second search ranks from the cached score masks.
    index = FacilityIndex()
    docs = [doc(i) for i in range(1, 2501)]
    docs[1200].name = "托育园总园"        # a better match (prefix) amid equal ones
    index.bulk_load(docs)
    pages = [[h.doc.id for h in index.search(Query(text="托育", page=p, per_page=50)).hits]
             for p in (1, 2, 30)]
    again = [[h.doc.id for h in index.search(Query(text="托育", page=p, per_page=50)).hits]
             for p in (1, 2, 30)]
    assert again == pages and pages[0][0] == docs[1200].id
    expected = [d.id for d in sorted(docs[:1200] + docs[1201:], key=lambda d: (-d.boost, d.id))]
    assert pages[1] == expected[49:99]
    filtered = index.search(Query(text="托育", inclusive=True, per_page=5))
    assert filtered.total == sum(1 for d in docs if d.inclusive)
    assert all(h.doc.inclusive for h in filtered.hits)
    # An edit is seen at once: the cache is dropped with every change to the index.
    renamed = doc(2000)
    renamed.name = "托育"
    index.upsert(renamed)
    assert index.search(Query(text="托育", per_page=1)).hits[0].doc.id == renamed.id
