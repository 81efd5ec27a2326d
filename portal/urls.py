"""The portal's own pages: home and the account pages (login, logout, password reset and change)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from chamber.ratelimit import ratelimited
from portal import views
from portal.forms import PortalLoginForm, PortalPasswordResetForm

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        ratelimited("login")(
            auth_views.LoginView.as_view(
                template_name="portal/login.html",
                authentication_form=PortalLoginForm,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="portal/form_page.html", success_url=reverse_lazy("portal:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="portal/message_page.html"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        ratelimited("password_reset")(
            auth_views.PasswordResetView.as_view(
                form_class=PortalPasswordResetForm,
                template_name="portal/form_page.html",
                email_template_name="portal/email/password_reset.txt",
                subject_template_name="portal/email/password_reset_subject.txt",
                success_url=reverse_lazy("portal:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="portal/message_page.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="portal/form_page.html", success_url=reverse_lazy("portal:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="portal/message_page.html"),
        name="password_reset_complete",
    ),
]
