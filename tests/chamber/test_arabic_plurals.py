"""Arabic plurals: the catalogues' plural formula matches the order of the translations (zero, one, two, few,
many, other), every plural message reads right for 0, 1, 2, 3, 11 and 100, and the admin's JavaScript has every
string it shows in Arabic."""

import gettext
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, label_for_field
from django.urls import reverse
from django.utils import translation

BASE = Path(__file__).resolve().parents[2]
AR = BASE / "locale/ar/LC_MESSAGES"
NUMBERS = (0, 1, 2, 3, 11, 100)


def cldr_arabic(n: int) -> int:
    """The index of the Arabic form for n, written out from CLDR's rules, independently of any catalogue."""
    if n == 0:
        return 0
    if n == 1:
        return 1
    if n == 2:
        return 2
    if 3 <= n % 100 <= 10:
        return 3
    if 11 <= n % 100 <= 99:
        return 4
    return 5


# What each plural message must say for n = 0, 1, 2, 3, 11 and 100 (a part of the sentence is enough). With the
# old formula, 11 took the form for 100 («11 سطر») and 100 the form for 11 («100 سطرا»).
EXPECTED = {
    "%(total)s agreement in all.": {2: "اتفاقيتان", 3: "3 اتفاقيات", 11: "11 اتفاقية", 100: "100 اتفاقية في"},
    "%(n)s agreement is past its end date and still open.": {
        2: "اتفاقيتان تجاوزتا",
        3: "3 اتفاقيات",
        11: "11 اتفاقية",
        100: "100 اتفاقية تجاوزت",
    },
    "%(counter)s row is invalid: nothing was imported": {
        1: "سطر واحد غير صالح",
        2: "سطران غير صالحين",
        3: "3 أسطر غير صالحة",
        11: "11 سطر",
        100: "100 سطر غير صالح",
    },
    "During the period, the chamber took part in %(counter)s exhibition, with %(artisans)s artisans; it drew "
    "%(visitors)s visitors and %(sales)s of sales.": {
        2: "معرضين",
        3: "في 3 معارض",
        11: "في 11 معرض",
        100: "في 100 معرض،",
    },
    "%(counter)s result": {1: "نتيجة واحدة", 2: "نتيجتان", 3: "3 نتائج", 11: "11 نتيجة", 100: "100 نتيجة"},
    "Export %(len)s selected item.": {2: "عنصرين", 3: "3 عناصر", 11: "11 عنصر", 100: "100 عنصر محدد"},
    "%(count)s %(name)s was changed successfully.": {
        1: "عنصر واحد",
        2: "عنصران",
        3: "3 عناصر",
        11: "11 عنصرًا",
        100: "100 عنصر بنجاح",
    },
    "One article of an agreement is past its due date:": {
        1: "مادة واحدة",
        2: "مادتان",
        3: "3 مواد",
        11: "11 مادةً",
        100: "100 مادة من",
    },
    "This password is too short. It must contain at least %d character.": {
        3: "3 أحرف",
        11: "11 حرفًا",
        100: "100 حرف",
    },
}
# The accusative singular of 11–99 (سطرا / سطرًا), which 100 must never take.
ACCUSATIVE = {
    "%(counter)s row is invalid: nothing was imported": "سطر",
    "During the period, the chamber took part in %(counter)s exhibition, with %(artisans)s artisans; it drew "
    "%(visitors)s visitors and %(sales)s of sales.": "معرض",
    "Export %(len)s selected item.": "عنصر",
}


def plural_messages(path: Path):
    return [m for m in read_po(path.open("rb"), locale="ar") if isinstance(m.id, tuple)]


def render(text: str, n: int) -> str:
    """Fill a message's placeholders with n, the way its caller does (named or positional)."""
    names = set(re.findall(r"%\((\w+)\)[sd]", text))
    if names:
        return text % dict.fromkeys(names, n)
    return text % n if re.search(r"%[sd]", text) else text


@pytest.mark.parametrize("name", ["django.po", "djangojs.po"])
def test_the_plural_formula_matches_the_order_of_the_forms(name):
    catalog = read_po((AR / name).open("rb"), locale="ar")
    assert catalog.num_plurals == 6
    formula = gettext.c2py(catalog.plural_expr)
    wrong = [n for n in range(0, 1200) if formula(n) != cldr_arabic(n)]
    assert not wrong, f"{name}: the formula gives the wrong form for {wrong[:10]}"


