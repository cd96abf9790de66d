//! Email and SMS through SNS, against moto_server, on both drivers: what the
//! topic and the phone numbers received is read back from moto.

use jiff::{SignedDuration, Timestamp};
use medtrack::domain::accounts::{self, Account};
use medtrack::domain::appointments::booking;
use medtrack::domain::medications;
use medtrack::domain::notifications::{self, caregivers, dead_letters, settings};
use medtrack::domain::ports::Messages;
use medtrack::store::Store;
use medtrack::workers::{Dispatcher, Scheduler};
use medtrack_shared::account::{AccountFields, Registration};
use medtrack_shared::appointment::{BookingRequest, Priority};
use medtrack_shared::delivery::{Channel, DeliveryMode, EmailStatus, NotificationSettings};
use medtrack_shared::medication::{
    Caregiver, Frequency, MedicationInput, MissedDoses, Schedule, ZoneRule,
};
use medtrack_shared::UserId;
use serde_json::json;

use crate::auth::PASSWORD;
use crate::dispatch::outbox_len;
use crate::helpers::{ctx, ctx_at, empty_store, on_both_drivers, via, via_now, Driver, TestStore};
use crate::moto::{self, texts_to, Switch, Topic};
use crate::workflow::{all_day, people, People};

on_both_drivers!(
    each_persons_email_reaches_only_their_own_subscription,
    sms_goes_only_to_verified_numbers_that_did_not_opt_out,
    notifications_queued_while_sns_is_unreachable_are_each_sent_once_when_it_returns,
    two_dispatchers_send_each_notification_once_per_channel,
    a_channel_that_keeps_failing_ends_dead_and_an_admin_can_send_it_again,
    a_caregiver_named_by_email_gets_only_caregiver_alerts_while_named,
);

/// The moment every test books from: slots are on 5 January.
fn now() -> Timestamp {
    "2026-01-01T12:00:00Z".parse().unwrap()
}

struct Setup {
    store: TestStore,
    people: People,
    other: Account,
    topic: Topic,
}

async fn setup(driver: Driver) -> Setup {
    let store = empty_store(driver).await;
    let people = people(&store, all_day("UTC", (0, 0), (23, 0), 60)).await;
    let other = accounts::register(
        &ctx_at(&store, now()),
        Registration::Patient {
            account: AccountFields {
                name: "Ann Lee".into(),
                email: "ann@example.org".into(),
                password: PASSWORD.into(),
                phone: None,
                time_zone: "Europe/Paris".into(),
            },
            date_of_birth: jiff::civil::date(1990, 5, 5),
        },
    )
    .await
    .unwrap();
    // The doctor's approval notice goes first, so that only the test's own are left.
    dispatcher(&store, sink(&store))
        .dispatch_due(Timestamp::now())
        .await
        .unwrap();
    Setup {
        store,
        people,
        other,
        topic: Topic::new().await,
    }
}

fn sink(store: &Store) -> Messages {
    crate::helpers::sink(store)
}

fn dispatcher(store: &Store, gateway: Messages) -> Dispatcher {
    Dispatcher::new(via_now(store, &gateway))
}

/// Books `count` consecutive hour slots on 5 January from `hour` (UTC).
async fn book(store: &Store, doctor: &Account, patient: &Account, hour: i64, count: i64) {
    let first: Timestamp = "2026-01-05T00:00:00Z".parse().unwrap();
    for n in hour..hour + count {
        let request = BookingRequest {
            doctor_id: doctor.id,
            starts_at: first + SignedDuration::from_hours(n),
            reason: "Check-up".into(),
            priority: Priority::Normal,
        };
        booking::book(&ctx_at(store, now()), patient, &request)
            .await
            .unwrap();
    }
}

/// Verifies `number` for `person`, reading the code from what was sent
/// (moto or the development sink).
async fn verify(store: &Store, gateway: &Messages, person: &Account, number: &str) {
    let answer = settings::set_phone(&via(store, gateway, now()), &person.id, number)
        .await
        .unwrap();
    assert!(!answer.phone.unwrap().verified);
    let text = match gateway.mode() {
        DeliveryMode::Sns => texts_to(number).await.pop().expect("a code was texted"),
        DeliveryMode::DevelopmentSink => {
            let kept = notifications::sent_messages(&ctx(store), 10, None)
                .await
                .unwrap();
            kept.items
                .into_iter()
                .find(|m| m.to == number)
                .expect("a code in the sink")
                .body
        }
    };
    let code = code_in(&text);
    let answer = settings::verify_phone(&via(store, gateway, now()), &person.id, &code)
        .await
        .unwrap();
    assert!(answer.phone.unwrap().verified);
}

