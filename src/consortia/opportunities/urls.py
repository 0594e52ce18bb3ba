from django.urls import path

from .views import apply, browse, exports, follow_up, manage, pilot_sites, review

app_name = "opportunities"

urlpatterns = [
    path("opportunities/", browse.opportunity_list, name="list"),
    path("opportunities/for-us/", browse.for_us, name="for_us"),
    path("opportunities/mine/", browse.mine, name="mine"),
    path("opportunities/<uuid:public_id>/", browse.detail, name="opportunity"),
    path("opportunities/<uuid:public_id>/apply/", apply.apply, name="apply"),
    path("opportunities/<uuid:public_id>/applications/", review.applications, name="applications"),
    path(
        "opportunities/<uuid:public_id>/applications.csv",
        exports.applications_csv,
        name="applications_csv",
    ),
    path(
        "opportunities/<uuid:public_id>/applications.xlsx",
        exports.applications_xlsx,
        name="applications_xlsx",
    ),
    path("opportunities/applications/<uuid:public_id>/", apply.application, name="application"),
    path("opportunities/applications/<uuid:public_id>/withdraw/", apply.withdraw, name="withdraw"),
    path("opportunities/applications/<uuid:public_id>/score/", review.score, name="score"),
    path(
        "opportunities/applications/<uuid:public_id>/<str:decision>/",
        review.decide,
        name="decide",
    ),
    path("opportunities/answers/<uuid:public_id>/", apply.answer_file, name="answer_file"),
    # The owner's side: publishing and setting up an opportunity
    path("opportunities/new/", manage.create, name="create"),
    path("opportunities/<uuid:public_id>/edit/", manage.edit, name="edit"),
    path("opportunities/<uuid:public_id>/publish/", manage.publish, name="publish"),
    path("opportunities/<uuid:public_id>/close/", manage.close, name="close"),
    path("opportunities/<uuid:public_id>/setup/", manage.setup, name="setup"),
    path(
        "opportunities/<uuid:public_id>/setup/questions/",
        manage.add_question,
        name="add_question",
    ),
    path(
        "opportunities/<uuid:public_id>/setup/questions/<int:field_id>/remove/",
        manage.remove_question,
        name="remove_question",
    ),
    path(
        "opportunities/<uuid:public_id>/setup/criteria/",
        manage.add_criterion,
        name="add_criterion",
    ),
    path(
        "opportunities/<uuid:public_id>/setup/criteria/<int:criterion_id>/remove/",
        manage.remove_criterion,
        name="remove_criterion",
    ),
    path(
        "opportunities/<uuid:public_id>/setup/reviewers/",
        manage.add_reviewer,
        name="add_reviewer",
    ),
    path(
        "opportunities/<uuid:public_id>/setup/reviewers/<int:reviewer_id>/remove/",
        manage.remove_reviewer,
        name="remove_reviewer",
    ),
    # What follows acceptance (two segments, so never taken for a decision)
    path(
        "opportunities/applications/<uuid:public_id>/follow-up/start/",
        follow_up.start_engagement,
        name="start_engagement",
    ),
    path(
        "opportunities/applications/<uuid:public_id>/follow-up/result/",
        follow_up.record_result,
        name="record_result",
    ),
    path(
        "opportunities/applications/<uuid:public_id>/follow-up/tranches/",
        follow_up.add_tranche,
        name="add_tranche",
    ),
    path(
        "opportunities/applications/<uuid:public_id>/follow-up/booking/",
        follow_up.book_residency,
        name="book_residency",
    ),
    # The pilot-site registry
    path("opportunities/pilot-sites/", pilot_sites.pilot_site_list, name="pilot_sites"),
    path(
        "opportunities/pilot-sites/new/",
        pilot_sites.create_pilot_site,
        name="create_pilot_site",
    ),
    path(
        "opportunities/pilot-sites/<uuid:public_id>/",
        pilot_sites.pilot_site,
        name="pilot_site",
    ),
    path(
        "opportunities/pilot-sites/<uuid:public_id>/edit/",
        pilot_sites.edit_pilot_site,
        name="edit_pilot_site",
    ),
]
