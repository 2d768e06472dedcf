"""A bilingual concept glossary: English, Russian and Belarusian words → shared concept tokens.

Character n-grams do not carry meaning across languages: "peacekeeping", "миротворчество" and
"міратворчасць" share no n-gram even after transliteration.  The glossary maps word stems of
the three languages to one concept (``peacekeep*`` / ``миротвор*`` / ``міратвор*`` →
``PEACEKEEPING``), so commentaries on one subject meet whatever their language.  It is written
by hand for political, economic and security commentary on Belarus and its neighbours, and it
is deliberately general: it names subjects, not any one story.

Each line of :data:`GLOSSARY` is ``CONCEPT: stem stem …`` (an indented line continues it).
A stem matches every word that starts with it; a stem written ``=word`` matches only that
whole word (for short words such as ``=eu`` or ``=оон`` whose prefixes would catch unrelated
words).  Words are lower-cased, ``ё``
is read as ``е``.  :func:`concept_counts` turns texts into a sparse matrix of concept counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

GLOSSARY = """
PEACEKEEPING: peacekeep =blue-helmet =unifil миротвор міратвор
UN: =un =u.n =оон =аан united-nations
SANCTIONS: sanction embargo санкц эмбарго
LOAN: loan credit lend borrow кредит крэдыт заем займ заём пазык
DEBT: debt indebted =долг =долга =долгу =долги долгов задолжен =доўг =доўгу =даўгі даўгоў
    запазычан
EXERCISE: exercise drill manoeuvr maneuver учени вучэнн манёвр маневр
POTASH: potash potassium fertili belaruskali калий калій калийн калійн удобрен угнаен
    беларуськали беларуськалі
ELECTION: election elect vote voting ballot poll candidat electoral выбор выбар голосован
    галасаван избира выбарч кандидат бюллетен бюлетэн
PRISONER: prisoner detain jailed imprison inmate заключенн палітвязн политзаключ политзек вязн
    узнік задержан затрыман
RELEASE: release freed pardon amnest освобожд вызвален помилова памілава амнист амніст
ARMY: army military armed troops soldier арми армі военн вайсков войск вайск солдат салдат
DEFENCE: defence defense оборон абарон
MINISTRY_DEFENCE: =mod минобороны мінабароны
BORDER: border frontier границ граніц пограни пагран
MIGRANTS: migrant refugee asylum мигрант мігрант беженц бежанц уцекач
REFINERY: refiner нефтеперераб нафтаперапрац нпз =naftan =mozyr нафтан мозыр
OIL: oil crude petroleum нефт нафт
GAS: =gas gazprom газ газпром
PIPELINE: pipeline druzhba трубопровод трубаправод дружба
BUDGET: budget fiscal бюджет
INFLATION: inflation price consumer-price инфляц інфляц =цены =цена =цен =цену ценов подорож
    =цэны =цэна =цэн цэнав падаражан
WAGES: wage salar payroll earning зарплат заработ заробак заробн
PENSION: pension retire пенси пенсі
UNEMPLOYMENT: unemploy jobless безработ беспрацоў
IT_SECTOR: hi-tech high-tech hightech software programmer айти =іт програм хайтек парк-высоких
    пвт
GOVERNOR: governor oblast облисполком аблвыканкам губернатор облас вобласц
MINISTER: minister министр міністр
GOVERNMENT: government cabinet premier prime-minister правительств урад премьер прэм'ер
PRESIDENT: president lukashenk presidential президент прэзідэнт лукашенк лукашэнк
NGO: =ngo non-governmental civil-society nonprofit нко нго общественн грамадск некоммерч
MEDIA: media journalist newspaper =press broadcast сми смі журналист журналіст газет редакц
    рэдакц
CHURCH: church orthodox catholic religio priest церк царкв православ каталіц католич религи
    рэлігі священ святар
