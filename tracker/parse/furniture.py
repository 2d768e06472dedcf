"""Page furniture: the lines of a saved page that are not the commentary.

Subscription blocks, language switches, "Situation in Belarus" sidebars, "View all",
"Read more", "Follow us", "Similar articles", share/tag/comment blocks, copyright lines,
photo captions and credits, "Updated at" stamps of republishing sites, credits to the
original publication — in English, Russian and Belarusian.

Everything here works on one line at a time with anchored, bounded patterns.
"""

from __future__ import annotations

import re

from tracker.vocab import normalise_phrase

__all__ = [
    "AUTHOR_RE",
    "is_caption",
    "is_furniture_line",
    "is_sidebar_label",
    "is_tail_marker",
    "key",
    "split_authors",
]


def key(text: str) -> str:
    """Lower-case words only: the form under which furniture phrases are compared."""
    return normalise_phrase(text)


# Lines that start the trailing furniture of a page: everything after them is not the article.
_TAIL_PHRASES = [
    # subscription
    "you have been successfully subscribed",
    "you have successfully subscribed",
    "subscribe to our newsletter",
    "subscribe to the newsletter",
    "sign up for our newsletter",
    "subscribe to us",
    "subscribe",
    "newsletter",
    "вы успешно подписались",
    "вы успешно подписаны",
    "подпишитесь на нашу рассылку",
    "подписаться на рассылку",
    "подпишитесь на рассылку",
    "подпишитесь на нас",
    "подписаться",
    "рассылка",
    "вы паспяхова падпісаліся",
    "вы паспяхова падпісаныя",
    "падпішыцеся на нашу рассылку",
    "падпісацца на рассылку",
    "падпішыцеся на рассылку",
    "падпішыцеся на нас",
    "падпісвайцеся на нас",
    "падпісацца",
    "рассылка",
    # sidebars
    "situation in belarus",
    "ситуация в беларуси",
    "ситуация в белоруссии",
    "сітуацыя ў беларусі",
    "сітуацыя у беларусі",
    "view all",
    "see all",
    "show all",
    "all articles",
    "all materials",
    "смотреть все",
    "посмотреть все",
    "показать все",
    "все материалы",
    "все статьи",
    "глядзець усе",
    "паглядзець усе",
    "паказаць усе",
    "усе матэрыялы",
    "усе артыкулы",
    # read more / related
    "read more",
    "read also",
    "see also",
    "more on this topic",
    "more articles",
    "similar articles",
    "similar materials",
    "similar posts",
    "more news",
    "latest",
    "latest articles",
    "most read",
    "popular",
    "похожие записи",
    "другие статьи",
    "еще по теме",
    "читать больше",
    "самое читаемое",
    "популярное",
    "последние материалы",
    "падобныя запісы",
    "іншыя артыкулы",
    "яшчэ па тэме",
    "чытаць больш",
    "найбольш чытанае",
    "папулярнае",
    "апошнія матэрыялы",
    "вы паспяхова падпісаны",
    "вы успешно подписаны на рассылку",
    "related articles",
    "related materials",
    "related posts",
    "related",
    "recommended",
    "you may also like",
    "читать далее",
    "читать еще",
    "читать также",
    "читайте также",
    "смотрите также",
    "похожие статьи",
    "похожие материалы",
    "другие материалы",
    "материалы по теме",
    "по теме",
    "рекомендуем",
    "чытаць далей",
    "чытаць яшчэ",
    "чытайце таксама",
    "глядзіце таксама",
    "падобныя артыкулы",
    "падобныя матэрыялы",
    "іншыя матэрыялы",
    "матэрыялы па тэме",
    "па тэме",
    "рэкамендуем",
    # social / share / tags / comments
    "follow us",
    "follow us on",
    "share",
    "share this",
    "share this article",
    "tags",
    "comments",
    "leave a comment",
    "мы в соцсетях",
    "мы в социальных сетях",
    "следите за нами",
    "подписывайтесь на нас",
    "поделиться",
    "теги",
    "метки",
    "комментарии",
    "мы ў сацсетках",
    "мы ў сацыяльных сетках",
    "сачыце за намі",
    "падзяліцца",
    "тэгі",
    "меткі",
    "каментары",
    "каментарыі",
    # copyright
    "all rights reserved",
    "все права защищены",
    "усе правы абаронены",
]
_TAIL = {key(p) for p in _TAIL_PHRASES}
_TAIL_PREFIX_RE = re.compile(
    r"^(?:"
    r"once a week|раз в неделю|один раз в неделю|раз на тыдзень|адзін раз на тыдзень|"
    r"subscribe to|sign up|подпишитесь|подписывайтесь|падпішыцеся|падпісвайцеся|"
    r"follow us|следите за нами|сачыце за намі|"
    r"copyright|©|\(c\) ?\d{4}|"
    r"similar articles|related articles|похожие|падобныя|"
    r"tags:|теги:|тэгі:|метки:|меткі:|"
    r"all rights reserved|все права|усе правы|"
    r"when using materials|при использовании материалов|пры выкарыстанні матэрыялаў"
    r")",
    re.IGNORECASE,
)

