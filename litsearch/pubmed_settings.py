"""The ``[pubmed]`` section of review.toml: the contact address NCBI asks for.

Kept outside :mod:`litsearch.search` (whose package loads the whole E-utilities client)
so that every command checks the section when it opens the review
(:func:`litsearch.project.load_config`), not only ``search pubmed`` after its own
start-up: a misspelt key or a bad address is an error at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from .configcheck import known_keys, raiser
from .errors import ConfigError

#: The environment variables of NCBI's contact address and API key.
ENV_EMAIL = "NCBI_EMAIL"
ENV_API_KEY = "NCBI_API_KEY"
#: The keys ``[pubmed]`` may hold.
PUBMED_KEYS = ("email",)


def review_email(config: Mapping[str, object], where: str = "review.toml") -> str | None:
    """Return the contact e-mail under ``[pubmed]`` in a review's configuration, if any.

    Raises:
        ConfigError: ``[pubmed]`` is not a table, holds an API key (review.toml is
            shared and committed; keys are secrets) or an unknown key, or the address
            is not a string with an ``@``.
    """
    section = config.get("pubmed") or {}
    if not isinstance(section, Mapping):
        raise ConfigError(f"{where}: [pubmed] must be a table.",
                          'Write it as a section: [pubmed] then email = "you@example.org".')
    if "api_key" in section:
        raise ConfigError(f"{where}: [pubmed] holds an api_key; an API key is a secret and "
                          "review.toml is shared.",
                          f"Delete the line and set {ENV_API_KEY} (or pass --api-key).")
    known_keys(section, PUBMED_KEYS, "[pubmed]", raiser(where))
    email = section.get("email")
    if email is None:
        return None
    if not isinstance(email, str) or "@" not in email:
        raise ConfigError(f"{where}: [pubmed] email = {email!r} is not an e-mail address.",
                          'Write it as email = "you@example.org".')
    return email.strip()
