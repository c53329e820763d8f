from django.urls import path

from . import views
from .feeds import ReportFeed

app_name = "vorhaben"

urlpatterns = [
    path("sachstandsberichte/feed/", ReportFeed(), name="feed"),
    path(
        "vorhaben/<int:pk>/beteiligung-anregen/",
        views.participation_request,
        name="participation_request",
    ),
    path(
        "vorhaben/<int:pk>/beteiligung-anregen/zurueckziehen/",
        views.participation_withdraw,
        name="participation_withdraw",
    ),
]
