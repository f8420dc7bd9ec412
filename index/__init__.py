"""corpus-tui's engine: ingest, clean, index, search and tag a folder of scraped articles.

UI-free by design: nothing here imports Textual, Rich or `tui`. Start from `Corpus`.
"""

from index.corpus import Corpus, article_text
from index.errors import CorpusError, IndexBusy, NotFound, QueryError, SearchCancelled, TagError
from index.models import (
    Article,
    Hit,
    Note,
    Progress,
    SavedSearch,
    SearchResult,
    Skipped,
    Snippet,
    Span,
    Suggestion,
    TagChange,
    TagCount,
    UpdateReport,
)
from index.export import FORMATS as EXPORT_FORMATS
from index.export import export
from index.store.tag_store import FOLLOWUP, normalize_tag
from index.store.user_store import normalize_search_name

__all__ = [
    "Article", "Corpus", "CorpusError", "EXPORT_FORMATS", "FOLLOWUP", "Hit", "IndexBusy", "Note", "NotFound",
    "Progress", "QueryError", "SavedSearch", "SearchCancelled", "SearchResult", "Skipped", "Snippet", "Span",
    "Suggestion", "TagChange", "TagCount", "TagError", "UpdateReport", "article_text", "export",
    "normalize_search_name", "normalize_tag",
]
