from django.urls import path

from .views import public, staff

app_name = "diaspora"

urlpatterns = [
    path("diaspora/organisations/", public.organisations, name="organisations"),
    path("diaspora/organisations/register/", public.register_organisation, name="register_organisation"),
    path("diaspora/organisations/<slug:slug>/", public.organisation, name="organisation"),
    path("diaspora/opportunities/", public.opportunities, name="opportunities"),
    path("diaspora/opportunities/feed.atom", public.opportunities_feed, name="opportunities_feed"),
    path(
        "diaspora/opportunities/deadlines.ics", public.opportunities_calendar, name="opportunities_calendar"
    ),
    path("diaspora/opportunities/<int:pk>/", public.opportunity, name="opportunity"),
    path("diaspora/proposals/", public.proposals, name="proposals"),
    path("diaspora/proposals/new/", public.propose, name="propose"),
    path("diaspora/proposals/<int:pk>/", public.proposal, name="proposal"),
    path("diaspora/proposals/<int:pk>/progress/", public.proposal_progress, name="proposal_progress"),
    path("diaspora/proposals/<int:pk>/translate/", public.proposal_translate, name="proposal_translate"),
    path("diaspora/me/", public.my_record, name="my_record"),
    path("diaspora/me/consents/", public.my_consents, name="my_consents"),
    path("diaspora/me/export.json", public.my_export, name="my_export"),
    path("diaspora/me/delete/", public.my_delete, name="my_delete"),
    # Staff
    path("staff/t/<slug:slug>/diaspora/", staff.home, name="staff_home"),
    path("staff/t/<slug:slug>/diaspora/figures/", staff.figures, name="figures"),
    path("staff/t/<slug:slug>/diaspora/organisations/<int:pk>/review/", staff.review, name="review"),
    path("staff/t/<slug:slug>/diaspora/opportunities/new/", staff.opportunity_edit, name="opportunity_new"),
    path(
        "staff/t/<slug:slug>/diaspora/opportunities/<int:pk>/edit/",
        staff.opportunity_edit,
        name="opportunity_edit",
    ),
    path(
        "staff/t/<slug:slug>/diaspora/opportunities/<int:pk>/status/",
        staff.opportunity_status,
        name="opportunity_status",
    ),
    path("staff/t/<slug:slug>/diaspora/opportunities/<int:pk>/matches/", staff.matches, name="matches"),
    path("staff/t/<slug:slug>/diaspora/proposals/<int:pk>/", staff.proposal_action, name="proposal_action"),
    path("staff/t/<slug:slug>/diaspora/people/<uuid:uuid>/", staff.person, name="person"),
    path("staff/o/<slug:org>/diaspora/", staff.organisation_edit, name="organisation_edit"),
]
