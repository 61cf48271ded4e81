"""Links in the text: full URLs, bare domains, short links and obfuscated ones ("w w w . abc 点 com").

Links are only read, never opened. The value is a normalized URL (scheme
added as http:// when missing, host lowercased, path kept as written because
short-link codes are case-sensitive).

Example:
    >>> from dunguard.extract.base import Doc, normalize
    >>> from zoneinfo import ZoneInfo
    >>> t = "点击t.cn/A6xYz还款"
    >>> [(e.value, e.attrs["shortener"]) for e in extract(Doc(t, normalize(t), None, ZoneInfo("UTC")))]
    [('http://t.cn/A6xYz', True)]
"""

from __future__ import annotations

import re
from functools import cache

from dunguard.extract.base import Doc, drop_overlaps
from dunguard.lenders import lender_data
from dunguard.model import Element
from dunguard.regexcache import finditer_led

# Hosts of link shorteners seen in Chinese SMS and abroad. A short link hides
# where it goes, which matters for scam checks; the list only has to catch the
# common ones.
SHORTENERS = frozenset(
    {
        "t.cn", "dwz.cn", "url.cn", "w.url.cn", "suo.im", "suo.nz", "mrw.so", "985.so", "tb.cn",
        "3.cn", "u.jd.com", "sohu.gg", "dwz.date", "bit.ly", "tinyurl.com", "goo.gl", "t.co",
        "is.gd", "v.gd", "ow.ly", "j.mp", "rebrand.ly", "cutt.ly", "s.id", "t.ly", "rb.gy", "shorturl.at",
    }
)  # fmt: skip

# Top-level domains we accept on a bare domain. Deliberately not every TLD: "so",
# "in", "to", "at" would turn ordinary English text into links; shortener hosts
# with such TLDs are matched by name instead.
TLDS = (
    "com", "cn", "net", "org", "top", "xyz", "vip", "cc", "me", "info", "biz", "shop", "club", "site",
    "online", "wang", "ltd", "app", "link", "ink", "pw", "tk", "ml", "ga", "cf", "gq", "hk", "tw", "mo",
    "io", "tv", "fun", "icu", "work", "live", "store", "tech", "pro", "asia", "group", "mobi", "ren",
    "love", "run", "cloud", "email", "co", "uk", "jp", "kr", "us", "gov", "edu",
)  # fmt: skip
_TLD_ALT = "|".join(sorted(TLDS, key=len, reverse=True))
_SHORT_ALT = "|".join(re.escape(h) for h in sorted(SHORTENERS, key=len, reverse=True))

# Characters a URL path may hold (ASCII only: Chinese text right after a link ends it).
_PATH = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*"
_TRAIL = ".,;:!?)]}'\"*"

SCHEME_RE = re.compile(
    r"(?i)(?<![A-Za-z])(?:https?|ftp)://[A-Za-z0-9\-._~%*]+(?::\d{1,5})?(?:/" + _PATH + ")?"
)

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# A label may be the mask of the page that quotes the message (hb-jm.***.top, wx.***.com/jc): still a link it
# sent. A host starting with the mask must start the whole mask (a**.com is not **.com).
BARE_RE = re.compile(
    rf"(?i)(?<![a-z0-9@._\-/])(?:(?<!\*)(?=\*)|(?!\*))"
    rf"(?P<host>(?:{_SHORT_ALT})(?![a-z0-9.-])|(?:(?:{_LABEL}|\*{{2,}})\.){{1,8}}(?:{_TLD_ALT}))"
    rf"(?![a-z0-9\-]|\.[a-z0-9])"
    rf"(?::\d{{2,5}})?(?:/{_PATH})?"
)

# "www." says "link" whatever the TLD (www.tm2.ch), where a bare domain needs one of the common ones.
WWW_RE = re.compile(
    rf"(?i)(?<![a-z0-9@._\-/])www\.(?:{_LABEL}\.){{1,8}}[a-z]{{2,24}}"
    rf"(?![a-z0-9\-]|\.[a-z0-9])"
    rf"(?::\d{{2,5}})?(?:/{_PATH})?"
)

