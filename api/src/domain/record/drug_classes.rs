//! The data the allergy check matches over: drug classes, each by its names,
//! with its member medicines, each by its generic name, other spellings and
//! common brands. Every name is in the check's normal form (lowercase words
//! of letters and digits, one space apart: `co-amoxiclav` is `co amoxiclav`),
//! which a test holds to.
//!
//! Membership is pharmacological and deliberately plain: a class allergy
//! flags every member, and an allergy to a member flags its class-mates.
//! Cross-reactivity between classes (penicillins and cephalosporins or
//! carbapenems, a few per cent) is not flagged: that is the prescriber's
//! judgement. Combination products are listed under each class of their
//! parts (co-trimoxazole is a sulfonamide antibiotic; its trimethoprim
//! alone is not).

/// A drug class.
pub struct DrugClass {
    /// How an allergy to the whole class is written.
    pub names: &'static [&'static str],
    /// Its medicines, each by all its names.
    pub members: &'static [&'static [&'static str]],
}

/// Every class the check knows.
pub const CLASSES: &[DrugClass] = &[
    DrugClass {
        names: &["penicillins", "penicillin", "penicillin antibiotics"],
        members: &[
            &["amoxicillin", "amoxycillin", "amoxil"],
            &["ampicillin"],
            &["penicillin v", "penicillin vk", "phenoxymethylpenicillin"],
            &["penicillin g", "benzylpenicillin", "benzathine penicillin"],
            &[
                "co amoxiclav",
                "amoxicillin clavulanate",
                "amoxicillin clavulanic acid",
                "augmentin",
            ],
            &["flucloxacillin", "floxacillin"],
            &[
                "piperacillin",
                "piperacillin tazobactam",
                "tazocin",
                "zosyn",
            ],
            &["cloxacillin"],
            &["dicloxacillin"],
            &["nafcillin"],
            &["oxacillin"],
            &["ticarcillin"],
            &["temocillin"],
            &["pivmecillinam", "mecillinam"],
        ],
    },
    DrugClass {
        names: &["cephalosporins", "cephalosporin"],
        members: &[
            &["cefalexin", "cephalexin", "keflex"],
            &["cefadroxil"],
            &["cefazolin", "cephazolin"],
            &["cefuroxime", "zinnat"],
            &["cefaclor"],
            &["cefprozil"],
            &["cefoxitin"],
            &["ceftriaxone", "rocephin"],
            &["cefotaxime"],
            &["ceftazidime"],
            &["cefixime"],
            &["cefpodoxime"],
            &["cefdinir"],
            &["cefepime"],
            &["ceftaroline"],
        ],
    },
    DrugClass {
        names: &["carbapenems", "carbapenem"],
        members: &[&["meropenem"], &["imipenem"], &["ertapenem"]],
    },
    DrugClass {
        names: &[
            "sulfonamide antibiotics",
            "sulfonamide antibiotic",
            "sulphonamide antibiotics",
            "sulphonamide antibiotic",
            "sulfonamides",
            "sulphonamides",
            "sulfa drugs",
            "sulpha drugs",
            "sulfa",
            "sulpha",
        ],
        members: &[
            &["sulfamethoxazole", "sulphamethoxazole"],
            &[
                "co trimoxazole",
                "cotrimoxazole",
                "trimethoprim sulfamethoxazole",
                "trimethoprim sulphamethoxazole",
                "sulfamethoxazole trimethoprim",
                "tmp smx",
                "smx tmp",
                "bactrim",
                "septrin",
                "septra",
            ],
            &[
                "sulfadiazine",
                "sulphadiazine",
                "silver sulfadiazine",
                "flamazine",
            ],
            &["sulfisoxazole", "sulfafurazole"],
            &["sulfacetamide", "sulphacetamide"],
        ],
    },
    DrugClass {
        names: &["macrolides", "macrolide antibiotics"],
        members: &[
            &["erythromycin"],
            &["clarithromycin", "klacid", "biaxin"],
            &["azithromycin", "zithromax"],
        ],
    },
    DrugClass {
        names: &["tetracyclines", "tetracycline antibiotics"],
        members: &[
            &["tetracycline"],
            &["doxycycline"],
            &["minocycline"],
            &["lymecycline"],
            &["oxytetracycline"],
        ],
    },
    DrugClass {
        names: &["fluoroquinolones", "quinolones", "quinolone antibiotics"],
        members: &[
            &["ciprofloxacin", "cipro"],
            &["levofloxacin"],
            &["moxifloxacin"],
            &["ofloxacin"],
            &["norfloxacin"],
        ],
    },
    DrugClass {
        names: &["aminoglycosides", "aminoglycoside antibiotics"],
        members: &[
            &["gentamicin", "gentamycin"],
            &["tobramycin"],
            &["amikacin"],
            &["neomycin"],
            &["streptomycin"],
        ],
    },
    DrugClass {
        names: &[
            "nsaids",
            "nsaid",
            "non steroidal anti inflammatory drugs",
            "nonsteroidal anti inflammatory drugs",
            "non steroidal anti inflammatories",
        ],
        members: &[
            &["ibuprofen", "nurofen", "advil", "motrin", "brufen"],
            &["naproxen", "naprosyn", "aleve"],
            &["diclofenac", "voltaren", "voltarol"],
            &["aspirin", "acetylsalicylic acid"],
            &["ketoprofen"],
            &["indometacin", "indomethacin"],
            &["celecoxib", "celebrex"],
            &["etoricoxib"],
            &["meloxicam"],
            &["piroxicam"],
            &["ketorolac"],
            &["mefenamic acid"],
            &["nabumetone"],
            &["etodolac"],
        ],
    },
    DrugClass {
        names: &["opioids", "opioid", "opiates", "opiate"],
        members: &[
            &["codeine", "codeine phosphate", "co codamol"],
            &["dihydrocodeine"],
            &["morphine", "oramorph", "ms contin"],
            &["tramadol", "zydol"],
            &["oxycodone", "oxycontin", "oxynorm"],
            &["hydrocodone"],
            &["hydromorphone"],
            &["fentanyl"],
            &["pethidine", "meperidine"],
            &["tapentadol"],
            &["buprenorphine"],
            &["methadone"],
        ],
    },
    DrugClass {
        names: &[
            "ace inhibitors",
            "ace inhibitor",
            "angiotensin converting enzyme inhibitors",
        ],
        members: &[
            &["lisinopril"],
            &["ramipril"],
            &["enalapril"],
            &["perindopril"],
            &["captopril"],
        ],
    },
    DrugClass {
        names: &["aromatic anticonvulsants", "aromatic antiepileptics"],
        members: &[
            &["carbamazepine", "tegretol"],
            &["oxcarbazepine"],
            &["phenytoin"],
            &["lamotrigine", "lamictal"],
            &["phenobarbital", "phenobarbitone"],
        ],
    },
];
