"""Display names of the bundled sample data sets' category values, by language.

The samples write their categories as data does, in English identifiers
("small business", "website_checkout"). A report on a bundled sample with
no names file shows these names in its language instead (see
:mod:`cxkit.reports.category_names`): Russian names for both samples, and English
ones for the journeys, whose identifiers (``support_call``) are not words; the
survey's English values read as they are. The tables have the shape of a names file (language -> column -> data
value -> name) and cover every value the samples draw, which the tests check
against :mod:`cxkit.datasets.survey` and :mod:`cxkit.datasets.journeys`.

Within a language each name stands for one value (the report's rule): the
journeys' touchpoint ``website`` is "сайт" while their channel ``web`` is
"веб"; a touchpoint and a channel with the same value (``app``, ``email``,
``social``) share their name.
"""

from __future__ import annotations

__all__ = ["SURVEY_DISPLAY_NAMES", "JOURNEY_DISPLAY_NAMES"]

#: :func:`cxkit.datasets.sample_survey`: segment, channel, region.
SURVEY_DISPLAY_NAMES = {
    "ru": {
        "segment": {"consumer": "частные клиенты", "small business": "малый бизнес",
                    "enterprise": "крупные компании"},
        "channel": {"web": "сайт", "app": "приложение", "phone": "телефон", "chat": "чат"},
        "region": {"north": "север", "south": "юг", "east": "восток", "west": "запад"},
    },
}

#: :func:`cxkit.datasets.make_journeys`: segment, stage, touchpoint, channel.
JOURNEY_DISPLAY_NAMES = {
    "en": {  # the journeys' identifiers (support_call, website_checkout) read as words on English pages
        "segment": {"new": "new customers", "returning": "returning customers", "business": "business customers"},
        "stage": {"awareness": "awareness", "interest": "interest", "purchase": "purchase", "delivery": "delivery",
                  "support": "support", "loyalty": "loyalty"},
        "touchpoint": {
            "ads": "ads", "social": "social media", "website": "website", "chat_bot": "chat bot",
            "website_checkout": "website checkout", "call_centre": "call centre", "courier": "courier",
            "pickup_point": "pickup point", "support_chat": "support chat", "support_call": "support call",
            "email": "email", "app": "app", "loyalty_email": "loyalty email",
        },
        "channel": {"online_ads": "online ads", "social": "social media", "web": "web", "chat": "chat",
                    "phone": "phone", "offline": "offline", "email": "email", "app": "app"},
    },
    "ru": {
        "segment": {"new": "новые клиенты", "returning": "постоянные клиенты", "business": "бизнес-клиенты"},
        "stage": {"awareness": "знакомство", "interest": "интерес", "purchase": "покупка", "delivery": "доставка",
                  "support": "поддержка", "loyalty": "лояльность"},
        "touchpoint": {
            "ads": "реклама", "social": "соцсети", "website": "сайт", "chat_bot": "чат-бот",
            "website_checkout": "заказ на сайте", "call_centre": "колл-центр", "courier": "курьер",
            "pickup_point": "пункт выдачи", "support_chat": "чат поддержки", "support_call": "звонок в поддержку",
            "email": "электронная почта", "app": "приложение", "loyalty_email": "бонусная рассылка",
        },
        "channel": {"online_ads": "онлайн-реклама", "social": "соцсети", "web": "веб", "chat": "чат",
                    "phone": "телефон", "offline": "офлайн", "email": "электронная почта", "app": "приложение"},
    },
}
