namespace DataReadiness.Demo;

/// <summary>The invented but realistic master data the demo generator draws from.</summary>
internal static class DemoCatalog
{
    /// <summary>Canonical vendor names; the last three appear only in live data.</summary>
    public static readonly string[] Vendors =
    [
        "Müller Hydraulik GmbH", "Schäfer Antriebstechnik GmbH", "Böhm Präzisionsteile AG", "Acme Steel Inc.",
        "Acme Industrial Supply Inc.", "Nordic Bearings AB", "Société Lyonnaise de Roulements SA", "Precision Castparts Corp.",
        "Great Lakes Fastener Company", "Keystone Industrial Supply Co.", "Baltic Seal Technology Ltd", "Rhein Pneumatik GmbH & Co. KG",
        "Würth Industrie Service GmbH & Co. KG", "Hoffmann Werkzeuge GmbH", "Midwest Motion Industries Inc.", "Applied Power Transmission Inc.",
        "Kessler Elektrotechnik AG", "Summit Electric Supply Corporation", "Lapp Kabelwerke GmbH", "Igel Kunststofftechnik GmbH",
        "Eastern Valve & Fitting Corporation", "Tri-State Hydraulics International Inc.", "Zürcher Filtertechnik AG", "Nippon Drive Components Co., Ltd.",
        "Pacific Coast Gasket Company", "Ørsted Industrimontage A/S", "Dubois Mécanique SARL", "Novak Strojírny s.r.o.",
    ];

    public const int LiveOnlyVendors = 3;

    /// <summary>(description, canonical UoM, kilograms per unit).</summary>
    public static readonly (string Description, string Uom, double KgPerUnit)[] Items =
    [
        ("Deep groove ball bearing 6204-2RS", "EA", 0.11), ("Tapered roller bearing 32210", "EA", 0.92),
        ("Hydraulic hose 1/2in x 2m", "EA", 0.95), ("Hex bolt M12x50 8.8 zinc", "EA", 0.056),
        ("Lubricating grease EP2", "KG", 1.0), ("Steel plate S355 10mm", "KG", 1.0),
        ("Proximity sensor M18 PNP", "EA", 0.08), ("V-belt SPZ 1250", "EA", 0.12),
        ("Mechanical seal 45mm", "EA", 0.35), ("Gear pump 16 cc/rev", "EA", 4.2),
        ("Solenoid valve 24VDC 1/4in", "EA", 0.6), ("Hydraulic oil HLP 46", "L", 0.87),
        ("Cable H07RN-F 3G2.5", "M", 0.19), ("Roller chain 08B-1", "M", 0.7),
        ("Air filter element", "EA", 0.45), ("O-ring kit NBR", "SET", 0.25),
        ("Safety gloves cut level 5", "BOX", 1.4), ("Cutting disc 125mm", "BOX", 2.1),
        ("Electric motor 4kW IE3", "EA", 32.0), ("Frequency inverter 5.5kW", "EA", 3.9),
        ("Coupling jaw type 28", "EA", 0.8), ("Pneumatic cylinder 50x200", "EA", 2.6),
        ("Welding wire SG2 1.0mm", "KG", 1.0), ("Shaft steel C45 dia 40", "M", 9.9),
    ];

    /// <summary>The items' descriptions as a German-language system writes them, in <see cref="Items"/>' order.</summary>
    public static readonly string[] GermanDescriptions =
    [
        "Rillenkugellager 6204-2RS", "Kegelrollenlager 32210", "Hydraulikschlauch 1/2 Zoll x 2m", "Sechskantschraube M12x50 8.8 verzinkt",
        "Schmierfett EP2", "Stahlblech S355 10mm", "Näherungsschalter M18 PNP", "Keilriemen SPZ 1250",
        "Gleitringdichtung 45mm", "Zahnradpumpe 16 ccm/U", "Magnetventil 24VDC 1/4 Zoll", "Hydrauliköl HLP 46",
        "Leitung H07RN-F 3G2,5", "Rollenkette 08B-1", "Luftfiltereinsatz", "O-Ring-Satz NBR",
        "Schutzhandschuhe Schnittschutz 5", "Trennscheibe 125mm", "Elektromotor 4kW IE3", "Frequenzumrichter 5,5kW",
        "Klauenkupplung Größe 28", "Pneumatikzylinder 50x200", "Schweißdraht SG2 1,0mm", "Wellenstahl C45 D40",
    ];

    public static readonly string[] Plants = ["HAM1", "MUC2", "DET1", "CHI3", "LYO1"];
    public static readonly string[] Currencies = ["EUR", "EUR", "EUR", "USD", "USD", "GBP"];
    public static readonly string[] Buyers = ["B017", "B022", "B031", "B045", "B052", "B060"];

    /// <summary>Synonyms operators and other systems use for each canonical unit of measure.</summary>
    public static readonly Dictionary<string, string[]> UomSynonyms = new()
    {
        ["EA"] = ["PCS", "PC", "each", "ST", "Stk"],
        ["KG"] = ["kg", "KGS", "kilo"],
        ["M"] = ["MTR", "m", "mtr"],
        ["L"] = ["LTR", "ltr", "l"],
        ["BOX"] = ["BX", "Box"],
        ["SET"] = ["SETS", "set", "KIT"],
    };

