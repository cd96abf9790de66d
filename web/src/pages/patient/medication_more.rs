//! The optional step of the medication form, folded away: instructions,
//! stock and refill reminders, what happens when a dose is missed and who
//! is told, and home time when travelling.

use leptos::html::Details;
use leptos::prelude::*;
use medtrack_shared::medication::{
    Caregiver, MedicationInput, MissedDoses, Supply, ZoneRule, MAX_GRACE_MINUTES, MAX_INSTRUCTIONS,
    MAX_ON_HAND, MAX_PER_DOSE, MAX_REFILL_DAYS,
};
use medtrack_shared::{rules, FieldErrors, ValidationError};

use crate::components::form::{digits, Field, Problems, TextArea};
use crate::format;

/// A number field's value: `None` when empty, `Err` when not a number.
fn number<T: std::str::FromStr>(text: RwSignal<String>) -> Result<Option<T>, ()> {
    let text = text.get_untracked();
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(drop)
}

/// A number that must be given: told in `errors` when it is not one.
fn whole<T: std::str::FromStr + Default>(
    text: RwSignal<String>,
    field: &str,
    errors: &mut FieldErrors,
) -> T {
    match number(text) {
        Ok(Some(n)) => n,
        _ => {
            errors.add(field, ValidationError::new("must be a whole number"));
            T::default()
        }
    }
}

/// The optional settings, as the person edits them.
#[derive(Debug, Clone, Copy)]
pub struct More {
    instructions: RwSignal<String>,
    home_time: RwSignal<bool>,
    /// A fixed zone stays the one chosen then, not the patient's zone now.
    fixed_zone: StoredValue<Option<String>>,
    on_hand: RwSignal<String>,
    per_dose: RwSignal<String>,
    refill_days: RwSignal<String>,
    grace: RwSignal<String>,
    escalate_after: RwSignal<String>,
    tell_doctor: RwSignal<bool>,
    caregiver_name: RwSignal<String>,
    caregiver_phone: RwSignal<String>,
    caregiver_email: RwSignal<String>,
}

impl More {
    /// The fields, filled from `input`.
    pub fn new(input: &MedicationInput) -> Self {
        let text = |value: &str| RwSignal::new(value.to_owned());
        let fixed_zone = match &input.schedule.zone {
            ZoneRule::Fixed { time_zone } => Some(time_zone.clone()),
            ZoneRule::FollowMe => None,
        };
        let supply = input.supply;
        let missed = &input.missed;
        let caregiver = missed.caregiver.clone().unwrap_or(Caregiver {
            name: String::new(),
            email: None,
            phone: None,
        });
        Self {
            instructions: text(&input.instructions),
            home_time: RwSignal::new(fixed_zone.is_some()),
            fixed_zone: StoredValue::new(fixed_zone),
            on_hand: text(&supply.map(|s| s.on_hand.to_string()).unwrap_or_default()),
            per_dose: text(&supply.map_or(1, |s| s.per_dose).to_string()),
            refill_days: text(&supply.map_or(5, |s| s.refill_when_days_left).to_string()),
            grace: text(&missed.grace_minutes.to_string()),
            escalate_after: text(&missed.escalate_after_minutes.unwrap_or(120).to_string()),
            tell_doctor: RwSignal::new(missed.tell_doctor),
            caregiver_name: text(&caregiver.name),
            caregiver_phone: text(&caregiver.phone.unwrap_or_default()),
            caregiver_email: text(&caregiver.email.unwrap_or_default()),
        }
    }

    /// How to take it.
    pub fn instructions(self) -> String {
        self.instructions.get_untracked()
    }

    /// Whose clock the times are on: home time keeps the zone chosen
    /// before, or takes the patient's `zone` now.
    pub fn zone_rule(self, zone: &str) -> ZoneRule {
        if self.home_time.get_untracked() {
            ZoneRule::Fixed {
                time_zone: self
                    .fixed_zone
                    .get_value()
                    .unwrap_or_else(|| zone.to_owned()),
            }
        } else {
            ZoneRule::FollowMe
        }
    }

