//! The clinic's one list of red flags and its one crisis message: what the
//! PHQ-9, messaging and triage show when a patient may be in danger. The
//! telephone numbers are the clinic's (configured on the server); the words
//! are here, so that every place says the same.

use serde::{Deserialize, Serialize};

/// A sign that needs emergency care now, not an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedFlag {
    /// Its stable name, e.g. `chest_pain`.
    pub id: &'static str,
    /// What a patient reads.
    pub label: &'static str,
    /// Words in a patient's own text that raise it (lower case, apostrophes
    /// straight); found anywhere in the text, so they err towards raising.
    pub phrases: &'static [&'static str],
}

/// Every red flag, in the order they are asked.
pub const RED_FLAGS: [RedFlag; 9] = [
    RedFlag {
        id: "chest_pain",
        label: "Chest pain, pressure or tightness",
        phrases: &[
            "chest pain",
            "chest pressure",
            "chest tightness",
            "tight chest",
            "pain in my chest",
            "crushing pain",
            "heart attack",
        ],
    },
    RedFlag {
        id: "breathing",
        label: "Trouble breathing, or lips or face turning blue",
        phrases: &[
            "can't breathe",
            "cannot breathe",
            "cant breathe",
            "can not breathe",
            "trouble breathing",
            "difficulty breathing",
            "struggling to breathe",
            "short of breath",
            "shortness of breath",
            "lips are blue",
            "lips turning blue",
            "choking",
        ],
    },
    RedFlag {
        id: "stroke",
        label: "Face drooping, arm weakness, or speech suddenly slurred or strange",
        phrases: &[
            "stroke",
            "face drooping",
            "face is drooping",
            "slurred speech",
            "speech is slurred",
            "slurring",
            "arm weakness",
            "arm is weak",
            "can't move my arm",
            "one side of my face",
        ],
    },
    RedFlag {
        id: "bleeding",
        label: "Severe bleeding that does not stop",
        phrases: &[
            "severe bleeding",
            "heavy bleeding",
            "bleeding heavily",
            "won't stop bleeding",
            "bleeding won't stop",
            "bleeding that won't stop",
            "bleeding a lot",
            "losing a lot of blood",
            "coughing up blood",
            "vomiting blood",
        ],
    },
    RedFlag {
        id: "fainting",
        label: "Fainting, or hard to wake",
        phrases: &[
            "fainted",
            "fainting",
            "passed out",
            "passing out",
            "blacked out",
            "unconscious",
            "hard to wake",
            "can't wake",
        ],
    },
    RedFlag {
        id: "anaphylaxis",
        label: "Swelling of the lips, tongue or throat after a medicine, food or sting",
        phrases: &[
            "anaphylaxis",
            "anaphylactic",
            "throat is swelling",
            "throat swelling",
            "swollen throat",
            "tongue is swelling",
            "swollen tongue",
            "lips are swelling",
            "swollen lips",
            "throat is closing",
        ],
    },
    RedFlag {
        id: "self_harm",
        label: "Thoughts of ending your life or of hurting yourself",
        phrases: &[
            "suicide",
            "suicidal",
            "kill myself",
            "killing myself",
            "end my life",
            "ending my life",
            "end it all",
            "take my life",
            "want to die",
            "better off dead",
            "hurt myself",
            "hurting myself",
            "harm myself",
            "self-harm",
            "self harm",
            "no reason to live",
        ],
    },
    RedFlag {
        id: "seizure",
        label: "A seizure (fit) that lasts more than five minutes",
        phrases: &["seizure", "convulsion", "convulsing", "fitting"],
    },
    RedFlag {
        id: "confusion",
        label: "Sudden confusion, or the worst headache of your life",
        phrases: &[
            "worst headache",
            "sudden confusion",
            "suddenly confused",
            "very confused",
            "thunderclap headache",
        ],
    },
];

/// Every red flag whose phrases occur in `text`, in the list's order. The
/// text is compared in lower case with curly apostrophes made straight and
/// runs of spaces made one, so "Can’t  breathe" is found.
pub fn red_flags_in(text: &str) -> Vec<&'static RedFlag> {
    let mut plain = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && space {
            continue;
        }
        space = c == ' ';
        plain.push(c);
    }
    RED_FLAGS
        .iter()
        .filter(|flag| flag.phrases.iter().any(|p| plain.contains(p)))
        .collect()
}

/// The words a patient reads before sending a message that names a red flag
/// (other than thoughts of self-harm, which get the crisis message).
pub fn emergency_notice(emergency_number: &str) -> String {
    format!(
        "What you wrote may need emergency care. Call {emergency_number} now or go to the nearest \
         emergency department. Messages are not for emergencies: your doctor may not read this for hours."
    )
}