# Cheap tests that let most messages skip the costlier patterns above.
_TLD_HINT = re.compile(
    r"(?i)\.(?:"
    + "|".join(sorted(set(TLDS) | {h.rsplit(".", 1)[1] for h in SHORTENERS}, key=len, reverse=True))
    + r")(?![a-z0-9\-])"
)
_IP_HINT = re.compile(r"\d\.\d{1,3}\.\d{1,3}\.\d")

IP_RE = re.compile(
    r"(?<![0-9A-Za-z.])(?P<host>(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d))"
    r"(?![0-9.]|\.\d)(?::\d{2,5})?(?:/" + _PATH + ")?"
)

# Obfuscated domains: separators written as "点", " dot ", "[.]", full-width or
# ideographic dots, and letters spaced out ("w w w"). Only the common TLDs count,
# each possibly spaced out too ("c o m").
_OBF_TLDS = ("com", "cn", "net", "org", "top", "xyz", "vip", "cc", "shop", "club", "site", "wang", "info")
_OBF_TLD_ALT = "|".join(" ?".join(t) for t in sorted(_OBF_TLDS, key=len, reverse=True))
_OBF_SEP = r"(?: ?(?:[.。｡·]|点|\[\.\]|\(\.\)|\[dot\]|\(dot\)) ?| dot )"
# Repetitions are bounded so a hostile run ("a点a点a点...") costs linear, not quadratic, time.
_OBF_LABEL = r"(?:[a-z0-9](?: [a-z0-9]){1,30}(?![a-z0-9])|[a-z0-9][a-z0-9-]{0,62})"
OBFUSCATED_RE = re.compile(
    rf"(?i)(?<![a-z0-9@._\-/])(?:{_OBF_LABEL}{_OBF_SEP}){{1,6}}(?:{_OBF_TLD_ALT})(?![a-z0-9])"
)
# Where OBFUSCATED_RE can start (regexcache.finditer_led): at the first of a run of the letters and digits its
# lookbehind refuses to follow. Spelled out without IGNORECASE, under which [a-z] also matches İ ı ſ K (and the
# scan for a class's characters would not be used).
_OBF_LEAD = re.compile("[0-9A-Za-z\u0130\u0131\u017f\u212a][0-9A-Za-z\u0130\u0131\u017f\u212a]*")
_OBF_SEP_RE = re.compile(_OBF_SEP, re.I)
_HOST_RE = re.compile(rf"(?i)^(?:{_LABEL}\.){{1,8}}(?:{_TLD_ALT})$")


def _strip_trailing(norm: str, start: int, end: int) -> int:
    while end > start and norm[end - 1] in _TRAIL:
        # Keep a ")" that closes a "(" inside the link.
        if norm[end - 1] == ")" and norm.count("(", start, end) >= norm.count(")", start, end):
            break
        end -= 1
    return end


# Second-level suffixes under which the registrable label is one further left (icbc.com.cn -> icbc).
_SLD = frozenset({"com", "net", "org", "gov", "edu", "co", "ac"})


# Carrier, government and bank service numbers that phishing domains borrow.
_SERVICE_NUMBER_RE = re.compile(r"(?<![0-9])(?:95[0-9]{3}|1008[0-9]|1001[0-9]|10000|1212[0-9]|12306|12315|12345|12368|12378|12363)(?![0-9])")


def _brand_label(host: str) -> str:
    parts = host.lower().split(".")
    if len(parts) >= 3 and parts[-2] in _SLD:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


@cache
def _brands() -> tuple[dict[str, str], tuple[str, ...]]:
    """Brand label of each official site -> lender name, and every official domain of every lender."""
    lenders = lender_data().lenders
    brands: dict[str, str] = {}
    for lender in lenders:
        for site in lender.official_sites:
            label = _brand_label(site.domain)
            if len(label) >= 3 and not label.isdigit():
                brands.setdefault(label, lender.name)
    return brands, tuple(s.domain.lower() for lender in lenders for s in lender.official_sites)


