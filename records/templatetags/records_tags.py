"""Template tags for record keeping shown on other apps' pages (the case page)."""

from django import template
from django.db.models import Q

from records.models import FoiRequest
from records.selectors import thread_hold_reasons

register = template.Library()


@register.simple_tag
def thread_holds(thread) -> dict:
    """What keeps a case from deletion whatever its retention period (s.77), in plain words, and the
    answered FOI requests that no longer hold it."""
    answered = (
        FoiRequest.objects.filter(council_id=thread.council_id, status=FoiRequest.Status.CLOSED)
        .filter(Q(thread=thread) | Q(related_threads=thread))
        .distinct()
        .order_by("pk")
        .values_list("reference", flat=True)
    )
    return {"reasons": thread_hold_reasons(thread=thread), "answered": list(answered)}