NUCLEAR_PLANT: nuclear atomic =npp =bnpp =ostrovets аэс =аэс атомн астравец островец
CHINA: china chinese beijing китай кітай пекин пекін
EU: =eu european brussels евросоюз еўрасаюз европ еўрап брюссел брусел
UKRAINE: ukrain kyiv kiev украин украін киев кіеў
LITHUANIA: lithuan vilnius литв літв литов літоў вильнюс вільнюс
POLAND: poland polish warsaw польш польск польшч варшав
LATVIA: latvia riga латви латві рига рыга
RUSSIA: russia moscow kremlin росси расі российск расійск москв маскв кремл крэмл
UNION_STATE: union-state союзн саюзн
INTEGRATION: integrat roadmap road-map интеграц інтэграц дорожн дарожн
CONSTITUTION: constitution конституц канстытуц
REFERENDUM: referend референдум рэферэндум
COURT: court judge trial verdict sentenc суд приговор прысуд
KGB: =kgb =кгб =кдб security-service спецслужб
POLICE: police militia interior omon милици міліцы полици паліцы омон мвд =унп
PROTEST: protest demonstrat rally протест митинг мітынг демонстрац дэманстрац акци шэсц
OPPOSITION: opposition dissident апазіц оппозиц
PARTY: =party parties партий партый партия партыя
PARLIAMENT: parliament deputies lawmaker house-of-representatives парламент депутат дэпутат
    палат
LAW: =law =laws legislat =bill =bills amendment закон заканад законопроект поправк папраўк
NATO: =nato нато
CSTO: =csto одкб адкб
EAEU: =eaeu eurasian евразий еўразій еаэс
CIS: =cis снг =снд
USA: =usa american washington америк вашингтон вашынгтон =сша =зша
GERMANY: german berlin герман германі берлин берлін
WEAPONS: weapon arms missile rocket iskander s-400 оружи зброя ракет вооружен узбраен
AIR_FORCE: aircraft fighter jet aviation air-force airbase самолет самалет авиац авіяц
    истребител знішчальн авиабаз авіябаз
NUCLEAR_WEAPONS: nuclear-weapon tactical-nuclear ядерн ядзерн
DRONE: drone uav беспилот беспілот дрон
TANK: =tank tanks armour armor танк бронетех
BASE: =base bases military-base базы база
CONSCRIPTION: conscript recruit призыв прызыў мобилиз мабіліз
TERRITORIAL_DEFENCE: territorial-defen ополчен тэрытарыяльн территориальн
WAR: =war warfare combat hostilit invasion войн вайн вторжен уварван боев баяв
PEACE_TALKS: negotiat talks ceasefire truce mediat переговор перамов перемир перамір посредн
    пасрэдн
DIPLOMACY: diplomat embassy ambassador consul посол пасол посольств пасольств дипломат дыпламат
    консул
VISA: visa visa-free виз віз безвиз бязвіз
TRADE: trade export =import =imports imported importer trading торгов гандл экспорт экспарт
    импорт імпарт
TARIFF: tariff customs пошлин пошлін мыт тамож тамож
TRANSIT: transit logistic =port =ports klaipeda транзит транзіт логист лагіст =порт =порта
    =порту портов клайпед
RAILWAY: railway rail railroad железн чыгунк
AGRICULTURE: agricultur farm harvest grain crop livestock сельск сельхоз вясков аграр урожа
    ураджа зерн фермер
INDUSTRY: industr factory manufactur enterprise промышлен прамысл завод прадпрыем предприят
STATE_ENTERPRISE: state-owned state-enterprise госпредприят дзяржпрадпрыем
PRIVATISATION: privati приватиз прыватыз
BUSINESS: business entrepreneur private-sector small-and-medium бизнес бізнес предприним
    прадпрымальн
TAX: =tax taxes taxation налог падатк
BANK: bank banking банк
NATIONAL_BANK: national-bank refinancing ставк нацбанк нацыянальны-банк рефинансир рэфінансав
    национальный-банк национального-банк национальному-банк национальным-банк
    национальном-банк нацыянальнага-банк нацыянальнаму-банк нацыянальным-банк
CURRENCY: currency exchange-rate rouble ruble devaluat dollar =usd =byn =byr валют рубл рубел
    девальвац дэвальвац доллар долар
RESERVES: reserves золотовалют залатавалют резерв рэзерв
GDP: =gdp growth recession economic-growth ввп =увп рост рост рецесс
INVESTMENT: invest investor инвест інвест
ENERGY: energy power-grid electricity electric энерг электр
COAL_PEAT: peat =coal торф =уголь =угля =вугаль
HEALTH: health hospital doctor medic здравоохр ахова-здароў больниц бальніц врач лекар медиц
    медыц
PANDEMIC: pandemic covid coronavirus epidemic vaccin пандем ковид кавід коронавир каранавір
    эпидем эпідэм вакцин вакцын
EDUCATION: educat school universit student teacher образован адукац школ университ універсітэт
    студент учител настаўн
LANGUAGE: language belarusian-language russian-language mova язык мова мовы
CULTURE: cultur theatre theater museum artist книг культур театр тэатр музе мастак писател
    пісьменн
