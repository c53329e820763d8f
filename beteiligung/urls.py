from django.urls import path

from . import geodata

app_name = "beteiligung"

urlpatterns = [
    path("offene-daten/projekte.geojson", geodata.projects_geojson, name="projects_geojson"),
]
