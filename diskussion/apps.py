from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiskussionConfig(AppConfig):
    """Comment threads (django-comments-xtd) with our permissions, templates and moderation."""

    name = "diskussion"
    verbose_name = _("Discussions")

    def ready(self):
        # comments-xtd connects its own receivers (which store the comment) when its views
        # module is imported; import it first so that ours run after them.
        import django_comments_xtd.views  # noqa: F401

        from home import citizen_pages, pagecache

        from . import services, signals

        signals.connect()
        # A page shared by citizens is not for those who wrote, liked or reported a comment
        # on it.
        citizen_pages.register("diskussion.thread", services.comment_marks)
        pagecache.read_query_params(*services.QUERY_PARAMS)
