"""What the assembly's record tells other apps as it happens, inside the same transaction: an app that reacts
connects a receiver in its AppConfig.ready(), so meetings never needs to know who listens.

A receiver that raises makes the sending service fail and its transaction roll back, like any other part of it.
"""

from django.dispatch import Signal

# Sent by services.decision_record once a vote is recorded (adopted or not), with `item`, `decision` and `by`.
decision_recorded = Signal()

# Sent by services.session_second_convening_create for each agenda item repeated at the second convening, with
# `source` (the first convening's item) and `copy` (the item that will now be put to the vote).
agenda_item_carried = Signal()

# Sent by selectors.session_items with `items`, the agenda items of one session, so that an agenda names what each
# item puts to the vote. A receiver returns {item pk: [record, …]}, each record with a `reference` and a `title`
# that the agenda prints («FM-2023-BE — title»); they are read when the agenda is rendered, so in its language.
# A receiver only reads: it runs for every agenda shown or printed, and should take one query at most.
agenda_vote_records = Signal()
