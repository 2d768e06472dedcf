#!/usr/bin/env python3
"""Write the SYNTHETIC demo archive under ``data/archive/`` and the register ``data/register.toml``.

Every commentary this script writes is invented: the issues, headlines, verdicts, leads and
bodies are template sentences written for this demo, not real assessments of anything.
The output is deterministic: the same seed gives byte-identical files on every run, so the
committed archive can be regenerated and diffed::

    python data/generate.py            # rewrite data/archive/ and data/register.toml

The script refuses to finish if a headline or lead would link to the wrong issue under the
register it writes, or carries a word a verdict vocabulary could mistake for a verdict.

Layout of the output (see ``data/README.md``):

* ``archive/csv/verdicts-2021.csv`` — one table of the 2021 verdicts, columns named like the
  ``Commentary`` fields, with an explicit ``issue`` column;
* ``archive/pages/YYYY/*.txt`` — pages as text saved from a browser (some with page furniture);
* ``archive/pages/YYYY/*.html`` — saved HTML pages with header, navigation, sidebar and footer;
* ``archive/pages/YYYY/*.md`` — Markdown notes with YAML front matter;
* ``archive/pages/2023/listing-*.txt`` — a section listing page that ingest must skip.

Only the standard library is used, so the script runs without the project installed.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SEED = 20210104
FIRST_WEEK = date(2021, 1, 4)
LAST_WEEK = date(2023, 12, 25)
SOURCE = "Weekly Bulletin (synthetic demo)"
BASE_URL = "https://bulletin.demo.invalid"
# Russian and Belarusian pages print their section names in their own language, as real
# bulletins do ("Внешняя политика"); set False to print the English names everywhere.
LOCALISED_SECTIONS = True
MARK = "SYNTHETIC DEMO DATA - invented for the tracker demo; not real assessments"

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- sections

SECTIONS = {
    "sec": {"en": "Security issues", "ru": "Вопросы безопасности", "be": "Пытанні бяспекі"},
    "dom": {"en": "Domestic politics", "ru": "Внутренняя политика", "be": "Унутраная палітыка"},
    "eco": {"en": "Economy", "ru": "Экономика", "be": "Эканоміка"},
    "for": {"en": "Foreign policy", "ru": "Внешняя политика", "be": "Знешняя палітыка"},
    "bru": {
        "en": "Belarus–Russia relations",
        "ru": "Белорусско-российские отношения",
        "be": "Беларуска-расійскія адносіны",
    },
    "eli": {"en": "The ruling elite", "ru": "Правящая элита", "be": "Кіруючая эліта"},
}

VERDICTS = {
    "en": {
        "unchanged": "The situation has not changed",
        "improved": "The situation has improved",
        "deteriorated": "The situation got worse",
    },
    "ru": {
        "unchanged": "Ситуация не изменилась",
        "improved": "Ситуация улучшилась",
        "deteriorated": "Ситуация ухудшилась",
    },
    "be": {
        "unchanged": "Сітуацыя не змянілася",
        "improved": "Сітуацыя палепшылася",
        "deteriorated": "Сітуацыя пагоршылася",
    },
}

MONTHS = {
    "en": [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ],
    "ru": [
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
        "сентября", "октября", "ноября", "декабря",
    ],
    "be": [
        "студзеня", "лютага", "сакавіка", "красавіка", "мая", "чэрвеня", "ліпеня", "жніўня",
        "верасня", "кастрычніка", "лістапада", "снежня",
    ],
}  # fmt: skip

# --------------------------------------------------------------------------- issues


@dataclass
class Lang:
    """Headlines (full sentences, by status) and facts of an issue in Russian or Belarusian."""

    same: list[str]
    worse: list[str]
    better: list[str]
    facts: list[str]


@dataclass
class IssueSpec:
    key: str
    name: str
    section: str
    description: str
    patterns: list[str]  # case-insensitive regexes; every headline and lead matches one
    topic: str  # English noun phrase used in leads
    subjects: list[str]
    same: list[str]
    worse: list[str]
    better: list[str]
    facts: list[str]
    prominence: float = 0.45
    start: date = FIRST_WEEK
    end: date = LAST_WEEK
    windows: list[tuple[date, date]] | None = None  # explicit active periods
    aliases: list[str] = field(default_factory=list)
    ru: Lang | None = None
    be: Lang | None = None


D = date.fromisoformat

ISSUES: list[IssueSpec] = [
    # ---------------------------------------------------------------- Security issues
    IssueSpec(
        "peacekeeping", "Belarus UN peacekeeping", "sec",
        "Minsk's repeated offers to contribute troops to UN peacekeeping missions.",
        [r"peacekeep", r"миротвор"],
        "Belarus' bid for a role in UN peacekeeping",
        ["Minsk", "The General Staff", "The Defence Ministry"],
        ["keeps its peacekeeping offer on paper",
         "repeats its peacekeeping pledge without new troops",
         "talks up peacekeeping as a door to dialogue"],
        ["sees its peacekeeping plans shelved by UN partners",
         "loses a peacekeeping training slot abroad",
         "finds its peacekeeping offer ignored"],
        ["sends peacekeeping observers abroad for the first time in years",
         "wins praise for peacekeeping training",
         "enlarges its peacekeeping company"],
        ["The country's peacekeeping force still consists of one company and a few support units.",
         "Peacekeeping remains a convenient subject for talks with Western military attachés.",
         "No money for a larger contingent has appeared in the defence plans.",
         "Officers trained for missions abroad are routinely reassigned to ordinary units."],
        prominence=0.35, end=D("2022-02-14"), aliases=["UN peacekeeping"],
        ru=Lang(
            ["Минск по-прежнему говорит о миротворчестве, но солдат не посылает",
             "Миротворческие планы Минска остаются на бумаге"],
            ["Миротворческая инициатива Минска не нашла поддержки в ООН",
             "Партнёры теряют интерес к белорусскому миротворчеству"],
            ["Белорусские миротворцы впервые за годы едут в миссию",
             "В ООН отметили подготовку белорусских миротворцев"],
            ["Миротворческие силы страны по-прежнему состоят из одной роты.",
             "Для Минска эта тема остаётся поводом для диалога с западными военными."],
        ),
    ),
    IssueSpec(
        "exercises", "Joint military exercises with Russia", "sec",
        "Joint drills of the Belarusian and Russian armed forces and their scale.",
        [r"exercise", r"\bdrills?\b", r"учени", r"вучэнн"],
        "joint military exercises with Russia",
        ["Minsk and Moscow", "The two armies", "Belarusian and Russian battalions"],
        ["hold routine staff exercises",
         "keep the drills calendar as planned",
         "rehearse familiar exercise scenarios"],
        ["stage snap drills near the frontier",
         "extend exercises beyond their announced dates",
         "add offensive scenarios to joint drills"],
        ["scale down exercises after criticism",
         "invite foreign observers to the drills",
         "cancel a planned exercise phase"],
        ["The schedule was agreed at the end of last year and has barely moved.",
         "Neighbouring states ask for notifications that Minsk rarely provides in full.",
         "Much of the equipment brought in for manoeuvres stays in the country afterwards.",
         "Commanders describe every scenario as purely defensive."],
        prominence=0.5, aliases=["Joint drills with Russia"],
        ru=Lang(
            ["Совместные учения с Россией идут по прежнему графику",
             "Штабные учения прошли без неожиданностей"],
            ["Внезапные учения у границы усилили напряжённость",
             "Беларусь и Россия продлили учения без объяснений"],
            ["Минск сократил масштаб совместных учений",
             "На учения впервые пригласили иностранных наблюдателей"],
            ["График манёвров был согласован ещё в конце прошлого года.",
             "Соседние страны просят заранее уведомлять их о манёврах."],
        ),
        be=Lang(
            ["Сумесныя вучэнні з Расіяй ідуць па ранейшым графіку",
             "Штабныя вучэнні прайшлі без нечаканасцей"],
            ["Раптоўныя вучэнні каля мяжы павялічылі напружанасць",
             "Вучэнні падоўжылі без тлумачэнняў"],
            ["Мінск скараціў маштаб сумесных вучэнняў",
             "На вучэнні ўпершыню запрасілі замежных назіральнікаў"],
            ["Графік манеўраў узгаднілі яшчэ ў канцы мінулага года.",
             "Суседнія краіны просяць загадзя папярэджваць іх пра манеўры."],
        ),
    ),
    IssueSpec(
        "procurement", "Army rearmament and procurement", "sec",
        "What the army buys, repairs and receives, and how it pays for it.",
        [r"procure", r"rearm", r"arms purchase"],
        "the army's procurement plans",
        ["The Defence Ministry", "The State Military-Industrial Committee", "The army"],
        ["sticks to a modest procurement plan",
         "reports no new rearmament contracts",
         "keeps procurement spending flat"],
        ["delays procurement as money runs short",
         "loses access to imported components for rearmament",
         "cuts its procurement list"],
        ["signs long-delayed procurement contracts",
         "receives rearmament deliveries on schedule",
         "widens procurement to domestic producers"],
        ["Most of the money goes to repairing Soviet-era vehicles rather than buying new ones.",
         "Deliveries from Russian plants arrive in small batches.",
         "Domestic plants promise drones and electronic warfare kits but deliver slowly.",
         "Contract details are classified, so estimates rest on indirect signs."],
        prominence=0.3,
    ),
    IssueSpec(
        "territorial", "Territorial defence reform", "sec",
        "The build-up of territorial defence units and reservist call-ups.",
        [r"territorial defen[cs]e", r"reservist"],
        "territorial defence reform",
        ["The Defence Ministry", "The General Staff", "The government"],
        ["continues territorial defence training at the usual pace",
         "keeps reservist call-ups routine",
         "leaves territorial defence plans as they were"],
        ["orders mass reservist checks without warning",
         "expands territorial defence units into every district",
         "tightens reservist rules and travel limits"],
        ["eases reservist call-ups",
         "postpones territorial defence musters",
         "shortens reservist training camps"],
        ["Volunteer units exist mostly on paper in rural districts.",
         "Men of call-up age are summoned for short camps several times a year.",
         "The reform is meant to give every district a battalion of volunteers.",
         "Employers complain that call-ups take workers off the factory floor."],
        prominence=0.3, start=D("2021-03-01"),
    ),
    IssueSpec(
        "troops", "Russian troop presence in Belarus", "sec",
        "Russian units, bases and equipment stationed in or rotated through Belarus.",
        [r"russian (?:troops|units)", r"airbase", r"войск"],
        "the presence of Russian troops in the country",
        ["Moscow", "The Kremlin", "The Russian command"],
        ["keeps Russian troops at the agreed training grounds",
         "rotates Russian units without fanfare",
         "holds the airbase question open"],
        ["brings more Russian troops into the country",
         "moves Russian units closer to the southern frontier",
         "turns a training ground into a de facto airbase"],
        ["withdraws part of the Russian troops",
         "sends Russian units home after the manoeuvres",
         "drops plans for a permanent airbase"],
        ["The exact number of servicemen is never stated officially.",
         "Heavy equipment often remains after the personnel leave.",
         "Local residents report convoys at night on regional roads.",
         "The legal basis for the deployment is a set of short-term agreements."],
        prominence=0.45, aliases=["Russian troops in Belarus"],
        ru=Lang(
            ["Российские войска остаются на прежних полигонах",
             "Ротация российских войск прошла незаметно"],
            ["В Беларусь прибывают дополнительные российские войска",
             "Российские войска перемещаются ближе к южной границе"],
            ["Часть российских войск покинула страну",
             "Россия вывела войска после окончания манёвров"],
            ["Точное число военнослужащих официально не называется.",
             "Техника часто остаётся в стране после ухода личного состава."],
        ),
    ),
    # ---------------------------------------------------------------- Domestic politics
    IssueSpec(
        "prisoners", "Political prisoners", "dom",
        "Arrests, sentences, prison conditions and releases of political prisoners.",
        [r"political prisoner", r"политзаключ", r"палітвязн"],
        "the fate of political prisoners",
        ["The authorities", "The courts", "Prosecutors"],
        ["hand down political prisoner sentences at a steady pace",
         "keep the political prisoner count near its peak",
         "ignore calls to free political prisoners"],
        ["add dozens of names to the political prisoner list",
         "harden the regime for political prisoners",
         "open new cases against political prisoners already behind bars"],
        ["release a group of political prisoners",
         "pardon several political prisoners",
         "allow relatives to visit political prisoners"],
        ["Human rights groups count the cases week by week and update their lists.",
         "Most sentences fall under articles on mass riots and insulting officials.",
         "Lawyers who take such cases risk losing their licences.",
         "Release usually requires a written plea for pardon."],
        prominence=0.7, aliases=["Political prisoners in Belarus"],
        ru=Lang(
            ["Число политзаключённых держится у пиковой отметки",
             "Суды продолжают выносить приговоры политзаключённым"],
            ["Список политзаключённых пополнился десятками имён",
             "Условия содержания политзаключённых стали жёстче"],
            ["Власти освободили группу политзаключённых",
             "Несколько политзаключённых получили помилование"],
            ["Правозащитники обновляют списки каждую неделю.",
             "Для освобождения обычно требуется прошение о помиловании."],
        ),
        be=Lang(
            ["Колькасць палітвязняў застаецца на піку",
             "Суды працягваюць выносіць прысуды палітвязням"],
            ["Спіс палітвязняў папоўніўся дзясяткамі імёнаў",
             "Умовы ўтрымання палітвязняў сталі жорсткімі"],
            ["Улады вызвалілі групу палітвязняў",
             "Некалькі палітвязняў атрымалі памілаванне"],
            ["Праваабаронцы абнаўляюць спісы кожны тыдзень.",
             "Для вызвалення звычайна патрэбна прашэнне аб памілаванні."],
        ),
    ),
    IssueSpec(
        "constitution", "Constitutional reform", "dom",
        "The drafting of a new constitution and the referendum on it.",
        [r"constitution", r"referendum", r"конституц", r"референдум", r"канстытуц",
         r"рэферэндум"],
        "the constitutional reform",
        ["The working group", "The Presidential Administration", "Minsk"],
        ["keeps the constitution draft behind closed doors",
         "repeats the referendum timetable",
         "holds more staged constitution debates"],
        ["drops the promised checks from the constitution draft",
         "sets the referendum without public debate",
         "uses the constitution to entrench the ruling camp"],
        ["publishes the constitution draft for comment",
         "accepts a few amendments before the referendum",
         "lets some critics into constitution talks"],
        ["The draft moves some powers to a new representative body.",
         "Public discussions are held in workplaces and carefully scripted.",
         "The opposition calls the process a way to buy time.",
         "Legal experts note that the draft leaves presidential powers almost intact."],
        prominence=0.55, end=D("2022-04-25"), aliases=["New constitution"],
        ru=Lang(
            ["Проект конституции по-прежнему обсуждают за закрытыми дверями",
             "Сроки референдума остались прежними"],
            ["Референдум назначили без публичной дискуссии",
             "Из проекта конституции исчезли обещанные гарантии"],
            ["Проект конституции опубликовали для обсуждения",
             "Перед референдумом приняли часть поправок"],
            ["Обсуждения проходят в трудовых коллективах по заранее написанному сценарию.",
             "Юристы отмечают, что полномочия президента почти не меняются."],
        ),
        be=Lang(
            ["Праект канстытуцыі па-ранейшаму абмяркоўваюць за зачыненымі дзвярыма",
             "Тэрміны рэферэндуму засталіся ранейшымі"],
            ["Рэферэндум прызначылі без публічнай дыскусіі",
             "З праекта канстытуцыі зніклі абяцаныя гарантыі"],
            ["Праект канстытуцыі апублікавалі для абмеркавання",
             "Перад рэферэндумам прынялі частку паправак"],
            ["Абмеркаванні праходзяць у працоўных калектывах па загадзя напісаным сцэнары.",
             "Юрысты адзначаюць, што паўнамоцтвы прэзідэнта амаль не мяняюцца."],
        ),
    ),
    IssueSpec(
        "media", "Pressure on independent media", "dom",
        "Blocking, raids, criminal cases and labels against independent newsrooms.",
        [r"\bmedia\b", r"journalist", r"журналист", r"журналіст", r"\bмедиа\b", r"\bмедыя\b"],
        "the pressure on independent media",
        ["The Information Ministry", "The state regulator", "The prosecutor's office"],
        ["keeps blocking independent media sites",
         "continues pressure on journalists at the usual pace",
         "adds a few more media outlets to the extremist list"],
        ["detains journalists in a coordinated raid",
         "labels the largest media outlet extremist",
         "criminalises reposts of independent media"],
        ["releases several detained journalists",
         "lifts a block on a regional media site",
         "allows accredited journalists back in"],
        ["Most independent newsrooms now work from abroad.",
         "Readers inside the country reach them through VPN services.",
         "State television fills the gap with talk shows and documentaries.",
         "A subscription to a blocked channel can lead to a fine."],
        prominence=0.6, aliases=["Independent media"],
        ru=Lang(
            ["Давление на журналистов продолжается в прежнем темпе",
             "Блокировки независимых медиа остаются в силе"],
            ["Журналистов задержали в ходе скоординированных обысков",
             "Крупнейшее независимое медиа признали экстремистским"],
            ["Несколько задержанных журналистов вышли на свободу",
             "С регионального медиа сняли блокировку"],
            ["Большинство редакций теперь работают из-за рубежа.",
             "Подписка на заблокированный канал может обернуться штрафом."],
        ),
        be=Lang(
            ["Ціск на журналістаў працягваецца ранейшым тэмпам",
             "Блакаванні незалежных медыя застаюцца ў сіле"],
            ["Журналістаў затрымалі падчас скаардынаваных ператрусаў",
             "Найбуйнейшае незалежнае медыя прызналі экстрэмісцкім"],
            ["Некалькі затрыманых журналістаў выйшлі на волю",
             "З рэгіянальнага медыя знялі блакаванне"],
            ["Большасць рэдакцый цяпер працуюць з-за мяжы.",
             "Падпіска на заблакаваны канал можа скончыцца штрафам."],
        ),
    ),
    IssueSpec(
        "parties", "Re-registration of political parties", "dom",
        "The new law on parties and the forced re-registration it triggered.",
        [r"\bpart(?:y|ies)\b"],
        "the re-registration of political parties",
        ["The Justice Ministry", "The ministry", "The registration commission"],
        ["keeps party re-registration on hold",
         "reviews party documents without decisions",
         "sets no new party deadlines"],
        ["refuses re-registration to opposition parties",
         "liquidates two more parties",
         "tightens party membership thresholds"],
        ["extends the deadline for party re-registration",
         "accepts party documents after corrections",
         "lets a small party keep its registration"],
        ["The new law requires thousands of members from every organisation.",
         "Only a handful of organisations are expected to survive the procedure.",
         "Opposition groups say they cannot collect signatures safely.",
         "The outcome will shape who may run in the next campaigns."],
        prominence=0.45, start=D("2022-06-06"), end=D("2023-10-30"),
    ),
    IssueSpec(
        "elections", "Preparations for the 2024 elections", "dom",
        "How the authorities prepare the 2024 parliamentary and local elections.",
        [r"election", r"выбор", r"выбар"],
        "the preparations for the 2024 elections",
        ["The Central Election Commission", "The government", "The presidential camp"],
        ["keeps the election calendar as announced",
         "prepares for elections without surprises",
         "sticks to a quiet election build-up"],
        ["bars independent election observers",
         "moves election day to limit scrutiny",
         "purges election commissions of critics"],
        ["invites foreign election observers",
         "publishes detailed election rules early",
         "opens election commissions to more nominees"],
        ["Only loyal organisations are expected to nominate candidates.",
         "Early voting over five days leaves little room for independent checks.",
         "The campaign is planned as a show of stability.",
         "State enterprises are told to ensure high turnout."],
        prominence=0.5, start=D("2023-01-02"),
    ),
    IssueSpec(
        "ngos", "Liquidation of NGOs", "dom",
        "The forced closure of non-governmental organisations and civil society groups.",
        [r"\bngos?\b", r"civil society", r"некоммерческ", r"грамадск"],
        "the closure of non-governmental organisations",
        ["The authorities", "The courts", "Officials"],
        ["continue closing NGOs at the usual pace",
         "keep civil society groups under audit",
         "leave the remaining NGOs in legal limbo"],
        ["shut down hundreds of NGOs in a week",
         "criminalise work for unregistered civil society groups",
         "raid the offices of the last NGOs"],
        ["allow several NGOs to re-register",
         "drop charges against civil society activists",
         "ease reporting rules for NGOs"],
        ["More than a thousand organisations have been closed since the campaign began.",
         "Charities for children and the elderly are affected along with advocacy groups.",
         "Many activists have moved their work abroad.",
         "Courts rule within days and rarely hear the defence."],
        prominence=0.45, end=D("2023-06-26"),
    ),
    # ---------------------------------------------------------------- Economy
    IssueSpec(
        "inflation", "Inflation and price controls", "eco",
        "Consumer inflation and the administrative price controls used against it.",
        [r"inflation", r"price (?:controls?|freeze)", r"инфляц", r"\bцен", r"інфляц", r"\bцэн"],
        "inflation and price controls",
        ["The National Bank", "The government", "The Economy Ministry"],
        ["keeps price controls in place",
         "reports inflation close to the forecast",
         "extends the price freeze on staples"],
        ["sees inflation accelerate beyond its target",
         "tightens price controls as shortages appear",
         "admits inflation will stay in double digits"],
        ["reports slowing inflation",
         "relaxes price controls on some goods",
         "cuts its inflation forecast"],
        ["The list of regulated goods has been widened several times.",
         "Producers complain of losses under the freeze.",
         "Shops report gaps on shelves for imported goods.",
         "The regulator promises to review the rules every quarter."],
        prominence=0.55, aliases=["Price controls"],
        ru=Lang(
            ["Инфляция держится около прогноза",
             "Контроль над ценами сохраняется"],
            ["Инфляция ускорилась сильнее ожиданий",
             "Правительство ужесточает контроль над ценами"],
            ["Инфляция замедляется второй месяц подряд",
             "Контроль цен ослабили для части товаров"],
            ["Список регулируемых товаров расширялся несколько раз.",
             "Производители жалуются на убытки из-за заморозки."],
        ),
        be=Lang(
            ["Інфляцыя трымаецца каля прагнозу",
             "Кантроль над цэнамі захоўваецца"],
            ["Інфляцыя паскорылася мацней за чаканні",
             "Урад узмацняе кантроль над цэнамі"],
            ["Інфляцыя запавольваецца другі месяц запар",
             "Кантроль цэн паслабілі для часткі тавараў"],
            ["Спіс рэгуляваных тавараў пашыралі некалькі разоў.",
             "Вытворцы скардзяцца на страты з-за замарозкі."],
        ),
    ),
    IssueSpec(
        "potash", "Potash exports", "eco",
        "Output and export routes of the state potash producer.",
        [r"potash"],
        "potash exports",
        ["Belaruskali", "The state fertiliser producer", "The company"],
        ["ships potash through Russian ports at the same volumes",
         "keeps potash output steady",
         "finds no new potash routes"],
        ["loses its potash transit through the Baltic",
         "cuts potash output as warehouses fill",
         "sells potash at deeper discounts"],
        ["raises potash shipments via Russian ports",
         "signs a new potash contract in India",
         "recovers potash volumes"],
        ["Rail capacity to the northern ports remains the bottleneck.",
         "Buyers demand discounts because of the longer route.",
         "The company's revenue is a large share of the state's foreign earnings.",
         "Fertiliser prices on world markets have swung widely."],
        prominence=0.45,
    ),
    IssueSpec(
        "oil", "Oil refining and transit", "eco",
        "Russian crude supplies to the two refineries and the export of oil products.",
        [r"\boil\b", r"refiner", r"нефт", r"нафт"],
        "oil refining and transit",
        ["Belneftekhim", "The Mozyr refinery", "The Novopolotsk refinery"],
        ["runs on the usual Russian oil quotas",
         "keeps oil product exports flat",
         "processes oil at the planned rate"],
        ["loses oil product markets in Europe",
         "faces a shortfall of Russian oil",
         "cuts oil processing to half capacity"],
        ["secures extra Russian oil supplies",
         "redirects oil products to new markets",
         "raises oil processing margins"],
        ["Refining margins depend on Russian export rules for crude.",
         "Exports now travel by rail to Russian ports.",
         "Both plants completed modernisation programmes a few years ago.",
         "The sector brings in a large share of export earnings."],
        prominence=0.4,
    ),
    IssueSpec(
        "budget", "State budget and public debt", "eco",
        "Budget execution, external borrowing and debt service.",
        [r"budget", r"\bdebt", r"бюджет", r"\bдолг", r"\bдоўг"],
        "the state budget and public debt",
        ["The Finance Ministry", "The government", "Minsk"],
        ["keeps the budget roughly balanced",
         "services its debt on time",
         "reports budget figures in line with plans"],
        ["misses a Eurobond debt payment in dollars",
         "opens a budget gap as export revenue falls",
         "borrows more to cover the budget"],
        ["closes the quarter with a budget surplus",
         "refinances debt on easier terms",
         "reduces its external debt"],
        ["Spending on the security forces has grown faster than other items.",
         "Revenue from exports to the West has shrunk.",
         "Russian credits cover a large part of the financing needs.",
         "Rating agencies have withdrawn their assessments."],
        prominence=0.4,
        ru=Lang(
            ["Бюджет исполняется в рамках плана",
             "Минфин обслуживает долг без задержек"],
            ["Дыра в бюджете растёт из-за падения экспорта",
             "Минфин не смог выплатить долг в долларах"],
            ["Бюджет закрыл квартал с профицитом",
             "Внешний долг сократился"],
            ["Расходы на армию и милицию растут быстрее остальных статей.",
             "Значительную часть потребностей покрывают российские займы."],
        ),
    ),
    IssueSpec(
        "it", "IT sector and the High-Tech Park", "eco",
        "The IT industry, its special regime and the relocation of its staff.",
        [r"\bIT sector\b", r"high-tech park", r"\bПВТ\b", r"\bайти\b"],
        "the IT sector and the High-Tech Park",
        ["The government", "Minsk", "The Digital Development Ministry"],
        ["leaves the High-Tech Park regime untouched",
         "watches the IT sector shrink slowly",
         "keeps talking to IT sector employers"],
        ["raises levies on the High-Tech Park",
         "loses more IT sector firms to neighbours",
         "tightens exit rules for IT sector staff"],
        ["offers IT sector firms new breaks",
         "sees some IT sector staff return",
         "extends the High-Tech Park regime to 2049"],
        ["Tens of thousands of programmers have left since 2020.",
         "Companies keep small offices at home and move the rest abroad.",
         "The industry's export revenue has fallen for two years.",
         "Officials blame foreign clients for the outflow."],
        prominence=0.35, aliases=["High-Tech Park"],
    ),
    IssueSpec(
        "wages", "Wages at state enterprises", "eco",
        "Pay, arrears and short-time work at large state-owned plants.",
        [r"\bwages?\b", r"salar", r"зарплат", r"заробк"],
        "wages at state enterprises",
        ["The government", "The Labour Ministry", "Minsk"],
        ["keeps wage growth in line with productivity",
         "reports steady average salaries",
         "repeats its wage targets"],
        ["sees wage arrears spread at state plants",
         "freezes public sector salaries",
         "moves state plants to part-time weeks and lower wages"],
        ["raises the minimum wage",
         "pays off wage arrears at large plants",
         "reports real salaries growing again"],
        ["Large machine-building plants carry the heaviest losses.",
         "Labour shortages push private employers to pay more.",
         "Official statistics show growth in nominal terms only.",
         "Trade unions are loyal and rarely raise complaints."],
        prominence=0.35,
    ),
    # ---------------------------------------------------------------- Foreign policy
    IssueSpec(
        "eu", "Relations with the European Union", "for",
        "Diplomatic and technical contacts between Minsk and the EU.",
        [r"\bEU\b", r"european union", r"brussels", r"евросоюз", r"еўрасаюз"],
        "relations with the European Union",
        ["Minsk", "Official Minsk", "The Foreign Ministry"],
        ["sees no movement with the EU",
         "keeps EU contacts at a technical level",
         "repeats its offer of dialogue to Brussels"],
        ["recalls its envoy from Brussels",
         "loses the last EU programmes",
         "faces a new EU ban on flights"],
        ["resumes technical talks with the EU",
         "wins a small EU visa concession",
         "hosts a European Union delegation"],
        ["Contacts are limited to consular matters and border issues.",
         "Several member states have closed their embassies in Minsk.",
         "Minsk insists that dialogue must come without preconditions.",
         "Trade with the bloc has fallen sharply in two years."],
        prominence=0.5, aliases=["Belarus–EU relations"],
    ),
    IssueSpec(
        "sanctions", "Western sanctions", "for",
        "Sanctions of the EU, the US, the UK and others, and attempts to get round them.",
        [r"sanction", r"санкц"],
        "Western sanctions",
        ["Minsk", "The government", "Belarus"],
        ["lives with existing sanctions",
         "sees no new sanctions this week",
         "keeps looking for ways around sanctions"],
        ["faces a fresh sanctions package",
         "is hit by sanctions on its banks",
         "sees sanctions widened to wood and steel"],
        ["wins a sanctions exemption for fertiliser",
         "sees a court annul some sanctions",
         "gets sanctions relief for aviation parts"],
        ["Trade is being rerouted through third countries.",
         "Each new package targets goods that are easy to trace.",
         "Businesses complain of blocked payments more than of bans.",
         "Officials claim the measures have only strengthened the economy."],
        prominence=0.55,
        ru=Lang(
            ["Новых санкций на этой неделе не появилось",
             "Минск продолжает искать обходы санкций"],
            ["Против Беларуси ввели новый пакет санкций",
             "Санкции распространили на банки"],
            ["Для удобрений сделали исключение из санкций",
             "Суд отменил часть санкций"],
            ["Торговля идёт через третьи страны.",
             "Бизнес больше жалуется на блокировку платежей, чем на запреты."],
        ),
    ),
    IssueSpec(
        "migrants", "Migrant crisis on the western border", "for",
        "Migrants brought to the borders with the EU and the standoff that followed.",
        [r"migrant", r"мигрант", r"мігрант"],
        "the migrant standoff on the western border",
        ["Minsk", "The border service", "The government"],
        ["keeps migrants camped near the frontier",
         "holds migrant flows at the same level",
         "blames neighbours for the migrant deadlock"],
        ["pushes more migrants toward the frontier",
         "opens new migrant routes via the capital's airport",
         "escalates the migrant standoff"],
        ["flies migrants home on charter flights",
         "clears the migrant camp",
         "cuts migrant flights from the Middle East"],
        ["Travel agencies sold tourist visas in large numbers.",
         "Neighbouring states built fences and declared emergencies.",
         "Aid workers report people stranded in the forest in the cold.",
         "Minsk presents the crisis as a humanitarian matter for others to solve."],
        prominence=0.6, start=D("2021-06-21"), end=D("2023-03-27"),
        aliases=["Border migrant crisis"],
    ),
    IssueSpec(
        "china", "Relations with China", "for",
        "Investment, loans and political contacts with China.",
        [r"\bchina\b", r"chinese", r"beijing", r"\bкита", r"\bкіта"],
        "relations with China",
        ["Minsk", "Belarus", "The Foreign Ministry"],
        ["keeps Chinese projects at the same modest scale",
         "waits for Beijing's investment",
         "praises China without new deals"],
        ["sees Chinese investors pull back",
         "loses Chinese credit lines",
         "meets a cool response in Beijing"],
        ["signs new deals with China",
         "gets Chinese credit for industry",
         "wins Beijing's backing for the industrial park"],
        ["The industrial park near Minsk still has many empty plots.",
         "Trade is heavily unbalanced in the partner's favour.",
         "Visits at the top level produce many memoranda and few contracts.",
         "Belarusian food exports are the hope for closing the gap."],
        prominence=0.35,
    ),
    IssueSpec(
        "ukraine", "Relations with Ukraine", "for",
        "Relations with Ukraine, before and during the war.",
        [r"ukrain", r"\bkyiv", r"украин", r"украін"],
        "relations with Ukraine",
        ["Minsk", "Official Minsk", "Belarus"],
        ["keeps the Ukraine crossing points closed",
         "repeats neutrality claims toward Ukraine",
         "avoids contact with Kyiv"],
        ["lets its territory be used against Ukraine",
         "hears Kyiv's warnings of a new threat",
         "mines roads toward Ukraine"],
        ["reopens a humanitarian channel with Kyiv",
         "calms tensions along the Ukraine frontier",
         "returns Ukrainian citizens held in custody"],
        ["The frontier runs for more than a thousand kilometres through forest and marsh.",
         "Minsk insists it poses no threat to its southern neighbour.",
         "Trade between the two countries has fallen steeply.",
         "Family ties across the frontier are dense, yet crossings are few."],
        prominence=0.55,
    ),
    IssueSpec(
        "ltpl", "Relations with Lithuania and Poland", "for",
        "Border crossings, transit and diplomatic quarrels with the two neighbours.",
        [r"lithuania", r"\bpol(?:and|ish)\b", r"vilnius", r"warsaw", r"\bлитв", r"\bпольш",
         r"\bлітв", r"\bпольшч"],
        "relations with Lithuania and Poland",
        ["Minsk", "Official Minsk", "The Foreign Ministry"],
        ["keeps crossings with Lithuania and Poland half open",
         "trades accusations with Warsaw",
         "sees no thaw with Vilnius"],
        ["loses another crossing on the Polish frontier",
         "expels a Lithuanian diplomat",
         "faces Warsaw's new transit ban"],
        ["sees a Polish crossing reopen",
         "agrees a fix for truck queues with Lithuania",
         "restores diplomat numbers with Warsaw"],
        ["Lorries wait for days at the remaining crossings.",
         "Both neighbours host large Belarusian diasporas.",
         "Minsk accuses them of hosting the opposition.",
         "Rail transit to Kaliningrad is a permanent source of friction."],
        prominence=0.45,
    ),
    IssueSpec(
        "africa", "Outreach to Africa and Asia", "for",
        "Minsk's search for new partners in Africa and Asia.",
        [r"\bafrica", r"\basia"],
        "outreach to Africa and Asia",
        ["Minsk", "Belarus", "The President"],
        ["keeps courting African partners",
         "sends delegations to Asia with little result",
         "talks about Africa but signs little"],
        ["loses an African tractor deal",
         "sees Asian partners cancel a visit",
         "fails to deliver promised goods to Africa"],
        ["signs tractor kit deals in Africa",
         "opens a trade house in Asia",
         "wins new African orders"],
        ["Tractors, lorries and fertiliser are the main offer.",
         "Payment terms are often paid for with credits from Minsk.",
         "Agreements are signed during short presidential visits.",
         "Diplomats speak of a far arc of partners."],
        prominence=0.3, start=D("2022-03-07"),
    ),
    # ---------------------------------------------------------------- Belarus–Russia
    IssueSpec(
        "unionstate", "Union State integration programmes", "bru",
        "The sectoral programmes of the Union State and the pace of integration.",
        [r"union state", r"integration programme", r"союзн", r"саюзн"],
        "the Union State integration programmes",
        ["Minsk and Moscow", "The two governments", "The partners"],
        ["report Union State programmes on schedule",
         "hold routine Union State meetings",
         "review integration programmes without new steps"],
        ["clash over the pace of Union State programmes",
         "see Union State talks stall over money",
         "quarrel about integration programmes"],
        ["close several Union State programmes",
         "agree new Union State steps",
         "sign off on integration programmes"],
        ["Twenty-eight programmes were signed, most of them technical.",
         "Minsk insists that sovereignty is not on the table.",
         "Moscow wants faster progress on common rules.",
         "Progress reports are presented at the annual council."],
        prominence=0.55, aliases=["Union State"],
        ru=Lang(
            ["Союзные программы выполняются по графику",
             "Заседание союзных органов прошло без решений"],
            ["Союзные программы буксуют из-за денег",
             "Минск и Москва спорят о темпах союзной интеграции"],
            ["Стороны закрыли несколько союзных программ",
             "Согласованы новые шаги союзной интеграции"],
            ["Большинство программ носит технический характер.",
             "Минск настаивает, что суверенитет не обсуждается."],
        ),
        be=Lang(
            ["Саюзныя праграмы выконваюцца па графіку",
             "Пасяджэнне саюзных органаў прайшло без рашэнняў"],
            ["Саюзныя праграмы буксуюць праз грошы",
             "Мінск і Масква спрачаюцца пра тэмпы саюзнай інтэграцыі"],
            ["Бакі закрылі некалькі саюзных праграм",
             "Узгоднены новыя крокі саюзнай інтэграцыі"],
            ["Большасць праграм мае тэхнічны характар.",
             "Мінск настойвае, што суверэнітэт не абмяркоўваецца."],
        ),
    ),
    IssueSpec(
        "gas", "Russian gas prices and loans", "bru",
        "The price of Russian gas for Belarus and Russian state loans.",
        [r"\bgas\b", r"\bloans?\b", r"\bгаз", r"кредит", r"крэдыт"],
        "Russian gas prices and loans",
        ["Moscow", "The Kremlin", "Gazprom"],
        ["keeps the gas price frozen for Minsk",
         "rolls over old loans",
         "holds gas talks with no result"],
        ["refuses a new loan",
         "raises the gas price for next year",
         "delays a loan tranche"],
        ["grants a new state loan",
         "cuts the gas price",
         "defers loan repayments"],
        ["The price is set in Russian roubles for the first time.",
         "Earlier credits have been restructured twice.",
         "Minsk asks for a price equal to that in Russian regions.",
         "The terms are agreed at the very top and rarely published."],
        prominence=0.45,
        ru=Lang(
            ["Стоимость газа для Минска остаётся прежней",
             "Старые кредиты снова пролонгировали"],
            ["Москва отказала в новом кредите",
             "Газ для Беларуси подорожает в следующем году"],
            ["Россия выделила новый кредит",
             "Стоимость газа снизили"],
            ["Условия согласуют на самом верху и редко публикуют.",
             "Прежние займы уже дважды реструктурировали."],
        ),
    ),
    IssueSpec(
        "tax", "Tax and currency harmonisation", "bru",
        "Harmonisation of tax codes and talk of a common currency.",
        [r"\btax", r"currency", r"налог", r"валют", r"падатк"],
        "tax and currency harmonisation",
        ["Minsk and Moscow", "The two finance ministries", "The negotiators"],
        ["keep tax harmonisation talks going",
         "leave the single currency off the table",
         "make no progress on tax rules"],
        ["clash over the tax manoeuvre",
         "argue over a common currency",
         "fail to agree on tax codes"],
        ["agree a common approach to indirect tax",
         "sign a tax protocol",
         "settle the currency clearing dispute"],
        ["Indirect levies are the first target of the agreements.",
         "Minsk fears losing control over its own revenue.",
         "A single regulator for the two markets is still under discussion.",
         "Officials avoid dates for the next steps."],
        prominence=0.3,
    ),
    IssueSpec(
        "language", "Language and cultural policy", "bru",
        "The place of the Belarusian language and Russian cultural influence.",
        [r"\blanguage", r"russian world", r"\bмов", r"\bмоў", r"\bязык"],
        "language and cultural policy",
        ["Minsk", "The Education Ministry", "The government"],
        ["keeps Belarusian language classes at the same low level",
         "promotes the Russian World quietly",
         "leaves language policy where it was"],
        ["cuts Belarusian language teaching hours",
         "bans books in the Belarusian language",
         "signs a Russian World youth programme"],
        ["opens new Belarusian language classes",
         "restores a language award",
         "funds Belarusian language publishing"],
        ["Most urban schools teach in Russian.",
         "Parents rarely file requests for classes in Belarusian.",
         "Cultural events from Russia are well funded.",
         "Independent publishers have moved abroad."],
        prominence=0.3,
        be=Lang(
            ["Беларуская мова ў школах застаецца на ранейшым узроўні",
             "Моўная палітыка не зрушылася з месца"],
            ["Гадзіны беларускай мовы ў школах скарацілі",
             "Кнігі на беларускай мове трапілі ў спіс забароненых"],
            ["У Мінску адкрыліся новыя класы з беларускай мовай",
             "Дзяржава прафінансавала выданні на беларускай мове"],
            ["Большасць гарадскіх школ выкладае па-руску.",
             "Бацькі рэдка пішуць заявы на класы з навучаннем па-беларуску."],
        ),
    ),
    IssueSpec(
        "forum", "Interregional cooperation forum", "bru",
        "The annual forum of Belarusian and Russian regions and its contracts.",
        [r"\bforum", r"форум"],
        "the annual forum of the regions",
        ["Minsk and Moscow", "Regional delegations", "The two sides"],
        ["prepare the regional forum as usual",
         "repeat forum pledges from last year",
         "hold a forum without new contracts"],
        ["cut the forum programme short",
         "see forum contracts fall apart",
         "quarrel over forum trade figures"],
        ["sign record contracts at the forum",
         "add new regions to the forum",
         "report forum deals worth more than last year"],
        ["The event is held every summer in a different city.",
         "Most contracts are renewals of existing supplies.",
         "Regional leaders compete for the largest totals.",
         "Figures announced at the event are rarely checked later."],
        prominence=0.7,
        windows=[(D("2021-05-17"), D("2021-07-12")), (D("2022-05-16"), D("2022-07-11")),
                 (D("2023-05-15"), D("2023-07-10"))],
    ),
    # ---------------------------------------------------------------- The ruling elite
    IssueSpec(
        "cabinet", "Cabinet reshuffles", "eli",
        "Appointments and dismissals in the government.",
        [r"reshuffl", r"cabinet", r"перестанов", r"перастаноў"],
        "the make-up of the cabinet",
        ["The President", "The head of state", "Minsk"],
        ["leaves the cabinet intact",
         "keeps ministers in place despite reshuffle rumours",
         "postpones the expected reshuffle"],
        ["fires the cabinet's economic team",
         "makes a chaotic reshuffle",
         "sacks two ministers in a cabinet purge"],
        ["appoints technocrats in a calm reshuffle",
         "brings a reform-minded deputy into the cabinet",
         "completes the cabinet reshuffle smoothly"],
        ["Ministers rarely last more than three years in post.",
         "Appointees increasingly come from the security services.",
         "The prime minister has little room for his own choices.",
         "Dismissals are usually announced at a public meeting."],
        prominence=0.35,
    ),
    IssueSpec(
        "siloviki", "Security bloc appointments", "eli",
        "Personnel changes in the KGB, the Interior Ministry and other security agencies.",
        [r"security bloc", r"\bKGB\b", r"siloviki", r"силов", r"сілав", r"\bКГБ\b"],
        "the security bloc",
        ["The President", "The head of state", "Minsk"],
        ["keeps the security bloc leadership in place",
         "relies on the same siloviki",
         "leaves the KGB chief in post"],
        ["purges the security bloc after a leak",
         "gives the siloviki broader powers",
         "hands the KGB new control over courts"],
        ["reins in the siloviki",
         "moves a hardliner out of the security bloc",
         "limits KGB powers in a new decree"],
        ["Loyalty during the 2020 protests decided most careers.",
         "Rivalry between agencies is a constant theme.",
         "Generals are moved between posts rather than dismissed.",
         "New appointees are younger and have no Western ties."],
        prominence=0.35,
        ru=Lang(
            ["Руководство силового блока остаётся прежним",
             "Президент опирается на тех же силовиков"],
            ["Силовой блок получил новые полномочия",
             "После утечки начались чистки в силовом блоке"],
            ["Президент ограничил полномочия силовиков",
             "Одного из силовиков-ястребов перевели на другую должность"],
            ["Лояльность в 2020 году определила большинство карьер.",
             "Соперничество между ведомствами остаётся постоянной темой."],
        ),
    ),
    IssueSpec(
        "assembly", "Succession and the People's Assembly", "eli",
        "The new constitutional body and the question of succession.",
        [r"assembly", r"succession", r"собрани", r"\bсход"],
        "the People's Assembly and succession",
        ["The President", "The head of state", "The ruling camp"],
        ["keeps the Assembly's role vague",
         "avoids any talk of succession",
         "delays the Assembly statutes"],
        ["turns the Assembly into a second power centre",
         "stirs succession rumours",
         "packs the Assembly with loyalists"],
        ["clarifies the Assembly's powers",
         "sets a clear Assembly procedure",
         "calms succession rumours"],
        ["The body has more than a thousand delegates.",
         "Its chair would play a key role in a transition.",
         "Insiders expect the incumbent to chair it himself.",
         "The statutes were drafted behind closed doors."],
        prominence=0.4, start=D("2022-03-07"),
    ),
    IssueSpec(
        "governors", "Rotation of regional governors", "eli",
        "Appointments, dismissals and reprimands of regional governors.",
        [r"governor", r"губернатор", r"губернатар"],
        "the rotation of regional governors",
        ["The President", "The head of state", "Minsk"],
        ["keeps governors in their posts",
         "praises governors at a routine meeting",
         "makes no governor changes"],
        ["sacks a governor over the harvest",
         "reprimands governors publicly",
         "replaces two governors with generals"],
        ["rotates governors in an orderly way",
         "gives governors more fiscal freedom",
         "appoints a young governor in Brest"],
        ["Regional heads answer for the harvest and for order.",
         "Several of them come from the security services.",
         "Public reprimands are a common management tool.",
         "Regions have little fiscal autonomy."],
        prominence=0.3,
    ),
    IssueSpec(
        "corruption", "Anti-corruption campaign in the nomenklatura", "eli",
        "Corruption cases against officials and managers of state companies.",
        [r"corrupt", r"bribe", r"коррупц", r"карупц", r"хабар"],
        "the anti-corruption campaign",
        ["The State Control Committee", "The Prosecutor General's Office",
         "The Investigative Committee"],
        ["keeps the corruption cases coming at the usual pace",
         "reports routine corruption arrests",
         "continues its corruption audits"],
        ["arrests a deputy minister for corruption",
         "opens corruption cases against a whole ministry",
         "uses corruption charges to settle scores"],
        ["closes its corruption campaign in the dairy sector",
         "returns corruption-linked assets to the state",
         "wins praise for a corruption-free tender"],
        ["Most cases concern purchases at state plants.",
         "Officials who confess are often pardoned after paying damages.",
         "Campaigns tend to follow public criticism from the top.",
         "Managers say the checks paralyse decisions."],
        prominence=0.4,
        be=Lang(
            ["Справы пра карупцыю ідуць звычайным тэмпам",
             "Камітэт дзяржкантролю працягвае праверкі на карупцыю"],
            ["Намесніка міністра затрымалі за хабар",
             "Справы пра карупцыю выкарыстоўваюць для зводу рахункаў"],
            ["Кампанія супраць карупцыі ў малочнай галіне скончылася",
             "Тэндар без карупцыі атрымаў высокую ацэнку"],
            ["Большасць спраў датычыць закупак на дзяржаўных заводах.",
             "Кіраўнікі кажуць, што праверкі паралізуюць рашэнні."],
        ),
    ),
]  # fmt: skip

# Bursts of deterioration (and a few of improvement) around invented events:
# (first Monday, weeks, {issue key: extra probability}).
WORSE_EVENTS: list[tuple[str, int, dict[str, float]]] = [
    ("2021-05-24", 6, {"sanctions": 0.6, "eu": 0.55, "ltpl": 0.45, "media": 0.45}),
    ("2021-07-05", 18, {"migrants": 0.5, "eu": 0.35, "ltpl": 0.45, "sanctions": 0.3,
                        "ngos": 0.4}),
    ("2021-11-08", 3, {"migrants": 0.75}),
    ("2022-01-17", 5, {"exercises": 0.55, "troops": 0.55}),
    ("2022-02-21", 8, {"ukraine": 0.75, "troops": 0.55, "sanctions": 0.65, "eu": 0.45,
                       "inflation": 0.5, "potash": 0.5, "oil": 0.45, "budget": 0.4, "it": 0.45,
                       "constitution": 0.45, "exercises": 0.35, "wages": 0.25}),
    ("2022-06-06", 6, {"budget": 0.45, "oil": 0.35, "wages": 0.35, "parties": 0.4}),
    ("2022-10-10", 5, {"troops": 0.45, "exercises": 0.35, "territorial": 0.55}),
    ("2023-03-27", 4, {"troops": 0.45, "siloviki": 0.25}),
    ("2023-06-19", 5, {"siloviki": 0.45, "troops": 0.45, "ltpl": 0.5, "cabinet": 0.3}),
    ("2023-09-04", 6, {"parties": 0.5, "elections": 0.4, "prisoners": 0.3}),
]  # fmt: skip
BETTER_EVENTS: list[tuple[str, int, dict[str, float]]] = [
    ("2021-03-01", 6, {"inflation": 0.3}),
    ("2021-11-22", 5, {"migrants": 0.45}),
    ("2022-09-05", 6, {"africa": 0.4, "china": 0.3}),
    ("2023-01-09", 6, {"inflation": 0.35, "budget": 0.3, "wages": 0.3}),
    ("2023-07-10", 4, {"prisoners": 0.35}),
    ("2023-10-02", 6, {"china": 0.3, "gas": 0.3}),
]

# --------------------------------------------------------------------------- generic text

OPENERS = {
    "unchanged": [
        "Nothing of substance moved on {topic} this week.",
        "The week brought no real shift in {topic}.",
        "On {topic}, events followed the familiar script.",
        "There was no visible movement on {topic}.",
    ],
    "deteriorated": [
        "Tension around {topic} rose sharply.",
        "The week brought alarming signals on {topic}.",
        "After a quiet spell, {topic} slid backwards.",
        "The authorities took a harder line on {topic}.",
    ],
    "improved": [
        "There were cautious signs of relief on {topic}.",
        "The week brought rare good news on {topic}.",
        "On {topic}, events moved in a more hopeful direction.",
        "A small step forward was made on {topic}.",
    ],
}
ANALYSIS = [
    "Officials in Minsk keep the key decisions within a narrow circle.",
    "State television mentions the subject only in passing.",
    "Much depends on signals from Moscow, which rarely come in public.",
    "Analysts advise watching personnel decisions rather than statements.",
    "External factors weigh more heavily than domestic ones for now.",
    "The official rhetoric stays the same, although details keep shifting.",
    "A similar pattern was visible a year ago, and it ended without a breakthrough.",
    "Sources close to the government describe the mood as cautious.",
    "Decision-making remains personalised and hard to predict.",
    "Regional officials wait for clear instructions before acting.",
    "Western capitals watch the matter closely but have few levers left.",
    "The state press frames every step as a sign of stability.",
]
OUTLOOK = {
    "unchanged": [
        "No shift is expected in the coming weeks.",
        "The current course is likely to hold until the next political cycle.",
        "Barring an external shock, the picture should stay as it is.",
    ],
    "deteriorated": [
        "Further escalation cannot be ruled out in the coming weeks.",
        "The authorities are likely to answer criticism with more pressure.",
        "Recovery, if any, will take months rather than weeks.",
    ],
    "improved": [
        "The gains are fragile and may be reversed quickly.",
        "If the trend holds, further small steps are possible.",
        "Minsk will try to present the shift as proof of its flexibility.",
    ],
}
CYR_OPENERS = {
    "ru": {
        "unchanged": ["На этой неделе заметных сдвигов не произошло.",
                      "Всё развивается по привычному сценарию."],
        "deteriorated": ["Напряжённость заметно выросла.", "Неделя принесла тревожные сигналы."],
        "improved": ["Появились признаки разрядки.",
                     "Неделя принесла осторожно позитивные новости."],
    },
    "be": {
        "unchanged": ["На гэтым тыдні прыкметных зрухаў не адбылося.",
                      "Усё развіваецца па звыклым сцэнары."],
        "deteriorated": ["Напружанасць прыкметна вырасла.", "Тыдзень прынёс трывожныя сігналы."],
        "improved": ["З'явіліся прыкметы разрадкі.",
                     "Тыдзень прынёс асцярожна пазітыўныя навіны."],
    },
}  # fmt: skip
CYR_ANALYSIS = {
    "ru": [
        "Эксперты не ожидают быстрых перемен в ближайшие недели.",
        "Государственное телевидение почти не касается этой темы.",
        "Решения по-прежнему принимаются в узком кругу.",
        "Многое будет зависеть от позиции Москвы.",
        "Аналитики советуют следить за кадровыми решениями, а не за заявлениями.",
        "Официальная риторика прежняя, хотя детали меняются.",
        "Похожая картина уже наблюдалась в прошлом году.",
    ],
    "be": [
        "Эксперты не чакаюць хуткіх пераменаў у бліжэйшыя тыдні.",
        "Дзяржаўнае тэлебачанне амаль не закранае гэтую тэму.",
        "Рашэнні па-ранейшаму прымаюцца ў вузкім коле.",
        "Шмат што будзе залежаць ад пазіцыі Масквы.",
        "Аналітыкі раяць сачыць за кадравымі рашэннямі, а не за заявамі.",
        "Афіцыйная рыторыка ранейшая, хоць дэталі мяняюцца.",
        "Падобная карціна ўжо назіралася летась.",
    ],
}
AUTHORS = {
    "sec": ["Andrei Hlebau", "Maryna Sakalova"],
    "dom": ["Iryna Drazdova", "Paval Rusak"],
    "eco": ["Anna Kavalenka", "Dzmitry Lis"],
    "for": ["Volha Zhuk", "Siarhei Nemcau"],
    "bru": ["Kiryl Baranau", "Alena Shved"],
    "eli": ["Tatsiana Lapko", "Ihar Mazur"],
}

# Words a verdict vocabulary might take for a verdict; kept out of headlines and leads.
VERDICT_WORDS = re.compile(
    r"improv|worse|deteriorat|\bchanged?\b|better|улучш|ухудш|измени|палепш|пагорш|змяні",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- dates


def week_line(start: date, lang: str, *, year: bool = True) -> str:
    """A week range as a bulletin prints it: "July 15 – July 21, 2019", "9 – 15 жніўня 2021"."""
    end = start + timedelta(days=6)
    months = MONTHS[lang]
    if lang == "en":
        text = f"{months[start.month - 1]} {start.day} – {months[end.month - 1]} {end.day}"
        return f"{text}, {end.year}" if year else text
    if start.month == end.month:
        text = f"{start.day} – {end.day} {months[end.month - 1]}"
    else:
        text = f"{start.day} {months[start.month - 1]} – {end.day} {months[end.month - 1]}"
    return f"{text} {end.year}" if year else text


def mondays() -> list[date]:
    weeks = []
    day = FIRST_WEEK
    while day <= LAST_WEEK:
        weeks.append(day)
        day += timedelta(days=7)
    return weeks


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --------------------------------------------------------------------------- simulation


@dataclass
class Item:
    """One generated commentary."""

    issue: IssueSpec
    week: date
    status: str | None  # None: the page states no verdict
    language: str
    headline: str
    lead: str
    paragraphs: list[str]
    fmt: str = ""
    furniture: bool = False
    authors: list[str] = field(default_factory=list)

    @property
    def section(self) -> str:
        """The section as the page prints it (see LOCALISED_SECTIONS)."""
        language = self.language if LOCALISED_SECTIONS else "en"
        return SECTIONS[self.issue.section][language]

    @property
    def section_en(self) -> str:
        return SECTIONS[self.issue.section]["en"]

    @property
    def slug(self) -> str:
        return f"{self.week.isoformat()}-{self.issue.key}"

    @property
    def url(self) -> str:
        lang = "" if self.language == "en" else f"/{self.language}"
        return f"{BASE_URL}{lang}/{self.week.year}/{self.week:%m}/{self.issue.key}-{self.week:%d}"


def active_weeks(spec: IssueSpec, weeks: list[date], rng: random.Random) -> set[date]:
    """The weeks an issue is on the agenda: its life span minus pauses (or its windows)."""
    if spec.windows:
        return {w for w in weeks if any(a <= w <= b for a, b in spec.windows)}
    alive = [w for w in weeks if spec.start <= w <= spec.end]
    paused: set[date] = set()
    for _ in range(rng.choice([0, 1, 1, 2])):
        if len(alive) < 30:
            break
        first = rng.randrange(8, len(alive) - 12)
        paused.update(alive[first : first + rng.randint(5, 12)])
    return set(alive) - paused


def event_boost(events: list[tuple[str, int, dict[str, float]]], key: str, week: date) -> float:
    boost = 0.0
    for first, length, effects in events:
        start = D(first)
        if key in effects and start <= week < start + timedelta(weeks=length):
            boost = max(boost, effects[key])
    return boost


def simulate(rng: random.Random) -> list[Item]:
    weeks = mondays()
    active = {spec.key: active_weeks(spec, weeks, rng) for spec in ISSUES}
    history: dict[str, list[tuple[date, str | None]]] = {spec.key: [] for spec in ISSUES}
    items: list[Item] = []
    for week in weeks:
        by_section: dict[str, list[IssueSpec]] = {}
        for spec in ISSUES:
            if week not in active[spec.key]:
                continue
            worse = event_boost(WORSE_EVENTS, spec.key, week)
            better = event_boost(BETTER_EVENTS, spec.key, week)
            chance = 0.95 if (worse or better) else spec.prominence
            if rng.random() < chance:
                by_section.setdefault(spec.section, []).append(spec)
        # Every section that has live issues appears at least once a week; at most three.
        for section in SECTIONS:
            chosen = by_section.get(section, [])
            if not chosen:
                live = [s for s in ISSUES if s.section == section and week in active[s.key]]
                if live:
                    chosen = [max(live, key=lambda s: (s.prominence, s.key))]
            chosen = sorted(chosen, key=lambda s: s.key)
            if len(chosen) > 3:
                chosen = rng.sample(chosen, 3)
            for spec in chosen:
                items.append(write_item(spec, week, history[spec.key], rng))
    return items


def next_status(
    spec: IssueSpec, week: date, past: list[tuple[date, str | None]], rng: random.Random
) -> str:
    previous = next((s for _, s in reversed(past) if s), "unchanged")
    p_worse = 0.06 + event_boost(WORSE_EVENTS, spec.key, week)
    p_better = 0.04 + event_boost(BETTER_EVENTS, spec.key, week)
    if previous == "deteriorated":
        p_worse += 0.2
        p_better += 0.03
    elif previous == "improved":
        p_better += 0.1
    roll = rng.random()
    if roll < p_worse:
        return "deteriorated"
    if roll < p_worse + p_better:
        return "improved"
    return "unchanged"


def write_item(
    spec: IssueSpec, week: date, past: list[tuple[date, str | None]], rng: random.Random
) -> Item:
    status = next_status(spec, week, past, rng)
    language = "en"
    roll = rng.random()
    if spec.ru and roll < 0.22:
        language = "ru"
    elif spec.be and 0.22 <= roll < 0.36:
        language = "be"
    key = {"unchanged": "same", "deteriorated": "worse", "improved": "better"}[status]
    if language == "en":
        headline = f"{rng.choice(spec.subjects)} {rng.choice(getattr(spec, key))}"
        facts = rng.sample(spec.facts, 3)
        topic = spec.topic
        opener = rng.choice(OPENERS[status]).format(topic=topic)
        lead = f"{opener[0].upper()}{opener[1:]} {facts[0]}"
        streak = streak_sentence(status, week, past)
        first = " ".join([facts[1], facts[2], *([streak] if streak else [])])
        analysis = rng.sample(ANALYSIS, 3)
        paragraphs = [first, " ".join(analysis[:2]), f"{analysis[2]} {rng.choice(OUTLOOK[status])}"]
    else:
        lang = spec.ru if language == "ru" else spec.be
        assert lang is not None
        headline = rng.choice(getattr(lang, key))
        analysis = rng.sample(CYR_ANALYSIS[language], 4)
        lead = f"{rng.choice(CYR_OPENERS[language][status])} {lang.facts[0]} {analysis[3]}"
        paragraphs = [f"{lang.facts[1]} {analysis[0]}", f"{analysis[1]} {analysis[2]}"]
    past.append((week, status))
    authors = [rng.choice(AUTHORS[spec.section])]
    return Item(spec, week, status, language, headline, lead, paragraphs, authors=authors)


def streak_sentence(status: str, week: date, past: list[tuple[date, str | None]]) -> str:
    stated = [(w, s) for w, s in past if s]
    if not stated:
        return ""
    if status == "unchanged":
        run = 0
        for _, s in reversed(stated):
            if s != "unchanged":
                break
            run += 1
        if run >= 3:
            return f"This is the {ordinal(run + 1)} assessment in a row with no notable shift."
        return ""
    since = next((w for w, s in reversed(stated) if s == status), None)
    word = "setback" if status == "deteriorated" else "positive step"
    if since is None:
        return f"It is the first {word} recorded in this series."
    if (week - since).days > 60:
        return f"It is the first {word} since {since:%B %Y}."
    return ""


# --------------------------------------------------------------------------- formats

FURNITURE_EN = """You have been successfully subscribed

