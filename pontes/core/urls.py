from django.urls import path

from .views import accounts, public, staff

app_name = "core"

urlpatterns = [
    path("", public.home, name="home"),
    path("t/<slug:slug>/", public.territory_home, name="territory_home"),
    path("privacy/", public.privacy, name="privacy"),
    # Accounts
    path("accounts/login/", accounts.login_view, name="login"),
    path("accounts/login/code/", accounts.login_verify, name="login_verify"),
    path("accounts/logout/", accounts.logout_view, name="logout"),
    path("accounts/me/", accounts.profile, name="profile"),
    path("accounts/me/export/", accounts.export_own_data, name="export_own_data"),
    path("accounts/me/delete/", accounts.delete_own_account, name="delete_own_account"),
    path("accounts/me/password/", accounts.password_change, name="password_change"),
    path("accounts/me/authenticator/", accounts.totp_setup, name="totp_setup"),
    # Staff
    path("staff/", staff.dashboard, name="staff_dashboard"),
    path("staff/t/<slug:slug>/", staff.territory_overview, name="staff_territory"),
    path("staff/t/<slug:slug>/edit/", staff.territory_edit, name="territory_edit"),
    path("staff/t/<slug:slug>/add/", staff.territory_add, name="territory_add"),
    path("staff/t/<slug:slug>/people/", staff.people, name="people"),
    path("staff/t/<slug:slug>/people/<int:pk>/revoke/", staff.revoke, name="revoke_role"),
    path(
        "staff/t/<slug:slug>/people/<int:user_id>/password/",
        staff.account_new_password,
        name="account_new_password",
    ),
    path(
        "staff/t/<slug:slug>/people/<int:user_id>/authenticator/",
        staff.account_reset_authenticator,
        name="account_reset_authenticator",
    ),
    path("staff/t/<slug:slug>/audit/", staff.audit_trail, name="audit"),
    path("staff/t/<slug:slug>/translations/", staff.translations, name="translations"),
]
