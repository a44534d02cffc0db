from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("intake/", views.intake, name="intake"),
    path("department/", views.department, name="department"),
    path("mine/", views.mine, name="mine"),
    path("complaints/", views.search, name="search"),
    path("complaints/new/", views.record, name="record"),
    path("complaints/new/receipt/", views.receipt, name="receipt"),
    path("complaints/<str:code>/", views.case_detail, name="case"),
    path("complaints/<str:code>/contact/", views.reveal_contact, name="contact"),
    path("complaints/<str:code>/files/<str:token>/", views.attachment, name="attachment"),
    path("complaints/<str:code>/<slug:action>/", views.case_action, name="action"),
]
