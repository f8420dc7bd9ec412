"""corpus-tui's engine: ingest, clean, index, search and tag a folder of scraped articles.

UI-free by design: nothing here imports Textual, Rich or `tui`. Start from `Corpus`.
"""

from index.corpus import SORTS, Corpus, article_text
from index.errors import CorpusError, IndexBusy, NotFound, QueryError, SearchCancelled, SourceChanged, TagError
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
)
from index.search.highlight import HitTerms
from index.store.tag_store import FOLLOWUP, normalize_tag
from index.text.safety import one_line, terminal_safe

__all__ = [
    "Article", "Corpus", "CorpusError", "FOLLOWUP", "Hit", "HitTerms", "IndexBusy", "NotFound", "Progress",
    "QueryError", "SORTS", "SearchCancelled", "SearchResult", "Skipped", "Snippet", "SourceChanged", "Span",
    "TagChange", "TagCount", "TagError", "UpdateReport", "article_text", "normalize_tag", "one_line",
    "terminal_safe",
]
