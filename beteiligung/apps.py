from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeteiligungConfig(AppConfig):
    name = "beteiligung"
    verbose_name = _("Participation projects")

    def ready(self):
        from home import pagecache
        from transparenz.geodata import register_geojson

        from . import listing, signals
        from .geodata import DATASET

        register_geojson(DATASET)
        pagecache.read_query_params(*listing.QUERY_PARAMS)
        signals.connect()
