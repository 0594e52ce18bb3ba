from django.urls import path

from .views import browse, manage, operator

app_name = "projects"

urlpatterns = [
    path("projects/", browse.project_list, name="list"),
    path("projects/mine/", browse.mine, name="mine"),
    path("projects/new/", manage.record, name="record"),
    path("projects/<uuid:public_id>/", browse.detail, name="project"),
    path("projects/<uuid:public_id>/edit/", manage.edit, name="edit"),
    path("projects/<uuid:public_id>/partners/", manage.partners, name="partners"),
    path("projects/<uuid:public_id>/start/", manage.start, name="start"),
    path("projects/<uuid:public_id>/complete/", manage.complete, name="complete"),
    path("projects/<uuid:public_id>/cancel/", manage.cancel, name="cancel"),
    path("projects/<uuid:public_id>/budget/", manage.add_budget_line, name="add_budget_line"),
    path(
        "projects/<uuid:public_id>/budget/<int:line_id>/delete/",
        manage.remove_budget_line,
        name="remove_budget_line",
    ),
    path("projects/<uuid:public_id>/milestones/", manage.add_milestone, name="add_milestone"),
    path(
        "projects/milestones/<uuid:public_id>/reach/",
        manage.reach_milestone,
        name="reach_milestone",
    ),
    path("projects/<uuid:public_id>/updates/", manage.post_update, name="post_update"),
    path("projects/attachments/<uuid:public_id>/", browse.attachment, name="attachment"),
    path("projects/<uuid:public_id>/links/", manage.link_agreements, name="link_agreements"),
    path("operator/rates/", operator.rates, name="rates"),
]
