"""corpus-tui's engine: ingest, clean, index, search and tag a folder of scraped articles.

UI-free by design: nothing here imports Textual, Rich or `tui`. Start from `Corpus`.

This module is the engine's only door: `tui/` imports what is listed in `__all__` and nothing
from the stage packages below it (an import-linter contract in pyproject.toml checks that).
Every type that leaves the engine is named here.
"""

from index.corpus import storage_problem, PERIODS, SORTS, Corpus, article_text
from index.errors import (
    BrokenInstall,
    CorpusError,
    IndexBusy,
    InternalError,
    NotFound,
    QueryError,
    SearchCancelled,
    SourceChanged,
    TagError,
)
from index.export import FORMATS as EXPORT_FORMATS
from index.export import csv_cell
from index.export import export as export_articles
from index.ingest.readers import MAX_FILE_BYTES, decode_bytes, read_user_file, too_many_lines
from index.models import (
    Article,
    Bucket,
    Copy,
    CopyDiff,
    FacetCount,
    Facets,
    Hit,
    HitTerms,
    Note,
    Occurrence,
    Progress,
    SavedSearch,
    SearchResult,
    Skipped,
    Snippet,
    Span,
    Suggestion,
    TagChange,
    TagCount,
    Timeline,
    UpdateReport,
    WaitingTag,
)
from index.store.datadir import user_dir_for as user_data_dir_for
from index.store.tag_store import FOLLOWUP, normalize_tag
from index.store.user_store import normalize_search_name
from index.tag_backup import BackupReport, ImportReport, export_tags, import_tags
from index.text.safety import one_line, terminal_json, terminal_safe
from index.update.forkserver import start_worker_server


def __getattr__(name: str):
    """The cleaner, loaded when first asked for: opening a corpus to search or read does not
    need it, and it is a good part of the app's start-up time."""
    if name in ("clean_article", "CleanedArticle"):
        from index.clean import cleaner

        return cleaner.clean if name == "clean_article" else cleaner.CleanedArticle
    if name == "clean_file":
        from index.update.workers import clean_file

        return clean_file
    raise AttributeError(f"module 'index' has no attribute {name!r}")

__all__ = [
    "storage_problem",
    "Article", "Bucket", "Copy", "CopyDiff", "FacetCount", "Facets", "Occurrence", "PERIODS", "Timeline",
    "BrokenInstall", "CleanedArticle", "Corpus", "CorpusError", "EXPORT_FORMATS", "FOLLOWUP", "csv_cell",
    "BackupReport", "Hit", "HitTerms", "ImportReport", "IndexBusy", "InternalError", "Note", "NotFound", "Progress", "QueryError", "SORTS",
    "SavedSearch", "SearchCancelled", "SearchResult", "Skipped", "Snippet", "SourceChanged", "Span", "Suggestion", "TagChange",
    "TagCount", "TagError", "UpdateReport", "WaitingTag", "article_text", "clean_article", "clean_file", "decode_bytes", "MAX_FILE_BYTES", "read_user_file", "too_many_lines",
    "export_articles", "export_tags", "import_tags", "normalize_search_name", "normalize_tag", "one_line", "start_worker_server",
    "terminal_json", "terminal_safe", "user_data_dir_for",
]
