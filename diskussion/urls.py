"""Only the comment URLs we need.

comments-xtd's blanket URLconf also serves a REST API, "sent"/"confirm"/"mute" pages, a
permalink redirect and flag/like pages that show comments of any object by id, internal
ones included. None of it is mounted; the names django-comments reverses point to our views.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("post/", views.post, name="comments-post-comment"),
    path("gepostet/", views.posted, name="comments-comment-done"),
    path(
        "cr/<int:content_type_id>/<str:object_id>/",
        views.permalink,
        name="comments-url-redirect",
    ),
    path("<int:comment_id>/antworten/", views.reply, name="comments-xtd-reply"),
    path("<int:comment_id>/bearbeiten/", views.edit, name="comments-edit"),
    path("<int:comment_id>/loeschen/", views.delete, name="comments-delete-own"),
    path("<int:comment_id>/gefaellt-mir/", views.like, name="comments-xtd-like"),
    path("<int:comment_id>/melden/", views.flag, name="comments-flag"),
]
