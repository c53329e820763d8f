from django.urls import path

from . import views

app_name = "orte"

urlpatterns = [
    path("suche/", views.place_suggestions, name="suggestions"),
]
