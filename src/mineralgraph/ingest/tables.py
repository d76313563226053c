"""Declared word tables of the extractor: cue words for kinds of new entities, roles, country
adjectives, currencies, qualifiers, status and measure cues. A curator extends a table here;
no rule elsewhere enumerates words. (The relation triggers are in ``triggers``.)"""

from __future__ import annotations

#: Fuzzy matching (rapidfuzz ``token_sort_ratio``, 0–100) links a name to an existing entity of
#: the same category only at or above this score, and says so in the evidence note.
FUZZY_THRESHOLD = 90

#: Last word(s) of an organisation's name → suggested kind. Checked on the name's words, last
#: word first (``Export-Import Bank of the United States`` is a bank: its cue is ``Bank``).
ORG_CUES: dict[str, str] = {
    **dict.fromkeys(["Bank", "Fund", "Capital", "Finance", "Financial", "Investments",
                     "Investment", "Partners", "Ventures", "Credit", "Insurance"],
                    "financial-institution"),
    **dict.fromkeys(["Ministry", "Department", "Agency", "Administration", "Office",
                     "Commission", "Authority", "Service", "Survey", "Treasury", "Directorate",
                     "Bureau", "Committee"], "government-agency"),
    **dict.fromkeys(["Corp", "Corp.", "Corporation", "Inc", "Inc.", "Ltd", "Ltd.", "Limited",
                     "LLC", "LLP", "PLC", "plc", "AG", "SA", "S.A.", "NV", "N.V.", "GmbH",
                     "Co.", "Company", "Group", "Holdings", "Resources", "Mining", "Minerals",
                     "Metals", "Materials", "Energy", "Technologies", "Industries", "Magnesium",
                     "Lithium", "Graphite", "Tungsten", "Cobalt", "Nickel", "Copper"],
                    "company"),
    **dict.fromkeys(["Partnership", "Alliance", "Forum", "Initiative", "Club", "Coalition"],
                    "forum"),
    **dict.fromkeys(["Exchange"], "stock-exchange"),
    **dict.fromkeys(["Association", "Institute", "Council", "Society", "University",
                     "Foundation"], "organisation"),
}
#: Words that may stand inside a multi-word name without being capitalised.
NAME_CONNECTORS = ("of", "for", "and", "&", "de", "the", "du", "des", "la", "on")
#: Legal suffixes left out of a new entity's id and ignored when names are compared.
LEGAL_SUFFIXES = ("corp", "corp.", "corporation", "inc", "inc.", "ltd", "ltd.", "limited",
                  "llc", "llp", "plc", "ag", "sa", "s.a.", "nv", "n.v.", "gmbh", "co.", "co")
#: Capitalised words that start a sentence or a title without naming anything.
NOT_NAMES = frozenset("""The A An This That These Those It Its In On At By For From With As
And But Or If When While After Before Under Over Once Since Such Our Their His Her We They He She
Why How What Where Who Today Yesterday Chief Head Director Chairman Chair President Secretary
Minister Senator Senators Vice Under Assistant Deputy Mr Mr. Ms Ms. Dr Dr. Details Summary Learn
Illustration Source Read Click Photo Recent Following According Also However Meanwhile Monday Tuesday Wednesday Thursday Friday Saturday Sunday
January February March April May June July August September October November December
U.S. US""".split())

#: Last word of a site's name (``Tanbreez project``, ``Mt Carbine mine``) → site kind.
SITE_CUES: dict[str, str] = {
    "project": "project", "projects": "project", "mine": "mine", "mines": "mine",
    "deposit": "deposit", "deposits": "deposit", "refinery": "facility", "plant": "facility",
    "facility": "facility", "smelter": "facility", "hub": "facility", "field": "ore-field",
    "complex": "facility",
}

#: Words that may stand between a site's name and its cue word ("Goschen rare earths and
#: mineral sands project", "Mt Carbine tungsten expansion project"), with commodity words.
SITE_DESCRIPTORS = (
    "and", "expansion", "heavy", "light", "mineral", "sands", "stage", "commercial",
    "processing", "mining", "underground", "open-pit", "magnet", "battery", "refining",
    "hydroxide", "carbonate", "oxide", "concentrate", "metal", "metals", "earths", "earth",
    "rare", "greenfield", "brownfield", "brine", "hard-rock", "conversion", "separation",
)

