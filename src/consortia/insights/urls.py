from django.urls import path, re_path

from . import views
from .charts import CSV_NAMES

app_name = "insights"

urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/map/", views.cooperation_map, name="map"),
    re_path(
        r"^insights/(?P<chart>{})\.csv$".format("|".join(CSV_NAMES)),
        views.csv_download,
        name="csv",
    ),
]
