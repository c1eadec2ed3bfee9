"""Public pages: no account needed, light enough for a cheap phone."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import Territory
from ..permissions import public
from ..registry import registry


@public
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "tree": selectors.territory_tree_for_home(),
            "capabilities": [c for c in registry if c.public_nav],
        },
    )


@public
def territory_home(request: HttpRequest, slug: str) -> HttpResponse:
    chain = selectors.breadcrumbs(get_object_or_404(Territory, slug=slug))
    territory = chain[-1]
    return render(
        request,
        "core/territory_home.html",
        {
            "territory": territory,
            "breadcrumbs": chain[:-1],
            "children": selectors.children_of(territory),
            "nav": selectors.public_nav(territory),
            "capabilities": [c for c in registry if c.public_nav],
            "statistics": selectors.statistics(territory),
        },
    )


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")
