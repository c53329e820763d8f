"""An Atom feed of the newest Sachstandsberichte of public Vorhaben."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ideen.text import render_plain_text

from .models import Sachstandsbericht, vorhaben_index_page

FEED_LENGTH = 50


class ReportFeed(Feed):
    """Newest first, without the names of the staff who wrote them."""

    feed_type = Atom1Feed

    def title(self):
        return _("Progress reports on the city's undertakings – Participation Kleve")

    def subtitle(self):
        return _("Every progress report of the list of undertakings.")

    def link(self):
        page = vorhaben_index_page()
        return page.url if page is not None and page.url else "/"

    def feed_url(self):
        return reverse("vorhaben:feed")

    def items(self):
        return list(
            Sachstandsbericht.objects.public()
            .select_related("vorhaben")
            .order_by("-created", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item: Sachstandsbericht):
        if item.is_participation_answer:
            return _("“%(title)s”: %(decision)s") % {
                "title": item.vorhaben.title,
                "decision": item.get_participation_decision_display(),
            }
        return _("“%(title)s”: %(state)s") % {
            "title": item.vorhaben.title,
            "state": item.get_status_display(),
        }

    def item_description(self, item: Sachstandsbericht):
        parts = [f"<p>{_('Status:')} {item.get_status_display()}</p>"]
        if item.is_participation_answer:
            parts.append(
                f"<p>{_('Answer to the requests for participation:')} "
                f"{item.get_participation_decision_display()}</p>"
            )
        if item.corrects_id:
            parts.append(f"<p>{_('This report corrects an earlier one.')}</p>")
        parts.append(str(render_plain_text(item.text)))
        if item.reason:
            parts.append(f"<p>{_('Reason:')}</p>")
            parts.append(str(render_plain_text(item.reason)))
        return "\n".join(parts)

    def item_link(self, item: Sachstandsbericht):
        return item.get_absolute_url()

    def item_pubdate(self, item: Sachstandsbericht):
        return item.created

    def item_updateddate(self, item: Sachstandsbericht):
        return item.created

    def item_categories(self, item: Sachstandsbericht):
        return [item.get_status_display()]
