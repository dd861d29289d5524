"""The hostile strings the suites submit: XSS payloads and SQL-injection payloads.

Every XSS payload, if it ever ran, would set ``window.__xss`` or open a dialog
(``alert``), so the browser suite can tell that nothing executed.  They cover
script tags, event handlers, ``javascript:``/``data:``/``vbscript:`` URLs, SVG
and MathML, ``<iframe srcdoc>``, attribute and element break-outs (for values
rendered inside ``value="…"``, ``<textarea>`` and ``<title>``), CSS
expressions, mutation-XSS shapes, and encoded variants (character references,
URL encoding, mixed case, broken and nested tags).  Payloads with a NUL byte
are kept apart: every form and serializer must refuse them with a 400.
"""

from __future__ import annotations

XSS_PAYLOADS: list[str] = [
    # Script elements
    "<script>window.__xss=1</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt >alert(1)</sCrIpT >",
    "<script src=//evil.example/x.js></script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<script>/*</script><script>*/alert(1)</script>",
    # Event handlers
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="window.__xss=1">',
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<p onclick="alert(1)" title="x">click</p>',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg/onload=window.__xss=1>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Frames, objects, embeds
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    # URLs with dangerous schemes, plain and encoded
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>',
    '<a href="javascript&colon;alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<blockquote cite="javascript:alert(1)">quoted</blockquote>',
    '<q cite=" JaVa&#x09;script:alert(1)">quoted</q>',
    '<a href="https://example.org" target="_blank" rel="opener">tab-nabbing</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    # CSS
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    # Breaking out of attributes and raw-text elements
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "]]><script>alert(1)</script><![CDATA[",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--<img src=x onerror=alert(1)>-->",
    # Already-encoded text must stay text
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "＜script＞alert(1)＜/script＞",
    # Template syntax is text too
    "{{ 7|add:7 }} {% debug %} ${7*7} #{7*7}",
]

TAG_PAYLOADS: list[str] = [
    payload for payload in XSS_PAYLOADS if len(payload) <= 50 and "," not in payload
]
"""Payloads short enough for a tag name (50 characters) with no comma (the form splits on it)."""

NUL_PAYLOADS: list[str] = [
    "<script\x00>alert(1)</script>",
    "<img src=x onerror\x00=alert(1)>",
    '<a href="java\x00script:alert(1)">x</a>',
]
"""Payloads with a NUL byte: refused with a 400 (PostgreSQL cannot even store one)."""

SQL_PAYLOADS: list[str] = [
    "' OR 1=1--",
    "' OR '1'='1",
    '" OR "1"="1',
    "1 OR 1=1",
    "1;DROP TABLE stories_story",
    "1); DROP TABLE accounts_user;--",
    "') UNION SELECT password FROM accounts_user--",
    "' UNION SELECT username, password, email FROM accounts_user--",
    "news' --",
    "news'/*",
    "news\\' OR 1=1 --",
    "2026-01-01'",
    "2026-01-01' OR '1'='1",
    "1' AND SLEEP(5)--",
    "1' AND pg_sleep(5)--",
    "'; SELECT pg_sleep(5);--",
    "1 AND (SELECT COUNT(*) FROM accounts_user) > 0",
    "‘ OR 1=1--",  # typographic quotes some databases fold to "'"
    "ʼ OR 1=1--",
    "%27%20OR%201%3D1--",
    "\x00' OR 1=1--",
    "-1",
    "0x27",
    "9" * 400,
    "' OR 1=1--" * 500,
]
"""SQL-injection payloads: each must come back as a 4xx or an ordinary (usually empty) result."""

LOOKUP_PAYLOADS: list[str] = [
    "desk__slug",
    "-password",
    "password",
    "bylines__password",
    "created_by__password__startswith",
    "desk__staff__password",
    "pk",
    "?",
    "id); DROP TABLE stories_story;--",
]
"""ORM lookups and orderings a client might try to smuggle into ``?ordering=`` and friends."""
