"""The page's own advertising inside the article: ad slots and calls to action.

A news page breaks its article with ad slots ("Advertisement", "Story continues below
advertisement", "Anzeige") and with calls to action: a newsletter box, an app to download, a plea
to subscribe or donate, "Follow us on ...". None of them is the article's text, wherever they
stand, and neither says where the article ends: an ad slot is placed between any two paragraphs,
the last one included.

So an ad slot is read as a gap between paragraphs (the lines around it are each other's
neighbours, as if it were not there), and a call to action as furniture: its sentence reads
like prose, but what it asks of the reader is never news.
"""

from __future__ import annotations

import re

# A line that is an ad slot's label and nothing more, in the languages of the news: the whole
# stripped line matches (a sentence about advertising is no slot).
_AD_SLOT_RE = re.compile(
    r"""^[\W_]*(?:
      (?:paid\s+)?advert(?:isement|isements|s)?|ads?|sponsored(?:\s+(?:content|links?|stories|posts?))?
     |promoted(?:\s+(?:content|stories))?
     |(?:advertisement|advert|ad)\s*[-–—:|]?\s*(?:continue\s+reading|(?:the\s+)?(?:story|article)\s+continues)(?:\s+below)?
     |(?:the\s+)?(?:story|article|text|content)\s+continues\s+(?:below|after)(?:\s+(?:this|the))?(?:\s+(?:ad|advert|advertisement))?
     |continue\s+reading\s+(?:the\s+main\s+story|below(?:\s+(?:the|this)\s+(?:ad|advertisement))?|after\s+(?:the|this)\s+(?:ad|advertisement))
     |scroll\s+(?:down\s+)?to\s+continue(?:\s+(?:reading|with\s+(?:the\s+)?content))?
     |skip\s+(?:the\s+|this\s+)?(?:ad|advert|advertisement)|ad\s+feedback|remove\s+ads|report\s+(?:this\s+)?ad|close\s+ad
     |anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|publicidade|reklama|reklam|advertentie|annons|annonse
     |mainos|hirdet[ée]s|reclam[ăa]|реклама|реклами|διαφήμιση|פרסומת|إعلان|اعلان|广告|廣告|広告|광고|โฆษณา
    )[\W_]*$""",
    re.IGNORECASE | re.VERBOSE,
)
AD_SLOT_MAX_WORDS = 8

# A call to action, opening the line or one of its sentences: what every alternative asks of
# the reader is to sign up, subscribe, download the site's app, follow or fund the site.
_CALL_RE = re.compile(
    r"""(?:^|[.!?]\s+)[\W_]*(?:
       (?:sign\s+up|subscribe)\b[^.!?]{0,80}?\b(?:newsletters?|inbox|e-?mails?|updates|alerts|briefings?|digest|free|today|now|here)\b
      |(?:join|register\s+for)\s+(?:our|the)\b[^.!?]{0,40}?\b(?:newsletters?|mailing\s+list)\b
      |(?:get|receive)\s+[^.!?]{0,60}?\b(?:in|to|into)\s+your\s+inbox\b
      |get\s+(?:our|the)\s+(?:free\s+)?(?:\w+\s+){0,2}newsletters?\b
      |(?:download|install)\s+(?:the\s+|our\s+)?[\w\s]{0,30}?\bapps?\b
      |follow\s+us\b|like\s+us\s+on\b
      |(?:please\s+)?(?:support|fund)\s+(?:our|independent|local|quality|public[-\s]interest)\s+(?:\w+\s+)?(?:journalism|reporting|newsroom)
      |(?:please\s+)?donate\s+(?:now|today|here)\b|make\s+a\s+(?:donation|contribution)\s+(?:to|today|now)\b
      |(?:enjoy(?:ed)?|like[sd]?|love[sd]?)\s+(?:this|the|our)\s+(?:article|story|post|piece|newsletter)\?
      |(?:this|the\s+rest\s+of\s+this)\s+(?:article|story|content)\s+is\s+(?:only\s+)?(?:available|reserved|exclusive)\s+(?:to|for)\s+(?:our\s+)?(?:paying\s+)?(?:subscribers|members)
      |(?:already\s+a\s+(?:subscriber|member)|become\s+a\s+(?:subscriber|member)|subscribe\s+now|sign\s+up\s+now)\b
      |(?:sign\s+up|subscribe|register|join)(?:\s+(?:now|today|here|for\s+free|free))?[\W_]*$
      |abonnez-vous|inscrivez-vous\s+[àa]|t[ée]l[ée]chargez\s+(?:notre|l'application)|suivez-nous
      |abonnieren\s+sie|melden\s+sie\s+sich\b[^.!?]{0,40}?\bnewsletter|folgen\s+sie\s+uns|laden\s+sie\s+(?:unsere|die)\s+app
      |suscr[ií]b(?:ete|ase)|s[ií]guenos|desc[aá]rg(?:a|ue)\s+(?:nuestra|la)\s+app
      |iscriviti\s+(?:alla|alle|al|a)\b|abbonati\s+(?:a|ora)\b|seguici|scarica\s+(?:la\s+)?(?:nostra\s+)?app
      |inscreva-se|assine\s+(?:a|o|nossa|nosso)\s+(?:newsletter|jornal|conte[úu]do)|siga-nos|baixe\s+(?:o|nosso)\s+app
      |schrijf\s+je\s+in\s+voor|abonneer\s+je|volg\s+ons
      |подпишитесь|подписывайтесь|подписаться\s+на\s+(?:рассылку|наш)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
CALL_MAX_WORDS = 30
# Words (lowercased, as `Line.words` holds them) of which a call to action holds one at least:
# a line with none is not searched.
_CALL_WORDS = frozenset("""
sign subscribe register join newsletter newsletters mailing inbox app apps follow like likes liked love loves loved
enjoy enjoyed journalism reporting newsroom donate donation contribution subscriber subscribers member members
abonnez inscrivez suivez téléchargez telechargez abonnieren melden folgen laden suscríbete suscribete
suscríbase suscribase
síguenos siguenos descarga descargue iscriviti abbonati seguici scarica inscreva assine siga baixe schrijf abonneer
volg подпишитесь подписывайтесь подписаться
""".split())


# Words (lowercased, as `Line.words` holds them) of which an ad slot's label holds one at least.
_AD_WORDS = frozenset("""
advertisement advertisements advert adverts ad ads sponsored promoted continue continues scroll anzeige werbung
publicité publicite publicidad pubblicità pubblicita publicidade reklama reklam advertentie annons annonse mainos
hirdetés hirdetes reclamă reclama реклама реклами διαφήμιση פרסומת إعلان اعلان 广告 廣告 広告 광고 โฆ
""".split())
# ...and of which an ad slot or a call to action holds one at least: a line with none is neither.
HINT_WORDS = _AD_WORDS | _CALL_WORDS


def is_ad_slot(line) -> bool:
    """Is this `Line` an ad slot's label alone?"""
    return 0 < line.n_words <= AD_SLOT_MAX_WORDS and _AD_SLOT_RE.match(line.probe) is not None


def is_call_to_action(line) -> bool:
    """Does this `Line` (a short one) ask the reader to sign up, subscribe, download the site's
    app, follow or fund it?"""
    return (0 < line.n_words <= CALL_MAX_WORDS and not _CALL_WORDS.isdisjoint(line.words)
            and _CALL_RE.search(line.probe) is not None)
