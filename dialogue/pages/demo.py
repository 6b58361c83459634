"""The demo text of the footer's pages (load_demo_data), in English and Russian.

The about text keeps to the news article the demo record comes from; the accessibility
statement and the privacy note say what the code does (cookies, logs, alerts). `{contact}`
is SITE_CONTACT_EMAIL, `{days}` ALERTS_RETENTION_DAYS, `{lang}` the page's language prefix.
"""

from django.conf import settings

ABOUT = {
    "en": (
        "About this record",
        """This site keeps the public record of the Dialogue of Women of Central Asia: which
member state chairs it and when the chair passes on, the conferences held, the joint
statements adopted there and what the speakers said.

# What the record holds so far

Kazakhstan chaired the dialogue for one year. During its chairmanship it addressed the
development of innovation and technology, global peace and security, climate change, and
the roles of women and youth in the fight against terrorism and extremism.

The outcomes were summed up at an international conference themed “Combating Gender-Based
Violence in the Region: Exploring Efficient and Sustainable Collective Solutions”. Its
participants issued a joint statement supporting the establishment of legislative and legal
mechanisms for the protection and support of women, and it was announced there that the
chairmanship had passed to Kyrgyzstan.

# Where the facts come from

Every record names its source. The first records are taken from the news article
“Kazakhstan concludes chairmanship of Dialogue of Women of Central Asia”.

# Using the record

Quote and cite freely: each page gives its source and a citation. The whole record is also
[open data]({lang}/open-data/): feeds, calendars, an API and downloads.
""",
    ),
    "ru": (
        "Об этом архиве",
        """Этот сайт хранит открытый архив Диалога женщин Центральной Азии: какое
государство-участник председательствует и когда председательство переходит к другому,
проведённые конференции, принятые на них совместные заявления и слова выступающих.

# Что уже есть в архиве

Казахстан председательствовал в Диалоге в течение года. В период его председательства
рассматривались развитие инноваций и технологий, глобальный мир и безопасность, изменение
климата, а также роль женщин и молодёжи в борьбе с терроризмом и экстремизмом.

Итоги работы были подведены на международной конференции на тему «Противодействие
гендерному насилию в регионе: поиск эффективных и устойчивых коллективных решений». Её
участники приняли совместное заявление в поддержку создания законодательных и правовых
механизмов защиты и поддержки женщин; там же было объявлено, что председательство
перешло к Кыргызстану.

# Откуда взяты сведения

Каждая запись указывает свой источник. Первые записи взяты из новостной статьи на
английском языке «Kazakhstan concludes chairmanship of Dialogue of Women of Central Asia»
(«Казахстан завершил председательство в Диалоге женщин Центральной Азии»).

# Как пользоваться архивом

Цитируйте свободно: на каждой странице указаны источник и ссылка для цитирования. Весь
архив доступен и как [открытые данные]({lang}/open-data/): ленты, календари, API и
файлы для загрузки.
""",
    ),
}

ACCESSIBILITY = {
    "en": (
        "Accessibility statement",
        """We want everyone to be able to read and use this record, whatever device, browser
or assistive technology they use.

# Our target

This site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA.
Every page can be read without JavaScript and used with a keyboard alone, fits a screen
360 pixels wide, and is available in English and Russian. Each chart has a table beside it
with the same figures. Automated checks (axe and the Nu HTML Checker) test every kind of
public page whenever the site's code changes.

# What is known not to meet it

- Some records have no Russian text yet. Their Russian pages show the English text,
  marked as English so that screen readers pronounce it correctly.
- Documents attached to events are published as supplied, and may not be accessible.
- The PDF version of a joint statement has not been checked for accessibility; the same
  text is on the statement's page.

# Reporting a problem

If something on this site is hard or impossible to use, please write to
[{contact}](mailto:{contact}), with the address of the page and what you were trying to
do. Ask the same address for a document in another format.
""",
    ),
    "ru": (
        "Заявление о доступности",
        """Мы хотим, чтобы этим архивом могли пользоваться все, с любого устройства, в любом
браузере и с любыми вспомогательными технологиями.

# Наша цель

Сайт стремится соответствовать Руководству по доступности веб-контента (WCAG) 2.2 на
уровне AA. Каждую страницу можно читать без JavaScript и использовать только с
клавиатуры; страницы помещаются на экране шириной 360 пикселей и доступны на английском
и русском языках. У каждой диаграммы есть таблица с теми же данными. Автоматические
проверки (axe и Nu HTML Checker) проверяют каждый вид публичных страниц при каждом
изменении кода сайта.

# Что пока не соответствует цели

- У некоторых записей ещё нет текста на русском языке. Их русские страницы показывают
  английский текст, размеченный как английский, чтобы программы экранного доступа
  произносили его правильно.
- Документы к мероприятиям публикуются в том виде, в каком они получены, и могут быть
  недоступны.
- PDF-версия совместного заявления не проверялась на доступность; тот же текст есть на
  странице заявления.

# Как сообщить о проблеме

Если чем-либо на сайте трудно или невозможно воспользоваться, напишите, пожалуйста, на
адрес [{contact}](mailto:{contact}), указав адрес страницы и то, что Вы пытались
сделать. По тому же адресу можно запросить документ в другом формате.
""",
    ),
}

