"""``{% event_time value event.time_zone %}``: an instant in the viewer's time zone and, when the
event's clocks show another time, the event's local time beside it:
``20 May 2026, 12:00 (event time 09:00 MSK)``."""

import zoneinfo
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

_DAY_AND_TIME = "j E Y, H:i"


@register.simple_tag
def event_time(value: datetime | None, zone: str) -> SafeString | str:
    if value is None:
        return ""
    shown = timezone.localtime(value)
    text = date_format(shown, _DAY_AND_TIME)
    try:
        local = value.astimezone(zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        local = shown
    if local.utcoffset() != shown.utcoffset():
        clock = date_format(local, "H:i" if local.date() == shown.date() else _DAY_AND_TIME)
        beside = _("event time %(time)s %(zone)s") % {"time": clock, "zone": local.tzname()}
        return format_html(
            '<time datetime="{}">{}</time> <small class="event-time">({})</small>',
            value.isoformat(),
            text,
            beside,
        )
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)