/// What every compose box says.
pub const NOT_FOR_EMERGENCIES: &str =
    "Messages are not for emergencies. If you need help now, call your local emergency number.";

/// What the crisis line is called when the clinic has not configured one.
pub const DEFAULT_CRISIS_LINE: &str = "a crisis line in your country";
/// What the emergency number is called when the clinic has not configured one.
pub const DEFAULT_EMERGENCY_NUMBER: &str = "your local emergency number";

/// The last sentence of the crisis message after a questionnaire, which a
/// message not yet sent must not say.
pub const DOCTORS_TOLD: &str = " Your doctors have been told that you may need support.";

/// The crisis message, with the clinic's numbers in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrisisMessage {
    /// One line.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "You do not have to face this alone")
    )]
    pub headline: String,
    /// What to do now, naming the numbers.
    pub message: String,
    /// The crisis line (the clinic's, or words for one).
    #[cfg_attr(feature = "openapi", schema(example = "988"))]
    pub crisis_line: String,
    /// The emergency number (the clinic's, or words for one).
    #[cfg_attr(feature = "openapi", schema(example = "112"))]
    pub emergency_number: String,
}

impl CrisisMessage {
    /// The words before a message is sent: nobody has been told yet.
    pub fn before_sending(&self) -> String {
        self.message.trim_end_matches(DOCTORS_TOLD).to_owned()
    }

    /// The message with the clinic's numbers, or the default words for
    /// those it has not configured.
    pub fn new(crisis_line: Option<&str>, emergency_number: Option<&str>) -> Self {
        let pick = |value: Option<&str>, default: &str| {
            value
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .unwrap_or(default)
                .to_owned()
        };
        let crisis_line = pick(crisis_line, DEFAULT_CRISIS_LINE);
        let emergency_number = pick(emergency_number, DEFAULT_EMERGENCY_NUMBER);
        Self {
            headline: "You do not have to face this alone".to_owned(),
            message: format!(
                "If you are thinking about ending your life or hurting yourself, please talk to someone now. \
                 Call {crisis_line}: someone will listen, at any hour. If you are in danger right now, \
                 call {emergency_number} or go to the nearest emergency department.{DOCTORS_TOLD}"
            ),
            crisis_line,
            emergency_number,
        }
    }
}

/// `GET /api/v1/safety`: the red flags and the crisis message, for anyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Safety {
    /// The red flags, in order.
    pub red_flags: Vec<RedFlagText>,
    /// The crisis message.
    pub crisis: CrisisMessage,
    /// What a patient reads before sending a message naming a red flag.
    pub emergency_notice: String,
}

/// A red flag as the API sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedFlagText {
    /// Its stable name.
    pub id: String,
    /// What a patient reads.
    pub label: String,
}

impl Safety {
    /// The red flags and the crisis message with these numbers.
    pub fn new(crisis: CrisisMessage) -> Self {
        Self {
            emergency_notice: emergency_notice(&crisis.emergency_number),
            red_flags: RED_FLAGS
                .iter()
                .map(|f| RedFlagText {
                    id: f.id.to_owned(),
                    label: f.label.to_owned(),
                })
                .collect(),
            crisis,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crisis_message_names_the_clinics_numbers_or_says_what_to_call() {
        let set = CrisisMessage::new(Some("0800 123 456"), Some("112"));
        assert!(set.message.contains("0800 123 456") && set.message.contains("112"));
        let unset = CrisisMessage::new(None, Some("  "));
        assert!(unset.message.contains(DEFAULT_CRISIS_LINE));
        assert!(unset.message.contains(DEFAULT_EMERGENCY_NUMBER));
        assert!(!set.before_sending().contains("told"));
        assert!(set.before_sending().contains("112"));
    }

    #[test]
    fn red_flags_have_distinct_names() {
        let mut ids: Vec<_> = RED_FLAGS.iter().map(|f| f.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RED_FLAGS.len());
    }

    fn found(text: &str) -> Vec<&'static str> {
        red_flags_in(text).iter().map(|f| f.id).collect()
    }

    #[test]
    fn red_flags_are_found_in_a_patients_words() {
        assert_eq!(
            found("I have CHEST  pain since this morning"),
            ["chest_pain"]
        );
        assert_eq!(found("I can\u{2019}t breathe well"), ["breathing"]);
        assert_eq!(
            found("I want to die and my chest pressure is bad"),
            ["chest_pain", "self_harm"]
        );
        assert!(found("Could I have a repeat prescription?").is_empty());
        for flag in RED_FLAGS {
            assert!(!flag.phrases.is_empty(), "{} has no phrases", flag.id);
            for phrase in flag.phrases {
                assert_eq!(phrase.to_lowercase(), *phrase);
                assert!(found(phrase).contains(&flag.id));
            }
        }
    }
}
