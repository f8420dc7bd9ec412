"""Outlets (source) taken from what the input says: fields, addresses, folders, the page's own
furniture; never a line a person would not call an outlet's name."""

from __future__ import annotations

import json

from index.clean.cleaner import clean

BODY = (
    "The council approved the new budget on Monday after a debate that lasted well into the night, "
    "with members arguing over the cost of the bridge repairs and the schools programme.\n\n"
    "The mayor said the vote showed the city could agree on hard choices, and promised that the first "
    "repairs would start before the winter, when the river is usually at its lowest.\n"
)


def page(header: list[str], footer: list[str]) -> str:
    return "\n\n".join([*header, "Council approves budget after a long night", BODY, *footer]) + "\n"


def test_the_name_the_furniture_repeats_is_the_source():
    text = page(["Valley Post", "News | Sport | Weather"], ["Follow Valley Post on Twitter", "© 2019 Valley Post. All rights reserved."])
    assert clean(text).source == "Valley Post"


def test_a_copyright_owner_with_a_legal_suffix_names_the_outlet_it_shares_words_with():
    text = page(["The Telegraph", "Sport"], ["Work at The Telegraph", "© Telegraph Media Group Limited 2019"])
    assert clean(text).source == "The Telegraph"


def test_lines_that_are_not_names_never_become_a_source():
    # buttons, credits, menus: each once or many times, none is an outlet
    text = page(
        ["Continue Reading Below", "Site Map", "Menu", "Getty Images", "Best Free Plan"],
        ["Continue Reading Below", "Getty Images", "Site Map", "Follow us", "About Us", "Get the app"],
    )
    assert clean(text).source is None
    # one furniture line alone is not enough
    assert clean(page(["News"], ["© 2019 Hearst Communications, Inc."])).source is None


def test_a_domain_from_the_input_is_named_as_the_page_names_it():
    text = page(["Home"], ["© 2019 The Washington Post"])
    assert clean(text, site="washingtonpost.com").source == "The Washington Post"
    assert clean(page(["Home"], ["Subscribe"]), site="agri.example.com").source == "agri.example.com"
    # another site's name is not the page's
    assert clean(page(["Reuters"], ["Follow Reuters", "© 2019 Reuters"]), site="yahoo.com").source == "yahoo.com"


def test_a_url_line_written_by_the_scraper_gives_the_domain():
    text = "URL: https://www.valleypost.com/2019/11/budget\n\n" + page(["Home"], ["Subscribe"])
    assert clean(text).source == "valleypost.com"
    linked = page(["Home"], ["Read more at https://other.example.org/x", "Subscribe"])
    assert clean(linked).source is None