Subscribe to our newsletter

Once a week our group of analysts sends a short digest of commentaries on politics, the \
economy and security in Belarus, in English, Russian and Belarusian.

Situation in Belarus

{sidebar}
View all

Subscribe to us

Read more"""


def render_text(item: Item) -> str:
    lines = [week_line(item.week, item.language), item.section, "", item.headline, ""]
    if item.status is not None:
        lines += [VERDICTS[item.language][item.status], item.headline, ""]
    lines += [item.lead, ""]
    for paragraph in item.paragraphs:
        lines += [paragraph, ""]
    text = "\n".join(lines).rstrip("\n") + "\n"
    if item.furniture:
        sidebar = week_line(item.week - timedelta(days=7), item.language, year=False)
        text += "\n" + FURNITURE_EN.format(sidebar=sidebar)
    return text


HTML_UI = {
    "en": {"home": "Home", "about": "About", "subscribe": "Subscribe", "sidebar":
           "Situation in Belarus", "all": "View all", "more": "Read more", "rights":
           "All rights reserved.", "follow": "Follow us"},
    "ru": {"home": "Главная", "about": "О проекте", "subscribe": "Подписаться", "sidebar":
           "Ситуация в Беларуси", "all": "Смотреть все", "more": "Читать далее", "rights":
           "Все права защищены.", "follow": "Мы в соцсетях"},
    "be": {"home": "Галоўная", "about": "Пра праект", "subscribe": "Падпісацца", "sidebar":
           "Сітуацыя ў Беларусі", "all": "Глядзець усе", "more": "Чытаць далей", "rights":
           "Усе правы абароненыя.", "follow": "Мы ў сацсетках"},
}  # fmt: skip


def render_html(item: Item, neighbours: list[Item]) -> str:
    e = html.escape
    ui = HTML_UI[item.language]
    nav = "\n".join(
        f'        <li><a href="{BASE_URL}/section/{key}">{e(names[item.language])}</a></li>'
        for key, names in SECTIONS.items()
    )
    side = "\n".join(
        f'        <li><a href="{other.url}">{e(other.headline)}</a></li>' for other in neighbours
    )
    verdict = ""
    if item.status is not None:
        verdict = (
            f'      <div class="status status--{item.status}">'
            f"{e(VERDICTS[item.language][item.status])}</div>\n"
        )
    body = "\n".join(f"      <p>{e(p)}</p>" for p in item.paragraphs)
    sidebar_week = week_line(item.week - timedelta(days=7), item.language, year=False)
    return f"""<!DOCTYPE html>
