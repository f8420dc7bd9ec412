"""A tutorial's code sample between two of its paragraphs is the article's, though code elsewhere on
a page is script that leaked into its text (issue #20: code snippets in tutorials read as
furniture)."""

from __future__ import annotations

from index.clean.cleaner import clean

SAMPLE = [
    "function greet(name) {",
    "  const message = `Hello, ${name}!`;",
    "  console.log(message);",
    "  return message;",
    "}",
    "greet('Ada');",
]
BEFORE = [
    "A function in JavaScript is a block of code that you can call by its name as often as you like.",
    "You give it the values it needs as arguments, and it can hand a value back to the code that called it.",
    "Here is a small function that greets a person by name and returns the greeting it printed:",
]
AFTER = [
    "When you call greet with a name, the function builds the message, prints it and returns it to you.",
    "The template literal between the backticks puts the value of the name into the middle of the text.",
    "Try calling the function with your own name and check what the console shows after each call.",
]
TRACKER = "window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}"


def _tutorial() -> str:
    parts = ["Code Academy Blog", "Home\nCourses\nPricing\nLog in", "How to write a function in JavaScript",
             "By Ada Park", *BEFORE, "\n".join(SAMPLE), *AFTER, "Share\nTweet\nCopy link", TRACKER,
             "© Code Academy\nPrivacy\nTerms"]
    return "\n\n".join(parts) + "\n"


def test_a_code_sample_between_the_tutorials_paragraphs_is_kept_with_them():
    cleaned = clean(_tutorial())
    assert cleaned.title == "How to write a function in JavaScript"
    assert cleaned.paragraphs == (*BEFORE, *SAMPLE, *AFTER)


def test_script_after_the_article_stays_out():
    cleaned = clean(_tutorial())
    assert TRACKER not in cleaned.paragraphs
    assert not any("Privacy" in p or "Tweet" in p for p in cleaned.paragraphs)


MINIFIED = ("(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start': new Date().getTime(),event:'gtm.js'});"
            " var f=d.getElementsByTagName(s)[0], j=d.createElement(s), dl=l!='dataLayer'?'&l='+l:'';"
            " j.async=true; j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl; f.parentNode.insertBefore(j,f);"
            " })(window,document,'script','dataLayer','GTM-XXXX'); var ads = window.ads || {}; ads.slot = 'mid';"
            " ads.sizes = [[300, 250], [728, 90]]; ads.lazy = true; ads.refresh = 30;")


def test_code_run_together_on_one_long_line_between_paragraphs_stays_out():
    # markup or script that leaked into the text comes run together, not a statement to a line
    raw = _tutorial().replace("\n".join(SAMPLE), MINIFIED)
    cleaned = clean(raw)
    assert MINIFIED not in cleaned.paragraphs
    assert cleaned.paragraphs == (*BEFORE, *AFTER)
