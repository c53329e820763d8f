"""An Atom feed of the newest status changes of public ideas."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from home import pagecache
from ideen.text import render_plain_text

from .models import DecisionIndexPage, StatusChange

FEED_LENGTH = 50


class DecisionFeed(Feed):
    """Newest first; internal ideas never appear, whoever asks."""

    feed_type = Atom1Feed

    def title(self):
        return _("Decisions on ideas and proposals – Participation Kleve")

    def subtitle(self):
        return _("Every status change of a public idea, with its reasons.")

    def link(self):
        page = DecisionIndexPage.objects.live().public().first()
        return page.url if page is not None and page.url else "/"

    def feed_url(self):
        return reverse("transparenz:feed")

    def items(self):
        # Status changes only, no supports: a support keeps the stored feed.
        pagecache.shows_only_declared_supports()
        return list(
            StatusChange.objects.public()
            .select_related("idea", "merged_into")
            .order_by("-created", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item: StatusChange):
        return _("“%(title)s”: %(state)s") % {"title": item.idea.title, "state": item.to_label}

    def item_description(self, item: StatusChange):
        parts = [f"<p>{_('New state:')} {item.to_label} ({_('before:')} {item.from_label})</p>"]
        if item.deciding_body:
            parts.append(f"<p>{_('Decided by:')} {escape(item.deciding_body)}</p>")
        if item.reason:
            parts.append(str(render_plain_text(item.reason)))
        return "\n".join(parts)

    def item_link(self, item: StatusChange):
        return item.get_absolute_url()

    def item_pubdate(self, item: StatusChange):
        return item.created

    def item_updateddate(self, item: StatusChange):
        return item.created

    def item_categories(self, item: StatusChange):
        return [item.to_label]
