"""The outlet (source) a page names in its own furniture, and readable names for web domains.

A page prints its publisher's name where a reader meets the site, not the story: the copyright
line ("© 2019 The Washington Post", "Zalaris. All rights reserved."), the title's suffix
("… | Reuters" on the page's first line), "Follow Vox on Twitter", "About SFGATE", "Why you
can trust BBC News", "Sign in to your XDA account", "Board Game Quest is a participant in the
Amazon Associates Program", the site's description of itself in its footer ("X is your daily
service for ...", "X is a non-profit organization that ..."), the logo's text (a name alone
among the first lines, confirmed by a web address the page writes that spells it, or by a
line that credits it as the page's author), an "About X" box whose paragraph describes X, and,
when nothing surer names the site, the names it gives its own products and sections ("NPR
Shop", "NPR Careers" with "About NPR", or one such line with the site's e-mail domain) and the
publication an author's note says its author works for ("Zac covers Apple news for 9to5Mac";
a clipped form of the logo's name is shown as the logo writes it: "Lit Hub" under "Literary
Hub"). Each of
those slots yields a name (the run of capitalised words, or a domain, that fills it) and is
worth what its kind is worth as evidence; other short lines that repeat the name ("Fox News
Radio", "Search SlashGear") add a little. A name is the page's outlet only when its evidence
adds up and one of its slots is made to name a site: one line alone can be a caption credit
("Getty Images"), a button ("Continue Reading Below"), a menu's label ("Services", which the
page also writes in lower case) or a person ("Follow Sarah"); a copyright owner said once is
a parent company as often as the site (an owner with a legal suffix is taken when the page
names it on two more lines and nothing surer names another). A name credited as a line's author or maker ("by Regan",
"Website by X"), a company ("X Labs"), a network that says it runs other sites, and a name
that only "About X" / "Search X" lines hold are not taken. Generic furniture words are never
a name, unless the site describes itself by them ("Privacy Guides is a non-profit, socially
motivated website"). Scripts without capitals (Chinese, Japanese, Korean, Arabic, Hebrew)
hold names too, and "All rights reserved" is read in the languages pages are written in. A
"Source: X" label (in any of those languages) names the story's origin, a wire or the outlet a
portal reprints from as often as the site, so it only adds to surer evidence; "By X Staff" is a
site's byline for its own desk. No source is better than a wrong one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from index.clean.dates import ascii_digits

# What a copyright line's owner carries that the site's name does not
_LEGAL = frozenset({"inc", "ltd", "llc", "limited", "corp", "corporation", "co", "gmbh", "sa", "ag", "pvt",
                    "plc", "bv", "srl", "spa", "lp", "llp", "pty", "company", "all", "rights", "reserved",
                    "copyright", "copyrights",
                    # "All rights reserved" where Chinese and Japanese pages write it, after the owner
                    "版权所有", "版權所有", "保留所有权利", "著作権所有", "無断転載禁止", "무단전재",
                    "جميع", "الحقوق", "محفوظة", "כל", "הזכויות", "שמורות"})
_SUFFIX = re.compile(r"\s(?:[|–—·•]|-|::)\s+(.{2,60}?)\s*$")
# ...as Chinese and Japanese titles join it, without spaces ("标题_新华网", "見出し｜朝日新聞"; the
# name ends in those scripts too)
_CJK_SUFFIX = re.compile(r"(?<=[\u3000-\u9fff\uac00-\ud7af\uff01-\uff60])\s?[_｜|－—–-]\s?([\u3040-\u9fff\uac00-\ud7af][^_｜|]{1,30}?)\s*$")


def _title_suffix(line: str) -> re.Match | None:
    """The match of a title's suffix (`_SUFFIX`, or `_CJK_SUFFIX` on a line with other characters)."""
    if line.isascii():  # (every `_SUFFIX` match holds one of its separators: most lines hold none)
        return _SUFFIX.search(line) if "-" in line or "|" in line or "::" in line else None
    # (the suffix's name is short: only the tail is searched, a lookbehind being tried at every position)
    return (_SUFFIX.search(line) if _suffix_separated(line) else None) or (
        None if line[-1] < "\u3040" else _CJK_SUFFIX.search(line, max(0, len(line) - 36)))


def _suffix_separated(line: str) -> bool:
    """True when `line` holds one of the separators every `_SUFFIX` match holds."""
    return "-" in line or "|" in line or "–" in line or "—" in line or "·" in line or "•" in line or "::" in line


_YEAR = re.compile(r"(?:19|20)\d\d")
_DOMAIN_TOKEN = re.compile(r"^(?:[a-z0-9-]+\.)+(?:com|net|org|info|co\.uk|co|uk|ca|au|in|io|tv|news|de|fr|es|it|ru|ie|nz|us)$", re.IGNORECASE)
_POLICY_WORDS = frozenset({"privacy", "policy", "terms", "conditions", "contact", "cookie", "cookies", "sitemap",
                           "disclaimer", "accessibility", "imprint"})
_YEARS = re.compile(r"(?:19|20)\d\d\s*[-–—]\s*(?:(?:19|20)\d\d|present|now)", re.IGNORECASE)
_CONNECTORS = frozenset({"of", "the", "and", "&", "de", "du", "la", "le", "for", "on", "by", "in", "a", "el", "der", "die", "with"})
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
# ...and their like in scripts without capitals, whose words are name words too (`_capitalised`):
# "© 2024 本站" ("this site"), "著作権" ("copyright"), "© الموقع الرسمي" ("the official site")
GENERIC = GENERIC | frozenset("""
本站 本网 本网站 网站 首页 新闻 联系我们 关于我们 隐私政策 版权 版权声明 著作权 免责声明 网站地图 官网 官方网站
著作権 当サイト サイト ホーム ニュース お問い合わせ プライバシーポリシー サイトマップ 利用規約
홈 뉴스 저작권 개인정보처리방침 이용약관 사이트
الموقع الرسمي الرئيسية أخبار اتصل بنا الخصوصية سياسة حقوق النشر الطبع
האתר ראשי חדשות צור קשר פרטיות מדיניות זכויות יוצרים
""".split())
_DETERMINERS = frozenset({"the", "this", "that", "our", "your", "my", "a", "an", "its", "their", "his", "her"})
MAX_LINE_CHARS = 120      # furniture lines are short; a longer one is prose
MAX_NAME_WORDS = 6


@lru_cache(maxsize=65536)
def norm(name: str) -> str:
    """A name as names compare: NFKC, case- and punctuation-blind."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    if folded.replace(" ", "").isalnum():  # (no punctuation to blank out: the words as they are)
        return " ".join(folded.split())
    return " ".join(_NON_WORD.sub(" ", folded).split())


_NON_WORD = re.compile(r"[^\w]+")


def _capitalised(token: str) -> bool:
    """A word a name can hold: capitalised, opening with a figure, a lower-case brand with a
    figure inside ("my6sense": no word of prose is written so), or a word of a script without
    capitals: a short run of Chinese, Japanese or Korean characters ("新华网", "朝日新聞社",
    "연합뉴스"; those scripts write a name without spaces, where a sentence runs on much
    longer), an Arabic or a Hebrew word ("الجزيرة", "הארץ")."""
    # (a word whose second and third letters are lower case has no capital there: most words of
    # prose, told without a generator)
    return token[:1].isupper() or token[:1].isdigit() or (not token[1:3].islower() and any(ch.isupper() for ch in token[1:3])) \
        or (not token.isalpha() and token[:1].isalpha() and _LOWER_BRAND.match(token) is not None) \
        or (token[:1] >= "\u0590" and _UNCASED_NAME.match(token) is not None)


_LOWER_BRAND = re.compile(r"[a-z]{2,}\d[a-z]{2,}$")
_UNCASED_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2,12}$"
                           r"|[\u05d0-\u05ea\u05f0-\u05f4\"'׳״-]{2,20}$|[\u0621-\u064a\u066e-\u06d3\u064b-\u065f\u0640]{2,20}$"
                           # (the Indic scripts, Devanagari to Sinhala, Thai and Lao, Georgian, Myanmar,
                           # Ethiopic and Khmer write no capitals either; a word of theirs runs on
                           # through its vowel signs)
                           r"|[\u0900-\u0dff]{2,20}$|[\u0e00-\u0eff]{2,30}$|[\u10d0-\u10ff]{2,20}$|[\u1000-\u109f]{2,30}$"
                           r"|[\u1200-\u137f]{2,20}$|[\u1780-\u17ff]{2,30}$")


def _domain_token(token: str) -> bool:
    """A web address (`_DOMAIN_TOKEN`); asked of every word of a name, most without a dot."""
    return "." in token and _DOMAIN_TOKEN.match(token) is not None


_TOKEN = re.compile(r"\S+")
# What ends a name at a word's end (with a danda and the Urdu full stop).
_NAME_ENDS = (",", ";", ":", "|", "!", "?", ".", "।", "۔")
_CREDIT_WORDS = frozenset({"theme", "themes", "template", "templates", "wordpress", "powered", "designed", "developed",
                           "built", "crafted", "hosted"})
_INITIALS = re.compile(r"^(?:[A-Z]\.)+$")
_HEX_ID = re.compile(r"^(?=[^\s]*\d)[0-9a-f]+(?:-[0-9a-f]+)+$", re.IGNORECASE)
_QUOTES = "\"'“”‘’«»()[]"
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.DOTALL)


def _name_words(text: str) -> tuple[list[str] | None, list[tuple[int, int]]]:
    """The words of the name that opens `text` (`_name_at`) and their places in it, before its
    tail is trimmed; None for the words when it runs on past `MAX_NAME_WORDS`."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        if raw.isalnum():  # (most words: no quote or punctuation to take off, nothing that ends the name)
            token, lead, end = raw, m.start(), False
        else:
            token = raw.strip(_QUOTES)
            lead = m.start() + len(raw) - len(raw.lstrip(_QUOTES))
            end = raw.rstrip("\"'“”‘’»)]")[-1:] in _NAME_ENDS and not _domain_token(token.rstrip(".,;:"))
            token = token.rstrip(",;:|!?।۔")
            if token.endswith(".") and not _domain_token(token.rstrip(".")) and not _INITIALS.match(token):
                token = token[:-1]
                end = True
            if not token:
                break
        if _capitalised(token) or (out and token.lower() in _CONNECTORS) or _domain_token(token):
            out.append(token)
            spans.append((lead, lead + len(token)))
        else:
            break
        if end:
            break
        if len(out) > MAX_NAME_WORDS:
            return None, spans  # a run of menu items, not a name
    return out, spans


def _plain_words(text: str) -> bool:
    """True when `text` is words of letters and figures one space apart."""
    return text.replace(" ", "").isalnum() and "  " not in text and text[:1] != " " and text[-1:] != " "


