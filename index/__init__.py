"""corpus-tui's engine: ingest, clean, index, search and tag a folder of scraped articles.

UI-free by design: nothing here imports Textual, Rich or `tui`. Start from `Corpus`.
"""

from index.corpus import Corpus, article_text
from index.errors import CorpusError, IndexBusy, NotFound, QueryError, SearchCancelled, TagError
from index.models import (
    Article,
    Bucket,
    Copy,
    CopyDiff,
    FacetCount,
    Facets,
    Hit,
    Occurrence,
    Progress,
    SearchResult,
    Skipped,
    Snippet,
    Span,
    TagChange,
    TagCount,
    Timeline,
    UpdateReport,
)
from index.store.tag_store import FOLLOWUP, normalize_tag

__all__ = [
    "Article", "Bucket", "Copy", "CopyDiff", "FacetCount", "Facets", "Occurrence", "Timeline", "Corpus", "CorpusError", "FOLLOWUP", "Hit", "IndexBusy", "NotFound", "Progress",
    "QueryError", "SearchCancelled", "SearchResult", "Skipped", "Snippet", "Span", "TagChange", "TagCount",
    "TagError", "UpdateReport", "article_text", "normalize_tag",
]
