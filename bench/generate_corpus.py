"""Write a deterministic synthetic news corpus of any size, in the seed format, for benchmarks.

    python bench/generate_corpus.py OUT_DIR --n 100000 [--seed 1] [--jobs 2]

Each article is one `.txt` file of raw scraped text as the seeds in `corpus/` look: the outlet's
tagline lines, a section label, the headline, a dateline, a photo credit and a caption ending in
' - Outlet Name', 'Subscribe', body paragraphs with pasted related headlines and a 'Read Also:'
line in between, and footer widgets (one of them in another script, some stray JavaScript).

What makes it a fair stand-in for a real scrape, for indexing and search:
- 40 outlets of very different sizes, each with its own header, dateline style and footer, so
  boilerplate repeats within an outlet the way it does in real scrapes;
- dates spread over 2016-2024, written in the text ('Published: 2019-10-27',
  'October 27, 2019', '27.10.2019 10:31', ...);
- a Zipfian vocabulary: English function words at the top ranks, a few hundred common news
  words, then pseudo-words (some capitalised as names); the vocabulary grows with N like a real
  corpus's does, and each article repeats a few topic words (burstiness);
- 300-1,200 body words per article; about 2% near-duplicates (an earlier article re-published
  with one sentence changed, sometimes by another outlet).

Everything is a function of (seed, article number): the same arguments give byte-identical files
whatever `--jobs` is. Files go to OUT_DIR/<outlet>/<year>/, a few hundred to ~2,000 per folder at
N=100,000. OUT_DIR/.bench-corpus.json records the parameters (the dot keeps it out of the index).
"""

from __future__ import annotations

import argparse
import bisect
import json
import multiprocessing
import os
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from random import Random

GENERATOR_VERSION = 1
MANIFEST = ".bench-corpus.json"

FIRST_DAY = date(2016, 1, 1)
DAYS = (date(2024, 12, 31) - FIRST_DAY).days + 1
MIN_WORDS, MODE_WORDS, MAX_WORDS = 300, 550, 1200
NEAR_DUP_RATE = 0.02
N_OUTLETS = 40

# English function words, most frequent first (they take the top Zipf ranks, as in real text).
FUNCTION_WORDS = """
the of and to a in that is was for on it with as he said by at his from be have has are an
this but not they who were had been their which its will would or after more also she about
than one up we there when all two her over could into out can new other last some them what
him if first only years so people no time before because while against such under between most
three being through during where any these those may even year then our just should did now
""".split()

# Common news words (real English), ranked right after the function words.
NEWS_WORDS = """
government president minister officials police security military forces country state city
police report told statement week month day group party election vote campaign law court
judge case trial attack killed death dead wounded injured fire war peace talks deal agreement
leader leaders members council parliament congress senate house committee office ministry
foreign national international local regional public private company companies market markets
economy economic prices price oil gas energy power water food health hospital doctors virus
school schools students university children women men family families home homes village town
region border area province capital district north south east west northern southern eastern
western central coast river island mountain army soldiers troops officer officers commander
general spokesman agency news media press reporters journalists interview sources source
according official former chief head director secretary spokeswoman analysts experts expert
study research data number numbers percent million billion thousand hundred dollars budget
tax taxes bank banks trade exports imports growth crisis protest protests protesters rally
strike workers union jobs unemployment inflation rate rates investment investors plan plans
project program policy reform reforms rights freedom justice crime arrest arrested charges
prison jail sentence investigation investigators evidence witness victims survivors rescue
storm flood floods earthquake drought climate weather temperature rain winter summer season
church mosque religious community communities residents citizens voters population migrants
refugees camp camps aid support help funding money cost costs deficit debt loan loans sanctions
relations ties diplomatic diplomats embassy ambassador visit meeting summit conference talks
negotiations ceasefire truce conflict fighting violence clashes militants rebels insurgents
terrorist terrorism bomb explosion blast missile missiles drone strike strikes weapons nuclear
program navy air aircraft ship ships port airport flight flights train road roads bridge
traffic accident crash cars vehicles fuel electricity network internet online social digital
technology phone phones video photos images film music festival game games team teams player
players coach match season league championship win won lost victory defeat record record
history culture museum art book books author writer television radio newspaper website
statement announced announcement decision decided approved rejected signed called warned
urged demanded accused denied claimed confirmed reported revealed launched opened closed
began started ended continued remained increased decreased rose fell reached expected planned
major key main important serious significant large small big high low long short early late
recent latest current previous future possible likely different several many few whole
""".split()

