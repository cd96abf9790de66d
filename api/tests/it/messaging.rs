//! Messaging over HTTP on both drivers: a conversation's read marks and
//! unread counts, exact under concurrent sends and reads; the admins'
//! overview without words; and the live stream fed from another replica.

use std::time::{Duration, Instant};

use futures::StreamExt;
use medtrack_shared::messaging::{
    Contact, Message, MessagingOverview, Posted, Thread, UnreadMessages,
};
use medtrack_shared::Page;
use reqwest::StatusCode;
use serde_json::json;

use crate::clinic::{Clinic, Person};
use crate::helpers::{on_both_drivers, replica, Driver};
use crate::record_problems::{cared_for, expect};

on_both_drivers!(
    a_conversation_moves_read_marks_and_counts,
    unread_counts_stay_exact_under_concurrent_sends_and_reads,
    a_message_sent_through_one_replica_reaches_a_stream_on_the_other,
);

pub(crate) const SUBJECT: &str = "Dizziness on the new tablets";
pub(crate) const WORDS: &str = "Since Monday I feel dizzy every morning.";

/// `from` starts a thread with `to`: the answer.
pub(crate) async fn start(clinic: &Clinic, from: &Person, to: &Person, text: &str) -> Posted {
    let body = json!({"with": to.id, "subject": SUBJECT, "text": text});
    expect(
        clinic
            .post(&from.token, "/api/v1/messages/threads", &body)
            .await,
        StatusCode::CREATED,
    )
    .await
}

/// `from` writes `text` in `thread`.
pub(crate) async fn write(clinic: &Clinic, from: &Person, thread: &Thread, text: &str) -> Posted {
    let path = format!("/api/v1/messages/threads/{}/messages", thread.id);
    expect(
        clinic
            .post(&from.token, &path, &json!({"text": text}))
            .await,
        StatusCode::CREATED,
    )
    .await
}

/// `who` has read `thread` up to `message`.
pub(crate) async fn read(
    clinic: &Clinic,
    who: &Person,
    thread: &Thread,
    message: &Message,
) -> Thread {
    let path = format!("/api/v1/messages/threads/{}/read", thread.id);
    expect(
        clinic
            .post(&who.token, &path, &json!({"up_to": message.id}))
            .await,
        StatusCode::OK,
    )
    .await
}

/// The newest messages of `thread` as `who` sees them.
pub(crate) async fn messages(clinic: &Clinic, who: &Person, thread: &Thread) -> Vec<Message> {
    let path = format!("/api/v1/messages/threads/{}/messages?limit=100", thread.id);
    let page: Page<Message> = clinic.read(&who.token, &path).await;
    page.items
}

pub(crate) async fn unread(clinic: &Clinic, who: &Person) -> u32 {
    let total: UnreadMessages = clinic.read(&who.token, "/api/v1/messages/unread").await;
    total.total
}

async fn threads(clinic: &Clinic, who: &Person) -> Vec<Thread> {
    let page: Page<Thread> = clinic
        .read(&who.token, "/api/v1/messages/threads?limit=100")
        .await;
    page.items
}

async fn a_conversation_moves_read_marks_and_counts(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let contacts: Page<Contact> = clinic
        .read(&patient.token, "/api/v1/messages/contacts")
        .await;
    assert_eq!(contacts.items.len(), 1);
    assert_eq!(contacts.items[0].id.to_string(), doctor.id);

    let first = start(&clinic, patient, doctor, WORDS).await;
    assert!(first.note.is_none(), "the doctor works all day");
    let thread = first.thread.clone();
    let waiting = thread.waiting.expect("the patient waits");
    assert!(!waiting.overdue && waiting.due > first.message.sent_at);
    assert_eq!((thread.unread, thread.messages), (0, 1));
    assert_eq!(unread(&clinic, doctor).await, 1);
    assert_eq!(unread(&clinic, patient).await, 0);
    let listed = threads(&clinic, doctor).await;
    assert_eq!((listed.len(), listed[0].unread), (1, 1));
    let waiting: Vec<Thread> = clinic
        .read(&doctor.token, "/api/v1/messages/threads/waiting")
        .await;
    assert_eq!(waiting.len(), 1);

    // Unread until the doctor opens it; then "read" for the patient.
    assert!(messages(&clinic, patient, &thread).await[0]
        .read_at
        .is_none());
    let after = read(&clinic, doctor, &thread, &first.message).await;
    assert_eq!(after.unread, 0);
    assert_eq!(unread(&clinic, doctor).await, 0);
    assert!(messages(&clinic, patient, &thread).await[0]
        .read_at
        .is_some());
    // A mark never moves back.
    assert_eq!(
        read(&clinic, doctor, &thread, &first.message).await.unread,
        0
    );

    // The reply ends the wait and is unread for the patient.
    let reply = write(&clinic, doctor, &thread, "Take them in the evening.").await;
    assert!(reply.thread.waiting.is_none());
    assert_eq!(unread(&clinic, patient).await, 1);
    let theirs = threads(&clinic, patient).await;
    assert_eq!((theirs[0].unread, theirs[0].messages), (1, 2));
    let waiting: Vec<Thread> = clinic
        .read(&doctor.token, "/api/v1/messages/threads/waiting")
        .await;
    assert!(waiting.is_empty());

    // Writing does not read for the writer: the reply is still unread.
    let thanks = write(&clinic, patient, &thread, "Thank you.").await;
    assert_eq!(thanks.thread.unread, 1);
    assert_eq!(unread(&clinic, patient).await, 1);
    assert_eq!(unread(&clinic, doctor).await, 1);
    read(&clinic, patient, &thread, &reply.message).await;
    assert_eq!(unread(&clinic, patient).await, 0);

    // Each message keeps the time its reader first reached it.
    let first_read = messages(&clinic, patient, &thread).await[2].read_at;
    assert!(first_read.is_some());
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    read(&clinic, doctor, &thread, &thanks.message).await;
    let now_seen = messages(&clinic, patient, &thread).await;
    assert_eq!(now_seen[2].read_at, first_read);
    assert!(now_seen[0].read_at > first_read);
    write(&clinic, patient, &thread, "One more thing.").await;

    // Admins see that a patient waits, never what about.
    let response = clinic
        .app
        .get_as("/api/v1/admin/messages", &clinic.admin.token)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(!text.contains("Dizziness") && !text.contains("Thank you"));
    let overview: MessagingOverview = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (overview.waiting, overview.overdue, overview.urgent),
        (1, 0, 0)
    );

    // The doctor is told by a notice that names the patient, not the words;
    // reading the thread marks its notices read.
    let notice = crate::messaging_time::notices(&clinic, doctor, "message.received", 1).await;
    assert!(!notice[0].contains("dizzy") && !notice[0].contains("Dizziness"));
    let newest = messages(&clinic, doctor, &thread).await;
    read(&clinic, doctor, &thread, &newest[0]).await;
    let unread: Page<medtrack_shared::notification::Notification> = clinic
        .read(
            &doctor.token,
            "/api/v1/me/notifications?unread_only=true&limit=100",
        )
        .await;
    assert!(unread
        .items
        .iter()
        .all(|n| !n.event.starts_with("message.")));
}

