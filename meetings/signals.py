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
