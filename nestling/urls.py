from django.urls import include, path

from api.api import api
from web.views import report

#: The doctor's report page and its PDF ("reports:page", "reports:pdf").
REPORT_URLS = [
    path("", report.report_page, name="page"),
    path("pdf/", report.report_pdf, name="pdf"),
]

urlpatterns = [
    path("api/v1/", api.urls),
    path("report/", include((REPORT_URLS, "reports"))),
    path("", include("web.urls")),
]
