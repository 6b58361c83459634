"""Fill the database with a large, made-up archive, to measure the site at archive scale.

    manage.py generate_archive                      # 20,000 events, 200,000 quotes, ...
    manage.py generate_archive --events 60 --statements 15 --quotes 300 --speakers 40

Every record keeps the rules the admin enforces (each model's constraints and `clean()`):
chairmanships follow one another without overlapping, joined by handovers, and only the
last is current; each event starts inside its chairmanship; each statement is adopted
during its event; slugs are unique. The same `--seed` gives the same archive, so
benchmark runs can be compared. Rows are written with `bulk_create` in batches, inside one
transaction, so nothing is left half-made if the command stops.

Member states, topics and partner organisations already in the database are reused (looked
up by ISO code, slug and name); the other records are added beside what is there, so run it
on an empty database (or pass --clear). Records get the "published" status when their model
has one, so the public pages show them. `bulk_create` sends no signals, so history tables
(django-simple-history) get no rows for generated records; that is fine for made-up data.
"""

import bisect
import random
import time
from datetime import date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from chairmanships.models import (
    Chairmanship,
    Handover,
    Initiative,
    MemberState,
    Priority,
    Topic,
)
from events.models import Event, Organisation
from statements.models import JointStatement, Quote, Speaker
from statements.visibility import refresh_speaker_visibility

STATES = [  # (name, official name, ISO code, cities)
    ("Kazakhstan", "Republic of Kazakhstan", "KZ", ["Astana", "Almaty", "Shymkent", "Turkistan"]),
    ("Kyrgyzstan", "Kyrgyz Republic", "KG", ["Bishkek", "Osh", "Cholpon-Ata", "Karakol"]),
    ("Tajikistan", "Republic of Tajikistan", "TJ", ["Dushanbe", "Khujand", "Kulob", "Bokhtar"]),
    ("Turkmenistan", "Turkmenistan", "TM", ["Ashgabat", "Turkmenbashi", "Mary", "Dashoguz"]),
    ("Uzbekistan", "Republic of Uzbekistan", "UZ", ["Tashkent", "Samarkand", "Bukhara", "Khiva"]),
]
OTHER_CITIES = ["New York", "Geneva", "Vienna", "Brussels", "Seoul", "Istanbul", "Baku"]

TOPICS = [
    "Gender-based violence",
    "Digital skills",
    "Innovation and technology",
    "Global peace and security",
    "Climate change",
    "Women and youth against terrorism and extremism",
    "Gender equality",
    "Preventive diplomacy",
    "Women's economic empowerment",
    "Water security",
    "Education of girls",
    "Maternal health",
    "Women in parliament",
    "Rural women",
    "Entrepreneurship",
    "Labour migration",
    "Disaster risk reduction",
    "Green economy",
    "Social protection",
    "Cultural heritage",
    "Youth leadership",
    "Media literacy",
    "Access to justice",
    "Regional trade",
    "Food security",
    "Public health",
    "Science and research",
    "Tourism",
    "Sport",
    "Disability inclusion",
]

ORGANISATIONS = [
    ("United Nations Entity for Gender Equality and the Empowerment of Women", "UN Women"),
    ("United Nations Development Programme", "UNDP"),
    ("United Nations Population Fund", "UNFPA"),
    ("United Nations Children's Fund", "UNICEF"),
    ("United Nations Regional Centre for Preventive Diplomacy for Central Asia", "UNRCCA"),
    ("Organization for Security and Co-operation in Europe", "OSCE"),
    ("Asian Development Bank", "ADB"),
    ("European Union", "EU"),
    ("United States Agency for International Development", "USAID"),
    ("World Bank", "WB"),
    ("International Organization for Migration", "IOM"),
    ("United Nations Educational, Scientific and Cultural Organization", "UNESCO"),
    ("Food and Agriculture Organization of the United Nations", "FAO"),
    ("World Health Organization", "WHO"),
    ("International Labour Organization", "ILO"),
    ("Inter-Parliamentary Union", "IPU"),
    ("Technovation", ""),
    ("Central Asian Women Leaders' Caucus", ""),
    ("Women's Business Council of Central Asia", ""),
    ("Regional Environmental Centre for Central Asia", "CAREC"),
    ("Aga Khan Foundation", "AKF"),
    ("Japan International Cooperation Agency", "JICA"),
    ("Korea International Cooperation Agency", "KOICA"),
    ("Deutsche Gesellschaft für Internationale Zusammenarbeit", "GIZ"),
    ("United Nations Economic Commission for Europe", "UNECE"),
    ("United Nations Office on Drugs and Crime", "UNODC"),
    ("Eurasian Women's Forum", ""),
    ("Shanghai Cooperation Organisation", "SCO"),
    ("Commonwealth of Independent States", "CIS"),
    ("Islamic Development Bank", "IsDB"),
]

