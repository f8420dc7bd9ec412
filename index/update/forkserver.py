"""The cleaning workers' process context, apart from the workers' code: starting the app
starts the fork server (see `start_worker_server`) without loading the cleaner, which only
the workers and the first update need."""

from __future__ import annotations


def worker_context():
    """The multiprocessing context for cleaning workers (forkserver: safe from threads)."""
    import multiprocessing

    return multiprocessing.get_context("forkserver")


def start_worker_server() -> None:
    """Start the forkserver now, while this process still has its real standard streams.

    A Textual app replaces stdout/stderr with objects that have no file descriptor, and the
    forkserver cannot be launched from inside it; the CLI calls this before the app starts.
    """
    try:
        from multiprocessing import forkserver

        worker_context()
        forkserver.ensure_running()
    except Exception:
        pass  # the pool falls back to cleaning in-process
