"""The language guess: the stopword list that covers a text's words best, English unless
another list clearly beats it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean.stopwords import SAMPLE_WORDS, guess_language, guess_language_and_hits, stoplist, stoplists
from index.text.words import words

ROOT = Path(__file__).resolve().parent.parent


def covering_most(words: list[str]) -> str:
    """The rule, counted the slow way: each list's hits over the sample; a list must beat the
    best so far by 15% and by more than two words (English first, then in name order)."""
    lists = stoplists()
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
    lists = stoplists()
    return sorted({w for name in ("English", "German", "French", "Spanish", "Italian", "Dutch", "Portuguese")
                   for w in sorted(lists[name])[:40]})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_some_stopwords()), st.sampled_from(["river", "zzqx", "2024"])),
                max_size=2 * SAMPLE_WORDS))
def test_the_guess_follows_the_rule_on_any_mix(words):
    assert guess_language(words) == covering_most(words)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_some_stopwords()), st.sampled_from(["river", "zzqx", "2024"])),
                max_size=3 * SAMPLE_WORDS))
def test_the_guess_with_its_hits_is_the_guess_and_english_s_count_over_every_word(words):
    guess, hits = guess_language_and_hits(words)
    assert guess == guess_language(words)
    # (the count covers all the words, past the sample the guess reads)
    assert hits is None or (guess == "English" and hits == sum(w in stoplist("English") for w in words))


def test_an_english_text_longer_than_the_sample_gets_its_hits_over_every_word():
    words = ["the", "zzqx", "of"] * SAMPLE_WORDS  # three times the sample: two stopwords in three
    assert guess_language_and_hits(words) == ("English", 2 * SAMPLE_WORDS)
    assert guess_language_and_hits(words[:SAMPLE_WORDS])[1] == sum(w != "zzqx" for w in words[:SAMPLE_WORDS])
    assert guess_language_and_hits([]) == ("English", None)


def test_the_stopword_lists_load():
    lists = stoplists()
    assert len(lists) >= 50 and {"English", "German", "French", "Spanish", "Bulgarian", "Hindi"} <= set(lists)
    assert "the" in lists["English"] and "und" in lists["German"]


BLOCK_JUSTEXT = "import sys; sys.modules['justext'] = None; from tui.cli import main; main()"


def test_without_stopword_lists_cleaning_fails_loudly(tmp_path):
    # A fresh process whose jusText cannot be imported: cleaning must stop with a one-line
    # reason, not quietly clean without the prose signal.
    page = tmp_path / "page.txt"
    page.write_text("A title\n\nThe minister said that the report would be published before the end.\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", BLOCK_JUSTEXT, "clean", str(page)], capture_output=True,
                         text=True, env=env, timeout=60)
    assert run.returncode == 1, run.stderr
    assert "stopword" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert run.stdout == ""