def test_the_compiled_catalogue_keeps_the_arabic_formula_whatever_the_header(tmp_path):
    """A merge can bring back Babel's header (11 as "other", 100 as "many"): the compiled catalogue corrects it."""
    from chamber.management.commands.compile_catalogues import compile_catalogue

    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    text = (AR / "django.po").read_text()
    text = re.sub(r'"Plural-Forms:.*?\\n"\n', "", text, count=1, flags=re.S)
    babel_header = "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5"
    text = text.replace(
        'msgstr ""\n', f'msgstr ""\n"Plural-Forms: nplurals=6; plural=({babel_header});\\n"\n', 1
    )
    (folder / "django.po").write_text(text)
    with (compile_catalogue(folder / "django.po")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert [compiled.plural(n) for n in NUMBERS] == [cldr_arabic(n) for n in NUMBERS]


def test_every_plural_message_has_an_expected_reading():
    """A new plural message must be added to EXPECTED, with what it says for each number."""
    ids = {m.id[0] for m in plural_messages(AR / "django.po")}
    assert ids == set(EXPECTED)


@pytest.mark.parametrize("msgid", sorted(EXPECTED), ids=lambda s: s[:30])
def test_ngettext_gives_the_right_arabic_form(msgid):
    message = next(m for m in plural_messages(AR / "django.po") if m.id[0] == msgid)
    assert len(message.string) == 6 and all(message.string)
    with translation.override("ar"):
        for n in NUMBERS:
            got = render(translation.ngettext(message.id[0], message.id[1], n), n)
            assert got == render(message.string[cldr_arabic(n)], n), (msgid, n, got)
            if n in EXPECTED[msgid]:
                assert EXPECTED[msgid][n] in got, (msgid, n, got)
            if msgid in ACCUSATIVE:
                accusative = re.search(ACCUSATIVE[msgid] + "(?:ً?ا|اً)(?![\u0621-\u064a])", got)
                assert bool(accusative) == (n == 11), (msgid, n, got)


def test_the_password_rule_names_its_numbers_without_a_noun_that_must_agree_with_them():
    from chamber.passwords import RoleAwareMinimumLengthValidator

    with translation.override("ar"):
        text = RoleAwareMinimumLengthValidator().get_help_text()
    assert "حرفا" not in text and "10" in text and "14" in text


def test_the_admin_wording_reads_right_for_any_model_name():
    with translation.override("ar"):
        delete = translation.gettext("Delete selected %(verbose_name_plural)s") % {
            "verbose_name_plural": "الصناع التقليديون"
        }
        another = translation.gettext("Add another %(verbose_name)s") % {"verbose_name": "مادة"}
        select = translation.gettext("Select %s to change") % "الدورة"
    assert delete == "حذف العناصر المحددة (الصناع التقليديون)"
    assert another == "إضافة أخرى: مادة"
    assert select == "اختيار الدورة للتعديل"


def _admin_js_msgids() -> set[str]:
    """Every string the admin's own scripts pass to gettext or ngettext (the two-box picker, the calendar…)."""
    root = Path(apps.get_app_config("admin").path) / "static/admin/js"
    found = set()
    for script in root.rglob("*.js"):
        if "vendor" in script.parts:
            continue
        text = script.read_text()
        for match in re.finditer(r"""\b(?:gettext|ngettext)\(\s*(['"])(.*?)(?<!\\)\1""", text):
            found.add(match.group(2).replace("\\'", "'").replace('\\"', '"'))
    return found


def test_the_admin_javascript_catalogue_is_arabic_for_every_string_of_the_admin(admin_client, profile):
    response = admin_client.get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    body = response.content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.S).group(1))
    wanted = _admin_js_msgids()
    assert "Choose all %s" in wanted and "Remove all %s" in wanted  # the filter_horizontal picker's buttons
    missing = sorted(msgid for msgid in wanted if not catalog.get(msgid))
    assert not missing, f"the admin's scripts show these in English: {missing}"
    assert catalog["Choose all %s"] == "اختيار الكل: %s"
    formula = gettext.c2py(re.search(r"const v = (.*?);\n", body).group(1))
    assert [formula(n) for n in NUMBERS] == [cldr_arabic(n) for n in NUMBERS]
    selected = catalog["%(sel)s of %(cnt)s selected"]
    assert "%(sel)s" in selected[cldr_arabic(11)]


OUR_APPS = {"chamber", "artisans", "meetings", "agreements", "programmes", "exhibitions", "portal"}


def test_every_column_of_our_admin_lists_has_an_arabic_header():
    english = []
    with translation.override("ar"):
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label not in OUR_APPS:
                continue
            for name in model_admin.list_display:
                if name in ("action_checkbox", "__str__"):
                    continue
                label = str(label_for_field(name, model, model_admin))
                if not re.search("[\u0600-\u06ff]", label):
                    english.append(f"{model._meta.label}.{name}: {label}")
    assert not english


@pytest.mark.django_db
def test_no_two_columns_or_filters_of_a_list_share_a_title():
    """Two filters both called «حسب الوضعية» (a project's status and its agreement's) cannot be told apart."""
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = None
    clashes = []
    with translation.override("ar"):
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label not in OUR_APPS:
                continue
            columns = [str(label_for_field(n, model, model_admin)) for n in model_admin.list_display]
            titles = []
            for spec in model_admin.list_filter:
                path, filter_class = (
                    (spec, None)
                    if isinstance(spec, str)
                    else (spec if isinstance(spec, tuple) else (None, spec))
                )
                if path is None:
                    titles.append(str(filter_class.title))
                    continue
                field = get_fields_from_path(model, path)[-1]
                title = str(field.verbose_name)
                if filter_class is not None:
                    title = str(filter_class(field, request, {}, model, model_admin, field_path=path).title)
                titles.append(title)
            for kind, names in (("columns", columns), ("filters", titles)):
                repeated = {name for name in names if names.count(name) > 1}
                if repeated:
                    clashes.append(f"{model._meta.label} {kind}: {sorted(repeated)}")
    assert not clashes
