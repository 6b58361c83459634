from django.urls import path

from . import views

app_name = "chairmanships"
urlpatterns = [
    path("chairmanships/", views.TimelineView.as_view(), name="timeline"),
    path(
        "chairmanships/<slug:slug>/",
        views.ChairmanshipDetailView.as_view(),
        name="chairmanship_detail",
    ),
    path("states/", views.MemberStateListView.as_view(), name="state_list"),
    path("states/<slug:slug>/", views.MemberStateDetailView.as_view(), name="state_detail"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
]
