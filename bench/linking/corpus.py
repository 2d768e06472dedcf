"""Phrase pools for the linking evaluation set (own writing; facts are real names and places).

Each issue has English headlines, leads and body sentences, and Russian ones whose first
entries are translations of the first English entries (index-aligned), so that a commentary
published in both languages can be generated as a real pair.  Section sentences are generic
remarks shared by every issue of a section: they give neighbouring issues common vocabulary,
as real bulletins do.
"""

from __future__ import annotations

from typing import TypedDict


class Pool(TypedDict, total=False):
    section: str
    years: tuple[int, int]
    en_head: list[str]
    en_lead: list[str]
    en_body: list[str]
    ru_head: list[str]
    ru_lead: list[str]
    ru_body: list[str]


SECTION_SENTENCES: dict[str, dict[str, list[str]]] = {
    "Security issues": {
        "en": [
            "The Belarusian Defence Ministry keeps its plans vague, as usual.",
            "Minsk is trying to show that it remains a reliable ally of Moscow while keeping "
            "some room for manoeuvre.",
            "The army leadership speaks of threats from the West, but its budget barely grows.",
            "Security cooperation with Russia remains the backbone of Belarusian military policy.",
        ],
        "ru": [
            "Министерство обороны Беларуси, как обычно, не раскрывает своих планов.",
            "Минск стремится показать, что остаётся надёжным союзником Москвы, сохраняя "
            "пространство для манёвра.",
            "Военное руководство говорит об угрозах с Запада, но бюджет армии почти не растёт.",
        ],
    },
    "Belarus–Russia relations": {
        "en": [
            "Relations between Minsk and Moscow have once again become a matter of bargaining.",
            "The Kremlin expects political concessions in exchange for economic support.",
            "Lukashenka said that Belarus would not become part of Russia under any circumstances.",
            "Russian officials keep repeating that subsidies must be linked to integration.",
        ],
        "ru": [
            "Отношения Минска и Москвы вновь превратились в предмет торга.",
            "Кремль ожидает политических уступок в обмен на экономическую поддержку.",
            "Лукашенко заявил, что Беларусь ни при каких обстоятельствах не станет частью России.",
        ],
    },
    "Economy": {
        "en": [
            "The government is in no hurry to reform the state sector.",
            "Economic growth slowed down and the authorities look for external financing.",
            "The Finance Ministry has to repay about three billion dollars of state debt "
            "this year.",
            "The National Bank warns that the room for stimulating the economy is limited.",
        ],
        "ru": [
            "Правительство не спешит реформировать государственный сектор.",
            "Экономический рост замедлился, и власти ищут внешнее финансирование.",
            "Минфину в этом году предстоит погасить около трёх миллиардов долларов госдолга.",
        ],
    },
    "Domestic politics": {
        "en": [
            "The authorities do not intend to loosen their grip on political life.",
            "The opposition remains fragmented and has little access to state media.",
            "Lukashenka once again promised stability and order.",
            "Independent observers doubt that the authorities will allow any real competition.",
        ],
        "ru": [
            "Власти не намерены ослаблять контроль над политической жизнью.",
            "Оппозиция остаётся раздробленной и почти не имеет доступа к государственным СМИ.",
            "Лукашенко в очередной раз пообещал стабильность и порядок.",
        ],
    },
    "Foreign policy": {
        "en": [
            "Minsk continues its multi-vector foreign policy, balancing between East and West.",
            "The Belarusian Foreign Ministry presents the talks as a diplomatic success.",
            "Official Minsk seeks to reduce its dependence on Russia through new partners.",
            "Western diplomats remain cautious about any rapprochement with Minsk.",
        ],
        "ru": [
            "Минск продолжает многовекторную внешнюю политику, балансируя между Востоком и "
            "Западом.",
            "МИД Беларуси представляет переговоры как дипломатический успех.",
            "Официальный Минск стремится снизить зависимость от России за счёт новых партнёров.",
        ],
    },
    "Society": {
        "en": [
            "Public trust in state institutions remains low.",
            "Civil society responds to the authorities' decisions with growing frustration.",
            "Opinion polls show that Belarusians are increasingly worried about their future.",
            "State television prefers not to discuss the topic.",
        ],
        "ru": [
            "Доверие общества к государственным институтам остаётся низким.",
            "Гражданское общество реагирует на решения властей растущим раздражением.",
            "Опросы показывают, что белорусы всё больше беспокоятся о своём будущем.",
        ],
    },
}