FIRST_NAMES = (  # noqa: SIM905 (a list of names reads better as words)
    "Aida Aigerim Ainura Aizhan Akmaral Alina Altynai Amina Asel Aziza Bakhyt Barno Dana "
    "Dariga Dilnoza Dilfuza Elmira Farida Feruza Gulbahor Gulmira Gulnara Gulshan Indira "
    "Jamila Kamila Karina Lola Madina Malika Mavluda Mehriniso Munira Nargiza Nasiba Nigora "
    "Nilufar Nodira Roza Saida Saltanat Sevara Shahnoza Shirin Sitora Tahmina Takhmina "
    "Tanzila Umida Venera Yulduz Zamira Zarina Zebo Zhanar Zhuldyz Zulfiya Maya Ogulgerek "
    "Bahar Ayna Jennet Leyla Mahri Selbi Anna Maria Elena Sofia Ingrid Claire Fatima"
).split()
SURNAMES = (  # noqa: SIM905
    "Abdullaeva Akhmetova Alieva Amanova Asanova Askarova Atajanova Azimova Bakirova "
    "Berdimuhamedova Dzhumabaeva Ergasheva Ibragimova Iskakova Ismailova Jurabekova "
    "Kadyrova Karimova Kasymova Khodjaeva Kurbanova Mamedova Mirzaeva Muratova Nazarbaeva "
    "Nazarova Nurmatova Nurlanova Omarova Orazova Otunbayeva Rakhimova Rasulova Sadykova "
    "Saidova Sarsenova Satybaldieva Sharipova Suleimenova Tashkentova Tokayeva Toktosunova "
    "Turgunova Umarova Usmanova Yusupova Zhakupova Zhunusova Ovezova Annayeva Gurbanova "
    "Hojamuradova Myradova Rahimova Saparova Shamuradova Babayeva Durdyeva Allaberdiyeva "
    "Petrova Ivanova Smirnova Kuznetsova Novak Schmidt Dubois Rossi Kim Tanaka Ali Khan"
).split()
POSITIONS = [
    "Member of the Mazhilis, the Lower House of the Parliament of {state}",
    "Member of the Senate of {state}",
    "Deputy Prime Minister of {state}",
    "Minister of Labour and Social Protection of {state}",
    "Deputy Minister of Foreign Affairs of {state}",
    "Chair of the Women's Committee of {state}",
    "Ambassador of {state} to the United Nations",
    "Commissioner for Human Rights of {state}",
    "Head of the National Commission for Women and Family Affairs of {state}",
    "Deputy Chair of the Parliament of {state}",
    "Rector of the State University of {city}",
    "Founder of a women's business association in {city}",
    "Mayor of {city}",
    "Director of the Centre for Gender Studies in {city}",
]
INTERNATIONAL_POSITIONS = [
    "Regional Director of {org} for Europe and Central Asia",
    "Representative of {org} in Central Asia",
    "Senior Adviser on Gender Equality, {org}",
    "Programme Manager, {org}",
]
KINDS = ["conference"] * 4 + ["meeting"] * 3 + ["forum"] * 2 + ["summit", "workshop", "other"]
EVENT_TITLES = [
    "{nth} Meeting of the Dialogue of Women of Central Asia",
    "Regional Conference on {topic}",
    "Central Asian Women's Forum on {topic}",
    "High-level Meeting on {topic} in {city}",
    "Workshop: {topic} and the Role of Women",
    "Summit of Women Leaders of Central Asia on {topic}",
    "{city} Dialogue on {topic}",
    "Expert Round Table on {topic}",
]
THEMES = [
    "Women of Central Asia for {topic_lower}",
    "Together for {topic_lower} in the region",
    "The role of women in {topic_lower}",
    "{topic}: from commitments to action",
    "Partnership of women for {topic_lower} and sustainable development",
]
STATEMENT_TITLES = [
    "Joint Statement of the Dialogue of Women of Central Asia on {topic}",
    "{city} Declaration on {topic}",
    "Joint Communiqué on {topic}",
    "Final Statement of the {event_kind} in {city}",
    "Appeal of the Women of Central Asia on {topic}",
]
SENTENCES = [
    "Women play a key role in {topic_lower} across Central Asia.",
    "We must strengthen regional cooperation on {topic_lower}.",
    "The dialogue gives our countries a platform to share experience in {topic_lower}.",
    "Investing in girls' education is investing in the future of the whole region.",
    "No country can address {topic_lower} alone; we need joint action.",
    "Our parliaments have adopted new laws that protect women from violence.",
    "Digital skills open new opportunities for young women in rural areas.",
    "Climate change hits rural women hardest, and they must shape the response.",
    "We support the Technovation Girls programme that teaches girls to build apps.",
    "Economic empowerment of women is the foundation of prosperous families.",
    "The chairmanship of {state} focused on {topic_lower} and practical results.",
    "Preventive diplomacy depends on trust, and women build that trust every day.",
    "We call on partners to support projects on {topic_lower} in {city}.",
    "Water is shared by all our peoples, and so is the responsibility for it.",
    "Women entrepreneurs need access to credit, markets and training.",
    "Every woman must be able to seek justice and be protected by the law.",
    "We welcome the contribution of {org} to {topic_lower}.",
    "Young women against extremism are the strongest voice for peace.",
    "Statistics broken down by sex help us see what policies really change.",
    "Maternal health services must reach every village in the region.",
    "We thank {state} for its hospitality and its leadership of the dialogue.",
    "The next chairmanship will continue the work on {topic_lower}.",
    "Labour migrants and their families need protection at home and abroad.",
    "Green jobs in the new economy must be open to women as well as men.",
    "Our cultural heritage is a bridge between the peoples of Central Asia.",
]
RUSSIAN_SENTENCES = [
    "Женщины играют ключевую роль в развитии Центральной Азии.",
    "Мы должны укреплять региональное сотрудничество.",
    "Диалог женщин Центральной Азии объединяет наши страны.",
    "Образование девочек — это инвестиция в будущее региона.",
    "Насилие в отношении женщин недопустимо, и закон должен защищать каждую.",
    "Цифровые навыки открывают новые возможности для молодых женщин.",
    "Изменение климата сильнее всего затрагивает сельских женщин.",
    "Мы благодарим председательство за его работу и гостеприимство.",
    "Экономическая самостоятельность женщин укрепляет семьи и общество.",
    "Превентивная дипломатия строится на доверии.",
]
ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]


