"""Load the demo record: the facts of one real news article, and nothing more.

Source: "Kazakhstan concludes chairmanship of Dialogue of Women of Central Asia".
The article gives no dates beyond a "one-year chairmanship", so every date here is
recorded with year precision and the site shows only "2023". It names no city, venue,
host state or signatories, and quotes the joint statement only in summary, so those
stay empty. The article names no partner organisation of the conference; the two women it
quotes took part as speakers, each introduced by her chamber of parliament (the Mazhilis,
the Senate of the Oliy Majlis), so those chambers are the organisations recorded, as the
bodies the speakers represented, not as the event's partners. Running the command again
changes nothing: each record is looked up by its natural key (ISO code, slug, order) and
updated in place.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from chairmanships.models import Chairmanship, Handover, Initiative, MemberState, Priority, Topic
from chairmanships.services import hand_over
from dialogue.management.demo_photos import demo_photos
from dialogue.pages import demo as demo_pages
from dialogue.pages.models import SitePage
from dialogue.records.models import DatePrecision, PublicationStatus
from events.models import Event, EventPhoto, Organisation
from statements.models import JointStatement, Language, Participation, Quote, Speaker

SOURCE_TITLE = "Kazakhstan concludes chairmanship of Dialogue of Women of Central Asia"

# (name, official name, ISO 3166 code); the slug is the lowercase name.
STATES = [
    ("Kazakhstan", "Republic of Kazakhstan", "KZ"),
    ("Kyrgyzstan", "Kyrgyz Republic", "KG"),
    ("Tajikistan", "Republic of Tajikistan", "TJ"),
    ("Turkmenistan", "Turkmenistan", "TM"),
    ("Uzbekistan", "Republic of Uzbekistan", "UZ"),
]

# The Russian versions: the states' names as their own governments write them in Russian.
RUSSIAN = {
    "Kazakhstan": "Казахстан",
    "Republic of Kazakhstan": "Республика Казахстан",
    "Kyrgyzstan": "Кыргызстан",
    "Kyrgyz Republic": "Кыргызская Республика",
    "Tajikistan": "Таджикистан",
    "Republic of Tajikistan": "Республика Таджикистан",
    "Turkmenistan": "Туркменистан",
    "Uzbekistan": "Узбекистан",
    "Republic of Uzbekistan": "Республика Узбекистан",
    # Topics
    "Gender-based violence": "Гендерное насилие",
    "Legislation and legal protection of women": "Законодательство и правовая защита женщин",
    "Digital skills": "Цифровые навыки",
    "Innovation and technology": "Инновации и технологии",
    "Global peace and security": "Глобальный мир и безопасность",
    "Climate change": "Изменение климата",
    "Women and youth against terrorism and extremism": (
        "Женщины и молодёжь против терроризма и экстремизма"
    ),
    "Gender equality": "Гендерное равенство",
    "Preventive diplomacy": "Превентивная дипломатия",
    # Priorities
    "Development of innovation and technology": "Развитие инноваций и технологий",
    "The roles of women and youth in the fight against terrorism and extremism": (
        "Роль женщин и молодёжи в борьбе с терроризмом и экстремизмом"
    ),
    # The conference and its statement
    "Combating Gender-Based Violence in the Region: "
    "Exploring Efficient and Sustainable Collective Solutions": (
        "Противодействие гендерному насилию в регионе: "
        "поиск эффективных и устойчивых коллективных решений"
    ),
    "Joint statement supporting legislative and legal mechanisms "
    "for the protection and support of women": (
        "Совместное заявление в поддержку законодательных и правовых механизмов "
        "защиты и поддержки женщин"
    ),
    "Participants in the conference issued a joint statement supporting the establishment "
    "of legislative and legal mechanisms for the protection and support of women. "
    "The full text is not given in the source.": (
        "Участники конференции выступили с совместным заявлением в поддержку создания "
        "законодательных и правовых механизмов защиты и поддержки женщин. "
        "Полный текст в источнике не приводится."
    ),
    # Speakers
    "Member of the Mazhilis, the Lower House of the Kazakh Parliament": (
        "Депутат Мажилиса, нижней палаты Парламента Казахстана"
    ),
    "Mazhilis of the Parliament of Kazakhstan": "Мажилис Парламента Казахстана",
    "Chairperson of the Senate of the Oliy Majlis of the Republic of Uzbekistan": (
        "Председатель Сената Олий Мажлиса Республики Узбекистан"
    ),
    "Senate of the Oliy Majlis": "Сенат Олий Мажлиса",
}
# The chairmanship's outcomes, the initiative, the event's summary and the quotes stay in
# English only: the translation status and the English-text fallback have something to show.


def in_both(field, english):
    """The English text of `field` and its Russian version where there is one."""
    values = {f"{field}_en": english}
    if english in RUSSIAN:
        values[f"{field}_ru"] = RUSSIAN[english]
    return values


# slug -> name: only subjects the article names.
TOPICS = {
    "gender-based-violence": "Gender-based violence",
    "legislation-and-legal-protection-of-women": "Legislation and legal protection of women",
    "digital-skills": "Digital skills",
    "innovation-and-technology": "Innovation and technology",
    "global-peace-and-security": "Global peace and security",
    "climate-change": "Climate change",
    "women-and-youth-against-terrorism-and-extremism": (
        "Women and youth against terrorism and extremism"
    ),
    "gender-equality": "Gender equality",
    "preventive-diplomacy": "Preventive diplomacy",
}

# The article gives the year only ("one-year chairmanship"); shown as "2023".
CHAIR_STARTS_ON = date(2023, 1, 1)
HANDED_OVER_ON = date(2023, 12, 1)

# In the article's order, with the topics each one is tagged with.
PRIORITIES = [
    ("Development of innovation and technology", ["innovation-and-technology"]),
    ("Global peace and security", ["global-peace-and-security"]),
    ("Climate change", ["climate-change"]),
    (
        "The roles of women and youth in the fight against terrorism and extremism",
        ["women-and-youth-against-terrorism-and-extremism"],
    ),
]

OUTCOMES = (
    "During its one-year chairmanship, Kazakhstan addressed crucial issues such as the "
    "development of innovation and technology, global peace and security, climate change, "
    "and the roles of women and youth in the fight against terrorism and extremism. "
    "The outcomes were summed up at an international conference themed ‘Combating "
    "Gender-Based Violence in the Region: Exploring Efficient and Sustainable Collective "
    "Solutions’, where participants issued a joint statement supporting the establishment "
    "of legislative and legal mechanisms for the protection and support of women. "
    "The chairmanship was passed to Kyrgyzstan."
)

INITIATIVE_NAME = "Technovation Girls STEAM programme"
INITIATIVE_DESCRIPTION = (
    "A regional UN development programme designed to increase women's knowledge in "
    "digitalisation, implemented in Kazakhstan."
)

EVENT_TITLE = (
    "Combating Gender-Based Violence in the Region: "
    "Exploring Efficient and Sustainable Collective Solutions"
)
EVENT_SLUG = "combating-gender-based-violence-in-the-region"
EVENT_SUMMARY = (
    "The outcomes of Kazakhstan's chairmanship of the Dialogue of Women of Central Asia "
    "were summed up at this international conference. Participants issued a joint statement "
    "supporting the establishment of legislative and legal mechanisms for the protection and "
    "support of women, and it was announced that the chairmanship had been passed to "
    "Kyrgyzstan."
)
EVENT_TOPICS = ["gender-based-violence", "legislation-and-legal-protection-of-women"]

HANDOVER_NOTES = (
    "Announced at the conference “Combating Gender-Based Violence in the Region”, "
    "which summed up Kazakhstan's chairmanship."
)

STATEMENT_TITLE = (
    "Joint statement supporting legislative and legal mechanisms "
    "for the protection and support of women"
)
STATEMENT_SLUG = "joint-statement-supporting-legislative-and-legal-mechanisms"
STATEMENT_SUMMARY = (
    "Participants in the conference issued a joint statement supporting the establishment "
    "of legislative and legal mechanisms for the protection and support of women. "
    "The full text is not given in the source."
)
STATEMENT_TOPICS = ["legislation-and-legal-protection-of-women", "gender-based-violence"]

# (slug, name, position, organisation, ISO code of the state), in the article's order.
SPEAKERS = [
    (
        "zhuldyz-suleimenova",
        "Zhuldyz Suleimenova",
        "Member of the Mazhilis, the Lower House of the Kazakh Parliament",
        "Mazhilis of the Parliament of Kazakhstan",
        "KZ",
    ),
    (
        "tanzila-narbaeva",
        "Tanzila Narbaeva",
        "Chairperson of the Senate of the Oliy Majlis of the Republic of Uzbekistan",
        "Senate of the Oliy Majlis",
        "UZ",
    ),
]

# The chambers the speakers came from (the article's "said X, Member of the Mazhilis" and
# "Chairperson of the Senate of the Oliy Majlis"), keyed by speaker slug: (slug, name).
REPRESENTED = {
    "zhuldyz-suleimenova": ("mazhilis", "Mazhilis of the Parliament of Kazakhstan"),
    "tanzila-narbaeva": ("senate-of-the-oliy-majlis", "Senate of the Oliy Majlis"),
}

# Word for word from the article, inside its quotation marks; only the comma that
# leads into "said ..." is left out. Keyed by speaker slug, in the article's order.
QUOTES = {
    "zhuldyz-suleimenova": (
        "We focus on enhancing skills specifically in the field of digital technologies. "
        "For example, the Technovation Girls STEAM program is designed to increase women's "
        "knowledge in digitalization. We have implemented this regional UN development "
        "program, which can be considered a form of preventive diplomacy, in Kazakhstan, "
        "along with putting forward a series of proposals to enhance the literacy of women "
        "living in remote areas of the country"
    ),
    "tanzila-narbaeva": (
        "I would like to highlight Kazakhstan’s success in uniting the efforts of all Central "
        "Asian states and women leaders from our nations in exchanging legislative initiatives "
        "in the field of gender equality. This includes implementing parliamentary oversight "
        "of government decisions and laws pertaining to women’s interests. Most importantly, "
        "it succeeded in uniting the efforts of non-governmental organizations. Furthermore, "
        "I believe that during Kazakhstan’s chairmanship, a significant achievement has been "
        "bringing our dialogue to the international level"
    ),
}


class Command(BaseCommand):
    help = (
        "Load the demo record of the Dialogue of Women of Central Asia: Kazakhstan's 2023 "
        "chairmanship, its handover to Kyrgyzstan, the closing conference, its joint "
        "statement and two quotes. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options) -> None:
        self.counts = {"created": 0, "updated": 0}
        try:
            with transaction.atomic():
                handover_recorded = self.load()
        except (ValidationError, IntegrityError) as error:
            messages = getattr(error, "messages", [str(error)])
            raise CommandError(
                "The demo data was not loaded; nothing was changed. " + " ".join(messages)
            ) from error

        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded: {states} member states, {topics} topics, "
                "{chairs} chairmanships ({handovers} handover, {handover_note}), "
                "{events} event ({photos} photos), {statements} joint statement, {quotes} quotes "
                "({created} records created, {updated} already there).".format(
                    states=MemberState.objects.count(),
                    topics=Topic.objects.count(),
                    chairs=Chairmanship.objects.count(),
                    handovers=Handover.objects.count(),
                    handover_note="recorded now" if handover_recorded else "already recorded",
                    events=Event.objects.count(),
                    photos=EventPhoto.objects.count(),
                    statements=JointStatement.objects.count(),
                    quotes=Quote.objects.count(),
                    **self.counts,
                )
            )
        )

    def record(self, model, lookup, **values):
        """Create or update the record found by `lookup`; validate it before saving.

        A record already as given is left alone: no save, so no new history entry and no
        new version (an editor's open form of it stays valid).
        """
        obj = model.objects.filter(**lookup).first()
        self.counts["updated" if obj else "created"] += 1
        if obj is None:
            obj = model(**lookup)
        elif all(getattr(obj, field) == value for field, value in values.items()):
            return obj
        for field, value in values.items():
            setattr(obj, field, value)
        obj.full_clean()
        obj.save()
        return obj

    def load_photos(self, event):
        """The conference's gallery; a photo already there keeps its image (drawn once)."""
        for position, (draw, fields) in enumerate(demo_photos(EVENT_TITLE)):
            lookup = {"event": event, "position": position}
            if EventPhoto.objects.filter(**lookup).exists():
                self.record(EventPhoto, lookup, **fields)
                continue
            image = ContentFile(draw(), name=f"demo-photo-{position + 1}.jpg")
            self.record(EventPhoto, lookup, image=image, **fields)

    def load(self):
        """Write every record; return whether the handover was recorded on this run."""
        states = {
            iso: self.record(
                MemberState,
                {"iso_code": iso},
                **in_both("name", name),
                **in_both("official_name", official_name),
                slug=name.lower(),
            )
            for name, official_name, iso in STATES
        }
        topics = {
            slug: self.record(Topic, {"slug": slug}, **in_both("name", name))
            for slug, name in TOPICS.items()
        }

        # Kazakhstan's term: ends_on is left to the handover service, never set here.
        kazakhstan = self.record(
            Chairmanship,
            {"slug": "kazakhstan-2023"},
            state=states["KZ"],
            starts_on=CHAIR_STARTS_ON,
            date_precision=DatePrecision.YEAR,
            outcomes_en=OUTCOMES,
            source_title=SOURCE_TITLE,
        )
        for position, (title, topic_slugs) in enumerate(PRIORITIES, start=1):
            priority = self.record(
                Priority,
                {"chairmanship": kazakhstan, "position": position},
                **in_both("title", title),
            )
            priority.topics.set([topics[slug] for slug in topic_slugs])
        self.record(
            Initiative,
            {"chairmanship": kazakhstan, "name_en": INITIATIVE_NAME},
            position=1,
            description_en=INITIATIVE_DESCRIPTION,
        )

        handover = Handover.objects.filter(
            outgoing=kazakhstan, incoming__state=states["KG"]
        ).first()
        recorded_now = handover is None
        if recorded_now:
            handover = hand_over(
                to_state=states["KG"],
                on=HANDED_OVER_ON,
                notes=HANDOVER_NOTES,
                date_precision=DatePrecision.YEAR,
            )
            self.counts["created"] += 2  # the handover and Kyrgyzstan's chairmanship
            self.counts["updated"] -= 2  # counted again just below
        # The article reports the handover and Kyrgyzstan taking the chair.
        handover = self.record(Handover, {"pk": handover.pk}, source_title=SOURCE_TITLE)
        self.record(Chairmanship, {"pk": handover.incoming_id}, source_title=SOURCE_TITLE)

        event = self.record(
            Event,
            {"slug": EVENT_SLUG},
            **in_both("title", EVENT_TITLE),
            **in_both("theme", EVENT_TITLE),
            kind=Event.Kind.CONFERENCE,
            status=Event.Status.HELD,
            starts_on=HANDED_OVER_ON,
            ends_on=None,
            date_precision=DatePrecision.YEAR,
            chairmanship=kazakhstan,
            announced_handover=handover,
            summary_en=EVENT_SUMMARY,
            source_title=SOURCE_TITLE,
            source_url="",
            publication_status=PublicationStatus.PUBLISHED,
        )
        event.topics.set([topics[slug] for slug in EVENT_TOPICS])
        self.load_photos(event)

        statement = self.record(
            JointStatement,
            {"slug": STATEMENT_SLUG},
            **in_both("title", STATEMENT_TITLE),
            event=event,
            adopted_on=event.starts_on,
            text_en="",
            **in_both("summary", STATEMENT_SUMMARY),
            source_title=SOURCE_TITLE,
            source_url="",
            publication_status=PublicationStatus.PUBLISHED,
        )
        statement.topics.set([topics[slug] for slug in STATEMENT_TOPICS])
        statement.signatories.clear()  # the article names none

        for position, (slug, name, title, organisation, iso) in enumerate(SPEAKERS, start=1):
            speaker = self.record(
                Speaker,
                {"slug": slug},
                name=name,
                **in_both("position", title),
                **in_both("organisation", organisation),
                state=states[iso],
                source_title=SOURCE_TITLE,
            )
            chamber_slug, chamber_name = REPRESENTED[slug]
            chamber = self.record(Organisation, {"slug": chamber_slug}, name=chamber_name)
            self.record(
                Participation,
                {"event": event, "person": speaker},
                role=Participation.Role.SPEAKER,
                **in_both("position_at_time", title),
                organisation=chamber,
                state=None,
                order=position,
            )
            self.record(
                Quote,
                {"speaker": speaker, "event": event},
                text=QUOTES[slug],
                language=Language.ENGLISH,
                position_at_time=title,
                position=position,
                source_title=SOURCE_TITLE,
                source_url="",
                publication_status=PublicationStatus.PUBLISHED,
            )
        # The footer's pages (about, accessibility, privacy): dialogue/pages/demo.py.
        for slug in demo_pages.PAGES:
            self.record(SitePage, {"slug": slug}, **demo_pages.page_values(slug))
        return recorded_now
