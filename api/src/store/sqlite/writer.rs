//! The single writer, with group commit.
//!
//! Every write is a job on one queue served by one thread that owns the
//! writing connection. The thread takes every job waiting (up to
//! [`MAX_BATCH`]) and runs them in one `BEGIN IMMEDIATE` transaction, each in
//! a savepoint of its own: a job whose condition fails rolls back only its own
//! writes and answers only its own caller. Callers are answered after the
//! commit, never before, so an acknowledged write is committed. There is no
//! deliberate wait: a batch is whatever queued while the last one committed,
//! so a lone write commits at once and a burst shares one commit.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::super::StoreError;
use super::map_err;

/// The most writes committed together.
pub const MAX_BATCH: usize = 256;

/// A write waiting for the writer thread.
trait Job: Send {
    /// Runs the write in a savepoint of the open transaction; an error is the
    /// savepoint's own failure, which ends the whole batch.
    fn run(&mut self, conn: &Connection) -> Result<(), StoreError>;
    /// Answers the caller once the batch's fate is known.
    fn answer(self: Box<Self>, batch: Result<(), StoreError>);
}

struct Write<T, F> {
    work: Option<F>,
    outcome: Option<Result<T, StoreError>>,
    reply: oneshot::Sender<Result<T, StoreError>>,
}

impl<T, F> Job for Write<T, F>
where
    T: Send,
    F: FnOnce(&Connection) -> Result<T, StoreError> + Send,
{
    fn run(&mut self, conn: &Connection) -> Result<(), StoreError> {
        let Some(work) = self.work.take() else {
            return Ok(());
        };
        run_sql(conn, "SAVEPOINT job")?;
        let outcome = catch_unwind(AssertUnwindSafe(|| work(conn)))
            .unwrap_or_else(|_| Err(StoreError::backend("a write panicked")));
        if outcome.is_err() {
            run_sql(conn, "ROLLBACK TO job")?;
        }
        run_sql(conn, "RELEASE job")?;
        self.outcome = Some(outcome);
        Ok(())
    }

    fn answer(self: Box<Self>, batch: Result<(), StoreError>) {
        let result = match (batch, self.outcome) {
            (Err(error), _) => Err(error),
            (Ok(()), Some(outcome)) => outcome,
            (Ok(()), None) => Err(StoreError::backend("the write was not run")),
        };
        // A caller that stopped waiting no longer needs the answer.
        let _ = self.reply.send(result);
    }
}

/// Runs one statement, prepared once per connection.
fn run_sql(conn: &Connection, sql: &str) -> Result<(), StoreError> {
    conn.prepare_cached(sql)
        .and_then(|mut statement| statement.execute([]))
        .map(drop)
        .map_err(map_err)
}

/// The queue to the writer thread; the thread ends when every handle is gone.
pub struct Writer {
    jobs: Sender<Box<dyn Job>>,
}

impl Writer {
    /// Starts the writer thread on `conn`.
    pub fn start(conn: Connection) -> Result<Self, StoreError> {
        let (jobs, queue) = mpsc::channel();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || serve(&conn, &queue))
            .map_err(StoreError::backend)?;
        Ok(Self { jobs })
    }

    /// Runs `work` in the next batch; its answer once that batch committed.
    pub async fn write<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Write {
            work: Some(work),
            outcome: None,
            reply,
        });
        self.jobs
            .send(job)
            .map_err(|_| StoreError::backend("the SQLite writer has stopped"))?;
        answer
            .await
            .map_err(|_| StoreError::backend("the SQLite writer has stopped"))?
    }
}

fn serve(conn: &Connection, queue: &Receiver<Box<dyn Job>>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let outcome = commit(conn, &mut batch);
        for job in batch {
            job.answer(outcome.clone());
        }
    }
}

/// Runs the batch in one transaction; on any failure of the transaction
/// itself nothing of it is kept and every job gets the error.
fn commit(conn: &Connection, batch: &mut [Box<dyn Job>]) -> Result<(), StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE").map_err(map_err)?;
    let ran = batch.iter_mut().try_for_each(|job| job.run(conn));
    let committed = ran.and_then(|()| conn.execute_batch("COMMIT").map_err(map_err));
    if committed.is_err() && !conn.is_autocommit() {
        if let Err(error) = conn.execute_batch("ROLLBACK") {
            tracing::error!(%error, "SQLite rollback failed");
        }
    }
    committed
}
