"""What the agreements app asks of the apps above it: each app whose records an agreement can fund connects a
receiver in its AppConfig.ready(), so that agreements never needs to know them."""

from django.dispatch import Signal

# Sent by selectors.funded_activities with `agreement`. Each receiver returns a list of groups, one per kind of
# record it holds: {"label": plural verbose name, "rows": [(record, number of beneficiaries or None), …]}.
funded_activities = Signal()