HISTORY_MEMORY: memorial memory historical victory-day kurapaty память памяц мемориал мемарыял
    куропат курапат
SPORT: sport olympic hockey football athlet спорт алимп олимп хокей хоке футбол
DEMOGRAPHY: demograph birth-rate population emigrat демограф население насельніцтв эмиграц
    эміграц рождаем нараджальн
HOUSING: housing apartment жиль жыллё строител будаўн
REPRESSION: repress crackdown persecut purge репресс рэпрэс преследов пераслед зачистк
EXTREMISM: extremis terroris extremist-list экстремис экстрэміс террорис тэрарыс
HUMAN_RIGHTS: human-rights rights-defender viasna права-человека правы-чалавека правозащит
    праваабарон вясна
TORTURE: tortur ill-treatment пытк катаван
EXILE: exile emigre emigré abroad relocat изгнан выгнанн эмигрант эмігрант за-рубежом замяжы
OPPOSITION_LEADER: tsikhanousk tsikhanovsk тихановск ціханоўск coordination-council
    координационн каардынацыйн
CENSORSHIP: censor blocked-site block-website цензур блакав блокиров
INTERNET: internet online website telegram интернет інтэрнэт сайт телеграм тэлеграм
CYBER: cyber hacker hack кибер кібер хакер
ESPIONAGE: spy espionage intelligence шпион шпіён разведк выведк
TREASON: treason conspiracy coup =измена =измену госизмен здрад заговор змов переворот пераварот
DEATH_PENALTY: death-penalty execution capital-punishment смертн смяротн расстрел расстрэл
LOCAL_GOVERNMENT: local-council municipal local-authorit местн мясцов райисполком райвыканкам
ADMINISTRATION: administration official bureaucra чиновник чыноўнік администрац адміністрац
    аппарат апарат
REFORM: reform реформ рэформ
CORRUPTION: corrupt bribe коррупц карупц взятк хабар
PERSONNEL: appoint dismiss reshuffle resign назначен прызначэн отставк адстаўк кадров кадрав
    увольн звальн
SECURITY_COUNCIL: security-council совбез совет-безопасности савет-бяспекі
SECURITY: security threat безопасн бяспек угроз пагроз
CIVIL_DEFENCE: emergenc disaster mchs чрезвычайн надзвычайн мчс
NUCLEAR_SAFETY: radiation chernobyl chornobyl радиац радыяц чернобыл чарнобыл
ENVIRONMENT: environment ecolog pollution climate эколог экалаг окружающ загрязн забрудж климат
    клімат
TOURISM: touris visitor туризм турызм турист
AUTOMOBILE: =maz =belaz automotive truck мтз =маз белаз грузовик грузав
MACHINERY: machine-building engineering-industry tractor машиностро машынабуд трактор
PETROCHEMICAL: petrochemic chemical нефтехим нафтахім хими хімі
FOOD: =food dairy meat milk продовол харчов молоч малоч мяс
SUBSIDY: subsid compensat dotation субсид субсід дотац кампенсац компенсац
PRICE_CONTROL: price-control price-freeze регулирован-цен рэгуляван-цэн
SOCIAL_SECURITY: social-protection benefit welfare allowance социальн сацыяльн пособи дапамог
    льгот
LABOUR: labour labor worker employ trade-union трудов трудящ праца работник рабоч працаўн
    профсоюз прафсаюз
STRIKE: strike walkout забастов забастоўк страйк
DIASPORA: diaspora expatriate диаспор дыяспар
MINORITY: minority ethnic меньшинств меншасц этнич этніч
POLISH_MINORITY: union-of-poles polish-minority союз-поляков саюз-палякаў поляк паляк
CATHOLIC: catholic костел касцёл католик каталік
ORTHODOX: orthodox patriarch митрополит мітрапаліт патриарх патрыярх
IDEOLOGY: ideolog propaganda patriot идеолог ідэалог пропаганд прапаганд патриот патрыёт
YOUTH: youth young молодеж моладзь
WOMEN: women gender женщин жанчын гендер
FAMILY: family child parent семейн =семья =семьи =семей =сям'я дзяцей =детей
BORDER_GUARD: border-guard border-service погранич пагранічн
SMUGGLING: smuggl contraband контрабанд кантрабанд
DRUGS: drug narcotic наркот нарказ
CRIME: crime criminal murder theft преступлен злачынств криминал крымінал убийств забойств
PROSECUTOR: prosecut procurator прокурор пракурор следствен следчы investigat
CHARGES: charge indict accus обвинен абвінавач
CITIZENSHIP: citizenship passport гражданств грамадзянств паспорт
MILITARY_COOPERATION: military-cooperation defence-cooperation военно-техн ваенна-тэхн
    военное-сотрудн
