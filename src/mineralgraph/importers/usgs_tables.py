"""Declared tables of the USGS Mineral Commodity Summaries importer (``usgs_mcs``).

Everything the importer needs to know about a release that is not in the file itself lives
here, so next year's release loads the same way: add its citation to ``RELEASES`` and any new
commodity, product type or country name the importer stops on.

Names are matched after stripping the file's trailing spaces (and non-breaking spaces).
"""

from __future__ import annotations

from typing import NamedTuple


class Release(NamedTuple):
    source_id: str
    label: str
    title: str
    date: str
    url: str  # the release's DOI address, never a mirror


#: The ``SOURCE`` column's code → the release it comes from.
RELEASES: dict[str, Release] = {
    "MCS2025": Release(
        "usgs-mcs-2025-world-data",
        "USGS Mineral Commodity Summaries 2025 World Data Release",
        "Mineral Commodity Summaries 2025 World Data Release",
        "2025",
        "https://doi.org/10.5066/P13XCP3R"),
}

PUBLISHER = "U.S. Geological Survey"


class Product(NamedTuple):
    id: str
    label: str
    measure: str = "production"  # what the PROD_ columns measure for this type
    broader: str | None = None


def _p(id_: str, label: str, measure: str = "production", broader: str | None = None) -> Product:
    return Product(id_, label, measure, broader)


#: USGS commodity name → our commodity, when the commodity has one product type.
COMMODITIES: dict[str, Product] = {
    "Aluminum": _p("aluminium", "Aluminium"),
    "Antimony": _p("antimony", "Antimony"),
    "Arsenic": _p("arsenic", "Arsenic"),
    "Asbestos": _p("asbestos", "Asbestos"),
    "Barite": _p("barite", "Barite"),
    "Beryllium": _p("beryllium", "Beryllium"),
    "Bismuth": _p("bismuth", "Bismuth"),
    "Boron": _p("boron", "Boron"),
    "Bromine": _p("bromine", "Bromine"),
    "Cadmium": _p("cadmium", "Cadmium"),
    "Chromium": _p("chromium", "Chromium"),
    "Cobalt": _p("cobalt", "Cobalt"),
    "Diamond (industrial)": _p("industrial-diamond", "Industrial diamond"),
    "Diatomite": _p("diatomite", "Diatomite"),
    "Feldspar": _p("feldspar", "Feldspar"),
    "Fluorspar": _p("fluorspar", "Fluorspar"),
    "Gallium": _p("gallium", "Gallium"),
    "Garnet (industrial)": _p("industrial-garnet", "Industrial garnet"),
    "Gemstones": _p("gem-diamond", "Gem-quality diamond"),
    "Gemanium": _p("germanium", "Germanium"),  # sic: the 2025 file spells it so
    "Germanium": _p("germanium", "Germanium"),
    "Gold": _p("gold", "Gold"),
    "Graphite": _p("graphite", "Graphite"),
    "Gypsum": _p("gypsum", "Gypsum"),
    "Helium": _p("helium", "Helium"),
    "Indium": _p("indium", "Indium"),
    "Iodine": _p("iodine", "Iodine"),
    "Iron oxide pigments": _p("iron-oxide-pigments", "Iron oxide pigments"),
    "Kyanite and Related Minerals": _p("kyanite", "Kyanite and related minerals"),
    "Lead": _p("lead", "Lead"),
    "Lime": _p("lime", "Lime"),
    "Lithium": _p("lithium", "Lithium"),
    "Magnesium Compounds": _p("magnesite", "Magnesite (magnesium compounds)"),
    "Magnesium metal": _p("magnesium", "Magnesium"),
    "Manganese": _p("manganese", "Manganese"),
    "Mercury": _p("mercury", "Mercury"),
    "Molybdenum": _p("molybdenum", "Molybdenum"),
    "Nickel": _p("nickel", "Nickel"),
    "Niobium": _p("niobium", "Niobium"),
    "Nitrogen(fixed) - Ammonia": _p("ammonia", "Ammonia (fixed nitrogen)"),
    "Peat": _p("peat", "Peat"),
    "Perlite": _p("perlite", "Perlite"),
    "Phosphate rock": _p("phosphate-rock", "Phosphate rock"),
    "Pumice & Pumicite": _p("pumice", "Pumice and pumicite"),
    "Rare earths": _p("rare-earths", "Rare earths"),
    "Rhenium": _p("rhenium", "Rhenium"),
    "Salt": _p("salt", "Salt"),
    "Sand and gravel (industrial)": _p("industrial-sand-and-gravel",
                                       "Industrial sand and gravel"),
    "Selenium": _p("selenium", "Selenium"),
    "Silver": _p("silver", "Silver"),
    "Strontium": _p("strontium", "Strontium"),
    "Sulfur": _p("sulfur", "Sulfur"),
    "Talc and Pyrophyllite": _p("talc", "Talc and pyrophyllite"),
    "Talc, crude": _p("talc", "Talc and pyrophyllite"),
    "Tantalum": _p("tantalum", "Tantalum"),
    "Tellurium": _p("tellurium", "Tellurium"),
    "Tin": _p("tin", "Tin"),
    "Tungsten": _p("tungsten", "Tungsten"),
    "Vanadium": _p("vanadium", "Vanadium"),
    "Vermiculite": _p("vermiculite", "Vermiculite"),
    "Wollastonite": _p("wollastonite", "Wollastonite"),
    "Zeolites (natural)": _p("zeolites", "Natural zeolites"),
    "Zinc": _p("zinc", "Zinc"),
    "Zirconium and Hafnium": _p("zirconium", "Zirconium"),
}

