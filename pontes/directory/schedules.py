"""Opening hours: parsing RFC 5545 BYDAY lists, half-hour masks for search, display."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Protocol

from django.utils.translation import gettext as _

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SLOTS_PER_DAY = 48  # half-hours
EVENING_FROM = datetime.time(18, 0)
ALL_WEEK_MASK = (1 << SLOTS_PER_DAY) - 1


class ScheduleLike(Protocol):
    byday: str
    opens_at: datetime.time | None
    closes_at: datetime.time | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    freq: str


def parse_byday(value: str) -> list[str]:
    """'MO,TU, we' -> ['MO', 'TU', 'WE']. Ordinal forms ('1MO', '-1FR') keep their weekday."""
    days: list[str] = []
    for part in (value or "").replace(";", ",").split(","):
        token = part.strip().upper()
        if not token:
            continue
        weekday = token[-2:]
        ordinal = token[:-2]
        if weekday not in WEEKDAYS or (ordinal and not ordinal.lstrip("+-").isdigit()):
            raise ValueError(
                _("“%(value)s” is not a weekday code (MO, TU, WE, TH, FR, SA, SU).") % {"value": part}
            )
        if weekday not in days:
            days.append(weekday)
    return days


def _slot(moment: datetime.time) -> int:
    return moment.hour * 2 + (1 if moment.minute >= 30 else 0)


def day_mask(opens_at: datetime.time | None, closes_at: datetime.time | None) -> int:
    """Bits for every half-hour in [opens_at, closes_at); no times means open all day."""
    if opens_at is None or closes_at is None:
        return ALL_WEEK_MASK
    start = _slot(opens_at)
    end = closes_at.hour * 2 + (1 if closes_at.minute > 0 else 0) + (1 if closes_at.minute > 30 else 0)
    end = min(end, SLOTS_PER_DAY)
    mask = 0
    for slot in range(start, end):
        mask |= 1 << slot
    return mask


def weekly_masks(schedules: Iterable[ScheduleLike], today: datetime.date | None = None) -> dict[str, int]:
    """For each weekday code, the half-hours open according to the schedules valid today."""
    masks = dict.fromkeys(WEEKDAYS, 0)
    for schedule in schedules:
        if today is not None:
            if schedule.valid_from and schedule.valid_from > today:
                continue
            if schedule.valid_to and schedule.valid_to < today:
                continue
        days = parse_byday(schedule.byday) or list(WEEKDAYS)
        mask = day_mask(schedule.opens_at, schedule.closes_at)
        for day in days:
            masks[day] |= mask
    return masks


def is_open(masks: dict[str, int], moment: datetime.datetime) -> bool:
    day = WEEKDAYS[moment.weekday()]
    return bool(masks.get(day, 0) & (1 << _slot(moment.time())))


def opens_in_evening(masks: dict[str, int]) -> bool:
    evening = 0
    for slot in range(_slot(EVENING_FROM), SLOTS_PER_DAY):
        evening |= 1 << slot
    return any(mask & evening for mask in masks.values())


def opens_at_weekend(masks: dict[str, int]) -> bool:
    return bool(masks["SA"] or masks["SU"])


def weekday_label(code: str) -> str:
    labels = {
        "MO": _("Monday"),
        "TU": _("Tuesday"),
        "WE": _("Wednesday"),
        "TH": _("Thursday"),
        "FR": _("Friday"),
        "SA": _("Saturday"),
        "SU": _("Sunday"),
    }
    return labels[code]