    /// <summary>The unit of measure another plant records the same item in (a box of bearings, oil by weight).</summary>
    public static readonly Dictionary<string, string> OtherUom = new()
    {
        ["EA"] = "BOX", ["KG"] = "L", ["L"] = "KG", ["M"] = "EA", ["BOX"] = "EA", ["SET"] = "EA",
    };

    public static readonly string[] NullTokens = ["N/A", "NULL", "-", "?", "TBD", "#N/A", "none", "n/a", ""];
    /// <summary>Stand-ins a clerk types when the item code is not at hand.</summary>
    public static readonly string[] Placeholders = ["XXXXX", "99999", "000000"];

    public static readonly string[] NullDateTokens = ["0000-00-00", "9999-12-31", "N/A", ""];

    /// <summary>Delivery slots at the dock, half-hourly.</summary>
    public static readonly string[] DockSlots = Enumerable.Range(14, 19).Select(h => $"{h / 2:00}:{(h % 2) * 30:00}").ToArray();

    /// <summary>What a carrier portal writes into a time it does not have: words no null dictionary lists.</summary>
    public static readonly string[] TimeTokens = ["Not Available", "Contact Carrier"];

    /// <summary>What a clerk writes into a note field that has nothing to say.</summary>
    public static readonly string[] NoteTokens = ["N/A", "none", "-"];

    /// <summary>Notes as a careful clerk writes them.</summary>
    public static readonly string[] NoteTemplates =
    [
        "check bearing temperature high, replace with new",
        "hydraulic leak at pump, inspect seals before delivery",
        "urgent delivery required before planned shutdown",
        "received damaged, return to supplier",
        "replace filter and lubricate motor bearings",
        "pressure too low on valve assembly, adjust regulator",
        "order quantity approximately as last month",
        "standard maintenance kit for pump, see drawing number",
        "please confirm delivery date as soon as possible",
        "emergency order for equipment without spare parts",
        "operator reports vibration on motor, check coupling alignment",
        "partial delivery received, remaining quantity back order",
        "",
    ];

    /// <summary>How operators shorten words (a subset of the glossary the rules will ship).</summary>
    public static readonly Dictionary<string, string> Shorthand = new(StringComparer.Ordinal)
    {
        ["check"] = "chk", ["bearing"] = "brg", ["bearings"] = "brgs", ["temperature"] = "temp", ["high"] = "hi",
        ["replace"] = "repl", ["with"] = "w/", ["hydraulic"] = "hyd", ["leak"] = "lk", ["inspect"] = "insp",
        ["before"] = "b4", ["delivery"] = "dlvy", ["urgent"] = "urg", ["required"] = "req'd", ["planned"] = "plnd",
        ["shutdown"] = "s/d", ["received"] = "rcvd", ["damaged"] = "dmgd", ["return"] = "rtn", ["supplier"] = "supp",
        ["filter"] = "fltr", ["lubricate"] = "lube", ["motor"] = "mtr", ["pressure"] = "press", ["valve"] = "vlv",
        ["assembly"] = "assy", ["adjust"] = "adj", ["regulator"] = "reg", ["order"] = "ord", ["quantity"] = "qty",
        ["approximately"] = "approx", ["standard"] = "std", ["maintenance"] = "maint", ["drawing"] = "dwg",
        ["number"] = "no.", ["please"] = "pls", ["confirm"] = "cnfm", ["date"] = "dt", ["emergency"] = "emerg",
        ["equipment"] = "equip", ["without"] = "w/o", ["spare"] = "spr", ["parts"] = "pts", ["operator"] = "op",
        ["reports"] = "rpts", ["vibration"] = "vib", ["coupling"] = "cplg", ["alignment"] = "algnmt",
        ["partial"] = "part.", ["remaining"] = "rem", ["back"] = "b/", ["seals"] = "sls", ["pump"] = "pmp",
    };

    /// <summary>Legal-form spellings that mean the same thing.</summary>
    public static readonly (string Canonical, string[] Variants)[] LegalForms =
    [
        ("GmbH & Co. KG", ["GmbH & Co KG", "GmbH u. Co. KG", "GMBH & CO. KG"]),
        ("GmbH", ["Gmbh", "G.m.b.H.", "GMBH"]),
        ("Inc.", ["Inc", "Incorporated", "INC."]),
        ("Corporation", ["Corp.", "Corp", "CORPORATION"]),
        ("Corp.", ["Corp", "Corporation"]),
        ("Company", ["Co.", "Co", "Comp."]),
        ("Co.", ["Co", "Company"]),
        ("Co., Ltd.", ["Co Ltd", "Company Limited"]),
        ("Ltd", ["Ltd.", "Limited", "LTD"]),
        ("AG", ["A.G.", "Aktiengesellschaft"]),
        ("SA", ["S.A."]),
        ("SARL", ["S.A.R.L.", "Sarl"]),
        ("AB", ["Aktiebolag"]),
        ("A/S", ["AS"]),
        ("s.r.o.", ["sro", "S.R.O."]),
    ];

    /// <summary>Word abbreviations seen in vendor master data.</summary>
    public static readonly (string Word, string Abbreviation)[] NameAbbreviations =
    [
        ("Industrial", "Ind."), ("International", "Intl"), ("Technology", "Tech"), ("Electric", "Elec."),
        ("Supply", "Sup."), ("Components", "Cmpnts"), ("Hydraulics", "Hydr."),
    ];
}
