"""Pages of the base layer alone.

The timeline and the chairmanship, state and topic pages gather events and statements as
well, so their views live in `dialogue.site.views`; `dialogue.urls` adds them to this same
"chairmanships" namespace, so their names stay `chairmanships:...`.
"""

from django.urls import path

from . import views

app_name = "chairmanships"
urlpatterns = [
    path("states/", views.MemberStateListView.as_view(), name="state_list"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
]
