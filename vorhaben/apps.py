from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VorhabenConfig(AppConfig):
    name = "vorhaben"
    verbose_name = _("List of undertakings")

    def ready(self):
        from home import pagecache
        from transparenz import guards, opendata

        from . import exports, listing

        pagecache.read_query_params(*listing.QUERY_PARAMS)

        # The reports are append-only: the decision trail's database triggers guard them too.
        guards.register_append_only("vorhaben_sachstandsbericht")
        opendata.register(exports.VORHABEN, exports.vorhaben_rows)
        opendata.register(exports.REPORTS, exports.report_rows)
