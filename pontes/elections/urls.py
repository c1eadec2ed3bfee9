from django.urls import path

from .views import public, staff

app_name = "elections"

STAFF = "staff/t/<slug:slug>/elections/"

urlpatterns = [
    path("elections/", public.election_list, name="list"),
    path("elections/<int:pk>/", public.election, name="election"),
    path("elections/<int:pk>/vote/", public.vote, name="vote"),
    path("elections/<int:pk>/register-request/", public.complaint, name="complaint"),
    path("elections/<int:pk>/register-request/follow/", public.complaint_follow, name="complaint_follow"),
    path("elections/<int:pk>/results/", public.results, name="results"),
    path("elections/<int:pk>/ballots.csv", public.ballots_csv, name="ballots_csv"),
    path("elections/<int:pk>/ballots.json", public.ballots_json, name="ballots_json"),
    # Staff
    path(STAFF, staff.home, name="staff_home"),
    path(STAFF + "new/", staff.election_new, name="election_new"),
    path(STAFF + "<int:pk>/", staff.election, name="staff_election"),
    path(STAFF + "<int:pk>/title/", staff.title_translate, name="title_translate"),
    path(STAFF + "<int:pk>/candidates/", staff.candidate_add, name="candidate_add"),
    path(STAFF + "<int:pk>/register/", staff.register_add, name="register_add"),
    path(STAFF + "<int:pk>/register/import/", staff.register_import, name="register_import"),
    path(STAFF + "<int:pk>/complaints/", staff.complaint_add, name="complaint_add"),
    path(STAFF + "<int:pk>/complaints/<int:complaint>/", staff.complaint_decide, name="complaint_decide"),
    path(STAFF + "<int:pk>/step/", staff.step, name="step"),
    path(STAFF + "<int:pk>/station/", staff.station, name="station"),
    path(STAFF + "<int:pk>/results/", staff.results, name="staff_results"),
    path(STAFF + "<int:pk>/log/", staff.log, name="log"),
]
