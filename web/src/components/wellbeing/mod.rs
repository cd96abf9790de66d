//! Wellbeing on the record: the mood chart, the PHQ-9 (results, the alerts
//! item 9 raises and their acknowledgement, doctors' requests), and the
//! clinic's crisis message.

pub mod ask;
pub mod chart;
pub mod crisis;
pub mod mood;
pub mod phq9;
pub mod picker;

use leptos::prelude::*;
use medtrack_shared::UserId;

use self::ask::AskPhq9;
use self::mood::{chart_loader, MoodChartPanel};
use self::phq9::Phq9Results;

/// The mood chart and the PHQ-9 of `patient`, as their doctor sees them
/// (read-only, but for acknowledging alerts and asking for a PHQ-9).
#[component]
pub fn DoctorWellbeing(patient: UserId) -> impl IntoView {
    let days = RwSignal::new(30_u16);
    let chart = chart_loader(patient, days);
    view! {
        <MoodChartPanel chart days empty="The patient has logged no mood, answered no PHQ-9 and had no doses due in this period."/>
        <section aria-labelledby="phq9-heading" data-testid="record-phq9">
            <h2 id="phq9-heading">"PHQ-9"</h2>
            <Phq9Results patient/>
            <AskPhq9 patient/>
        </section>
    }
}
