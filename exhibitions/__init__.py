"""Exhibitions: the annual programme, calls for participation, stands, visitors, sales and evaluations."""
