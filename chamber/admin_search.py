"""Admin searches that keep what was typed out of URLs: a CIN, a phone or a name never reaches the address bar,
the browser's history, a Referer header or an access log.

The search box posts the term; the term is kept in the session under a random token and the list is opened with
`?q=~<token>`. Pagination, filters and "back to the list" links carry the token, never the term. A term that
arrives in a URL anyway (a link, a bookmark) is swapped for a token at once, by a redirect.
"""

from __future__ import annotations

import re
import secrets

from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.http import HttpResponseBadRequest, HttpResponseRedirect, QueryDict
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

TOKEN_PREFIX = "~"  # noqa: S105 (marks a search token, not a secret)
SESSION_KEY = "admin_searches"
MAX_TERMS = 20  # per session: enough for a working day's back-and-forth, small enough for the session row
MAX_TERM_LENGTH = 200


# Invisible direction marks and embeddings: text copied from one of our PDFs carries them (their text layer marks
# where a Latin word or a number ends in Arabic text), and a CIN pasted with them would match nothing.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def search_token_store(*, request, term: str) -> str:
    """Keep `term` (without invisible direction marks) in the session and return the token that stands for it."""
    term = _BIDI_CONTROLS.sub("", term).strip()
    terms = dict(request.session.get(SESSION_KEY, {}))
    for token, known in terms.items():
        if known == term:
            return token
    token = TOKEN_PREFIX + secrets.token_urlsafe(9)
    terms[token] = term
    request.session[SESSION_KEY] = dict(list(terms.items())[-MAX_TERMS:])
    return token


def search_term_for(*, request, value: str) -> str:
    """The term a token stands for; a token this session does not know (an old link) shows the whole list."""
    if not value.startswith(TOKEN_PREFIX):
        return value
    return request.session.get(SESSION_KEY, {}).get(value, "")


def _without_search(params: dict) -> str:
    kept = QueryDict(mutable=True)
    for name, value in params.items():
        if name not in (SEARCH_VAR, "p"):
            kept.setlist(name, value if isinstance(value, list) else [value])
    return kept.urlencode()


def _with_query(url_path: str, params: QueryDict) -> str:
    return f"{url_path}?{params.urlencode()}" if params else url_path


class PrivateSearchChangeList(ChangeList):
    """A change list whose `q` parameter is a token: it searches for the term, links carry the token."""

    def get_queryset(self, request, exclude_parameters=None):
        # self.query feeds the search and the search box (the page body), never a link: links use self.params.
        self.query = search_term_for(request=request, value=self.query)
        return super().get_queryset(request, exclude_parameters)

    @property
    def private_search_url(self) -> str:
        opts = self.model._meta
        return reverse(f"{self.model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_search")

    @property
    def private_search_params(self) -> str:
        """The list's other parameters, for the search form to hand back: filters, ordering, popup."""
        return _without_search(self.params)


class PrivateSearchMixin:
    """For every ModelAdmin with a search box: the search goes through a POST and a session token."""

    def get_changelist(self, request, **kwargs):
        return PrivateSearchChangeList

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "search/",
                self.admin_site.admin_view(require_POST(self.private_search_view)),
                name=f"{opts.app_label}_{opts.model_name}_search",
            ),
            *super().get_urls(),
        ]

    def private_search_view(self, request):
        if not self.has_view_or_change_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        opts = self.model._meta
        changelist = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        term = request.POST.get(SEARCH_VAR, "").strip()
        if len(term) > MAX_TERM_LENGTH or "\x00" in term:
            return HttpResponseBadRequest()
        # The list's other parameters (filters, ordering, popup) come back as they were; the page does not.
        params = QueryDict(request.POST.get("params", ""), mutable=True)
        for name in (SEARCH_VAR, "p"):
            params.pop(name, None)
        if term:
            params[SEARCH_VAR] = search_token_store(request=request, term=term)
        return HttpResponseRedirect(_with_query(changelist, params))

    def changelist_view(self, request, extra_context=None):
        value = request.GET.get(SEARCH_VAR, "")
        if value and not value.startswith(TOKEN_PREFIX):
            params = request.GET.copy()
            params[SEARCH_VAR] = search_token_store(request=request, term=value.strip()[:MAX_TERM_LENGTH])
            target = _with_query(request.path, params)
            if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                return HttpResponseRedirect(target)
        return super().changelist_view(request, extra_context)
