//! The vault's files in a directory (the default): each object a file named
//! by its SHA-256 under a two-character fan-out, written by renaming a
//! finished upload from the spool directory beside it, so that a crash
//! never leaves half a file under an object's name.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;

use crate::domain::ports::{ObjectError, ObjectReader, ObjectStore, Served};

/// How long an upload may sit unwritten in the spool before it counts as
/// abandoned (a crashed or killed process).
const ABANDONED: Duration = Duration::from_secs(600);

/// A directory of objects.
#[derive(Debug, Clone)]
pub struct DiskObjects {
    root: PathBuf,
    spool: PathBuf,
}

fn unavailable(error: &std::io::Error) -> ObjectError {
    ObjectError::Unavailable(format!("disk: {:?}", error.kind()))
}

/// An object's name is 64 lower-case hex digits: nothing else reaches a path.
fn checked(name: &str) -> Result<&str, ObjectError> {
    let hex = name.len() == 64
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if hex {
        Ok(name)
    } else {
        Err(ObjectError::Unavailable("not an object name".into()))
    }
}

impl DiskObjects {
    /// Objects under `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let spool = root.join("spool");
        Self { root, spool }
    }

    fn path(&self, name: &str) -> Result<PathBuf, ObjectError> {
        let name = checked(name)?;
        let (fan, _) = name.split_at(2);
        Ok(self.root.join(fan).join(name))
    }

    /// Removes uploads abandoned in the spool (by a process that stopped
    /// in the middle of one); returns how many.
    pub fn sweep_spool(&self) -> std::io::Result<usize> {
        let entries = match std::fs::read_dir(&self.spool) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(error) => return Err(error),
        };
        let now = SystemTime::now();
        let mut removed = 0;
        for entry in entries.flatten() {
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|at| now.duration_since(at).unwrap_or_default() > ABANDONED);
            if stale && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }
}

#[async_trait]
impl ObjectStore for DiskObjects {
    fn kind(&self) -> &'static str {
        "disk"
    }

    fn spool_dir(&self) -> &Path {
        &self.spool
    }

    async fn put(&self, name: &str, file: &Path, _content_type: &str) -> Result<(), ObjectError> {
        let target = self.path(name)?;
        if tokio::fs::try_exists(&target).await.unwrap_or(false) {
            // The same content is already stored.
            let _ = tokio::fs::remove_file(file).await;
            return Ok(());
        }
        if let Some(dir) = target.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| unavailable(&e))?;
        }
        tokio::fs::rename(file, &target)
            .await
            .map_err(|e| unavailable(&e))?;
        // The rename itself survives a power loss once the directory is synced.
        if let Some(dir) = target.parent() {
            if let Ok(dir) = tokio::fs::File::open(dir).await {
                let _ = dir.sync_all().await;
            }
        }
        Ok(())
    }

    async fn open(&self, name: &str) -> Result<ObjectReader, ObjectError> {
        match tokio::fs::File::open(self.path(name)?).await {
            Ok(file) => Ok(Box::pin(file)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(ObjectError::Missing),
            Err(error) => Err(unavailable(&error)),
        }
    }

    async fn delete(&self, name: &str) -> Result<(), ObjectError> {
        match tokio::fs::remove_file(self.path(name)?).await {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(unavailable(&error)),
        }
    }

    async fn link(
        &self,
        _name: &str,
        _served: Served<'_>,
        _ttl: Duration,
    ) -> Result<Option<String>, ObjectError> {
        Ok(None)
    }
}