# (an outlet's pages hold the same furniture: a title's suffix, a copyright owner, a logo)
@lru_cache(maxsize=16384)
def _name_at(text: str, furniture: bool = False) -> str | None:
    """The name that opens `text`: a run of capitalised words (with "of", "&", ... between
    them) or a domain, stopped by punctuation; None when none does."""
    if _plain_words(text):
        # (most menu items and headings: no quote or punctuation to take off, nothing that ends
        # the name, no web address; its words stand one space apart, so no places are kept)
        out: list[str] = []
        for token in text.split(" "):
            if _capitalised(token) or (out and token.lower() in _CONNECTORS):
                out.append(token)
            else:
                break
            if len(out) > MAX_NAME_WORDS:
                return None  # a run of menu items, not a name
        spans = None
    else:
        out, spans = _name_words(text)
        if out is None:
            return None  # a run of menu items, not a name
    # "Jobber 2025", "CBS Interactive Inc.", "Dow Jones & Company"
    # ...and the footer's links or years a copyright line runs on with ("Somerhaus Privacy Terms",
    # "The Anti-June Cleaver 2011-2019")
    # (an all-capitals connector after a mixed-case word is a word of the name: "Audiophile ON")
    while out:
        last = out[-1]
        low = last.lower()
        if low in _CONNECTORS:
            if last.isupper() and len(out) > 1 and not out[-2].isupper():
                break
        elif len(out) == 1 or not (low.rstrip(".") in _LEGAL or low in _POLICY_WORDS
                                   or (last[:1].isdigit() and (_YEAR.fullmatch(last) or _YEARS.fullmatch(last)))):
            break
        out.pop()
    if not out:
        return None
    count = len(out)  # (the words the name keeps)
    if count >= 4:
        lowered = [t.lower() for t in out]
        for n in range(2, len(out) // 2 + 1):
            if lowered[:n] == lowered[n:2 * n]:  # "Save the Children Save the Children Federation": a
                count = n                         # logo's text run into the legal name after it
                break
    # as the text writes it (its own spacing)
    name = " ".join(out[:count]) if spans is None else text[spans[0][0]:spans[count - 1][1]]
    words = norm(name).split()
    if not words or all(w in GENERIC or w.isdigit() for w in words) and not (
            furniture and len(words) >= 2 and words[0] not in _DETERMINERS and not any(w.isdigit() for w in words)):
        return None  # (with `furniture`, a place that only a site's name fills: "Privacy Guides is a ... website")
    if "/" in name or not _CREDIT_WORDS.isdisjoint(words):
        return None  # "NASA/ESA/K. Smith", "FLEX Pro WordPress Theme by SNO": credits, not a site
    if ("." in name and all(_INITIALS.match(t) for t in name.split())) or ("-" in name and _HEX_ID.match(name)):
        return None  # "A.M.", "U.S.", "3d23d65-ddc6-4ce5": initials or an id, not a name
    if _YEAR.fullmatch(words[0]) or not _TWO_LETTERS.search(name):
        return None
    return name


# Slot kinds and what each is worth as evidence that its name is the site's (see `outlet_of`)
COPYRIGHT, COMPANY, LEGAL, SITE_CUE, SOCIAL_CUE, ALONE, DOMAIN, SUFFIX, WE, SELF, BRAND, STAFF, LABEL, NEWSROOM = (
    "copyright", "company", "legal", "site", "social", "alone", "domain", "suffix", "we", "self", "brand", "staff",
    "label", "newsroom")
# LABEL: "Source: X", "来源：X", "Quelle: X": the article's origin, which is a wire or another
# outlet as often as the site (and a chart's credit more often), so it counts only with surer
# evidence, and not at all when the page's labels name two origins. NEWSROOM: "By X Staff", "X
# Newsroom": a site's byline for its own desk, but a syndicated story carries its source's.
WEIGHTS = {COPYRIGHT: 3.5, COMPANY: 1.5, LEGAL: 2.5, SITE_CUE: 2.0, SOCIAL_CUE: 1.0, DOMAIN: 1.5, ALONE: 0.5, SUFFIX: 0.5,
           WE: 2.0, SELF: 3.5, BRAND: 2.0, STAFF: 1.5, LABEL: 1.0, NEWSROOM: 1.5}
REPEAT_WEIGHTS = {COPYRIGHT: 0.5, COMPANY: 0.5, LEGAL: 0.5, SITE_CUE: 1.5, SOCIAL_CUE: 0.25, DOMAIN: 0.5, ALONE: 0.25,
                  SUFFIX: 0.25, WE: 0.5, SELF: 0.5, BRAND: 0.0, STAFF: 0.5, LABEL: 0.0, NEWSROOM: 0.25}
# The slots made to name a site: a name needs one of them
SITE_KINDS = (COPYRIGHT, COMPANY, LEGAL, SITE_CUE, SOCIAL_CUE, DOMAIN, WE, SELF, STAFF, LABEL, NEWSROOM)
_UNSITED = frozenset({ALONE, SUFFIX, BRAND})  # (every other kind is one of those)
# ...those that do it more surely than "Follow X", "About X" (which name people and sections too)
STRONG_KINDS = (COPYRIGHT, COMPANY, LEGAL, SITE_CUE, DOMAIN, WE, SELF, BRAND, STAFF, NEWSROOM)
# ...and those that name nothing but a site, whose name's every other mention counts more
NAMED_KINDS = (COPYRIGHT, COMPANY, LEGAL, SITE_CUE, WE, SELF, STAFF)
W_LOGO = 2.0           # a name alone among the page's first lines: the site's logo text
W_TITLE = 2.0          # the suffix of the page's first line ("Headline - Site"): its <title>
W_TITLE_TWIN = 1.0     # ...whose headline part the page prints again (its heading)
W_MAILED = 2.0         # the page's e-mail addresses spell the name: the site's own domain
W_LINKED = 1.0         # ...its links do (links go to other sites too)
W_MAILED_ALONE = 1.0   # ...and the page prints the name alone on a line (its footer's or contact block's)
W_MENTION = 0.25       # another short line that names it ("Fox News Radio", "Search SlashGear")
MAX_MENTIONS = 1.0
MAX_NAMED_MENTIONS = 2.0  # ...for a name a slot made to name a site holds (an owner, "Why trust X")
MAX_KIND = 1.5         # at most this much from the repeats of one kind of slot
W_COVERED = 0.5        # a longer name's evidence counted for the name it starts with
MAX_MENU = 1.0         # ...at most this much from names only lines alone hold
ACCEPT = 3.5           # what a name needs to be the page's outlet
LOGO_LINES = 3         # the first non-blank lines, where the site's name stands
BRAND_LINES = 3        # distinct short lines a name must open with a product's or a section's word
MAX_BRAND_CHARS = 40
# What a site calls its own products and sections after its name ("NPR Shop", "Field Mag
# Studio", "Forbes Coupons", "Prevention Awards"): furniture words and these
_PRODUCT_WORDS = GENERIC | frozenset("""
studio premium awards award extra network plus pro insider magazine radio events event daily weekly academy
community forum forums labs originals edition issue collection club careers marketplace partners partner
learning certification docs documentation developer developers api status press store gifts gift coupons
finds journal bulletin staff channel channels library studios shows sponsor sponsors offers insights wire
bookstore culture investigates
""".split())
# Owners whose name says they are a company, not a site: often the site's parent
# ("© 2019 CBS Interactive", "Hearst Communications, Inc."); alone they are not enough.
_CORPORATE = frozenset({"inc", "ltd", "llc", "limited", "corp", "corporation", "gmbh", "plc", "holdings",
                        "communications", "interactive", "publications", "publishing", "enterprises",
                        "group", "network", "networks", "media", "ventures", "partners", "brands", "newspapers",
                        "magazines", "press", "agency", "regents", "digital", "studios", "systems", "ab",
                        "university", "college", "labs", "technologies"})

# Cues with the name after them: ones made to name a site, and ones that name people too
_SITE_CUES = re.compile(
    r"^(?:why you can trust|why trust|welcome to|advertise (?:with|on|in)|work (?:at|for|with)|"
    r"discover more from|more stories from|latest from|stay connected with|keep up to date with|"
    r"stay ahead with|get the best of|want more|sign in to your|log in to your|popular on)\s+", re.IGNORECASE)
_SOCIAL_CUES = re.compile(r"^(?:follow|about|subscribe to|more from|connect with|continue to|find|search|contact|"
                          r"sign up (?:to|for)|support)\s+", re.IGNORECASE)
# ...the letters those open with (either case)
_CUE_FIRST = frozenset("acdfgklmpswACDFGKLMPSW")
# "NAME homepage", "NAME is part of the ... family", "NAME's Editorial Process"
_SITE_TAILS = re.compile(
    r"^(.+?)(?:\s+(?:homepage|home page|is (?:a )?part of (?:the )?.{3,60}|is an? .{0,40}(?:publication|company|brand)"
    r"|may earn .{3,80}|earns? (?:a )?commissions?.{0,80}|participates in .{3,80})"
    r"|['’]s? editorial (?:process|guidelines|policy|standards|team))[.!?]?\s*$", re.IGNORECASE)
# "NAME newsletter", "NAME on Facebook": a site's, or a topic's, a show's, a person's
_SOCIAL_TAILS = re.compile(
    r"^(?:(?:sign up for|get|subscribe to) (?:the )?)?(.+?)\s+(?:newsletters?|account|logo|on (?:facebook|twitter|x|"
    r"instagram|youtube|linkedin|pinterest|tiktok))[.!?]?\s*$", re.IGNORECASE)
# ...and a sign-up line that goes on after the name's newsletter ("Join the Bookclubs newsletter
# for monthly reading recommendations", "Get the latest OPTASY news, tips and how-to's")
_SIGN_UP = re.compile(r"^(?:join|get|sign up (?:for|to)|subscribe to)\s+(?:the\s+)?(?:latest\s+)?(.+?)(?:['’]s?)?\s+"
                      r"(?:(?:free|daily|weekly|monthly|email)\s+)?(?:newsletters?|news)\b(?!\s*(?:on|from|about)\b)",
                      re.IGNORECASE)
# Words every match of those holds: the cheap test before the regular expression
_SITE_TAIL_WORDS = ("home", "part of", " is a", "earn", "commission", "participates", "editorial")
_SOCIAL_TAIL_WORDS = ("newsletter", "account", "logo", " on ", " news")
_SELF_WORDS = ("part of", "earn", "particip", " is a")  # (what every `_SELF` match holds)


def _site_tail_hinted(low: str) -> bool:
    """True when the lowered line holds one of `_SITE_TAIL_WORDS` (said as plain substring
    tests: a generator over them, or one pattern of them, costs more)."""
    return ("home" in low or "part of" in low or " is a" in low or "earn" in low or "commission" in low
            or "participates" in low or "editorial" in low)


def _social_tail_hinted(low: str) -> bool:
    """True when the lowered line holds one of `_SOCIAL_TAIL_WORDS` (see `_site_tail_hinted`)."""
    return "newsletter" in low or "account" in low or "logo" in low or " on " in low or " news" in low
# "X. All rights reserved", as pages in other languages say it too ("X. Alle Rechte vorbehalten",
# "X - Tous droits réservés", "«X». Все права защищены")
_RESERVED = re.compile(
    r"^(.+?)[.,]?\s*(?:[-–—|·•]\s*)?(?<=\s)(?:all rights reserved|alle rechte vorbehalten|todos los derechos reservados|"
    r"tous droits réservés|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden|"
    r"wszelkie prawa zastrzeżone|все права защищены|всі права захищені|tüm hakları saklıdır|"
    r"alla rättigheter förbehållna|alle rettigheder forbeholdes|kaikki oikeudet pidätetään|"
    r"všechna práva vyhrazena|minden jog fenntartva|toate drepturile rezervate|جميع الحقوق محفوظة|כל הזכויות שמורות)(?!\w)",
    re.IGNORECASE)


def _reserved_hinted(low: str, ascii_line: bool) -> bool:
    """True when the lowered line holds what a `_RESERVED` match holds (plain substring tests
    first: the pattern's lazy opening is tried against every phrase at every position). A line
    with other characters may also hold one that matches an ASCII letter ignoring case ("ı",
    "ſ", the Kelvin sign)."""
    if "rights reserved" in low or "reservados" in low or "vorbehalten" in low or "riservati" in low or "voorbehouden" in low \
            or "forbeholdes" in low or "fenntartva" in low or "rezervate" in low or "vyhrazen" in low:
        return True
    return not ascii_line and ("réserv" in low or "zastrzeż" in low or "защищ" in low or "захищ" in low
                               or "saklı" in low or "förbehåll" in low or "pidätetään" in low or "الحقوق" in low
                               or "הזכויות" in low or "ı" in low or "ſ" in low or "\u212a" in low)


# A name set in quotes, as Russian, Ukrainian, German or Polish pages set an outlet's name after
# "©" ("© «Вести долины»", "„Głos Doliny”"), whose words need no capitals
_QUOTED_NAME = re.compile(r"^\s*[«„“\"]([^«»„“”\"]{2,60})[»“”\"]")


def _quoted_name(text: str) -> str | None:
    """The name `text` opens with in quotes, when it is a name's few words, else None."""
    m = _QUOTED_NAME.match(text)
    if not m:
        return None
    inner = " ".join(m.group(1).split())
    words = inner.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS or not _capitalised(words[0]) or not all(w.replace("-", "").isalnum() for w in words):
        return None
    return inner if not all(w in GENERIC for w in norm(inner).split()) else None
_COPYRIGHT_ANY = re.compile(r"[©Ⓒ]|\(c\)|\bcopyrights?(?=\s*(?:[©Ⓒ]|\(c\)|(?:19|20)\d\d|$|[^\W\d][^©]{0,60}\b(?:19|20)\d\d\b))", re.IGNORECASE)
_WORD_C = re.compile(r"(?<=[\w)])\([cC]\)")
_COPYRIGHT_LEAD = re.compile(
    r"^\s*(?:[©Ⓒ]|\(c\)|copyrights?)?\s*(?:[©Ⓒ]\s*)?(?:(?:19|20|1[34])(?:\d\d|xx)\s*(?:[-–—/]\s*(?:(?:19|20|1[34])\d\d)?\s*)?)?"
    r"[,.·•|–—-]?\s*(?:all rights reserved\b[.,]?\s*[·•|–—-]?\s*)?(?:(?:by|copyright)\s+)?", re.IGNORECASE)
# What stands around an owner before the "©" ("2010 - 2022 X©", "X. All rights reserved. Copyright ©")
_BEFORE_JUNK_END = re.compile(r"(?:[\s,.·•|–—-]+|\ball rights reserved\b|\bcopyrights?\b|\b(?:19|20)\d\d\b)+$", re.IGNORECASE)
_BEFORE_JUNK_START = re.compile(r"^(?:[\s,.·•|–—-]+|(?:19|20)\d\d\b)+")


# "NAME, a PARENT company" (publication, brand): NAME is the site, the rest its parent
_SUBSIDIARY = re.compile(r"^(.{2,60}?),? (?:(?i:an?)|part of) (?:[A-Z][\w&.'’-]*\s+){1,4}(?i:company|publication|brand|property|site)\b")


def _subsidiary(line: str) -> str | None:
    """The name a line opens with as "NAME, a PARENT company" (or "NAME (ABBR), a ..."), else None."""
    if not ("ompany" in line or "ublication" in line or "rand" in line or "roperty" in line) or not (m := _SUBSIDIARY.match(line)):
        return None
    return _whole(_ABBREVIATION.sub("", m.group(1)))


_ABBREVIATION = re.compile(r"\s+\([A-Z][A-Z0-9&]{1,7}\)$")


@lru_cache(maxsize=16384)
def _whole(text: str, furniture: bool = False) -> str | None:
    """`text` when it is a name and nothing more (`furniture`: see `_name_at`)."""
    text = text.strip().strip("\"'“”‘’«»()[]").strip()
    if not text:
        return None
    for token in text.split():  # (what `_name_at` asks of each word, said cheaply first)
        token = token.strip(_QUOTES)
        if not (_capitalised(token) or "." in token or token.lower() in _CONNECTORS):
            return None
    name = _name_at(text, furniture)
    return name if name and norm(name) == norm(text) else None


def _owner(name: str, line: str) -> tuple[str, str]:
    """A copyright owner's slot: COMPANY when the line names it as a company ("Kroll, LLC",
    "Future US, Inc.", "Telegraph Media Group", a university), else COPYRIGHT."""
    at = line.find(name)
    rest = line[at + len(name):] if at >= 0 else ""
    if _corporate(norm(name)):
        return name, COMPANY
    if _LEGAL_AFTER.match(rest):
        return name, LEGAL
    if (at <= 0 or line[at - 1] not in _QUOTES) and _SENTENCE_CASED_TAIL.search(name):
        # A name written as a sentence ("Новости дня") may be a sentence: it counts as a
        # site's cue, which another line naming it (the logo's) must second.
        return name, SITE_CUE
    return name, COPYRIGHT


def _owner_after(after: str, lead: re.Match) -> str | None:
    """The owner's name after a copyright sign and its `lead` (years, "All rights reserved"):
    after "All rights reserved" only a name that ends the line ("© All rights reserved. •
    TomsCoffeeCorner"; not a theme's "All Rights Reserved. Blossom Travel | Developed By ...")."""
    rest = after[lead.end():]
    name = _quoted_name(rest) or _name_at(rest)
    if name and "\u0400" <= name[:1] <= "\u04ff":
        name = _sentence_cased(rest, name)
    if name and "eserved" in lead.group() and _owner_named(after[lead.end():].strip(" .")) != name:
        return None
    return name


# Russian, Ukrainian, Bulgarian or Serbian write a name as a sentence, its first word alone
# capitalised ("Новости дня", "Российская газета"): after a copyright sign and its years, such
# a name's lower-case words run on to the end of the sentence, a few at most.
_SENTENCE_CASED_TAIL = re.compile(r"(?:\s+[\u0430-\u045f][\u0400-\u04ff-]*){1,3}(?=\s*(?:[.,|·•–—]|$))")


def _sentence_cased(text: str, name: str) -> str:
    """`name`, which opens `text`, with the lower-case Cyrillic words that end its sentence."""
    at = text.find(name)
    m = _SENTENCE_CASED_TAIL.match(text, at + len(name)) if at >= 0 else None
    return name + m.group() if m else name


def _whole_sentence_cased(text: str) -> str | None:
    """`text` when it is a Cyrillic name written as a sentence ("Новости дня") and nothing more."""
    if not "\u0400" <= text[:1] <= "\u04ff" or not (name := _name_at(text)):
        return None
    name = _sentence_cased(text, name)
    return name if norm(name) == norm(text) else None


def _owner_named(text: str) -> str | None:
    """`text` when it is a name, or a name and its legal suffix ("Entrepreneurs HQ LLC"): the name."""
    if name := _whole(text):
        return name
    name = _name_at(text)
    return name if name and _LEGAL_AFTER.fullmatch(text[text.find(name) + len(name):].rstrip(" .")) else None


_LEGAL_AFTER = re.compile(r"^[\s,.]{0,3}(?:inc|ltd|llc|limited|corp|corporation|gmbh|plc|pty|llp|lp|ab|ag|sa|bv|b\.v|srl|spa|pvt)\b", re.IGNORECASE)


@lru_cache(maxsize=65536)
def line_facts(line: str) -> tuple | None:
    """`_line_facts`, once per (short) line text: an outlet's pages print the same furniture."""
    return _line_facts(line)


def _line_facts(key: str) -> tuple | None:
    """What a (stripped, non-blank) line says wherever it stands: the publication it says its
    author works for (`_staff_of`), the parents it names, its slots (`_slot_names`, or
    `_prose_slots` for a longer line) and the name it opens by describing as a site
    (`_self_described`, counted only in a page's second half); None when it says none of
    those (most lines)."""
    staff = _staff_of(key) if len(key) >= MIN_NOTE_CHARS else None
    if len(key) > MAX_PROSE_CHARS:
        return (staff, (), (), None) if staff else None
    parents = []
    for m in _PARENT.finditer(key) if _parent_hinted(key) else ():
        if parent := _name_at(next(g for g in m.groups() if g)):
            parents.append(norm(parent))
    if "sites" in key and _NETWORK_VERB.search(key) and (m := _NETWORK.match(key)) and (network := _whole(m.group(1))):
        parents.append(norm(network))  # "TechDay operates in other regions, see our ... sites": a network
    slots = tuple(_prose_slots(key) if len(key) > MAX_LINE_CHARS else _slot_names(key))
    described = None
    if ((at := key.find(" is ", 1, 64)) > 0 or (at := key.find(" has ", 1, 64)) > 0):
        described = _self_described(key, at)
    if not (staff or parents or slots or described):
        return None
    return staff, tuple(parents), slots, described


# (compiled once: `re.search` with a pattern's text looks it up in the module's cache on every call)
_DBA = re.compile(r"\b(?:dba|d/b/a|doing business as)\s+", re.IGNORECASE)
_LEADING_YEARS = re.compile(r"^(?:(?:19|20)\d\d\s*[-–—]?\s*)+")
_SITE_CUE_TAIL = re.compile(r"\s+(?:account|delivered to your inbox.*)$", re.IGNORECASE)
_SOCIAL_CUE_TAIL = re.compile(
    r"\s+(?:on|online)(?:\s+\S+)?[:.!]?$|\s+on (?:YouTube|Facebook|Twitter|Instagram|LinkedIn|TikTok|X)\b.*$")


def _slot_names(line: str) -> list[tuple[str, str]]:
    """(name, kind) for each slot of this furniture line that holds a name. A copyright line,
    "X. All rights reserved", "X homepage" or "Why trust X" are made to name the site; "Follow
    X" and "About X" name people too; a line alone, a title's suffix only may (menus and
    section labels fill them too)."""
    s = line.strip()
    if not s or len(s) > MAX_LINE_CHARS:
        return []
    s = ascii_digits(s)  # ("© ২০২৪ ...", "© ۱۴۰۲ ...": a year in the page's own digits is a year)
    names: list[tuple[str, str]] = []
    marked = _WORD_C.sub("", s) if "(c)" in s or "(C)" in s else s  # ("501(c)(3)" is no copyright sign)
    low = s.lower()
    # (an ASCII line is searched for a copyright sign or "All rights reserved" only when it holds
    # the letters every match holds; a line with other characters is searched as it is, since
    # a pattern that ignores case matches a few of those for ASCII letters: "ı", "ſ", "K")
    ascii_line = s.isascii()
    if (not ascii_line or "(c)" in low or "copyright" in low) and _COPYRIGHT_ANY.search(marked):
        # "© 2019 The Washington Post", "Copyright © 2026. Texas Mattress Makers.",
        # "The Pennsylvania State University © 2025", "Design by Ozero © 2024 Freewrite Store"
        parts = _COPYRIGHT_ANY.split(marked)
        after = parts[-1] if len(parts) > 1 else ""
        if dba := _DBA.search(after):
            after = after[dba.end():]  # "GigaWatt Inc, DBA GoGreenSolar.com": the site's name
        m = _COPYRIGHT_LEAD.match(after)
        if m and (sub := _SUBSIDIARY.match(after[m.end():])) and (name := _whole(sub.group(1))):
            names.append((name, COPYRIGHT))  # "© 2025 Security.org, a Centerfield Media Company": the site
        elif m and (name := _owner_after(after, m)):
            names.append(_owner(name, s))
        elif (before := _BEFORE_JUNK_START.sub("", _BEFORE_JUNK_END.sub("", parts[0]))) and (name := _owner_named(before)):
            names.append(_owner(name, s))
    elif (_reserved_hinted(low, False) if not ascii_line else ("v" in low and _reserved_hinted(low, True))
          or "forbeh" in low) and (m := _RESERVED.match(s)):  # (the phrases but one hold a "v")
        owner = _LEADING_YEARS.sub("", m.group(1)).strip(" ©")
        if name := _whole(owner) or _quoted_name(owner) or _whole_sentence_cased(owner):
            names.append(_owner(name, s))
    elif ", " in s and (name := _subsidiary(s)):
        names.append((name, SITE_CUE))  # "The Sun, A News UK Company": the site, and its parent
    # (asked only of a line that opens with a cue's first letter, or with a letter other than
    # ASCII, which may match one ignoring case)
    cue = (_SITE_CUES.match(s) or _SOCIAL_CUES.match(s)) if s[0] in _CUE_FIRST or not s[0].isascii() else None
    if cue is not None and cue.re is _SITE_CUES:
        rest = s[cue.end():].rstrip("?!.: ")
        rest = _SITE_CUE_TAIL.sub("", rest)
        if name := _name_at(rest):
            names.append((name, SITE_CUE))
    elif cue is not None:
        rest = _SOCIAL_CUE_TAIL.sub("", s[cue.end():])
        if name := _name_at(rest):
            names.append((name, SOCIAL_CUE))
    if _site_tail_hinted(low) and (m := _SITE_TAILS.match(s) or (any(w in low for w in _SELF_WORDS) and _self_owned(s))) \
            and (" part of " not in s[m.end(1):m.end(1) + 16] or _company_after(s[m.end(1):])):
        if name := _whole(m.group(1)):
            names.append((name, SITE_CUE))
    elif _social_tail_hinted(low) and (m := _SOCIAL_TAILS.match(s) or _SIGN_UP.match(s)):
        if name := _whole(m.group(1)):
            names.append((name, SOCIAL_CUE))
    if not names and (((":" in s or "：" in s) and (slot := _label_slot(s)))
                      or (low.endswith(_DESK_ENDS) and (slot := _newsroom_slot(s, low)))):
        names.append(slot)
    if not names and len(s.split()) <= MAX_NAME_WORDS and (name := _whole(s) or _whole_sentence_cased(s)):
        # a line that is a name alone: a domain there is the site's logo text
        names.append((name, DOMAIN if _DOMAIN_TOKEN.match(name) else ALONE))
    if m := _title_suffix(s):
        if name := _whole(m.group(1)):
            names.append((name, SUFFIX))
    return names


# "Source: X" in the languages pages are written in ("来源：新华网", "Quelle: dpa", "Источник: ТАСС"):
# the word before a colon
_LABEL_WORDS = frozenset({"source", "quelle", "fuente", "fonte", "kaynak", "źródło", "bron", "källa", "kilde", "lähde",
                          "zdroj", "forrás", "sursa", "izvor", "источник", "джерело", "πηγή", "来源", "來源", "出典",
                          "出处", "출처"})
_CJK_LABELS = ("来源", "來源", "出典", "出处", "출처")  # (written on to the words before them, without a space)
# "By X Staff", "X Newsroom", "The X Editorial Team": a site's desk as a byline
# (without "By", "X Staff" is as often a menu's label: "Faculty & Staff", "Admissions Staff")
_NEWSROOM_BYLINE = re.compile(
    r"^by\s+(.{2,60}?)\s+(?:staff(?:\s+(?:writers?|reports?|reporters?))?|newsroom|news\s?desk|"
    r"news\s+(?:staff|team)|editorial\s+(?:staff|team|board|desk)|editors|web\s+(?:staff|desk)|digital\s+(?:staff|team|desk))\s*$"
    r"|^(.{2,60}?)\s+(?:newsroom|news\s?desk|editorial\s+(?:staff|team|desk))\s*$", re.IGNORECASE)


def _label_slot(line: str) -> tuple[str, str] | None:
    """The (name, LABEL) a "Source: X" label on this short line gives, else None."""
    for colon in (":", "："):
        at = line.find(colon)
        while at >= 0:
            head = line[:at].rstrip()
            word = head[head.rfind(" ") + 1:].lower()
            if word in _LABEL_WORDS or (word[-1:] >= "\u3040" and word.endswith(_CJK_LABELS)):
                rest = line[at + 1:].strip()
                name = _quoted_name(rest) or _name_at(rest)
                return (name, LABEL) if name else None
            at = line.find(colon, at + 1)
    return None


_DESK_ENDS = ("staff", "newsroom", "desk", "team", "editors", "board", "writer", "writers", "report", "reports",
              "reporter", "reporters")  # (the last words of `_NEWSROOM_BYLINE`'s matches)


def _newsroom_slot(line: str, low: str) -> tuple[str, str] | None:
    """The (name, NEWSROOM) a byline for a site's desk gives ("By Valley Post Staff"), else None."""
    if not (m := _NEWSROOM_BYLINE.match(line)):
        return None
    head = m.group(1) or m.group(2)
    if head.startswith("the "):
        head = head[4:]  # ("By the Valley Post editorial team": a name's "The" is capitalised)
    if head.endswith(("&", ",", " and", " und", " et", " y")):
        return None  # "Faculty and Staff": a list, not a desk
    name = _whole(head)
    return (name, NEWSROOM) if name else None


_FIGURE_OR_LABEL = re.compile(r"[\d:]")


def _brand_heads(key: str, line: str) -> list[int]:
    """How many first words of a short line that is a name alone (`key`, normalised) name
    something whose product or section the other words name ("NPR Shop", "Field Mag Studio",
    "Forbes Daily Cover Stories"): a site names its own things so. None from a line with
    figures or a label's colon ("March 2025", "Price: 40", "iPhone 15")."""
    if " " not in key or key[key.rfind(" ") + 1:] not in _PRODUCT_WORDS:
        return []  # (most such lines: one word, or a last word no product's; `key`'s words are one space apart)
    words = key.split()
    if not 2 <= len(words) <= 5 or words[-1] not in _PRODUCT_WORDS or _FIGURE_OR_LABEL.search(line) \
            or len(line.split()) != len(words):
        return []
    return [n for n in range(1, min(3, len(words) - 1) + 1)
            if words[n - 1] not in _CONNECTORS and not all(w in GENERIC for w in words[:n])
            and all(w in _PRODUCT_WORDS for w in words[n:])]


def outlet_of(lines: list[str], hint: str | None = None, only_hinted: bool = False) -> str | None:
    """The outlet these page lines name (see the module docstring), or None.

    Each slot that holds a name is evidence for it, worth what its kind of slot is worth
    (`WEIGHTS`: a copyright line most, a line alone least); the page's first lines add the
    logo's and the title's weight, and other short lines that name it a little more. A name
    is the outlet when its evidence reaches `ACCEPT` and one of its slots is made to name a
    site (a line alone, a menu's label, never is): a copyright owner alone does, unless it is
    a company's name (a parent's) or a single plain word (a person's) that no other line
    repeats. A capitalised phrase the page also writes in lower case ("Services") is a
    common phrase, not a name. The site a line says a name "is part of" is its parent, not
    the outlet. A run-together name is shown in the words the page also writes it in, as
    often ("Home Grounds" for "Homegrounds"). `hint` (a name or domain the input gives: a
    `source_domain`, a URL's host) picks the name that matches it.
    """
    ev = _gather(lines)
    if ev is None:
        return None
    hint_key = norm(domain_label(hint) or hint) if hint else None
    if hint and only_hinted and not any(_matches(k, hint_key) for k in ev.forms):
        return None
    _addresses(ev)
    found = _rule_pick(ev, hint_key, only_hinted)
    if found is None and ev.mailed:
        ev.brands.update((k, rows) for k, rows in ev.lone_brands.items() if k.replace(" ", "") in ev.mailed)
    if found is None and (ev.brands or ev.staffs or _twins(ev.forms)):
        # nothing surer: the names the site gives its products and sections ("NPR Shop", "NPR
        # Careers") with another line that names it ("About NPR"), the publication an author's
        # note names (a guest's note names another, so only here), and a web address counted
        # with the name it runs together
        for k, (names, at) in ev.brands.items():
            ev.kinds.setdefault(k, Counter())[BRAND] += 1
            ev.forms.setdefault(k, Counter()).update(names)
            ev.slot_lines.setdefault(k, set()).add(at)
        for name, at in ev.staffs:
            _add_slot(ev.kinds, ev.forms, ev.slot_lines, name, STAFF, at)
        _cores(ev, twins=True)
        found = _rule_pick(ev, hint_key, only_hinted)
    if found is None and hint_key is None:
        found = _authored_logo(ev)
    return found


def _authored_logo(ev: _Evidence) -> str | None:
    """The logo's name when a line credits it as the page's author ("Published by Damien
    Walter" under the logo "Damien Walter"): a personal site, named for the one who writes it."""
    if ev.logo is None or "by " + ev.logo not in ev.folded:
        return None
    display = _display(ev.forms[ev.logo])
    if any(ev.cores[ev.logo] in p for p in ev.parents) or _common(ev.text, display):
        return None
    byline = r"(?:^|\n)(?:(?:posted|published|written)[ \t]+)?by[ \t]+" + r"[ \t]+".join(map(re.escape, ev.logo.split()))
    return display if re.search(byline + r"(?![\w.-])", ev.folded) else None


class _Evidence:
    """What a page's lines say about the names they hold (`_gather`)."""
    __slots__ = ("picked", "text", "folded", "kinds", "forms", "slot_lines", "title_bonus", "logo", "more_logos",
                 "parents", "own", "mailed", "linked", "cores", "starting", "sited", "brands",
                 "lone_brands", "staffs")


def _gather(lines: list[str]) -> _Evidence | None:
    """The names the page's slots hold, with their kinds, forms, lines, and the page's logo,
    title suffix and parents; None when no slot holds a name."""
    picked = [s for l in lines if (s := l.strip())]
    kinds: dict[str, Counter] = {}
    forms: dict[str, Counter] = {}
    slot_lines: dict[str, set[int]] = {}
    title_bonus: Counter = Counter()
    logo = None
    more_logos: set[str] = set()  # names alone among the first lines after the first one
    parents: set[str] = set()
    seen_lines: set[str] = set()
    brands: dict[str, list] = {}  # a name -> (its words, a short line it opens) for each such line
    staffs: list[tuple[str, int]] = []  # (a publication an author's note names, its line)
    labels: list[tuple[str, int]] = []  # (the name a "Source: X" label gives, its line)
    half = len(picked) / 2
    last = None  # a line -> its last place (a repeated line is seen once: its last place counts), made when needed
    for i, key in enumerate(picked):
        if key in seen_lines and i:
            continue
        seen_lines.add(key)
        facts = line_facts(key) if len(key) <= MAX_LINE_CHARS else _line_facts(key)
        if facts is None:
            if len(key) > MAX_PROSE_CHARS or (i >= LOGO_LINES and key[:6] != "About "):
                continue  # (most lines: nothing but what their place or the next line could add)
            slots = ()
        else:
            staff, line_parents, slots, described = facts
            if staff:
                staffs.append((staff, i))
            if len(key) > MAX_PROSE_CHARS:
                continue
            parents.update(line_parents)
            if described and (last or (last := {line: at for at, line in enumerate(picked)}))[key] >= half:
                slots = [*slots, (described, SELF)]  # (in the page's second half: its footer, its "about" box)
        if key[:6] == "About " and i + 1 < len(picked) and (name := _about_box(key, picked[i + 1])):
            slots = [*slots, (name, SELF)]  # "About Scripps Health" / "Scripps Health is a not-for-profit ..."
        if i < LOGO_LINES and not slots and (name := _tagline_head(key)):
            slots = [(name, ALONE)]  # "Express. Home of the Daily and Sunday Express.": the logo and its tagline
        if len(key) <= MAX_BRAND_CHARS and slots and slots[-1][1] == ALONE:  # (a name alone on its line)
            alone = norm(slots[-1][0])
            for n in _brand_heads(alone, key):
                head_key = " ".join(alone.split()[:n])
                if head_key in brands:
                    brands[head_key].append((n, i))
                else:
                    brands[head_key] = [(n, i)]
        for name, kind in dict.fromkeys(slots) if slots else ():
            if kind == LABEL:
                labels.append((name, i))  # (counted after the loop, when all name one origin)
                continue
            k = norm(name)
            if k in kinds:
                kinds[k][kind] += 1
                forms[k][name] += 1
                slot_lines[k].add(i)
            else:  # (kinds, forms and slot_lines gain their names together)
                kinds[k], forms[k], slot_lines[k] = _Tally({kind: 1}), _Tally({name: 1}), {i}
            if i < LOGO_LINES and kind in (ALONE, DOMAIN):
                if logo is None:
                    logo = k
                elif k != logo:
                    more_logos.add(k)
            if i == 0 and kind == SUFFIX:
                title_bonus[k] = W_TITLE
                head = key[:_title_suffix(key).start()].strip()
                if len(head) > 10 and head in picked[1:40]:
                    title_bonus[k] += W_TITLE_TWIN
    if labels and len({norm(name) for name, _ in labels}) == 1:
        # labels that name two origins are a list's or a chart's credits, none the site's
        for name, at in labels:
            _add_slot(kinds, forms, slot_lines, name, LABEL, at)
    # a name that opens several short lines with a product's word, counted with the other lines
    # that hold it in a slot ("NPR Shop", "NPR Careers", "About NPR"): kept apart, it is used
    # only when no surer name is found (`outlet_of`)
    brand_lines: dict[str, list] = {}
    claimed: set[int] = set()  # a longer name's lines are its own ("Sky News Radio" is not "Sky"'s)
    for k in sorted((k for k, rows in brands.items() if len(rows) >= BRAND_LINES - 1), key=lambda k: -len(k)):
        at = [i for _, i in brands[k] if i not in claimed]
        if len(at) < BRAND_LINES - 1:
            continue
        opened = sum(1 for line in seen_lines if len(line) <= MAX_BRAND_CHARS and line[:1].casefold() == k[0]
                     and norm(line).startswith(k + " "))
        if 2 * len(at) < opened:
            continue  # (a topic opens many more lines than its products: "HR Jobs", "HR Manager Skills", ...)
        held = {i for other, where in slot_lines.items() if other == k or other.startswith(k + " ") for i in where}
        if len(held.union(at)) >= BRAND_LINES:  # (two lines alone are two products of another maker as often)
            claimed.update(at)
            brand_lines[k] = [Counter(" ".join(picked[i].split()[:n]).strip(_QUOTES + ",.;") for n, i in brands[k] if i in at),
                              at[0]]
    text = "\n".join(picked)
    # the site speaking of itself: "At CR Maids, we ...", "Here at SoundGuys, our ..."
    at = 0
    while m := _WE_AT.search(text, at):
        start = m.start() - 1  # (the pattern opens with "t ", a literal its search skips to: the "A" or "a" before)
        if start < 0 or text[start] not in "Aa":
            at = m.start() + 1  # ("Trust GearLab\nAt Gearlab, we": the next "t " may start a match)
            continue
        at = m.end()
        if text[start - 5:start] in ("Here ", "here "):
            start -= 5
        before = text[max(0, start - 8):start]
        if "\n" in before or start < 8:
            before = before.rpartition("\n")[2]
        elif not _WE_BEFORE.search(before):
            continue
        if before and not _WE_BEFORE.search(before):
            continue
        if (name := _name_at(m.group(1))) and norm(name) == norm(m.group(1)):
            k = norm(name)
            kinds.setdefault(k, Counter())[WE] += 1
            forms.setdefault(k, Counter())[name] += 1
            slot_lines.setdefault(k, set()).add(text.count("\n", 0, start))
    # a web address speaking of itself at a line's or a sentence's start: "Opensource.com does not
    # sell advertising", "Opensource.com aspires to ..."
    for m in _DOMAIN_SAYS.finditer(text):
        if m.group(2) in _CONNECTORS or m.group(2) in ("or", "is", "and"):
            continue  # ("Amazon.com and affiliated sites", "X.com is a ...": a page speaks of other sites so)
        start = m.start()  # (the address's start, found backwards: a pattern that begins with it
        while start and (text[start - 1].isalnum() or text[start - 1] in "._-"):  # is tried at
            start -= 1  # every position of the page)
        before = text[max(0, start - 2):start]
        if not text[start:start + 1].isupper() and not text[start:start + 1].isdigit():
            continue
        if start and not (before.endswith("\n") or re.fullmatch(r"[.!?:]\s", before)):
            continue
        name = text[start:m.end(1)]
        if (name := _whole(name)) and _DOMAIN_TOKEN.match(name):
            k = norm(name)
            kinds.setdefault(k, Counter())[WE] += 1
            forms.setdefault(k, Counter())[name] += 1
            slot_lines.setdefault(k, set()).add(text.count("\n", 0, m.start()))
    if not forms and not brand_lines and not staffs:
        return None
    ev = _Evidence()
    ev.brands, ev.staffs = brand_lines, staffs
    # a name that opens one such line only: kept for the site's e-mail address to confirm ("Mindesigns
    # Blog" with info@mindesigns.com.au), the two places being independent of each other
    ev.lone_brands = {k: [Counter(" ".join(picked[i].split()[:n]).strip(_QUOTES + ",.;") for n, i in rows), rows[0][1]]
                      for k, rows in brands.items() if k not in brand_lines and len({i for _, i in rows}) == 1}
    ev.picked, ev.text, ev.kinds, ev.forms, ev.slot_lines = picked, text, kinds, forms, slot_lines
    ev.title_bonus, ev.logo, ev.more_logos, ev.parents = title_bonus, logo, more_logos, parents
    return ev


class _Tally(Counter):
    """A Counter filled from a dict as a dict fills itself: `Counter.__init__` goes through
    `update`, which costs more than the rest of a new name's bookkeeping (a page holds dozens
    of names, most on one line each)."""
    __slots__ = ()
    __init__ = dict.__init__


def _add_slot(kinds: dict, forms: dict, slot_lines: dict, name: str, kind: str, at: int) -> None:
    """Counts a slot of `kind` holding `name` on line `at`."""
    k = norm(name)
    kinds.setdefault(k, Counter())[kind] += 1
    forms.setdefault(k, Counter())[name] += 1
    slot_lines.setdefault(k, set()).add(at)


# An author's note naming the publication its author works for ("Audrey Huang is a senior and
# Print Managing Editor for The Southerner", "Zac covers Apple news for 9to5Mac", "Geri Mileva,
# an experienced ... writer at Influencer Marketing Hub"): in the present tense, the staff of
# the site the page is on (not "has written for", "former editor of": past employers)
_STAFF = re.compile(
    r"^[A-Z][\w'’-]+(?: [A-Z][\w'’.-]*){0,2}(?: is|, an?)\b(?:(?! former| formerly| previously| ex-)[^.;:]){0,80}?"
    r"\b(?i:editor(?:[- ]in[- ]chief)?|writer|reporter|correspondent|contributor|columnist|journalist|producer)\s+"
    r"(?:at|for|of|with)\s+(?:the\s+)?([A-Z0-9].{1,60})"
    r"|^[A-Z][\w'’-]+(?: [A-Z][\w'’.-]*){0,2} covers [^.;:]{3,60}? for (?:the\s+)?([A-Z0-9].{1,60})")
MIN_NOTE_CHARS = 24  # (a name, a role and a publication: menu labels and buttons are shorter)
_LIST_GOES_ON = re.compile(r"\s*(?:,|and\b|&)\s*(?:the\s+)?[A-Z0-9]")


def _staff_of(line: str) -> str | None:
    """The publication an author's note (`_STAFF`) says its author works for, else None (also
    when it is the first of a list: "writes for A, B and C" is a freelancer's, not the site's)."""
    if len(line) < MIN_NOTE_CHARS or not ((head := line[:40]) and (" is " in head or ", a" in head or " covers " in head)) \
            or not (m := _STAFF.match(line)):
        return None
    after = (m.group(1) or m.group(2)).split(". ", 1)[0]  # (the sentence ends after a web address too:
    name = _name_at(after)                                 # "writer at Embarque.io. I ...")
    if not name or _LIST_GOES_ON.match(after, after.find(name) + len(name)):
        return None
    return name


def _about_box(line: str, after: str) -> str | None:
    """The name an "About X" heading gives when the paragraph under it opens with X and goes on
    as a sentence about it ("About my6sense" / "my6sense offers an open programmatic ..."):
    a site's, a company's or a person's box about itself, else None."""
    name = _whole(line[6:])
    if not name or len(after) < 60 or not after.startswith(name + " ") or _name_at(after) != name:
        return None
    return name if after[len(name) + 1:len(name) + 2].islower() else None


_TAGLINE = re.compile(r"^([^.:|]{2,40}?)\. (.{8,100})$")


def _tagline_head(line: str) -> str | None:
    """The name a logo line opens with when a tagline that names it again follows ("Express.
    Home of the Daily and Sunday Express."), else None."""
    m = _TAGLINE.match(line)
    if not m or not (name := _whole(m.group(1))):
        return None
    return name if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", m.group(2), re.IGNORECASE) else None


def _addresses(ev: _Evidence) -> None:
    """Adds what the page's addresses say (the names they spell) and each name's core."""
    kinds, forms, slot_lines, title_bonus, text = ev.kinds, ev.forms, ev.slot_lines, ev.title_bonus, ev.text
    folded_lines = _casefolded(ev.picked)
    folded = "\n".join(folded_lines)
    mailed, linked = _domain_labels(folded, folded_lines)
    # (a link inside a sentence goes to other sites as often; one alone on a line, in a contact
    # block or a footer, is the site's own: "www.keenschoolofmusic.com")
    own = {label for line in ev.picked if " " not in line and ("www." in line or "//" in line)
           and (label := (domain_label(line) or "").replace("-", "")) in linked} if linked else ()
    for label in mailed.union(own):
        # the name the site's own e-mail address spells, as the page writes it
        for name in _spelled(text, label):
            k = norm(name)
            if k not in forms:
                kinds[k] = Counter()
                slot_lines[k] = {-1}
                title_bonus[k] = 0.0
            forms.setdefault(k, Counter())[name] += 1
    for k in (ev.logo, *ev.more_logos) if ev.logo else ():
        # the logo's name that a web address the page writes spells ("MoreBikes" at the top,
        # "morebikes.co.uk features ..." below; "EXPRESS.CO.UK"): two places, one name
        label = k.replace(" ", "")
        if label not in linked and label not in mailed and _writes_address(folded, label):
            linked.add(label)
    ev.folded, ev.mailed, ev.linked = folded, mailed, linked
    _cores(ev)


def _casefolded(lines: list[str]) -> list[str]:
    """The lines casefolded: joined by newlines, `"\\n".join(lines).casefold()`. Casefolding
    maps each character on its own, so the lines are folded one by one, and an ASCII line, whose
    casefold is its lower case, through `str.lower`'s fast path for ASCII (one non-ASCII
    character, "’" say, puts a whole page's text off that path)."""
    return [line.lower() if line.isascii() else line.casefold() for line in lines]


def _writes_address(folded: str, label: str) -> bool:
    """True when the (casefolded) text writes a web address whose name is `label`
    ("ovolohotels.com", "www.express.co.uk"; not "@ovolohotels", a handle)."""
    if len(label) < 3 or not label.isalnum():
        return False
    at = folded.find(label + ".")
    while at >= 0:
        before = folded[max(0, at - 4):at]
        if (not before or not (before[-1].isalnum() or before[-1] in "@-_/.") or before == "www."
                or before[-2:] == "//") and _TLD_AFTER.match(folded, at + len(label) + 1):
            return True
        at = folded.find(label + ".", at + 1)
    return False


_TLD_AFTER = re.compile(r"(?:co\.uk|com\.au|com|net|org|info|io|co|uk|ca|au|in|tv|news|de|fr|es|it|ie|nz|us|ai)(?![\w-])")


def _twins(forms: dict[str, Counter]) -> dict[str, str]:
    """A web address's name -> the name it runs together, when the page writes both."""
    found = {}
    squashed = None
    for k, names in forms.items():
        words = k.split()
        if len(words) >= 2 and len(words[-1]) <= 4 and words[-1] in _TLD_WORDS and any(_DOMAIN_TOKEN.match(f) for f in names):
            if squashed is None:
                squashed = {other.replace(" ", ""): other for other in forms if " " in other}
            label = "".join(w for w in words[:-1] if w != "www" and w not in _SECOND_LEVEL and w != "uk")
            if (twin := squashed.get(label)) and twin != k:
                found[k] = twin
    return found


_TLD_WORDS = frozenset({"com", "net", "org", "info", "uk", "co", "ca", "au", "in", "io", "tv", "news", "de", "fr", "es",
                        "it", "ru", "ie", "nz", "us"})


class _Own(dict):
    """A name -> its own evidence (its slots' weights, the title's and the logo's bonus), worked
    out when first asked: the scoring asks it of the few names that can be the outlet and of
    the names that start like them, of a page that holds dozens."""

    __slots__ = ("kinds", "title_bonus", "logo")

    def __init__(self, kinds: dict[str, Counter], title_bonus: Counter, logo: str | None):
        super().__init__()
        self.kinds, self.title_bonus, self.logo = kinds, title_bonus, logo

    def __missing__(self, k: str) -> float:
        value = self[k] = _evidence(self.kinds[k]) + self.title_bonus[k] + (W_LOGO if k == self.logo else 0.0)
        return value


def _cores(ev: _Evidence, twins: bool = False) -> None:
    """Each name's own evidence and core, and the cores a name made to name a site starts with;
    with `twins`, a web address's core is the name it runs together when the page writes that
    too ("HoustonChronicle.com" alone on a line, "About Houston Chronicle"): used only when no
    surer name is found, since which of the two forms a site goes by differs from site to site."""
    kinds, forms = ev.kinds, ev.forms
    own = _Own(kinds, ev.title_bonus, ev.logo)
    cores = {k: core(k) for k in forms}
    for k, twin in (_twins(forms) if twins else {}).items():
        cores[k] = cores[twin]
    starting: dict[str, list[str]] = {}  # a core -> the names whose core starts with it
    # the cores that a name holding a place made to name a site starts with: any other name is
    # refused at once, unless the title or an address names it (`_rule_score`)
    sited: set[str] = set()
    for k, c in cores.items():
        site_named = not _UNSITED.issuperset(kinds[k])
        head = None
        for word in c.split():  # (each start of the core: its first word, its first two, ...)
            head = word if head is None else head + " " + word
            if head in starting:
                starting[head].append(k)
            else:
                starting[head] = [k]
            if site_named:
                sited.add(head)
    ev.own, ev.cores, ev.starting, ev.sited = own, cores, starting, sited


def _rule_pick(ev: _Evidence, hint_key: str | None, only_hinted: bool) -> str | None:
    best = None
    scores: dict[str, float] = {}
    for k in ev.forms:
        hinted = bool(hint_key) and _matches(k, hint_key)
        if only_hinted and not hinted:
            continue
        if not (hinted or ev.cores[k] in ev.sited or ev.title_bonus[k] or k.replace(" ", "") in ev.mailed
                or k.replace(" ", "") in ev.linked):
            continue  # (what `_rule_score` would refuse first, said without a call)
        score = _rule_score(ev, k, hinted)
        if score is None:
            continue
        rank = (hinted, score, -min(ev.slot_lines[k]))
        if best is None or rank > best[0]:
            best = (rank, k)
        scores[k] = score
    if best is not None:
        # a name as sure as a shorter one it starts with is the fuller form ("Tim Shields", not "Tim")
        longer = [k for k in ev.starting[ev.cores[best[1]]] if len(k) > len(best[1]) and scores.get(k) == best[0][1]
                  and not _TLD_WORDS.issuperset(k.split()[len(best[1].split()):])]  # (not its web address)
        if longer and not best[0][0]:
            best = (best[0], max(longer, key=len))
    if best is None and not only_hinted:
        # nothing surer: a copyright owner with a legal suffix ("Consumer Reports, Inc.") that
        # the page names on two more lines ("Benjamin Preston covered ... for Consumer Reports")
        for k in ev.forms:
            if not ev.kinds[k][LEGAL] or not ev.cores[k] or any(ev.cores[k] in p for p in ev.parents):
                continue
            if _owner_lines(ev, k) < 2 or _credited(ev.folded, k, len(k.split()) == 1 and _plain_word(_display(ev.forms[k]))):
                continue
            rank = (ev.own[k], -min(ev.slot_lines[k]))
            if best is None or rank > best[0]:
                best = (rank, k)
    if best is None:
        return None
    k = _unclipped(best[1], ev.logo)
    return _spaced(ev.text, ev.folded, _spelled_out(ev.text, _display(ev.forms[k])))


def _unclipped(key: str, logo: str | None) -> str:
    """The logo's name when `key` is its clipped form, each word the start of the logo's word
    ("Lit Hub" under the logo "Literary Hub"): the site's full name, what a reader is shown at
    the top; else `key`."""
    if not logo or logo == key:
        return key
    words, full = key.split(), logo.split()
    if len(words) != len(full) or len(words) < 2 or not all(f.startswith(w) for w, f in zip(words, full)):
        return key
    return logo if all(len(w) >= 3 for w in words) else key


def _owner_lines(ev: _Evidence, k: str) -> int:
    """How many lines (not picture credits nor copyright lines) name the owner `k` or the short
    form the page gives it in a place made to name a site ("About PSA" for "PSA Financial
    Advisors, Inc.")."""
    lines = _lines_naming(ev.folded, k, credits=False)
    words = ev.cores[k].split()
    for n in range(1, len(words)):
        short = " ".join(words[:n])
        if (short in ev.kinds and not _UNSITED.issuperset(ev.kinds[short])) or (
                n == len(words) - 1 and words[-1] in _TITLE_WORDS and short not in GENERIC):
            lines = max(lines, _lines_naming(ev.folded, short, credits=False))
    return lines


_TITLE_WORDS = frozenset({"magazine", "blog", "journal", "news", "daily", "weekly", "online", "review", "times", "post"})


def _rule_score(ev: _Evidence, k: str, hinted: bool = False) -> float | None:
    """The hand-weighted evidence for `k`, None when a rule refuses it."""
    kinds, own, cores = ev.kinds, ev.own, ev.cores
    c = cores[k]
    if not c or any(c in p for p in ev.parents):
        return None
    score = own[k]
    squashed = k.replace(" ", "")
    # the name the page's own addresses spell ("info@icelandphototours.com")
    addressed = W_MAILED if squashed in ev.mailed else W_LINKED if squashed in ev.linked else 0.0
    score += addressed
    if addressed and k in ev.more_logos:
        score += W_LOGO
    elif addressed == W_MAILED and kinds[k][ALONE] and k != ev.logo:
        score += W_MAILED_ALONE  # the name alone on a line below, in the site's contact block or footer
    sited = bool(ev.title_bonus[k] or addressed) or not _UNSITED.issuperset(kinds[k])
    # a longer name counts for the shorter one it starts with ("NBC News NOW", "Telegraph
    # Media Group" for "The Telegraph"), a little
    menu = 0.0  # what longer names that only lines alone hold add ("Solar Panels", "Solar Blog", ...)
    for other in ev.starting[c]:
        if other == k:
            continue
        if cores[other] == c:
            score += own[other]
        elif _UNSITED.issuperset(kinds[other]) and not ev.title_bonus[other] and other != ev.logo:
            menu += W_COVERED * own[other]
        else:
            score += W_COVERED * own[other]
        sited = sited or not _UNSITED.issuperset(kinds[other])
    score += min(menu, MAX_MENU)  # (a topic opens many menu lines; a site's name a few)
    if not hinted and (not sited or score + MAX_NAMED_MENTIONS < ACCEPT):
        return None
    forms, slot_lines, title_bonus, logo, text = ev.forms, ev.slot_lines, ev.title_bonus, ev.logo, ev.text
    folded, starting = ev.folded, ev.starting
    display = _display(forms[k])
    # a word the page also writes in prose is a common word, unless two places made to name a site
    # hold it ("Brides's Editorial Guidelines", "Brides is part of ...": a site named by a word)
    self_named = sum(kinds[k][kind] for kind in (SITE_CUE, WE, SELF)) + (addressed == W_MAILED) >= 2
    common = None

    def is_common() -> bool:  # (`_common(text, display)`, asked at most once)
        nonlocal common
        if common is None:
            common = _common(text, display)
        return common

    if not hinted and not (kinds[k][COPYRIGHT] or kinds[k][COMPANY] or kinds[k][LEGAL] or self_named) \
            and is_common():
        return None
    mentions = _mentions(folded, k, len(slot_lines[k]))
    if (label := _address_label(k, display)) and label not in forms:
        # a web address's name is also written without its ending ("Moneycontrol.com",
        # "Managing Money with Moneycontrol"): those are mentions of it too
        mentions = max(mentions, _mentions(folded, label, len(slot_lines[k])))
    named = any(kinds[k][kind] for kind in NAMED_KINDS) and not is_common()
    score += min(MAX_NAMED_MENTIONS if named else MAX_MENTIONS, W_MENTION * mentions)
    kind = kinds[k]
    if not hinted and sum(kind.values()) == 1 and (
            (kind[COMPANY] and mentions == 0) or (kind[LEGAL] and not addressed and _lines_naming(folded, k) < 3)
            or (kind[COPYRIGHT] and len(k.split()) == 1 and _plain_word(display)
                and (mentions < 2 or is_common()))):
        return None  # a parent company's or a person's name, said once (a site names itself again)
    if not hinted and score < ACCEPT:
        return None
    if not hinted and not (addressed or _strongly_named(starting[c], kinds, title_bonus, logo)) and sum(
            kinds[other][SOCIAL_CUE] for other in starting[c]) <= 2:
        return None  # "About X", "Search X" once or twice: a person, a section or a parent as often
    if not hinted and _credited(folded, k, len(k.split()) == 1 and _plain_word(display)):
        return None  # "by Regan", "Website by Civil Agents": an author's or a designer's name
    return score


# "At X, we", "Here at X, our" opening a line or a sentence (what stands before is checked apart:
# a lookbehind here would make the search try every position of the page)
_WE_AT = re.compile(r"t ((?:[A-Z0-9][\w&'’.-]*)(?:\s+(?:of|the|and|&|[A-Z0-9][\w&'’.-]*)){0,5}),? (?:we|our)\b")
_DOMAIN_SAYS = re.compile(r"(\.(?:com|net|org|info|io|co\.uk|news)) ([a-z]{2,})\b")
_WE_BEFORE = re.compile(r"(?:[.!?:]\s+|\bhere,?\s+)$", re.IGNORECASE)
_ADDRESS = re.compile(r"(@|//|\bwww\.)((?:[a-z0-9-]+\.)+)[a-z]{2,6}\b")


def _spelled(text: str, label: str) -> list[str]:
    """The capitalised names in `text` that spell `label` with spaces or punctuation between
    its letters ("Iceland Photo Tours" for "icelandphototours"), in the text's own form."""
    if len(label) < 4 or not label.isalnum():
        return []
    found = []
    search = _spelling(label).search
    at = 0
    while m := search(text, at):  # (the places with no word character before them, as `_naming_starts`)
        start = m.start()
        if start and _WORD_CHAR.match(text, start - 1):
            at = start + 1
            continue
        if (spelled := m.group())[:1].isupper() or spelled[:1].isdigit():
            found.append(spelled)
        at = m.end()
    return found


@lru_cache(maxsize=1024)
def _spelling(label: str) -> re.Pattern:
    """`_spelled`'s pattern for `label`, compiled once: a site's pages spell the same address.
    Its letters with any of whitespace, "&", "'", "’", "." or "-" between them, but "’" is an
    alternative of its own: in one class with whitespace it makes the compiler build a table
    of all 65,536 characters for each gap, which costs more than the search. It has no
    lookbehind for a word character before it (asked apart, in `_spelled`): one would be tried
    at every position of the page."""
    return re.compile(r"(?:[\s&'.-]|’(?=))*".join(map(re.escape, label)) + r"(?!\w)", re.IGNORECASE)


def _domain_labels(folded: str, folded_lines: list[str]) -> tuple[set[str], set[str]]:
    """The domain names (without dots and dashes) of the page's e-mail addresses and of its
    links ("info@iceland-photo-tours.com": "icelandphototours"); `folded` is the casefolded
    text, `folded_lines` its lines."""
    mailed: set[str] = set()
    linked: set[str] = set()
    if "@" not in folded and "//" not in folded and "www." not in folded:
        return mailed, linked
    for m in _ADDRESS.finditer("\n".join(l for l in folded_lines if "@" in l or "//" in l or "www." in l)):
        parts = [p for p in m.group(2).split(".") if p and p != "www"]
        if parts and parts[-1] in _SECOND_LEVEL and len(parts) > 1:
            parts = parts[:-1]
        if parts:
            (mailed if m.group(1) == "@" else linked).add(parts[-1].replace("-", ""))
    return mailed, linked


def _address_label(key: str, display: str) -> str | None:
    """The name part of a web address's key ("moneycontrol" of "moneycontrol com"), else None."""
    words = key.split()
    if len(words) < 2 or words[-1] not in _TLD_WORDS or not _DOMAIN_TOKEN.match(display):
        return None
    label = " ".join(w for w in words[:-1] if w != "www" and w not in _SECOND_LEVEL and w != "uk")
    return label if len(label) >= 4 else None


def _evidence(kinds: Counter) -> float:
    if len(kinds) == 1:  # (most names: one kind of slot, and a sum of one term is that term)
        (kind, n), = kinds.items()
        return WEIGHTS[kind] + min(MAX_KIND, REPEAT_WEIGHTS[kind] * (n - 1))
    return sum(WEIGHTS[kind] + min(MAX_KIND, REPEAT_WEIGHTS[kind] * (n - 1)) for kind, n in kinds.items())


def _corporate(key: str) -> bool:
    return any(w in _CORPORATE for w in key.split()[1:])


def _common(text: str, name: str) -> bool:
    """True when the page writes this capitalised name in lower case too: a common phrase."""
    if not name[:1].isupper() or not all(w.isalpha() for w in name.split()) or _DOMAIN_TOKEN.match(name):
        return False
    if any(w[1:] != w[1:].lower() and not w.isupper() for w in name.split()):
        return False  # "AppleInsider": a run-together name written in lower case is a code or a slug, not prose
    lower = name[:1].lower() + name[1:]
    if name.isupper() or lower.lower() not in text:
        return False
    # "vox-mark", "sfgate.com", "@sfgate": a slug, a domain or a handle, not the word in prose
    # (the places of `(?<![\w@/.-])WORD(?![\w@/-]|\.\w)`, found as `_word_starts` finds a word:
    # that pattern, opening with its lookbehind, would be compiled for each name and tried at
    # every position of the page)
    word = lower.lower()
    size = len(word)
    at = text.find(word)
    while at >= 0:
        end = at + size
        if (at and _SLUG_BEFORE.match(text, at - 1)) or _SLUG_AFTER.match(text, end):
            at = text.find(word, at + 1)
            continue
        if text[at - 1:at] not in ("", "\n") or text[end:end + 1] not in ("", "\n"):
            return True  # (a line that is the word alone is a logo written in lower case)
        at = text.find(word, end)
    return False


_SLUG_BEFORE = re.compile(r"[\w@/.-]")
_SLUG_AFTER = re.compile(r"[\w@/-]|\.\w")


# Sentences a site writes about itself ("Board Game Quest is a participant in the Amazon
# Services LLC Associates Program", "Investopedia is part of the People Inc. publishing family")
_SELF = re.compile(
    r"^(.{2,60}?)\s+(?:is (?:a )?participant in|participates in|is (?:a )?part of|may earn|earns? (?:a )?commission|"
    r"is an? .{0,40}(?:publication|company|brand) of)\b", re.IGNORECASE)
# A site's description of itself in its footer or its "about" box ("X is a non-profit, socially
# motivated website", "X is your daily service for the latest news", "X is the industry's
# trusted source for breaking news", "X® is a registered trademark" (not "... of Y": a brand of
# Y's); "X has affiliate partnerships and may earn commission", "X is reader-supported")
_SELF_DESC = re.compile(  # (matched at the verb after the name)
    r"(?:is\s+(?:(?:registered|incorporated)\s+(?:in\s+(?:the\s+)?[\w ]{2,30}?\s+)?as\s+)?(?:a|an|the|your)\s+(?:(?!of\b)[\w,'’-]+\s+){0,4}?(?:non-?profit|not-for-profit|charity|"
    r"organi[sz]ation|publication|magazine|newspaper|news (?:site|service|source|outlet|website)|source (?:for|of) (?:[\w-]+,? ){0,2}news|website|web site|"
    r"online (?:publication|community|resource|magazine|platform)|blog|daily service|community interest company)"
    r"(?=\s*(?:[,.;:(]|$|\s(?:that|which|and|for|dedicated|helping|based|run|with|in|committed|focused|providing|where|"
    r"from|since|founded|devoted|about|on|to)\b))"
    r"|(?:has|is)\s+(?:[a-z-]+\s+){1,4}(?:and\s+)?may earn\b"
    r"|is\s+(?:an?\s+)?(?:reader|audience|listener|viewer)[- ]supported\b"
    r"|is\s+supported\s+by\s+(?:its\s+|our\s+)?(?:readers|audience|listeners|viewers)\b"
    r"|is\s+a\s+registered\s+trademark(?!\s+of\b))", re.IGNORECASE)


def _self_owned(line: str) -> re.Match | None:
    """`_SELF`'s match on a line whose sentence goes on after its parent ("X is part of Future
    US Inc, an international media group and ..."), when what X is part of or earns from is
    a company (`_company_after`)."""
    m = _SELF.match(line)
    return m if m and _company_after(line[m.end(1):]) else None


def _company_after(rest: str) -> bool:
    """True when the clause `rest` (" is part of ...", " may earn ...") names a company, a family
    of sites or a commission: what a site is part of or earns ("Adobe XD is part of the Creative
    Cloud Pro package" is a product's)."""
    words = set(norm(re.split(r"[.;(]\s", rest, maxsplit=1)[0]).split())
    return bool(words & _CORPORATE or words & {"company", "family", "commission", "commissions", "inc"})


def _self_described(line: str, at: int) -> str | None:
    """The name a line opens by describing as a site (`_SELF_DESC`, its verb at `at`), else None."""
    if not _SELF_DESC.match(line, at + 1):
        return None
    return _whole(line[:at].rstrip("®™ "), furniture=True)  # ("Privacy Guides is a non-profit ... website")
# "X is part of Future US Inc", "X is an iEntry Publication", "X, a Red Ventures Company": the
# parent named there is not the outlet
_PARENT = re.compile(r"\bis (?:a )?part of (?:the )?(\S.{1,60})|\b(?:owned|operated)(?: and (?:owned|operated))? by (?:the )?(\S.{1,60})|\b(?:is an?|, an?) ((?:[A-Za-z][\w&.-]*\s+){1,4})(?i:company|publication|brand)\b")
# A name that says it runs other sites is the network, the page's site is one of them
_NETWORK = re.compile(r"^(.{2,40}?) (?:also )?(?:operates|runs|publishes|owns)\b.{0,80}\b(?:web)?sites\b")
_NETWORK_VERB = re.compile(r" (?:operates|runs|publishes|owns) ")  # (said cheaply first)
MAX_PROSE_CHARS = 400


def _parent_hinted(line: str) -> bool:
    """True when `line` holds what every `_PARENT` match holds (plain substring tests: a
    pattern of alternatives is tried at every position of every line): "part of", "owned by"
    or "operated by", else a company's, publication's or brand's word after "is a" or ", a"."""
    return "part of" in line or "ed by " in line or (("ompany" in line or "ublication" in line or "rand" in line)
                                                      and ("is a" in line or ", a" in line))


def _self_hinted(line: str) -> bool:
    """False when an ASCII line holds none of the words every `_SELF` match holds (a line with
    other characters is tried as it is: ignoring case, the pattern matches a few non-ASCII
    letters for ASCII ones)."""
    if not line.isascii():
        return True
    low = line.lower()
    # ("is a ... company of": the last of its phrases; "earn" is mostly "learn")
    return "part of" in low or "particip" in low or ("earn" in low and ("may earn" in low or "commission" in low)) \
        or ("is a" in low and ("company of" in low or "publication of" in low or "brand of" in low))


def _prose_slots(line: str) -> list[tuple[str, str]]:
    """The slots of a longer line: a copyright notice inside it, a site's sentence about itself."""
    names = []
    if _self_hinted(line) and (m := _SELF.match(line)):
        if name := _whole(m.group(1)):
            names.append((name, SITE_CUE))
    elif ", " in line[:80] and (name := _subsidiary(line)):
        names.append((name, SITE_CUE))  # "X (XYZ), a System One company, was founded in ...": the site, and its parent
    if (at := line.rfind("©")) >= 0:  # (the owner of the latest years, as on a short line)
        after = line[at + 1:]
        m = _COPYRIGHT_LEAD.match(after)
        if m and (name := _owner_after(after, m)):
            names.append(_owner(name, line))
    return names


def _mentions(text: str, key: str, own: int) -> int:
    """How many more times than its own slots the (casefolded) text names `key`."""
    if len(key) < 3:
        return 0
    words = key.split()
    if text.count(words[0]) <= own:
        return 0  # (without compiling a pattern for the name)
    return max(0, sum(1 for _ in _naming_starts(text, key)) - own)


@lru_cache(maxsize=4096)
def _name_pattern(key: str) -> re.Pattern:
    """A (casefolded) name's words with any punctuation between them, ending at a word's end.
    It opens with the name's first word, a literal the search skips to; that no word character
    stands before it is asked apart (`_naming_starts`): a pattern opening with that lookbehind
    would be tried at every position of the page. Compiled once per name: an outlet's pages
    name it again."""
    return re.compile(r"[\W_]*".join(map(re.escape, key.split())) + r"(?!\w)")


def _naming_starts(text: str, key: str):
    """The starts of the (non-overlapping) places the (casefolded) text names `key`, as whole
    words: what `_name_pattern(key)` with no word character before it finds."""
    if key and " " not in key:  # (a one-word name is a literal: found without compiling a pattern for it)
        yield from _word_starts(text, key)
        return
    search = _name_pattern(key).search
    at = 0
    while m := search(text, at):
        start = m.start()
        if start and _WORD_CHAR.match(text, start - 1):
            at = start + 1  # (inside a longer word: the next place may start in this one)
            continue
        yield start
        at = m.end() if m.end() > start else start + 1


def _word_starts(text: str, word: str):
    """The starts of the (non-overlapping) places `text` holds `word` with no word character
    before or after it: `_naming_starts` for a name of one word."""
    size = len(word)
    at = text.find(word)
    while at >= 0:
        if (at and _WORD_CHAR.match(text, at - 1)) or _WORD_CHAR.match(text, at + size):
            at = text.find(word, at + 1)  # (inside a longer word: the next place may start in this one)
            continue
        yield at
        at = text.find(word, at + size)


_WORD_CHAR = re.compile(r"\w")


def _strongly_named(keys, kinds, title_bonus, logo) -> bool:
    """True when one of these names (a name and the longer ones that start with it) stands in
    a place more sure than "Follow X" or "About X": a copyright line, "Why trust X", the
    title's suffix, the logo, a web address."""
    return any(k == logo or title_bonus[k] or any(kinds[k][kind] for kind in STRONG_KINDS) for k in keys)


def _credited(text: str, key: str, person: bool) -> bool:
    """True when a line of the (casefolded) text opens by crediting `key` as a site's maker
    ("Website by Civil Agents", "Designed by X", "Powered by X") or, for a `person`'s name (a
    single plain word), as a byline ("by Regan", "Written by Regan"): not the site's name."""
    if "by " + key not in text:
        return False  # (without compiling a pattern for the name)
    makers = r"(?:website|web ?site|web design|site|designed|developed|design|powered|built|theme|hosted)"
    lead = rf"(?:(?:written|posted)[ \t]+|{makers}[ \t]+)?" if person else rf"{makers}[ \t]+"
    pattern = r"(?:^|\n)" + lead + r"by[ \t]+" + r"[ \t]+".join(map(re.escape, key.split())) + r"(?![\w.-])" \
        + (_NOT_A_DESK if person else "")  # ("By Vox Staff": the site's desk, not a person)
    return re.search(pattern, text) is not None


def _lines_naming(text: str, key: str, credits: bool = True) -> int:
    """How many lines of the (casefolded) text name `key`: a site's name recurs across its
    page, a parent's is said in a line or two ("not of Red Hat", "© Red Hat, LLC"). Without
    `credits`, lines that credit a picture or hold a copyright sign are not counted (a
    photographer's "© X LLC" under each of a page's pictures)."""
    starts = {text.rfind("\n", 0, at) + 1 for at in _naming_starts(text, key)}
    if credits:
        return len(starts)
    return sum(1 for at in starts if not _CREDIT_LINE.search(text, at, text.find("\n", at) % (len(text) + 1)))


_NOT_A_DESK = r"(?![ \t]+(?:staff|newsroom|news ?desk|news (?:staff|team)|editorial|editors|web (?:staff|desk)|digital (?:staff|team|desk))\b)"
_CREDIT_LINE = re.compile(r"[©Ⓒ]|\(c\)|\b(?:photo|photos|photograph|image|images|credit|credits|courtesy|picture)\b")


def _plain_word(name: str) -> bool:
    """A single Capitalised word of letters (a given name or a surname can be one)."""
    return name.isalpha() and name[:1].isupper() and name[1:].islower()


@lru_cache(maxsize=65536)
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


def _spelled_out(text: str, name: str) -> str:
    """An all-capitals name's long form, when the page writes one whose words' initials spell
    it ("World Future Awards" for "WFA"): what a reader is shown; else `name`."""
    if not (2 <= len(name) <= 5 and name.isalpha() and name.isupper()):
        return name
    pattern = r"(?<!\w)" + r" ".join(letter + r"[a-z]+" for letter in name) + r"(?!\w)"
    found = Counter(re.findall(pattern, text))
    return found.most_common(1)[0][0] if found else name


def _spaced(text: str, folded: str, name: str) -> str:
    """A run-together name ("Homegrounds") in the words the page also writes it in ("Home
    Grounds") when it writes them at least as often: what a reader is shown; else `name`. (A
    web address stays as written: "CBSSports.com" is how such a site names itself.)"""
    if " " in name or len(name) < 6 or not name.isalpha():
        return name
    low = name.lower()
    if not any(low[:j] + " " + low[j:j + 2] in folded for j in range(2, len(low) - 1)):
        return name  # (no form with a space after its first word: no pattern to compile)
    spaced = Counter(w for w in _spelled(text, name.lower()) if " " in w and w.replace(" ", "").isalpha())
    if not spaced:
        return name
    together = len(re.findall(r"(?<![\w.@/])" + re.escape(name) + r"(?![\w@]|\.\w)", text, re.IGNORECASE))
    words, count = spaced.most_common(1)[0]
    return words if count >= together else name


def _display(forms: Counter) -> str:
    """The form to show: the most used one, a mixed-case one before an all-capitals one."""
    shown = max(forms.items(), key=lambda kv: (not kv[0].isupper() or len(kv[0]) <= 4, kv[1], -len(kv[0])))[0]
    return shown[:-1] if shown.endswith(".") and _DOMAIN_TOKEN.match(shown[:-1]) else shown


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
    first = _first_stripped(lines, reach)
    last = _first_stripped(reversed(lines), reach)[::-1]
    picked = first + last if len(first) == reach else first  # (a short page's lines are all in `first`)
    for line in picked:
        if m := _URL_LINE.match(line):
            return m.group(1)
    for line in first[:1] + last[-1:]:
        if m := _BARE_URL.match(line):
            return m.group(1)
    return None


def _first_stripped(lines, n: int) -> list[str]:
    """The first `n` non-blank lines, stripped (a page's ends, without stripping its middle)."""
    picked = []
    for line in lines:
        if stripped := line.strip():
            picked.append(stripped)
            if len(picked) == n:
                break
    return picked
