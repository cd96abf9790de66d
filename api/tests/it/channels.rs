//! Preferences, quiet hours and phone verification, with the development
//! sink (the local default) standing in for SNS, on both drivers: over HTTP,
//! and through the dispatcher with a controlled clock.

use jiff::civil::time;
use jiff::{SignedDuration, Timestamp};
use medtrack::domain::accounts;
use medtrack::domain::appointments::booking;
use medtrack::domain::notifications::{self, inbox, settings};
use medtrack::workers::Dispatcher;
use medtrack_shared::account::PasswordChange;
use medtrack_shared::appointment::{BookingRequest, Priority};
use medtrack_shared::delivery::{
    Channel, ChannelChoice, DeliveryMode, EmailContent, NotificationSettings, Preferences,
    QuietHours, SentMessage,
};
use medtrack_shared::Page;
use reqwest::Method;
use reqwest::StatusCode;
use serde_json::json;

use crate::auth::PASSWORD;
use crate::clinic::{error_code, put, register_patient, Clinic};
use crate::helpers::{ctx, ctx_at, empty_store, on_both_drivers, sink, via, via_now, Driver};
use crate::sns::code_in;
use crate::workflow::{all_day, people};

on_both_drivers!(
    a_patient_verifies_a_phone_and_chooses_channels_over_http,
    preferences_decide_the_channels_and_quiet_hours_hold_what_can_wait,
);

const SETTINGS: &str = "/api/v1/me/notification-settings";

/// What the sink kept for `to`, newest first, read as the admin over HTTP.
async fn kept_for(clinic: &Clinic, to: &str) -> Vec<SentMessage> {
    let page: Page<SentMessage> = clinic
        .read(&clinic.admin.token, "/api/v1/admin/sent-messages?limit=100")
        .await;
    // The link that confirmed the address at registration is not a notification.
    page.items
        .into_iter()
        .filter(|m| m.to == to && m.event != "account.confirm_email")
        .collect()
}

