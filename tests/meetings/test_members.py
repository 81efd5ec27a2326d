"""The assembly's members: associate members are capped at a quarter of the elected members."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import Member
from meetings.selectors import members_flagged_for_absences
from tests.meetings.factories import MemberFactory, assembly, held_session


@pytest.mark.django_db
def test_a_fifth_associate_for_sixteen_elected_members_is_refused_with_the_numbers():
    MemberFactory.create_batch(16)
    for _ in range(4):
        services.member_save(member=MemberFactory.build(kind=Member.Kind.ASSOCIATE, category=""))
    with pytest.raises(ValidationError) as exc:
        services.member_save(member=MemberFactory.build(kind=Member.Kind.ASSOCIATE, category=""))
    assert "16" in str(exc.value) and "4" in str(exc.value)
    assert Member.objects.filter(kind=Member.Kind.ASSOCIATE).count() == 4


@pytest.mark.django_db
def test_the_admin_form_shows_the_associate_limit(client, secretary):
    MemberFactory.create_batch(3)
    client.force_login(secretary)
    response = client.post(
        reverse("admin:meetings_member_add"),
        {
            "name_ar": "عضو مشارك",
            "kind": "associate",
            "role": "member",
            "status": "sitting",
            "term_start": "2024-01-01",
            "order": "50",
        },
    )
    assert response.status_code == 200
    assert "ربع عدد الأعضاء المنتخبين" in response.content.decode()  # the admin speaks Arabic by default
    assert not Member.objects.filter(kind=Member.Kind.ASSOCIATE).exists()


@pytest.mark.django_db
def test_a_vice_president_needs_a_rank():
    member = MemberFactory.build(role=Member.Role.VICE_PRESIDENT)
    with pytest.raises(ValidationError):
        services.member_save(member=member)


@pytest.mark.django_db
def test_two_unexcused_absences_in_a_row_flag_the_member(profile):
    members = assembly(6)
    first = held_session(members, present=5)
    second = held_session(
        members, present=5, label_ar="دورة أكتوبر 2024", starts_at=first.starts_at.replace(month=10)
    )
    assert members_flagged_for_absences() == {members[5].pk}
    assert second.quorum_met