SECTIONS = ("World", "Politics", "Business", "Economy", "Society", "Middle East", "Europe",
            "Africa", "Asia", "Americas", "Security", "Opinion", "Analysis", "Science", "Culture",
            "Sport", "Health", "Environment", "Technology", "Local News")

# Widgets in another script (the seeds end with a Russian one); an outlet picks one.
OTHER_SCRIPT_LINES = (
    "Заголовок открываемого материала", "Читайте также", "اقرأ أيضا", "الأكثر قراءة",
    "相关新闻", "热门文章", "Διαβάστε επίσης", "और पढ़ें", "Читайте також", "関連ニュース",
    "더 보기", "קראו עוד",
)

FOOTER_WIDGETS = (
    ("Newsfeed", "0", "To participate in the discussion", "log in or register", "loader", "Chats"),
    ("Recent Articles", "Related News", "Leave A Reply", "Please enter your comment!",
     "Please enter your name here"),
    ("Share this article", "Facebook", "Twitter", "WhatsApp", "Email", "Print"),
    ("Most Read", "Trending Now", "Sign up for our newsletter", "Your email address", "Sign Up"),
    ("Comments", "0 comments", "Sort by", "Oldest", "Add a comment..."),
    ("Tags", "Advertisement", "Load more", "Back to top"),
)

SCRIPT_LINES = (
    "s.parentNode.insertBefore(t,s)}(window, document,'script',",
    "fbq('init', '1407895342825011');",
    "fbq('track', 'PageView');",
    "window.dataLayer = window.dataLayer || [];",
    "googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });",
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

_ONSETS = ("b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br",
           "ch", "cl", "dr", "fl", "gr", "kh", "pl", "sh", "st", "tr", "th", "")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ou", "ia", "y")
_CODAS = ("", "", "", "n", "r", "l", "s", "m", "t", "k", "nd", "rt", "st")

_NAME_PARTS_A = ("Al", "New", "Daily", "Global", "Free", "United", "Eastern", "Western", "Northern",
                 "National", "Evening", "Morning", "Capital", "Coastal", "Frontier", "Independent",
                 "Metro", "Citizen", "People's", "Weekly")
_NAME_PARTS_B = ("Courier", "Herald", "Tribune", "Observer", "Gazette", "Chronicle", "Post", "Times",
                 "Monitor", "Express", "Review", "Dispatch", "Sentinel", "Journal", "Telegraph",
                 "Standard", "Mirror", "Register", "Voice", "Echo")


# -- vocabulary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Words by Zipf rank (0 = most frequent), as printed, with cumulative weights for sampling."""

    words: tuple[str, ...]          # as printed in text (names capitalised)
    cum_weights: tuple[float, ...]
    n_function: int                 # ranks below this are function words
    n_news: int                     # how many real news words are mixed in after them

    def rank_of(self, word: str) -> int:
        return self.words.index(word)


def vocabulary_size(n_articles: int) -> int:
    """Distinct pseudo-words: grows with the corpus as real vocabularies do (Heaps' law, roughly)."""
    return 40_000 + int(25 * n_articles ** 0.75)


def pseudo_words(seed: int, count: int) -> list[str]:
    """`count` distinct pronounceable non-words, deterministic for a seed."""
    rng = Random(seed * 7919 + 17)
    taken = set(FUNCTION_WORDS) | set(NEWS_WORDS)
    out: list[str] = []
    while len(out) < count:
        syllables = rng.choice((1, 2, 2, 2, 3))
        w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))
        if len(w) >= 3 and w not in taken:
            taken.add(w)
            out.append(w)
    return out


@lru_cache(maxsize=4)
def vocabulary(seed: int, n_articles: int) -> Vocabulary:
    """The ranked vocabulary for a corpus: function words, then news words mixed with pseudo-words."""
    rng = Random(seed * 104729 + 3)
    fakes = pseudo_words(seed, vocabulary_size(n_articles))
    # Every fifth pseudo-word is a name (printed capitalised), as names fill a news vocabulary.
    fakes = [w.capitalize() if i % 5 == 4 else w for i, w in enumerate(fakes)]
    news = list(dict.fromkeys(NEWS_WORDS))
    rng.shuffle(news)
    mixed: list[str] = []
    fi = 0
    for w in news:  # news words and pseudo-words alternate in the middle ranks
        mixed.append(w)
        mixed.append(fakes[fi])
        fi += 1
    mixed.extend(fakes[fi:])
    words = tuple(FUNCTION_WORDS) + tuple(mixed)
    # Zipf-Mandelbrot, weight 1 / (rank + 2.7) ** 1.1: 'the' ~4% of tokens, the top 100 ~44%,
    # the top 5,000 ~76%, close to English news text.
    total, cum = 0.0, []
    for r in range(len(words)):
        total += 1.0 / (r + 3.7) ** 1.1
        cum.append(total)
    return Vocabulary(words, tuple(cum), len(FUNCTION_WORDS), len(news))


