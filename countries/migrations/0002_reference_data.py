"""Real reference data: languages, the 68 countries, the contributing organizations and the certain
memberships, the international instruments with their controlled-delivery provisions, and the
questionnaire.

The facts are copied from the handbook's reference files as literals (nothing outside the project is read at run
time), and the language list is copied from Django's LANG_INFO rather than imported, so that a
Django upgrade cannot change what this migration creates.
"""

import datetime

from django.db import migrations

# Every two-letter (ISO 639-1) code in django.conf.locale.LANG_INFO (Django 5.2), with its English name,
# plus the ISO 639-1 languages of covered countries that LANG_INFO lacks (Maltese, Pashto, Romansh).
LANGUAGES = [
    ("af", "Afrikaans"),
    ("ar", "Arabic"),
    ("az", "Azerbaijani"),
    ("be", "Belarusian"),
    ("bg", "Bulgarian"),
    ("bn", "Bengali"),
    ("br", "Breton"),
    ("bs", "Bosnian"),
    ("ca", "Catalan"),
    ("cs", "Czech"),
    ("cy", "Welsh"),
    ("da", "Danish"),
    ("de", "German"),
    ("el", "Greek"),
    ("en", "English"),
    ("eo", "Esperanto"),
    ("es", "Spanish"),
    ("et", "Estonian"),
    ("eu", "Basque"),
    ("fa", "Persian"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("fy", "Frisian"),
    ("ga", "Irish"),
    ("gd", "Scottish Gaelic"),
    ("gl", "Galician"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("hr", "Croatian"),
    ("hu", "Hungarian"),
    ("hy", "Armenian"),
    ("ia", "Interlingua"),
    ("id", "Indonesian"),
    ("ig", "Igbo"),
    ("io", "Ido"),
    ("is", "Icelandic"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("ka", "Georgian"),
    ("kk", "Kazakh"),
    ("km", "Khmer"),
    ("kn", "Kannada"),
    ("ko", "Korean"),
    ("ky", "Kyrgyz"),
    ("lb", "Luxembourgish"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("mk", "Macedonian"),
    ("mt", "Maltese"),
    ("ml", "Malayalam"),
    ("mn", "Mongolian"),
    ("mr", "Marathi"),
    ("ms", "Malay"),
    ("my", "Burmese"),
    ("nb", "Norwegian Bokmal"),
    ("ne", "Nepali"),
    ("nl", "Dutch"),
    ("nn", "Norwegian Nynorsk"),
    ("no", "Norwegian"),
    ("os", "Ossetic"),
    ("pa", "Punjabi"),
    ("pl", "Polish"),
    ("ps", "Pashto"),
    ("pt", "Portuguese"),
    ("rm", "Romansh"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("sq", "Albanian"),
    ("sr", "Serbian"),
    ("sv", "Swedish"),
    ("sw", "Swahili"),
    ("ta", "Tamil"),
    ("te", "Telugu"),
    ("tg", "Tajik"),
    ("th", "Thai"),
    ("tk", "Turkmen"),
    ("tr", "Turkish"),
    ("tt", "Tatar"),
    ("ug", "Uyghur"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("uz", "Uzbek"),
    ("vi", "Vietnamese"),
]

# (ISO 3166 alpha-2 code, name, slug, OSCE status), as in countries.csv; slug = slugify(name).
COUNTRIES = [
    ("AL", "Albania", "albania", "participating_state"),
    ("AD", "Andorra", "andorra", "participating_state"),
    ("AM", "Armenia", "armenia", "participating_state"),
    ("AT", "Austria", "austria", "participating_state"),
    ("AZ", "Azerbaijan", "azerbaijan", "participating_state"),
    ("BE", "Belgium", "belgium", "participating_state"),
    ("BY", "Belarus", "belarus", "participating_state"),
    ("BA", "Bosnia and Herzegovina", "bosnia-and-herzegovina", "participating_state"),
    ("BG", "Bulgaria", "bulgaria", "participating_state"),
    ("CA", "Canada", "canada", "participating_state"),
    ("HR", "Croatia", "croatia", "participating_state"),
    ("CY", "Cyprus", "cyprus", "participating_state"),
    ("CZ", "Czechia", "czechia", "participating_state"),
    ("DK", "Denmark", "denmark", "participating_state"),
    ("EE", "Estonia", "estonia", "participating_state"),
    ("FI", "Finland", "finland", "participating_state"),
    ("FR", "France", "france", "participating_state"),
    ("GE", "Georgia", "georgia", "participating_state"),
    ("DE", "Germany", "germany", "participating_state"),
    ("GR", "Greece", "greece", "participating_state"),
    ("VA", "Holy See", "holy-see", "participating_state"),
    ("HU", "Hungary", "hungary", "participating_state"),
    ("IS", "Iceland", "iceland", "participating_state"),
    ("IE", "Ireland", "ireland", "participating_state"),
    ("IT", "Italy", "italy", "participating_state"),
    ("KZ", "Kazakhstan", "kazakhstan", "participating_state"),
    ("KG", "Kyrgyzstan", "kyrgyzstan", "participating_state"),
    ("LV", "Latvia", "latvia", "participating_state"),
    ("LI", "Liechtenstein", "liechtenstein", "participating_state"),
    ("LT", "Lithuania", "lithuania", "participating_state"),
    ("LU", "Luxembourg", "luxembourg", "participating_state"),
    ("MT", "Malta", "malta", "participating_state"),
    ("MD", "Moldova", "moldova", "participating_state"),
    ("MC", "Monaco", "monaco", "participating_state"),
    ("MN", "Mongolia", "mongolia", "participating_state"),
    ("ME", "Montenegro", "montenegro", "participating_state"),
    ("NL", "The Netherlands", "the-netherlands", "participating_state"),
    ("MK", "North Macedonia", "north-macedonia", "participating_state"),
    ("NO", "Norway", "norway", "participating_state"),
    ("PL", "Poland", "poland", "participating_state"),
    ("PT", "Portugal", "portugal", "participating_state"),
    ("RO", "Romania", "romania", "participating_state"),
    ("RU", "Russian Federation", "russian-federation", "participating_state"),
    ("SM", "San Marino", "san-marino", "participating_state"),
    ("RS", "Serbia", "serbia", "participating_state"),
    ("SK", "Slovakia", "slovakia", "participating_state"),
    ("SI", "Slovenia", "slovenia", "participating_state"),
    ("ES", "Spain", "spain", "participating_state"),
    ("SE", "Sweden", "sweden", "participating_state"),
    ("CH", "Switzerland", "switzerland", "participating_state"),
    ("TJ", "Tajikistan", "tajikistan", "participating_state"),
    ("TR", "Türkiye", "turkiye", "participating_state"),
    ("TM", "Turkmenistan", "turkmenistan", "participating_state"),
    ("UA", "Ukraine", "ukraine", "participating_state"),
    ("GB", "United Kingdom", "united-kingdom", "participating_state"),
    ("US", "United States of America", "united-states-of-america", "participating_state"),
    ("UZ", "Uzbekistan", "uzbekistan", "participating_state"),
    ("AF", "Afghanistan", "afghanistan", "asian_partner"),
    ("AU", "Australia", "australia", "asian_partner"),
    ("JP", "Japan", "japan", "asian_partner"),
    ("KR", "Republic of Korea", "republic-of-korea", "asian_partner"),
    ("TH", "Thailand", "thailand", "asian_partner"),
    ("DZ", "Algeria", "algeria", "mediterranean_partner"),
    ("EG", "Egypt", "egypt", "mediterranean_partner"),
    ("IL", "Israel", "israel", "mediterranean_partner"),
    ("JO", "Jordan", "jordan", "mediterranean_partner"),
    ("MA", "Morocco", "morocco", "mediterranean_partner"),
    ("TN", "Tunisia", "tunisia", "mediterranean_partner"),
]

ORGANIZATIONS = [
    {
        "slug": "osce",
        "acronym": "OSCE",
        "name": "Organization for Security and Co-operation in Europe",
        "kind": "intergovernmental",
        "seat": "Vienna",
        "website": "https://www.osce.org",
        "role": "Supported the handbook through its Secretariat's Transnational Threats Department; collected information from participating States that belong to none of the other contributing organizations.",
    },
    {
        "slug": "pompidou-group",
        "acronym": "Pompidou Group",
        "name": "Council of Europe International Co-operation Group on Drugs and Addictions (Pompidou Group)",
        "kind": "council_of_europe_body",
        "seat": "Strasbourg",
        "website": "https://www.coe.int/en/web/pompidou",
        "role": "Initiated the online handbook on controlled deliveries through its drug policy network; grants access to law enforcement and judicial authorities.",
    },
    {
        "slug": "pc-oc",
        "acronym": "PC-OC",
        "name": "Council of Europe Committee of Experts on the Operation of European Conventions on Co-operation in Criminal Matters",
        "kind": "council_of_europe_body",
        "seat": "Strasbourg",
        "website": "https://www.coe.int/en/web/transnational-criminal-justice-pcoc",
        "role": "Contributed information on the operation of the Council of Europe's mutual legal assistance conventions.",
    },
    {
        "slug": "eurojust",
        "acronym": "Eurojust",
        "name": "European Union Agency for Criminal Justice Cooperation",
        "kind": "eu_agency",
        "seat": "The Hague",
        "website": "https://www.eurojust.europa.eu",
        "role": "Judicial coordination of cross-border cases; collected handbook information for European States.",
    },
    {
        "slug": "europol",
        "acronym": "Europol",
        "name": "European Union Agency for Law Enforcement Cooperation",
        "kind": "eu_agency",
        "seat": "The Hague",
        "website": "https://www.europol.europa.eu",
        "role": "Law enforcement information exchange, including over the SIENA secure channel (24/7).",
    },
    {
        "slug": "interpol",
        "acronym": "INTERPOL",
        "name": "International Criminal Police Organization",
        "kind": "international_police",
        "seat": "Lyon",
        "website": "https://www.interpol.int",
        "role": "Police co-operation through National Central Bureaus over the I-24/7 network.",
    },
    {
        "slug": "selec",
        "acronym": "SELEC",
        "name": "Southeast European Law Enforcement Center",
        "kind": "regional_law_enforcement",
        "seat": "Bucharest",
        "website": "https://www.selec.org",
        "role": "Routes requests through each member State's National Focal Point and its Liaison Officer at SELEC; keeps the controlled delivery manual for South-East Europe updated with the OSCE.",
    },
    {
        "slug": "eu",
        "acronym": "EU",
        "name": "European Union",
        "kind": "union",
        "seat": "Brussels",
        "website": "https://european-union.europa.eu",
        "role": "Membership decides which EU instruments apply (2000 MLA Convention, European Investigation Order, Naples II).",
    },
    {
        "slug": "coe",
        "acronym": "Council of Europe",
        "name": "Council of Europe",
        "kind": "intergovernmental",
        "seat": "Strasbourg",
        "website": "https://www.coe.int",
        "role": "Membership is a precondition for most Council of Europe criminal-law conventions (ratification still decides applicability).",
    },
]

# (organization slug, country code, membership kind): every row of memberships.csv, in its order.
MEMBERSHIPS = [
    ("osce", "AL", "participating_state"),
    ("osce", "AD", "participating_state"),
    ("osce", "AM", "participating_state"),
    ("osce", "AT", "participating_state"),
    ("osce", "AZ", "participating_state"),
    ("osce", "BE", "participating_state"),
    ("osce", "BY", "participating_state"),
    ("osce", "BA", "participating_state"),
    ("osce", "BG", "participating_state"),
    ("osce", "CA", "participating_state"),
    ("osce", "HR", "participating_state"),
    ("osce", "CY", "participating_state"),
    ("osce", "CZ", "participating_state"),
    ("osce", "DK", "participating_state"),
    ("osce", "EE", "participating_state"),
    ("osce", "FI", "participating_state"),
    ("osce", "FR", "participating_state"),
    ("osce", "GE", "participating_state"),
    ("osce", "DE", "participating_state"),
    ("osce", "GR", "participating_state"),
    ("osce", "VA", "participating_state"),
    ("osce", "HU", "participating_state"),
    ("osce", "IS", "participating_state"),
    ("osce", "IE", "participating_state"),
    ("osce", "IT", "participating_state"),
    ("osce", "KZ", "participating_state"),
    ("osce", "KG", "participating_state"),
    ("osce", "LV", "participating_state"),
    ("osce", "LI", "participating_state"),
    ("osce", "LT", "participating_state"),
    ("osce", "LU", "participating_state"),
    ("osce", "MT", "participating_state"),
    ("osce", "MD", "participating_state"),
    ("osce", "MC", "participating_state"),
    ("osce", "MN", "participating_state"),
    ("osce", "ME", "participating_state"),
    ("osce", "NL", "participating_state"),
    ("osce", "MK", "participating_state"),
    ("osce", "NO", "participating_state"),
    ("osce", "PL", "participating_state"),
    ("osce", "PT", "participating_state"),
    ("osce", "RO", "participating_state"),
    ("osce", "RU", "participating_state"),
    ("osce", "SM", "participating_state"),
    ("osce", "RS", "participating_state"),
    ("osce", "SK", "participating_state"),
    ("osce", "SI", "participating_state"),
    ("osce", "ES", "participating_state"),
    ("osce", "SE", "participating_state"),
    ("osce", "CH", "participating_state"),
    ("osce", "TJ", "participating_state"),
    ("osce", "TR", "participating_state"),
    ("osce", "TM", "participating_state"),
    ("osce", "UA", "participating_state"),
    ("osce", "GB", "participating_state"),
    ("osce", "US", "participating_state"),
    ("osce", "UZ", "participating_state"),
    ("eu", "AT", "member"),
    ("eu", "BE", "member"),
    ("eu", "BG", "member"),
    ("eu", "HR", "member"),
    ("eu", "CY", "member"),
    ("eu", "CZ", "member"),
    ("eu", "DK", "member"),
    ("eu", "EE", "member"),
    ("eu", "FI", "member"),
    ("eu", "FR", "member"),
    ("eu", "DE", "member"),
    ("eu", "GR", "member"),
    ("eu", "HU", "member"),
    ("eu", "IE", "member"),
    ("eu", "IT", "member"),
    ("eu", "LV", "member"),
    ("eu", "LT", "member"),
    ("eu", "LU", "member"),
    ("eu", "MT", "member"),
    ("eu", "NL", "member"),
    ("eu", "PL", "member"),
    ("eu", "PT", "member"),
    ("eu", "RO", "member"),
    ("eu", "SK", "member"),
    ("eu", "SI", "member"),
    ("eu", "ES", "member"),
    ("eu", "SE", "member"),
    ("selec", "AL", "member"),
    ("selec", "BA", "member"),
    ("selec", "BG", "member"),
    ("selec", "GR", "member"),
    ("selec", "HU", "member"),
    ("selec", "MD", "member"),
    ("selec", "ME", "member"),
    ("selec", "MK", "member"),
    ("selec", "RO", "member"),
    ("selec", "RS", "member"),
    ("selec", "TR", "member"),
    ("coe", "AL", "member"),
    ("coe", "AD", "member"),
    ("coe", "AM", "member"),
    ("coe", "AT", "member"),
    ("coe", "AZ", "member"),
    ("coe", "BE", "member"),
    ("coe", "BA", "member"),
    ("coe", "BG", "member"),
    ("coe", "HR", "member"),
    ("coe", "CY", "member"),
    ("coe", "CZ", "member"),
    ("coe", "DK", "member"),
    ("coe", "EE", "member"),
    ("coe", "FI", "member"),
    ("coe", "FR", "member"),
    ("coe", "GE", "member"),
    ("coe", "DE", "member"),
    ("coe", "GR", "member"),
    ("coe", "HU", "member"),
    ("coe", "IS", "member"),
    ("coe", "IE", "member"),
    ("coe", "IT", "member"),
    ("coe", "LV", "member"),
    ("coe", "LI", "member"),
    ("coe", "LT", "member"),
    ("coe", "LU", "member"),
    ("coe", "MT", "member"),
    ("coe", "MD", "member"),
    ("coe", "MC", "member"),
    ("coe", "ME", "member"),
    ("coe", "NL", "member"),
    ("coe", "MK", "member"),
    ("coe", "NO", "member"),
    ("coe", "PL", "member"),
    ("coe", "PT", "member"),
    ("coe", "RO", "member"),
    ("coe", "SM", "member"),
    ("coe", "RS", "member"),
    ("coe", "SK", "member"),
    ("coe", "SI", "member"),
    ("coe", "ES", "member"),
    ("coe", "SE", "member"),
    ("coe", "CH", "member"),
    ("coe", "TR", "member"),
    ("coe", "UA", "member"),
    ("coe", "GB", "member"),
]

# (slug, name)
TOPICS = [
    ("controlled-delivery", "Controlled delivery"),
    ("special-investigative-techniques", "Special investigative techniques"),
    ("mutual-legal-assistance", "Mutual legal assistance"),
    ("customs-co-operation", "Customs co-operation"),
    ("police-co-operation", "Police co-operation"),
    ("definitions", "Definitions"),
]

# International instruments (country empty) and their controlled-delivery provisions, as in instruments.csv.
# Dates are ISO strings; None where the file gives no date of entry into force.
INSTRUMENTS = [
    {
        "slug": "1988-convention",
        "short_name": "1988 Convention",
        "title": "United Nations Convention against Illicit Traffic in Narcotic Drugs and Psychotropic Substances",
        "kind": "un_convention",
        "adopted_on": "1988-12-20",
        "in_force_on": "1990-11-11",
        "provisions": [
            {
                "article": "Art. 1(g)",
                "title": "Definition of controlled delivery",
                "summary": "Defines controlled delivery: letting illicit or suspect consignments of narcotic drugs, psychotropic substances or substances substituted for them pass out of, through or into the territory of one or more countries, with the knowledge and under the supervision of their competent authorities, to identify persons involved.",
                "order": 1,
                "topics": ["controlled-delivery", "definitions"],
            },
            {
                "article": "Art. 11",
                "title": "Controlled delivery",
                "summary": "Parties allow the appropriate use of controlled delivery at international level on the basis of agreements or arrangements (11.1); decisions are taken case by case and may consider financial arrangements (11.2); intercepted consignments may, by agreement, continue with the drugs intact or removed or replaced in whole or in part (11.3).",
                "order": 2,
                "topics": ["controlled-delivery"],
            },
        ],
    },
    {
        "slug": "untoc",
        "short_name": "UNTOC",
        "title": "United Nations Convention against Transnational Organized Crime",
        "kind": "un_convention",
        "adopted_on": "2000-11-15",
        "in_force_on": "2003-09-29",
        "provisions": [
            {
                "article": "Art. 20",
                "title": "Special investigative techniques",
                "summary": "Each State Party, where its domestic legal system permits, allows the appropriate use of controlled delivery and other special investigative techniques; international use is decided by agreements or case by case. Art. 2(i) defines controlled delivery.",
                "order": 1,
                "topics": ["controlled-delivery", "special-investigative-techniques"],
            },
        ],
    },
    {
        "slug": "uncac",
        "short_name": "UNCAC",
        "title": "United Nations Convention against Corruption",
        "kind": "un_convention",
        "adopted_on": "2003-10-31",
        "in_force_on": "2005-12-14",
        "provisions": [
            {
                "article": "Art. 50",
                "title": "Special investigative techniques",
                "summary": "States Parties take measures to allow the appropriate use of controlled delivery and to allow for the admissibility in court of evidence derived from it. Art. 2(i) defines controlled delivery.",
                "order": 1,
                "topics": ["controlled-delivery", "special-investigative-techniques"],
            },
        ],
    },
    {
        "slug": "ets-182",
        "short_name": "ETS 182",
        "title": "Second Additional Protocol to the European Convention on Mutual Assistance in Criminal Matters",
        "kind": "coe_convention",
        "adopted_on": "2001-11-08",
        "in_force_on": "2004-02-01",
        "provisions": [
            {
                "article": "Art. 18",
                "title": "Controlled delivery",
                "summary": "Each Party ensures that, at the request of another Party, controlled deliveries may be permitted on its territory for extraditable offences; the requested Party decides case by case under its national law; deliveries follow its procedures and it directs and controls them (18.1-18.3); Parties declare their competent authorities (18.4).",
                "order": 1,
                "topics": ["controlled-delivery", "mutual-legal-assistance"],
            },
        ],
    },
    {
        "slug": "eu-mla-convention-2000",
        "short_name": "EU MLA Convention 2000",
        "title": "Convention on Mutual Assistance in Criminal Matters between the Member States of the European Union",
        "kind": "eu_instrument",
        "adopted_on": "2000-05-29",
        "in_force_on": "2005-08-23",
        "provisions": [
            {
                "article": "Art. 12",
                "title": "Controlled deliveries",
                "summary": "Each Member State undertakes that, at the request of another Member State, controlled deliveries may be permitted on its territory for extraditable offences; decided case by case by the requested State's competent authorities; carried out under its procedures, which it directs and controls.",
                "order": 1,
                "topics": ["controlled-delivery", "mutual-legal-assistance"],
            },
        ],
    },
    {
        "slug": "eio-directive",
        "short_name": "EIO Directive",
        "title": "Directive 2014/41/EU regarding the European Investigation Order in criminal matters",
        "kind": "eu_instrument",
        "adopted_on": "2014-04-03",
        "in_force_on": None,
        "provisions": [
            {
                "article": "Art. 28(1)(b)",
                "title": "Investigative measures implying gathering of evidence in real time",
                "summary": "A European Investigation Order may be issued for a controlled delivery; execution may be refused where the measure would not be authorised in a similar domestic case; the executing State directs and controls the operation and practical arrangements are agreed between the States.",
                "order": 1,
                "topics": ["controlled-delivery", "mutual-legal-assistance"],
            },
        ],
    },
    {
        "slug": "naples-ii",
        "short_name": "Naples II",
        "title": "Convention on mutual assistance and co-operation between customs administrations (Naples II)",
        "kind": "eu_instrument",
        "adopted_on": "1997-12-18",
        "in_force_on": None,
        "provisions": [
            {
                "article": "Art. 22",
                "title": "Controlled delivery",
                "summary": "Customs administrations of the Member States undertake to permit, at the request of another Member State, controlled deliveries on their territory as a special form of co-operation.",
                "order": 1,
                "topics": ["controlled-delivery", "customs-co-operation"],
            },
        ],
    },
    {
        "slug": "cisa",
        "short_name": "CISA",
        "title": "Convention implementing the Schengen Agreement",
        "kind": "eu_instrument",
        "adopted_on": "1990-06-19",
        "in_force_on": None,
        "provisions": [
            {
                "article": "Art. 73",
                "title": "Controlled delivery (illicit drug trafficking)",
                "summary": "Contracting Parties undertake to take measures to allow controlled deliveries in illicit drug trafficking; each case is decided on prior authorisation by the Parties concerned, and the Party on whose territory the operation takes place keeps control and the power to intervene.",
                "order": 1,
                "topics": ["controlled-delivery", "police-co-operation"],
            },
        ],
    },
    {
        "slug": "pcc-see",
        "short_name": "PCC SEE",
        "title": "Police Cooperation Convention for Southeast Europe",
        "kind": "regional_convention",
        "adopted_on": "2006-05-05",
        "in_force_on": "2007-10-10",
        "provisions": [
            {
                "article": "Art. 15",
                "title": "Controlled delivery",
                "summary": "Provides for controlled deliveries between the Contracting Parties in South-East Europe.",
                "order": 1,
                "topics": ["controlled-delivery", "police-co-operation"],
            },
        ],
    },
    {
        "slug": "wco-convention-2003",
        "short_name": "WCO Convention 2003",
        "title": "International Convention on Mutual Administrative Assistance in Customs Matters (Johannesburg Convention)",
        "kind": "customs_convention",
        "adopted_on": "2003-06-27",
        "in_force_on": None,
        "provisions": [
            {
                "article": "Art. 12",
                "title": "Controlled delivery",
                "summary": "Provides for controlled deliveries between customs administrations of the Contracting Parties.",
                "order": 1,
                "topics": ["controlled-delivery", "customs-co-operation"],
            },
        ],
    },
]

# (slug, title, order), in the order of questionnaire.md.
SECTIONS = [
    ("legal-framework", "Legal framework", 1),
    ("authorisation", "Authorisation", 2),
    ("execution", "Execution", 3),
    ("evidence-and-follow-up", "Evidence and follow-up", 4),
    ("contacts", "Contacts", 5),
]

# (section slug, key, text, kind, order within the section), in the order of questionnaire.md.
QUESTIONS = [
    ("legal-framework", "permitted", "Is controlled delivery permitted under national law?", "yes_no", 1),
    ("legal-framework", "national_basis", "What is the national legal basis?", "text", 2),
    (
        "legal-framework",
        "international_basis",
        "Which international instruments does the State apply as a basis for requests?",
        "text",
        3,
    ),
    (
        "legal-framework",
        "other_commodities",
        "Can controlled deliveries be used for consignments other than drugs (precursors, firearms, cash, counterfeit goods)?",
        "yes_no",
        4,
    ),
    (
        "authorisation",
        "authorising_authority",
        "Which authority authorises a controlled delivery, and at what level?",
        "text",
        1,
    ),
    ("authorisation", "judicial_authorisation", "Is authorisation by a prosecutor or judge required?", "yes_no", 2),
    (
        "authorisation",
        "mla_request_required",
        "Is a formal mutual legal assistance request required, and must it arrive before the delivery?",
        "yes_no",
        3,
    ),
    (
        "authorisation",
        "urgent_oral_request",
        "Can an urgent request be made orally or by phone and confirmed in writing afterwards?",
        "yes_no",
        4,
    ),
    ("authorisation", "documents_required", "Which documents and information must a request contain?", "text", 5),
    ("authorisation", "request_languages", "In which languages are requests accepted?", "text", 6),
    ("authorisation", "decision_time", "How long does it usually take to obtain a decision?", "text", 7),
    (
        "execution",
        "executing_authority",
        "Which authority receives the request and which executes (leads) the operation?",
        "text",
        1,
    ),
    (
        "execution",
        "substitution",
        'May the consignment be substituted, wholly or partly ("clean" controlled delivery)?',
        "yes_no",
        2,
    ),
    ("execution", "transit", "Are transit controlled deliveries (through the territory) permitted?", "yes_no", 3),
    (
        "execution",
        "outgoing",
        "May a consignment leave the territory under supervision (outgoing controlled delivery)?",
        "yes_no",
        4,
    ),
    (
        "execution",
        "foreign_officers",
        "May foreign officers accompany the consignment on the territory? Armed?",
        "yes_no",
        5,
    ),
    ("execution", "max_duration", "Is there a maximum duration for the measure?", "text", 6),
    (
        "execution",
        "guarantees",
        "Which guarantees are required from the other State (seizure at destination, no loss of the consignment, feedback)?",
        "text",
        7,
    ),
    (
        "evidence-and-follow-up",
        "evidence_admissibility",
        "Is evidence gathered during the delivery, including substitution records, admissible in court?",
        "yes_no",
        1,
    ),
    ("evidence-and-follow-up", "feedback", "What reporting or feedback is expected after the operation?", "text", 2),
    (
        "contacts",
        "channels",
        "Through which channels may requests be sent (INTERPOL I-24/7, Europol SIENA, SELEC, liaison officers, judicial channel)?",
        "text",
        1,
    ),
    ("contacts", "special_requirements", "Special requirements and other useful information", "text", 2),
]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def create_reference_data(apps, schema_editor):
    Language = apps.get_model("countries", "Language")
    Country = apps.get_model("countries", "Country")
    Organization = apps.get_model("countries", "Organization")
    Membership = apps.get_model("countries", "Membership")
    Topic = apps.get_model("countries", "Topic")
    Instrument = apps.get_model("countries", "Instrument")
    Provision = apps.get_model("countries", "Provision")
    Section = apps.get_model("countries", "Section")
    Question = apps.get_model("countries", "Question")

    Language.objects.bulk_create([Language(code=code, name=name) for code, name in LANGUAGES])
    Country.objects.bulk_create(
        [Country(code=code, name=name, slug=slug, osce_status=status) for code, name, slug, status in COUNTRIES]
    )
    Organization.objects.bulk_create([Organization(**fields) for fields in ORGANIZATIONS])

    # Look the keys up again rather than trusting primary keys set by bulk_create.
    country_ids = dict(Country.objects.values_list("code", "pk"))
    organization_ids = dict(Organization.objects.values_list("slug", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(organization_id=organization_ids[slug], country_id=country_ids[code], kind=kind)
            for slug, code, kind in MEMBERSHIPS
        ]
    )

    topics = {}
    for slug, name in TOPICS:
        topics[slug] = Topic.objects.create(slug=slug, name=name)

    for data in INSTRUMENTS:
        instrument = Instrument.objects.create(
            slug=data["slug"],
            short_name=data["short_name"],
            title=data["title"],
            kind=data["kind"],
            country=None,
            adopted_on=_date(data["adopted_on"]),
            in_force_on=_date(data["in_force_on"]),
        )
        for item in data["provisions"]:
            provision = Provision.objects.create(
                instrument=instrument,
                article=item["article"],
                title=item["title"],
                summary=item["summary"],
                order=item["order"],
            )
            provision.topics.set([topics[slug] for slug in item["topics"]])

    sections = {}
    for slug, title, order in SECTIONS:
        sections[slug] = Section.objects.create(slug=slug, title=title, order=order)
    Question.objects.bulk_create(
        [
            Question(section=sections[section], key=key, text=text, kind=kind, order=order)
            for section, key, text, kind, order in QUESTIONS
        ]
    )


def delete_reference_data(apps, schema_editor):
    """Delete what create_reference_data created, in reverse order.

    Answers protect their questions: unwinding a database that holds answers fails rather than
    silently dropping them.
    """
    get = apps.get_model
    get("countries", "Question").objects.filter(key__in=[q[1] for q in QUESTIONS]).delete()
    get("countries", "Section").objects.filter(slug__in=[s[0] for s in SECTIONS]).delete()
    # Provisions go with their instrument (CASCADE).
    get("countries", "Instrument").objects.filter(slug__in=[i["slug"] for i in INSTRUMENTS]).delete()
    get("countries", "Topic").objects.filter(slug__in=[t[0] for t in TOPICS]).delete()
    # Memberships go with their organization and country (CASCADE).
    get("countries", "Organization").objects.filter(slug__in=[o["slug"] for o in ORGANIZATIONS]).delete()
    get("countries", "Country").objects.filter(code__in=[c[0] for c in COUNTRIES]).delete()
    get("countries", "Language").objects.filter(code__in=[code for code, _name in LANGUAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_reference_data, delete_reference_data),
    ]
