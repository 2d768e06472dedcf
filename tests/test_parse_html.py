"""The HTML reader: the article, never navigation, sidebars, footers or related cards."""
# ruff: noqa: E501  (embedded pages keep their real line lengths)

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.errors import ParseError
from tracker.parse import read_path
from tracker.vocab import Vocabulary

BODY = (
    "<p>The government approved a plan to cut the number of ministries, which analysts see "
    "as a cosmetic change rather than a reform of public administration.</p>"
    "<p>Two ministries will be merged with state committees next year.</p>"
)


def _page(tmp_path: Path, html: str, name: str = "p.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def test_wordpress_like_page(tmp_path: Path) -> None:
    html = f"""<html><head>
<meta property="og:title" content="Cabinet trims ministries">
<meta property="article:published_time" content="2020-03-03T08:00:00Z">
<link rel="canonical" href="https://example.org/cabinet"></head>
<body><div id="menu"><a>Home</a><a>Economy</a></div>
<div class="site"><div class="entry-content-wrap">
<span class="post-date">February 24 – March 1, 2020</span> <a rel="category tag">Domestic politics</a>
<h1 class="entry-title">Cabinet trims ministries</h1>
<div class="verdict">The situation has not changed</div>
<span class="author vcard">By Hanna Lis</span>
{BODY}
<div class="jp-relatedposts"><h3>Related</h3><p>March 2 – March 8, 2020</p><p>Cabinet again</p></div>
</div></div>
<div class="widget-area"><p>Situation in Belarus</p><p>February 24 – March 1</p></div>
</body></html>"""
    (c,) = read_path(_page(tmp_path, html), vocabulary=Vocabulary()).commentaries
    assert c.headline == "Cabinet trims ministries"
    assert c.section == "Domestic politics"
    assert c.status == "unchanged"
    assert (c.week_start, c.week_end) == (date(2020, 2, 24), date(2020, 3, 1))
    assert c.authors == ["Hanna Lis"]
    assert c.published_on == date(2020, 3, 3)
    assert c.url == "https://example.org/cabinet"
    assert c.lead is not None and c.lead.startswith("The government approved a plan")
    assert c.body == "Two ministries will be merged with state committees next year."
    assert c.line == 7  # the week range, first line of the commentary


def test_glued_week_and_section_and_icon_verdict(tmp_path: Path) -> None:
    html = f"""<html><body><article>
<div>July 15 – July 21, 2019 · Economy</div>
<h1>Cabinet trims ministries</h1>
<span class="status status--deteriorated"></span>
{BODY}</article></body></html>"""
    (c,) = read_path(_page(tmp_path, html), vocabulary=Vocabulary()).commentaries
    assert c.section == "Economy"
    assert c.status == "deteriorated"
    assert c.week_start == date(2019, 7, 15)


def test_headline_outside_the_article_and_title_fallback(tmp_path: Path) -> None:
    html = f"""<html><head><title>Cabinet trims ministries | Bulletin</title></head><body>
<header><h1>Cabinet trims ministries</h1></header>
<article><p>July 15 – July 21, 2019</p><p>Ситуация не изменилась</p>{BODY}</article>
</body></html>"""
    (c,) = read_path(_page(tmp_path, html), vocabulary=Vocabulary()).commentaries
    assert c.headline == "Cabinet trims ministries"
    assert c.status == "unchanged"


def test_listing_of_cards_is_skipped(tmp_path: Path) -> None:
    cards = "".join(
        f"<article><p>July {d} – July {d + 6}, 2019</p><h2>Headline number {d}</h2></article>"
        for d in (1, 8, 15)
    )
    result = read_path(
        _page(tmp_path, f"<html><body>{cards}</body></html>"), vocabulary=Vocabulary()
    )
    assert result.commentaries == []
    assert result.skipped == "listing page: 3 headlines, no commentary body"


def test_broken_html_still_reads_or_fails_cleanly(tmp_path: Path) -> None:
    html = f"<article><p>July 15 – July 21, 2019<h1>Cabinet trims ministries<p>{BODY}"
    (c,) = read_path(_page(tmp_path, html), vocabulary=Vocabulary()).commentaries
    assert c.headline == "Cabinet trims ministries"
    with pytest.raises(ParseError):
        read_path(_page(tmp_path, "<html></html>", "empty.html"), vocabulary=Vocabulary())
