"""Trainings, enrolments and the equal-share distributions of equipment that follow them."""
