from django.urls import path

from .views import contacts, conversations, notifications, operator

app_name = "messaging"

urlpatterns = [
    path("messages/", conversations.inbox, name="inbox"),
    path("messages/new/", conversations.new, name="new"),
    path("messages/<uuid:public_id>/", conversations.conversation, name="conversation"),
    path("messages/<uuid:public_id>/archive/", conversations.archive, name="archive"),
    path("messages/attachments/<uuid:public_id>/", conversations.attachment, name="attachment"),
    path("messages/contacts/", contacts.contacts, name="contacts"),
    path("messages/contacts/<uuid:public_id>/accept/", contacts.accept, name="accept_contact"),
    path("messages/contacts/<uuid:public_id>/decline/", contacts.decline, name="decline_contact"),
    path("messages/people/<uuid:public_id>/ask/", contacts.request_contact, name="request_contact"),
    path("messages/people/<uuid:public_id>/block/", contacts.block, name="block"),
    path("messages/people/<uuid:public_id>/unblock/", contacts.unblock, name="unblock"),
    path("messages/people/<uuid:public_id>/report/", contacts.report, name="report"),
    path("offers/<uuid:public_id>/interest/", conversations.interest, name="interest"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/badge/", notifications.badge, name="badge"),
    path("notifications/read-all/", notifications.read_all, name="read_all"),
    path("notifications/<int:notification_id>/", notifications.open_notification, name="open"),
    path("notifications/preferences/", notifications.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("operator/reports/", operator.reports, name="reports"),
    path("operator/reports/<int:report_id>/dismiss/", operator.dismiss, name="dismiss_report"),
    path("operator/reports/<int:report_id>/suspend/", operator.suspend, name="suspend"),
    path("operator/people/<uuid:public_id>/reinstate/", operator.reinstate, name="reinstate"),
]