async fn unread_counts_stay_exact_under_concurrent_sends_and_reads(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let mut started = Vec::new();
    for n in 0..3 {
        started.push(
            start(&clinic, patient, doctor, &format!("Question {n}"))
                .await
                .thread,
        );
    }
    let sends = started.iter().map(|thread| async {
        for n in 0..8 {
            write(&clinic, patient, thread, &format!("More {n}")).await;
        }
    });
    let reads = started.iter().map(|thread| async {
        for _ in 0..6 {
            let newest = messages(&clinic, doctor, thread).await;
            read(&clinic, doctor, thread, &newest[0]).await;
        }
    });
    tokio::join!(
        futures::future::join_all(sends),
        futures::future::join_all(reads)
    );
    // Each thread's count is what the doctor has not read, and the total their sum.
    let listed = threads(&clinic, doctor).await;
    let mut sum = 0;
    for thread in &listed {
        let unread_messages = messages(&clinic, patient, thread)
            .await
            .iter()
            .filter(|m| m.read_at.is_none())
            .count();
        assert_eq!(thread.unread as usize, unread_messages, "{}", thread.id);
        sum += thread.unread;
    }
    assert_eq!(unread(&clinic, doctor).await, sum);
    assert!(sum > 0 || listed.iter().all(|t| t.messages == 9));
    // Reading everything leaves nothing.
    for thread in &listed {
        let newest = messages(&clinic, doctor, thread).await;
        read(&clinic, doctor, thread, &newest[0]).await;
    }
    assert_eq!(unread(&clinic, doctor).await, 0);
}

async fn a_message_sent_through_one_replica_reaches_a_stream_on_the_other(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let first = start(&clinic, patient, doctor, WORDS).await;
    let other = replica(&clinic.app, driver).await;
    let stream = other
        .client
        .get(other.url("/api/v1/me/events"))
        .header("accept", "text/event-stream")
        .bearer_auth(&doctor.token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(
        stream.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    let mut chunks = stream.bytes_stream();
    // Asked for as JSON, it is refused at once rather than left open.
    let plain = other.get_as("/api/v1/me/events", &doctor.token).await;
    assert_eq!(plain.status(), StatusCode::NOT_ACCEPTABLE);
    // The stream is open (its first chunk) before the message is sent.
    let opening = chunks.next().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&opening).contains(": open"));
    let sent = Instant::now();
    write(&clinic, patient, &first.thread, "Are you there?").await;
    let wanted = format!(
        "event: thread\ndata: {{\"thread\":\"{}\"}}",
        first.thread.id
    );
    let mut seen = String::new();
    let arrived = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(chunk) = chunks.next().await {
            seen.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
            if seen.contains(&wanted) {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(arrived, Ok(true), "within 5 s: {seen:?}");
    assert!(sent.elapsed() < Duration::from_secs(5));

    // Nobody else's stream hears of it.
    let stranger = crate::clinic::register_patient(&clinic.app, "stranger@example.org").await;
    let theirs = other
        .client
        .get(other.url("/api/v1/me/events"))
        .header("accept", "text/event-stream")
        .bearer_auth(&stranger.token)
        .send()
        .await
        .unwrap();
    let mut theirs = theirs.bytes_stream();
    theirs.next().await.unwrap().unwrap();
    write(&clinic, patient, &first.thread, "Hello again").await;
    let heard = tokio::time::timeout(Duration::from_secs(3), theirs.next()).await;
    assert!(heard.is_err(), "a stranger heard {heard:?}");
}
