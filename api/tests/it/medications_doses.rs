//! Doses on both drivers: logging them and who may read them, a visit's
//! prescription as medications, and missed doses told to the doctor.

use super::*;

pub async fn a_patient_logs_doses_and_others_read_them_only_as_allowed(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let pat = &clinic.patient;
    let me = clinic.app.me(&pat.token).await;
    // Twice a day, every day from yesterday, with 5 tablets and a refill
    // reminder under 2 days.
    let today = Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get(&me.time_zone).unwrap())
        .date();
    let mut input = daily(
        "Metformin",
        &[time(0, 0, 0, 0), time(12, 0, 0, 0)],
        today.yesterday().unwrap(),
        ZoneRule::FollowMe,
    );
    input.supply = Some(Supply {
        on_hand: 5,
        per_dose: 1,
        refill_when_days_left: 2,
    });
    let response = clinic
        .post(&pat.token, "/api/v1/me/medications", &json!(input))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let medication: Medication = response.json().await.unwrap();
    assert!(medication.next_dose_at.is_some());
    // Bad input is refused whole.
    let mut bad = input.clone();
    bad.schedule.times.clear();
    let response = clinic
        .post(&pat.token, "/api/v1/me/medications", &json!(bad))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let day_path = format!("/api/v1/patients/{}/doses", pat.id);
    let doses: Vec<Dose> = clinic.read(&pat.token, &day_path).await;
    assert_eq!(doses.len(), 2, "today's two doses");
    let first = doses[0].scheduled_at;
    let path = format!("/api/v1/medications/{}/doses", medication.id);
    let taken = clinic
        .post(
            &pat.token,
            &path,
            &json!({"action": "taken", "scheduled_at": first}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::OK);
    let again = clinic
        .post(
            &pat.token,
            &path,
            &json!({"action": "skipped", "scheduled_at": first}),
        )
        .await;
    assert_eq!(error_code(again).await, "already_logged");
    let not_a_dose = clinic
        .post(
            &pat.token,
            &path,
            &json!({"action": "taken", "scheduled_at": first + SignedDuration::from_mins(7)}),
        )
        .await;
    assert_eq!(not_a_dose.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let skipped = clinic
        .post(
            &pat.token,
            &path,
            &json!({"action": "skipped", "scheduled_at": doses[1].scheduled_at, "reason": "Upset stomach"}),
        )
        .await;
    assert_eq!(skipped.status(), StatusCode::OK);
    let doses: Vec<Dose> = clinic.read(&pat.token, &day_path).await;
    assert_eq!(doses[0].status, Some(DoseStatus::Taken));
    assert_eq!(doses[1].status, Some(DoseStatus::Skipped));
    assert_eq!(doses[1].reason.as_deref(), Some("Upset stomach"));
    // One tablet used: 4 left, 2 days at two a day: not yet under 2.
    let read: Medication = clinic
        .read(
            &pat.token,
            &format!("/api/v1/medications/{}", medication.id),
        )
        .await;
    assert_eq!(read.details.supply.unwrap().on_hand, 4);
    // An extra dose leaves 3, a day and a half: under 2 days, a refill notice.
    let extra = clinic
        .post(&pat.token, &path, &json!({"action": "taken"}))
        .await;
    assert_eq!(extra.status(), StatusCode::OK);
    let notes = crate::appointments::inbox(&clinic, pat, 1).await;
    assert!(
        notes.iter().any(|n| n.event == "medication.refill_soon"),
        "{notes:?}"
    );

    // Another patient cannot see or touch it; a doctor without a visit cannot read it.
    let other = register_patient(&clinic.app, "other@example.org").await;
    let list_path = format!("/api/v1/patients/{}/medications", pat.id);
    for token in [&other.token, &clinic.doctor.token] {
        assert_eq!(
            clinic.app.get_as(&list_path, token).await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            clinic.app.get_as(&day_path, token).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let response = clinic
        .post(&other.token, &path, &json!({"action": "taken"}))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // The doctor may once the patient booked them; the read is in the access log.
    let slot = clinic.free_slots().await[0];
    assert_eq!(
        clinic.book_as(pat, slot).await.status(),
        StatusCode::CREATED
    );
    let listed: Vec<Medication> = clinic.read(&clinic.doctor.token, &list_path).await;
    assert_eq!(listed.len(), 1);
    let log: medtrack_shared::Page<medtrack_shared::account::AccessLogEntry> =
        clinic.read(&pat.token, "/api/v1/me/access-log").await;
    assert!(log.items.iter().any(|e| e.what == "medications"));

    // Pausing stops the next dose; removing keeps the logged doses.
    let paused: Medication = clinic
        .post(
            &pat.token,
            &format!("/api/v1/medications/{}/pause", medication.id),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(paused.paused && paused.next_dose_at.is_none());
    let removed = clinic
        .app
        .client
        .delete(
            clinic
                .app
                .url(&format!("/api/v1/medications/{}", medication.id)),
        )
        .bearer_auth(&pat.token)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    let doses: Vec<Dose> = clinic.read(&pat.token, &day_path).await;
    assert_eq!(doses.len(), 3, "the log stays: two doses and the extra one");
}

pub async fn a_visits_prescription_becomes_medications_in_one_step(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let slot = clinic.free_slots().await[0];
    let booked: medtrack_shared::appointment::Appointment = clinic
        .book_as(&clinic.patient, slot)
        .await
        .json()
        .await
        .unwrap();
    let id = booked.id.to_string();
    let doctor = &clinic.doctor.token;
    let path = format!("/api/v1/appointments/{id}/prescription/add-to-medications");
    // Not before the visit is completed.
    let early = clinic.post(&clinic.patient.token, &path, &json!({})).await;
    assert_eq!(error_code(early).await, "no_prescription");
    for action in ["confirm", "check_in", "start_consultation"] {
        let response = clinic.act(doctor, &id, json!({"action": action})).await;
        assert_eq!(response.status(), StatusCode::OK, "{action}");
    }
    let completed = clinic
        .act(
            doctor,
            &id,
            json!({"action": "complete", "consultation": {
                "diagnosis": "Otitis media",
                "prescription": [
                    {"drug": "Amoxicillin", "dose": "500 mg", "frequency": "three times a day", "duration": "7 days"},
                    {"drug": "Ibuprofen", "dose": "200 mg", "frequency": "as needed for pain", "duration": "5 days"}
                ],
                "notes": ""
            }}),
        )
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
    // Only the patient adds it, once.
    let by_doctor = clinic.post(doctor, &path, &json!({})).await;
    assert_eq!(by_doctor.status(), StatusCode::FORBIDDEN);
    let other = register_patient(&clinic.app, "other@example.org").await;
    let by_other = clinic.post(&other.token, &path, &json!({})).await;
    assert_eq!(by_other.status(), StatusCode::NOT_FOUND);
    let added = clinic.post(&clinic.patient.token, &path, &json!({})).await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let added: Vec<Medication> = added.json().await.unwrap();
    assert_eq!(added.len(), 2);
    let amoxicillin = &added[0].details;
    assert_eq!(amoxicillin.name, "Amoxicillin");
    assert_eq!(amoxicillin.strength, "500 mg");
    assert_eq!(amoxicillin.schedule.times.len(), 3);
    let days = amoxicillin.schedule.end.unwrap() - amoxicillin.schedule.start;
    assert_eq!(days.get_days(), 6, "seven days, the first included");
    assert!(added[1].details.schedule.as_needed);
    let again = clinic.post(&clinic.patient.token, &path, &json!({})).await;
    assert_eq!(error_code(again).await, "already_added");
    let listed: Vec<Medication> = clinic
        .read(
            &clinic.patient.token,
            &format!("/api/v1/patients/{}/medications", clinic.patient.id),
        )
        .await;
    assert_eq!(listed.len(), 2);
}

pub async fn a_dose_still_not_taken_is_told_to_the_doctor_when_the_patient_asked(driver: Driver) {
    let store = empty_store(driver).await;
    let people =
        crate::workflow::people(&store, crate::workflow::all_day("UTC", (0, 0), (23, 0), 60)).await;
    let patient = &people.patient;
    let added: Timestamp = "2026-02-01T00:00:00Z".parse().unwrap();
    // The patient booked the doctor: a care relationship.
    let request = medtrack_shared::appointment::BookingRequest {
        doctor_id: people.doctor.id,
        starts_at: "2026-02-10T10:00:00Z".parse().unwrap(),
        reason: "Review".into(),
        priority: medtrack_shared::appointment::Priority::Normal,
    };
    medtrack::domain::appointments::booking::book(&ctx_at(&store, added), patient, &request)
        .await
        .unwrap();
    let told = |name: &str| {
        let mut input = daily(
            name,
            &[time(9, 0, 0, 0)],
            date(2026, 2, 1),
            ZoneRule::FollowMe,
        );
        input.missed = MissedDoses {
            grace_minutes: 30,
            escalate_after_minutes: Some(120),
            caregiver: None,
            tell_doctor: true,
        };
        input
    };
    let forgotten = medications::add(
        &via(&store, &sink(&store), added),
        patient,
        told("Forgotten"),
    )
    .await
    .unwrap();
    let late = medications::add(&via(&store, &sink(&store), added), patient, told("Late"))
        .await
        .unwrap();
    // One caregiver by text message, another by email.
    let caregiver = |name: &str, email: Option<&str>, phone: Option<&str>| {
        Some(medtrack_shared::medication::Caregiver {
            name: name.into(),
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
        })
    };
    let mut watched = told("Watched");
    watched.missed.tell_doctor = false;
    watched.missed.caregiver = caregiver("Ann", None, Some("+447700900111"));
    medications::add(&via(&store, &sink(&store), added), patient, watched)
        .await
        .unwrap();
    let mut mailed = told("Mailed");
    mailed.missed.tell_doctor = false;
    mailed.missed.caregiver = caregiver("Bo", Some(" Bo@Example.org "), None);
    let mailed = medications::add(&via(&store, &sink(&store), added), patient, mailed)
        .await
        .unwrap();
    assert_eq!(
        mailed.details.missed.caregiver.unwrap().email.as_deref(),
        Some("bo@example.org")
    );
    assert_eq!(
        mailed.caregiver_email_status,
        Some(medtrack_shared::delivery::EmailStatus::Active)
    );

    let worker = scheduler(&store);
    let step = SignedDuration::from_mins(10);
    run_clock(
        &worker,
        "2026-02-01T08:50:00Z",
        "2026-02-01T10:00:00Z",
        step,
    )
    .await;
    // The late one is taken after it counted as missed, before the doctor is told.
    let action = medtrack_shared::medication::DoseAction::Taken {
        scheduled_at: Some("2026-02-01T09:00:00Z".parse().unwrap()),
        taken_at: None,
    };
    medications::doses::act(
        &ctx_at(&store, "2026-02-01T10:05:00Z".parse().unwrap()),
        patient,
        &late.id,
        action,
    )
    .await
    .unwrap();
    run_clock(
        &worker,
        "2026-02-01T10:10:00Z",
        "2026-02-01T12:00:00Z",
        step,
    )
    .await;
    let to_doctor: Vec<(String, Option<String>)> = store
        .query(Query::partition(keys::OUTBOX))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|item| {
            let entry: OutboxEntry = item.into_record().unwrap();
            match entry.event {
                Event::Medication(notice)
                    if notice.change == MedicationChange::PatientMissed
                        && entry.recipient == people.doctor.id =>
                {
                    Some((notice.name, notice.patient_name))
                }
                _ => None,
            }
        })
        .collect();
    assert_eq!(
        to_doctor,
        [("Forgotten 10 mg".to_owned(), Some("Pat Doe".to_owned()))]
    );
    assert_ne!(forgotten.id, late.id);

    // The caregiver's text message goes to their number, naming no medicine;
    // the patient's inbox says it was sent.
    let dispatcher = medtrack::workers::Dispatcher::new(ctx(&store));
    dispatcher
        .dispatch_due("2026-02-01T12:00:00Z".parse().unwrap())
        .await
        .unwrap();
    let texts: Vec<String> =
        medtrack::domain::notifications::sent_messages(&ctx(&store), 100, None)
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|m| m.to == "+447700900111")
            .map(|m| m.body)
            .collect();
    assert_eq!(
        texts,
        ["MedTrack: Pat Doe has not marked the 09:00 GMT dose of a medicine as taken. They asked us to tell you."]
    );
    let mails: Vec<(Option<String>, String)> =
        medtrack::domain::notifications::sent_messages(&ctx(&store), 100, None)
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|m| m.to == "bo@example.org")
            .map(|m| (m.subject, m.body))
            .collect();
    assert_eq!(mails.len(), 1, "one email to the caregiver");
    assert_eq!(
        mails[0].0.as_deref(),
        Some("MedTrack: Pat Doe may have missed a dose")
    );
    assert!(mails[0].1.contains("09:00 GMT dose of a medicine") && !mails[0].1.contains("Mailed"));
    let inbox =
        medtrack::domain::notifications::inbox::list(&ctx(&store), &patient.id, false, 100, None)
            .await
            .unwrap();
    for told in ["telling Ann by text message,", "telling Bo by email,"] {
        assert!(
            inbox
                .items
                .iter()
                .any(|n| n.event == "medication.caregiver_told" && n.body.contains(told)),
            "{told}"
        );
    }
}

pub async fn a_dose_logged_ahead_of_its_time_is_not_reminded(driver: Driver) {
    let store = empty_store(driver).await;
    let person = patient(&store, "early@example.org", "UTC").await;
    let added: Timestamp = "2026-02-01T00:00:00Z".parse().unwrap();
    let input = daily(
        "Early",
        &[time(9, 0, 0, 0), time(10, 0, 0, 0)],
        date(2026, 2, 1),
        ZoneRule::FollowMe,
    );
    let medication = medications::add(&via(&store, &sink(&store), added), &person, input)
        .await
        .unwrap();
    // At 08:00 the patient skips the 09:00 dose.
    let skip = medtrack_shared::medication::DoseAction::Skipped {
        scheduled_at: "2026-02-01T09:00:00Z".parse().unwrap(),
        reason: "Fasting for a blood test".into(),
    };
    medications::doses::act(
        &ctx_at(&store, "2026-02-01T08:00:00Z".parse().unwrap()),
        &person,
        &medication.id,
        skip,
    )
    .await
    .unwrap();
    run_clock(
        &scheduler(&store),
        "2026-02-01T08:50:00Z",
        "2026-02-01T12:00:00Z",
        SignedDuration::from_mins(10),
    )
    .await;
    // Only the 10:00 dose was reminded; the 09:00 one stays skipped, not missed.
    assert_eq!(
        reminders(&store).await,
        [("Early 10 mg".to_owned(), "2026-02-01T10:00:00Z".to_owned())]
    );
    let (dose, _) = medications::doses::logged(
        &store,
        &person.id,
        "2026-02-01T09:00:00Z".parse().unwrap(),
        &medication.id,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(dose.status, Some(DoseStatus::Skipped));
}
