"""The E-utilities client: configuration (email, key, tool, URL) plus ESearch and EFetch.

Configuration lives in the client object, never in module globals, so two
reviews (or two tests) can search side by side with different settings.
"""

from __future__ import annotations

import os
import re
import socket
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import PubMedError
from ..models import Record
from ..pubmed_settings import ENV_API_KEY, ENV_EMAIL
from .parse import ESearchResult, check_efetch, parse_efetch, parse_esearch
from .request import EUTILS_URL, build_request, efetch_params, esearch_params
from .transport import RATE_NO_KEY, RATE_WITH_KEY, RateLimiter, Transport

#: Default ``tool`` value sent to NCBI (no spaces, as NCBI requires).
TOOL = "litsearch"

#: Environment variables the client reads.
ENV_URL = "LITSEARCH_EUTILS_URL"


#: A DNS host name or IPv4 address: dot-separated labels of letters, digits and inner
#: hyphens (an IPv6 literal in brackets is checked by urlsplit instead).
_HOST_RE = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.?", re.I)


def _is_ipv4(host: str) -> bool:
    """Whether ``host`` is an IPv4 address as the resolver reads one ("1.2.3.4", "127.1")."""
    try:
        socket.inet_aton(host.rstrip("."))
    except OSError:
        return False
    return True


def check_base_url(url: str) -> str:
    """Return ``url`` if it can be an E-utilities address: http(s), a host, a valid port.

    Checked before the first request: an address that cannot work would otherwise be
    retried as a network failure for seconds before failing.

    Raises:
        PubMedError: The scheme, host or port cannot be right, or the URL holds spaces.
    """
    problem = ""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port  # raises ValueError when out of range or not a number
    except ValueError as exc:
        problem, parts, port = str(exc), None, None
    if parts is not None:
        if parts.scheme.lower() not in ("http", "https"):
            problem = "not an http(s) URL"
        elif not parts.hostname:
            problem = "no host name"
        elif any(c.isspace() or ord(c) < 32 for c in url):
            problem = "it holds a space or a control character"
        elif port == 0:
            problem = "port 0"
        elif parts.username is not None or parts.password is not None:
            # urllib sends no user:password from a URL: it would look the whole of
            # "user:password@host" up as a host name.
            problem = "a user name or password in the address is not sent"
        elif "[" not in parts.netloc and not _HOST_RE.fullmatch(parts.hostname):
            problem = f"{parts.hostname!r} is not a host name"
        elif parts.hostname.rstrip(".").rsplit(".", 1)[-1].isdigit() \
                and not _is_ipv4(parts.hostname):
            # No top-level domain is all digits: this is an IPv4 address, and a wrong one.
            problem = f"{parts.hostname!r} is not an IPv4 address"
    if problem:
        shown = url if parts is None or parts.password is None \
            else url.replace(parts.password, "***", 1)
        raise PubMedError(f"the E-utilities address {shown!r} cannot be used ({problem}).",
                          f"Set {ENV_URL} to the base URL of E-utilities or of a mirror "
                          "(https://host/entrez/eutils/), or unset it.")
    return url