<!-- {MARK} -->
<html lang="{item.language}">
<head>
  <meta charset="utf-8">
  <title>{e(item.headline)} | Weekly Bulletin</title>
  <link rel="stylesheet" href="/static/site.css">
  <link rel="canonical" href="{item.url}">
</head>
<body>
  <header class="site-header">
    <a class="logo" href="{BASE_URL}/">Weekly Bulletin</a>
    <nav class="lang"><a href="{BASE_URL}/">EN</a> <a href="{BASE_URL}/ru/">RU</a> \
<a href="{BASE_URL}/be/">BE</a></nav>
    <nav class="main">
      <ul>
        <li><a href="{BASE_URL}/">{e(ui["home"])}</a></li>
{nav}
        <li><a href="{BASE_URL}/about">{e(ui["about"])}</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article class="commentary">
      <div class="week">{e(week_line(item.week, item.language))}</div>
      <div class="section"><a href="{BASE_URL}/section/{item.issue.section}">\
{e(item.section)}</a></div>
      <h1>{e(item.headline)}</h1>
{verdict}      <p class="lead">{e(item.lead)}</p>
{body}
    </article>
    <aside class="sidebar">
      <h2>{e(ui["sidebar"])}</h2>
      <div class="week">{e(sidebar_week)}</div>
      <ul>
{side}
      </ul>
      <a class="all" href="{BASE_URL}/archive">{e(ui["all"])}</a>
      <form class="subscribe"><input type="email" placeholder="e-mail">\
