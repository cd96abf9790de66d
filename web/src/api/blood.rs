//! The blood bank: stock and thresholds, donations and units, doctors'
//! requests with their reservation, crossmatch and issue, patients'
//! confirmed typings, and donors with the bank's calls to them.

use medtrack_shared::blood::donors::{
    Answer, Confirmation, Donor, DonorCall, DonorPage, DonorStatus, Invitation, NewCall,
    NewDonation, Registration,
};
use medtrack_shared::blood::requests::{
    BloodRequest, CrossmatchInput, Issue, NewRequest, NewTyping, RequestDetail, RequestState,
    Reserve, Typing, TypingAnswer,
};
use medtrack_shared::blood::stock::{GroupStock, Stock, Threshold};
use medtrack_shared::blood::units::{Discard, TestResult, Unit, UnitEvent, UnitState};
use medtrack_shared::blood::{BloodGroup, Component};
use medtrack_shared::{BloodRequestId, DonorCallId, Page, UnitId, UserId};

use super::{encode, json, nothing, paged, Api, ApiError, Verb};

/// How many units, requests, donors, calls or events a page of a list shows.
pub const BLOOD_PAGE: u32 = 25;
/// How many of the units' changes a page of the history shows.
pub const HISTORY_PAGE: u32 = 10;

/// The threshold of a component and group: the group's `+` is written `%2B`.
fn threshold_path(component: Component, group: BloodGroup) -> String {
    format!(
        "/blood/thresholds/{}/{}",
        component.as_str(),
        encode(&group.code())
    )
}

fn request_path(id: BloodRequestId) -> String {
    format!("/blood/requests/{id}")
}

fn unit_path(id: UnitId) -> String {
    format!("/blood/units/{id}")
}

/// `path?name=value`, when a filter is chosen.
fn filtered(path: &str, name: &str, value: Option<&str>) -> String {
    match value {
        Some(value) => format!("{path}?{name}={value}"),
        None => path.to_owned(),
    }
}

impl Api {
    /// Stock per component and group, with thresholds and days of cover
    /// (doctors and admins).
    pub async fn blood_stock(self) -> Result<Stock, ApiError> {
        self.get("/blood/stock").await
    }

    /// Units available per group, all components together (anyone).
    pub async fn group_stock(self) -> Result<Vec<GroupStock>, ApiError> {
        self.get("/blood/stock/groups").await
    }

    /// Sets a component and group's threshold.
    pub async fn set_threshold(
        self,
        component: Component,
        group: BloodGroup,
        threshold: &Threshold,
    ) -> Result<(), ApiError> {
        self.send(
            Verb::Put,
            &threshold_path(component, group),
            Some(json(threshold)?),
        )
        .await
        .map(drop)
    }

    /// Removes a component and group's threshold.
    pub async fn remove_threshold(
        self,
        component: Component,
        group: BloodGroup,
    ) -> Result<(), ApiError> {
        self.delete(&threshold_path(component, group)).await
    }

    /// Records a donation: its units, in quarantine.
    pub async fn record_donation(self, input: &NewDonation) -> Result<Vec<Unit>, ApiError> {
        self.post("/blood/donations", input).await
    }

    /// One page of the units in `state`, first-expiring first.
    pub async fn units(
        self,
        state: UnitState,
        cursor: Option<String>,
    ) -> Result<Page<Unit>, ApiError> {
        let path = format!("/blood/units?state={}", state.as_str());
        self.get(&paged(&path, BLOOD_PAGE, cursor.as_deref())).await
    }

    /// A quarantined unit's tests: released to stock, or discarded.
    pub async fn test_unit(self, id: UnitId, result: &TestResult) -> Result<Unit, ApiError> {
        self.post(&format!("{}/tests", unit_path(id)), result).await
    }

    /// Takes a unit out of stock for good.
    pub async fn discard_unit(self, id: UnitId, input: &Discard) -> Result<Unit, ApiError> {
        self.post(&format!("{}/discard", unit_path(id)), input)
            .await
    }

    /// An issued unit that came back unused, to stock.
    pub async fn return_unit(self, id: UnitId) -> Result<Unit, ApiError> {
        self.post(&format!("{}/return", unit_path(id)), &nothing())
            .await
    }

    /// One page of the units' changes, newest first.
    pub async fn unit_history(self, cursor: Option<String>) -> Result<Page<UnitEvent>, ApiError> {
        self.get(&paged("/blood/history", HISTORY_PAGE, cursor.as_deref()))
            .await
    }

    /// A doctor's request for a patient.
    pub async fn new_blood_request(self, input: &NewRequest) -> Result<BloodRequest, ApiError> {
        self.post("/blood/requests", input).await
    }