#: Role words (holds-role); the matched text becomes the relation's ``role``.
ROLE_WORDS = (
    "chief executive officer", "chief executive", "CEO", "chief financial officer", "CFO",
    "chief operating officer", "COO", "managing director", "executive chairman", "chairman",
    "chairwoman", "chairperson", "chair", "president", "founder", "co-founder", "director",
    "prime minister", "minister", "under secretary", "assistant secretary", "secretary",
    "administrator", "ambassador", "governor", "senator", "senators", "head", "chief of staff",
    "vice president", "vice chairman", "general manager", "spokesperson",
)
#: Nouns that introduce an organisation's name in apposition ("commodity trader Mercuria",
#: "state-owned enterprise Gécamines") → the kind they suggest.
APPOSITION_CUES: dict[str, str] = {
    **dict.fromkeys(["company", "firm", "miner", "producer", "developer", "trader", "explorer",
                     "refiner", "startup", "start-up", "conglomerate", "manufacturer",
                     "supplier", "recycler", "operator"], "company"),
    **dict.fromkeys(["enterprise", "state-owned enterprise", "state-owned company",
                     "national mining company"], "state-owned-enterprise"),
    **dict.fromkeys(["bank", "lender", "investor", "fund", "insurer", "financier"],
                    "financial-institution"),
    **dict.fromkeys(["agency", "ministry", "regulator"], "government-agency"),
}
#: Institutions named without a cue word → kind (only where no existing record has the name).
INSTITUTIONS: dict[str, str] = {
    "Congress": "organisation", "Senate": "organisation", "White House": "government-agency",
    "Parliament": "organisation", "Kremlin": "government-agency", "OECD": "intergovernmental-organisation",
    "European Commission": "intergovernmental-organisation", "World Bank": "financial-institution",
    "European Investment Bank": "financial-institution", "IMF": "intergovernmental-organisation",
    "United Nations": "intergovernmental-organisation", "G7": "forum", "G20": "forum",
    "NATO": "intergovernmental-organisation", "African Development Bank": "financial-institution",
    "Asian Development Bank": "financial-institution",
}
#: Last word of a place's name → region ("Esmeralda County", "Karaganda Oblast").
REGION_CUES = ("County", "Province", "Region", "Oblast", "District", "Prefecture",
               "Territory", "Governorate", "Municipality")
#: Titles that stand before a person's name and are not part of it.
HONORIFICS = ("Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr", "Dr.", "Prof.", "Sir", "Dame")

#: Country adjectives → the country's English short name (as pycountry or
#: ``COUNTRY_NAMES`` spells it). pycountry knows names, not adjectives.
DEMONYMS: dict[str, str] = {
    "American": "United States", "Australian": "Australia", "Canadian": "Canada",
    "Chinese": "China", "Kazakh": "Kazakhstan", "Kazakhstani": "Kazakhstan",
    "Uzbek": "Uzbekistan", "Kyrgyz": "Kyrgyzstan", "Tajik": "Tajikistan",
    "Russian": "Russia", "Japanese": "Japan", "Korean": "South Korea",
    "South Korean": "South Korea", "Indian": "India", "Brazilian": "Brazil",
    "Chilean": "Chile", "Argentine": "Argentina", "Argentinian": "Argentina",
    "Peruvian": "Peru", "Mexican": "Mexico", "British": "United Kingdom", "German": "Germany",
    "French": "France", "Italian": "Italy", "Spanish": "Spain", "Portuguese": "Portugal",
    "Swedish": "Sweden", "Finnish": "Finland", "Norwegian": "Norway", "Polish": "Poland",
    "Ukrainian": "Ukraine", "Turkish": "Turkey", "Saudi": "Saudi Arabia", "Emirati": "United Arab Emirates",
    "Indonesian": "Indonesia", "Philippine": "Philippines", "Filipino": "Philippines",
    "Vietnamese": "Vietnam", "Malaysian": "Malaysia", "Thai": "Thailand",
    "Mongolian": "Mongolia", "Congolese": "Democratic Republic of the Congo",
    "Zambian": "Zambia", "Zimbabwean": "Zimbabwe", "South African": "South Africa",
    "Namibian": "Namibia", "Tanzanian": "Tanzania", "Malawian": "Malawi",
    "Moroccan": "Morocco", "Greenlandic": "Greenland", "Danish": "Denmark",
    "Dutch": "Netherlands", "Belgian": "Belgium", "Austrian": "Austria", "Swiss": "Switzerland",
    "Ghanaian": "Ghana", "Nigerian": "Nigeria", "Kenyan": "Kenya", "Rwandan": "Rwanda",
    "Angolan": "Angola", "Mozambican": "Mozambique", "Malagasy": "Madagascar",
    "Pakistani": "Pakistan", "Bolivian": "Bolivia", "Colombian": "Colombia",
}
#: Short or common names pycountry does not list as a country's name → that name.
COUNTRY_NAMES: dict[str, str] = {
    "U.S.": "United States", "US": "United States", "USA": "United States",
    "United States of America": "United States", "America": "United States",
    "UK": "United Kingdom", "Britain": "United Kingdom", "Russia": "Russia",
    "South Korea": "South Korea", "Korea": "South Korea", "North Korea": "North Korea",
    "DRC": "Democratic Republic of the Congo", "DR Congo": "Democratic Republic of the Congo",
    "Congo": "Democratic Republic of the Congo", "Vietnam": "Vietnam", "Turkey": "Turkey",
    "Laos": "Laos", "Iran": "Iran", "Syria": "Syria", "Bolivia": "Bolivia",
    "Tanzania": "Tanzania", "Venezuela": "Venezuela", "Taiwan": "Taiwan",
    "Kyrgyz Republic": "Kyrgyzstan", "Czech Republic": "Czechia",
}
#: Entity ids of states: the project's rule is the slug of the common English short name.
STATE_NAME_OVERRIDES: dict[str, str] = {
    "Korea, Republic of": "South Korea", "Russian Federation": "Russia",
    "Viet Nam": "Vietnam", "Türkiye": "Turkey", "Congo, The Democratic Republic of the":
    "Democratic Republic of the Congo", "Tanzania, United Republic of": "Tanzania",
    "Bolivia, Plurinational State of": "Bolivia", "Iran, Islamic Republic of": "Iran",
    "Lao People's Democratic Republic": "Laos", "Taiwan, Province of China": "Taiwan",
}

