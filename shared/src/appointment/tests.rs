use super::*;

#[test]
fn actions_need_their_fields() {
    let reject = ActionRequest::new(ActionKind::Reject);
    assert!(reject.check().unwrap_err().get("reason").is_some());
    let complete = ActionRequest::new(ActionKind::Complete);
    assert!(complete.check().unwrap_err().get("consultation").is_some());
    let mut confirm = ActionRequest::new(ActionKind::Confirm);
    confirm.starts_at = Some(Timestamp::UNIX_EPOCH);
    assert!(confirm.check().unwrap_err().get("starts_at").is_some());
    let mut complete = ActionRequest::new(ActionKind::Complete);
    complete.consultation = Some(Consultation {
        diagnosis: "Otitis media".into(),
        prescription: vec![PrescriptionItem {
            drug: "Amoxicillin".into(),
            dose: "".into(),
            frequency: "3/day".into(),
            duration: "7 days".into(),
            instructions: String::new(),
        }],
        notes: String::new(),
    });
    let errors = complete.check().unwrap_err();
    assert!(errors.get("consultation.prescription[0].dose").is_some());
    assert!(errors.get("consultation.diagnosis").is_none());
}

#[test]
fn terminal_statuses_allow_nothing() {
    for status in [
        AppointmentStatus::Rejected,
        AppointmentStatus::Completed,
        AppointmentStatus::Cancelled,
        AppointmentStatus::NoShow,
    ] {
        for role in [Role::Patient, Role::Doctor, Role::Admin] {
            assert!(allowed_actions(status, role).is_empty(), "{status:?}");
        }
    }
}