# -- outlets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlet:
    name: str
    slug: str
    header: tuple[str, ...]       # lines above the section label
    tagline: str
    sections: tuple[str, ...]
    date_style: int
    title_case: bool
    credit: str                   # photo agency in '© X / Name' lines
    subscribe: bool
    read_also: str                # the pointer's wording
    footer: tuple[str, ...]
    other_script: str
    script_lines: tuple[str, ...]


@lru_cache(maxsize=4)
def outlets(seed: int) -> tuple[Outlet, ...]:
    rng = Random(seed * 1299709 + 11)
    names: list[str] = []
    while len(names) < N_OUTLETS:
        a, b = rng.choice(_NAME_PARTS_A), rng.choice(_NAME_PARTS_B)
        name = f"The {a} {b}" if rng.random() < 0.3 else f"{a} {b}"
        if rng.random() < 0.2:
            name += " International" if rng.random() < 0.5 else " Online"
        if name not in names:
            names.append(name)
    out = []
    for name in names:
        slug = name.lower().replace("'", "").replace(" ", "-")
        style = rng.randrange(3)
        header = (f"- {name}",) if style == 0 else (name.upper(), "Menu") if style == 1 else (f"{name} | Home",)
        tagline = rng.choice((
            "Get the latest news from around the world, live coverage, off-beat stories, features and analysis.",
            "Breaking news, analysis and opinion from our correspondents.",
            "Independent journalism since 1998.",
            "Your trusted source for regional news.",
            "News, views and the stories that matter to you.",
        ))
        widgets = [w for group in rng.sample(FOOTER_WIDGETS, rng.randint(1, 2)) for w in group]
        out.append(Outlet(
            name=name,
            slug=slug,
            header=header,
            tagline=tagline,
            sections=tuple(rng.sample(SECTIONS, rng.randint(2, 6))),
            date_style=rng.randrange(5),
            title_case=rng.random() < 0.6,
            credit=rng.choice(("AP Photo", "AFP", "Reuters", "Getty Images", "EPA", "Sputnik")),
            subscribe=rng.random() < 0.6,
            read_also=rng.choice(("Read Also:", "Read also:", "READ MORE:", "See also:", "Related:")),
            footer=tuple(widgets),
            other_script=rng.choice(OTHER_SCRIPT_LINES),
            script_lines=tuple(rng.sample(SCRIPT_LINES, 3)) if rng.random() < 0.3 else (),
        ))
    return tuple(out)


@lru_cache(maxsize=4)
def _outlet_cum(seed: int) -> tuple[float, ...]:
    total, cum = 0.0, []
    for k in range(N_OUTLETS):  # outlet sizes are Zipfian too: a few big, many small
        total += 1.0 / (k + 1) ** 0.8
        cum.append(total)
    return tuple(cum)


# -- articles ----------------------------------------------------------------------------------


@dataclass
class Content:
    """An article before it is dressed in an outlet's page."""

    title: str
    paragraphs: list[list[str]]   # sentences per paragraph
    day: date
    outlet: int
    related: list[str]            # pasted headlines
    caption: str
    photographer: str


def _rng(seed: int, i: int, salt: int = 0) -> Random:
    return Random((seed << 40) ^ (i << 4) ^ salt)


def is_near_duplicate(seed: int, i: int) -> bool:
    return i >= 20 and _rng(seed, i, 1).random() < NEAR_DUP_RATE