ISSUES: dict[str, Pool] = {
    # ------------------------------------------------------------------ Security issues
    "UN peacekeeping": {
        "section": "Security issues",
        "years": (2019, 2021),
        "en_head": [
            "Minsk wants to join UN peacekeeping for political reasons",
            "Belarus offers a company for the UN mission in Lebanon",
            "Belarusian peacekeepers still wait for a real mission",
            "Peacekeeping remains an image project for the Belarusian army",
            "Minsk discusses peacekeeping with the UN Secretariat again",
        ],
        "en_lead": [
            "For years the Belarusian authorities have spoken of joining UN missions, but "
            "the practical contribution remains symbolic.",
            "The Belarusian army could send a company to Lebanon, though no decision has "
            "been taken.",
            "Peacekeeping serves Minsk as a pretext for dialogue with Western capitals.",
        ],
        "en_body": [
            "A Belarusian military delegation attended a UN peacekeeping conference in New York.",
            "The peacekeeping company of the Belarusian army numbers about one hundred servicemen.",
            "Minsk mentions operations in Lebanon and the Central African Republic as "
            "possible destinations.",
            "The UN Secretariat announced its readiness to support Belarus' efforts to "
            "train peacekeepers.",
            "Belarusian officers have served as UN military observers in small numbers.",
            "The Belarusian contingent would serve within an Austrian battalion in southern "
            "Lebanon.",
        ],
        "ru_head": [
            "Минск хочет участвовать в миротворчестве ООН по политическим причинам",
            "Беларусь предлагает роту для миссии ООН в Ливане",
            "Белорусские миротворцы всё ещё ждут настоящей миссии",
        ],
        "ru_lead": [
            "Белорусские власти годами говорят об участии в миссиях ООН, но практический "
            "вклад остаётся символическим.",
            "Белорусская армия могла бы направить роту в Ливан, хотя решение не принято.",
        ],
        "ru_body": [
            "Белорусская военная делегация приняла участие в конференции ООН по "
            "миротворчеству в Нью-Йорке.",
            "Миротворческая рота белорусской армии насчитывает около ста военнослужащих.",
            "Минск называет операции в Ливане и Центральноафриканской Республике "
            "возможными направлениями.",
            "Секретариат ООН заявил о готовности поддержать Беларусь в подготовке миротворцев.",
        ],
    },
    "Joint exercises with Russia": {
        "section": "Security issues",
        "years": (2019, 2021),
        "en_head": [
            "Zapad-2021 exercise will test the regional grouping of forces",
            "Belarusian and Russian troops rehearse joint defence once again",
            "Minsk and Moscow prepare a large-scale strategic exercise",
            "Russian units arrive in Belarus for joint drills",
            "Joint military exercises grow in scale and frequency",
        ],
        "en_lead": [
            "The joint strategic exercise of Belarus and Russia will involve thousands of "
            "troops from both armies.",
            "Minsk stresses the defensive character of the drills, while neighbours express "
            "concern.",
            "The regional grouping of forces of Belarus and Russia is being tested in the "
            "field again.",
        ],
        "en_body": [
            "The scenario of the exercise envisages repelling an attack by a coalition of "
            "Western states.",
            "Russian paratroopers and aviation will take part in the drills on Belarusian "
            "training grounds.",
            "Lithuania, Poland and Ukraine criticised the lack of transparency of the exercise.",
            "Belarus invited foreign military attachés to observe the active phase.",
            "The General Staff says that all Russian troops will leave Belarus after the drills.",
            "Joint training centres of the two armies will be set up in Belarus and Russia.",
        ],
        "ru_head": [
            "Учение «Запад-2021» проверит региональную группировку войск",
            "Белорусские и российские войска вновь отрабатывают совместную оборону",
            "Минск и Москва готовят масштабное стратегическое учение",
        ],
        "ru_lead": [
            "В совместном стратегическом учении Беларуси и России примут участие тысячи "
            "военнослужащих обеих армий.",
            "Минск подчёркивает оборонительный характер учений, а соседи выражают обеспокоенность.",
        ],
        "ru_body": [
            "Сценарий учения предусматривает отражение нападения коалиции западных государств.",
            "В учениях на белорусских полигонах примут участие российские десантники и авиация.",
            "Литва, Польша и Украина раскритиковали недостаточную прозрачность учения.",
            "Беларусь пригласила иностранных военных атташе наблюдать за активной фазой.",
        ],
    },
    "Russian airbase in Belarus": {
        "section": "Security issues",
        "years": (2019, 2021),
        "en_head": [
            "Lukashenka again rejects a Russian airbase in Belarus",
            "The Russian airbase issue returns to the bilateral agenda",
            "Moscow still wants a permanent military base in Belarus",
            "Minsk prefers joint air patrols to a Russian base",
            "Russian fighter jets may stay in Belarus permanently",
        ],
        "en_lead": [
            "Minsk continues to resist the deployment of a Russian military base on its territory.",
            "The Kremlin has not abandoned the idea of stationing its aircraft in Belarus "
            "permanently.",
            "A Russian airbase would reduce the Belarusian leadership's freedom of manoeuvre.",
        ],
        "en_body": [
            "Lukashenka said that Belarus did not need foreign military bases, including "
            "Russian ones.",
            "Russian Su-30SM fighters regularly rotate through the Baranavichy airfield.",
            "The two Russian military facilities in Belarus are a radar station and a naval "
            "communication centre.",
            "A joint training centre of the air forces could become a substitute for a full "
            "airbase.",
            "Bobruisk airfield was once named as the location of the planned Russian base.",
            "Minsk proposes that Russia supply more aircraft to the Belarusian air force instead.",
        ],
        "ru_head": [
            "Лукашенко вновь отвергает российскую авиабазу в Беларуси",
            "Вопрос российской авиабазы возвращается в двустороннюю повестку",
            "Москва по-прежнему хочет постоянную военную базу в Беларуси",
        ],
        "ru_lead": [
            "Минск продолжает сопротивляться размещению российской военной базы на своей "
            "территории.",
            "Кремль не отказался от идеи постоянно разместить свои самолёты в Беларуси.",
        ],
        "ru_body": [
            "Лукашенко заявил, что Беларуси не нужны иностранные военные базы, в том числе "
            "российские.",
            "Российские истребители Су-30СМ регулярно дежурят на аэродроме в Барановичах.",
            "Два российских военных объекта в Беларуси — радиолокационная станция и "
            "узел связи флота.",
            "Совместный учебно-боевой центр ВВС мог бы заменить полноценную авиабазу.",
        ],
    },
    "Arms exports": {
        "section": "Security issues",
        "years": (2019, 2021),
        "en_head": [
            "Belarusian defence industry looks for new markets in Asia and Africa",
            "Arms exports remain a source of hard currency for Minsk",
            "State Military-Industrial Committee reports record export contracts",
            "Belarus sells modernised air defence systems abroad",
            "The military-industrial complex depends on Russian components",
        ],
        "en_lead": [
            "The Belarusian defence sector increased its export revenue despite sanctions risks.",
            "Minsk promotes its military electronics and repair services on distant markets.",
            "The State Military-Industrial Committee seeks contracts beyond the post-Soviet space.",
        ],
        "en_body": [
            "Most Belarusian defence enterprises supply optics, electronics and chassis to "
            "Russian manufacturers.",
            "Contracts with Vietnam, Myanmar and several African states account for a large "
            "share of exports.",
            "The Polonez multiple rocket launcher was developed together with Chinese partners.",
            "The committee reported exports worth more than one billion dollars.",
            "Repair and modernisation of Soviet-made aircraft remain a profitable niche.",
            "Western sanctions against Belarusian defence firms complicate payments.",
        ],
        "ru_head": [
            "Белорусская оборонная промышленность ищет новые рынки в Азии и Африке",
            "Экспорт вооружений остаётся источником валюты для Минска",
            "Госкомвоенпром сообщает о рекордных экспортных контрактах",
        ],
        "ru_lead": [
            "Белорусский оборонный сектор увеличил экспортную выручку, несмотря на "
            "санкционные риски.",
            "Минск продвигает военную электронику и ремонтные услуги на дальних рынках.",
        ],
        "ru_body": [
            "Большинство белорусских оборонных предприятий поставляют оптику, электронику "
            "и шасси российским производителям.",
            "Контракты с Вьетнамом, Мьянмой и рядом африканских государств составляют "
            "значительную часть экспорта.",
            "РСЗО «Полонез» была разработана вместе с китайскими партнёрами.",
            "Комитет сообщил об экспорте на сумму более одного миллиарда долларов.",
        ],
    },
    "Border with Ukraine": {
        "section": "Security issues",
        "years": (2019, 2021),
        "en_head": [
            "Border guards strengthen the southern border with Ukraine",
            "Minsk reports arms smuggling attempts from Ukraine",
            "New border posts appear on the Belarusian-Ukrainian frontier",
            "The southern border becomes a security priority for Minsk",
            "Border incidents with Ukraine worry the Belarusian authorities",
        ],
        "en_lead": [
            "The State Border Committee continues to reinforce the border with Ukraine, "
            "citing smuggling and illegal migration.",
            "Minsk presents the southern border as a source of risks for the whole Union State.",
            "Belarusian border guards report more attempts to carry weapons across the border.",
        ],
        "en_body": [
            "A new border guard detachment was formed in Mazyr to cover the Ukrainian section.",
            "Border guards seized weapons and ammunition on the border with Ukraine.",
            "The demarcation of the Belarusian-Ukrainian border is still not completed.",
            "Drones and thermal cameras have been installed along the southern frontier.",
            "Kyiv denies that weapons from the conflict zone reach Belarus.",
            "The Chernobyl exclusion zone makes the border difficult to patrol.",
        ],
        "ru_head": [
            "Пограничники укрепляют южную границу с Украиной",
            "Минск сообщает о попытках контрабанды оружия с Украины",
            "На белорусско-украинской границе появляются новые заставы",
        ],
        "ru_lead": [
            "Госпогранкомитет продолжает укреплять границу с Украиной, ссылаясь на "
            "контрабанду и незаконную миграцию.",
            "Минск представляет южную границу как источник рисков для всего Союзного государства.",
        ],
        "ru_body": [
            "В Мозыре сформирован новый пограничный отряд для охраны украинского участка.",
            "Пограничники изъяли оружие и боеприпасы на границе с Украиной.",
            "Демаркация белорусско-украинской границы до сих пор не завершена.",
            "Вдоль южной границы установлены беспилотники и тепловизоры.",
        ],
    },
    # ------------------------------------------------------------------ Belarus–Russia relations
    "Oil dispute with Russia": {
        "section": "Belarus–Russia relations",
        "years": (2019, 2021),
        "en_head": [
            "Minsk demands compensation for the Russian tax manoeuvre",
            "Oil supplies from Russia halted over price dispute",
            "Belarus and Russia fail to agree on the oil price again",
            "Belarusian refineries suffer from the tax manoeuvre",
            "Minsk buys Norwegian and Azerbaijani oil to pressure Moscow",
        ],
        "en_lead": [
            "The Russian tax manoeuvre in the oil industry costs the Belarusian budget "
            "hundreds of millions of dollars a year.",
            "Russian oil companies suspended deliveries to Belarusian refineries after the "
            "contracts expired.",
            "Minsk seeks alternative oil supplies to strengthen its position in the talks "
            "with Moscow.",
        ],
        "en_body": [
            "The Naftan and Mozyr refineries operate at half of their capacity.",
            "Belarus demands that Russia compensate the losses from the tax manoeuvre.",
            "Oil tankers from Norway were unloaded in Klaipeda and the oil was delivered by rail.",
            "Russian suppliers insist on a premium to the world price of oil.",
            "The Druzhba pipeline remains the main route for Russian oil to Belarus.",
            "Export duties on oil products used to be a major source of budget revenue.",
        ],
        "ru_head": [
            "Минск требует компенсации за российский налоговый манёвр",
            "Поставки нефти из России остановлены из-за спора о цене",
            "Беларусь и Россия снова не договорились о цене на нефть",
        ],
        "ru_lead": [
            "Российский налоговый манёвр в нефтяной отрасли обходится белорусскому бюджету "
            "в сотни миллионов долларов в год.",
            "Российские нефтяные компании приостановили поставки на белорусские НПЗ после "
            "окончания контрактов.",
        ],
        "ru_body": [
            "Нафтан и Мозырский НПЗ работают на половину мощности.",
            "Беларусь требует, чтобы Россия компенсировала потери от налогового манёвра.",
            "Нефть из Норвегии выгрузили в Клайпеде и доставили железной дорогой.",
            "Российские поставщики настаивают на премии к мировой цене нефти.",
        ],
    },
    "Integration roadmaps": {
        "section": "Belarus–Russia relations",
        "years": (2019, 2021),
        "en_head": [
            "Deeper integration roadmaps stall over taxes and oil",
            "Minsk and Moscow approve integration programmes of the Union State",
            "Lukashenka and Putin discuss deeper integration again",
            "The Union State treaty turns twenty amid talks on integration",
            "Twenty-eight roadmaps: integration on paper",
        ],
        "en_lead": [
            "The governments of Belarus and Russia agreed on most roadmaps, but the key "
            "questions remain open.",
            "Moscow links further economic support to the harmonisation of legislation "
            "within the Union State.",
            "Minsk agrees to integration in the economy but rejects common political institutions.",
        ],
        "en_body": [
            "The roadmaps cover tax codes, customs, energy markets and banking supervision.",
            "The Russian side proposes a single tax code and a supranational regulator.",
            "Lukashenka said that sovereignty is not on the table in the integration talks.",
            "The prime ministers failed to initial the programme on the eve of the anniversary.",
            "The signing of the integration programmes was postponed several times.",
            "Russian officials speak of a common currency as a long-term goal.",
        ],
        "ru_head": [
            "Дорожные карты углублённой интеграции буксуют из-за налогов и нефти",
            "Минск и Москва утверждают союзные программы интеграции",
            "Лукашенко и Путин вновь обсуждают углублённую интеграцию",
        ],
        "ru_lead": [
            "Правительства Беларуси и России согласовали большинство дорожных карт, но "
            "ключевые вопросы остаются открытыми.",
            "Москва увязывает дальнейшую экономическую поддержку с унификацией "
            "законодательства в рамках Союзного государства.",
        ],
        "ru_body": [
            "Дорожные карты касаются налоговых кодексов, таможни, энергетических рынков и "
            "банковского надзора.",
            "Российская сторона предлагает единый налоговый кодекс и наднациональный регулятор.",
            "Лукашенко заявил, что суверенитет не обсуждается на переговорах об интеграции.",
            "Премьер-министры не смогли парафировать программу накануне годовщины.",
        ],
    },
    "Russian gas price": {
        "section": "Belarus–Russia relations",
        "years": (2019, 2021),
        "en_head": [
            "Minsk wants Russian gas at domestic Russian prices",
            "Gazprom and Belarus agree on the gas price for next year",
            "The gas price remains a sore point in relations with Moscow",
            "Belarus hopes for a single gas market in the Union State",
            "Gas talks with Russia end without a breakthrough",
        ],
        "en_lead": [
            "Belarus pays Gazprom about 127 dollars per thousand cubic metres and wants to pay "
            "the price of the Smolensk region.",
            "A single gas market of the Eurasian Economic Union is postponed until 2025.",
            "Minsk links the gas price to its agreement on integration roadmaps.",
        ],
        "en_body": [
            "The Yamal-Europe pipeline crosses Belarus and is owned by Gazprom.",
            "Beltransgaz has been fully owned by Gazprom since 2011.",
            "The Belarusian side claims that it overpays for gas compared to Russian regions.",
            "Gazprom insists that the price formula for Belarus is already preferential.",
            "The launch of the nuclear power plant should reduce gas consumption by a quarter.",
            "Belarus accumulated debts for gas supplies during the last dispute.",
        ],
        "ru_head": [
            "Минск хочет российский газ по внутренним российским ценам",
            "Газпром и Беларусь согласовали цену газа на следующий год",
            "Цена на газ остаётся болезненной темой в отношениях с Москвой",
        ],
        "ru_lead": [
            "Беларусь платит Газпрому около 127 долларов за тысячу кубометров и хочет "
            "платить по цене Смоленской области.",
            "Единый рынок газа ЕАЭС отложен до 2025 года.",
        ],
        "ru_body": [
            "Газопровод Ямал — Европа проходит через Беларусь и принадлежит Газпрому.",
            "Белтрансгаз полностью принадлежит Газпрому с 2011 года.",
            "Белорусская сторона утверждает, что переплачивает за газ по сравнению с "
            "российскими регионами.",
            "Газпром настаивает, что формула цены для Беларуси уже льготная.",
        ],
    },
    "Russian food import bans": {
        "section": "Belarus–Russia relations",
        "years": (2019, 2021),
        "en_head": [
            "Rosselkhoznadzor bans more Belarusian dairy producers",
            "Russian veterinary service restricts Belarusian meat imports",
            "Milk war with Russia flares up again",
            "Belarusian food exporters face new Russian restrictions",
            "Minsk calls Russian food bans a trade war",
        ],
        "en_lead": [
            "The Russian veterinary service has again restricted supplies from several "
            "Belarusian dairy plants.",
            "Russia is the main market for Belarusian milk and meat, which makes the bans painful.",
            "Minsk sees the food restrictions as a political instrument of pressure.",
        ],
        "en_body": [
            "Rosselkhoznadzor cited violations of veterinary requirements by Belarusian "
            "enterprises.",
            "Belarus exports more than eighty per cent of its dairy products to Russia.",
            "The Belarusian agriculture ministry called the claims groundless.",
            "Russian inspectors visited Belarusian dairy plants and meat processing factories.",
            "Exporters try to redirect supplies to China and Central Asia.",
            "Previous milk wars ended after talks at the level of prime ministers.",
        ],
        "ru_head": [
            "Россельхознадзор запрещает продукцию новых белорусских молочных предприятий",
            "Российская ветслужба ограничивает ввоз белорусского мяса",
            "Молочная война с Россией вспыхивает вновь",
        ],
        "ru_lead": [
            "Российская ветеринарная служба вновь ограничила поставки с нескольких "
            "белорусских молочных заводов.",
            "Россия — главный рынок для белорусского молока и мяса, поэтому запреты болезненны.",
        ],
        "ru_body": [
            "Россельхознадзор сослался на нарушения ветеринарных требований белорусскими "
            "предприятиями.",
            "Беларусь экспортирует в Россию более восьмидесяти процентов молочной продукции.",
            "Белорусский Минсельхозпрод назвал претензии необоснованными.",
            "Российские инспекторы посетили белорусские молочные и мясокомбинаты.",
        ],
    },
    # ------------------------------------------------------------------ Economy
    "IMF loan talks": {
        "section": "Economy",
        "years": (2019, 2021),
        "en_head": [
            "Belarus resumes talks with the IMF on a new loan",
            "IMF mission insists on reforms of state enterprises",
            "Minsk rejects IMF conditions for a new programme",
            "No IMF loan without structural reforms",
            "The government asks the IMF for emergency financing",
        ],
        "en_lead": [
            "The International Monetary Fund is ready to discuss a loan programme, but only "
            "in exchange for reforms.",
            "An IMF mission visited Minsk and repeated its demands to restructure the state "
            "sector.",
            "Minsk wants about three billion dollars from the Fund but refuses to cut support "
            "for state enterprises.",
        ],
        "en_body": [
            "The IMF recommends closing loss-making state enterprises and raising utility tariffs.",
            "The Fund's experts also demand the liberalisation of prices.",
            "The previous IMF programme for Belarus ended in 2010.",
            "The government prefers financing from Russia, which comes with fewer conditions "
            "on reforms.",
            "During the pandemic Belarus requested rapid financing from the Fund.",
            "The authorities fear that the IMF conditions would raise unemployment.",
        ],
        "ru_head": [
            "Беларусь возобновляет переговоры с МВФ о новом кредите",
            "Миссия МВФ настаивает на реформе госпредприятий",
            "Минск отвергает условия МВФ для новой программы",
        ],
        "ru_lead": [
            "Международный валютный фонд готов обсуждать кредитную программу, но только в "
            "обмен на реформы.",
            "Миссия МВФ посетила Минск и повторила требование реструктурировать госсектор.",
        ],
        "ru_body": [
            "МВФ рекомендует закрыть убыточные госпредприятия и повысить тарифы ЖКХ.",
            "Эксперты Фонда также требуют либерализации цен.",
            "Предыдущая программа МВФ для Беларуси завершилась в 2010 году.",
            "Правительство предпочитает финансирование из России, которое сопровождается "
            "меньшими условиями о реформах.",
        ],
    },
    "Russian loans and refinancing": {
        "section": "Economy",
        "years": (2019, 2021),
        "en_head": [
            "Minsk asks Moscow for a loan to refinance its debt",
            "Russia grants Belarus a new state loan",
            "Eurasian Fund approves another tranche for Belarus",
            "Belarus depends on Russian loans to repay Russian loans",
            "The Kremlin delays the refinancing of the Belarusian debt",
        ],
        "en_lead": [
            "Belarus needs Russian money to refinance the debts it owes to Russia itself.",
            "The Eurasian Fund for Stabilization and Development disbursed a new tranche of "
            "its loan.",
            "Moscow agreed to a loan of one and a half billion dollars after the 2020 "
            "presidential election.",
        ],
        "en_body": [
            "About a third of the Belarusian state debt is owed to Russia.",
            "The loan will be used to refinance earlier Russian state credits.",
            "The Eurasian Fund requires modest reforms in exchange for each tranche.",
            "The Russian Finance Ministry delayed the decision pending progress on integration.",
            "The credit for the nuclear power plant is the largest Russian loan to Belarus.",
            "Minsk also asked to lower the interest rate on the earlier loans.",
        ],
        "ru_head": [
            "Минск просит у Москвы кредит на рефинансирование долга",
            "Россия предоставляет Беларуси новый государственный кредит",
            "Евразийский фонд одобряет очередной транш для Беларуси",
        ],
        "ru_lead": [
            "Беларуси нужны российские деньги, чтобы рефинансировать долги перед самой Россией.",
            "Евразийский фонд стабилизации и развития выделил новый транш кредита.",
        ],
        "ru_body": [
            "Около трети белорусского госдолга приходится на Россию.",
            "Кредит будет направлен на рефинансирование прежних российских госкредитов.",
            "ЕФСР требует умеренных реформ в обмен на каждый транш.",
            "Минфин России отложил решение до прогресса в интеграции.",
        ],
    },
    "Directed lending to state enterprises": {
        "section": "Economy",
        "years": (2019, 2021),
        "en_head": [
            "State banks resume directed lending to loss-making enterprises",
            "Government programmes keep state enterprises afloat with cheap loans",
            "Bad loans of state enterprises burden Belarusian banks",
            "The government writes off debts of agricultural enterprises",
            "Directed lending returns as growth slows",
        ],
        "en_lead": [
            "The authorities again rely on state banks to support unprofitable state "
            "enterprises with loans.",
            "The share of problem loans in the banking system grows because of state enterprises.",
            "Cheap loans under government programmes delay restructuring of the state sector.",
        ],
        "en_body": [
            "Belarusbank and Belagroprombank issue most of the loans under state programmes.",
            "Agricultural holdings and the wood-working industry are the main borrowers.",
            "Almost a quarter of state enterprises are loss-making.",
            "The National Bank warned that directed lending fuels inflation.",
            "The Development Bank took over part of the state programmes.",
            "Debts of collective farms are regularly restructured or written off.",
        ],
        "ru_head": [
            "Госбанки возобновляют директивное кредитование убыточных предприятий",
            "Госпрограммы удерживают госпредприятия на плаву дешёвыми кредитами",
            "Проблемные кредиты госпредприятий обременяют белорусские банки",
        ],
        "ru_lead": [
            "Власти вновь полагаются на госбанки, поддерживая убыточные госпредприятия кредитами.",
            "Доля проблемных кредитов в банковской системе растёт из-за госпредприятий.",
        ],
        "ru_body": [
            "Беларусбанк и Белагропромбанк выдают большую часть кредитов по госпрограммам.",
            "Основные заёмщики — агрохолдинги и деревообрабатывающая промышленность.",
            "Почти четверть государственных предприятий убыточны.",
            "Нацбанк предупредил, что директивное кредитование разгоняет инфляцию.",
        ],
    },
    "Potash exports via Lithuania": {
        "section": "Economy",
        "years": (2019, 2021),
        "en_head": [
            "Belaruskali may lose its route through Klaipeda",
            "Lithuania questions the transit of Belarusian potash",
            "Potash exports look for a way around Lithuania",
            "Sanctions threaten Belaruskali's fertiliser exports",
            "Minsk considers Russian ports for potash shipments",
        ],
        "en_lead": [
            "Most Belarusian potash fertiliser is shipped through the Lithuanian port of Klaipeda.",
            "The Lithuanian government is under pressure to stop the transit of Belaruskali cargo.",
            "Belaruskali remains one of the main sources of hard currency for Belarus.",
        ],
        "en_body": [
            "Belaruskali accounts for about a fifth of world potash production.",
            "The Klaipeda terminal is partly owned by a company linked to Belaruskali.",
            "Lithuanian Railways carries the fertiliser from the border to the port.",
            "Minsk warned that it would redirect the cargo to Russian ports in the Baltic.",
            "American sanctions against Belaruskali affect its contracts with Western banks.",
            "Potash prices on the world market rose sharply this year.",
        ],
        "ru_head": [
            "Беларуськалий может потерять маршрут через Клайпеду",
            "Литва ставит под вопрос транзит белорусского калия",
            "Экспорт калия ищет путь в обход Литвы",
        ],
        "ru_lead": [
            "Большая часть белорусских калийных удобрений отгружается через литовский порт "
            "Клайпеда.",
            "Правительство Литвы под давлением прекратить транзит грузов Беларуськалия.",
        ],
        "ru_body": [
            "На Беларуськалий приходится около пятой части мирового производства калия.",
            "Терминал в Клайпеде частично принадлежит компании, связанной с Беларуськалием.",
            "Литовская железная дорога везёт удобрения от границы до порта.",
            "Минск предупредил, что перенаправит грузы в российские порты на Балтике.",
        ],
    },
    "Inflation and monetary policy": {
        "section": "Economy",
        "years": (2019, 2021),
        "en_head": [
            "National Bank keeps the refinancing rate unchanged",
            "Inflation accelerates beyond the National Bank's target",
            "The National Bank cuts the refinancing rate",
            "Belarusian rouble weakens as inflation rises",
            "Price controls return to fight inflation",
        ],
        "en_lead": [
            "The National Bank left the refinancing rate at its previous level, citing "
            "inflation risks.",
            "Annual inflation exceeded the target of five per cent set by the authorities.",
            "The government again resorts to administrative price controls.",
        ],
        "en_body": [
            "The refinancing rate was set at 7.75 per cent per annum.",
            "Consumer prices rose faster than expected because of food and fuel.",
            "The Belarusian rouble lost value against the dollar and the Russian rouble.",
            "The Council of Ministers capped price increases for socially important goods.",
            "Deposit dollarisation grows as people lose confidence in the rouble.",
            "The National Bank promises to return to its monetary targeting regime.",
        ],
        "ru_head": [
            "Нацбанк сохраняет ставку рефинансирования",
            "Инфляция ускоряется сверх целевого ориентира Нацбанка",
            "Нацбанк снижает ставку рефинансирования",
        ],
        "ru_lead": [
            "Национальный банк оставил ставку рефинансирования на прежнем уровне, ссылаясь "
            "на инфляционные риски.",
            "Годовая инфляция превысила установленный властями ориентир в пять процентов.",
        ],
        "ru_body": [
            "Ставка рефинансирования установлена на уровне 7,75 процента годовых.",
            "Потребительские цены росли быстрее ожиданий из-за продуктов и топлива.",
            "Белорусский рубль подешевел к доллару и российскому рублю.",
            "Совмин ограничил рост цен на социально значимые товары.",
        ],
    },
    "Average wage target": {
        "section": "Economy",
        "years": (2019, 2020),
        "en_head": [
            "Average salary of 500 dollars remains an election promise",
            "Wages grow faster than productivity again",
            "Government pushes enterprises to raise salaries",
            "The salary target becomes a burden for state enterprises",
            "Real wages stop growing",
        ],
        "en_lead": [
            "Lukashenka has repeatedly demanded an average monthly salary of 500 dollars.",
            "The government orders managers of state enterprises to raise wages ahead of "
            "the elections.",
            "Wage growth outpaces labour productivity, which worries the National Bank.",
        ],
        "en_body": [
            "The average salary reached 1,200 roubles, or about 560 dollars, in December.",
            "Managers of state enterprises are personally responsible for wage targets.",
            "In the regions salaries remain far below the national average.",
            "Economists warn that wage increases without productivity growth fuel inflation.",
            "Salaries in the IT sector are several times higher than the average.",
            "Real disposable incomes fell after the devaluation.",
        ],
        "ru_head": [
            "Средняя зарплата в 500 долларов остаётся предвыборным обещанием",
            "Зарплаты снова растут быстрее производительности",
            "Правительство заставляет предприятия повышать зарплаты",
        ],
        "ru_lead": [
            "Лукашенко неоднократно требовал среднюю месячную зарплату в 500 долларов.",
            "Правительство поручает руководителям госпредприятий повысить зарплаты перед выборами.",
        ],
        "ru_body": [
            "Средняя зарплата в декабре достигла 1200 рублей, или около 560 долларов.",
            "Руководители госпредприятий персонально отвечают за зарплатные показатели.",
            "В регионах зарплаты остаются намного ниже средней по стране.",
            "Экономисты предупреждают, что рост зарплат без роста производительности "
            "разгоняет инфляцию.",
        ],
    },
    # ------------------------------------------------------------------ Domestic politics
    "Parliamentary elections 2019": {
        "section": "Domestic politics",
        "years": (2019, 2019),
        "en_head": [
            "Parliamentary campaign starts with few opposition candidates",
            "Central Election Commission registers candidates for the House of Representatives",
            "No opposition in the new parliament",
            "Early voting dominates parliamentary elections",
            "Authorities plan a sterile parliamentary election",
        ],
        "en_lead": [
            "The elections to the House of Representatives are scheduled for November 17.",
            "The Central Election Commission refused to register several opposition candidates.",
            "The two opposition members of the previous parliament lost their seats.",
        ],
        "en_body": [
            "Over five hundred candidates applied for the 110 seats of the lower chamber.",
            "Observers from the OSCE pointed to problems with the vote count.",
            "Early voting turnout exceeded thirty per cent.",
            "Anna Kanopatskaya and Alena Anisim were not re-elected.",
            "The new parliament consists almost entirely of pro-government deputies.",
            "The election commissions are formed from loyal organisations.",
        ],
        "ru_head": [
            "Парламентская кампания стартует с небольшим числом оппозиционных кандидатов",
            "ЦИК регистрирует кандидатов в Палату представителей",
            "В новом парламенте нет оппозиции",
        ],
        "ru_lead": [
            "Выборы в Палату представителей назначены на 17 ноября.",
            "Центризбирком отказал в регистрации нескольким оппозиционным кандидатам.",
        ],
        "ru_body": [
            "На 110 мест нижней палаты претендовали более пятисот кандидатов.",
            "Наблюдатели ОБСЕ указали на проблемы с подсчётом голосов.",
            "Явка на досрочном голосовании превысила тридцать процентов.",
            "Анна Канопацкая и Елена Анисим не были переизбраны.",
        ],
    },
    "Presidential election 2020": {
        "section": "Domestic politics",
        "years": (2020, 2020),
        "en_head": [
            "Presidential campaign draws unexpected challengers",
            "Central Election Commission refuses to register Babaryka",
            "Tsikhanouskaya rallies draw thousands across Belarus",
            "Early voting begins amid pressure on observers",
            "Authorities declare Lukashenka's landslide victory",
        ],
        "en_lead": [
            "The presidential election campaign has mobilised voters like never before.",
            "The Central Election Commission registered five candidates, excluding the main "
            "challengers.",
            "Sviatlana Tsikhanouskaya became the joint candidate of three opposition headquarters.",
        ],
        "en_body": [
            "Viktar Babaryka and Siarhei Tsikhanouski were arrested during the campaign.",
            "Thousands of people queued to sign for alternative candidates.",
            "Independent observers were not admitted to polling stations.",
            "According to the CEC, Lukashenka received eighty per cent of the votes.",
            "The election day ended with mass protests in Minsk and regional cities.",
            "The Central Election Commission rejected all complaints.",
        ],
        "ru_head": [
            "Президентская кампания привлекает неожиданных соперников",
            "ЦИК отказывается регистрировать Бабарико",
            "Митинги Тихановской собирают тысячи людей по всей Беларуси",
        ],
        "ru_lead": [
            "Президентская избирательная кампания мобилизовала избирателей как никогда прежде.",
            "ЦИК зарегистрировал пятерых кандидатов, исключив главных соперников.",
        ],
        "ru_body": [
            "Виктор Бабарико и Сергей Тихановский были арестованы во время кампании.",
            "Тысячи людей стояли в очередях, чтобы подписаться за альтернативных кандидатов.",
            "Независимых наблюдателей не допустили на избирательные участки.",
            "По данным ЦИК, Лукашенко получил восемьдесят процентов голосов.",
        ],
    },
    "Constitutional reform": {
        "section": "Domestic politics",
        "years": (2019, 2021),
        "en_head": [
            "Lukashenka promises a new constitution",
            "Constitutional commission starts drafting amendments",
            "Constitutional referendum postponed again",
            "The draft constitution redistributes powers on paper",
            "All-Belarusian People's Assembly to get constitutional status",
        ],
        "en_lead": [
            "The authorities present constitutional reform as their answer to the political "
            "crisis.",
            "The constitutional commission includes officials and loyal experts only.",
            "Lukashenka said that the new constitution would be adopted at a referendum.",
        ],
        "en_body": [
            "The amendments would give some presidential powers to the government and parliament.",
            "The All-Belarusian People's Assembly could become a supreme representative body.",
            "The draft does not limit the number of presidential terms retroactively.",
            "Public discussion of the amendments takes place in state media only.",
            "The referendum date has not been announced.",
            "Lawyers note that the draft strengthens the role of security agencies.",
        ],
        "ru_head": [
            "Лукашенко обещает новую конституцию",
            "Конституционная комиссия начинает готовить поправки",
            "Конституционный референдум снова откладывается",
        ],
        "ru_lead": [
            "Власти представляют конституционную реформу как ответ на политический кризис.",
            "В конституционную комиссию вошли только чиновники и лояльные эксперты.",
        ],
        "ru_body": [
            "Поправки передали бы часть президентских полномочий правительству и парламенту.",
            "Всебелорусское народное собрание может стать высшим представительным органом.",
            "Проект не ограничивает число президентских сроков задним числом.",
            "Обсуждение поправок идёт только в государственных СМИ.",
        ],
    },
    "Political repression": {
        "section": "Domestic politics",
        "years": (2019, 2021),
        "en_head": [
            "Wave of arrests hits opposition activists",
            "Number of political prisoners keeps growing",
            "Criminal cases against protesters multiply",
            "Human rights defenders of Viasna detained",
            "Courts hand down harsh sentences to protesters",
        ],
        "en_lead": [
            "The authorities continue mass detentions of people who took part in peaceful "
            "protests.",
            "Human rights defenders recognise more people as political prisoners every week.",
            "Criminal prosecution has become the main instrument against dissent.",
        ],
        "en_body": [
            "Viasna counts several hundred political prisoners in Belarus.",
            "Detainees report beatings and overcrowded cells in the Akrestsina detention centre.",
            "Protesters are charged under the article on mass riots.",
            "Lawyers who defend political prisoners lose their licences.",
            "Ales Bialiatski and other Viasna members were arrested.",
            "Fines and administrative arrests are imposed for flags and symbols.",
        ],
        "ru_head": [
            "Волна арестов накрывает оппозиционных активистов",
            "Число политзаключённых продолжает расти",
            "Уголовные дела против протестующих множатся",
        ],
        "ru_lead": [
            "Власти продолжают массовые задержания участников мирных протестов.",
            "Правозащитники каждую неделю признают политзаключёнными всё больше людей.",
        ],
        "ru_body": [
            "Вясна насчитывает в Беларуси несколько сотен политзаключённых.",
            "Задержанные сообщают об избиениях и переполненных камерах на Окрестина.",
            "Протестующим предъявляют обвинения по статье о массовых беспорядках.",
            "Адвокаты, защищающие политзаключённых, лишаются лицензий.",
        ],
    },
    "Death penalty": {
        "section": "Domestic politics",
        "years": (2019, 2021),
        "en_head": [
            "Belarus carries out another death sentence",
            "Moratorium on executions remains off the agenda",
            "Supreme Court upholds a death sentence",
            "Parliamentary working group on the death penalty shows no progress",
            "Europe's last executioner ignores calls for a moratorium",
        ],
        "en_lead": [
            "Belarus remains the only country in Europe that still executes prisoners.",
            "The authorities refer to public opinion to justify keeping capital punishment.",
            "Relatives learn about executions only after they have taken place.",
        ],
        "en_body": [
            "Two brothers from the Mahiliou region were sentenced to death for murder.",
            "The body of an executed person is not returned to the family.",
            "The UN Human Rights Committee asked Minsk to suspend the execution.",
            "The parliamentary working group on the death penalty meets rarely.",
            "The Council of Europe makes a moratorium a condition for closer relations.",
            "The courts passed several new death sentences this year.",
        ],
        "ru_head": [
            "В Беларуси приведён в исполнение очередной смертный приговор",
            "Мораторий на казни остаётся вне повестки",
            "Верховный суд оставляет в силе смертный приговор",
        ],
        "ru_lead": [
            "Беларусь остаётся единственной страной Европы, где до сих пор казнят заключённых.",
            "Власти ссылаются на общественное мнение, чтобы сохранить смертную казнь.",
        ],
        "ru_body": [
            "Двое братьев из Могилёвской области приговорены к смертной казни за убийство.",
            "Тело казнённого не выдают родственникам.",
            "Комитет ООН по правам человека попросил Минск приостановить казнь.",
            "Парламентская рабочая группа по смертной казни собирается редко.",
        ],
    },
    "Media and internet restrictions": {
        "section": "Domestic politics",
        "years": (2019, 2021),
        "en_head": [
            "Authorities block independent news websites",
            "Journalists detained while covering protests",
            "TUT.BY loses its media status",
            "New media law tightens control over the internet",
            "Internet shutdown leaves Belarus offline for three days",
        ],
        "en_lead": [
            "The Information Ministry blocked access to several independent news sites.",
            "Journalists of independent media are detained and fined for their work.",
            "Amendments to the media law allow the authorities to block websites without "
            "a court decision.",
        ],
        "en_body": [
            "The Belarusian Association of Journalists counted dozens of detentions of reporters.",
            "Mobile internet was switched off in Minsk during the protests.",
            "Telegram channels became the main source of news for many Belarusians.",
            "Foreign journalists were stripped of their accreditation.",
            "Editors of news sites face criminal charges.",
            "Access to TUT.BY was blocked and its editors were arrested.",
        ],
        "ru_head": [
            "Власти блокируют независимые новостные сайты",
            "Журналистов задерживают во время освещения протестов",
            "TUT.BY лишается статуса СМИ",
        ],
        "ru_lead": [
            "Мининформ заблокировал доступ к нескольким независимым новостным сайтам.",
            "Журналистов независимых СМИ задерживают и штрафуют за их работу.",
        ],
        "ru_body": [
            "Белорусская ассоциация журналистов насчитала десятки задержаний репортёров.",
            "Во время протестов в Минске отключали мобильный интернет.",
            "Telegram-каналы стали главным источником новостей для многих белорусов.",
            "Иностранных журналистов лишили аккредитации.",
        ],
    },
    # ------------------------------------------------------------------ Foreign policy
    "EU visa facilitation": {
        "section": "Foreign policy",
        "years": (2019, 2020),
        "en_head": [
            "Belarus and the EU sign visa facilitation agreement",
            "Schengen visas for Belarusians become cheaper",
            "Visa facilitation and readmission agreements take effect",
            "Minsk extends visa-free entry for foreigners",
            "EU and Belarus finish talks on visas",
        ],
        "en_lead": [
            "The European Union and Belarus concluded long talks on visa facilitation and "
            "readmission.",
            "The fee for a Schengen visa for Belarusian citizens will fall to 35 euros.",
            "Minsk sees the visa deal as a sign of normalisation with Brussels.",
        ],
        "en_body": [
            "The agreements were signed in Brussels after several years of negotiations.",
            "Belarus was the last Eastern Partnership country without such an agreement.",
            "The readmission agreement obliges Belarus to take back irregular migrants.",
            "Visa-free entry through Minsk airport was extended to thirty days.",
            "Belarusians receive more Schengen visas per capita than any other nation.",
            "The agreements still need ratification by the European Parliament.",
        ],
        "ru_head": [
            "Беларусь и ЕС подписывают соглашение об упрощении визового режима",
            "Шенгенские визы для белорусов подешевеют",
            "Соглашения об упрощении визового режима и реадмиссии вступают в силу",
        ],
        "ru_lead": [
            "Европейский союз и Беларусь завершили долгие переговоры об упрощении визового "
            "режима и реадмиссии.",
            "Сбор за шенгенскую визу для белорусов снизится до 35 евро.",
        ],
        "ru_body": [
            "Соглашения подписаны в Брюсселе после нескольких лет переговоров.",
            "Беларусь была последней страной Восточного партнёрства без такого соглашения.",
            "Соглашение о реадмиссии обязывает Беларусь принимать нелегальных мигрантов.",
            "Безвизовый въезд через минский аэропорт продлён до тридцати дней.",
        ],
    },
    "Belarus–US relations": {
        "section": "Foreign policy",
        "years": (2019, 2021),
        "en_head": [
            "Minsk and Washington agree to return ambassadors",
            "Pompeo visits Minsk in a historic first",
            "US sanctions put the thaw with Washington on hold",
            "American ambassador nominee awaits Belarusian approval",
            "Belarus buys American oil as relations warm",
        ],
        "en_lead": [
            "Belarus and the United States decided to restore relations at the level of "
            "ambassadors after eleven years.",
            "The US Secretary of State became the highest-ranking American visitor in a "
            "quarter of a century.",
            "Washington reimposed sanctions against Belarusian state companies.",
        ],
        "en_body": [
            "The embassies have been headed by chargés d'affaires since 2008.",
            "Julie Fisher was nominated as the first US ambassador to Belarus in years.",
            "American oil was delivered to Belarus through the Lithuanian port.",
            "The US Congress extended the Belarus Democracy Act.",
            "Washington lifted the limit on the number of diplomats in Minsk.",
            "The thaw was frozen after the crackdown on protests.",
        ],
        "ru_head": [
            "Минск и Вашингтон договорились вернуть послов",
            "Помпео впервые посещает Минск",
            "Санкции США ставят оттепель с Вашингтоном на паузу",
        ],
        "ru_lead": [
            "Беларусь и США решили восстановить отношения на уровне послов спустя одиннадцать лет.",
            "Госсекретарь США стал самым высокопоставленным американским гостем за четверть века.",
        ],
        "ru_body": [
            "С 2008 года посольства возглавляют временные поверенные.",
            "Джули Фишер выдвинута первым за многие годы послом США в Беларуси.",
            "Американская нефть доставлена в Беларусь через литовский порт.",
            "Конгресс США продлил Акт о демократии в Беларуси.",
        ],
    },
    "China and the Great Stone park": {
        "section": "Foreign policy",
        "years": (2019, 2021),
        "en_head": [
            "Great Stone industrial park attracts new residents",
            "Minsk hopes for Chinese loans and investment",
            "Lukashenka meets Xi Jinping to discuss the Belt and Road",
            "Chinese investors remain cautious about Belarus",
            "China becomes a key partner for Belarusian exports",
        ],
        "en_lead": [
            "The China-Belarus industrial park Great Stone registered several new resident "
            "companies.",
            "Minsk counts on China as a counterweight to Russia, but investment remains modest.",
            "The Belt and Road initiative gives Belarus a role as a logistics hub.",
        ],
        "en_body": [
            "The park near Minsk hosts about seventy resident companies.",
            "Chinese banks prefer to lend under guarantees of the Belarusian government.",
            "Belarusian dairy and beef exports to China grow quickly.",
            "Container trains between China and the EU cross Belarus.",
            "Geely produces cars at a plant near Barysau.",
            "Chinese companies build roads and power plants with Chinese loans.",
        ],
        "ru_head": [
            "Индустриальный парк «Великий камень» привлекает новых резидентов",
            "Минск надеется на китайские кредиты и инвестиции",
            "Лукашенко встречается с Си Цзиньпином для обсуждения «Пояса и пути»",
        ],
        "ru_lead": [
            "В китайско-белорусском индустриальном парке «Великий камень» "
            "зарегистрированы несколько новых резидентов.",
            "Минск рассчитывает на Китай как противовес России, но инвестиции остаются скромными.",
        ],
        "ru_body": [
            "В парке под Минском работают около семидесяти компаний-резидентов.",
            "Китайские банки предпочитают кредитовать под гарантии белорусского правительства.",
            "Экспорт белорусской молочной продукции и говядины в Китай быстро растёт.",
            "Контейнерные поезда между Китаем и ЕС идут через Беларусь.",
        ],
    },
    "Belarus–Ukraine relations": {
        "section": "Foreign policy",
        "years": (2019, 2021),
        "en_head": [
            "Zelensky and Lukashenka meet at the Forum of Regions",
            "Minsk remains a venue for talks on Donbas",
            "Trade with Ukraine grows despite political tensions",
            "Kyiv recalls its ambassador from Minsk",
            "Ukraine joins EU sanctions against Belarus",
        ],
        "en_lead": [
            "Belarus tries to keep good relations with Kyiv while remaining Russia's ally.",
            "The Trilateral Contact Group continues to meet in Minsk.",
            "Ukraine is the second largest trading partner of Belarus.",
        ],
        "en_body": [
            "The Forum of Regions in Zhytomyr brought together hundreds of officials.",
            "Belarusian fuel accounts for a large part of the Ukrainian market.",
            "Kyiv accused Minsk of supporting Moscow's position.",
            "Ukrainian airlines stopped flights to Belarus.",
            "The Minsk agreements remain the basis of the peace process.",
            "Lukashenka offered to send Belarusian peacekeepers to Donbas.",
        ],
        "ru_head": [
            "Зеленский и Лукашенко встречаются на Форуме регионов",
            "Минск остаётся площадкой для переговоров по Донбассу",
            "Торговля с Украиной растёт, несмотря на политическую напряжённость",
        ],
        "ru_lead": [
            "Беларусь пытается сохранить хорошие отношения с Киевом, оставаясь союзником России.",
            "Трёхсторонняя контактная группа продолжает собираться в Минске.",
        ],
        "ru_body": [
            "Форум регионов в Житомире собрал сотни чиновников.",
            "Белорусское топливо занимает значительную часть украинского рынка.",
            "Киев обвинил Минск в поддержке позиции Москвы.",
            "Украинские авиакомпании прекратили полёты в Беларусь.",
        ],
    },
    "Astravets nuclear plant": {
        "section": "Foreign policy",
        "years": (2019, 2021),
        "en_head": [
            "Lithuania campaigns against the Astravets nuclear plant",
            "First unit of the Belarusian NPP connected to the grid",
            "Vilnius refuses to buy electricity from the Belarusian NPP",
            "EU stress tests of the Astravets plant completed",
            "Nuclear plant launch strains relations with Lithuania",
        ],
        "en_lead": [
            "Lithuania considers the Belarusian nuclear power plant near its border a threat "
            "to national security.",
            "The first power unit of the Astravets plant started producing electricity.",
            "The Baltic states agreed to boycott electricity from the Belarusian plant.",
        ],
        "en_body": [
            "The plant is being built by Rosatom with a Russian loan of ten billion dollars.",
            "Vilnius is only fifty kilometres away from the plant.",
            "The European Nuclear Safety Regulators Group reviewed the stress test results.",
            "The reactor was shut down several times after the launch.",
            "Lithuania asked the EU to ban imports of Belarusian electricity.",
            "Minsk invited IAEA missions to prove the safety of the plant.",
        ],
        "ru_head": [
            "Литва выступает против Островецкой АЭС",
            "Первый блок БелАЭС подключён к сети",
            "Вильнюс отказывается покупать электроэнергию БелАЭС",
        ],
        "ru_lead": [
            "Литва считает белорусскую АЭС у своей границы угрозой национальной безопасности.",
            "Первый энергоблок Островецкой АЭС начал выработку электроэнергии.",
        ],
        "ru_body": [
            "Станцию строит Росатом за счёт российского кредита в десять миллиардов долларов.",
            "Вильнюс находится всего в пятидесяти километрах от станции.",
            "Группа европейских регуляторов ядерной безопасности рассмотрела результаты "
            "стресс-тестов.",
            "После пуска реактор несколько раз останавливали.",
        ],
    },
    # ------------------------------------------------------------------ Society
    "COVID-19 response": {
        "section": "Society",
        "years": (2020, 2021),
        "en_head": [
            "Authorities downplay the coronavirus epidemic",
            "No lockdown in Belarus as infections rise",
            "Volunteers help doctors fight COVID-19",
            "Second wave of the pandemic hits Belarusian hospitals",
            "Vaccination against COVID-19 proceeds slowly",
        ],
        "en_lead": [
            "Lukashenka called the coronavirus a psychosis and refused to introduce quarantine.",
            "The health ministry reports fewer deaths than independent estimates suggest.",
            "Civil society organised crowdfunding to supply hospitals with protective equipment.",
        ],
        "en_body": [
            "Football matches and the Victory Day parade went ahead despite the epidemic.",
            "The ByCovid19 initiative raised money for masks and respirators.",
            "Excess mortality data suggest that official figures are too low.",
            "Hospitals in Vitsebsk were among the first to be overwhelmed.",
            "Belarus uses the Russian Sputnik V vaccine and Chinese Sinopharm.",
            "Doctors who spoke publicly about the situation were dismissed.",
        ],
        "ru_head": [
            "Власти преуменьшают эпидемию коронавируса",
            "В Беларуси нет карантина, хотя заражений всё больше",
            "Волонтёры помогают врачам бороться с COVID-19",
        ],
        "ru_lead": [
            "Лукашенко назвал коронавирус психозом и отказался вводить карантин.",
            "Минздрав сообщает о меньшем числе смертей, чем показывают независимые оценки.",
        ],
        "ru_body": [
            "Футбольные матчи и парад Победы прошли, несмотря на эпидемию.",
            "Инициатива ByCovid19 собрала деньги на маски и респираторы.",
            "Данные о сверхсмертности указывают, что официальные цифры занижены.",
            "Больницы Витебска одними из первых оказались переполнены.",
        ],
    },
    "Belarusian language and identity": {
        "section": "Society",
        "years": (2019, 2021),
        "en_head": [
            "Belarusian language gains popularity among young people",
            "Soft Belarusisation stalls",
            "Authorities celebrate a new national holiday",
            "Schools teach fewer subjects in Belarusian",
            "National symbols become a political issue",
        ],
        "en_lead": [
            "The authorities cautiously supported national culture after 2014 but never "
            "promoted the Belarusian language in schools.",
            "The white-red-white flag became a symbol of the protest movement.",
            "Interest in Belarusian history and language grows in the capital.",
        ],
        "en_body": [
            "Less than ten per cent of schoolchildren study in Belarusian.",
            "Courses of the Belarusian language in Minsk are full every season.",
            "The authorities introduced the Day of National Unity on September 17.",
            "State officials rarely speak Belarusian in public.",
            "Publishers of Belarusian books face pressure and closures.",
            "The national census showed a decline in the number of Belarusian speakers.",
        ],
        "ru_head": [
            "Белорусский язык становится популярным среди молодёжи",
            "Мягкая белорусизация буксует",
            "Власти отмечают новый государственный праздник",
        ],
        "ru_lead": [
            "Власти осторожно поддерживали национальную культуру после 2014 года, но так и "
            "не продвигали белорусский язык в школах.",
            "Бело-красно-белый флаг стал символом протестного движения.",
        ],
        "ru_body": [
            "Менее десяти процентов школьников учатся на белорусском языке.",
            "Курсы белорусского языка в Минске заполнены каждый сезон.",
            "Власти учредили День народного единства 17 сентября.",
            "Чиновники редко говорят по-белорусски публично.",
        ],
    },
    "IT sector and emigration": {
        "section": "Society",
        "years": (2019, 2021),
        "en_head": [
            "IT specialists leave Belarus for Ukraine and Poland",
            "High-Tech Park keeps growing despite the crisis",
            "Emigration of young professionals accelerates",
            "Poland offers simplified visas to Belarusian IT workers",
            "IT companies relocate staff abroad",
        ],
        "en_lead": [
            "Belarusian IT companies relocate employees abroad as the political situation worsens.",
            "The High-Tech Park remains the most dynamic part of the Belarusian economy.",
            "Emigration becomes a mass phenomenon among educated Belarusians.",
        ],
        "en_body": [
            "The High-Tech Park has more than a thousand resident companies.",
            "Poland's Poland.Business Harbour programme issued thousands of visas.",
            "Several large IT firms moved their offices to Kyiv and Vilnius.",
            "IT exports account for a growing share of Belarusian service exports.",
            "Surveys show that a third of IT specialists consider leaving.",
            "The authorities threatened to cancel tax privileges of the park.",
        ],
        "ru_head": [
            "IT-специалисты уезжают из Беларуси в Украину и Польшу",
            "Парк высоких технологий продолжает расти, несмотря на кризис",
            "Эмиграция молодых специалистов ускоряется",
        ],
        "ru_lead": [
            "Белорусские IT-компании перевозят сотрудников за границу на фоне ухудшения "
            "политической ситуации.",
            "Парк высоких технологий остаётся самой динамичной частью белорусской экономики.",
        ],
        "ru_body": [
            "В Парке высоких технологий более тысячи компаний-резидентов.",
            "Польская программа Poland.Business Harbour выдала тысячи виз.",
            "Несколько крупных IT-компаний перенесли офисы в Киев и Вильнюс.",
            "Экспорт IT-услуг составляет растущую долю белорусского экспорта услуг.",
        ],
    },
    "Social parasites decree": {
        "section": "Society",
        "years": (2019, 2021),
        "en_head": [
            "Decree on social parasites comes into force in a new form",
            "Unemployed will pay full price for utilities",
            "Lists of the economically inactive cause confusion",
            "Parasites tax replaced with higher utility bills",
            "Local commissions review the status of the unemployed",
        ],
        "en_lead": [
            "Belarusians who are not officially employed have to pay utilities without subsidies.",
            "The new version of the decree replaced the tax on the unemployed with higher bills.",
            "Local commissions decide who counts as economically inactive.",
        ],
        "en_body": [
            "About half a million people were included in the database of the unemployed.",
            "The original decree triggered street protests in 2017.",
            "Many people learned that they were on the list only from their utility bill.",
            "Mothers of young children and students are exempt.",
            "The decree pushes people to register with employment services.",
            "Labour migrants working in Russia are also counted as inactive.",
        ],
        "ru_head": [
            "Декрет о тунеядцах вступает в силу в новой редакции",
            "Безработные будут платить за коммунальные услуги по полной цене",
            "Списки экономически неактивных вызывают неразбериху",
        ],
        "ru_lead": [
            "Белорусы, официально не трудоустроенные, должны платить за коммунальные "
            "услуги без субсидий.",
            "Новая редакция декрета заменила налог на безработных повышенными счетами.",
        ],
        "ru_body": [
            "В базу данных безработных внесено около полумиллиона человек.",
            "Первоначальный декрет вызвал уличные протесты в 2017 году.",
            "Многие узнали о том, что они в списке, только из счёта за коммуналку.",
            "Матери маленьких детей и студенты освобождены.",
        ],
    },
}
