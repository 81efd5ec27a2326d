"""The admin's header never breaks the chamber's name after a hyphen: at 1280 px the French name wrapped as
«Chambre d'Artisanat de la Région Fès-» and «Meknès», as the letterhead did before its unbroken_hyphens filter."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_chambers_hyphenated_name_is_kept_whole_in_the_header(admin_client, profile):
    admin_client.cookies["chamber_language"] = "fr"
    html = admin_client.get(reverse("admin:index")).content.decode()
    header = html[html.index('<div id="site-name">') :]
    header = header[: header.index("</div>")]
    assert '<span class="nowrap">Fès-Meknès</span>' in header, header