def test_fields_urls_and_folders_of_a_corpus(tmp_path, cli):
    corpus = tmp_path / "corpus"
    (corpus / "valleypost.com" / "2019").mkdir(parents=True)
    (corpus / "valleypost.com" / "2019" / "budget.txt").write_text(page(["Home"], ["© 2019 Valley Post"]), encoding="utf-8")
    (corpus / "scrapes" / "www.rail-news.example.org").mkdir(parents=True)
    (corpus / "scrapes" / "www.rail-news.example.org" / "rail.txt").write_text(page(["Home"], ["Subscribe"]), encoding="utf-8")
    (corpus / "batch.1").mkdir()
    (corpus / "batch.1" / "plain.txt").write_text(page(["Home"], ["Subscribe"]), encoding="utf-8")
    records = [
        {"id": 1, "title": "Wheat", "text": BODY, "url": "https://www.agri-news.example.com/w"},
        {"id": 2, "title": "Rail", "text": BODY + "\nRail line reopens.", "source_domain": "rail.example.org"},
        {"id": 3, "title": "Museum", "text": BODY + "\nMuseum.", "source": "The Museum Gazette"},
    ]
    (corpus / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert cli(corpus, "index", "--quiet").exit_code == 0
    hits = json.loads(cli(corpus, "search", "*", "--json", "--limit", "10").stdout)["hits"]
    sources = {h["id"]: h["source"] for h in hits}
    assert sources["valleypost.com/2019/budget.txt"] == "Valley Post"
    assert sources["batch.1/plain.txt"] is None  # a folder that is not named like a domain
    assert sources["scrapes/www.rail-news.example.org/rail.txt"] == "rail-news.example.org"  # one deeper down
    assert sources["feed.jsonl#id:1"] == "agri-news.example.com"
    assert sources["feed.jsonl#id:2"] == "rail.example.org"
    assert sources["feed.jsonl#id:3"] == "The Museum Gazette"


def test_one_copyright_line_names_the_site_when_another_line_repeats_the_name():
    text = page(["Menu", "Case studies"], ["Read how the harbour board works with Norrvik Analytics",
                                           "Contact Norrvik Analytics", "© 2025 Norrvik Analytics. All Rights Reserved."])
    assert clean(text).source == "Norrvik Analytics"
    # said once, a copyright owner named as a company can be the site's parent, a single
    # plain word a person; credits are not owners
    assert clean(page(["Menu"], ["© 2025 Norrvik Analytics. All Rights Reserved."])).source == "Norrvik Analytics"
    assert clean(page(["Menu"], ["© 2025 Norrvik Analytics, LLC. All Rights Reserved."])).source is None
    assert clean(page(["Menu"], ["© 2025 Harbour University"])).source is None
    assert clean(page(["Menu"], ["Photos by Regan", "© Regan"])).source is None
    assert clean(page(["Menu"], ["© NASA/ESA/K. Smith"])).source is None
    assert clean(page(["Menu"], ["© 2024 A.M."])).source is None
    assert clean(page(["Menu"], ["© 2024 3d23d65-ddc6-4ce5"])).source is None
    assert clean(page(["Menu"], ["Ⓒ 20xx Norrvik Analytics"])).source == "Norrvik Analytics"
    assert clean(page(["Menu"], ["© 2025 FLEX Pro WordPress Theme by SNO"])).source is None
    assert clean(page(["Menu"], ["Copyright Law in a Fragmented World"])).source is None


def test_the_title_suffix_of_the_first_line_and_the_logo_name_the_site():
    headline = "Council approves budget after a long night"
    text = "\n\n".join([f"{headline} - Harbour Daily Times", "Harbour Daily Times", "News", headline, BODY,
                        "Follow Harbour Daily Times", "Terms"]) + "\n"
    assert clean(text).source == "Harbour Daily Times"


def test_a_parent_company_and_menu_labels_are_not_the_outlet():
    text = page(["Services", "Platform", "Pricing"], [
        "Our services help councils plan their budgets.",
        "Services",
        "Sign in to your Ledgerline account",
        "Get the Ledgerline newsletter",
        "Ledgerline is part of the Grampian Media Group family of brands.",
        "© 2025 Grampian Media Group. All rights reserved.",
    ])
    assert clean(text).source == "Ledgerline"
    # a menu's label is never a source, however often the page repeats it
    menu = page(["Services", "Platform", "Services"], ["Our services and our platform.", "Services", "Platform"])
    assert clean(menu).source is None


def test_people_named_by_follow_and_about_are_not_the_outlet():
    text = page(["Home", "About Sarah"], ["Follow Sarah", "Connect with Sarah", "About Sarah Jennings"])
    assert clean(text).source is None


def test_the_sites_own_address_spells_its_name():
    # a name alone at the top, which the page's e-mail address spells: the site's logo
    text = page(["Home", "Harbour Kayak Tours", "Trips"], ["Write to us: info@harbour-kayak-tours.com", "Terms"])
    assert clean(text).source == "Harbour Kayak Tours"
    # without the address the same lines name nothing
    assert clean(page(["Home", "Harbour Kayak Tours", "Trips"], ["Terms"])).source is None


def test_a_name_in_a_slug_a_domain_or_a_handle_is_still_a_name():
    # "vox-mark", "@harbourpost", "harbourpost.com" write the name in lower case, but not as
    # a word of prose: the name is not a common phrase for it
    text = page(["Harbourpost", "harbourpost-mark"], [
        "Follow Harbourpost on Twitter", "About Harbourpost", "Why you can trust Harbourpost",
        "Write to @harbourpost or visit harbourpost.com"])
    assert clean(text).source == "Harbourpost"
    # a word the page writes in its prose is a common phrase, not a name
    menu = page(["Platform", "Services"], ["About Platform", "Why you can trust Platform",
                                          "Our platform is the one the council uses."])
    assert clean(menu).source is None


def test_copyright_name_year_and_an_owner_the_page_keeps_naming():
    text = page(["Menu"], ["Search Norrvik", "About Norrvik", "copyright Norrvik 2019 - ISSN: 2283-5474"])
    assert clean(text).source == "Norrvik"
    # a single plain word in a copyright line is a site when the page names it again
    named = page(["Menu"], ["Norrvik partners with councils across the north.",
                            "Councils that work with Norrvik plan their budgets sooner.",
                            "© 2025 Norrvik. All Rights Reserved."])
    assert clean(named).source == "Norrvik"
    # ...not when the page writes it as a word of its prose ("made"), nor a person said once
    made = page(["Menu"], ["The cakes are made by hand.", "We made it for you.", "© 2025 | Made with love by Krystyna"])
    assert clean(made).source is None
    assert clean(page(["Menu"], ["Photos by Regan", "© 2025 Regan"])).source is None


def test_a_site_speaking_of_itself_and_a_subsidiary_in_its_copyright_line():
    we = page(["Menu", "Services"], [
        "At Harbour Cleaners, we train our staff every month.",
        "Here at Harbour Cleaners, our customers come first.",
        "Book Harbour Cleaners today for a spotless home.",
        "Harbour Cleaners serves the whole bay area.",
        "Call Harbour Cleaners on weekdays.",
        "Harbour Cleaners uses products that are safe for pets.",
        "Ask Harbour Cleaners about office cleaning."])
    assert clean(we).source == "Harbour Cleaners"
    # a company a page writes about is not the site: "With X, you ..." is no self-reference
    about = page(["Menu", "Services"], ["With Harbour Cleaners, you get a spotless home.",
                                        "Harbour Cleaners serves the whole bay area."])
    assert clean(about).source is None
    # the name of a site "a PARENT company" is the site; the parent, owning or operating it, is not
    sub = page(["Menu"], ["© Copyright 1995 - 2026 Ledgerline.org a Grampian Media Company | Terms"])
    assert clean(sub).source == "Ledgerline.org"
    owned = page(["Menu"], ["This site is owned and operated by Grampian, whose office is in Aberdeen.",
                            "Grampian Grampian Grampian", "Copyright © 2026 Grampian. All rights reserved."])
    assert clean(owned).source is None


def test_an_owner_with_a_legal_suffix_is_the_site_only_when_the_page_keeps_naming_it():
    lines = ["Kestrel Wealth Planning helps families plan for retirement.",
             "Talk to Kestrel Wealth Planning about your pension.",
             "Why families choose Kestrel Wealth Planning",
             "Kestrel Wealth Planning is registered with the regulator."]
    text = page(["Menu"], [*lines, "Copyright © 2023 Kestrel Wealth Planning, Inc. All Rights Reserved."])
    assert clean(text).source == "Kestrel Wealth Planning"
    # a parent company named once or twice in a disclaimer is not the site
    parent = page(["Menu"], ["The opinions expressed are those of each author, not of Grampian Holdings.",
                             "Copyright © 2021 Grampian Holdings, LLC"])
    assert clean(parent).source is None
    person = page(["Menu"], ["Written by Anna Berg", "Copyright © 2021 Anna Berg, LLC"])
    assert clean(person).source is None


def test_a_name_that_opens_its_products_and_sections_lines_is_the_site():
    # "Kestrel Shop", "Kestrel Podcast", "Kestrel Careers" and "About Kestrel": the site names
    # its own things with its name
    menu = ["Skip to main content", "Menu", "Search", "Kestrel Shop", "Kestrel Podcast", "World", "Kestrel Careers"]
    assert clean(page(menu, ["About Kestrel", "Terms of Use"])).source == "Kestrel"
    # ...not without another line naming it (two products of another maker are as often listed)
    assert clean(page(menu, ["Terms of Use"])).source is None
    # a longer name's lines are its own: "Kestrel News Radio" is "Kestrel News"'s, and a surer
    # name wins
    longer = ["Skip to main content", "Menu", "Search", "Kestrel News Radio", "Kestrel News Shop", "Kestrel News Podcast", "Kestrel Atlantic"]
    assert clean(page(longer, ["About Kestrel News", "© 2024 Kestrel News. All rights reserved."])).source == "Kestrel News"


def test_a_topic_a_calendar_or_another_makers_models_are_not_a_brand():
    # a topic opens many more lines than its products (a page about one subject), and its menu's
    # lines add little to the word they start with
    topic = ["Greenleaf Home Energy", "Skip to main content", "Menu", "Solar Panels", "Solar Financing", "Solar Permitting", "Solar Shop", "Solar Blog",
             "Solar Installers Near You", "Solar Battery Storage", "Solar Tax Credits"]
    assert clean(page(topic, ["About Solar", "Terms of Use"])).source is None
    # dates, labelled figures and model numbers are not products' names
    dated = ["March 2024", "March 2023", "Price: 40", "Price: 35", "Galaxy S24", "Galaxy S23 Ultra", "Galaxy Buds 3"]
    assert clean(page(dated, ["Follow Galaxy", "About March"])).source is None
    # people in a byline list share a given name, not a brand
    people = ["Greenleaf Home Energy", "Anna Berg", "Anna Lind", "Anna Holm", "Anna Berg Staff"]
    assert clean(page(people, ["About Anna", "Terms of Use"])).source is None


def test_a_reviewed_product_that_opens_many_menu_lines_is_not_the_site():
    # a review of a website builder: its address once, and the menu of the review's parts
    review = ["Greenleaf Reviews", "Skip to main content", "Menu", "Tilewave.com", "Tilewave Pricing",
              "Tilewave Templates", "Tilewave Editor", "Tilewave Hosting", "Tilewave Domains", "Tilewave Alternatives", "Tilewave",
              "Tilewave Ecommerce", "Tilewave Ecommerce Prices", "Tilewave Tutorial", "Tilewave Website Examples"]
    assert clean(page(review, ["Terms of Use"])).source is None


def test_a_common_word_that_two_places_made_to_name_a_site_hold_is_the_site():
    prose = "Our gardens were planted in spring and the gardens open to visitors in May."
    named = page(["Skip to content", "Subscribe"], [prose, "Gardens's Editorial Guidelines",
                                                     "Gardens is part of the Leafy Media publishing family."])
    assert clean(named).source == "Gardens"
    # one such place and prose that writes the word in lower case: a common word
    once = page(["Skip to content", "Subscribe"], [prose, "Sign up for the Gardens newsletter"])
    assert clean(once).source is None


def test_a_sentence_that_goes_on_after_the_company_a_site_is_part_of():
    footer = ["Need more orbit? Join the orbit club.",
              "Email Ann Reyes at areyes@orbit.com or follow her on social media.",
              "Orbit is part of Nimbus Publishing Inc, an international media group. Visit our corporate site."]
    assert clean(page(["Skip to content", "Subscribe"], footer)).source == "Orbit"
    # a product that is part of a package is not a site
    product = ["Sketchpad is part of the Creative Suite Pro package, which costs $69.99 per month.",
               "Sketchpad Review", "Follow Sketchpad"]
    assert clean(page(["Skip to content", "Subscribe"], product)).source is None


def test_a_web_address_alone_and_the_name_it_runs_together_are_one_name():
    header = ["Skip to main content", "Menu", "Search"]
    said = ["Riverbend Gazette reporters contributed to this story.", "Tips? Write to the Riverbend Gazette newsroom.",
            "Riverbend Gazette Weather", "More from the Riverbend Gazette sports desk"]
    footer = ["RiverbendGazette.com", "About Riverbend Gazette", *said, "Terms of Use"]
    assert clean(page(header, footer)).source in ("Riverbend Gazette", "RiverbendGazette.com")
    # either alone is not enough
    assert clean(page(header, ["RiverbendGazette.com", *said, "Terms of Use"])).source is None
    assert clean(page(header, ["About Riverbend Gazette", *said, "Terms of Use"])).source is None
    # an address that runs together other words is another name
    assert clean(page(header, ["RiverbendGazetteShop.com", "About Riverbend Gazette", *said])).source is None


def test_a_copyright_owner_without_the_footer_links_and_years_it_runs_on_with():
    text = page(["Skip to content", "Menu"], ["© 2024 Lantern Hall Privacy Terms", "Follow Lantern Hall"])
    assert clean(text).source == "Lantern Hall"
    text = page(["Skip to content", "Menu"], ["© The Quiet Kitchen 2011-2019", "Follow The Quiet Kitchen"])
    assert clean(text).source == "The Quiet Kitchen"
    # (a name that ends in a furniture word keeps it: "Valley News")
    text = page(["Skip to content", "Menu"], ["© 2024 Valley News", "Follow Valley News"])
    assert clean(text).source == "Valley News"


def test_the_fuller_of_two_names_as_sure_as_each_other():
    # "About Tim" on every page, "Tim Shaw" in the copyright line: the person's full name
    text = page(["About Tim", "Menu"], ["About Tim", "© 2024 Tim Shaw", "Tim Shaw", "Email: tim@timshawphotos.com"])
    assert clean(text).source == "Tim Shaw"


def test_a_logos_text_run_into_the_legal_name_in_a_copyright_line():
    footer = ["Why give to Help the Rivers?", "Help the Rivers cleans 400 miles of river banks a year.",
              "Help the Rivers volunteers meet every Saturday.",
              "© 2025 Help the Rivers Help the Rivers Trust, Inc. is a 501(c)(3) organization. Gifts are deductible."]
    assert clean(page(["Skip to main content", "Donate"], footer)).source == "Help the Rivers"
    # a place whose name says a word twice keeps it
    assert clean(page(["Skip to main content"], ["© 2025 Walla Walla Weekly", "Follow Walla Walla Weekly"])).source == "Walla Walla Weekly"


def test_a_capitalised_short_word_ending_a_name_is_part_of_it():
    footer = ["A good turntable needs a steady table.", "© 2025 Turntable ON. All rights reserved."]
    assert clean(page(["Skip to main content", "Reviews"], footer)).source == "Turntable ON"
    # (a connector that ends a run of capitalised words is not: "Follow Harbour Times on")
    assert clean(page(["Skip to main content"], ["© 2025 Harbour Times. All rights reserved.", "Harbour Times on"])).source == "Harbour Times"
