"""Finding a time zone by what people type: a city ("denver"), a region ("america"), a
common name ("mountain", "pacific", "central european") or an abbreviation ("CET").

Searched over the IANA zones `zoneinfo` knows; each option is labelled with its offset now,
so "Europe/London (UTC+00:00)" reads at a glance. At most `LIMIT` options (Slack's cap).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

LIMIT = 100

# Names people use for a zone, which the IANA name does not contain.
ALIASES: dict[str, tuple[str, ...]] = {
    "America/New_York": ("eastern", "et", "est", "edt", "us eastern"),
    "America/Chicago": ("central", "ct", "cst", "cdt", "us central"),
    "America/Denver": ("mountain", "mt", "mst", "mdt", "us mountain"),
    "America/Phoenix": ("arizona", "mountain no dst"),
    "America/Los_Angeles": ("pacific", "pt", "pst", "pdt", "us pacific", "california"),
    "America/Anchorage": ("alaska", "akst"),
    "Pacific/Honolulu": ("hawaii", "hst"),
    "America/Halifax": ("atlantic", "ast"),
    "America/St_Johns": ("newfoundland",),
    "America/Sao_Paulo": ("brasilia", "brazil"),
    "Europe/London": ("uk", "gmt", "bst", "british", "england", "scotland", "wales"),
    "Europe/Dublin": ("ireland", "irish"),
    "Europe/Paris": ("cet", "cest", "central european", "france"),
    "Europe/Berlin": ("germany", "central european"),
    "Europe/Athens": ("eet", "eastern european", "greece"),
    "Europe/Moscow": ("msk", "russia"),
    "Asia/Kolkata": ("india", "ist", "calcutta", "mumbai", "delhi", "bangalore"),
    "Asia/Tokyo": ("japan", "jst"),
    "Asia/Shanghai": ("china", "beijing", "cst china"),
    "Asia/Singapore": ("sgt",),
    "Asia/Dubai": ("gulf", "uae", "gst"),
    "Australia/Sydney": ("aest", "aedt", "eastern australia", "melbourne"),
    "Australia/Perth": ("awst", "western australia"),
    "Pacific/Auckland": ("new zealand", "nzst", "nzdt", "nz"),
    "Africa/Johannesburg": ("south africa", "sast"),
    "Africa/Lagos": ("wat", "nigeria", "west africa"),
    "Africa/Nairobi": ("eat", "kenya", "east africa"),
    "UTC": ("utc", "coordinated universal time", "zulu"),
}


@cache
def _zones() -> tuple[tuple[str, str], ...]:
    """(zone, what it is searched by), for every zone but the legacy aliases."""
    found = []
    for zone in sorted(available_timezones()):
        legacy = zone.startswith(("Etc/", "SystemV/", "posix/", "right/")) or "/" not in zone
        if legacy and zone != "UTC":
            continue
        words = zone.replace("_", " ").replace("/", " ").lower()
        found.append((zone, " ".join((words, *ALIASES.get(zone, ())))))
    return tuple(found)


def offset(zone: str, now: datetime) -> str:
    delta = now.astimezone(ZoneInfo(zone)).utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta else 0
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def label(zone: str, now: datetime) -> str:
    return f"{zone} ({offset(zone, now)})"


def known(zone: str) -> bool:
    return any(z == zone for z, _ in _zones())


def search(query: str, now: datetime) -> list[tuple[str, str]]:
    """(label, zone) for the zones matching every word typed: a city or zone name that
    starts with it first, then common names, then anything containing it."""
    words = query.lower().replace("_", " ").replace("/", " ").split()
    if not words:
        return []
    ranked: list[tuple[int, str]] = []
    for zone, text in _zones():
        if not all(w in text for w in words):
            continue
        city = zone.rsplit("/", 1)[-1].replace("_", " ").lower()
        aliases = ALIASES.get(zone, ())
        phrase = " ".join(words)
        if city == phrase or phrase in aliases:
            rank = 0
        elif city.startswith(phrase):
            rank = 1
        elif any(a.startswith(phrase) for a in aliases):
            rank = 2
        else:
            rank = 3
        ranked.append((rank, zone))
    ranked.sort()
    return [(label(zone, now), zone) for _, zone in ranked[:LIMIT]]
