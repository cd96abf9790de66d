//! Recording a donation: from a confirmed donor of the clinic (their group
//! is the units'), or from elsewhere with its group; what was given, the
//! number on its labels and the volume. Its units wait in quarantine.

use std::collections::BTreeMap;

use leptos::prelude::*;
use medtrack_shared::blood::donors::{DonationKind, Donor, NewDonation};
use medtrack_shared::blood::units::Unit;
use medtrack_shared::blood::{BloodGroup, MAX_DONATION_NUMBER_CHARS};
use medtrack_shared::UserId;

use super::{group_name, group_options, kind_options, refused, units};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, option_value, Field, Problems, Select};
use crate::format;

/// The volume a kind's units usually hold, in millilitres.
fn usual_volume(kind: DonationKind) -> u16 {
    match kind {
        DonationKind::WholeBlood => 470,
        DonationKind::DoubleRedCells => 280,
        DonationKind::Platelets => 250,
        DonationKind::Plasma => 600,
    }
}

/// The donation form; `donors` are the confirmed donors to choose from.
#[component]
pub fn DonationForm(donors: Vec<Donor>, on_done: Callback<Vec<Unit>>) -> impl IntoView {
    let api = use_api();
    let donor = RwSignal::new(String::new());
    let group = RwSignal::new(
        BloodGroup::ALL
            .first()
            .map(|g| g.code())
            .unwrap_or_default(),
    );
    let kind = RwSignal::new(option_value(&DonationKind::WholeBlood));
    let number = RwSignal::new(String::new());
    let volume = RwSignal::new(usual_volume(DonationKind::WholeBlood).to_string());
    let act = Act::new();
    let problems = Problems::new();
    let donor_error = problems.of("donor", "The donor");
    let group_error = problems.of("group", "The group");
    let kind_error = problems.of("kind", "What was given");
    let number_error = problems.of("number", "The donation number");
    let volume_error = problems.of("volume_ml", "The volume");
    // A new kind brings its usual volume.
    Effect::new(move |_| {
        if let Some(kind) = chosen::<DonationKind>(kind.get()) {
            volume.set(usual_volume(kind).to_string());
        }
    });
    let mut donor_options: Vec<(String, String)> =
        vec![(String::new(), "Not a donor of the clinic".to_owned())];
    donor_options.extend(donors.iter().map(|d| {
        let group = d.group.map(group_name).unwrap_or("group not confirmed");
        (
            d.donor.id.to_string(),
            format!("{} ({group})", d.donor.name),
        )
    }));
    let from_elsewhere = move || donor.get().is_empty();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut found = BTreeMap::new();
        let chosen_donor = donor.get_untracked().parse::<UserId>().ok();
        let volume_ml = volume
            .get_untracked()
            .trim()
            .parse::<u16>()
            .unwrap_or_else(|_| {
                found.insert(
                    "volume_ml".to_owned(),
                    "must be a whole number of millilitres".to_owned(),
                );
                0
            });
        let input = NewDonation {
            donor: chosen_donor,
            group: if chosen_donor.is_some() {
                None
            } else {
                group.get_untracked().parse().ok()
            },
            number: number.get_untracked().trim().to_uppercase(),
            kind: chosen(kind.get_untracked()).unwrap_or(DonationKind::WholeBlood),
            volume_ml,
            collected_at: None,
        };
        if let Err(errors) = input.check(format::now()) {
            for (field, message) in errors.into_map() {
                found.entry(field).or_insert(message);
            }
        }
        if !found.is_empty() {
            return act.fail(problems.show(found));
        }
        let sent = async move {
            api.record_donation(&input)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |made: Vec<Unit>| {
            let said = format!(
                "Donation {} recorded: {} in quarantine.",
                made.first()
                    .map(|u| u.donation_number.clone())
                    .unwrap_or_default(),
                units(made.len() as u64)
            );
            number.set(String::new());
            act.done(said);
            on_done.run(made);
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="donation-form">
            <div class="field">
                <label for="donation-donor">"Donor"</label>
                <select id="donation-donor" name="donation-donor" on:change=move |ev| donor.set(event_target_value(&ev))
                    aria-describedby="donation-donor-error" aria-invalid=move || donor_error.get().is_some().to_string()>
                    {donor_options.into_iter().map(|(value, label)| {
                        let mine = value.clone();
                        view! { <option value=value selected=move || donor.get() == mine>{label}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id="donation-donor-error" role="alert">{move || donor_error.get()}</p>
            </div>
            <Show when=from_elsewhere>
                <Select label="Group" id="donation-group" value=group options=group_options() error=group_error
                    hint="Without a donor of the clinic, the group on the label."/>
            </Show>
            <div class="field-row">
                <Select label="What was given" id="donation-kind" value=kind options=kind_options() error=kind_error/>
                <Field label="Volume per unit (ml)" id="donation-volume" value=volume inputmode="numeric" max=4 error=volume_error/>
            </div>
            <Field label="Donation number" id="donation-number" value=number max=MAX_DONATION_NUMBER_CHARS error=number_error
                hint="As on the labels: 5 to 20 capital letters, digits or hyphens."/>
            <Outcome act testid="donation-outcome"/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Record donation"</button></div>
        </form>
    }
}
