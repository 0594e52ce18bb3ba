from django.utils import translation

from consortia.directory import selectors
from consortia.directory.models import Country, Topic
from consortia.directory.services.bulk import sync_reference_data


def test_country_names_follow_the_active_language_by_name(db):
    with translation.override("ru"):
        russian = selectors.country_names()
    with translation.override("en"):
        english = selectors.country_names()

    assert dict(russian)["KZ"] == "Казахстан"
    assert dict(english)["KZ"] == "Kazakhstan"
    assert [name for _code, name in english] == sorted(name for _code, name in english)


def test_topic_labels_follow_the_active_language(db):
    with translation.override("ru"):
        labels = {topic.code: topic for topic in selectors.topic_labels()}

    assert labels["smart-city"].label == "Умный город"
    assert labels["smart-city"].parent_id is None
    assert labels["smart-city-services"].parent_id == labels["smart-city"].id


def test_sync_reference_data_forgets_the_labels_kept_in_this_process(db):
    with translation.override("en"):
        Country.objects.filter(code="KZ").update(name_en="Kazakh SSR")
        Topic.objects.filter(code="smart-city").update(label_en="Clever city")
        selectors.forget_reference_labels()
        stale = (dict(selectors.country_names())["KZ"], selectors.topic_labels()[0].label)

        sync_reference_data()

        fresh = (dict(selectors.country_names())["KZ"], selectors.topic_labels()[0].label)
    assert stale == ("Kazakh SSR", "Clever city")
    assert fresh == ("Kazakhstan", "Smart city")