def _sentences(rng: Random, vocab: Vocabulary, n_words: int, topic: list[str]) -> list[str]:
    toks = rng.choices(vocab.words, cum_weights=vocab.cum_weights, k=n_words)
    for _ in range(max(1, n_words // 30)):  # burstiness: the article's own topic words recur
        toks[rng.randrange(n_words)] = rng.choice(topic)
    out = []
    pos = 0
    while pos < n_words:
        length = rng.randint(8, 30)
        chunk = toks[pos:pos + length]
        pos += length
        if len(chunk) < 4:
            if out:
                out[-1] = out[-1][:-1] + " " + " ".join(chunk) + "."
                continue
        if len(chunk) > 10 and rng.random() < 0.5:
            k = rng.randint(3, len(chunk) - 4)
            chunk[k] += ","
        s = " ".join(chunk)
        end = "." if rng.random() < 0.95 else ("?" if rng.random() < 0.5 else "!")
        out.append(s[0].upper() + s[1:] + end)
    return out


def _headline(rng: Random, vocab: Vocabulary, title_case: bool, topic: list[str] | None = None) -> str:
    n = rng.randint(6, 13)
    words = rng.choices(vocab.words, cum_weights=vocab.cum_weights, k=n)
    if topic:
        words[rng.randrange(n)] = rng.choice(topic)
    if title_case:
        words = [w if w[:1].isupper() else w.capitalize() for w in words]
    else:
        words[0] = words[0].capitalize()
    text = " ".join(words)
    if rng.random() < 0.1:
        text = f"'{text}'" if rng.random() < 0.5 else text + "?"
    return text


def _name(rng: Random, vocab: Vocabulary) -> str:
    lo = vocab.n_function + 2 * vocab.n_news
    first = vocab.words[rng.randrange(lo, lo + 5000)].capitalize()
    last = vocab.words[rng.randrange(lo, len(vocab.words))].capitalize()
    return f"{first} {last}"


def content(seed: int, n_articles: int, i: int) -> Content:
    """Article `i` before dressing (for a near-duplicate: its original, one sentence changed)."""
    vocab = vocabulary(seed, n_articles)
    if is_near_duplicate(seed, i):
        pick = _rng(seed, i, 2)
        j = pick.randrange(i)
        while is_near_duplicate(seed, j):
            j = pick.randrange(i)
        c = content(seed, n_articles, j)
        p = pick.randrange(len(c.paragraphs))
        s = pick.randrange(len(c.paragraphs[p]))
        c.paragraphs[p][s] = _sentences(pick, vocab, pick.randint(10, 25), [c.title.split()[0]])[0]
        c.day = c.day + timedelta(days=pick.randint(0, 3))
        if pick.random() < 0.5:  # syndicated: another outlet republished it
            c.outlet = bisect.bisect(_outlet_cum(seed), pick.random() * _outlet_cum(seed)[-1])
        return c
    rng = _rng(seed, i)
    lo = vocab.n_function
    topic = [vocab.words[min(len(vocab.words) - 1, lo + int(rng.paretovariate(0.6) * 40))] for _ in range(4)]
    n_words = int(rng.triangular(MIN_WORDS, MAX_WORDS, MODE_WORDS))
    sentences = _sentences(rng, vocab, n_words, topic)
    paragraphs: list[list[str]] = []
    pos = 0
    while pos < len(sentences):
        k = rng.choice((1, 2, 2, 3, 3, 4))
        paragraphs.append(sentences[pos:pos + k])
        pos += k
    oc = _outlet_cum(seed)
    outlet = bisect.bisect(oc, rng.random() * oc[-1])
    ot = outlets(seed)[outlet]
    return Content(
        title=_headline(rng, vocab, ot.title_case, topic),
        paragraphs=paragraphs,
        day=FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
        outlet=outlet,
        related=[_headline(rng, vocab, True) for _ in range(rng.randint(1, 3))],
        caption=_headline(rng, vocab, False).rstrip("?'").lstrip("'"),
        photographer=_name(rng, vocab),
    )


def _dateline(rng: Random, style: int, d: date, byline: str) -> str:
    hhmm = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    if style == 0:
        return f"Published: {d.isoformat()}"
    if style == 1:
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == 2:
        return f"By {byline} | {d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == 3:
        return f"{d.day:02d}.{d.month:02d}.{d.year} {hhmm}"
    return f"Updated {hhmm} {MONTHS[d.month - 1][:3]} {d.day}, {d.year}"


def render(seed: int, n_articles: int, i: int) -> tuple[str, str]:
    """(relative path, file text) of article `i`."""
    c = content(seed, n_articles, i)
    ot = outlets(seed)[c.outlet]
    rng = _rng(seed, i, 3)
    vocab = vocabulary(seed, n_articles)
    lines: list[str] = list(ot.header)
    lines.append(rng.choice(ot.sections))
    if rng.random() < 0.7:
        lines.append(ot.tagline)
    lines.append("")
    lines.append(c.title)
    lines.append("")
    lines.append(_dateline(rng, ot.date_style, c.day, _name(rng, vocab)))
    lines.append("")
    if rng.random() < 0.8:
        lines.append(f"© {ot.credit} / {c.photographer}, File{c.caption}")
        lines.append(f"{c.caption} - {ot.name}")
    if ot.subscribe:
        lines.append("Subscribe")
    n = len(c.paragraphs)
    related_at = {rng.randrange(1, max(2, n - 1)): h for h in c.related}
    read_also_at = rng.randrange(1, max(2, n)) if rng.random() < 0.6 else -1
    for k, para in enumerate(c.paragraphs):
        if k in related_at:
            lines.append(f"{_headline(rng, vocab, False).strip(chr(39))} - {ot.name}")
            lines.append(related_at[k])
        if k == read_also_at:
            lines.append(f"{ot.read_also}  {_headline(rng, vocab, True)}")
            lines.append("")
        lines.append(" ".join(para))
        lines.append("")
    lines.extend(ot.footer)
    lines.extend(ot.script_lines)
    lines.append(ot.other_script)
    rel = f"{ot.slug}/{c.day.year}/{i:07d}_{rng.getrandbits(48):012x}.txt"
    return rel, "\n".join(lines)


# -- writing -----------------------------------------------------------------------------------


def _write_range(args: tuple[str, int, int, int, int]) -> tuple[int, int]:
    out, seed, n, start, stop = args
    root = Path(out)
    made: set[str] = set()
    total = 0
    for i in range(start, stop):
        rel, text = render(seed, n, i)
        folder = rel.rsplit("/", 1)[0]
        if folder not in made:
            (root / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        data = text.encode("utf-8")
        with open(root / rel, "wb") as f:
            f.write(data)
        total += len(data)
    return stop - start, total


def read_manifest(out: Path) -> dict | None:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def matches(out: Path, n: int, seed: int) -> bool:
    """True when `out` holds an intact corpus generated with these parameters."""
    m = read_manifest(out)
    if not (bool(m) and m.get("version") == GENERATOR_VERSION and m.get("n") == n and m.get("seed") == seed
            and m.get("complete") is True and not (out / ".bench-dirty").exists()):
        return False
    # the files themselves, not just the manifest (a cleaned-up /tmp can keep the one, not the other)
    return sum(sum(name.endswith(".txt") for name in files) for _, _, files in os.walk(out)) == n


def generate(out: Path, n: int, seed: int = 1, jobs: int | None = None, progress=None) -> dict:
    """Write the corpus to `out` (which must be empty, or a corpus this script wrote); its manifest."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if read_manifest(out) is None:
            raise SystemExit(f"{out} is not empty and was not written by this script; choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    vocabulary(seed, n)
    outlets(seed)  # built before forking so workers inherit them
    jobs = max(1, jobs or os.cpu_count() or 1)
    step = 500
    chunks = [(str(out), seed, n, s, min(n, s + step)) for s in range(0, n, step)]
    done = size = 0
    if jobs == 1 or n < 2000:
        results = map(_write_range, chunks)
        pool = None
    else:
        pool = multiprocessing.get_context("fork").Pool(jobs)
        results = pool.imap_unordered(_write_range, chunks)
    try:
        for count, nbytes in results:
            done += count
            size += nbytes
            if progress:
                progress(done, n)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    manifest = {
        "version": GENERATOR_VERSION,
        "n": n,
        "seed": seed,
        "bytes": size,
        "near_duplicates": sum(1 for i in range(n) if is_near_duplicate(seed, i)),
        "vocabulary": len(vocabulary(seed, n).words),
        "elapsed_s": round(time.perf_counter() - started, 2),
        "complete": True,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write (created; must be empty or a previous output)")
    ap.add_argument("--n", type=int, required=True, help="number of articles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    ap.add_argument("--print", dest="show", type=int, metavar="I", help="print article I to stdout and exit")
    a = ap.parse_args(argv)
    if a.n < 1:
        ap.error("--n must be at least 1")
    if a.show is not None:
        rel, text = render(a.seed, a.n, a.show)
        sys.stdout.write(f"# {rel}\n{text}\n")
        return 0

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    m = generate(a.out, a.n, a.seed, a.jobs, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"wrote {m['n']:,} articles ({m['bytes'] / 1e6:,.0f} MB, {m['near_duplicates']} near-duplicates, "
          f"vocabulary {m['vocabulary']:,}) to {a.out} in {m['elapsed_s']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