#: (USGS commodity, TYPE) → our commodity, where one USGS commodity has several products.
#: Each product gets its own commodity so that a concentration index never mixes ore with
#: metal, or mine with refinery output.
PRODUCTS: dict[tuple[str, str], Product] = {
    ("Abrasives", "Plant capacity, fused aluminum oxide"):
        _p("fused-aluminum-oxide", "Fused aluminum oxide (abrasive)", "capacity"),
    ("Abrasives", "Plant capacity, silicon carbide"):
        _p("silicon-carbide", "Silicon carbide (abrasive)", "capacity"),
    ("Bauxite", "Mine production, bauxite, dry tons"): _p("bauxite", "Bauxite"),
    ("Bauxite", "Refinery production, alumina - calcined equivalent weights"):
        _p("alumina", "Alumina"),
    ("Cement", "Cement production, estimated"): _p("cement", "Cement"),
    ("Cement", "Clinker capacity, estimated"): _p("clinker", "Cement clinker", "capacity"),
    ("Clays", "Mine poduction, Bentonite"): _p("bentonite", "Bentonite"),
    ("Clays", "Mine poduction, Fuller's earth"): _p("fullers-earth", "Fuller's earth"),
    ("Clays", "Mine poduction, Kaolin"): _p("kaolin", "Kaolin"),
    ("Copper", "Mine production, recoverable copper content"): _p("copper", "Copper"),
    ("Copper", "Refinery production, copper"):
        _p("refined-copper", "Refined copper", broader="copper"),
    ("Iron and Steel", "Pig iron"): _p("pig-iron", "Pig iron"),
    ("Iron and Steel", "Raw steel"): _p("raw-steel", "Raw steel"),
    ("Iron Ore", "Mine production, usable ore"): _p("iron-ore", "Iron ore"),
    ("Iron Ore", "Mine production, iron content"):
        _p("iron-ore-iron-content", "Iron ore (iron content)", broader="iron-ore"),
    ("Mica (Natural)", "Mine production, mica scrap and flake"):
        _p("mica-scrap-and-flake", "Mica scrap and flake"),
    ("Mica (Natural)", "Mine production, mica sheet"): _p("mica-sheet", "Mica sheet"),
    ("Platinum-Group metals", "Mine production, Palladium content"):
        _p("palladium", "Palladium"),
    ("Platinum-Group metals", "Mine production, Platinum content"): _p("platinum", "Platinum"),
    ("Potash", "Mine production, potassium oxide (K2O) equivalent"): _p("potash", "Potash"),
    ("Potash", "Reserves, recoverable ore"):
        _p("potash-ore", "Potash (recoverable ore)", "reserves", broader="potash"),
    ("Silicon", "Plant production, Ferosilicon, silicon content"):
        _p("ferrosilicon", "Ferrosilicon"),
    ("Silicon", "Plant production, silicon metal"): _p("silicon-metal", "Silicon metal"),
    ("Soda ash", "Soda ash, natural, mine production"):
        _p("natural-soda-ash", "Natural soda ash", broader="soda-ash"),
    ("Soda ash", "Mine production, natural"):
        _p("natural-soda-ash", "Natural soda ash", broader="soda-ash"),
    ("Soda ash", "Production, Synthetic"):
        _p("synthetic-soda-ash", "Synthetic soda ash", broader="soda-ash"),
    ("Soda ash", "Soda ash, total natural and synthetic"): _p("soda-ash", "Soda ash"),
    ("Titanium Mineral Concentrates",
     "Mine production, ilmentite, titanium dioxide (TiO2) content"): _p("ilmenite", "Ilmenite"),
    ("Titanium Mineral Concentrates",
     "Mine production, rutile, titanium dioxide (TiO2) content"): _p("rutile", "Rutile"),
    ("Titanium & titanium dioxide", "Sponge Metal Production"):
        _p("titanium-sponge", "Titanium sponge metal", broader="titanium"),
    ("Titanium & titanium dioxide", "Pigment Capacity"):
        _p("titanium-dioxide-pigment", "Titanium dioxide pigment", "capacity"),
}