    /// One page of requests, newest first: a doctor's own (the state is
    /// not asked), or the clinic's in `state` (admins).
    pub async fn blood_requests(
        self,
        state: Option<RequestState>,
        cursor: Option<String>,
    ) -> Result<Page<BloodRequest>, ApiError> {
        let path = filtered("/blood/requests", "state", state.map(RequestState::as_str));
        self.get(&paged(&path, BLOOD_PAGE, cursor.as_deref())).await
    }

    /// A request with the patient's typing, its units and what is on offer.
    pub async fn blood_request(self, id: BloodRequestId) -> Result<RequestDetail, ApiError> {
        self.get(&request_path(id)).await
    }

    /// Holds units for a request.
    pub async fn reserve_units(
        self,
        id: BloodRequestId,
        input: &Reserve,
    ) -> Result<RequestDetail, ApiError> {
        self.post(&format!("{}/reserve", request_path(id)), input)
            .await
    }

    /// Records a crossmatch or antibody screen.
    pub async fn record_crossmatch(
        self,
        id: BloodRequestId,
        input: &CrossmatchInput,
    ) -> Result<RequestDetail, ApiError> {
        self.post(&format!("{}/crossmatch", request_path(id)), input)
            .await
    }

    /// Gives out the reserved units (admins).
    pub async fn issue_units(
        self,
        id: BloodRequestId,
        input: &Issue,
    ) -> Result<RequestDetail, ApiError> {
        self.post(&format!("{}/issue", request_path(id)), input)
            .await
    }

    /// Withdraws a request; its reserved units go back to stock.
    pub async fn cancel_blood_request(self, id: BloodRequestId) -> Result<RequestDetail, ApiError> {
        self.post(&format!("{}/cancel", request_path(id)), &nothing())
            .await
    }

    /// A patient's confirmed blood typing, if any.
    pub async fn blood_typing(self, patient: UserId) -> Result<TypingAnswer, ApiError> {
        self.get(&format!("/patients/{patient}/blood-typing")).await
    }

    /// Records a patient's confirmed typing.
    pub async fn record_typing(
        self,
        patient: UserId,
        input: &NewTyping,
    ) -> Result<Typing, ApiError> {
        self.put(&format!("/patients/{patient}/blood-typing"), input)
            .await
    }

    /// The signed-in patient's donor page.
    pub async fn donor_page(self) -> Result<DonorPage, ApiError> {
        self.get("/blood/donor").await
    }

    /// Registers the signed-in patient as a donor.
    pub async fn register_donor(self, input: &Registration) -> Result<Donor, ApiError> {
        self.post("/blood/donor", input).await
    }

    /// The signed-in patient stops being a donor.
    pub async fn withdraw_donor(self) -> Result<Donor, ApiError> {
        self.delete_for("/blood/donor").await
    }

    /// One page of donors in `status`, newest first (admins).
    pub async fn donors(
        self,
        status: DonorStatus,
        cursor: Option<String>,
    ) -> Result<Page<Donor>, ApiError> {
        let path = format!("/blood/donors?status={}", status.as_str());
        self.get(&paged(&path, BLOOD_PAGE, cursor.as_deref())).await
    }

    /// Records a donor's tested group.
    pub async fn confirm_donor(
        self,
        donor: UserId,
        input: &Confirmation,
    ) -> Result<Donor, ApiError> {
        self.post(&format!("/blood/donors/{donor}/confirm"), input)
            .await
    }

    /// Asks eligible donors for a component and group.
    pub async fn call_donors(self, input: &NewCall) -> Result<DonorCall, ApiError> {
        self.post("/blood/calls", input).await
    }

    /// One page of the bank's calls, newest first.
    pub async fn donor_calls(self, cursor: Option<String>) -> Result<Page<DonorCall>, ApiError> {
        self.get(&paged("/blood/calls", BLOOD_PAGE, cursor.as_deref()))
            .await
    }

    /// The donors a call invited, with their answers.
    pub async fn invitations(self, call: DonorCallId) -> Result<Vec<Invitation>, ApiError> {
        self.get(&format!("/blood/calls/{call}/invitations")).await
    }

    /// The signed-in donor's answer to a call.
    pub async fn answer_call(
        self,
        call: DonorCallId,
        answer: &Answer,
    ) -> Result<Invitation, ApiError> {
        self.post(&format!("/blood/calls/{call}/answer"), answer)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtrack_shared::blood::Abo;

    #[test]
    fn a_positive_group_is_encoded_in_the_path() {
        assert_eq!(
            threshold_path(Component::RedCells, BloodGroup::new(Abo::Ab, true)),
            "/blood/thresholds/red_cells/AB%2B"
        );
        assert_eq!(
            threshold_path(Component::Plasma, BloodGroup::new(Abo::O, false)),
            "/blood/thresholds/plasma/O-"
        );
    }

    #[test]
    fn filters_are_added_only_when_chosen() {
        assert_eq!(
            filtered("/blood/requests", "state", Some("reserved")),
            "/blood/requests?state=reserved"
        );
        assert_eq!(
            filtered("/blood/requests", "state", None),
            "/blood/requests"
        );
    }
}
