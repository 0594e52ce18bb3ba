from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("data/", views.my_data, name="my_data"),
    path("data/export.json", views.export_my_data, name="export_my_data"),
    path("data/erase/", views.erase_my_account, name="erase_my_account"),
]
