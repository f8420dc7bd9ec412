"""Outlets, round 4 (issue 19, part 3): an author's note naming the publication its author works
for, and a clipped name shown as its logo's full name. Each rule with a page that must give no
source, or the old answer."""

from __future__ import annotations

from tests.test_outlets import page

from index.clean.cleaner import clean

MENU = ["Skip to content", "Guides", "Reviews", "Deals"]
# lines that name the publication in passing, as a site's pages do ("9to5Mac Gift Guide: ...")
MENTIONS = ["Kestrel Weekly Gift Guide: what to buy the rider who has everything",
            "Looking for more ideas? Stay tuned for more Kestrel Weekly gift guides!",
            "Listen to the Kestrel Weekly Happy Hour podcast every Friday.",
            "Kestrel Weekly readers voted the Alder 3 the bike of the year."]


def test_an_author_note_naming_the_publication_confirms_a_name_the_page_repeats():
    footer = [*MENTIONS, "Subscribe to Kestrel Weekly on YouTube for more bike news:",
              "Mara Lind is a senior editor for Kestrel Weekly and lives in Oslo with her two bikes.",
              "Related posts", "Privacy Policy"]
    assert clean(page(MENU, footer)).source == "Kestrel Weekly"
    # "X covers ... for Y", "X, a ... writer at Y": the same note
    covers = [*MENTIONS, "Subscribe to Kestrel Weekly on YouTube for more bike news:",
              "Mara Lind covers cycling news for Kestrel Weekly and hosts its podcast.", "Privacy Policy"]
    assert clean(page(MENU, covers)).source == "Kestrel Weekly"
    # without the note, "Subscribe to X" alone names nothing
    assert clean(page(MENU, [line for line in footer if not line.startswith("Mara Lind")])).source is None
    chief = [*MENTIONS, "Subscribe to Kestrel Weekly on YouTube for more bike news:",
             "Mara Lind is the editor-in-chief of Kestrel Weekly. She lives in Oslo.", "Privacy Policy"]
    assert clean(page(MENU, chief)).source == "Kestrel Weekly"


def test_an_author_note_about_a_past_or_other_employer_names_nothing():
    for note in ("Mara Lind was an editor for Kestrel Weekly until 2019.",
                 "Mara Lind is a former editor for Kestrel Weekly and now runs a bike shop.",
                 "Mara Lind has written for Kestrel Weekly and many others.",
                 "Mara Lind is a freelance writer for Kestrel Weekly, Outside and Bicycling."):
        assert clean(page(MENU, [*MENTIONS, "Subscribe to Kestrel Weekly on YouTube for more bike news:", note,
                                 "Privacy Policy"])).source is None, note


def test_an_author_note_does_not_override_a_surer_name():
    # the copyright line names the site; the note names the author's other job
    footer = ["Mara Lind is a contributing writer for Kestrel Weekly and lives in Oslo.",
              "Follow Kestrel Weekly", "© 2024 Harbor Cycling. All rights reserved."]
    assert clean(page(["Harbor Cycling", "News", "Reviews"], footer)).source == "Harbor Cycling"


def test_a_clipped_name_under_its_logo_is_shown_as_the_logo_writes_it():
    footer = ["Mara Lind is the managing editor at Lit Harbor. Her first novel came out in 2020.",
              "How to Pitch Lit Harbor", "Lit Harbor Radio", "The Lit Harbor Podcast",
              "Support Lit Harbor - Become A Member", "Privacy Policy"]
    assert clean(page(["Literary Harbor", "Fiction", "Essays"], footer)).source == "Literary Harbor"
    # a logo whose words the name does not start is another name: the page's own form stays
    assert clean(page(["Literary Hub", "Fiction", "Essays"], footer)).source == "Lit Harbor"


def test_a_sign_up_line_that_goes_on_after_the_sites_news_names_it():
    footer = ["If you are moving to a new platform, Quillfeather's team of developers can help you migrate.",
              "contact@quillfeather.com",
              "Get the latest QUILLFEATHER news, tips and how-to's on the go, right in your inbox!",
              "Join the Quillfeather newsletter for monthly tips,", "Privacy Policy"]
    assert clean(page(MENU, footer)).source in ("Quillfeather", "QUILLFEATHER")
    # without the sign-up lines, the e-mail address and a possessive alone name nothing
    assert clean(page(MENU, footer[:2] + footer[4:])).source is None
    # "Get Daily News on your Browser": a button, not a newsletter of "Daily"
    assert clean(page(MENU, ["Get Daily News on your Browser", "Get Daily News on your Browser Enable",
                             "Daily Picks", "Privacy Policy"])).source is None
