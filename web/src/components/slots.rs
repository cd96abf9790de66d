//! A doctor's free slots a week at a time, on the reader's clock: for
//! booking, and for moving a booked appointment.

use leptos::prelude::*;
use medtrack_shared::practice::Slot;
use medtrack_shared::UserId;

use crate::components::status::{Loaded, Loader};
use crate::state::session::use_session;
use crate::time;

/// The week's free slots; a chosen slot goes to `on_pick`.
#[component]
pub fn SlotPicker(doctor: UserId, on_pick: Callback<Slot>) -> impl IntoView {
    let zone = use_session().zone();
    let today = time::today(&zone);
    let first = RwSignal::new(today);
    let chosen = RwSignal::new(None::<Slot>);
    let slots = Loader::new(move |api| {
        let from = first.get();
        let to = from.checked_add(jiff::Span::new().days(6)).unwrap_or(from);
        api.slots(doctor, from, to)
    });
    let shift = move |days: i64| {
        first.update(|d| *d = d.checked_add(jiff::Span::new().days(days)).unwrap_or(*d));
        chosen.set(None);
    };
    view! {
        <section aria-labelledby="slots-heading">
            <h2 id="slots-heading">"Free slots"</h2>
            <div class="actions">
                <button class="secondary" on:click=move |_| shift(-7)
                    disabled=move || first.get() <= today>"Previous week"</button>
                " "
                <button class="secondary" on:click=move |_| shift(7)>"Next week"</button>
            </div>
            <Loaded from=slots what="free slots" let:list>
                {if list.slots.is_empty() {
                    view! { <p data-testid="no-slots">"No free slots this week."</p> }.into_any()
                } else {
                    let note = (list.doctor_time_zone != list.viewer_time_zone).then(|| format!(
                        "Times are on your clock ({}); the doctor's are shown in brackets ({}).",
                        list.viewer_time_zone, list.doctor_time_zone));
                    let different = note.is_some();
                    view! {
                        <p class="hint">{note}</p>
                        <ul class="slots" data-testid="slots">
                            {list.slots.into_iter().map(|slot| {
                                let label = if different {
                                    format!("{} ({})", slot.viewer_local.replace('T', " "), slot.doctor_local.replace('T', " "))
                                } else {
                                    slot.viewer_local.replace('T', " ")
                                };
                                let starts_at = slot.starts_at;
                                let is_chosen = move || chosen.with(|c| c.as_ref().is_some_and(|c| c.starts_at == starts_at));
                                view! {
                                    <li>
                                        <button class="slot" aria-pressed=move || is_chosen().to_string()
                                            on:click=move |_| {
                                                chosen.set(Some(slot.clone()));
                                                on_pick.run(slot.clone());
                                            }>{label}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}