REGIONAL_GROUPING: regional-grouping joint-force региональн-групп рэгіянальн-груп
WAGNER: wagner вагнер
MERCENARY: mercenar наемник найміт
RUSSIAN_TROOPS: russian-troops russian-forces российск-войск расійск-войск
AIR_DEFENCE: air-defen anti-aircraft пво =спа противовоздуш
ECONOMY: econom экономик эканомік хозяйств гаспадар
CRISIS: crisis crises кризис крызіс
FORECAST: forecast outlook projection прогноз прагноз
STATISTICS: statistic belstat статистик статыстык белстат
DEFICIT: deficit дефицит дэфіцыт
PROFIT_LOSS: loss-making unprofitable profit убыт =страты стратн прибыл прыбытк рентабельн
    рэнтабельн
STOCKS: stockpile inventor warehouse запас
PRODUCTION: production output produc производств вытворч выпуск
CONSTRUCTION: construct building-project строительств будаўніцтв
INFRASTRUCTURE: infrastructur road bridge highway инфраструктур інфраструктур дорог дарог мост
CAR_TRADE: cars car-import автомобил аўтамабіл машин
PHARMACEUTICAL: pharma medicine-import лекарств лекав фармац фармац
DIGITAL: digital digitali цифров лічбав
CRYPTO: crypto bitcoin blockchain крипто крыпта биткоин біткойн блокчейн
WEST: west western запад захад
NEUTRALITY: neutral нейтрал нейтрал
SOVEREIGNTY: sovereign independen суверенит суверэнітэт независим незалежн
ANNEXATION: annex incorporat absorption аннекс анекс поглощ паглынан
MULTI_VECTOR: multi-vector balancing многовектор шматвектар
NORMALISATION: normali dialogue rapprochement thaw нормализ нармаліз диалог дыялог оттепел адліг
    сближен збліжэн
ISOLATION: isolat ostraci изоляц ізаляц
RECOGNITION: recogni legitim признан прызнан легитим легітым
TRANSITION: transition transfer-of-power succession транзит-власти перадач-улад преемник
    пераемнік
