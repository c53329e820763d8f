from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("beteiligung/", views.my_participation, name="participation"),
    path("meine-daten/", views.my_data, name="my_data"),
    path("meine-daten/download/", views.my_data_download, name="my_data_download"),
    path("meine-daten/datei/<str:token>/", views.my_data_export, name="my_data_export"),
    path("loeschen/", views.delete_account_view, name="delete"),
    path("geloescht/", views.account_deleted, name="deleted"),
    path("zustimmung/", views.consent, name="consent"),
]
