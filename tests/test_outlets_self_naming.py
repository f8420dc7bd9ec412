"""Outlets: more places where a site names itself (issue 19, part 3) — each a second place
that confirms a name another place holds, or a sentence only a site writes about itself. Each
rule with a page that must give no source."""

from __future__ import annotations

from tests.test_outlets import page

from index.clean.cleaner import clean


def test_the_logo_that_a_web_address_on_the_page_spells_is_the_site():
    # the logo's name at the top, and the site's address written in a sentence below: two places
    text = page(["Skip to content", "GullRiders", "News", "Reviews"],
                ["gullriders.co.uk brings the latest bike reviews and news every day.", "Contact Us"])
    assert clean(text).source == "GullRiders"
    # a handle is no address, and without the address the logo alone names nothing
    assert clean(page(["Skip to content", "GullRiders", "News", "Reviews"],
                      ["Tweets by @gullriders", "Contact Us"])).source is None
    assert clean(page(["Skip to content", "GullRiders", "News", "Reviews"], ["Contact Us"])).source is None
    # an address that spells a menu label further down is not the logo's
    assert clean(page(["Skip to content", "GullRiders", "News", "Reviews"],
                      ["Visit reviews.com for more.", "Contact Us"])).source is None


def test_a_logo_line_with_a_tagline_that_names_it_again_is_the_logo():
    text = page(["Herald. Home of the Daily and Sunday Herald.", "Login", "Register"],
                ["HERALD.CO.UK", "Terms & Conditions"])
    assert clean(text).source == "Herald"
    # a first sentence that the rest of the line does not name again is a headline, not a logo
    assert clean(page(["Storms. Thousands of homes left without power overnight.", "Login"],
                      ["STORMS.CO.UK", "Terms & Conditions"])).source is None


def test_the_name_a_link_on_the_page_spells_is_a_candidate():
    # the site's own address alone in its contact block spells the name its prose writes
    text = page(["Lessons", "Teachers"],
                ["What to Expect at Your First Lesson at Birch Hollow School of Music",
                 "Birch Hollow School of Music proudly serves students in the valley.",
                 "Why Birch Hollow School of Music teaches every age.",
                 "Email: birchhollow@gmail.com", "www.birchhollowschoolofmusic.com", "#BirchHollowSchoolOfMusic"])
    assert clean(text).source == "Birch Hollow School of Music"
    # a link inside a sentence goes to another site as often: the name it spells is not taken
    assert clean(page(["Lessons"], ["Read the review at www.pianoworldreviews.com", "Piano World Reviews liked it.",
                                     "Piano World Reviews gave it four stars.", "Piano World Reviews is fair."])).source is None


def test_a_site_that_says_it_is_reader_supported_names_itself():
    text = page(["Menu"], ["Related posts", "Quillmark is supported by readers like yourself. We may be paid when you buy.",
                           "Privacy Policy"])
    assert clean(text).source == "Quillmark"
    assert clean(page(["Menu"], ["Related posts", "Quillmark is a reader-supported guide to tools.",
                                 "Privacy Policy"])).source == "Quillmark"
    # a product supported by its vendor is not a site
    assert clean(page(["Menu"], ["Related posts", "Quillmark is supported by most browsers.",
                                 "Privacy Policy"])).source is None


def test_a_name_with_its_abbreviation_and_its_parent_in_a_long_line_is_the_site():
    line = ("Harbor Utility Partners (HUP), a Bluestone company, was founded in 1997 and is a leading provider "
            "of project management and construction services to utilities across the country.")
    text = page(["Menu"], [line, "2010 - 2022 Harbor Utility Partners©. All Rights Reserved."])
    assert clean(text).source == "Harbor Utility Partners"
    # the copyright line alone is a company's, said once: not enough
    assert clean(page(["Menu"], ["2010 - 2022 Harbor Utility Partners©. All Rights Reserved."])).source is None


def test_a_site_describing_itself_as_a_source_for_news():
    text = page(["Menu"], ["Related", "Gatewatch is the security industry's premier, trusted source for breaking news and analysis.",
                           "Privacy"])
    assert clean(text).source == "Gatewatch"
    # a food is a source of something else, not of news
    assert clean(page(["Menu"], ["Related", "Spinach is the kitchen's richest source of iron.", "Privacy"])).source is None


def test_a_name_of_furniture_words_is_a_name_when_the_site_describes_itself_by_it():
    text = page(["Privacy Guides"], ["About Privacy Guides",
                                     "Privacy Guides is a non-profit, socially motivated website that explains privacy tools."])
    assert clean(text).source == "Privacy Guides"
    # not a determiner's phrase, and furniture words stay no name anywhere else
    assert clean(page(["Menu"], ["This Website is a non-profit website run by volunteers."])).source is None
    assert clean(page(["Privacy Guides"], ["About Privacy Guides", "© 2025 Privacy Guides"])).source is None


def test_the_sites_mail_domain_confirms_a_name_that_opens_one_section_line():
    text = page(["Services", "SEO Services"], ["Mindwave Blog", "Contact Us", "info@mindwave.com.au"])
    assert clean(text).source == "Mindwave"
    # either place alone is not enough
    assert clean(page(["Services", "SEO Services"], ["Mindwave Blog", "Contact Us"])).source is None
    assert clean(page(["Services", "SEO Services"], ["Mindwave works with you.", "Contact Us",
                                                     "info@mindwave.com.au"])).source is None


