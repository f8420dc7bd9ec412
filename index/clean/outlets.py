"""The outlet (source) a page names in its own furniture, and readable names for web domains.

A page prints its publisher's name where a reader meets the site, not the story: the copyright
line ("© 2019 The Washington Post"), the title's suffix ("… | Reuters"), "Follow Vox on
Twitter", "About SFGATE", "Why you can trust BBC News", "Subscribe to Sportsnet.ca
newsletters", a line that is the name alone. Each of those slots yields a name (the run of
capitalised words, or a domain, that fills it); a name is the page's outlet only when at least
two furniture lines give it (or a structured address confirms it): one line alone can be a
caption credit ("Getty Images"), a button ("Continue Reading Below") or a link to another
site. Generic furniture words are never a name. No source is better than a wrong one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Words that open a slot whose name follows them
_CUES = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d\s*(?:[-–—/]\s*(?:19|20)\d\d)?\s*,?\s*)?(?:copyright\s*)?"
    r"|follow|about|subscribe to|advertise (?:with|on|in)|work (?:at|for|with)|why you can trust|"
    r"welcome to|more from|more stories from|latest from|stay connected with|connect with|continue to)\s+",
    re.IGNORECASE,
)
# "NAME homepage", "NAME newsletter", "NAME Archives", "NAME - All rights reserved"
_TAIL_CUES = re.compile(r"^(.+?)\s+(?:homepage|home page)\s*$", re.IGNORECASE)
# What a copyright line's owner carries that the site's name does not
_LEGAL = frozenset({"inc", "ltd", "llc", "limited", "corp", "corporation", "co", "gmbh", "sa", "ag", "pvt",
                    "plc", "bv", "srl", "spa", "lp", "llp", "pty", "company", "all", "rights", "reserved"})
_SUFFIX = re.compile(r"\s(?:[|–—·•]|-|::)\s+(.{2,60}?)\s*$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DOMAIN_TOKEN = re.compile(r"^(?:[a-z0-9-]+\.)+(?:com|net|org|info|co\.uk|co|uk|ca|au|in|io|tv|news|de|fr|es|it|ru|ie|nz|us)$", re.IGNORECASE)
_CONNECTORS = frozenset({"of", "the", "and", "&", "de", "du", "la", "le", "for", "on", "by", "in", "a", "el", "der", "die"})
# Words that are furniture, never an outlet's name on their own (nor as the whole name)
GENERIC = frozenset("""
home news menu search more sign in log out subscribe share email print comments comment read related
privacy policy terms use service conditions cookie cookies contact us about advertise advertisement
newsletter newsletters follow facebook twitter instagram youtube linkedin pinterest tiktok reddit
whatsapp telegram google apple amazon microsoft getty images image photo photos video videos ap afp
site map sitemap best free plan continue reading below back top next previous all rights reserved
inc ltd llc corp co company media group the a an our your my this that here click tap view skip
content main navigation sections section account login register donate support help faq careers
jobs shop store deals sale popular trending latest top stories story world local sports sport
business politics opinion tech technology science health entertainment lifestyle travel food style
weather markets culture arts books music film tv podcasts podcast live today us uk edition
accessibility feedback rss feed apps app download mobile desktop tools resources blog blogs post
posts page pages archive archives tags tag categories category author authors staff team editor
editors editorial guide guides review reviews how what why who when where new now more less
me icon close open footer header website web join articles article see free tools tool hide show
sign-in signup login logout subscribers subscriber members member membership
""".split())
MIN_EVIDENCE = 2
MAX_LINE_CHARS = 120      # furniture lines are short; a longer one is prose
MAX_NAME_WORDS = 6


def norm(name: str) -> str:
    """A name as names compare: NFKC, case- and punctuation-blind."""
    return " ".join(re.sub(r"[^\w]+", " ", unicodedata.normalize("NFKC", name).casefold()).split())


def _capitalised(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit() or any(ch.isupper() for ch in token[1:3])


def _name_at(text: str) -> str | None:
    """The name that opens `text`: a run of capitalised words (with "of", "&", ... between
    them) or a domain, stopped by punctuation; None when none does."""
    out: list[str] = []
    for raw in text.split():
        token = raw.strip("\"'“”‘’«»()[]")
        end = raw.rstrip("\"'“”‘’»)]")[-1:] in (",", ";", ":", "|", "!", "?", ".") and not _DOMAIN_TOKEN.match(token.rstrip(".,;:"))
        token = token.rstrip(",;:|!?")
        if token.endswith(".") and not _DOMAIN_TOKEN.match(token.rstrip(".")) and not re.match(r"^(?:[A-Z]\.)+$", token):
            token = token[:-1]
            end = True
        if not token:
            break
        if _DOMAIN_TOKEN.match(token) or _capitalised(token) or (out and token.lower() in _CONNECTORS):
            out.append(token)
        else:
            break
        if end:
            break
        if len(out) > MAX_NAME_WORDS:
            return None  # a run of menu items, not a name
    # "Jobber 2025", "CBS Interactive Inc.", "Dow Jones & Company"
    while out and (out[-1].lower() in _CONNECTORS
                   or (len(out) > 1 and (_YEAR.fullmatch(out[-1]) or out[-1].lower().rstrip(".") in _LEGAL))):
        out.pop()
    if not out:
        return None
    found = re.search(r"\s+".join(map(re.escape, out)), text)
    if found is None:
        return None
    name = found.group()  # as the text writes it (its own spacing)
    words = norm(name).split()
    if not words or all(w in GENERIC or w.isdigit() for w in words):
        return None
    if _YEAR.fullmatch(words[0]) or sum(ch.isalpha() for ch in name) < 2:
        return None
    return name


def slot_names(line: str) -> list[tuple[str, bool]]:
    """(name, strong) for each slot of this furniture line that holds a name. Strong slots
    are made to name the site (a copyright line, "Follow X", "X homepage"); weak ones only
    may (a line alone, a title's suffix), as menus and section labels fill them too."""
    s = line.strip()
    if not s or len(s) > MAX_LINE_CHARS:
        return []
    names = []
    if m := _CUES.match(s):
        if name := _name_at(s[m.end():]):
            names.append((name, True))
    elif len(s.split()) <= MAX_NAME_WORDS and (name := _name_at(s)) and norm(name) == norm(s):
        # a line that is a name alone: a domain there is the site's logo text
        names.append((name, bool(_DOMAIN_TOKEN.match(name))))
    if m := _TAIL_CUES.match(s):
        if (name := _name_at(m.group(1))) and norm(name) == norm(m.group(1)):
            names.append((name, True))
    if "©" in s or "copyright" in s.lower():
        # "The Pennsylvania State University © 2025"
        before = re.split(r"©|copyright", s, maxsplit=1, flags=re.IGNORECASE)[0].strip()
        if before and (name := _name_at(before)) and norm(name) == norm(before):
            names.append((name, True))
    if m := _SUFFIX.search(s):
        if (name := _name_at(m.group(1))) and norm(name) == norm(m.group(1)):
            names.append((name, False))
    return names


def outlet_of(lines: list[str], hint: str | None = None, only_hinted: bool = False) -> str | None:
    """The outlet these page lines name (see the module docstring), or None.

    A name needs a strong slot and a second line (strong or weak) that gives it; `hint` (a
    name or domain the input gives: a `source_domain`, a URL's host) stands for both.
    """
    strong: Counter = Counter()
    weak: Counter = Counter()
    forms: dict[str, Counter] = {}
    seen_lines: set[str] = set()
    for line in lines:
        key = line.strip()
        if key in seen_lines:
            continue
        seen_lines.add(key)
        for name, is_strong in dict.fromkeys(slot_names(key)):
            k = norm(name)
            (strong if is_strong else weak)[k] += 1
            forms.setdefault(k, Counter())[name] += 1
    if not strong and not hint:
        return None
    if hint and only_hinted and not any(_matches(k, norm(domain_label(hint) or hint)) for k in forms):
        return None
    hint_key = norm(domain_label(hint) or hint) if hint else None
    best = None
    for k in forms:
        # a longer name counts for the shorter one it starts with ("NBC News NOW", "Telegraph
        # Media Group" for "The Telegraph")
        c = core(k)
        if not c:
            continue
        covers = [other for other in forms if (oc := core(other)) == c or oc.startswith(c + " ")]
        n_strong = sum(strong[o] for o in covers)
        n_all = n_strong + sum(weak[o] for o in covers)
        hinted = bool(hint_key) and _matches(k, hint_key)
        if not (hinted or (n_strong >= 1 and n_all >= MIN_EVIDENCE and not only_hinted)):
            continue
        rank = (hinted, n_strong, n_all, len(k))
        if best is None or rank > best[0]:
            best = (rank, k)
    return _display(forms[best[1]]) if best else None


def core(name_key: str) -> str:
    """A normalised name without a leading "the" or a legal suffix: what two forms share."""
    words = name_key.split()
    if words and words[0] == "the":
        words = words[1:]
    while words and words[-1] in _LEGAL:
        words.pop()
    return " ".join(words)


def _matches(name_key: str, label: str) -> bool:
    squashed = name_key.replace(" ", "")
    return bool(label) and (squashed == label.replace(" ", "") or label.replace(" ", "") in squashed
                            or (len(squashed) >= 4 and squashed in label.replace(" ", "")))


def _display(forms: Counter) -> str:
    """The form to show: the most used one, a mixed-case one before an all-capitals one."""
    return max(forms.items(), key=lambda kv: (not kv[0].isupper() or len(kv[0]) <= 4, kv[1], -len(kv[0])))[0]


def domain_of(url: str | None) -> str | None:
    """The host of an address, without `www.` (None when it has none)."""
    if not url:
        return None
    m = re.match(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//([^/?#:\s]+)", url) or re.match(r"^\s*([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/?#]|$)", url, re.IGNORECASE)
    if not m:
        return None
    host = m.group(1).lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


# Name endings that make a file or folder name look like a domain without being one
_NOT_TLDS = frozenset({"txt", "md", "json", "jsonl", "html", "htm", "old", "bak", "tmp", "zip", "gz", "tar",
                       "csv", "xml", "pdf", "doc", "docx", "d", "dir", "orig", "new", "copy", "backup"})
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "ne", "or"}


def domain_label(value: str | None) -> str | None:
    """The name part of a domain ("washingtonpost" of "www.washingtonpost.com"), else None."""
    if not value or " " in value.strip():
        return None
    host = domain_of(value if "//" in value else "//" + value.strip())
    if not host or "." not in host:
        return None
    parts = host.split(".")
    if not (2 <= len(parts[-1]) <= 6 and parts[-1].isalpha()) or parts[-1] in _NOT_TLDS:
        return None
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL:
        parts = parts[:-2]
    else:
        parts = parts[:-1]
    return parts[-1] if parts else None


_URL_LINE = re.compile(r"^(?:url|source|link|original(?: url)?|permalink)\s*:\s*(https?://\S+)\s*$", re.IGNORECASE)
_BARE_URL = re.compile(r"^(https?://\S+)$")


def url_in(lines: list[str], reach: int = 8) -> str | None:
    """The address a scraper wrote into the text: a "URL: https://..." line near its top or
    bottom, or a bare address as its very first or last line (one inside the page is a link)."""
    picked = [l.strip() for l in lines if l.strip()]
    for line in picked[:reach] + picked[-reach:]:
        if m := _URL_LINE.match(line):
            return m.group(1)
    for line in picked[:1] + picked[-1:]:
        if m := _BARE_URL.match(line):
            return m.group(1)
    return None
