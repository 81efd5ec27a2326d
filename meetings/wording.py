"""The Arabic wording of the assembly's record: decisions generated from the vote counts and the quorum sentence.

The legal record is kept in Arabic whatever the clerk's language; numbers and nouns agree through
chamber.formatting.arabic_count (1, 2, 3–10 and 11+ take different forms).
"""

from __future__ import annotations

from chamber.formatting import arabic_count


def votes_phrase(count: int, *, genitive: bool = True) -> str:
    """صوت واحد / صوتين / 4 أصوات / 31 صوتا (after a preposition the dual is صوتين)."""
    return arabic_count(
        count, singular="صوت", dual="صوتين" if genitive else "صوتان", plural="أصوات", accusative="صوتا"
    )


def members_phrase(count: int, *, genitive: bool = True) -> str:
    """عضو واحد / عضوين / 3 أعضاء / 11 عضوا."""
    return arabic_count(
        count, singular="عضو", dual="عضوين" if genitive else "عضوان", plural="أعضاء", accusative="عضوا"
    )


def quorum_sentence(present: int, sitting: int) -> str:
    """38 عضوا حاضرا من أصل 45 — with the noun and adjective agreeing with the number present."""
    present_text = arabic_count(
        present,
        singular="عضو حاضر",
        dual="عضوان حاضران",
        plural="أعضاء حاضرين",
        accusative="عضوا حاضرا",
        one="عضو واحد حاضر",
    )
    return f"{present_text} من أصل {sitting}"


def _counts_tail(first: int, second: int, abstentions: int) -> str:
    text = f"بأغلبية {votes_phrase(first)}"
    if second:
        text += f" مقابل {votes_phrase(second)}"
    if abstentions:
        text += f" وامتناع {members_phrase(abstentions)}"
    return text


def decision_wording(
    *, subject: str, votes_for: int, votes_against: int, abstentions: int, adopted: bool, tie: bool = False
) -> str:
    """صادقت الجمعية العامة بالإجماع على … / صادقت الجمعية العامة على … بأغلبية 31 صوتا مقابل 4 أصوات وامتناع 3 أعضاء."""
    if adopted and votes_against == 0 and abstentions == 0:
        return f"صادقت الجمعية العامة بالإجماع على {subject}."
    if tie:
        side = "صادقت الجمعية العامة على" if adopted else "رفضت الجمعية العامة"
        return (
            f"{side} {subject} بعد تعادل الأصوات، {votes_phrase(votes_for, genitive=False)} مقابل "
            f"{votes_phrase(votes_against)}"
            + (f" وامتناع {members_phrase(abstentions)}" if abstentions else "")
            + "، بترجيح الجانب الذي صوت معه الرئيس."
        )
    if adopted:
        return f"صادقت الجمعية العامة على {subject} {_counts_tail(votes_for, votes_against, abstentions)}."
    return f"رفضت الجمعية العامة {subject} {_counts_tail(votes_against, votes_for, abstentions)}."
