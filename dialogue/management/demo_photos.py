"""The demo conference's gallery: three simple illustrations drawn here with Pillow.

The article comes with no photos, and the demo fetches nothing from the network, so its
"photos" are plain drawings that say what they are; their descriptions, captions and
credits say so too, in both languages.
"""

import io

from PIL import Image, ImageDraw

from dialogue.site.cards import font

TEAL, PAPER, RUST, INK = "#0b5563", "#fbfaf7", "#b4430b", "#1d2b30"
STATE_COLOURS = ["#0b5563", "#8a3b12", "#3d5a1e", "#5b3a74", "#1f4e8c"]
STATE_NAMES = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]


def _jpeg(image):
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def theme_banner(title: str) -> bytes:
    """The conference's theme in white letters on teal, as on a stage backdrop."""
    image = Image.new("RGB", (1600, 1000), TEAL)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 940, 1600, 1000), fill=RUST)
    face = font(78, bold=True)
    words, lines, line = title.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if face.getlength(candidate) > 1360:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = 500 - len(lines) * 50
    for text in lines:
        draw.text((120, y), text, font=face, fill=PAPER)
        y += 100
    return _jpeg(image)


def five_states() -> bytes:
    """Five coloured columns, one per member state, each named beneath."""
    image = Image.new("RGB", (1200, 800), PAPER)
    draw = ImageDraw.Draw(image)
    face = font(30, bold=True)
    for index, (colour, name) in enumerate(zip(STATE_COLOURS, STATE_NAMES, strict=True)):
        left = 60 + index * 220
        draw.rectangle((left, 120 + index * 40, left + 180, 640), fill=colour)
        width = face.getlength(name)
        draw.text((left + 90 - width / 2, 670), name, font=face, fill=INK)
    return _jpeg(image)


def handover_arrow() -> bytes:
    """The chair passing on: "Kazakhstan", an arrow, "Kyrgyzstan"."""
    image = Image.new("RGB", (1200, 800), PAPER)
    draw = ImageDraw.Draw(image)
    face = font(64, bold=True)
    draw.text((90, 360), "Kazakhstan", font=face, fill=TEAL)
    draw.text((760, 360), "Kyrgyzstan", font=face, fill=RUST)
    draw.rectangle((520, 392, 680, 408), fill=INK)
    draw.polygon([(680, 360), (740, 400), (680, 440)], fill=INK)
    return _jpeg(image)


CREDIT = {
    "credit_en": "Illustration drawn for the demo data",
    "credit_ru": "Иллюстрация, нарисованная для демонстрационных данных",
}


def demo_photos(event_title: str) -> list[tuple[callable, dict]]:
    """(draw, fields) for each photo of the demo conference, in gallery order."""
    return [
        (
            lambda: theme_banner(event_title),
            {
                "alt_text_en": "The conference's theme in white letters on a teal background.",
                "alt_text_ru": (
                    "Тема конференции на английском языке белыми буквами на бирюзовом фоне."
                ),
                "caption_en": "The theme of the closing conference of Kazakhstan's chairmanship.",
                "caption_ru": ("Тема заключительной конференции председательства Казахстана."),
                **CREDIT,
            },
        ),
        (
            five_states,
            {
                "alt_text_en": (
                    "Five coloured columns of rising height, labelled Kazakhstan, Kyrgyzstan, "
                    "Tajikistan, Turkmenistan and Uzbekistan."
                ),
                "alt_text_ru": (
                    "Пять цветных столбцов возрастающей высоты с подписями на английском "
                    "языке: Казахстан, Кыргызстан, Таджикистан, Туркменистан и Узбекистан."
                ),
                "caption_en": "The five member states of the dialogue.",
                "caption_ru": "Пять государств-участников диалога.",
                **CREDIT,
            },
        ),
        (
            handover_arrow,
            {
                "alt_text_en": "The word Kazakhstan, an arrow pointing right, and Kyrgyzstan.",
                "alt_text_ru": ("Слово «Kazakhstan», стрелка вправо и слово «Kyrgyzstan»."),
                "caption_en": "The chair passes from Kazakhstan to Kyrgyzstan.",
                "caption_ru": "Председательство переходит от Казахстана к Кыргызстану.",
                **CREDIT,
            },
        ),
    ]
