"""Tags that find their article again after a re-scrape changed it.

A tag is kept on (article id, content hash). An article whose file was renamed keeps its hash,
one edited in place keeps its id (see `TagStore.follow`). An article both edited and renamed, or
re-scraped into other files, keeps neither: its tags would wait forever. So the tag store keeps
what each tagged article was (`TaggedArticle`: title, address, date, a sketch of its text), and
after an update every waiting article is looked for among the articles that appeared: the one
with its address, else the one with its title and date, else the one whose text is near-identical
(`index.text.likeness`). Only a match that no other new article shares is taken: a tag never
goes to a guess between two.
"""

from __future__ import annotations

from collections.abc import Iterable

from index.ingest.readers import normal_url
from index.store.catalog import Catalog
from index.store.tag_store import TaggedArticle, TagStore
from index.text.likeness import NEAR_IDENTICAL, likeness, sketch

# Articles of one tagging whose text is sketched when they are tagged; beyond this (tagging a
# whole result list), tags re-attach by address, title and date only.
MAX_SKETCHED = 2000
# New articles whose text is sketched to look for waiting ones in an update (a rebuild of a big
# corpus with a tag still waiting would otherwise re-read the whole corpus).
MAX_CANDIDATES = 20000


def _body(catalog: Catalog, ids: list[str]) -> dict[str, str]:
    out = {}
    for aid, row in catalog.articles(ids).items():
        if row.raw is not None:
            lines = row.raw.split("\n")
            out[aid] = "\n".join(line for line, label in zip(lines, row.labels) if label == "C")
    return out


def remember(catalog: Catalog, tags: TagStore, ids: Iterable[str]) -> None:
    """Record what these (tagged, live) articles are, for the day they go away."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return
    bodies = _body(catalog, ids[:MAX_SKETCHED])
    tags.remember(
        TaggedArticle(aid, h, title, url, date, sketch(bodies[aid]) if aid in bodies else None)
        for aid, h, title, url, date in catalog.facts(ids)
    )


def reattach(catalog: Catalog, tags: TagStore, new_ids: set[str], live_ids: set[str]) -> int:
    """Give waiting tags to the new article each waiting article became; how many moved."""
    waiting = tags.waiting_articles(live_ids)
    if not waiting or not new_ids:
        return 0
    taken = set(tags.tagged_ids())
    facts = [f for f in catalog.facts(sorted(new_ids)) if f[0] not in taken]
    by_url: dict[str, list] = {}
    by_title_date: dict[tuple[str, str], list] = {}
    for f in facts:
        if f[3]:
            by_url.setdefault(normal_url(f[3]), []).append(f)
        if f[2] and f[4]:
            by_title_date.setdefault((f[2].casefold(), f[4]), []).append(f)
    found: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    left = []

    def take(art: TaggedArticle, matches: list) -> bool:
        matches = [m for m in matches if m[0] not in used]
        if len(matches) != 1:
            return False
        found[art.id] = (matches[0][0], matches[0][1])
        used.add(matches[0][0])
        return True

    for art in waiting:
        if art.url and take(art, by_url.get(normal_url(art.url), [])):
            continue
        if art.title and art.date and take(art, by_title_date.get((art.title.casefold(), art.date), [])):
            continue
        if art.sketch:
            left.append(art)
    if left:
        pool = [f for f in facts if f[0] not in used][:MAX_CANDIDATES]
        sketches = {}
        for start in range(0, len(pool), 500):
            chunk = [f[0] for f in pool[start:start + 500]]
            for aid, body in _body(catalog, chunk).items():
                sk = sketch(body)
                if sk is not None:
                    sketches[aid] = sk
        hashes = {f[0]: f[1] for f in pool}
        for art in left:
            alike = [(aid, hashes[aid]) for aid, sk in sketches.items()
                     if aid not in used and likeness(art.sketch, sk) >= NEAR_IDENTICAL]
            take(art, alike)
    if found:
        tags.follow({}, {}, {}, live_ids, found=found)
    return len(found)
