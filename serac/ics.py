"""An iCalendar (RFC 5545) invitation for a SERAC meeting, written by hand.

It holds the date, time, place or video link and a link back to Waymark: no
case, person or agenda detail, since invitations end up in shared calendars.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone

from serac.models import MeetingStatus, SeracMeeting

MEETING_LENGTH = timedelta(hours=2)


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(meeting: SeracMeeting) -> str:
    site = settings.WAYMARK_SITE_URL.rstrip("/")
    url = site + meeting.get_absolute_url()
    host = site.split("://", 1)[-1].split("/", 1)[0] or "waymark"
    location = meeting.place or meeting.video_link
    description = f"Slavery and Exploitation Risk Assessment Conference. Agenda: {url}"
    if meeting.video_link:
        description += f"\nVideo link: {meeting.video_link}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Waymark//SERAC//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:serac-meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.starts_at + MEETING_LENGTH)}",
        f"SUMMARY:{escape_text('SERAC meeting')}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if meeting.status == MeetingStatus.CANCELLED else 'CONFIRMED'}",
        "CLASS:CONFIDENTIAL",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
