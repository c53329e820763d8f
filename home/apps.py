from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and content pages")

    def ready(self):
        from . import pagecache, routing

        connection_created.connect(pagecache.install_write_watcher, dispatch_uid="pagecache")
        pagecache.install_restriction_memo()
        routing.install_route_memo()
