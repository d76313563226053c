"""The one spaCy pipeline of the extractor: ``spacy.blank("en")`` with the rule-based
sentencizer — tokens and sentences, no statistical model, nothing to download."""

from __future__ import annotations

from functools import lru_cache

#: Longest text ingested (characters, about 170,000 words). A longer document stops at once
#: with a message: ingest takes an article, a release or a report chapter at a time.
MAX_TEXT_CHARS = 1_000_000


@lru_cache(maxsize=1)
def pipeline():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = MAX_TEXT_CHARS + 1
    return nlp
