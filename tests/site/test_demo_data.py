"""The demo data: `load_demo_data` records exactly the article's facts, and only once.

The article is copied below word for word (it is the seed of the demo data, kept
beside the design notes), so the quotes and names are checked against the source
itself rather than against a second copy of the loader's strings.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from chairmanships.models import Chairmanship, Handover, Initiative, MemberState, Priority, Topic
from dialogue.records.models import DatePrecision
from events.models import Event
from statements.models import JointStatement, Quote, Speaker

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Kazakhstan concludes chairmanship of Dialogue of Women of Central Asia\n"
    "\n"
    "Kazakhstan has concluded its chairmanship of the Dialogue of Women of Central Asia. "
    "The outcomes of the work were summed up at an international conference themed "
    "‘Combating Gender-Based Violence in the Region: Exploring Efficient and Sustainable "
    "Collective Solutions’. At the meeting, participants issued a joint statement "
    "supporting the establishment of legislative and legal mechanisms for the protection "
    "and support of women. It was also announced that the chairmanship in this dialogue "
    "has been passed to Kyrgyzstan. During its one-year chairmanship, Kazakhstan "
    "addressed crucial issues such as the development of innovation and technology, "
    "global peace and security, climate change, and the roles of women and youth in the "
    "fight against terrorism and extremism.\n"
    "\n"
    "“We focus on enhancing skills specifically in the field of digital technologies. For "
    "example, the Technovation Girls STEAM program is designed to increase women's "
    "knowledge in digitalization. We have implemented this regional UN development "
    "program, which can be considered a form of preventive diplomacy, in Kazakhstan, "
    "along with putting forward a series of proposals to enhance the literacy of women "
    "living in remote areas of the country,” said Zhuldyz Suleimenova, Member of the "
    "Mazhilis, the Lower House of the Kazakh Parliament.\xa0\n"
    "\n"
    "“I would like to highlight Kazakhstan’s success in uniting the efforts of all "
    "Central Asian states and women leaders from our nations in exchanging legislative "
    "initiatives in the field of gender equality. This includes implementing "
    "parliamentary oversight of government decisions and laws pertaining to women’s "
    "interests. Most importantly, it succeeded in uniting the efforts of non-governmental "
    "organizations. Furthermore, I believe that during Kazakhstan’s chairmanship, a "
    "significant achievement has been bringing our dialogue to the international level,” "
    "said Tanzila Narbaeva, Chairperson of the Senate of the Oliy Majlis of the Republic "
    "of Uzbekistan."
)

SOURCE_TITLE = "Kazakhstan concludes chairmanship of Dialogue of Women of Central Asia"
CONFERENCE = (
    "Combating Gender-Based Violence in the Region: "
    "Exploring Efficient and Sustainable Collective Solutions"
)
RECORDS = [
    MemberState,
    Topic,
    Chairmanship,
    Priority,
    Initiative,
    Handover,
    Event,
    JointStatement,
    Speaker,
    Quote,
]


def load_demo_data():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def snapshot():
    """Every field of every demo record, and every tag and link between them."""
    rows = {}
    for model in RECORDS:
        rows[model.__name__] = list(model.objects.order_by("pk").values())
        for field in model._meta.many_to_many:
            through = getattr(model, field.name).through
            rows[f"{model.__name__}.{field.name}"] = list(through.objects.order_by("pk").values())
    return rows


@pytest.fixture
def demo():
    return load_demo_data()


def test_the_five_member_states_are_listed_with_official_names_and_codes(demo):
    assert list(MemberState.objects.values_list("name", "official_name", "iso_code", "slug")) == [
        ("Kazakhstan", "Republic of Kazakhstan", "KZ", "kazakhstan"),
        ("Kyrgyzstan", "Kyrgyz Republic", "KG", "kyrgyzstan"),
        ("Tajikistan", "Republic of Tajikistan", "TJ", "tajikistan"),
        ("Turkmenistan", "Turkmenistan", "TM", "turkmenistan"),
        ("Uzbekistan", "Republic of Uzbekistan", "UZ", "uzbekistan"),
    ]


def test_kazakhstan_chair_has_ended_and_kyrgyzstan_holds_it_now(demo):
    kazakhstan = Chairmanship.objects.get(state__iso_code="KZ")
    kyrgyzstan = Chairmanship.objects.current().get()

    assert kyrgyzstan.state.iso_code == "KG"
    assert kazakhstan.ends_on == kyrgyzstan.starts_on
    assert not kazakhstan.is_current
    assert Chairmanship.objects.count() == 2


def test_no_invented_days_are_shown_only_the_year_the_article_supports(demo):
    kazakhstan = Chairmanship.objects.get(state__iso_code="KZ")
    kyrgyzstan = Chairmanship.objects.get(state__iso_code="KG")
    event = Event.objects.get()

    assert kazakhstan.date_precision == kyrgyzstan.date_precision == DatePrecision.YEAR
    assert event.date_precision == DatePrecision.YEAR
    assert kazakhstan.starts_on.year == kazakhstan.ends_on.year == 2023
    assert event.dates == "2023"
    assert JointStatement.objects.get().adopted == "2023"
    assert str(kyrgyzstan.period) == "since 2023"
    assert "1 December" not in str(Handover.objects.get())


def test_the_handover_to_kyrgyzstan_is_announced_at_the_closing_conference(demo):
    handover = Handover.objects.get()
    event = Event.objects.get()

    assert (handover.outgoing.state.name, handover.incoming.state.name) == (
        "Kazakhstan",
        "Kyrgyzstan",
    )
    assert event.announced_handover == handover
    assert event.chairmanship == handover.outgoing
    assert event.starts_on == handover.handed_over_on


def test_the_conference_is_recorded_as_held_with_the_article_theme(demo):
    event = Event.objects.get()

    assert f"themed ‘{event.theme}’" in ARTICLE
    assert event.title == event.theme == CONFERENCE
    assert event.slug == "combating-gender-based-violence-in-the-region"
    assert (event.kind, event.status) == (Event.Kind.CONFERENCE, Event.Status.HELD)
    assert (event.city, event.venue, event.host_state) == ("", "", None)
    assert event.summary.startswith("The outcomes of Kazakhstan's chairmanship")
    assert (event.source_url, event.source_title) == ("", SOURCE_TITLE)
    assert ARTICLE.startswith(SOURCE_TITLE + "\n")
    assert set(event.topics.values_list("slug", flat=True)) >= {"gender-based-violence"}


def test_kazakhstan_four_priorities_keep_the_article_order(demo):
    kazakhstan = Chairmanship.objects.get(state__iso_code="KZ")
    priorities = list(kazakhstan.priorities.all())

    assert [p.title for p in priorities] == [
        "Development of innovation and technology",
        "Global peace and security",
        "Climate change",
        "The roles of women and youth in the fight against terrorism and extremism",
    ]
    for priority in priorities:
        assert priority.title.lower() in ARTICLE.lower()
        assert priority.topics.exists()
    assert kazakhstan.outcomes.startswith("During its one-year chairmanship, Kazakhstan")


def test_the_technovation_girls_programme_is_kazakhstan_initiative(demo):
    initiative = Initiative.objects.get()

    assert initiative.chairmanship.state.iso_code == "KZ"
    assert initiative.name == "Technovation Girls STEAM programme"
    assert "Technovation Girls STEAM program" in ARTICLE
    assert "regional UN development programme" in initiative.description
    assert initiative.url == ""


def test_the_joint_statement_was_adopted_at_the_conference_and_only_summarised(demo):
    statement = JointStatement.objects.get()
    event = Event.objects.get()

    assert statement.title == (
        "Joint statement supporting legislative and legal mechanisms "
        "for the protection and support of women"
    )
    assert statement.event == event
    assert statement.adopted_on == event.starts_on
    assert statement.text == ""
    assert "legislative and legal mechanisms for the protection and support of women" in (
        statement.summary
    )
    assert not statement.signatories.exists()
    assert (statement.source_url, statement.source_title) == ("", SOURCE_TITLE)
    assert statement.topics.filter(slug="legislation-and-legal-protection-of-women").exists()


def test_two_quotes_are_word_for_word_from_the_article_in_its_order(demo):
    event = Event.objects.get()
    quotes = list(event.quotes.order_by("position").select_related("speaker__state"))

    assert [(q.speaker.name, q.speaker.state.iso_code) for q in quotes] == [
        ("Zhuldyz Suleimenova", "KZ"),
        ("Tanzila Narbaeva", "UZ"),
    ]
    for quote in quotes:
        said = f"“{quote.text},” said {quote.speaker.name}, {quote.position_at_time}."
        assert said in ARTICLE
        assert quote.position_at_time == quote.speaker.position
        assert quote.language == "en"
        assert (quote.source_url, quote.source_title) == ("", SOURCE_TITLE)
    assert quotes[0].text.startswith("We focus on enhancing skills")
    assert "women's knowledge in digitalization" in quotes[0].text
    assert "Kazakhstan’s success" in quotes[1].text
    assert ARTICLE.index(quotes[0].text) < ARTICLE.index(quotes[1].text)
    assert [q.speaker.organisation for q in quotes] == [
        "Mazhilis of the Parliament of Kazakhstan",
        "Senate of the Oliy Majlis",
    ]


def test_loading_twice_leaves_the_same_records_and_says_so(demo):
    before = snapshot()

    output = load_demo_data()

    assert snapshot() == before
    assert "already recorded" in output
    assert "recorded now" in demo


def test_demo_admin_gets_a_fresh_strong_password_each_time():
    first = StringIO()
    call_command("create_demo_admin", stdout=first)
    admin = get_user_model().objects.get(username="admin")
    password = first.getvalue().split("Password:")[1].split()[0]

    assert admin.is_superuser and admin.is_staff and admin.is_active
    assert len(password) >= 20
    assert admin.check_password(password)
    assert "http://127.0.0.1:8000/admin/" in first.getvalue()

    second = StringIO()
    call_command("create_demo_admin", stdout=second)
    admin.refresh_from_db()
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert not admin.check_password(password)