#: Currency marks → ISO 4217 code. Longest marks are tried first.
CURRENCIES: dict[str, str] = {
    "US$": "USD", "USD": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
    "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "HK$": "HKD", "HKD": "HKD", "NZ$": "NZD",
    "S$": "SGD", "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "¥": "CNY",
    "CNY": "CNY", "RMB": "CNY", "KZT": "KZT", "₸": "KZT", "JPY": "JPY", "KRW": "KRW",
    "₩": "KRW", "CHF": "CHF", "SEK": "SEK", "NOK": "NOK", "ZAR": "ZAR", "BRL": "BRL",
    "INR": "INR", "₹": "INR", "RUB": "RUB", "UZS": "UZS",
}
#: Currency words written after the number ("7.7 billion tenge").
CURRENCY_WORDS: dict[str, str] = {
    "dollars": "USD", "US dollars": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "tenge": "KZT", "rubles": "RUB", "roubles": "RUB",
    "yen": "JPY", "won": "KRW",
}
#: Magnitude words and abbreviations → multiplier.
MAGNITUDES: dict[str, float] = {
    "trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "B": 1e9,
    "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "M": 1e6, "thousand": 1e3, "k": 1e3,
    "K": 1e3,
}
#: Words before a figure → the data format's qualifier.
QUALIFIERS: dict[str, str] = {
    "up to": "up-to", "as much as": "up-to", "a maximum of": "up-to",
    "about": "about", "approximately": "about", "around": "about", "roughly": "about",
    "some": "about", "nearly": "about", "almost": "about", "an estimated": "about",
    "more than": "over", "over": "over", "above": "over", "exceeding": "over",
    "in excess of": "over", "less than": "under", "under": "under", "below": "under",
    "at least": "at-least", "a minimum of": "at-least",
}
#: Unit words after a number (one spaCy token each, lower case) → the unit we write.
UNIT_WORDS: dict[str, str] = {
    "t": "t", "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t", "kt": "kt",
    "kilotonnes": "kt", "mt": "Mt", "mt.": "Mt", "megatonnes": "Mt", "mtpa": "Mt/yr", "ktpa": "kt/yr",
    "tpa": "t/yr", "tpd": "t/d", "mtu": "mtu", "ha": "ha", "hectares": "ha", "hectare": "ha",
    "km2": "km2", "oz": "oz", "ounces": "oz", "koz": "koz", "moz": "Moz", "kg": "kg",
    "lb": "lb", "lbs": "lb", "mw": "MW", "gw": "GW", "gwh": "GWh",
}
#: Words that make a unit a rate ("per year", "a year", "/yr") → the rate suffix.
RATE_WORDS: dict[str, str] = {
    "year": "/yr", "annum": "/yr", "yr": "/yr", "y": "/yr", "annually": "/yr",
    "day": "/d", "d": "/d", "month": "/month",
}
#: Duration words after a number → the unit of the duration.
DURATION_WORDS: dict[str, str] = {
    "year": "year", "years": "year", "month": "month", "months": "month", "week": "week",
    "weeks": "week", "day": "day", "days": "day",
}

