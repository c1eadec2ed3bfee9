from django.urls import path

from .views import public, staff

app_name = "directory"

urlpatterns = [
    path("services/", public.search, name="search"),
    path("services/<uuid:pk>/", public.service_page, name="service"),
    path("services/<uuid:pk>/print/", public.service_print, name="service_print"),
    path("services/<uuid:pk>/qr.svg", public.service_qr, name="service_qr"),
    path("services/<uuid:pk>/report/", public.report, name="report"),
    # Staff and providers
    path("staff/t/<slug:slug>/services/", staff.services_list, name="staff_services"),
    path("staff/t/<slug:slug>/review/", staff.moderation, name="moderation"),
    path("staff/t/<slug:slug>/review/<int:revision>/approve/", staff.approve, name="approve"),
    path("staff/t/<slug:slug>/review/<int:revision>/reject/", staff.reject, name="reject"),
    path(
        "staff/t/<slug:slug>/feedback/<int:feedback>/handled/",
        staff.feedback_handled,
        name="feedback_handled",
    ),
    path("staff/t/<slug:slug>/gaps/", staff.gaps, name="gaps"),
    path("staff/t/<slug:slug>/reach/", staff.reach_view, name="reach"),
    path("staff/t/<slug:slug>/unmet/", staff.unmet, name="unmet"),
    path("staff/t/<slug:slug>/exchange/", staff.exchange, name="exchange"),
    path("staff/t/<slug:slug>/exchange/export.json", staff.export_json, name="export_json"),
    path("staff/t/<slug:slug>/exchange/export.zip", staff.export_datapackage, name="export_datapackage"),
    path("staff/o/<slug:org>/services/", staff.organisation_services, name="organisation_services"),
    path("staff/o/<slug:org>/services/new/", staff.service_new, name="service_new"),
    path("staff/services/<uuid:service>/edit/", staff.service_edit, name="service_edit"),
    path("staff/services/<uuid:service>/verified/", staff.service_verified, name="service_verified"),
]
