from django.urls import path

from .views import browse, manage, offers, operator

app_name = "directory"

urlpatterns = [
    path("directory/", browse.organisation_list, name="organisations"),
    path("directory/people/", browse.person_list, name="people"),
    path("directory/register/", manage.register, name="register"),
    path("directory/mine/", manage.mine, name="mine"),
    path("directory/profile/", manage.profile, name="profile"),
    path(
        "directory/organisations/<uuid:public_id>/", browse.organisation_detail, name="organisation"
    ),
    path("directory/organisations/<uuid:public_id>/logo", browse.organisation_logo, name="logo"),
    path("directory/organisations/<uuid:public_id>/edit/", manage.edit, name="edit"),
    path(
        "directory/organisations/<uuid:public_id>/logo/upload/",
        manage.upload_logo,
        name="upload_logo",
    ),
    path("directory/organisations/<uuid:public_id>/resubmit/", manage.resubmit, name="resubmit"),
    path("directory/organisations/<uuid:public_id>/delete/", manage.delete, name="delete"),
    path("directory/organisations/<uuid:public_id>/members/", manage.members, name="members"),
    path(
        "directory/organisations/<uuid:public_id>/invitations/<int:invitation_id>/revoke/",
        manage.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "directory/organisations/<uuid:public_id>/offers/new/", offers.create, name="offer_create"
    ),
    path("directory/memberships/<int:membership_id>/role/", manage.change_role, name="change_role"),
    path(
        "directory/memberships/<int:membership_id>/remove/",
        manage.remove_member,
        name="remove_member",
    ),
    path("directory/invitations/<uuid:token>/", manage.invitation, name="invitation"),
    path("directory/people/<uuid:public_id>/", browse.person_detail, name="person"),
    path("offers/", browse.offer_list, name="offers"),
    path("offers/<uuid:public_id>/", offers.detail, name="offer"),
    path("offers/<uuid:public_id>/edit/", offers.edit, name="offer_edit"),
    path("offers/<uuid:public_id>/renew/", offers.renew, name="offer_renew"),
    path("offers/<uuid:public_id>/withdraw/", offers.withdraw, name="offer_withdraw"),
    path("offers/<uuid:public_id>/delete/", offers.delete, name="offer_delete"),
    path("operator/", operator.console, name="operator"),
    path("operator/organisations/<uuid:public_id>/verify/", operator.verify, name="verify"),
    path("operator/organisations/<uuid:public_id>/reject/", operator.reject, name="reject"),
]
