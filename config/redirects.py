"""Addresses the site used before staff pages moved under /council/<slug>/<area>/.

Each answers 308 Permanent Redirect to where the page lives now, query string kept: a browser sends a
POST again as a POST, and bookmarks and links in emails already sent keep working.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import get_script_prefix, path, reverse
from django.utils.encoding import escape_uri_path

from moderation.models import CouncilPost


def _moved(request, to: str) -> HttpResponsePermanentRedirect:
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(to + (f"?{query}" if query else ""), preserve_request=True)


def _prefix_moved(old: str, new: str) -> list:
    """The pages under `old` (a route with <slug:council_slug>) now live under `new`; the rest of the path is kept."""

    def view(request, council_slug: str, rest: str = ""):
        return _moved(request, escape_uri_path(get_script_prefix() + new.format(council_slug=council_slug) + rest))

    return [path(old, view), path(old + "<path:rest>", view)]


def _post_image(request, pk: int):
    """A published post's image, from the link in an email sent to the social page owner.

    Only published posts: before that the image is for the council's moderators, who reach it from
    the post's page, and the redirect would tell anyone which council the post belongs to.
    """
    published = CouncilPost.objects.filter(status=CouncilPost.Status.PUBLISHED).exclude(image="")
    post = published.select_related("council").filter(pk=pk).first()
    if post is None:
        raise Http404
    return _moved(request, reverse("public:announcement_image", kwargs={"council_slug": post.council.slug, "pk": pk}))


urlpatterns = [
    *_prefix_moved("mail/council/<slug:council_slug>/outbox/", "council/{council_slug}/outbox/"),
    path("moderation/post-image/<int:pk>/", _post_image),
    *_prefix_moved("moderation/<slug:council_slug>/", "council/{council_slug}/moderation/"),
]
