from django.urls import path

from . import geodata, opendata, views
from .feeds import DecisionFeed

app_name = "transparenz"

urlpatterns = [
    path("entscheidungen/feed/", DecisionFeed(), name="feed"),
    path("offene-daten/vorschlaege.geojson", geodata.proposals_geojson, name="opendata_geojson"),
    path("offene-daten/<slug:slug>.csv", opendata.download_csv, name="opendata_csv"),
    path("offene-daten/<slug:slug>.json", opendata.download_json, name="opendata_json"),
    path("konto/benachrichtigungen/", views.notification_settings, name="notifications"),
]