class Progress:
    """One line per stage: a counter that rewrites itself on a terminal, tenths otherwise."""

    def __init__(self, out, label, total):
        self.out, self.label, self.total = out, label, max(total, 1)
        self.started = time.monotonic()
        self.tty = out.isatty()
        self.shown_tenth = -1

    def update(self, done):
        tenth = done * 10 // self.total
        if self.tty:
            self.out.write(f"\r  {self.label}: {done:,}/{self.total:,}", ending="")
            self.out.flush()
        elif tenth != self.shown_tenth and done < self.total:
            self.shown_tenth = tenth
            self.out.write(f"  {self.label}: {done:,}/{self.total:,}")

    def finish(self):
        seconds = time.monotonic() - self.started
        prefix = "\r" if self.tty else ""
        self.out.write(f"{prefix}  {self.label}: {self.total:,} in {seconds:.1f} s")


def choice_field(model, value):
    """The name of the model's choice field that offers `value`, or None."""
    for field in model._meta.concrete_fields:
        if field.choices and value in {str(key) for key, _label in field.flatchoices}:
            return field.name
    return None


def published_fields(model, when):
    """Field values that make a record public, for whichever of them the model has.

    A model with an editorial status (a choice field offering "published") gets it, and a
    `publish_at` or `published_at` time gets `when` (in the past), so the generated archive is
    public before and after the models learn about publication.
    """
    values = {}
    status = choice_field(model, "published")
    if status:
        values[status] = "published"
    names = {field.name for field in model._meta.concrete_fields}
    for name in ("publish_at", "published_at"):
        if name in names:
            values[name] = when
    return values


def unique_slug(text, used, max_length=200):
    base = slugify(text)[: max_length - 8].strip("-") or "record"
    slug, n = base, 1
    while slug in used:
        n += 1
        slug = f"{base}-{n}"
    used.add(slug)
    return slug