def lookalike(host: str) -> str | None:
    """The lender whose official domain this host imitates (icbcsir.com for icbc.com.cn), if any."""
    host = host.lower().rstrip(".")
    if not host or "*" in host or _shortener(host):
        return None
    brands, official = _brands()
    if any(host == d or host.endswith("." + d) for d in official):
        return None
    label = _brand_label(host)
    # A service number worn inside a longer name (goxxx-10086.com, icbc95588-cn.com): banks and carriers
    # register the bare number (10086.cn, 95588.com), phishing sites dress it up.
    number = _SERVICE_NUMBER_RE.search(label)
    if number and label != number.group(0):
        return number.group(0)
    for brand, name in brands.items():
        # Short labels (boc, ccb) are only trusted at the start of a host's label, where phishing
        # domains put them; inside a longer word they occur by chance.
        hit = label.startswith(brand) if len(brand) < 5 else brand in label
        if hit and label != brand:
            return name
    return None


def _shortener(host: str) -> bool:
    return host in SHORTENERS or any(host.endswith("." + s) for s in SHORTENERS)


def _normalize(url: str) -> tuple[str, str]:
    """Return (normalized url, lowercase host) for a url with or without scheme."""
    m = re.match(r"(?i)(?:(?P<scheme>[a-z]+)://)?(?P<host>[^/:?#]*)(?P<rest>.*)", url, re.S)
    scheme = (m.group("scheme") or "http").lower()
    host = m.group("host").lower().rstrip(".")
    return f"{scheme}://{host}{m.group('rest')}", host


def _element(doc: Doc, start: int, end: int, url: str, obfuscated: bool, ip_host: bool) -> Element:
    value, host = _normalize(url)
    attrs = {
        "host": host,
        "shortener": _shortener(host),
        "obfuscated": obfuscated,
        "ip_host": ip_host,
        # Template and screenshot text hides hosts as "***.***.cn": still a link to warn about.
        "masked": "*" in host,
    }
    imitated = lookalike(host)
    if imitated:
        attrs["lookalike"] = imitated
    return Element("url", "link", doc.span(start, end), value, attrs)


def extract(doc: Doc) -> list[Element]:
    """Find links, short links and obfuscated domains; never fetches them."""
    norm, text = doc.norm, doc.text
    found: list[Element] = []
    for m in SCHEME_RE.finditer(norm) if "://" in norm else ():
        start, end = m.start(), _strip_trailing(norm, m.start(), m.end())
        url = norm[start:end]
        _, host = _normalize(url)
        if not host or "." not in host:
            continue
        # Full-width letters or dots in the original are there to dodge filters.
        obfuscated = text[start:end] != url
        found.append(_element(doc, start, end, url, obfuscated, bool(IP_RE.fullmatch(host))))
    # A bare domain, a www. link and an IP host all hold an ASCII dot, which most texts lack: one test for it first.
    dotted = "." in norm
    for m in BARE_RE.finditer(norm) if dotted and _TLD_HINT.search(norm) else ():
        start, end = m.start(), _strip_trailing(norm, m.start(), m.end())
        url = norm[start:end]
        found.append(_element(doc, start, end, url, text[start:end] != url, False))
    for m in WWW_RE.finditer(norm) if dotted and "www." in norm.lower() else ():
        start, end = m.start(), _strip_trailing(norm, m.start(), m.end())
        url = norm[start:end]
        found.append(_element(doc, start, end, url, text[start:end] != url, False))
    for m in IP_RE.finditer(norm) if dotted and _IP_HINT.search(norm) else ():
        start, end = m.start(), _strip_trailing(norm, m.start(), m.end())
        found.append(_element(doc, start, end, norm[start:end], text[start:end] != norm[start:end], True))
    for m in finditer_led(_OBF_LEAD, OBFUSCATED_RE, norm):
        raw = m.group()
        host = _OBF_SEP_RE.sub(".", raw).replace(" ", "").lower()
        if raw.lower() == host or not _HOST_RE.match(host):
            continue  # a plain domain: BARE_RE has it, with its path
        if not any(c.isalpha() for c in host.rsplit(".", 1)[0]):
            continue  # "下午3点cn": a time next to letters, not a disguised link
        found.append(_element(doc, m.start(), m.end(), host, True, False))
    return drop_overlaps(found)