@dataclass
class EutilsClient:
    """Talk to NCBI E-utilities with one shared rate limit.

    Attributes:
        email: Contact address sent with every request.
        api_key: NCBI API key; raises the rate limit from 3 to 10 requests a second.
        tool: Name of the calling software sent with every request.
        base_url: E-utilities folder URL (a mirror or a local test server).
        rate: Requests per second; default 3 without a key and 10 with one.
        transport: The transport to send through; built from ``rate`` when None.
    """

    email: str | None
    api_key: str | None = None
    tool: str = TOOL
    base_url: str = EUTILS_URL
    rate: float | None = None
    transport: Transport | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if " " in self.tool:
            raise PubMedError(f"NCBI's 'tool' value may not contain spaces: {self.tool!r}.",
                              "Use a name like 'litsearch' or 'my-review-tool'.")
        if self.rate is None:
            self.rate = RATE_WITH_KEY if self.api_key else RATE_NO_KEY
        if self.transport is None:
            self.transport = Transport(RateLimiter(self.rate))

    @classmethod
    def from_env(cls, email: str | None = None, api_key: str | None = None,
                 env: Mapping[str, str] | None = None, *, require_email: bool = True,
                 default_email: str | None = None,
                 sleep: Callable[[float], None] = time.sleep, **options: object) -> EutilsClient:
        """Build a client from arguments, falling back to the environment.

        Args:
            email: Contact address; default ``$NCBI_EMAIL``, then ``default_email``.
            api_key: API key; default ``$NCBI_API_KEY``.
            env: The environment to read (default ``os.environ``).
            require_email: Raise when no address is given anywhere.
            default_email: The review's address (``[pubmed] email`` in review.toml).
            sleep: Function that waits (tests pass a fast one).
            **options: Other :class:`EutilsClient` fields (``tool``, ``rate``, ``transport``).

        Raises:
            PubMedError: No e-mail address was given and one is required.
        """
        env = os.environ if env is None else env
        email = email or env.get(ENV_EMAIL) or default_email or None
        api_key = api_key or env.get(ENV_API_KEY) or None
        if require_email and not email:
            raise PubMedError("no contact e-mail for NCBI: E-utilities usage rules ask every "
                              "program to send its tool name and an e-mail address, so NCBI "
                              "can write before it blocks heavy use.",
                              f"Pass --email you@example.org, set {ENV_EMAIL}, or write "
                              "email = \"you@example.org\" under [pubmed] in review.toml (it "
                              "is sent to NCBI only, with tool=litsearch).")
        base_url = check_base_url(str(options.pop("base_url", None) or env.get(ENV_URL)
                                      or EUTILS_URL))
        client = cls(email=email, api_key=api_key, base_url=base_url, **options)  # type: ignore[arg-type]
        if "transport" not in options:
            client.transport = Transport(RateLimiter(client.rate, sleep=sleep), sleep=sleep)
        return client

    @property
    def requests_sent(self) -> int:
        """How many HTTP requests this client has sent, retries included."""
        return self.transport.sent if self.transport else 0

    def _request(self, endpoint: str, params: Mapping[str, object]):  # noqa: ANN202
        return build_request(self.base_url, endpoint, params, tool=self.tool, email=self.email,
                             api_key=self.api_key)

    def esearch(self, term: str, *, retmax: int = 0, mindate: str | None = None,
                maxdate: str | None = None, usehistory: bool = True) -> ESearchResult:
        """Run ESearch on PubMed and return its parsed answer.

        Args:
            term: The search string exactly as it is to be sent.
            retmax: IDs to return (0: count, translation and messages only).
            mindate: First Entrez date ``YYYY/MM/DD`` (``request.DATETYPE``).
            maxdate: Last Entrez date ``YYYY/MM/DD``, inclusive.
            usehistory: Keep the result set on NCBI's History server.

        Raises:
            PubMedError: NCBI refused the request, kept failing, or returned an ERROR.
        """
        params = esearch_params(term, retmax=retmax, usehistory=usehistory, mindate=mindate,
                                maxdate=maxdate)
        assert self.transport is not None
        return self.transport.send(self._request("esearch.fcgi", params), parse_esearch)

    def efetch(self, ids: Sequence[str], fmt: str = "xml", name: str = "efetch") -> list[Record]:
        """Fetch PubMed records by PMID (POSTed at 200 IDs or more) and parse them.

        Args:
            ids: PMIDs to fetch (at most 10,000).
            fmt: ``"xml"`` (PubMed XML) or ``"medline"`` (MEDLINE text).
            name: Label for messages about this batch.

        Raises:
            PubMedError: NCBI refused the request, kept failing, or returned an ERROR.
        """
        request = self._request("efetch.fcgi", efetch_params(ids, fmt))
        assert self.transport is not None
        return self.transport.send(request, lambda body: parse_efetch(body, fmt, name))

    def efetch_raw(self, ids: Sequence[str], fmt: str = "xml") -> bytes:
        """Fetch PubMed records by PMID and return the answer unparsed.

        The answer is checked for an ERROR and for being cut short (asked again if so);
        parse it with :func:`~litsearch.search.parse.parse_efetch`.
        """
        request = self._request("efetch.fcgi", efetch_params(ids, fmt))
        assert self.transport is not None

        def checked(body: bytes) -> bytes:
            check_efetch(body, fmt)
            return body

        return self.transport.send(request, checked)
