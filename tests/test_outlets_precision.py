"""Outlets: the places that tell a site's own name from a parent's, a maker's, a person's or a
section's (issue 19, part 3). Each rule with a page that must give no source."""

from __future__ import annotations

from tests.test_outlets import page

from index.clean.cleaner import clean


def test_a_byline_or_a_makers_credit_names_a_person_or_a_designer_not_the_site():
    # a single plain word that the page credits as an author is a person, however often named
    person = page(["Home", "About Me"], ["by Maren", "Written by Maren", "Maren", "Hi there! I'm Maren.",
                                         "My name is Maren and I live by the sea.", "© Maren"])
    assert clean(person).source is None
    # a web designer's credit: "Website by X", "Designed by X"
    designer = page(["Menu"], ["Website by Fieldstone Agents", "© 2026 Fieldstone Agents. All rights reserved."])
    assert clean(designer).source is None
    # the site's own name after "by" inside a line ("Orbi Series by X") is no credit
    kept = page(["Menu"], ["New Routers by Valley Post", "Follow Valley Post on Twitter",
                           "© 2019 Valley Post. All rights reserved."])
    assert clean(kept).source == "Valley Post"


def test_a_web_address_speaking_of_itself_outranks_a_parents_copyright():
    lines = ["Jon Berg (Team, Grampian Hat)", "Former Grampian Hat engineer, now a consultant.",
             "The opinions expressed on this website are those of each author, not of Grampian Hat.",
             "Grampian Hat sponsors the community."]
    # (as on the page the rule was made for: the address alone in the header, then its sentences)
    text = page(["Menu", "Log in", "Search", "Ledgerline.com"], [*lines, "Ledgerline.com aspires to publish all content under an open licence.",
                           "A note on advertising: Ledgerline.com does not sell advertising on the site.",
                           "Copyright © 2021 Grampian Hat, LLC"])
    assert clean(text).source == "Ledgerline.com"
    # a web address a page writes about ("Example.com and its partners") is not the site
    about = page(["Menu"], ["Shopmart.com and affiliated sites pay us a fee.", "Shopmart.com or its partners."])
    assert clean(about).source is None


def test_an_owner_that_is_a_company_or_a_network_of_sites_is_a_parent():
    # "X Labs", "X Technologies" are companies' names: alone in a copyright line, a parent's
    assert clean(page(["Menu"], ["Copyright © 2025 Saltmarsh Labs"])).source is None
    assert clean(page(["Menu"], ["© 2025 Saltmarsh Technologies"])).source is None
    # a name that says it runs other sites is the network the page's site belongs to
    network = page(["Tidewire Brief US - Technology news for IT leaders"],
                   ["Tidewire operates in other regions, see our Asian, Canadian & UK sites.",
                    "© 2025 Tidewire, All rights reserved."])
    assert clean(network).source is None


def test_a_copyright_line_naming_two_owners_counts_the_latest():
    # the earlier years' owner is not the site; the latest, a company, is a parent
    line = ("Copyright © 1996-2015 Kestrel Geographic Society Copyright © 2015-2026 Kestrel Geographic "
            "Partners, LLC. All rights reserved. A long notice about the rights of the owners of this page")
    assert clean(page(["Menu"], [line])).source is None


def test_about_or_search_x_alone_is_not_enough():
    # "About X" and "Search X" name people, sections and parents as often as the site: with the
    # page's section lines that start with the name ("BCC Cares") and nothing surer, no source
    sections = ["Virtual BCC", "BCC Cares", "BCC Athletics", "BCC Foundation"]
    text = page(["Skip to content", "Apply", "Give", "MyBCC", *sections, "Contact BCC Ashford"],
                ["About BCC", "BCC Ashford", *sections, "BCC offers evening classes.", "Learn About Online Courses at BCC",
                 "About BCC", "BCC Alert", "BCC Insiders Podcast", "©2025 Bramley Community College"])
    assert clean(text).source is None
    # ...with a surer place beside them (a copyright line), the name is the site
    sure = page(["Menu"], ["About Bramley", "Search Bramley", "Bramley offers evening classes.",
                           "© 2025 Bramley. All rights reserved."])
    assert clean(sure).source == "Bramley"


def test_a_site_a_parent_company_in_any_line_and_initials_spelled_out():
    # "X, A PARENT Company" outside a copyright line names X too
    text = page(["Menu"], ["The Daily Lark, A Moorland Media Company Close", "Follow The Daily Lark",
                           "Sign Up To The Daily Lark", "The Daily Lark"])
    assert clean(text).source == "The Daily Lark"
    # initials the page spells out are shown spelled out
    awards = page(["Menu"], ["The World Kite Awards honour the best kites of the year.",
                             "Enter the World Kite Awards before May.", "WKA judges meet in June.",
                             "WKA winners are announced online.", "© 2025 WKA"])
    assert clean(awards).source == "World Kite Awards"
