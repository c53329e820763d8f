from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import sso
from accounts.admin_access import admin_login
from accounts.views import LoginView, LogoutView
from config.security import csp_report
from home import views as home_views
from ideen import views as ideen_views

urlpatterns = [
    # The admin's own login and logout give way to allauth's (rate limits, second factor).
    path("cms/login/", admin_login, name="cms_login"),
    path("cms/logout/", LogoutView.as_view(), name="cms_logout"),
    path("cms/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    # allauth's login, answering refused attempts with 429 (accounts.views.LoginView).
    path("konto/login/", LoginView.as_view()),
    # allauth's single sign-on, with an error page when the provider is down (accounts.sso).
    path("konto/oidc/<str:provider_id>/login/", sso.login),
    path("konto/oidc/<str:provider_id>/login/callback/", sso.callback),
    path("konto/", include("allauth.urls")),
    path("konto/", include("accounts.urls")),
    path("kommentare/", include("diskussion.urls")),
    path("suche/", ideen_views.site_search, name="search"),
    path("orte/", include("orte.urls")),
    path("", include("barrierefreiheit.urls")),
    path("ideen/", include("ideen.urls")),
    path("", include("transparenz.urls")),
    path("", include("beteiligung.urls")),
    path("", include("benachrichtigungen.urls")),
    path("", include("vorhaben.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"seiten": WagtailSitemap}}, name="sitemap"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", home_views.favicon),
    # Browsers report Content-Security-Policy violations here (config.security).
    path("csp-report/", csp_report, name="csp_report"),
]

# allauth's rate limits answer with this view (status 429).
handler429 = "accounts.views.too_many_requests"

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
