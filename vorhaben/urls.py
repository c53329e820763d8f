from django.urls import path

from .feeds import ReportFeed

app_name = "vorhaben"

urlpatterns = [
    path("sachstandsberichte/feed/", ReportFeed(), name="feed"),
]
