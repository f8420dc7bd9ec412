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


def test_a_copyright_owner_around_the_sign_its_years_and_all_rights_reserved():
    # the owner after "All rights reserved" when it ends the line, before the sign with
    # years and "Copyright" around it, and a name with "with" between its words
    assert clean(page(["Menu"], ["© All rights reserved. • HarbourKayaks"])).source == "HarbourKayaks"
    assert clean(page(["Menu"], ["© COPYRIGHT 2016 - 2025 | ALL RIGHTS RESERVED | HARBOUR KAYAKS"])).source == "HARBOUR KAYAKS"
    named = ["Dinners with Dora began as a kitchen diary.", "Cook along with Dinners with Dora on Sundays."]
    dora = page(["Menu"], [*named, "© 2026 Dinners with Dora LLC | All Rights Reserved | Disclosures"])
    assert clean(dora).source == "Dinners with Dora"
    kestrel = page(["Menu"], ["Ask Kestrel Tours about the islands.", "Kestrel Tours runs trips all year.",
                              "Kestrel Tours LLC. All rights reserved. Copyright © 2015-2025"])
    assert clean(kestrel).source == "Kestrel Tours"
    # a theme named after "All rights reserved", then its maker: no owner; a maker's credit
    theme = page(["Menu"], ["© Copyright 2026 . All Rights Reserved. Blossom Voyage | Developed By Blossom Themes. Powered by WordPress."])
    assert clean(theme).source is None
    assert clean(page(["Menu"], ["Built with Drupal", "Built with Drupal"])).source is None


def test_an_owner_with_a_legal_suffix_is_the_site_when_nothing_surer_names_another():
    # named on two more lines (a byline's "for X", a disclaimer), the owner is the site
    text = page(["Menu"], ["Anna Berg covered rail travel for Consumer Ledger.",
                           "Consumer Ledger tests every product it rates.", "© 2026 Consumer Ledger, Inc."])
    assert clean(text).source == "Consumer Ledger"
    # said once more only, it is a parent as often (a network's "© Future Harbour Ltd")
    parent = page(["Menu"], ["Future Harbour is a group of sites.", "© 2026 Future Harbour Ltd"])
    assert clean(parent).source is None
    # a photographer's credits under the pictures are no site
    captions = page(["Menu"], ["Photo: Kestrel Pictures LLC", "Image courtesy of Kestrel Pictures", "© 2026 Kestrel Pictures LLC"])
    assert clean(captions).source is None


def test_a_site_describing_itself_in_its_footer():
    assert clean(page(["Menu"], ["Harbour Construction Now is your daily service for the latest news, leads and tenders."])
                 ).source == "Harbour Construction Now"
    assert clean(page(["Menu"], ["The Kestrel Review is registered in the UK as a Community Interest Company (#123)."])
                 ).source == "The Kestrel Review"
    assert clean(page(["Menu"], ["Pocketbook has affiliate partnerships and may earn commission on products."])
                 ).source == "Pocketbook"
    # a product, a person and a body an article describes are not the site
    assert clean(page(["Menu"], ["Webflow is a powerful website builder for businesses."])).source is None
    assert clean(page(["Menu"], ["Sarah Jones is an experienced author of online articles for various blog posts."])).source is None
    assert clean(page(["Menu"], ["Deckhand is a kanban style organization tool for teams."])).source is None
    body = page(["The Harbour Trust is a non-profit organization that restores piers.", "Menu"], ["Terms"])
    assert clean(body).source is None  # (in the page's first half: the article's subject)


def test_two_lines_made_to_name_a_site_are_enough():
    text = page(["Menu", "Sign in to your Kestrel account"], ["Kestrel is part of the Moorland Publishing Group"])
    assert clean(text).source == "Kestrel"


def test_a_run_together_name_shown_in_the_words_the_page_writes_and_a_code_is_no_prose():
    text = page(["Menu"], ["Harbour Grounds reviews coffee gear.", "Harbour Grounds tests grinders.",
                           "Follow Harbourgrounds", "© 2026 Harbourgrounds. All rights reserved."])
    assert clean(text).source == "Harbour Grounds"
    # a run-together name written in lower case as a coupon code is still a name
    coded = page(["Menu"], ["Follow PocketInsider", "Subscribe to PocketInsider on YouTube for more news:",
                            "Advertise on PocketInsider", "Save $40 with coupon code pocketinsider at checkout."])
    assert clean(coded).source == "PocketInsider"
