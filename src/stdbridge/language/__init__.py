"""Language: normalising and cutting text (``text``), the Chinese–English lexicon (``lexicon``), English words for
titles in other languages (``title_words``) and what those word tables share (``word_tables``)."""
