"""Templates translate through one catalogue per request (`portal.i18n.page_translations`,
issue 16) instead of Flask-Babel finding it again for every string; it is still the catalogue
Flask-Babel would give at that moment, including inside `force_locale` and after `refresh`."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, get_translations, refresh

from portal.i18n import page_translations


def test_the_kept_catalogue_is_flask_babels_and_follows_a_change_of_language(app):
    with app.test_request_context("/jobs"):
        english = page_translations()
        assert english is get_translations()
        assert page_translations() is english  # found once
        with force_locale("fr"):
            french = page_translations()
            assert french is get_translations() and french is not english
        assert page_translations() is english
        refresh()
        assert page_translations() is get_translations()


def test_templates_translate_through_it(app):
    with app.test_request_context("/jobs"):
        page = render_template_string(
            "{{ _('Search jobs') }} {{ ngettext('%(num)s job', '%(num)s jobs', 3) }} "
            "{{ _('Within %(km)s km', km=30) }} {{ _('<b>%(x)s</b>', x='<i>') }}"
        )
        assert page == "Search jobs 3 jobs Within 30 km <b>&lt;i&gt;</b>"
        assert page_translations() is get_translations()


def test_outside_a_request_it_is_flask_babels_default(app):
    with app.app_context():
        assert page_translations() is get_translations()
