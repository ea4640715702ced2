"""Render a strategy into each platform's search string.

``render(strategy, "pubmed")`` returns a :class:`Rendered` with the string(s) to
paste and the notes a searcher must act on. One module per platform family.
"""

from __future__ import annotations

from ..model import Strategy
from ..platforms import Platform, get_platform
from .base import Rendered, Renderer
from .cochrane import CochraneRenderer
from .ebsco import EbscoRenderer
from .embasecom import EmbaseComRenderer
from .europepmc import EuropePmcRenderer
from .ovid import OvidRenderer
from .pubmed import PubMedRenderer
from .scholar import ScholarRenderer
from .scopus import ScopusRenderer
from .wos import WosRenderer

#: Platform family → renderer class.
RENDERERS: dict[str, type[Renderer]] = {
    "pubmed": PubMedRenderer, "ovid": OvidRenderer, "embasecom": EmbaseComRenderer,
    "cochrane": CochraneRenderer, "wos": WosRenderer, "scopus": ScopusRenderer,
    "ebsco": EbscoRenderer, "europepmc": EuropePmcRenderer, "scholar": ScholarRenderer,
}


def render(strategy: Strategy, platform: str | Platform, year: int | None = None) -> Rendered:
    """Return the search string(s) for one platform, with notes.

    Args:
        strategy: The strategy to render.
        platform: A platform id (``pubmed``…) or :class:`Platform`.
        year: The current year, for platforms without an open-ended year range
            (default: today's).

    Raises:
        QueryError: The platform is unknown.
    """
    plat = platform if isinstance(platform, Platform) else get_platform(platform)
    return RENDERERS[plat.family](plat, strategy, year).render()


__all__ = ["RENDERERS", "Rendered", "render"]