/// Subscribes `address` to `person`'s notifications.
async fn subscribe(
    store: &Store,
    gateway: &Messages,
    person: &UserId,
    address: &str,
) -> NotificationSettings {
    settings::set_email(&via_now(store, gateway), person, address)
        .await
        .unwrap()
}

/// The code in "MedTrack code: 123456. It expires ...".
pub fn code_in(text: &str) -> String {
    text.split_whitespace()
        .nth(2)
        .unwrap()
        .trim_end_matches('.')
        .to_owned()
}

async fn each_persons_email_reaches_only_their_own_subscription(driver: Driver) {
    let Setup {
        store,
        people,
        other,
        topic,
    } = setup(driver).await;
    let gateway = topic.gateway(&moto::endpoint()).await;
    let patient = &people.patient;
    for (person, address) in [(patient, "pat@example.org"), (&other, "ann@example.org")] {
        let answer = subscribe(&store, &gateway, &person.id, address).await;
        assert_eq!(answer.email.unwrap().status, EmailStatus::Active);
    }
    // Each subscription is filtered on its owner's id.
    let policies = topic.email_policies().await;
    let policy = |id: &medtrack_shared::UserId| json!({ "user_id": [id.to_string()] });
    assert_eq!(
        policies,
        vec![
            ("ann@example.org".to_owned(), policy(&other.id)),
            ("pat@example.org".to_owned(), policy(&patient.id)),
        ]
    );
    // Mailboxes that receive what those subscriptions would.
    let pat_box = topic.mailbox(&policies[1].1).await;
    let ann_box = topic.mailbox(&policies[0].1).await;
    // Ann followed SNS's confirmation link after the page last looked: her
    // first notification finds the subscription confirmed.
    let (mut channels, version) = settings::load(&store, &other.id).await.unwrap();
    channels.email.as_mut().unwrap().status = EmailStatus::Pending;
    settings::save(&ctx(&store), &other.id, &channels, version)
        .await
        .unwrap();

    book(&store, &people.doctor, patient, 0, 3).await;
    book(&store, &people.doctor, &other, 3, 2).await;
    dispatcher(&store, gateway.clone())
        .dispatch_due(now())
        .await
        .unwrap();

    // Five publishes (the doctor has no email), each naming its person and event.
    let published = topic.published().await;
    assert_eq!(published.len(), 5);
    let mut ids: Vec<&str> = published
        .iter()
        .map(|p| p.attribute("notification_id"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 5, "no notification published twice");
    for publish in &published {
        assert_eq!(publish.attribute("event"), "appointment.requested");
        assert!(publish.subject.starts_with("MedTrack: "));
        assert!(!publish.message.is_empty());
    }
    let pat = patient.id.to_string();
    let ann = other.id.to_string();
    assert_eq!(pat_box.recipients().await, vec![pat.clone(); 3]);
    assert_eq!(ann_box.recipients().await, vec![ann; 2]);
    let (channels, _) = settings::load(&store, &other.id).await.unwrap();
    assert_eq!(channels.email.unwrap().status, EmailStatus::Active);

    // A new address replaces the old subscription; removing one ends it.
    subscribe(&store, &gateway, &patient.id, "pat.new@example.org").await;
    settings::remove_email(&via_now(&store, &gateway), &other.id)
        .await
        .unwrap();
    let policies = topic.email_policies().await;
    assert_eq!(
        policies,
        vec![("pat.new@example.org".to_owned(), policy(&patient.id))]
    );
}

async fn sms_goes_only_to_verified_numbers_that_did_not_opt_out(driver: Driver) {
    let Setup {
        store,
        people,
        other,
        topic,
    } = setup(driver).await;
    let gateway = topic.gateway(&moto::endpoint()).await;
    let verified = moto::fresh_number("10");
    let unverified = moto::fresh_number("20");
    let opted_out = moto::fresh_number("99");
    verify(&store, &gateway, &people.patient, &verified).await;
    settings::set_phone(&via(&store, &gateway, now()), &other.id, &unverified)
        .await
        .unwrap();
    // A number that already opted out gets no code, and the answer says why.
    let answer = settings::set_phone(&via(&store, &gateway, now()), &people.admin.id, &opted_out)
        .await
        .unwrap();
    let phone = answer.phone.unwrap();
    assert!(phone.opted_out && !phone.verified);
    assert!(texts_to(&opted_out).await.is_empty());
    // The doctor's number was verified, then opted out (moto: it ends in 99).
    let doctor_number = moto::fresh_number("99");
    verify(&store, &sink(&store), &people.doctor, &doctor_number).await;

    book(&store, &people.doctor, &people.patient, 0, 2).await;
    book(&store, &people.doctor, &other, 2, 1).await;
    dispatcher(&store, gateway.clone())
        .dispatch_due(now())
        .await
        .unwrap();

    let texts = texts_to(&verified).await;
    assert_eq!(texts.len(), 3, "the code, then two notices: {texts:?}");
    for text in &texts[1..] {
        assert_eq!(
            text,
            "MedTrack: Appointment requested. Open the app for details."
        );
    }
    assert_eq!(texts_to(&unverified).await.len(), 1, "only its code");
    assert!(texts_to(&doctor_number).await.is_empty());
    let doctor = settings::view(&via_now(&store, &gateway), &people.doctor.id)
        .await
        .unwrap();
    assert!(
        doctor.phone.unwrap().opted_out,
        "the page shows the opt-out"
    );
    assert_eq!(outbox_len(&store).await, 0);
}

async fn notifications_queued_while_sns_is_unreachable_are_each_sent_once_when_it_returns(
    driver: Driver,
) {
    let Setup {
        store,
        people,
        topic,
        ..
    } = setup(driver).await;
    let switch = Switch::new().await;
    let gateway = topic.gateway(&switch.endpoint).await;
    let number = moto::fresh_number("30");
    verify(&store, &gateway, &people.patient, &number).await;
    subscribe(&store, &gateway, &people.patient.id, "pat@example.org").await;

    switch.set_up(false);
    book(&store, &people.doctor, &people.patient, 0, 4).await;
    let dispatcher = dispatcher(&store, gateway);
    assert_eq!(dispatcher.dispatch_due(now()).await.unwrap(), 8);
    // The inbox does not wait for SNS.
    let inbox = medtrack::domain::notifications::inbox::list(
        &ctx(&store),
        &people.patient.id,
        false,
        10,
        None,
    )
    .await
    .unwrap();
    assert_eq!(inbox.items.len(), 4);
    assert_eq!(outbox_len(&store).await, 4, "email and SMS still to send");
    assert!(topic.published().await.is_empty());
    // Before the backoff ends nothing is tried.
    assert_eq!(dispatcher.dispatch_due(now()).await.unwrap(), 0);

    switch.set_up(true);
    let later = now() + SignedDuration::from_mins(30);
    assert_eq!(dispatcher.dispatch_due(later).await.unwrap(), 4);
    assert_eq!(outbox_len(&store).await, 0);
    let mut ids: Vec<String> = topic
        .published()
        .await
        .iter()
        .map(|p| p.attribute("notification_id").to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4);
    assert_eq!(topic.published().await.len(), 4, "none twice");
    assert_eq!(texts_to(&number).await.len(), 1 + 4);
    assert_eq!(
        dispatcher
            .dispatch_due(later + SignedDuration::from_hours(1))
            .await
            .unwrap(),
        0
    );
}

async fn two_dispatchers_send_each_notification_once_per_channel(driver: Driver) {
    let Setup {
        store,
        people,
        topic,
        ..
    } = setup(driver).await;
    let gateway = topic.gateway(&moto::endpoint()).await;
    let number = moto::fresh_number("40");
    verify(&store, &gateway, &people.patient, &number).await;
    subscribe(&store, &gateway, &people.patient.id, "pat@example.org").await;
    book(&store, &people.doctor, &people.patient, 0, 12).await;
    let (a, b) = (
        dispatcher(&store, gateway.clone()),
        dispatcher(&store, gateway.clone()),
    );
    let (from_a, from_b) = tokio::join!(a.dispatch_due(now()), b.dispatch_due(now()));
    assert_eq!(from_a.unwrap() + from_b.unwrap(), 24);
    let published = topic.published().await;
    let mut ids: Vec<&str> = published
        .iter()
        .map(|p| p.attribute("notification_id"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((published.len(), ids.len()), (12, 12));
    assert_eq!(texts_to(&number).await.len(), 1 + 12);
    assert_eq!(outbox_len(&store).await, 0);
}

async fn a_channel_that_keeps_failing_ends_dead_and_an_admin_can_send_it_again(driver: Driver) {
    let Setup {
        store,
        people,
        topic,
        ..
    } = setup(driver).await;
    let switch = Switch::new().await;
    let gateway = topic.gateway(&switch.endpoint).await;
    subscribe(&store, &gateway, &people.patient.id, "pat@example.org").await;
    switch.set_up(false);
    book(&store, &people.doctor, &people.patient, 0, 1).await;
    let mut dispatcher = dispatcher(&store, gateway);
    dispatcher.settings.max_attempts = 3;
    let mut at = now();
    for _ in 0..3 {
        dispatcher.dispatch_due(at).await.unwrap();
        at += SignedDuration::from_hours(1);
    }
    // Dead after three tries: out of the outbox, not tried again.
    assert_eq!(outbox_len(&store).await, 0);
    let dead = dead_letters::list(&ctx(&store), 10, None)
        .await
        .unwrap()
        .items;
    assert_eq!(dead.len(), 1);
    let letter = &dead[0];
    assert_eq!(letter.channel, Channel::Email);
    assert_eq!(letter.attempts, 3);
    assert_eq!(letter.event, "appointment.requested");
    assert_eq!(letter.recipient, people.patient.id);
    assert!(letter.error.starts_with("unreachable"), "{}", letter.error);
    assert_eq!(dispatcher.dispatch_due(at).await.unwrap(), 0);

    switch.set_up(true);
    dead_letters::retry(&ctx_at(&store, at), &letter.notification, Channel::Email)
        .await
        .unwrap();
    assert_eq!(dispatcher.dispatch_due(at).await.unwrap(), 1);
    let published = topic.published().await;
    assert_eq!(published.len(), 1);
    assert_eq!(
        published[0].attribute("notification_id"),
        letter.notification.to_string()
    );
    assert!(dead_letters::list(&ctx(&store), 10, None)
        .await
        .unwrap()
        .items
        .is_empty());
    // Sent once: a second retry finds nothing to send.
    assert!(
        dead_letters::retry(&ctx_at(&store, at), &letter.notification, Channel::Email)
            .await
            .is_err()
    );
}

/// A daily 09:00 medication from 2 January whose missed doses are emailed
/// to `caregiver` two hours later.
fn watched(name: &str, caregiver: &str) -> MedicationInput {
    MedicationInput {
        name: name.into(),
        strength: "5 mg".into(),
        form: "tablet".into(),
        dose: "1 tablet".into(),
        instructions: String::new(),
        schedule: Schedule {
            as_needed: false,
            times: vec![jiff::civil::time(9, 0, 0, 0)],
            frequency: Frequency::EveryDay,
            start: jiff::civil::date(2026, 1, 2),
            end: None,
            zone: ZoneRule::FollowMe,
        },
        supply: None,
        missed: MissedDoses {
            grace_minutes: 30,
            escalate_after_minutes: Some(120),
            caregiver: Some(Caregiver {
                name: "Cal".into(),
                email: Some(caregiver.into()),
                phone: None,
            }),
            tell_doctor: false,
        },
    }
}

async fn a_caregiver_named_by_email_gets_only_caregiver_alerts_while_named(driver: Driver) {
    let Setup {
        store,
        people,
        other,
        topic,
    } = setup(driver).await;
    let gateway = topic.gateway(&moto::endpoint()).await;
    let patient = &people.patient;
    subscribe(&store, &gateway, &patient.id, "pat@example.org").await;
    let carer = "carer@example.org";
    let first = medications::add(
        &via(&store, &gateway, now()),
        patient,
        watched("Alpha", carer),
    )
    .await
    .unwrap();
    assert_eq!(first.caregiver_email_status, Some(EmailStatus::Active));
    let second = medications::add(
        &via(&store, &gateway, now()),
        patient,
        watched("Beta", carer),
    )
    .await
    .unwrap();
    let others = medications::add(
        &via(&store, &gateway, now()),
        &other,
        watched("Gamma", carer),
    )
    .await
    .unwrap();
    // One subscription for the address, filtered on its own attribute.
    let key = caregivers::route_key(carer);
    let policies = topic.email_policies().await;
    assert_eq!(
        policies,
        vec![
            (carer.to_owned(), json!({ "caregiver": [key] })),
            (
                "pat@example.org".to_owned(),
                json!({ "user_id": [patient.id.to_string()] })
            ),
        ]
    );
    // One address, two uses: the account's own notifications and caregiver
    // alerts share its one subscription, whose policy matches either.
    let both = |user: &medtrack_shared::UserId, address: &str| {
        json!({ "$or": [
            { "user_id": [user.to_string()] },
            { "caregiver": [caregivers::route_key(address)] },
        ] })
    };
    subscribe(&store, &gateway, &other.id, carer).await;
    let delta = medications::add(
        &via(&store, &gateway, now()),
        &other,
        watched("Delta", "pat@example.org"),
    )
    .await
    .unwrap();
    let policies = topic.email_policies().await;
    assert_eq!(
        policies,
        vec![
            (carer.to_owned(), both(&other.id, carer)),
            (
                "pat@example.org".to_owned(),
                both(&patient.id, "pat@example.org")
            ),
        ]
    );
    medications::remove(&via(&store, &gateway, now()), &other, &delta.id)
        .await
        .unwrap();
    assert_eq!(
        topic.email_policies().await[1].1,
        json!({ "user_id": [patient.id.to_string()] })
    );
    // Gamma is taken on time; Alpha and Beta are not.
    medications::remove(&via(&store, &gateway, now()), &other, &others.id)
        .await
        .unwrap();
    let policies = topic.email_policies().await;
    let carer_box = topic.mailbox(&policies[0].1).await;
    let pat_box = topic.mailbox(&policies[1].1).await;
    let scheduler = Scheduler::new(via_now(&store, &gateway));
    let mut at: Timestamp = "2026-01-02T08:50:00Z".parse().unwrap();
    while at <= "2026-01-02T11:10:00Z".parse().unwrap() {
        scheduler.run_due(at).await.unwrap();
        at += SignedDuration::from_mins(10);
    }
    dispatcher(&store, gateway.clone())
        .dispatch_due(at)
        .await
        .unwrap();

    // Two alerts for the caregiver, naming neither medicine nor the patient's id.
    assert_eq!(carer_box.recipients().await, vec![key.clone(); 2]);
    let alerts: Vec<_> = topic
        .published()
        .await
        .into_iter()
        .filter(|p| p.attribute("caregiver") == key)
        .collect();
    assert_eq!(alerts.len(), 2);
    for alert in &alerts {
        assert_eq!(alert.subject, "MedTrack: Pat Doe may have missed a dose");
        assert_eq!(alert.attribute("user_id"), "");
        assert!(!alert.message.contains("Alpha") && !alert.message.contains("Beta"));
    }
    // The patient's own mailbox has their two reminders and none of the
    // caregiver's alerts ("we are telling Cal" is in their inbox).
    assert_eq!(pat_box.recipients().await, vec![patient.id.to_string(); 2]);

    // The subscription lasts while a medication names the address.
    let mut unnamed = watched("Alpha", carer);
    unnamed.missed.caregiver = None;
    unnamed.missed.escalate_after_minutes = None;
    medications::edit(&via(&store, &gateway, now()), patient, &first.id, unnamed)
        .await
        .unwrap();
    assert_eq!(topic.email_policies().await.len(), 2);
    medications::remove(&via(&store, &gateway, now()), patient, &second.id)
        .await
        .unwrap();
    // The address keeps the account's own messages; removing those ends it.
    let own = |user: &medtrack_shared::UserId| json!({ "user_id": [user.to_string()] });
    assert_eq!(
        topic.email_policies().await,
        vec![
            (carer.to_owned(), own(&other.id)),
            ("pat@example.org".to_owned(), own(&patient.id)),
        ]
    );
    settings::remove_email(&via_now(&store, &gateway), &other.id)
        .await
        .unwrap();
    assert_eq!(
        topic.email_policies().await,
        vec![("pat@example.org".to_owned(), own(&patient.id))]
    );
}