#: Cue words of the stage a relation has reached (first match in the clause wins, in order).
STATUS_CUES: tuple[tuple[str, str], ...] = (
    (r"\b(?:disbursed|drew down|drawdown)\b", "disbursed"),
    (r"\b(?:approved|approves|approval of)\b", "approved"),
    (r"\bconditional commitment\b", "proposed"),  # an offer of terms, not committed money
    (r"\b(?:committed|closed|finali[sz]ed|secured)\b", "committed"),
    (r"\b(?:signed|signs|entered into|executed)\b", "signed"),
    (r"\b(?:completed|completes)\b", "completed"),
    (r"\b(?:announced|announces|unveiled)\b", "announced"),
    (r"\b(?:considering|consider|could|may|might|proposed|proposes|potential)\b", "proposed"),
    (r"\b(?:plans? to|planned|intends? to|will|would|expects? to|aims? to)\b", "planned"),
)

#: Words in a sentence → the measure of an observation made from a figure in it.
MEASURE_CUES: tuple[tuple[str, str, str], ...] = (
    # (regex, measure, figure kind it applies to: money | percent | quantity)
    (r"\b(?:cost|capex|capital cost|capital expenditure|price tag)\b", "capex", "money"),
    (r"\b(?:invest|investment|investing)\b", "investment", "money"),
    (r"\bprice\b", "price", "money"),
    (r"\b(?:reserves?)\b", "reserves", "quantity"),
    (r"\b(?:resources?)\b", "resources", "quantity"),
    (r"\b(?:capacity|nameplate)\b", "capacity", "quantity"),
    (r"\b(?:produce|produces|production|output|produced)\b", "production", "quantity"),
    (r"\b(?:production|output|mine output|produces|extraction)\b", "production-share", "percent"),
    (r"\b(?:processing|refining|refined)\b", "processing-share", "percent"),
    (r"\b(?:reserves)\b", "reserves-share", "percent"),
    (r"\b(?:imports?)\b", "import-share", "percent"),
    (r"\b(?:supply|supplies|market)\b", "supply-share", "percent"),
    (r"\b(?:tariffs?|duty|duties)\b", "tariff-rate", "percent"),
)
#: Words that make an observation a target or forecast rather than an actual figure.
FUTURE_CUES = r"\b(?:expected|expects?|will|would|target|targets|aims?|forecast|projected|planned|once)\b"

#: Commodity words → the commodity's name (linked to an existing commodity where one exists).
COMMODITIES: dict[str, str] = {
    **{w: w.capitalize() for w in (
        "lithium", "cobalt", "nickel", "graphite", "copper", "manganese", "vanadium",
        "magnesium", "antimony", "gallium", "germanium", "tungsten", "uranium", "titanium",
        "zirconium", "niobium", "tantalum", "platinum", "palladium", "zinc", "tin", "bauxite",
        "aluminium", "aluminum", "silicon", "helium", "boron", "scandium", "neodymium",
        "praseodymium", "dysprosium", "terbium", "samarium", "molybdenum", "chromium",
        "fluorspar", "potash", "bismuth", "indium", "tellurium", "hafnium", "beryllium",
        "cesium", "rubidium", "gold", "silver", "iridium", "rhodium", "yttrium", "lanthanum",
        "cerium", "europium", "gadolinium", "holmium", "lutetium", "erbium", "thulium",
        "ytterbium", "arsenic", "barite", "phosphate", "halloysite", "kaolin", "ilmenite",
        "rutile", "zircon", "spodumene", "monazite", "xenotime")},
    "rare earths": "Rare earths", "rare earth": "Rare earths",
    "rare earth elements": "Rare earths", "heavy rare earths": "Heavy rare earths",
    "iron ore": "Iron ore", "mineral sands": "Mineral sands", "high-purity alumina": "High-purity alumina",
    "critical minerals": "Critical minerals",
}
