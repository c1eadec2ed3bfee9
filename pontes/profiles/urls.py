from django.urls import path

from .views import public, staff

app_name = "profiles"

urlpatterns = [
    path("profiles/", public.index, name="index"),
    path("profiles/<slug:slug>/", public.profile, name="profile"),
    path("profiles/<slug:slug>/print/", public.profile_print, name="profile_print"),
    path("profiles/<slug:slug>/export.<str:fmt>", public.profile_export, name="profile_export"),
    path("profiles/<slug:slug>/facts/", public.fact_cards, name="fact_cards"),
    path("profiles/<slug:slug>/i/<str:code>/", public.indicator, name="indicator"),
    path(
        "profiles/<slug:slug>/i/<str:code>/<slug:table>.<str:fmt>",
        public.indicator_export,
        name="indicator_export",
    ),
    path("facts/<int:pk>/", public.fact_card, name="fact_card"),
    # Staff
    path("staff/t/<slug:slug>/profiles/", staff.home, name="staff_home"),
    path("staff/t/<slug:slug>/profiles/template/", staff.template_versions, name="template"),
    path(
        "staff/t/<slug:slug>/profiles/template/<int:version>/indicators/new/",
        staff.indicator_edit,
        name="indicator_new",
    ),
    path(
        "staff/t/<slug:slug>/profiles/template/<int:version>/indicators/<int:pk>/",
        staff.indicator_edit,
        name="indicator_edit",
    ),
    path("staff/t/<slug:slug>/profiles/import/", staff.import_upload, name="import"),
    path("staff/t/<slug:slug>/profiles/import/<str:token>/", staff.import_mapping, name="import_mapping"),
    path("staff/t/<slug:slug>/profiles/entry/", staff.entry, name="entry"),
    path("staff/t/<slug:slug>/profiles/completeness/", staff.completeness, name="completeness"),
    path("staff/t/<slug:slug>/profiles/facts/new/", staff.card_edit, name="card_new"),
    path("staff/t/<slug:slug>/profiles/facts/<int:pk>/", staff.card_edit, name="card_edit"),
]
