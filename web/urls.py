from django.contrib.auth import views as auth_views
from django.urls import path

from .views import (
    accounts,
    carelog,
    guidance,
    households,
    importing,
    insights,
    listen,
    notifications,
    portability,
    pwa,
    screen,
    trends,
    wellbeing,
)

app_name = "web"
urlpatterns = [
    # Today, the care log and timers
    path("", carelog.today, name="today"),
    path("babies/<int:baby_id>/", carelog.today, name="today-baby"),
    path("babies/<int:baby_id>/quick/<slug:preset>/", carelog.quick_log, name="quick-log"),
    path("babies/<int:baby_id>/events/", carelog.event_list, name="event-list"),
    path("babies/<int:baby_id>/today/rest/", carelog.timeline_rest, name="timeline-rest"),
    path("babies/<int:baby_id>/events/new/<slug:kind>/", carelog.event_new, name="event-add"),
    path("events/", carelog.history_current, name="history"),
    # Listening for crying in the browser (the page sends only episode times)
    path("listen/", listen.listen, name="listen"),
    path("listen/tables.json", listen.listen_tables, name="listen-tables"),
    path("listen/model.onnx", listen.listen_model, name="listen-model"),
    path("events/<int:event_id>/edit/", carelog.event_edit, name="event-edit"),
    path("events/<int:event_id>/delete/", carelog.event_delete, name="event-delete"),
    path("events/<int:event_id>/stop/", carelog.timer_stop, name="timer-stop"),
    path(
        "cry-suggestions/<int:suggestion_id>/confirm/",
        carelog.suggestion_confirm,
        name="suggestion-confirm",
    ),
    path(
        "cry-suggestions/<int:suggestion_id>/edit/",
        carelog.suggestion_edit,
        name="suggestion-edit",
    ),
    path(
        "cry-suggestions/<int:suggestion_id>/discard/",
        carelog.suggestion_discard,
        name="suggestion-discard",
    ),
    path("help/warning-signs/", carelog.warning_signs, name="warning-signs"),
    # Installing to a phone's home screen, and working offline
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
    # Insights: findings and charts
    path("insights/", insights.insights_page, name="insights"),
    path("babies/<int:baby_id>/insights/", insights.insights_page, name="insights-baby"),
    path("trends/", trends.trends_page, name="trends"),
    path("babies/<int:baby_id>/trends/", trends.trends_page, name="trends-baby"),
    # Wellbeing: check-ins, safety, the crying plan, help, "tell us what's going on"
    path("wellbeing/", wellbeing.home, name="wellbeing"),
    path("wellbeing/checkins/", wellbeing.checkin_history, name="checkin-history"),
    path("wellbeing/checkins/new/<slug:instrument>/", wellbeing.checkin_new, name="checkin-new"),
    path("wellbeing/checkins/<int:check_in_id>/", wellbeing.checkin_detail, name="checkin-detail"),
    path(
        "wellbeing/checkins/<int:check_in_id>/safety/",
        wellbeing.checkin_safety,
        name="checkin-safety",
    ),
    path(
        "wellbeing/checkins/<int:check_in_id>/sharing/",
        wellbeing.checkin_sharing,
        name="checkin-sharing",
    ),
    path("wellbeing/settings/", wellbeing.preferences, name="wellbeing-settings"),
    path("wellbeing/tell-partner/", wellbeing.tell_partner, name="tell-partner"),
    path(
        "wellbeing/notices/<int:notice_id>/dismiss/",
        wellbeing.notice_dismiss,
        name="notice-dismiss",
    ),
    path("wellbeing/how-are-you/", wellbeing.how_are_you, name="how-are-you"),
    path("wellbeing/screens/<int:screening_id>/", screen.screening, name="screen"),
    path("wellbeing/at-limit/", wellbeing.at_limit, name="at-limit"),
    path("babies/<int:baby_id>/cry-check/", wellbeing.cry_check, name="cry-check"),
    path("crying-plan/", wellbeing.crying_plan, name="crying-plan"),
    path("help/", wellbeing.help_directory, name="help-directory"),
    path("help/partner/", wellbeing.partner_path, name="partner-path"),
    path("tell-us/", wellbeing.intake, name="intake"),
    # The bonding plan: availability, what was tried, plans, sessions, activities, review
    path("plans/", guidance.plans, name="plans"),
    path("plans/new/", guidance.plan_new, name="plan-new"),
    path("plans/availability/", guidance.availability, name="availability"),
    path("plans/tried/", guidance.tried, name="tried"),
    path("plans/tried/<int:tried_id>/delete/", guidance.tried_delete, name="tried-delete"),
    path("plans/<int:plan_id>/", guidance.plan_detail, name="plan"),
    path("plans/<int:plan_id>/review/", guidance.review, name="plan-review"),
    path(
        "plans/<int:plan_id>/sessions/<int:session_id>/start/",
        guidance.session_start,
        name="session-start",
    ),
    path(
        "plans/<int:plan_id>/sessions/<int:session_id>/rate/",
        guidance.session_rate,
        name="session-rate",
    ),
    path("activities/<slug:activity_id>/", guidance.activity, name="activity"),
    # Babies
    path("babies/new/", households.baby_new, name="baby-new"),
    path("babies/<int:baby_id>/edit/", households.baby_edit, name="baby-edit"),
    # Household, members, invitations, tokens
    path("household/", households.household, name="household"),
    path("household/new/", households.household_new, name="household-new"),
    path("household/members/<int:member_id>/", households.member_rename, name="member-rename"),
    path("household/language/", households.my_language, name="my-language"),
    path("household/listening/", households.my_listening, name="my-listening"),
    path("household/invitations/", households.invitation_new, name="invitation-add"),
    path("household/tokens/", households.token_new, name="token-add"),
    path("household/tokens/<int:token_id>/revoke/", households.token_revoke, name="token-revoke"),
    path("household/import/", importing.import_page, name="import"),
    path("household/import/<int:job_id>/", importing.import_job, name="import-job"),
    path("household/export/", portability.export, name="household-export"),
    path("household/delete/", portability.delete, name="household-delete"),
    path("join/<str:code>/", accounts.join, name="join"),
    # Inbox and notification settings (personal to each member)
    path("inbox/", notifications.inbox, name="inbox"),
    path("inbox/read/", notifications.inbox_read_all, name="inbox-read-all"),
    path("inbox/<int:notification_id>/read/", notifications.inbox_read, name="inbox-read"),
    path("channels/", notifications.channels, name="channels"),
    path("channels/quiet-hours/", notifications.quiet_hours, name="quiet-hours"),
    path("channels/<int:channel_id>/test/", notifications.channel_test, name="channel-test"),
    path("channels/<int:channel_id>/delete/", notifications.channel_delete, name="channel-delete"),
    # Accounts
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", accounts.signup, name="signup"),
]
