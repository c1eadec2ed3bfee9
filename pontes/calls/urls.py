from django.urls import path

from .views import public, staff

app_name = "calls"

urlpatterns = [
    path("calls/", public.calls, name="calls"),
    path("calls/<int:pk>/", public.call, name="call"),
    path("calls/<int:pk>/grants.csv", public.grants_csv, name="grants_csv"),
    path("calls/<int:pk>/grants.json", public.grants_json, name="grants_json"),
    path("calls/applications/<int:pk>/letter/", public.letter, name="letter"),
    # Staff
    path("staff/t/<slug:slug>/calls/", staff.home, name="staff_home"),
    path("staff/t/<slug:slug>/calls/new/", staff.call_edit, name="call_new"),
    path("staff/t/<slug:slug>/calls/<int:pk>/", staff.staff_call, name="staff_call"),
    path("staff/t/<slug:slug>/calls/<int:pk>/edit/", staff.call_edit, name="call_edit"),
    path(
        "staff/t/<slug:slug>/calls/<int:pk>/translations/", staff.texts_translation, name="texts_translation"
    ),
    path("staff/t/<slug:slug>/calls/<int:pk>/status/", staff.call_status, name="call_status"),
    path("staff/t/<slug:slug>/calls/<int:pk>/conflicts/", staff.conflicts, name="conflicts"),
    path("staff/t/<slug:slug>/calls/<int:pk>/award/", staff.award, name="award"),
    path("staff/t/<slug:slug>/calls/applications/<int:pk>/review/", staff.review, name="review"),
    path("staff/t/<slug:slug>/calls/reports/<int:pk>/", staff.report_review, name="report_review"),
    # Organisations
    path("staff/o/<slug:org>/calls/", staff.organisation_home, name="organisation_home"),
    path("staff/o/<slug:org>/calls/<int:pk>/apply/", staff.apply, name="apply"),
    path("staff/o/<slug:org>/calls/applications/<int:pk>/report/", staff.report, name="report"),
]