class Command(BaseCommand):
    help = (
        "Fill the database with a large made-up archive (bulk, with a fixed seed) to "
        "measure the site at scale. Run it on an empty database, or pass --clear."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--events", type=int, default=20_000)
        parser.add_argument("--statements", type=int, default=5_000)
        parser.add_argument("--quotes", type=int, default=200_000)
        parser.add_argument("--speakers", type=int, default=10_000)
        parser.add_argument("--years", type=int, default=40, help="Years of chairmanships.")
        parser.add_argument("--seed", type=int, default=2023, help="Same seed, same archive.")
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            default=None,
            help="Last day of the archive, YYYY-MM-DD (default: today). The last "
            "chairmanship is current; a few events are planned after this day.",
        )
        parser.add_argument("--batch-size", type=int, default=2_000)
        parser.add_argument(
            "--clear",
            action="store_true",
            help="First delete every chairmanship, event, statement, quote and speaker.",
        )
        parser.add_argument(
            "--skip-if-present",
            action="store_true",
            help="Do nothing if the database already holds at least --events events.",
        )

    def handle(self, *args, **options) -> None:
        for name in ("events", "statements", "quotes", "speakers", "years"):
            if options[name] < (1 if name in ("events", "years", "speakers") else 0):
                raise CommandError(f"--{name} is too small.")
        if options["statements"] > options["events"]:
            raise CommandError("--statements cannot exceed --events (one statement an event).")
        if options["skip_if_present"] and Event.objects.count() >= options["events"]:
            self.stdout.write(f"The database already holds {Event.objects.count():,} events.")
            return
        if not options["clear"] and Chairmanship.objects.exists():
            raise CommandError(
                "The database already has chairmanships; pass --clear to replace the record "
                "(member states, topics and organisations are kept)."
            )
        self.rng = random.Random(options["seed"])
        self.batch_size = options["batch_size"]
        self.until = options["until"] or timezone.localdate()
        started = time.monotonic()
        with transaction.atomic():
            if options["clear"]:
                self.clear()
            self.generate(options)
            # bulk_create sends no signals: the speakers' derived visibility column.
            refresh_speaker_visibility()
            self.index_for_search()
        if connection.vendor == "postgresql":
            # VACUUM too (outside a transaction only): it empties the GIN indexes' pending
            # lists, which the search would otherwise scan row by row, and lets counts use
            # index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.content_changed()
        self.stdout.write(
            self.style.SUCCESS(f"Archive generated in {time.monotonic() - started:.1f} s.")
        )

    # Stages ----------------------------------------------------------------------------

    def clear(self):
        self.stdout.write("Deleting the existing record…")
        for model in (Quote, JointStatement, Event, Speaker, Handover, Chairmanship):
            model.objects.all().delete()

    def generate(self, options):
        self.states = self.member_states()
        self.topics = self.get_topics()
        self.organisations = self.get_organisations()
        self.chairs = self.chairmanships(options["years"])
        self.events = self.make_events(options["events"])
        self.analyze()
        self.make_statements(options["statements"])
        speakers = self.make_speakers(options["speakers"])
        self.analyze()
        self.make_quotes(options["quotes"], speakers)
        self.analyze()

    def member_states(self):
        states = []
        for name, official_name, iso_code, cities in STATES:
            state, _created = MemberState.objects.get_or_create(
                iso_code=iso_code,
                defaults={"name": name, "official_name": official_name, "slug": slugify(name)},
            )
            state.cities = cities
            states.append(state)
        return states

    def get_topics(self):
        existing = {topic.slug: topic for topic in Topic.objects.all()}
        new = [
            Topic(name=name, slug=slugify(name), description=f"Records about {name.lower()}.")
            for name in TOPICS
            if slugify(name) not in existing and not Topic.objects.filter(name=name).exists()
        ]
        Topic.objects.bulk_create(new)
        return list(Topic.objects.filter(slug__in=[slugify(name) for name in TOPICS]))

    def get_organisations(self):
        known = set(Organisation.objects.values_list("name", flat=True))
        for name, acronym in ORGANISATIONS:
            if name not in known:  # save(), not bulk_create(): it gives each its slug
                url = "https://example.org/" + slugify(name)
                Organisation(name=name, acronym=acronym, url=url).save()
        return list(Organisation.objects.filter(name__in=[name for name, _ in ORGANISATIONS]))

    def chairmanships(self, years):
        """One term a year, the chair passing to another state; the last term is current."""
        rng = self.rng
        first_year = self.until.year - years + 1
        starts = []
        for i in range(years):
            day = date(first_year + i, 1, 1) + timedelta(days=rng.randrange(0, 90))
            starts.append(min(day, self.until - timedelta(days=years - 1 - i)))
        order, previous = [], None
        while len(order) < years:
            cycle = self.rng.sample(self.states, len(self.states))
            if cycle[0] == previous:
                cycle.reverse()
            order += cycle
            previous = cycle[-1]
        used = set(Chairmanship.objects.values_list("slug", flat=True))
        chairs = []
        for i, starts_on in enumerate(starts):
            state = order[i]
            ends_on = starts[i + 1] if i + 1 < years else None
            chairs.append(
                Chairmanship(
                    state=state,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    slug=unique_slug(f"{state.slug}-{starts_on.year}", used, 120),
                    outcomes=self.paragraph(4, state=state),
                )
            )
        progress = Progress(self.stdout, "chairmanships, priorities, handovers", years)
        Chairmanship.objects.bulk_create(chairs)
        priorities, initiatives = [], []
        for chair in chairs:
            for position, topic in enumerate(rng.sample(self.topics, rng.randint(3, 5))):
                priority = Priority(
                    chairmanship=chair,
                    position=position,
                    title=topic.name,
                    description=self.paragraph(2, state=chair.state),
                )
                priority.topic_ids = [topic.pk]
                priorities.append(priority)
            for position in range(rng.randint(1, 2)):
                initiatives.append(
                    Initiative(
                        chairmanship=chair,
                        position=position,
                        name=f"{rng.choice(TOPICS)} programme of {chair.state.name}",
                        description=self.paragraph(2, state=chair.state),
                    )
                )
        Priority.objects.bulk_create(priorities)
        Priority.topics.through.objects.bulk_create(
            Priority.topics.through(priority_id=priority.pk, topic_id=topic_id)
            for priority in priorities
            for topic_id in priority.topic_ids
        )
        Initiative.objects.bulk_create(initiatives)
        self.handovers = Handover.objects.bulk_create(
            Handover(outgoing=outgoing, incoming=incoming, notes="Handed over at the meeting.")
            for outgoing, incoming in zip(chairs, chairs[1:], strict=False)
        )
        progress.finish()
        return chairs

    def make_events(self, count):
        """Events spread over the years, each under the chairmanship in force that day.

        The outgoing chair's closing event on each handover day announces the handover.
        Returns (pk, starts_on, last_day, quotable) for each, oldest first.
        """
        rng, chairs = self.rng, self.chairs
        chair_starts = [chair.starts_on for chair in chairs]
        first_day = chairs[0].starts_on
        span = (self.until - first_day).days
        lifecycle = choice_field(Event, "held")  # the event's own status: held, cancelled...
        used = set(Event.objects.values_list("slug", flat=True))
        published_at = timezone.make_aware(datetime.combine(first_day, datetime.min.time()))
        public = published_fields(Event, published_at)

        plans = []  # (starts_on, chairmanship, handover)
        for outgoing, handover in zip(chairs, self.handovers, strict=False):
            if len(plans) < count:
                plans.append((outgoing.ends_on, outgoing, handover))
        while len(plans) < count:
            if rng.random() < 0.01:  # planned, after the archive's last day
                day = self.until + timedelta(days=rng.randint(1, 180))
            else:
                day = first_day + timedelta(days=rng.randint(0, span))
            chair = chairs[bisect.bisect_right(chair_starts, day) - 1]
            plans.append((day, chair, None))
        plans.sort(key=lambda plan: plan[0])

        progress = Progress(self.stdout, "events", count)
        done, results, meeting_number = 0, [], 0
        for start in range(0, count, self.batch_size):
            batch = []
            for day, chair, handover in plans[start : start + self.batch_size]:
                state = rng.choice(self.states) if rng.random() < 0.9 else None
                city = rng.choice(state.cities) if state else rng.choice(OTHER_CITIES)
                topic = rng.choice(self.topics)
                kind = "meeting" if handover else rng.choice(KINDS)
                if handover or rng.random() < 0.05:
                    meeting_number += 1
                    template = EVENT_TITLES[0]
                else:
                    template = rng.choice(EVENT_TITLES[1:])
                title = template.format(
                    nth=self.ordinal(meeting_number), topic=topic.name, city=city
                )
                length = rng.choice([0, 0, 0, 1, 1, 2, 3])
                ends_on = day + timedelta(days=length) if length else None
                event = Event(
                    title=title,
                    slug=unique_slug(f"{title} {day.year}", used),
                    kind=kind,
                    theme=rng.choice(THEMES).format(
                        topic=topic.name, topic_lower=topic.name.lower()
                    ),
                    starts_on=day,
                    ends_on=ends_on,
                    city=city,
                    venue=rng.choice(["", "", "Palace of Independence", "Congress Hall"]),
                    host_state=state,
                    chairmanship=chair,
                    announced_handover=handover,
                    summary=self.paragraph(rng.randint(2, 5), state=chair.state, topic=topic),
                    source_url=f"https://example.org/news/{day.isoformat()}-{start}",
                    source_title=f"Press release: {title}",
                    **public,
                )
                if lifecycle:
                    if day > self.until:
                        status = rng.choice(["confirmed", "tentative"])
                    else:
                        status = "cancelled" if rng.random() < 0.02 else "held"
                    setattr(event, lifecycle, status)
                event.topic_ids = {topic.pk, *(t.pk for t in rng.sample(self.topics, 2))}
                event.topic_ids = list(event.topic_ids)[: rng.randint(1, 3)]
                batch.append(event)
            Event.objects.bulk_create(batch)
            through = Event.topics.through
            through.objects.bulk_create(
                through(event_id=event.pk, topic_id=topic_id)
                for event in batch
                for topic_id in event.topic_ids
            )
            through = Event.participating_states.through
            through.objects.bulk_create(
                through(event_id=event.pk, memberstate_id=state.pk)
                for event in batch
                for state in rng.sample(self.states, rng.randint(2, 5))
            )
            through = Event.partner_organisations.through
            through.objects.bulk_create(
                through(event_id=event.pk, organisation_id=organisation.pk)
                for event in batch
                for organisation in rng.sample(self.organisations, rng.randint(0, 2))
            )
            for event in batch:
                quotable = event.starts_on <= self.until and (
                    not lifecycle or getattr(event, lifecycle) != "cancelled"
                )
                results.append((event.pk, event.starts_on, event.last_day, quotable, event.city))
            done += len(batch)
            progress.update(done)
        progress.finish()
        return results

    def make_statements(self, count):
        rng = self.rng
        candidates = [event for event in self.events if event[3]]
        if count > len(candidates):
            raise CommandError(f"Only {len(candidates)} events can have a statement.")
        chosen = sorted(rng.sample(candidates, count), key=lambda event: event[1])
        used = set(JointStatement.objects.values_list("slug", flat=True))
        progress = Progress(self.stdout, "joint statements", count)
        for start in range(0, count, self.batch_size):
            batch = []
            for pk, starts_on, last_day, _quotable, city in chosen[start : start + self.batch_size]:
                topic = rng.choice(self.topics)
                title = rng.choice(STATEMENT_TITLES).format(
                    topic=topic.name, city=city, event_kind=rng.choice(["Conference", "Forum"])
                )
                adopted_on = starts_on + timedelta(days=rng.randint(0, (last_day - starts_on).days))
                when = timezone.make_aware(datetime.combine(adopted_on, datetime.min.time()))
                statement = JointStatement(
                    title=title,
                    slug=unique_slug(f"{title} {adopted_on.year}", used),
                    event_id=pk,
                    adopted_on=adopted_on,
                    text="\n\n".join(
                        self.paragraph(rng.randint(3, 6), topic=topic)
                        for _ in range(rng.randint(4, 9))
                    ),
                    summary=self.paragraph(2, topic=topic),
                    source_url=f"https://example.org/statements/{adopted_on.isoformat()}",
                    source_title=f"Text of the statement: {title}",
                    **published_fields(JointStatement, when),
                )
                statement.topic_ids = [t.pk for t in rng.sample(self.topics, rng.randint(1, 3))]
                batch.append(statement)
            JointStatement.objects.bulk_create(batch)
            through = JointStatement.signatories.through
            through.objects.bulk_create(
                through(jointstatement_id=statement.pk, memberstate_id=state.pk)
                for statement in batch
                for state in rng.sample(self.states, rng.randint(3, 5))
            )
            through = JointStatement.topics.through
            through.objects.bulk_create(
                through(jointstatement_id=statement.pk, topic_id=topic_id)
                for statement in batch
                for topic_id in statement.topic_ids
            )
            progress.update(start + len(batch))
        progress.finish()

    def make_speakers(self, count):
        rng = self.rng
        used = set(Speaker.objects.values_list("slug", flat=True))
        speakers = []
        progress = Progress(self.stdout, "speakers", count)
        for start in range(0, count, self.batch_size):
            batch = []
            for _ in range(min(self.batch_size, count - start)):
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
                if rng.random() < 0.8:
                    state = rng.choice(self.states)
                    position = rng.choice(POSITIONS).format(
                        state=state.name, city=rng.choice(state.cities)
                    )
                    organisation = ""
                else:
                    state = None
                    organisation = rng.choice(self.organisations)
                    position = rng.choice(INTERNATIONAL_POSITIONS).format(
                        org=organisation.acronym or organisation.name
                    )
                    organisation = organisation.name
                batch.append(
                    Speaker(
                        name=name,
                        slug=unique_slug(name, used),
                        position=position,
                        organisation=organisation,
                        state=state,
                    )
                )
            Speaker.objects.bulk_create(batch)
            speakers += [(speaker.pk, speaker.position, speaker.state) for speaker in batch]
            progress.update(len(speakers))
        progress.finish()
        return speakers

    def make_quotes(self, count, speakers):
        """Quotes at past events; a tenth of the speakers (the regulars) say half of them."""
        rng = self.rng
        events = [event for event in self.events if event[3]]
        if count and not events:
            raise CommandError("No past event to quote from.")
        regulars = speakers[: max(1, len(speakers) // 10)]
        next_position = {}
        progress = Progress(self.stdout, "quotes", count)
        for start in range(0, count, self.batch_size):
            batch = []
            for _ in range(min(self.batch_size, count - start)):
                pk, starts_on, _last_day, _quotable, city = rng.choice(events)
                speaker_pk, position, state = rng.choice(
                    regulars if rng.random() < 0.5 else speakers
                )
                if rng.random() < 0.2:  # a position since left
                    position = rng.choice(POSITIONS).format(
                        state=(state or rng.choice(self.states)).name, city=city
                    )
                russian = rng.random() < 0.25
                if russian:
                    text = " ".join(rng.sample(RUSSIAN_SENTENCES, rng.randint(1, 3)))
                else:
                    text = self.paragraph(rng.randint(1, 3), state=state)
                order = next_position.get(pk, 0)
                next_position[pk] = order + 1
                when = timezone.make_aware(datetime.combine(starts_on, datetime.min.time()))
                batch.append(
                    Quote(
                        speaker_id=speaker_pk,
                        event_id=pk,
                        text=text,
                        language="ru" if russian else "en",
                        position_at_time=position,
                        position=order,
                        **published_fields(Quote, when),
                    )
                )
            Quote.objects.bulk_create(batch)
            progress.update(start + len(batch))
        progress.finish()

    # Helpers -----------------------------------------------------------------------------

    @staticmethod
    def analyze():
        """Give PostgreSQL's planner the tables' new sizes, inside the transaction (ANALYZE
        counts the rows this transaction wrote). Without it the planner takes the freshly
        filled tables for empty, and each chunk of the search index rebuild scans whole tables:
        20-40 s a chunk at the default size, over half an hour for the index."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def paragraph(self, sentences, *, state=None, topic=None):
        rng = self.rng
        out = []
        for template in rng.sample(SENTENCES, sentences):
            chosen_topic = topic or rng.choice(self.topics)
            chosen_state = state or rng.choice(self.states)
            out.append(
                template.format(
                    topic_lower=chosen_topic.name.lower(),
                    state=chosen_state.name,
                    city=rng.choice(chosen_state.cities),
                    org=rng.choice(ORGANISATIONS)[1] or "our partners",
                )
            )
        return " ".join(out)

    @staticmethod
    def ordinal(number):
        if number <= len(ORDINALS):
            return ORDINALS[number - 1]
        return f"{number}th" if 10 <= number % 100 <= 20 else f"{number}{_suffix(number)}"

    @staticmethod
    def index_for_search():
        """bulk_create sends no signals: rewrite the search index (if the project has one)."""
        try:
            from dialogue.search.index import rebuild
        except ImportError:
            return
        rebuild()

    @staticmethod
    def content_changed():
        """Tell the page cache (if the project has one) that every page may have changed."""
        try:
            from dialogue.pagecache import content_changed
        except ImportError:
            return
        content_changed()


def _suffix(number):
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
