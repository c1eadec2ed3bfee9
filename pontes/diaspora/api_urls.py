"""The public JSON API of the diaspora app, outside the language prefix."""

from django.urls import path

from .views import public

app_name = "diaspora_api"

urlpatterns = [
    path("api/diaspora/organisations", public.organisations_api, name="organisations"),
    path("api/diaspora/opportunities", public.opportunities_api, name="opportunities"),
    path("api/diaspora/proposals", public.proposals_api, name="proposals"),
]
