"""Only the comment URLs we need.

comments-xtd's blanket URLconf also serves a REST API, "sent"/"confirm"/"mute" pages, a
permalink redirect and flag/like pages that show comments of any object by id, internal
ones included. None of it is mounted; the names django-comments reverses point to our views.
"""

from django.urls import path

from . import ids, views

# Comment ids are never longer than an id can be (see diskussion/ids.py).
COMMENT = f"<{ids.CONVERTER}:comment_id>"

urlpatterns = [
    path("post/", views.post, name="comments-post-comment"),
    path("gepostet/", views.posted, name="comments-comment-done"),
    path(
        "cr/<int:content_type_id>/<str:object_id>/",
        views.permalink,
        name="comments-url-redirect",
    ),
    path(f"{COMMENT}/", views.comment_permalink, name="comments-permalink"),
    path(f"{COMMENT}/antworten/", views.reply, name="comments-xtd-reply"),
    path(f"{COMMENT}/bearbeiten/", views.edit, name="comments-edit"),
    path(f"{COMMENT}/loeschen/", views.delete, name="comments-delete-own"),
    path(f"{COMMENT}/gefaellt-mir/", views.like, name="comments-xtd-like"),
    path(f"{COMMENT}/melden/", views.flag, name="comments-flag"),
]
