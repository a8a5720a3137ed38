"""Understanding what parents type, shared by course search, facility search and the FAQ bot.

Pure Python, no Flask:
  normal    NFKC, trimming, what counts as Chinese or as a pinyin term
  segment   the process's one private jieba tokenizer (never jieba's global dictionary)
  pinyin    readings, initials and the fuzzy syllables of Jiangsu speech for typo tolerance
  synonyms  the words parents use for the words content uses (content/search/synonyms.yaml)
  match     scoring short documents (course titles and summaries) against a query
"""