_SIDEBAR = {
    key(p)
    for p in (
        "situation in belarus",
        "ситуация в беларуси",
        "ситуация в белоруссии",
        "сітуацыя ў беларусі",
        "сітуацыя у беларусі",
    )
}

# Single lines that are furniture wherever they stand (menus, language switches, buttons).
_SINGLE_PHRASES = [
    "en",
    "ru",
    "be",
    "by",
    "eng",
    "rus",
    "bel",
    "english",
    "русский",
    "беларуская",
    "белорусский",
    "рус",
    "бел",
    "англ",
    "home",
    "main",
    "about",
    "about us",
    "contacts",
    "contact",
    "contact us",
    "search",
    "menu",
    "archive",
    "print",
    "print version",
    "back",
    "next",
    "previous",
    "next article",
    "previous article",
    "close",
    "skip to content",
    "advertisement",
    "главная",
    "о нас",
    "о проекте",
    "контакты",
    "поиск",
    "меню",
    "архив",
    "печать",
    "версия для печати",
    "назад",
    "далее",
    "следующая статья",
    "предыдущая статья",
    "реклама",
    "закрыть",
    "галоўная",
    "пра нас",
    "пра праект",
    "кантакты",
    "пошук",
    "меню",
    "архіў",
    "друк",
    "версія для друку",
    "наперад",
    "наступны артыкул",
    "папярэдні артыкул",
    "рэклама",
    "зачыніць",
    "analytics",
    "аналитика",
    "аналітыка",
    "experts",
    "эксперты",
    "эксперты",
    "expert community",
    "экспертное сообщество",
    "экспертная супольнасць",
    "telegram",
    "facebook",
    "twitter",
    "vk",
    "youtube",
    "instagram",
    "x",
    "email",
    "e mail",
    "rss",
]
_SINGLE = {key(p) for p in _SINGLE_PHRASES}
_LANG_SWITCH_RE = re.compile(
    r"^(?:(?:en|ru|be|by|eng|rus|bel|рус|бел|eng\.|рус\.|бел\.|english|русский|беларуская)"
    r"[\s/|·•,]{0,5}){2,4}$",
    re.IGNORECASE,
)
_SINGLE_PREFIX_RE = re.compile(
    r"^(?:"
    r"updated(?: at| on)?\b|last updated|обновлено|обновлен|абноўлена|абноўлены|"
    r"source:|источник:|крыніца:|originally published|first published|"
    r"republished|перепечатано|перадрук|перепечатка|"
    r"this (?:article|commentary) (?:was|is) (?:originally |first )?(?:published|republished)|"
    r"статья опубликована|матэрыял апублікаваны|"
    r"views?:|просмотры:|прагляды:|reading time|время чтения|час чытання|"
    r"this website uses cookies|we use cookies|мы используем cookie|мы выкарыстоўваем cookie|"
    r"if you find an error|если вы нашли ошибку|калі вы знайшлі памылку"
    r")",
    re.IGNORECASE,
)