<button>{e(ui["subscribe"])}</button></form>
    </aside>
  </main>
  <footer>
    <p>{e(ui["follow"])}: Telegram · Facebook · X</p>
    <p>© {item.week.year} Weekly Bulletin (synthetic demo). {e(ui["rights"])}</p>
  </footer>
</body>
</html>
"""


def yaml_str(value: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_markdown(item: Item, *, verdict_phrase: bool, with_issue: bool) -> str:
    lines = [
        "---",
        f"# {MARK}",
        f"headline: {yaml_str(item.headline)}",
        f"section: {yaml_str(item.section_en)}",
    ]
    if item.status is not None:
        if verdict_phrase:  # the verdict line as printed, which the vocabulary maps
            lines.append(f"status: {yaml_str(VERDICTS[item.language][item.status])}")
        else:
            lines.append(f"status: {item.status}")
    lines += [
        f"week_start: {item.week.isoformat()}",
        f"week_end: {(item.week + timedelta(days=6)).isoformat()}",
        f"language: {item.language}",
        "authors:",
        *[f"  - {yaml_str(a)}" for a in item.authors],
        f"url: {item.url}",
        f"source: {yaml_str(SOURCE)}",
    ]
    if with_issue:
        lines.append(f"issue: {yaml_str(item.issue.name)}")
    lines += ["---", "", item.lead, ""]
    for paragraph in item.paragraphs:
        lines += [paragraph, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


CSV_COLUMNS = [
    "week_start",
    "week_end",
    "section",
    "headline",
    "status",
    "lead",
    "body",
    "language",
    "url",
    "issue",
]


def render_csv(items: list[Item]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow(
            [
                item.week.isoformat(),
                (item.week + timedelta(days=6)).isoformat(),
                item.section_en,
                item.headline,
                item.status or "",
                item.lead,
                "\n\n".join(item.paragraphs),
                item.language,
                item.url,
                item.issue.name,
            ]
        )
    return out.getvalue()


def render_listing(items: list[Item], section_key: str) -> str:
    """A section listing page: headline and week pairs, no bodies, no verdicts."""
    name = SECTIONS[section_key]["en"]
    lines = [name, "", "All commentaries in this section", ""]
    for item in items:
        lines += [item.headline, week_line(item.week, "en"), ""]
    lines += ["View all", "", "Subscribe to us", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- register


def toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_literal(value: str) -> str:
    assert "'" not in value, value
    return f"'{value}'"


def render_register() -> str:
    lines = [
        f"# {MARK}",
        "# The issue register of the demo archive (written by data/generate.py; edit there).",
        "# Each issue links the commentaries whose headline or lead matches one of its regexes.",
        "",
    ]
    for spec in ISSUES:
        lines += [
            "[[issue]]",
            f"name = {toml_str(spec.name)}",
            f"section = {toml_str(SECTIONS[spec.section]['en'])}",
            f"description = {toml_str(spec.description)}",
            f"aliases = [{', '.join(toml_str(a) for a in spec.aliases)}]",
            "",
            "[issue.rules]",
            f"regex = [{', '.join(toml_literal('(?i)' + p) for p in spec.patterns)}]",
            "",
        ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- checks


def check(items: list[Item]) -> list[str]:
    """Every headline and lead matches its own issue's patterns and no other issue's."""
    compiled = {s.key: [re.compile(p, re.IGNORECASE) for p in s.patterns] for s in ISSUES}
    problems: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    for item in items:
        for part, text in (("headline", item.headline), ("lead", item.lead)):
            if (item.issue.key, part, text) in seen:
                continue
            seen.add((item.issue.key, part, text))
            hits = {k for k, pats in compiled.items() if any(p.search(text) for p in pats)}
            if part == "headline" and item.issue.key not in hits:
                problems.append(f"{item.issue.key}: {part} misses its issue: {text}")
            others = hits - {item.issue.key}
            if others:
                problems.append(f"{item.issue.key}: {part} also matches {sorted(others)}: {text}")
            if VERDICT_WORDS.search(text):
                problems.append(f"{item.issue.key}: {part} has a verdict word: {text}")
    for spec in ISSUES:
        for alias in spec.aliases:
            if not any(re.search(p, alias, re.IGNORECASE) for p in spec.patterns):
                problems.append(f"{spec.key}: alias {alias!r} does not match its patterns")
    return problems


# --------------------------------------------------------------------------- main


def assign_formats(items: list[Item], rng: random.Random) -> None:
    """2021 goes to the CSV; later weeks become text, HTML or Markdown pages."""
    for item in items:
        if item.week.year == 2021:
            item.fmt = "csv"
            continue
        roll = rng.random()
        item.fmt = "txt" if roll < 0.45 else "html" if roll < 0.8 else "md"
        item.furniture = item.fmt == "txt" and item.language == "en" and rng.random() < 0.3
    pages = [i for i in items if i.fmt != "csv"]
    for item in rng.sample(pages, 9):  # pages that state no verdict
        item.status = None
    for item in rng.sample([i for i in items if i.fmt == "csv"], 3):
        item.status = None


def generate(out: Path) -> dict[str, int]:
    rng = random.Random(SEED)
    items = simulate(rng)
    assign_formats(items, rng)
    archive = out / "archive"
    if archive.exists():
        shutil.rmtree(archive)
    (archive / "csv").mkdir(parents=True)
    counts: dict[str, int] = {}

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")

    write(archive / "csv" / "verdicts-2021.csv", render_csv([i for i in items if i.fmt == "csv"]))
    counts["csv rows"] = sum(1 for i in items if i.fmt == "csv")
    by_week: dict[date, list[Item]] = {}
    for item in items:
        by_week.setdefault(item.week, []).append(item)
    for item in items:
        if item.fmt == "csv":
            continue
        folder = archive / "pages" / str(item.week.year)
        name = f"{item.slug}.{item.fmt}"
        if item.fmt == "txt":
            text = render_text(item)
        elif item.fmt == "html":
            neighbours = [
                o
                for o in by_week.get(item.week - timedelta(days=7), [])
                if o.language == item.language
            ][:4]
            text = render_html(item, neighbours)
        else:
            text = render_markdown(
                item, verdict_phrase=rng.random() < 0.4, with_issue=rng.random() < 0.3
            )
        write(folder / name, text)
        counts[item.fmt] = counts.get(item.fmt, 0) + 1
    listing = [
        i
        for i in items
        if i.issue.section == "sec" and i.language == "en" and i.week >= D("2023-10-02")
    ]
    write(
        archive / "pages" / "2023" / "listing-security-issues.txt",
        render_listing(list(reversed(listing)), "sec"),
    )
    counts["listing"] = 1
    write(out / "register.toml", render_register())
    counts["commentaries"] = len(items)
    counts["no verdict"] = sum(1 for i in items if i.status is None)
    counts["ru"] = sum(1 for i in items if i.language == "ru")
    counts["be"] = sum(1 for i in items if i.language == "be")
    problems = check(items)
    if problems:
        raise SystemExit("generated text breaks the linking rules:\n  " + "\n  ".join(problems))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write (default: data/)")
    args = parser.parse_args(argv)
    counts = generate(args.out)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
