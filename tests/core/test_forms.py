from django import forms

from consortia.core.forms import QuickSelect, QuickSelectMultiple

CHOICES = [
    ("", "Any"),
    ("a", "A & <b>"),
    ("Group <x>", [("g1", "G1"), ("g2", 'G "2"')]),
    (3, 3),
]


class _Django(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    several = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.SelectMultiple(attrs={"size": 8, "hidden": False})
    )


class _Quick(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)
    several = forms.MultipleChoiceField(
        choices=CHOICES, widget=QuickSelectMultiple(attrs={"size": 8, "hidden": False})
    )


def test_quick_select_renders_the_markup_of_djangos_template_when_unbound():
    django_form, quick_form = _Django(), _Quick()

    quick = [str(quick_form["one"]), str(quick_form["several"])]

    assert quick == [str(django_form["one"]), str(django_form["several"])]


def test_quick_select_renders_the_markup_of_djangos_template_with_values_chosen():
    data = {"one": "g2", "several": ["a", "3"]}
    django_form, quick_form = _Django(data), _Quick(data)

    quick = [str(quick_form["one"]), str(quick_form["several"])]

    assert quick == [str(django_form["one"]), str(django_form["several"])]
    assert '<option value="g2" selected>G &quot;2&quot;</option>' in quick[0]
    assert '<optgroup label="Group &lt;x&gt;">' in quick[0]
    assert 'size="8"' in quick[1] and "hidden" not in quick[1]
