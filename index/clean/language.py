"""Which language a page is written in, and so which stopword list measures its prose.

The stopword guess (`stopwords.guess_language`) is cheap and right for the languages whose lists
it compares, but it can only pick among lists of ordinary size: a list of thousands of words
(Russian, Polish, Turkish, Arabic, Finnish, Korean and some thirty more) hits any text and
would win every guess, so those languages were guessed as English with no stopwords at all.
A character n-gram identifier (py3langid) tells all of them apart; it costs about as much as
cleaning a short page, so it runs only where the stopword guess is not clearly right: a page in
another script than Latin, or one whose words the guessed list hardly covers. Its ISO code maps
onto jusText's list name; a language jusText has no list for (Chinese, Japanese, Thai) gets none.
"""

from __future__ import annotations

from functools import lru_cache
from operator import countOf

from index.clean.stopwords import guess_language_and_hits, stoplist

# A Latin-script sample whose guessed list covers this share of its words is in that language.
CLEAR_COVERAGE = 0.3
# The identified language's list must cover this share of the sample to replace the guess.
MIN_ID_COVERAGE = 0.1
# Enough text for the identifier; more costs time and changes nothing.
ID_CHARS = 1200

# py3langid's ISO 639 codes onto jusText's stopword list names.
JUSTEXT_NAMES = {
    "af": "Afrikaans", "an": "Aragonese", "ar": "Arabic", "ary": "Arabic", "arz": "Arabic",
    "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton",
    "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian",
    "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fr": "French", "fy": "West_Frisian",
    "ga": "Irish", "gl": "Galician", "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "ht": "Haitian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "ig": "Igbo", "is": "Icelandic", "it": "Italian", "jv": "Javanese", "ka": "Georgian",
    "kk": "Kazakh", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lb": "Luxembourgish", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian",
    "ml": "Malayalam", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "ne": "Nepali",
    "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal", "oc": "Occitan",
    "pl": "Polish", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tk": "Turkmen", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "uzs": "Uzbek",
    "vi": "Vietnamese", "vo": "Volapuk", "wa": "Walloon", "yo": "Yoruba",
}
# A Latin page asks the identifier only with this many sample words.
MIN_ID_WORDS = 30
# Written without spaces between words: words are counted in characters (see lines.py).
UNSPACED = frozenset(("zh", "ja", "th", "lo", "km", "my", "wuu", "yue", "dz"))


@lru_cache(maxsize=1)
def _identifier():
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:  # the cleaner still works, on the stopword guess alone
        return None
    try:
        return LanguageIdentifier.from_model_file(MODEL_FILE)
    except Exception:  # a broken model file must not break cleaning
        return None


def identify(text: str) -> str | None:
    """The ISO 639 code py3langid reads in `text`, or None without a verdict."""
    ident = _identifier()
    if ident is None or not text.strip():
        return None
    try:
        return ident.classify(text[:ID_CHARS])[0]
    except Exception:
        return None


def page_language(sample_words: list[str], sample_text: str, latin: bool) -> tuple[str | None, frozenset[str]]:
    """(ISO code or None, stopword list) for a page, from its longest lines.

    `sample_words` are those lines' lowercased words, `sample_text` their text, `latin` whether
    the page's body is in Latin script. The stopword guess settles a Latin page whose words its
    list clearly covers; any other page asks the identifier.
    """
    return page_language_and_guess(sample_words, sample_text, latin)[:2]


def page_language_and_guess(sample_words: list[str], sample_text: str,
                            latin: bool) -> tuple[str | None, frozenset[str], str]:
    """`page_language`, and the stopword guess it started from (`guess_language` of the same
    words: the page's language name when there is no code)."""
    guess, english_hits = guess_language_and_hits(sample_words)
    stops = stoplist(guess)
    if latin and sample_words and stops:
        # (English's hits were counted by the guess: not again)
        covered = english_hits if english_hits is not None else countOf(map(stops.__contains__, sample_words), True)
        if covered >= CLEAR_COVERAGE * len(sample_words):
            return None, stops, guess
    if latin and len(sample_words) < MIN_ID_WORDS:
        # Too little Latin text for a verdict worth its cost: the identifier's model is large,
        # and a one-line page (a title, a caption) would load it into every worker.
        return None, stops, guess
    code = identify(sample_text)
    if code is None:
        return None, stops, guess
    name = JUSTEXT_NAMES.get(code)
    if name is None:
        return code, frozenset(), guess
    found = stoplist(name)
    # Text in no language (made-up words, codes, lists of names) still gets a verdict; unless
    # that language's function words do cover the text, keep the guess.
    if sample_words and countOf(map(found.__contains__, sample_words), True) < MIN_ID_COVERAGE * len(sample_words):
        return None, stops, guess
    return code, found, guess