#: (USGS commodity, COUNTRY) → our commodity, for a row whose country cell names the product:
#: the 2025 file files the combined ilmenite-and-rutile world total under the ilmenite type.
ROW_PRODUCTS: dict[tuple[str, str], Product] = {
    ("Titanium Mineral Concentrates", "World total (ilmenite and rutile, rounded)"):
        _p("titanium-mineral-concentrates", "Titanium mineral concentrates"),
}

#: Commodities whose reserves are in another unit than the row's UNIT_MEAS, as the row's
#: reserve notes say ("Crude Ore, million metric tons"; "(Reserve data is thousand metric tons)").
RESERVES_UNITS: dict[str, str] = {
    "Iron Ore": "million metric tons",
    "Molybdenum": "thousand metric tons",
}

#: Commodities whose RESERVES column is not imported, and why. Magnesium metal is a smelted
#: product: the file's figures there follow its smelter capacity, not reserves of ore.
NO_RESERVES: dict[str, str] = {
    "Magnesium metal": "a smelted metal has no reserves; the column repeats capacity figures",
}


class Country(NamedTuple):
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str | None = None


def _c(id_: str, label: str, *aliases: str, description: str | None = None) -> Country:
    return Country(id_, label, tuple(aliases), description)


#: USGS country name (before any parenthesised qualifier) → our state actor.
#: Ids are the lowercase slug of the common English short name (ids already in data/ reused).
COUNTRIES: dict[str, Country] = {name: c for name, c in [
    ("Afghanistan", _c("afghanistan", "Afghanistan")),
    ("Algeria", _c("algeria", "Algeria")),
    ("Angola", _c("angola", "Angola")),
    ("Argentina", _c("argentina", "Argentina")),
    ("Armenia", _c("armenia", "Armenia")),
    ("Australia", _c("australia", "Australia")),
    ("Austria", _c("austria", "Austria")),
    ("Azerbaijan", _c("azerbaijan", "Azerbaijan")),
    ("Bahrain", _c("bahrain", "Bahrain")),
    ("Belarus", _c("belarus", "Belarus")),
    ("Belgium", _c("belgium", "Belgium")),
    ("Bhutan", _c("bhutan", "Bhutan")),
    ("Bolivia", _c("bolivia", "Bolivia")),
    ("Botswana", _c("botswana", "Botswana")),
    ("Brazil", _c("brazil", "Brazil")),
    ("Bulgaria", _c("bulgaria", "Bulgaria")),
    ("Burkina Faso", _c("burkina-faso", "Burkina Faso")),
    ("Burma", _c("myanmar", "Myanmar", "Burma")),
    ("Burundi", _c("burundi", "Burundi")),
    ("Cameroon", _c("cameroon", "Cameroon")),
    ("Canada", _c("canada", "Canada")),
    ("Chile", _c("chile", "Chile")),
    ("China", _c("china", "China")),
    ("Colombia", _c("colombia", "Colombia")),
    ("Congo (Kinshasa)", _c("democratic-republic-of-the-congo",
                            "Democratic Republic of the Congo", "Congo (Kinshasa)", "DRC")),
    ("Cuba", _c("cuba", "Cuba")),
    ("Cyprus", _c("cyprus", "Cyprus")),
    ("Czechia", _c("czechia", "Czechia")),
    ("Côte d’Ivoire", _c("cote-d-ivoire", "Côte d’Ivoire", "Ivory Coast")),
    ("Denmark", _c("denmark", "Denmark")),
    ("Ecuador", _c("ecuador", "Ecuador")),
    ("Egypt", _c("egypt", "Egypt")),
    ("Estonia", _c("estonia", "Estonia")),
    ("Ethiopia", _c("ethiopia", "Ethiopia")),
    ("Finland", _c("finland", "Finland")),
    ("France", _c("france", "France")),
    ("Gabon", _c("gabon", "Gabon")),
    ("Georgia", _c("georgia", "Georgia")),
    ("Germany", _c("germany", "Germany")),
    ("Ghana", _c("ghana", "Ghana")),
    ("Greece", _c("greece", "Greece")),
    ("Greenland", _c("greenland", "Greenland",
                     description="Listed as a country by USGS.")),
    ("Guatemala", _c("guatemala", "Guatemala")),
    ("Guinea", _c("guinea", "Guinea")),
    ("Hungary", _c("hungary", "Hungary")),
    ("Iceland", _c("iceland", "Iceland")),
    ("India", _c("india", "India")),
    ("Indonesia", _c("indonesia", "Indonesia")),
    ("Iran", _c("iran", "Iran")),
    ("Ireland", _c("ireland", "Ireland")),
    ("Israel", _c("israel", "Israel")),
    ("Italy", _c("italy", "Italy")),
    ("Jamaica", _c("jamaica", "Jamaica")),
    ("Japan", _c("japan", "Japan")),
    ("Jordan", _c("jordan", "Jordan")),
    ("Kazakhstan", _c("kazakhstan", "Kazakhstan")),
    ("Kenya", _c("kenya", "Kenya")),
    ("Korea, North", _c("north-korea", "North Korea", "Korea, North")),
    ("Korea, Republic of", _c("south-korea", "South Korea", "Korea, Republic of")),
    ("Kuwait", _c("kuwait", "Kuwait")),
    ("Kyrgyzstan", _c("kyrgyzstan", "Kyrgyzstan")),
    ("Laos", _c("laos", "Laos")),
    ("Latvia", _c("latvia", "Latvia")),
    ("Lesotho", _c("lesotho", "Lesotho")),
    ("Lithuania", _c("lithuania", "Lithuania")),
    ("Madagascar", _c("madagascar", "Madagascar")),
    ("Malaysia", _c("malaysia", "Malaysia")),
    ("Mali", _c("mali", "Mali")),
    ("Mauritania", _c("mauritania", "Mauritania")),
    ("Mexico", _c("mexico", "Mexico")),
    ("Mongolia", _c("mongolia", "Mongolia")),
    ("Morocco", _c("morocco", "Morocco")),
    ("Mozambique", _c("mozambique", "Mozambique")),
    ("Namibia", _c("namibia", "Namibia")),
    ("Netherlands", _c("netherlands", "Netherlands")),
    ("New Caledonia", _c("new-caledonia", "New Caledonia",
                         description="Listed as a country by USGS.")),
    ("New Zealand", _c("new-zealand", "New Zealand")),
    ("Nigeria", _c("nigeria", "Nigeria")),
    ("Norway", _c("norway", "Norway")),
    ("Oman", _c("oman", "Oman")),
    ("Pakistan", _c("pakistan", "Pakistan")),
    ("Papua New Guinea", _c("papua-new-guinea", "Papua New Guinea")),
    ("Peru", _c("peru", "Peru")),
    ("Philippines", _c("philippines", "Philippines")),
    ("Poland", _c("poland", "Poland")),
    ("Portugal", _c("portugal", "Portugal")),
    ("Qatar", _c("qatar", "Qatar")),
    ("Russia", _c("russia", "Russia")),
    ("Rwanda", _c("rwanda", "Rwanda")),
    ("Saudi Arabia", _c("saudi-arabia", "Saudi Arabia")),
    ("Senegal", _c("senegal", "Senegal")),
    ("Serbia", _c("serbia", "Serbia")),
    ("Sierra Leone", _c("sierra-leone", "Sierra Leone")),
    ("Slovakia", _c("slovakia", "Slovakia")),
    ("South Africa", _c("south-africa", "South Africa")),
    ("Spain", _c("spain", "Spain")),
    ("Sri Lanka", _c("sri-lanka", "Sri Lanka")),
    ("Sweden", _c("sweden", "Sweden")),
    ("Syria", _c("syria", "Syria")),
    ("Taiwan", _c("taiwan", "Taiwan", description="Listed as a country by USGS.")),
    ("Tajikistan", _c("tajikistan", "Tajikistan")),
    ("Tanzania", _c("tanzania", "Tanzania")),
    ("Thailand", _c("thailand", "Thailand")),
    ("Togo", _c("togo", "Togo")),
    ("Trinidad and Tobago", _c("trinidad-and-tobago", "Trinidad and Tobago")),
    ("Tunisia", _c("tunisia", "Tunisia")),
    ("Turkey", _c("turkey", "Turkey")),
    ("Turkmenistan", _c("turkmenistan", "Turkmenistan")),
    ("Uganda", _c("uganda", "Uganda")),
    ("Ukraine", _c("ukraine", "Ukraine")),
    ("United Arab Emirates", _c("united-arab-emirates", "United Arab Emirates")),
    ("United Kingdom", _c("united-kingdom", "United Kingdom")),
    ("United States", _c("united-states", "United States")),
    ("Uzbekistan", _c("uzbekistan", "Uzbekistan")),
    ("Venezuela", _c("venezuela", "Venezuela")),
    ("Vietnam", _c("vietnam", "Vietnam")),
    ("Zambia", _c("zambia", "Zambia")),
    ("Zimbabwe", _c("zimbabwe", "Zimbabwe")),
]}

#: Country cells that are the world total or the rest of the world (prefixes, any case).
WORLD_PREFIX = "world total"
OTHERS_PREFIX = "other countries"
WORLD_ID = "world"
OTHERS = _c("other-countries", "Other countries",
            description="The rest of the world as a source reports it: every country the "
            "source does not list by name, for one commodity and year.")

#: Country cells that name a group of countries: no single state to attach a figure to.
GROUPS: frozenset[str] = frozenset({"United States and Canada"})

#: Notes that mark a figure withheld (W) or not available (NA): never turned into numbers.
WITHHELD_NOTES = ("w for", "withheld")
NOT_AVAILABLE_NOTES = ("na", "na for", "xx")