PRIVACY = {
    "en": (
        "Privacy",
        """# Reading the site

Reading the record needs no account and sets no cookie. The language you read in is part of
the page's address (/en/, /ru/), not a cookie. The site uses no analytics and loads nothing
from other sites.

# Email alerts

If you subscribe to alerts, the site keeps your email address, the language of the
messages, what you follow, whether you want each record or a daily digest, when you signed
up, confirmed and left, and a record of each message sent to you. Nothing but a
confirmation is sent until you follow its link. Every message has a link to unsubscribe in
one click and a link to manage your subscription. An address that has left, or never
confirmed, is deleted after {days} days.

The subscription forms set a security cookie (`csrftoken`) that protects them against
forged requests. To limit abuse, sign-ups from one address or one computer are counted for
an hour.

# Server logs

The web server logs each request: the time, the page asked for, the network address and
the browser's description. The logs are used to keep the site running and secure.

# Staff accounts

Staff who keep the record have accounts: a user name, an email address and a password
(stored only as a hash). The history of every record keeps who changed what, and when.
Sign-ins and failed attempts are logged with the network address and browser, and repeated
failures lock the account or address for a while. Signed-in staff get a session cookie
(`sessionid`) and the security cookie (`csrftoken`).

# Questions

Write to [{contact}](mailto:{contact}).
""",
    ),
    "ru": (
        "Конфиденциальность",
        """# Чтение сайта

Для чтения архива не нужна учётная запись, и сайт не устанавливает cookie-файлов. Язык
чтения указан в адресе страницы (/en/, /ru/), а не в cookie-файле. Сайт не использует
веб-аналитику и ничего не загружает с других сайтов.

# Оповещения по электронной почте

Если Вы подписались на оповещения, сайт хранит Ваш адрес электронной почты, язык писем,
то, на что Вы подписаны, выбор между письмом о каждой записи и ежедневной сводкой, даты
подписки, подтверждения и отказа от подписки, а также сведения о каждом отправленном Вам
письме. До перехода по ссылке в письме с подтверждением ничего, кроме него, не
отправляется. В каждом письме есть ссылка для отказа от подписки одним нажатием и ссылка
для управления подпиской. Адрес, владелец которого отказался от подписки или не
подтвердил её, удаляется через {days} дн.

Формы подписки устанавливают защитный cookie-файл (`csrftoken`), который защищает их от
поддельных запросов. Чтобы ограничить злоупотребления, подписки с одного адреса или
компьютера подсчитываются в течение часа.

# Журналы сервера

Веб-сервер записывает в журнал каждый запрос: время, запрошенную страницу, сетевой адрес
и описание браузера. Журналы используются для поддержания работы и безопасности сайта.

# Учётные записи сотрудников

У сотрудников, ведущих архив, есть учётные записи: имя пользователя, адрес электронной
почты и пароль (хранится только в виде хеша). История каждой записи хранит, кто и когда
её изменил. Входы и неудачные попытки входа записываются в журнал с сетевым адресом и
описанием браузера, а повторные неудачи на время блокируют учётную запись или адрес.
Вошедшие сотрудники получают cookie-файл сеанса (`sessionid`) и защитный cookie-файл
(`csrftoken`).

# Вопросы

Пишите на адрес [{contact}](mailto:{contact}).
""",
    ),
}

PAGES = {"about": ABOUT, "accessibility": ACCESSIBILITY, "privacy": PRIVACY}


def unwrap(text: str) -> str:
    """The text with each paragraph on one line (the source wraps them for reading)."""
    blocks = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        if lines[0].startswith("- "):
            items, current = [], []
            for line in lines:
                if line.startswith("- ") and current:
                    items.append(" ".join(current))
                    current = []
                current.append(line.strip())
            items.append(" ".join(current))
            blocks.append("\n".join(items))
        else:
            blocks.append(" ".join(line.strip() for line in lines))
    return "\n\n".join(blocks) + "\n"


def page_values(slug: str) -> dict[str, str]:
    """`title_en`, `body_en`, `title_ru`, `body_ru` of one page, with the settings filled in."""
    values = {}
    for language, (title, body) in PAGES[slug].items():
        values[f"title_{language}"] = title
        values[f"body_{language}"] = unwrap(body).format(
            contact=settings.SITE_CONTACT_EMAIL,
            days=settings.ALERTS_RETENTION_DAYS,
            lang=f"/{language}",
        )
    return values