    /// The stock and the missed-dose settings. What does not parse is told
    /// in `errors` and stands in as zero, for the shared check to pass over.
    pub fn read(self, errors: &mut FieldErrors) -> (Option<Supply>, MissedDoses) {
        let supply = match number::<u32>(self.on_hand) {
            Ok(None) => None,
            Ok(Some(on_hand)) => Some(Supply {
                on_hand,
                per_dose: whole(self.per_dose, "supply.per_dose", errors),
                refill_when_days_left: whole(
                    self.refill_days,
                    "supply.refill_when_days_left",
                    errors,
                ),
            }),
            Err(()) => {
                let message = "must be a whole number, or empty";
                errors.add("supply.on_hand", ValidationError::new(message));
                None
            }
        };
        let optional = |value: RwSignal<String>| {
            Some(value.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        let (name, phone, email) = (
            optional(self.caregiver_name),
            optional(self.caregiver_phone),
            optional(self.caregiver_email),
        );
        // A name alone is kept, so that the check asks for a way to reach them.
        let caregiver = (name.is_some() || phone.is_some() || email.is_some()).then(|| Caregiver {
            name: name.unwrap_or_default(),
            email,
            phone,
        });
        let tell_doctor = self.tell_doctor.get_untracked();
        let someone = tell_doctor || caregiver.is_some();
        let missed = MissedDoses {
            grace_minutes: whole(self.grace, "missed.grace_minutes", errors),
            escalate_after_minutes: someone
                .then(|| whole(self.escalate_after, "missed.escalate_after_minutes", errors)),
            tell_doctor,
            caregiver,
        };
        (supply, missed)
    }
}

/// The third step, folded away; it opens by itself when one of its fields
/// has a problem to show.
#[component]
pub fn MoreStep(more: More, problems: Problems) -> impl IntoView {
    let at = |field: &'static str, label: &'static str| problems.of(field, label);
    let instructions_error = at("instructions", "Instructions");
    let zone_error = at("schedule.zone", "Home time zone");
    let on_hand_error = at("supply.on_hand", "Tablets on hand");
    let per_dose_error = at("supply.per_dose", "Tablets per dose");
    let refill_error = at("supply.refill_when_days_left", "Refill reminder days");
    let grace_error = at("missed.grace_minutes", "Minutes until missed");
    let caregiver_error = at("missed.caregiver", "Caregiver");
    let caregiver_name_error = at("missed.caregiver.name", "Caregiver to tell");
    let caregiver_phone_error = at("missed.caregiver.phone", "Caregiver's phone");
    let caregiver_email_error = at("missed.caregiver.email", "Caregiver's email");
    let escalate_error = at(
        "missed.escalate_after_minutes",
        "Minutes after the dose time",
    );
    let errors = [
        instructions_error,
        zone_error,
        on_hand_error,
        per_dose_error,
        refill_error,
        grace_error,
        caregiver_error,
        caregiver_name_error,
        caregiver_phone_error,
        caregiver_email_error,
        escalate_error,
    ];
    let folded = NodeRef::<Details>::new();
    // Opens (never closes) when a problem is to be shown in it.
    Effect::new(move || {
        if errors.iter().any(|e| e.get().is_some()) {
            if let Some(details) = folded.get() {
                details.set_open(true);
            }
        }
    });
    let grace_words = move || {
        number::<i64>(more.grace)
            .ok()
            .flatten()
            .filter(|m| *m > 0)
            .map(|m| {
                format!(
                    "A dose counts as missed {} after its time.",
                    format::duration(m)
                )
            })
    };
    let someone = move || {
        more.tell_doctor.get()
            || [
                more.caregiver_name,
                more.caregiver_phone,
                more.caregiver_email,
            ]
            .iter()
            .any(|v| !v.get().trim().is_empty())
    };
    view! {
        <details class="step more" node_ref=folded>
            <summary>
                <span class="step-number" aria-hidden="true">"3"</span>" More settings "
                <span class="hint">"(optional): instructions, stock and refills, missed doses, travel"</span>
            </summary>
            <TextArea label="Instructions" id="med-instructions" hint="e.g. With food." max=MAX_INSTRUCTIONS rows=2 value=more.instructions error=instructions_error/>
            <fieldset>
                <legend>"Stock and refills"</legend>
                <Field label="Tablets on hand (optional)" id="med-on-hand" inputmode="numeric" hint="Or doses; counted down as you take them." max=digits(u64::from(MAX_ON_HAND)) value=more.on_hand error=on_hand_error/>
                <div class="field-pair">
                    <Field label="Tablets per dose" id="med-per-dose" inputmode="numeric" max=digits(u64::from(MAX_PER_DOSE)) value=more.per_dose error=per_dose_error/>
                    <Field label="Refill reminder when this many days are left" id="med-refill-days" inputmode="numeric" max=digits(u64::from(MAX_REFILL_DAYS)) value=more.refill_days error=refill_error/>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Missed doses"</legend>
                <Field label="Minutes until a dose counts as missed" id="med-grace" inputmode="numeric" max=digits(u64::from(MAX_GRACE_MINUTES)) value=more.grace error=grace_error/>
                <p class="hint">{grace_words}</p>
                <label class="check"><input type="checkbox" prop:checked=move || more.tell_doctor.get() on:change=move |ev| more.tell_doctor.set(event_target_checked(&ev))/>
                    " Tell my doctor when a dose is still not taken"</label>
                <Field label="Caregiver to tell then (optional)" id="med-caregiver-name" hint="Their name." max=rules::MAX_NAME_CHARS value=more.caregiver_name error=caregiver_name_error/>
                <Field label="Caregiver's phone" id="med-caregiver-phone" kind="tel" inputmode="tel" hint="International form, e.g. +14155550123. They get a text naming you, not the medicine." max=rules::MAX_PHONE_CHARS value=more.caregiver_phone error=caregiver_phone_error/>
                <Field label="Caregiver's email" id="med-caregiver-email" kind="email" hint="We email them a link to confirm first; alerts name you, not the medicine." max=rules::MAX_EMAIL_CHARS value=more.caregiver_email error=caregiver_email_error/>
                <p class="field-error" role="alert">{move || caregiver_error.get()}</p>
                <div prop:hidden=move || !someone()>
                    <Field label="Minutes after the dose time to tell them" id="med-escalate-after" inputmode="numeric" max=digits(u64::from(MAX_GRACE_MINUTES)) value=more.escalate_after error=escalate_error/>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Travel"</legend>
                <label class="check"><input type="checkbox" prop:checked=move || more.home_time.get() on:change=move |ev| more.home_time.set(event_target_checked(&ev))/>
                    " Keep these times on my current time zone when I travel (home time)"</label>
                <p class="field-error" role="alert">{move || zone_error.get()}</p>
            </fieldset>
        </details>
    }
}
