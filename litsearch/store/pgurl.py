"""A PostgreSQL connection URL, and its password kept out of every message.

libpq takes a password from a URL's user part, from its query, or from a keyword
string (``host=db password=...``); :func:`redact` leaves it out of what litsearch
prints, and :func:`scrub` takes it out of a server's or libpq's own error text.
"""

from __future__ import annotations

import re


def is_postgres_url(location: str) -> bool:
    """Return True for a ``postgresql://`` (or ``postgres://``) connection URL."""
    return bool(re.match(r"^postgres(?:ql)?://", str(location)))


#: A ``password=`` setting of libpq's keyword form, its value quoted or not.
_KEYWORD_PASSWORD = re.compile(r"\s*\bpassword\s*=\s*(?:'(?:[^'\\]|\\.)*'?|\S*)", re.I)


def redact(url: str) -> str:
    """Return ``url`` without a password, for messages (a password never reaches output).

    libpq reads a password from the user part (``alice:pw@host``) and from the query
    (``?password=pw``); both are left out. An unencoded ``@`` or ``/`` in the password
    (which libpq itself would misread) is taken as part of it: the user part runs to
    the last ``@`` before the query.

    >>> redact("postgresql://alice:s3cret@db.example.org:5432/review?sslmode=require")
    'postgresql://alice@db.example.org:5432/review?sslmode=require'
    >>> redact("postgresql://db.example.org/review?user=alice&password=s3cret")
    'postgresql://db.example.org/review?user=alice'

    libpq's keyword form (``host=db password='s 3'``), which is not a URL, loses its
    password too (it is refused, and the refusal shows what was given):

    >>> redact("host=db password='s 3' user=alice")
    'host=db user=alice'
    """
    if "://" not in url:
        return _KEYWORD_PASSWORD.sub("", url).strip()
    head, mark, query = url.partition("?")
    scheme = head.find("://")
    at = head.rfind("@")
    if scheme >= 0 and at > scheme:
        user = head[scheme + 3:at].split(":", 1)[0]
        head = f"{head[:scheme + 3]}{user}{head[at:]}"
    if query:
        kept = [p for p in query.split("&") if not p.lower().startswith("password=")]
        query = "&".join(kept)
        mark = "?" if query else ""
    return head + mark + query


def _password_parts(url: str) -> list[str]:
    """Return the password text a URL holds (user part and query), to scrub from errors."""
    head, _, query = url.partition("?")
    scheme, at = head.find("://"), head.rfind("@")
    parts = []
    if scheme >= 0 and at > scheme and ":" in head[scheme + 3:at]:
        parts.append(head[scheme + 3:at].split(":", 1)[1])
    parts += [p.split("=", 1)[1] for p in query.split("&") if p.lower().startswith("password=")]
    # libpq splits an unencoded '@' or '/' in a password: each piece may reach its error
    # (as a host name); pieces of one to three characters are left, as they say little.
    return [piece for part in parts for piece in {part, *re.split(r"[@/:]", part)}
            if piece == part or len(piece) > 3]




def redact_urls(text: str) -> str:
    """Return ``text`` with every PostgreSQL URL in it redacted."""
    return re.sub(r"postgres(?:ql)?://\S+", lambda m: redact(m.group()), text)


def scrub(text: str, url: str) -> str:
    """Return ``text`` (a server's or libpq's error) with no part of ``url``'s password."""
    for part in sorted(_password_parts(url), key=len, reverse=True):
        text = text.replace(part, "***")
    return text
