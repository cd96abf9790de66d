//! A line on a draft: what it bills (which decides its tax), in words, an
//! optional procedure code with its system, how many, and the price of one
//! in the currency's major unit.

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use medtrack_shared::billing::{
    Invoice, LineKind, NewLine, ProcedureCode, MAX_QUANTITY, MAX_SHORT_CHARS, MAX_TEXT_CHARS,
};
use medtrack_shared::InvoiceId;

use super::{kind_label, money};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, digits, options, Field, Problems, Select};

/// The form; `on_added` is given the invoice with the line.
#[component]
pub fn LineForm(id: InvoiceId, currency: String, on_added: Callback<Invoice>) -> impl IntoView {
    let api = use_api();
    let kind = RwSignal::new(LineKind::Procedure.name().to_owned());
    let description = RwSignal::new(String::new());
    let system = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_owned());
    let price = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let kind_error = problems.of("kind", "Kind");
    let description_error = problems.of("description", "Description");
    let system_error = problems.of("code.system", "Code system");
    let code_error = problems.of("code.code", "Code");
    let quantity_error = problems.of("quantity", "Quantity");
    let price_error = problems.of("unit_price", "Unit price");
    let price_currency = currency.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut refused = BTreeMap::new();
        let quantity = match quantity.get_untracked().trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    refused.insert(
                        "quantity".to_owned(),
                        "must be a whole number from 1 to 1000".to_owned(),
                    );
                    None
                }
            },
        };
        let unit_price = match money::parse(&price.get_untracked(), &price_currency) {
            Ok(minor) => minor,
            Err(message) => {
                refused.insert("unit_price".to_owned(), message);
                0
            }
        };
        let (system, code) = (system.get_untracked(), code.get_untracked());
        let line = NewLine {
            kind: chosen(kind.get_untracked()).unwrap_or(LineKind::Other),
            description: description.get_untracked().trim().to_owned(),
            code: (!system.trim().is_empty() || !code.trim().is_empty()).then(|| ProcedureCode {
                system: system.trim().to_owned(),
                code: code.trim().to_owned(),
            }),
            quantity,
            unit_price,
        };
        if let Err(errors) = line.check() {
            for (field, message) in errors.into_map() {
                refused.entry(field).or_insert(message);
            }
        }
        if !refused.is_empty() {
            return act.fail(problems.show(refused));
        }
        let sent = async move {
            api.add_line(id, &line)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |invoice| on_added.run(invoice));
    };
    let kinds = options(&LineKind::ALL.map(|k| (k, kind_label(k))));
    view! {
        <form class="form line-form" on:submit=submit novalidate data-testid="line-form" aria-labelledby="line-form-heading">
            <h3 id="line-form-heading">"Add a line"</h3>
            <Select label="Kind" id="line-kind" value=kind options=kinds error=kind_error
                hint="The kind decides the tax rate."/>
            <Field label="Description" id="line-description" value=description max=MAX_TEXT_CHARS error=description_error/>
            <div class="field-row">
                <Field label="Code system (optional)" id="line-code-system" value=system max=MAX_SHORT_CHARS error=system_error
                    choices=&["CPT", "HCPCS", "ICD-10-PCS", "SNOMED CT"]/>
                <Field label="Code (optional)" id="line-code" value=code max=MAX_SHORT_CHARS error=code_error/>
            </div>
            <div class="field-row">
                <Field label="Quantity" id="line-quantity" value=quantity inputmode="numeric"
                    max=digits(u64::from(MAX_QUANTITY)) error=quantity_error/>
                <Field label=format!("Unit price ({currency})") id="line-price" value=price inputmode="decimal"
                    max=16 error=price_error hint="The price of one, e.g. 25.00"/>
            </div>
            <Outcome act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Add line"</button>
            </div>
        </form>
    }
}
