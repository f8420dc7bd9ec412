"""corpus-tui's engine: ingest, clean, index, search and tag a folder of scraped articles.

UI-free by design: nothing here imports Textual, Rich or `tui`. Start from `Corpus`.
"""

from index.clean.cleaner import CleanedArticle, clean
from index.corpus import Corpus, article_text
from index.ingest.readers import decode_bytes
from index.errors import CorpusError, IndexBusy, NotFound, QueryError, SearchCancelled, TagError
from index.models import (
    Article,
    Hit,
    Progress,
    SearchResult,
    Skipped,
    Snippet,
    Span,
    TagChange,
    TagCount,
    UpdateReport,
    WaitingTag,
)
from index.store.tag_store import FOLLOWUP, normalize_tag

__all__ = [
    "Article", "CleanedArticle", "Corpus", "CorpusError", "FOLLOWUP", "Hit", "IndexBusy", "NotFound", "Progress",
    "QueryError", "SearchCancelled", "SearchResult", "Skipped", "Snippet", "Span", "TagChange", "TagCount",
    "TagError", "UpdateReport", "WaitingTag", "article_text", "clean", "decode_bytes", "normalize_tag",
]
