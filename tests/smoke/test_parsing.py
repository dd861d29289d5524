"""The crawler reads links, assets, forms and titles out of HTML, sitemaps, feeds and CSS."""

from __future__ import annotations

from tests.smoke.parsing import absolute, css_urls, parse_html, xml_links

PAGE = """<!doctype html>
<html><head>
  <title>
    Desk · Site
  </title>
  <link rel="stylesheet" href="/static/site.css">
  <link rel="icon" href="favicon.png">
  <link rel="alternate" type="application/rss+xml" href="feed.rss">
  <script src="/static/app.js" defer></script>
</head><body>
  <a href="/stories/one/#comments">One</a>
  <a href="two/">Two</a>
  <a href="https://elsewhere.example/x">Off</a>
  <a href="mailto:desk@example.org">Mail</a>
  <a href="javascript:void(0)">JS</a>
  <a name="anchor">no href</a>
  <img src="/media/photo.jpg" alt="">
  <form action="/search/" method="get" role="search">
    <input type="search" name="q" value="prefilled">
    <select name="desk"><option value="">All</option><option value="news">News</option></select>
    <input type="submit" value="Go">
  </form>
  <form method="POST">
    <input type="hidden" name="csrfmiddlewaretoken" value="tok">
    <input name="login"><input type="password" name="password">
    <input type="checkbox" name="remember">
    <textarea name="message">
hello</textarea>
  </form>
</body></html>"""


def test_it_reads_the_title_stripped() -> None:
    assert parse_html("http://h/desks/news/", PAGE).title == "Desk · Site"


def test_it_tells_a_missing_title_from_an_empty_one_and_both_from_a_real_one() -> None:
    assert parse_html("http://h/", "<p>no head</p>").title is None
    assert parse_html("http://h/", "<title>  </title>").title == ""
    assert parse_html("http://h/", "<title>x</title><svg><title>y</title></svg>").title == "x"


def test_it_resolves_links_drops_fragments_and_skips_non_http_schemes() -> None:
    page = parse_html("http://h/desks/news/", PAGE)
    assert page.links == [
        "http://h/desks/news/feed.rss",
        "http://h/stories/one/",
        "http://h/desks/news/two/",
        "https://elsewhere.example/x",
    ]


def test_it_counts_stylesheets_icons_scripts_and_images_as_assets() -> None:
    page = parse_html("http://h/desks/news/", PAGE)
    assert page.assets == [
        "http://h/static/site.css",
        "http://h/desks/news/favicon.png",
        "http://h/static/app.js",
        "http://h/media/photo.jpg",
    ]


def test_it_reads_forms_with_their_method_action_and_controls() -> None:
    search, sign_in = parse_html("http://h/desks/news/", PAGE).forms
    assert (search.method, search.action) == ("GET", "http://h/search/")
    assert [(f.name, f.kind, f.value) for f in search.fields] == [
        ("q", "search", "prefilled"),
        ("desk", "select", ""),
    ]
    assert search.fields[1].options == ["", "news"]
    assert not search.is_sign_in
    # No action: the form posts back to its own page.
    assert (sign_in.method, sign_in.action) == ("POST", "http://h/desks/news/")
    assert [f.name for f in sign_in.fields] == [
        "csrfmiddlewaretoken",
        "login",
        "password",
        "remember",
        "message",
    ]
    assert sign_in.fields[-1].value == "\nhello"
    assert sign_in.is_sign_in


def test_it_treats_the_same_form_on_two_pages_as_one() -> None:
    form = '<form action="/search/"><input name="q"></form>'
    one = parse_html("http://h/a/", form).forms[0]
    other = parse_html("http://h/b/", form).forms[0]
    assert one.key == other.key
    assert one.key != parse_html("http://h/b/", form.replace("q", "query")).forms[0].key


def test_it_keeps_a_javascript_action_so_the_crawler_can_refuse_it() -> None:
    form = parse_html("http://h/", '<form action="javascript:go()"><input name="q"></form>').forms
    assert form[0].action == "javascript:go()"


def test_it_honours_a_base_element() -> None:
    page = parse_html("http://h/a/", '<base href="/b/"><a href="c">c</a>')
    assert page.links == ["http://h/b/c"]


def test_it_reads_sitemap_locations_and_feed_links() -> None:
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc> http://h/stories/a/ </loc></url><url><loc>http://h/desks/b/</loc></url>"
        "</urlset>"
    )
    assert xml_links("http://h/sitemap.xml", sitemap) == [
        "http://h/stories/a/",
        "http://h/desks/b/",
    ]
    rss = "<rss><channel><link>http://h/desks/b/</link><item><link>/stories/c/</link></item>"
    assert xml_links("http://h/feed.rss", rss) == ["http://h/desks/b/", "http://h/stories/c/"]


def test_it_reads_the_files_a_stylesheet_loads() -> None:
    css = '@font-face{src:url("../fonts/a.woff2")} a{background:url( b.png )}'
    assert css_urls("http://h/static/css/site.css", css) == [
        "http://h/static/fonts/a.woff2",
        "http://h/static/css/b.png",
    ]


def test_it_refuses_what_is_not_an_http_url() -> None:
    assert absolute("http://h/", "ftp://h/file") is None
    assert absolute("http://h/", "  ") is None
    assert absolute("http://h/", "tel:+123") is None
    assert absolute("http://h/x", "?page=2") == "http://h/x?page=2"