def test_an_about_box_whose_paragraph_describes_the_name_is_a_place_made_to_name_a_site():
    text = page(["Platform", "Features"], ["About my4reach",
                                           "my4reach offers an open programmatic advertising platform for publishers and networks.",
                                           "Contact Us"])
    assert clean(text).source == "my4reach"
    # "About X" over a paragraph about a person whose name X only starts is no such box
    assert clean(page(["Platform"], ["About Alexa",
                                     "Alexa Amador is a writer and graphic designer who lives by the sea with two cats.",
                                     "Contact Us"])).source is None
    # a lower-case word without a figure inside is prose, not a brand
    assert clean(page(["Platform"], ["About platforms",
                                     "platforms offer an open programmatic advertising market for publishers and networks.",
                                     "Contact Us"])).source is None


def test_a_web_address_is_mentioned_by_its_name_without_the_ending_too():
    mentions = ["Managing Money with Tallyline", "Digging Deeper with Tallyline", "Tallyline Pro for traders",
                "Markets with Tallyline", "Ask Tallyline", "Tallyline Live"]
    text = page(["Menu"], [*mentions, "Tallyline.com advises users to check with certified experts before any decision."])
    assert clean(text).source == "Tallyline.com"
    # the address speaking of itself once, its name said nowhere else: not enough
    assert clean(page(["Menu"], ["Tallyline.com advises users to check with certified experts before any decision."])).source is None


def test_a_registered_trademark_notice_in_the_footer_names_the_site():
    notice = "Trail Ledger® is a registered trademark with U.S. Pat. & Tm Off"
    # the notice printed twice, once in the header's block and once in the footer: the footer's counts
    text = page(["Gear", "Photography", "Trail Ledger Studio", notice], ["Related", "More", "Trail Ledger Video", notice])
    assert clean(text).source == "Trail Ledger"
    # "X is a registered trademark of Y" is a brand of Y's, not the site speaking of itself
    assert clean(page(["Gear"], ["Related", "More", "Trail Ledger is a registered trademark of Pinecrest Broadcasting Inc."])).source is None


def test_the_logo_that_a_line_credits_as_the_author_is_a_personal_site():
    text = page(["Skip to content", "Maren Holloway", "\"Stories are what we are made of.\""],
                ["Published by Maren Holloway", "Posts", "Archive"])
    assert clean(text).source == "Maren Holloway"
    # the logo alone, or an author who is not the logo, names no site
    assert clean(page(["Skip to content", "Maren Holloway", "\"Stories are what we are made of.\""],
                      ["Posts", "Archive"])).source is None
    assert clean(page(["Skip to content", "Portfolio", "Blog"], ["Published by Maren Holloway", "Archive"])).source is None


def test_a_name_alone_in_the_footer_that_the_sites_mail_address_spells_is_the_site():
    footer = ["Book a Trip", "Harbour Kayak Tours", "Harbour Kayak Tours Ltd.", "Write to us: info@harbour-kayak-tours.com"]
    assert clean(page(["Book a Trip", "Explore Articles", "About Us"], footer)).source == "Harbour Kayak Tours"
    # the name alone without the address, or the address with the name only in a sentence: not enough
    assert clean(page(["Book a Trip", "Explore Articles", "About Us"], footer[:2])).source is None
    assert clean(page(["Book a Trip", "Explore Articles", "About Us"],
                      ["We love Harbour Kayak Tours trips.", "Write to us: info@harbour-kayak-tours.com"])).source is None


def test_an_owner_with_a_legal_suffix_is_named_by_the_short_form_the_page_gives_it():
    footer = ["About RWA", "RWA is not a tax advisor; consult one before you act.",
              "Products RWA references are for general information only.",
              "Copyright © 2023 RWA Wealth Advisors, Inc. All Rights Reserved."]
    assert clean(page(["Menu"], footer)).source == "RWA Wealth Advisors"
    # a short form no place made to name a site holds is a word of the page, not the owner's name
    footer = ["RWA is not a tax advisor; consult one before you act.",
              "Products RWA references are for general information only.",
              "Copyright © 2023 RWA Wealth Advisors, Inc. All Rights Reserved."]
    assert clean(page(["Menu"], footer)).source is None


def test_a_publishers_company_is_named_by_its_publication_without_the_publication_word():
    footer = ["Quarry Approved Products", "Join 30,000 readers. Quarry is proudly spam free.",
              "What is Smart Casual? Quarry’s Complete Guide", "Copyright 2025 Quarry Magazine Inc"]
    assert clean(page(["Menu"], footer)).source == "Quarry Magazine"
    # the company said once, its short name nowhere: no source
    assert clean(page(["Menu"], footer[-1:])).source is None
    # an owner whose last word is not a publication's ("Quarry Stone Inc") is not connected to the short name
    assert clean(page(["Menu"], [*footer[:3], "Copyright 2025 Quarry Stone Inc"])).source is None


def test_the_site_speaking_of_itself_is_found_after_a_line_that_ends_with_its_name():
    # (the "At X, we" search skips to each "t " of the page: the end of "Trust" must not hide the next one)
    text = page(["Menu"], ["Why Trust Pinecrest Lab", "At Pinecrest Lab, we test every product for weeks.",
                           "© 2025 Pinecrest Lab"])
    assert clean(text).source == "Pinecrest Lab"
    assert clean(page(["Menu"], ["We chat Pinecrest Lab, we said."])).source is None
