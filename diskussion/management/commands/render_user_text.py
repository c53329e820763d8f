"""Render the stored HTML of idea descriptions and comments again (after a rules change)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django_comments_xtd.models import XtdComment

from diskussion.models import CommentState
from diskussion.text import render_stored_comments
from ideen.models import Idea
from ideen.text import render_stored


class Command(BaseCommand):
    help = (
        "Render the HTML stored for idea descriptions and comment texts again, e.g. after "
        "ideen/text.py:render_plain_text changed. Pages show the stored HTML."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size: int, **options):
        with transaction.atomic():
            ideas = render_stored(Idea.objects.all(), "description", "description_html", batch_size)
        with transaction.atomic():
            comments = render_stored_comments(XtdComment, CommentState, batch_size)
        self.stdout.write(f"Rendered {ideas} idea descriptions and {comments} comments.")
