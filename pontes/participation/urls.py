from django.urls import path

from .views import public, staff

app_name = "participation"

urlpatterns = [
    path("participation/bodies/", public.bodies, name="bodies"),
    path("participation/bodies/<slug:body>/", public.body, name="body"),
    path("participation/bodies/<slug:body>/meetings/", public.meetings, name="meetings"),
    path("participation/bodies/<slug:body>/meetings.ics", public.meetings_calendar, name="meetings_calendar"),
    path("participation/bodies/<slug:body>/meetings/<int:pk>/", public.meeting, name="meeting"),
    path("participation/bodies/<slug:body>/recommendations/", public.recommendations, name="recommendations"),
    path(
        "participation/bodies/<slug:body>/recommendations/<int:pk>/",
        public.recommendation,
        name="recommendation",
    ),
    path("participation/documents/<int:pk>/", public.document, name="document"),
    # Staff
    path("staff/t/<slug:slug>/participation/", staff.home, name="staff_home"),
    path("staff/t/<slug:slug>/participation/bodies/new/", staff.body_edit, name="body_new"),
    path("staff/t/<slug:slug>/participation/bodies/<int:pk>/", staff.body_staff, name="body_staff"),
    path("staff/t/<slug:slug>/participation/bodies/<int:pk>/edit/", staff.body_edit, name="body_edit"),
    path(
        "staff/t/<slug:slug>/participation/seat-groups/<int:pk>/",
        staff.seat_group_edit,
        name="seat_group_edit",
    ),
    path("staff/t/<slug:slug>/participation/members/<int:pk>/", staff.member_edit, name="member_edit"),
    path(
        "staff/t/<slug:slug>/participation/bodies/<int:body>/meetings/new/",
        staff.meeting_edit,
        name="meeting_new",
    ),
    path("staff/t/<slug:slug>/participation/meetings/<int:pk>/", staff.meeting_edit, name="meeting_edit"),
    path(
        "staff/t/<slug:slug>/participation/bodies/<int:pk>/recommendations/new/",
        staff.recommendation_new,
        name="recommendation_new",
    ),
    path(
        "staff/t/<slug:slug>/participation/recommendations/<int:pk>/",
        staff.recommendation_staff,
        name="recommendation_staff",
    ),
    path(
        "staff/t/<slug:slug>/participation/recommendations/<int:pk>/answer/",
        staff.recommendation_answer,
        name="recommendation_answer",
    ),
]
