from django.urls import path

from .views import apply, browse, review

app_name = "opportunities"

urlpatterns = [
    path("opportunities/", browse.opportunity_list, name="list"),
    path("opportunities/for-us/", browse.for_us, name="for_us"),
    path("opportunities/mine/", browse.mine, name="mine"),
    path("opportunities/<uuid:public_id>/", browse.detail, name="opportunity"),
    path("opportunities/<uuid:public_id>/apply/", apply.apply, name="apply"),
    path("opportunities/<uuid:public_id>/applications/", review.applications, name="applications"),
    path("opportunities/applications/<uuid:public_id>/", apply.application, name="application"),
    path("opportunities/applications/<uuid:public_id>/withdraw/", apply.withdraw, name="withdraw"),
    path("opportunities/applications/<uuid:public_id>/score/", review.score, name="score"),
    path(
        "opportunities/applications/<uuid:public_id>/<str:decision>/",
        review.decide,
        name="decide",
    ),
    path("opportunities/answers/<uuid:public_id>/", apply.answer_file, name="answer_file"),
]
