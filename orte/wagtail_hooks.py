from django.utils.translation import gettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Place


class PlaceViewSet(SnippetViewSet):
    """The gazetteer: names people may type into the point field instead of coordinates."""

    model = Place
    icon = "site"
    menu_label = gettext_lazy("Places")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "kind", "district", "latitude", "longitude"]
    list_filter = ["kind", "district"]
    search_fields = ["name"]
    list_per_page = 50
    ordering = ["name"]
    copy_view_enabled = False


register_snippet(PlaceViewSet)
