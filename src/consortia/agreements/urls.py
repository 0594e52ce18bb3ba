from django.urls import path

from .views import manage, registry

app_name = "agreements"

urlpatterns = [
    path("agreements/", registry.registry, name="registry"),
    path("agreements/timeline/", registry.timeline, name="timeline"),
    path("agreements/mine/", registry.mine, name="mine"),
    path("agreements/new/", manage.record, name="record"),
    path("agreements/<uuid:public_id>/", registry.detail, name="agreement"),
    path("agreements/<uuid:public_id>/sign/", manage.sign, name="sign"),
    path("agreements/<uuid:public_id>/in-force/", manage.bring_into_force, name="in_force"),
    path("agreements/<uuid:public_id>/complete/", manage.complete, name="complete"),
    path("agreements/<uuid:public_id>/terminate/", manage.terminate, name="terminate"),
    path("agreements/<uuid:public_id>/commitments/", manage.add_commitment, name="add_commitment"),
    path("agreements/commitments/<uuid:public_id>/report/", manage.report, name="report"),
    path("agreements/<uuid:public_id>/documents/", manage.add_documents, name="add_documents"),
    path("agreements/documents/<uuid:public_id>/", registry.document, name="document"),
    path(
        "agreements/documents/<uuid:public_id>/delete/",
        manage.remove_document,
        name="remove_document",
    ),
]
