"""The language guess: the stopword list that covers a text's words best, English unless
another list clearly beats it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean.stopwords import SAMPLE_WORDS, _all_lists, guess_language
from index.text.words import words


def covering_most(words: list[str]) -> str:
    """The rule, counted the slow way: each list's hits over the sample; a list must beat the
    best so far by 15% and by more than two words (English first, then in name order)."""
    lists = _all_lists()
    sample = words[:SAMPLE_WORDS]
    best, best_hits = "English", sum(w in lists["English"] for w in sample)
    for name in sorted(lists):
        hits = sum(w in lists[name] for w in sample)
        if hits > best_hits * 1.15 and hits > best_hits + 2:
            best, best_hits = name, hits
    return best


SAMPLES = {
    "English": "The minister said that the report would be published before the end of the year.",
    "German": "Der Minister sagte, dass der Bericht noch vor dem Ende des Jahres veröffentlicht werden soll.",
    "French": "Le ministre a dit que le rapport serait publié avant la fin de l'année, selon les sources.",
    "Spanish": "El ministro dijo que el informe se publicaría antes del final del año, según las fuentes.",
}


def test_common_languages_are_told_apart():
    for language, text in SAMPLES.items():
        sample = words(((text + " ") * 3).lower())
        assert guess_language(sample) == language == covering_most(sample)
    assert guess_language([]) == "English"
    assert guess_language(["zzqx", "1234"]) == "English"  # no stopword at all


def _some_stopwords() -> list[str]:
    lists = _all_lists()
    return sorted({w for name in ("English", "German", "French", "Spanish", "Italian", "Dutch", "Portuguese")
                   for w in sorted(lists[name])[:40]})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_some_stopwords()), st.sampled_from(["river", "zzqx", "2024"])),
                max_size=2 * SAMPLE_WORDS))
def test_the_guess_follows_the_rule_on_any_mix(words):
    assert guess_language(words) == covering_most(words)
