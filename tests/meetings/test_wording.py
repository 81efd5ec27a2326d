"""The Arabic wording of decisions and of the quorum: number–noun agreement for 1, 2, 3–10 and 11+."""

import pytest

from meetings.wording import decision_wording, members_phrase, quorum_sentence, votes_phrase


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "صوت واحد"),
        (2, "صوتين"),
        (3, "3 أصوات"),
        (10, "10 أصوات"),
        (11, "11 صوتا"),
        (31, "31 صوتا"),
        (100, "100 صوت"),
    ],
)
def test_votes_agree_with_their_number(count, expected):
    assert votes_phrase(count) == expected


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "عضو واحد"), (2, "عضوين"), (3, "3 أعضاء"), (12, "12 عضوا")]
)
def test_abstaining_members_agree_with_their_number(count, expected):
    assert members_phrase(count) == expected


@pytest.mark.parametrize(
    ("present", "expected"),
    [
        (1, "عضو واحد حاضر من أصل 45"),
        (2, "عضوان حاضران من أصل 45"),
        (7, "7 أعضاء حاضرين من أصل 45"),
        (38, "38 عضوا حاضرا من أصل 45"),
    ],
)
def test_quorum_sentence_agrees_with_the_number_present(present, expected):
    assert quorum_sentence(present, 45) == expected


def test_unanimous_wording():
    text = decision_wording(
        subject="مشروع اتفاقية", votes_for=38, votes_against=0, abstentions=0, adopted=True
    )
    assert text == "صادقت الجمعية العامة بالإجماع على مشروع اتفاقية."


def test_majority_wording_names_every_count_with_agreement():
    text = decision_wording(
        subject="برنامج العمل", votes_for=31, votes_against=4, abstentions=3, adopted=True
    )
    assert text == "صادقت الجمعية العامة على برنامج العمل بأغلبية 31 صوتا مقابل 4 أصوات وامتناع 3 أعضاء."


def test_majority_wording_with_one_and_two():
    text = decision_wording(subject="البرنامج", votes_for=20, votes_against=1, abstentions=2, adopted=True)
    assert text.endswith("بأغلبية 20 صوتا مقابل صوت واحد وامتناع عضوين.")


def test_rejection_wording_leads_with_the_votes_against():
    text = decision_wording(subject="المقترح", votes_for=5, votes_against=12, abstentions=0, adopted=False)
    assert text == "رفضت الجمعية العامة المقترح بأغلبية 12 صوتا مقابل 5 أصوات."
