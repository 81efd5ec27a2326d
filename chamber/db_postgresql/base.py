"""PostgreSQL as Django knows it, except that a new connection is not attempted blind after the server stopped
answering: a quick probe first, so a request fails in half a second instead of waiting out connect_timeout."""

import psycopg
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper

from chamber import dbguard


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    def get_new_connection(self, conn_params):
        if dbguard.server_suspect() and not dbguard.server_answers(conn_params):
            raise psycopg.OperationalError("the database server does not answer")
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError:
            dbguard.mark_suspect()
            raise
        dbguard.mark_answering()
        return connection
