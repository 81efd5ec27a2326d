"""Staff roles. The groups are created by migration; their permissions are kept in step here after every migrate.

Each role lists, per app label, the actions it may take on every model of that app ("view", "add", "change",
"delete", and the import/export permissions of django-import-export), plus single extra permissions such as the
right to approve. Superuser is for IT only.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import pgettext_lazy

SECRETARIAT = "Secretariat"
REGISTRY = "Registry"
PARTNERSHIPS = "Partnerships"
EXHIBITIONS = "Exhibitions"
MANAGEMENT = "Management"
ALL_ROLES = (SECRETARIAT, REGISTRY, PARTNERSHIPS, EXHIBITIONS, MANAGEMENT)

EDIT = ("view", "add", "change", "delete")
READ = ("view",)
DOMAIN_APPS = ("chamber", "artisans", "meetings", "agreements", "programmes", "exhibitions", "portal")

# role -> {app_label or "app_label.model": actions}
ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    SECRETARIAT: {
        "meetings": (*EDIT, "import", "export"),
        "chamber": READ,
        "artisans.artisan": READ,
        "agreements": READ,
        "exhibitions": READ,
    },
    REGISTRY: {
        "artisans": (*EDIT, "import", "export"),
        "programmes": (*EDIT, "import", "export"),
        "portal": EDIT,
        "chamber.commune": READ,
        "chamber.province": READ,
        "chamber.region": READ,
        "chamber.jobrecord": READ,
        "chamber.importbatch": READ,  # the imports of the last days, on the staff home
        "agreements.agreement": READ,
    },
    PARTNERSHIPS: {
        "agreements": (*EDIT, "import", "export"),
        "chamber": READ,
        "meetings": READ,
        "artisans.organisation": READ,
    },
    EXHIBITIONS: {
        "exhibitions": (*EDIT, "import", "export"),
        "chamber": READ,
        "artisans": READ,
        "programmes": READ,
        "portal": READ,
        "agreements": READ,
        "meetings": READ,
    },
    MANAGEMENT: dict.fromkeys(DOMAIN_APPS, (*READ, "export")),
}

# Single permissions ("app_label.codename") beyond the per-model ones, e.g. the right to approve.
EXTRA_PERMISSIONS: dict[str, tuple[str, ...]] = {
    MANAGEMENT: (
        "meetings.approve_minutes",
        "meetings.override_convocation_notice",
        "artisans.view_statistics",
    ),
    SECRETARIAT: (),
    REGISTRY: (
        "portal.review_registrationrequest",
        "portal.review_changerequest",
        "portal.review_profilephoto",
        "artisans.view_statistics",
    ),
    PARTNERSHIPS: (),
    EXHIBITIONS: (),
}


def permissions_for(role: str):
    """The Permission rows a role should have, computed from ROLES and EXTRA_PERMISSIONS."""
    from django.contrib.auth.models import Permission

    wanted: set[tuple[str, str]] = set()
    for target, actions in ROLES[role].items():
        app_label, _, model_name = target.partition(".")
        try:
            config = global_apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            if model_name and model._meta.model_name != model_name:
                continue
            for action in actions:
                wanted.add((app_label, f"{action}_{model._meta.model_name}"))
    for dotted in EXTRA_PERMISSIONS.get(role, ()):
        app_label, codename = dotted.split(".", 1)
        wanted.add((app_label, codename))
    perms = Permission.objects.select_related("content_type").filter(
        content_type__app_label__in={app for app, _ in wanted}
    )
    return [p for p in perms if (p.content_type.app_label, p.codename) in wanted]


def sync_role_permissions(sender=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: make each role's group hold exactly its permissions (runs once, after the last app)."""
    from django.contrib.auth.models import Group

    # post_migrate is sent once per app, in INSTALLED_APPS order; only the last one sees every permission.
    if sender is not None and sender.label != list(global_apps.get_app_configs())[-1].label:
        return
    for role in ALL_ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set(permissions_for(role))


OFFICE_LABELS = {
    SECRETARIAT: pgettext_lazy("office", "Secretariat"),
    REGISTRY: pgettext_lazy("office", "Registry"),
    PARTNERSHIPS: pgettext_lazy("office", "Partnerships"),
    EXHIBITIONS: pgettext_lazy("office", "Exhibitions"),
    MANAGEMENT: pgettext_lazy("office", "Management"),
}


def office_label(office: str) -> str:
    """The office's name in the user's language (the groups keep their English names)."""
    return str(OFFICE_LABELS.get(office, office))


def user_has_role(user, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=roles).exists()


# --- Personal data per office (Law 09-08: seen only by those who need it) --------------------------------------------
# The register's personal fields, and the offices that see each of them. An office not named for a field does not
# see it in the admin's forms, cannot search by it, and cannot export it; the audit trail masks every one of them
# for everyone. Registry keeps the register, so it sees all; the others pick participants, members or partners by
# name, craft and province (README: "Personal data per office").
PERSONAL_FIELDS = ("cin", "phone", "email", "birth_date", "address", "amo_number", "cnss_number", "photo")
PERSONAL_FIELD_OFFICES: dict[str, tuple[str, ...]] = dict.fromkeys(PERSONAL_FIELDS, (REGISTRY,))


# The personal fields of the other records that hold some, per model ("app_label.model"), and who needs each: an
# assembly member's e-mail is the Secretariat's, which sends the convocations. An organisation holds no personal
# field of its own; its legal representative and members are artisans, under the artisan's rule.
PERSONAL_FIELD_OFFICES_BY_MODEL: dict[str, dict[str, tuple[str, ...]]] = {
    "artisans.artisan": PERSONAL_FIELD_OFFICES,
    "meetings.member": {"email": (SECRETARIAT,)},
    # A sign-up's CIN, birth date and e-mail are checked against the register by Registry, and by no one else.
    "portal.registrationrequest": {"cin": (REGISTRY,), "birth_date": (REGISTRY,), "email": (REGISTRY,)},
    # The e-mail outbox holds the addresses of members (convocations: the Secretariat's) and of artisans (sign-up
    # and review messages: Registry's); the other offices read the outbox for the subjects and states only.
    "chamber.outboxmail": {"to_address": (SECRETARIAT, REGISTRY)},
}


def personal_fields_hidden_from(user, model: str = "artisans.artisan") -> frozenset[str]:
    """The personal fields of `model` that `user` may not see: none for superusers and the offices that need
    them (Registry for an artisan's, Secretariat for a member's e-mail), all for the other offices."""
    offices_of = PERSONAL_FIELD_OFFICES_BY_MODEL[model]
    if getattr(user, "is_superuser", False):
        return frozenset()
    groups = (
        set(user.groups.values_list("name", flat=True)) if getattr(user, "is_authenticated", False) else set()
    )
    return frozenset(name for name, offices in offices_of.items() if not groups.intersection(offices))