async fn a_patient_verifies_a_phone_and_chooses_channels_over_http(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let app = &clinic.app;
    let pat = &clinic.patient;
    let settings: NotificationSettings = clinic.read(&pat.token, SETTINGS).await;
    assert_eq!(settings.preferences, Preferences::default());
    assert_eq!(settings.delivery, DeliveryMode::DevelopmentSink);
    assert!(settings.phone.is_none() && settings.email.is_none());

    // Bad input is refused and changes nothing.
    let phone = format!("{SETTINGS}/phone");
    let response = put(app, &pat.token, &phone, &json!({"number": "0044 20 7946"})).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = put(
        app,
        &pat.token,
        &format!("{SETTINGS}/email"),
        &json!({"address": "not-an-address"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let quiet = json!({"from": "22:00", "until": "22:00"});
    let mut preferences = serde_json::to_value(Preferences::default()).unwrap();
    preferences["quiet_hours"] = quiet;
    let response = put(
        app,
        &pat.token,
        &format!("{SETTINGS}/preferences"),
        &preferences,
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unchanged: NotificationSettings = clinic.read(&pat.token, SETTINGS).await;
    assert_eq!(unchanged, settings);

    // The code goes to the number (here: the sink); a wrong one is refused.
    let number = "+447700900123";
    let response = put(app, &pat.token, &phone, &json!({"number": number})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let code = code_in(&kept_for(&clinic, number).await[0].body);
    assert_eq!(code.len(), 6);
    let verify = format!("{SETTINGS}/phone/verify");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let response = clinic
        .post(&pat.token, &verify, &json!({"code": wrong}))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Another code so soon is refused, with the time to wait.
    let response = put(app, &pat.token, &phone, &json!({"number": number})).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let response = clinic
        .post(&pat.token, &verify, &json!({"code": code}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let settings: NotificationSettings = response.json().await.unwrap();
    let phone_now = settings.phone.unwrap();
    assert!(phone_now.verified && !phone_now.opted_out);
    let response = clinic
        .post(&pat.token, &verify, &json!({"code": code}))
        .await;
    assert_eq!(error_code(response).await, "nothing_to_verify");

    // An address serves one account.
    let response = put(
        app,
        &pat.token,
        &format!("{SETTINGS}/email"),
        &json!({"address": "Pat@Example.org"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let other = register_patient(app, "other@example.org").await;
    let response = put(
        app,
        &other.token,
        &format!("{SETTINGS}/email"),
        &json!({"address": "pat@example.org"}),
    )
    .await;
    assert_eq!(error_code(response).await, "email_in_use");

    // Only admins read the sink and the dead letters, or send one again.
    for path in ["/api/v1/admin/sent-messages", "/api/v1/admin/dead-letters"] {
        for token in [&pat.token, &clinic.doctor.token] {
            assert_eq!(
                app.get_as(path, token).await.status(),
                StatusCode::FORBIDDEN
            );
        }
    }
    let retry = format!(
        "/api/v1/admin/dead-letters/{}/email/retry",
        uuid::Uuid::now_v7()
    );
    let response = clinic.post(&pat.token, &retry, &json!({})).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = clinic.post(&clinic.admin.token, &retry, &json!({})).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // A booking now reaches the inbox, the phone and the address.
    let slot = clinic.free_slots().await[0];
    assert_eq!(
        clinic.book_as(pat, slot).await.status(),
        StatusCode::CREATED
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let texts = kept_for(&clinic, number).await;
        let emails = kept_for(&clinic, "pat@example.org").await;
        if texts.len() == 2 && emails.len() == 1 {
            assert_eq!(texts[0].event, "appointment.requested");
            assert_eq!(texts[0].channel, Channel::Sms);
            assert_eq!(
                emails[0].subject.as_deref(),
                Some("MedTrack: Appointment requested")
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not delivered: {texts:?} {emails:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // The dispatcher's outcomes and lag are in the metrics.
    let metrics = app.metrics().await.text().await.unwrap();
    for line in [
        r#"medtrack_notification_deliveries_total{channel="sms",outcome="sent"}"#,
        r#"medtrack_notification_deliveries_total{channel="email",outcome="sent"}"#,
        r#"medtrack_notification_delivery_lag_seconds_count{channel="in_app"}"#,
    ] {
        assert!(metrics.contains(line), "{line} in {metrics}");
    }
    // Removing the phone stops text messages.
    let response = app.send_as(Method::DELETE, &phone, &pat.token).await;
    let settings: NotificationSettings = response.json().await.unwrap();
    assert!(settings.phone.is_none());
}

async fn preferences_decide_the_channels_and_quiet_hours_hold_what_can_wait(driver: Driver) {
    let store = empty_store(driver).await;
    let people = people(&store, all_day("UTC", (0, 0), (23, 0), 60)).await;
    let gateway = sink(&store);
    let dispatcher = Dispatcher::new(ctx(&store));
    // 23:00 in London (GMT in January).
    let night: Timestamp = "2026-01-01T23:00:00Z".parse().unwrap();
    dispatcher.dispatch_due(night).await.unwrap();
    let patient = &people.patient;
    let number = "+447700900456";
    settings::set_phone(&via(&store, &gateway, night), &patient.id, number)
        .await
        .unwrap();
    let code = code_in(
        &notifications::sent_messages(&ctx(&store), 1, None)
            .await
            .unwrap()
            .items[0]
            .body,
    );
    settings::verify_phone(&via(&store, &gateway, night), &patient.id, &code)
        .await
        .unwrap();
    // A claim left by an earlier try that stopped half-way does not lock its owner out.
    let claim = medtrack::store::Item::from_record(
        medtrack::store::keys::notification_email_claim("pat@example.org"),
        &json!({ "user": patient.id }),
    )
    .unwrap();
    store
        .put(claim, medtrack::store::Condition::NotExists)
        .await
        .unwrap();
    settings::set_email(&via_now(&store, &gateway), &patient.id, "pat@example.org")
        .await
        .unwrap();
    let preferences = Preferences {
        appointments: ChannelChoice {
            email: false,
            sms: true,
        },
        quiet_hours: Some(QuietHours {
            from: time(22, 0, 0, 0),
            until: time(7, 0, 0, 0),
        }),
        email_content: EmailContent::OpenApp,
        ..Preferences::default()
    };
    settings::set_preferences(&via_now(&store, &gateway), &patient.id, preferences)
        .await
        .unwrap();

    let sent_to = |to: &'static str| {
        let store = store.clone();
        async move {
            notifications::sent_messages(&ctx(&store), 100, None)
                .await
                .unwrap()
                .items
                .into_iter()
                .filter(|m| m.to == to && m.event != "phone.verification")
                .map(|m| m.event)
                .collect::<Vec<_>>()
        }
    };
    let request = BookingRequest {
        doctor_id: people.doctor.id,
        starts_at: "2026-01-05T10:00:00Z".parse().unwrap(),
        reason: "Check-up".into(),
        priority: Priority::Normal,
    };
    booking::book(&ctx_at(&store, night), patient, &request)
        .await
        .unwrap();
    // A security notice does not wait for morning; it goes by both channels.
    accounts::profile::change_password(
        &ctx_at(&store, night),
        patient,
        &medtrack_shared::SessionId::from_uuid(uuid::Uuid::nil()),
        &PasswordChange {
            current_password: PASSWORD.into(),
            new_password: "another long passphrase for tests".into(),
        },
    )
    .await
    .unwrap();
    dispatcher.dispatch_due(night).await.unwrap();
    let inbox = inbox::list(&ctx(&store), &patient.id, false, 10, None)
        .await
        .unwrap();
    assert_eq!(inbox.items.len(), 2, "the inbox never waits");
    assert_eq!(sent_to(number).await, vec!["account.password_changed"]);
    assert_eq!(
        sent_to("pat@example.org").await,
        vec!["account.password_changed"]
    );
    // The email says only that there is something new, as chosen.
    let email = notifications::sent_messages(&ctx(&store), 100, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|m| m.channel == Channel::Email)
        .unwrap();
    assert_eq!(
        email.subject.as_deref(),
        Some("MedTrack: you have a new notification")
    );
    assert!(!email.body.contains("password"), "{}", email.body);

    // The appointment notice waits for 07:00 London time, then goes by SMS only.
    let before = "2026-01-02T06:59:00Z".parse().unwrap();
    assert_eq!(dispatcher.dispatch_due(before).await.unwrap(), 0);
    let morning: Timestamp = "2026-01-02T07:00:00Z".parse().unwrap();
    assert_eq!(dispatcher.dispatch_due(morning).await.unwrap(), 1);
    assert_eq!(
        sent_to(number).await,
        vec!["appointment.requested", "account.password_changed"]
    );
    assert_eq!(
        sent_to("pat@example.org").await,
        vec!["account.password_changed"]
    );
    assert_eq!(
        dispatcher
            .dispatch_due(morning + SignedDuration::from_hours(1))
            .await
            .unwrap(),
        0
    );
}