ALL_BELARUSIAN_ASSEMBLY: all-belarusian assembly всебелорусск усебеларуск собрани =сход =сходу
AMNESTY_LAW: amnesty-law закон-об-амнистии
CHERNOBYL_ZONE: exclusion-zone зона-отчуждения
MINSK: minsk минск мінск
BREST: brest брест брэст
GRODNO: grodno hrodna гродн гродзен
GOMEL: gomel homel гомел гомел
MOGILEV: mogilev mahilyow магілёў могилев магілеў
VITEBSK: vitebsk viciebsk витебск віцебск
WEATHER: weather drought flood frost засух паводк мороз мароз
FOREIGN_POLICY: foreign-policy foreign-ministry =mfa мид =мзс внешн знешн
CHINA_PARK: great-stone =велики-камень =вялікі-камень индустриальн-парк
SECRET: secret classified засекреч секрет сакрэт
RESIGNATION_ELITE: elite nomenklatura элит эліт номенклатур наменклатур
BELARUSIAN_IDENTITY: identity nation-building идентичн ідэнтычн
SYMBOLS: flag white-red-white coat-of-arms флаг сцяг герб бчб
AGREEMENT: agreement treaty accord memorandum соглашени пагадненн договор дагавор меморандум
VISIT: visit summit визит візіт саммит саміт
IRAN: iran иран іран
TURKEY: turkey turkish турци турэчч
KAZAKHSTAN: kazakh казах
AZERBAIJAN: azerbaijan азербайджан
ARMENIA: armenia армени армені
GEORGIA: georgia грузи грузі
SERBIA: serbia сербия сербі
VENEZUELA: venezuel венесуэл венесуэл
AFRICA: africa африк афрык
MIDDLE_EAST: middle-east arab gulf ближн-восток арабск арабск
INDIA: india индия індыя
VIETNAM: vietnam вьетнам в'етнам
SCO: =sco shanghai шос шанхай
BRICS: brics брикс
NORTH_KOREA: north-korea pyongyang кндр северн-коре
LEBANON: lebanon ливан ліван
MOLDOVA: moldova молдов малдов
"""

_LINE = re.compile(r"^\s*([A-Z][A-Z0-9_]*)\s*:\s*(.+?)\s*$")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*")


def _parse(text: str) -> tuple[list[str], dict[str, int], dict[str, int]]:
    """Concept names, prefix stems → concept, whole words → concept (first concept wins)."""
    names: list[str] = []
    prefixes: dict[str, int] = {}
    words: dict[str, int] = {}
    for line in text.splitlines():
        found = _LINE.match(line)
        if found is not None:
            names.append(found.group(1))
            stems = found.group(2).split()
        elif line[:1].isspace() and names:  # an indented line goes on with the concept above
            stems = line.split()
        else:
            continue
        k = len(names) - 1
        for stem in stems:
            stem = stem.casefold().replace("ё", "е")
            if stem.startswith("="):
                words.setdefault(stem[1:], k)
            else:
                prefixes.setdefault(stem, k)
    return names, prefixes, words


CONCEPTS, _PREFIXES, _WORDS = _parse(GLOSSARY)
N_CONCEPTS = len(CONCEPTS)
_MIN_STEM = min((len(s) for s in _PREFIXES), default=1)
_MAX_STEM = max((len(s) for s in _PREFIXES), default=1)
# first words of the stems that span two words ("union" of "union-state")
_PAIR_HEADS = frozenset(s.split("-", 1)[0] for s in [*_PREFIXES, *_WORDS] if "-" in s)
_MEMO_LIMIT = 500_000
_HEADS = frozenset(s[:_MIN_STEM] for s in _PREFIXES)  # a word must begin with one of these


class ConceptTagger:
    """Finds the concepts of texts; remembers the concepts of every word it has seen."""

    def __init__(self) -> None:
        self._memo: dict[str, tuple[int, ...]] = {}

    def word_concepts(self, word: str) -> tuple[int, ...]:
        """The concepts of one lower-cased word (a hyphenated word also by its parts)."""
        found = self._memo.get(word)
        if found is not None:
            return found
        hits: set[int] = set()
        parts = [word, *word.split("-")] if "-" in word else [word]
        for part in parts:
            if part in _WORDS:
                hits.add(_WORDS[part])
            if part[:_MIN_STEM] not in _HEADS:
                continue
            for size in range(min(len(part), _MAX_STEM), _MIN_STEM - 1, -1):
                concept = _PREFIXES.get(part[:size])
                if concept is not None:
                    hits.add(concept)
                    break
        result = tuple(sorted(hits))
        self._memo[word] = result
        return result

    def concepts(self, text: str) -> list[int]:
        """The concept of every word of ``text`` (with repeats), and of adjacent word pairs.

        Pairs let two-word stems such as ``union-state`` or ``air-defen`` match running text;
        a pair is looked at only when its first word begins such a stem.
        """
        if len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
        tokens = _TOKEN.findall(text.casefold().replace("ё", "е"))
        memo = self._memo
        out: list[int] = []
        for k, token in enumerate(tokens):
            found = memo.get(token)
            if found is None:
                found = self.word_concepts(token)
            if found:
                out += found
            if token in _PAIR_HEADS and k + 1 < len(tokens):
                out += (
                    c for c in self._pair_concepts(f"{token}-{tokens[k + 1]}") if c not in out[-4:]
                )
        return out

    @staticmethod
    def _pair_concepts(pair: str) -> tuple[int, ...]:
        hits: set[int] = set()
        if pair in _WORDS:
            hits.add(_WORDS[pair])
        for size in range(min(len(pair), _MAX_STEM), pair.index("-") + 2, -1):
            concept = _PREFIXES.get(pair[:size])
            if concept is not None:
                hits.add(concept)
                break
        return tuple(sorted(hits))


_TAGGER = ConceptTagger()


def concept_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """A ``len(texts) × N_CONCEPTS`` matrix: how often each concept occurs in each text."""
    rows: list[int] = []
    cols: list[int] = []
    for k, text in enumerate(texts):
        found = _TAGGER.concepts(text)
        rows += [k] * len(found)
        cols += found
    matrix = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(texts), N_CONCEPTS)
    )
    matrix.sum_duplicates()
    return matrix


def concept_names(text: str) -> list[str]:
    """The concepts found in ``text``, sorted (for explanations and tests)."""
    return sorted({CONCEPTS[c] for c in _TAGGER.concepts(text)})


def concept_entries() -> list[tuple[str, int, bool]]:
    """Every glossary entry as ``(stem or word, concept index, is_prefix)``: stems match any
    word they begin, words only themselves (search builds its cross-language patterns here)."""
    return [(s, k, True) for s, k in _PREFIXES.items()] + [(w, k, False) for w, k in _WORDS.items()]