_CREDIT_RE = re.compile(
    r"(?:^|[\s.,;(\[|])(?:photo(?:graph)?s?(?: by| credit| source)?|image|picture|illustration|"
    r"фото|фотография|фота|фотаздымак|иллюстрация|ілюстрацыя|изображение|выява|"
    r"source of (?:the )?(?:photo|image))\s{0,3}[:©]",
    re.IGNORECASE,
)
_CREDIT_START_RE = re.compile(
    r"^(?:©|\(c\)\s|photo(?:s)? by |photo credit|credit:|кредит:|"
    r"(?:photo|фото|фота|фотаздымак|image|иллюстрация|ілюстрацыя)\b)",
    re.IGNORECASE,
)

_NAME = r"[A-ZА-ЯЁІЎ][\w'’.-]{0,30}(?:\s{1,2}(?!and\b|и\b|і\b)[A-ZА-ЯЁІЎ][\w'’.-]{0,30}){0,3}"
AUTHOR_RE = re.compile(
    r"^(?i:by|written by|author|authors|автор|авторы|аўтар|аўтары)\b\s{0,3}[:—–-]?\s{0,3}"
    rf"(?P<names>{_NAME}(?:\s{{0,2}}(?:,|&|\band\b|\bи\b|\bі\b)\s{{0,2}}{_NAME}){{0,5}})"
    r"(?P<rest>.{0,120})$"
)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|&|\band\b|\bи\b|\bі\b)\s*")


def split_authors(names: str) -> list[str]:
    """ "Aleh Ivanou and Anna Maria Ko" -> ["Aleh Ivanou", "Anna Maria Ko"]."""
    return [" ".join(n.split()) for n in _NAME_SPLIT_RE.split(names) if n.strip()]


def is_tail_marker(line: str, *, last: bool = False, k: str | None = None) -> bool:
    """Whether ``line`` starts the trailing furniture of a page.

    ``last``: the line is the page's last one, so a cut-off prefix of a marker counts too.
    ``k``: the line's :func:`key`, when the caller has it already.
    """
    if len(line) <= 120:
        if k is None:
            k = key(line)
        if not k:
            return False
        if k in _TAIL:
            return True
        if last and len(k) >= 4 and any(p.startswith(k) for p in _TAIL):
            return True
    stripped = line.lstrip()
    if stripped[:1].casefold() not in _TAIL_FIRST:
        return False
    return _TAIL_PREFIX_RE.match(stripped) is not None


def is_sidebar_label(line: str, k: str | None = None) -> bool:
    return len(line) < 60 and (key(line) if k is None else k) in _SIDEBAR


def is_furniture_line(line: str, *, k: str | None = None) -> bool:
    """A single line that is furniture wherever it stands (menu item, language switch, stamp)."""
    stripped = line.strip()
    if len(stripped) <= 120:
        if k is None:
            k = key(stripped)
        if not k:
            return True  # punctuation or symbols only
        if k in _SINGLE or k in _TAIL:
            return True
        if len(stripped) <= 40 and _LANG_SWITCH_RE.match(stripped) is not None:
            return True
    if stripped[:1].casefold() not in _SINGLE_FIRST:
        return False
    return _SINGLE_PREFIX_RE.match(stripped) is not None


def is_caption(line: str) -> bool:
    """A photo caption with a credit, or a credit line ("Photo: BelTA", "Фото: TUT.BY")."""
    if len(line) > 200:
        return False
    stripped = line.strip()
    if (":" in stripped or "©" in stripped) and _CREDIT_RE.search(stripped):
        return True
    return _CREDIT_START_RE.match(stripped) is not None


def _first_chars(pattern: re.Pattern[str]) -> frozenset[str]:
    """The characters a match of an anchored ``^(?:a|b|…)`` pattern can start with."""
    body = pattern.pattern[4:]
    alternatives = [a for a in re.split(r"\|", body) if a]
    chars: set[str] = set()
    for alt in alternatives:
        alt = alt.lstrip("(?:")
        ch = alt[:1]
        if ch == "\\" and len(alt) > 1:
            ch = alt[1]
        chars.add(ch.casefold())
        chars.add(ch.upper())
    return frozenset(chars)


_TAIL_FIRST = _first_chars(_TAIL_PREFIX_RE)
_SINGLE_FIRST = _first_chars(_SINGLE_PREFIX_RE)
