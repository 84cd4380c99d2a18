"""Template filters for repeat counts in words (see ``tandem.people.wording``)."""

from __future__ import annotations

from django import template

from tandem.people import wording

register = template.Library()

register.filter("victim_repeat_text", wording.victim_repeat_text)
register.filter("perpetrator_repeat_text", wording.perpetrator_repeat_text)
register.filter("location_repeat_text", wording.location_repeat_text)
