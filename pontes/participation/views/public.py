"""Public pages: bodies, who sits on them, their meetings (with a calendar feed) and what became of
their recommendations."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pontes.core.languages import language_name
from pontes.core.permissions import public

from .. import selectors, services
from ..models import ConsultativeBody, Meeting, MeetingDocument, Mission, Recommendation


def _body(slug: str) -> ConsultativeBody:
    return get_object_or_404(ConsultativeBody.objects.select_related("territory"), slug=slug)


@public
def bodies(request: HttpRequest) -> HttpResponse:
    items = selectors.bodies()
    place = request.GET.get("place", "")
    if place:
        items = items.filter(territory__slug=place)
    return render(request, "participation/bodies.html", {"bodies": items})


@public
def body(request: HttpRequest, body: str) -> HttpResponse:
    item = _body(body)
    missions = [Mission(code).label for code in item.missions if code in Mission.values]
    return render(
        request,
        "participation/body.html",
        {
            "body": item,
            "missions": missions,
            "composition": selectors.composition(item),
            "past": selectors.past_meetings(item)[:20],
            "upcoming": selectors.upcoming_meetings(item)[:5],
            "adopted": selectors.adopted(item)[:20],
        },
    )


@public
def meetings(request: HttpRequest, body: str) -> HttpResponse:
    item = _body(body)
    return render(
        request,
        "participation/meetings.html",
        {"body": item, "upcoming": selectors.upcoming_meetings(item), "past": selectors.past_meetings(item)},
    )


@public
def meeting(request: HttpRequest, body: str, pk: int) -> HttpResponse:
    item = _body(body)
    found = get_object_or_404(Meeting.objects.select_related("body__territory"), pk=pk, body=item)
    languages = item.territory.effective_languages()
    # An open meeting is announced in every language the territory serves.
    announcements = (
        [
            (language_name(code), found.tr("title", code), found.tr("agenda", code), found.agenda_items(code))
            for code in languages
        ]
        if found.is_open and found.starts_at >= timezone.now()
        else []
    )
    return render(
        request,
        "participation/meeting.html",
        {
            "body": item,
            "meeting": found,
            "agenda": found.agenda_items(),
            "announcements": announcements,
            "attendance": found.attendance.select_related("member").order_by("member__name"),
            "decisions": [line for line in found.decisions.splitlines() if line.strip()],
            "recommendations": found.recommendations.all(),
        },
    )


@public
def meetings_calendar(request: HttpRequest, body: str) -> HttpResponse:
    """The body's upcoming meetings as an iCalendar feed."""
    from icalendar import Calendar, Event

    item = _body(body)
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.PONTES_SITE_NAME}//participation//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(item.tr("name").text))
    host = request.get_host()
    for found in selectors.upcoming_meetings(item):
        event = Event()
        event.add("uid", f"participation-meeting-{found.pk}@{host}")
        event.add("summary", str(found.tr("title").text))
        event.add("dtstart", found.starts_at)
        event.add("dtend", found.ends_at or found.starts_at + datetime.timedelta(hours=2))
        event.add("dtstamp", timezone.now())
        event.add("location", found.place)
        event.add("description", "\n".join(found.agenda_items()))
        event.add(
            "url",
            request.build_absolute_uri(
                reverse("participation:meeting", kwargs={"body": item.slug, "pk": found.pk})
            ),
        )
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{item.slug}-meetings.ics"'
    return response


@public
def document(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(MeetingDocument, pk=pk)
    if not found.file_name:
        return redirect(found.url)
    path = services.upload_folder() / found.file_name
    if not path.is_file():
        raise Http404
    suffix = path.suffix
    # Files are at most 10 MB, so reading them whole is fine.
    response = HttpResponse(path.read_bytes(), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="document-{found.pk}{suffix}"'
    return response


@public
def recommendations(request: HttpRequest, body: str) -> HttpResponse:
    item = _body(body)
    status = request.GET.get("status", "")
    if status not in Recommendation.Status.values:
        status = ""
    today = timezone.localdate()
    rows = [
        (rec, rec.days_waiting(today), rec.is_overdue(today))
        for rec in selectors.recommendations(item, status)
    ]
    return render(
        request,
        "participation/recommendations.html",
        {
            "body": item,
            "rows": rows,
            "status": status,
            "statuses": Recommendation.Status.choices,
            "overdue": sum(1 for _rec, _days, late in rows if late),
        },
    )


@public
def recommendation(request: HttpRequest, body: str, pk: int) -> HttpResponse:
    item = _body(body)
    found = get_object_or_404(Recommendation.objects.select_related("meeting"), pk=pk, body=item)
    today = timezone.localdate()
    return render(
        request,
        "participation/recommendation.html",
        {
            "body": item,
            "rec": found,
            "days": found.days_waiting(today),
            "overdue": found.is_overdue(today),
            "versions": found.versions.all(),
            "progress": found.progress.all(),
            "title": _("Recommendation"),
        },
    )
