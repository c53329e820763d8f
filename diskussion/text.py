"""Comment text is handled like idea text: plain text in the database (bleach strips every
tag on the way in), escaped paragraphs with rel="nofollow ugc" links rendered once when the
comment is written (stored in ``CommentState.text_html``)."""

from ideen.text import render_plain_text as render
from ideen.text import sanitize_plain_text as sanitize

MAX_LENGTH = 3000

__all__ = ["MAX_LENGTH", "render", "render_stored_comments", "sanitize"]


def render_stored_comments(comment_model, state_model, batch_size: int = 1000) -> int:
    """Store every comment's text as HTML in its state row (created where missing).

    Used by the data migration and by ``manage.py render_user_text``; it takes the model
    classes so that the migration can pass its historical ones.
    """
    written = 0
    last_pk = 0
    comments = comment_model.objects.select_related(None).order_by("pk").only("pk", "comment")
    while True:
        rows = list(comments.filter(pk__gt=last_pk)[:batch_size])
        if not rows:
            return written
        html = {row.pk: str(render(row.comment)) for row in rows}
        states = list(state_model.objects.filter(comment_id__in=html))
        for state in states:
            state.text_html = html.pop(state.comment_id)
        state_model.objects.bulk_update(states, ["text_html"])
        state_model.objects.bulk_create(
            [state_model(comment_id=pk, text_html=text) for pk, text in html.items()]
        )
        written += len(rows)
        last_pk = rows[-1].pk
