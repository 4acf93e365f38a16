//! One build at a time per index: an advisory lock on `DIR/.newsidx.lock`.
//!
//! The lock is an `flock`, so the kernel releases it when a build dies, even by SIGKILL; the
//! file itself stays and must not be deleted by scripts.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Name of the lock file inside the index folder.
pub const LOCK_FILE: &str = ".newsidx.lock";

/// Held for the length of a build; released on drop.
#[derive(Debug)]
pub struct BuildLock {
    _file: File,
}

impl BuildLock {
    /// Takes the lock of the index at `dir` (creating the folder if needed). Without `wait`,
    /// fails at once with [`Error::Locked`] when another build holds it.
    pub fn acquire(dir: &Path, wait: bool) -> Result<Self> {
        fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        let path = dir.join(LOCK_FILE);
        loop {
            let file = open(&path)?;
            if wait {
                file.lock()
                    .map_err(|e| Error::io(format!("locking {}", path.display()), e))?;
            } else {
                match file.try_lock() {
                    Ok(()) => {}
                    Err(TryLockError::WouldBlock) => return Err(Error::Locked(dir.to_path_buf())),
                    Err(TryLockError::Error(e)) => {
                        return Err(Error::io(format!("locking {}", path.display()), e))
                    }
                }
            }
            // A full rebuild may have swapped the folder while we waited: lock the new one.
            if same_file(&file, &path) {
                return Ok(BuildLock { _file: file });
            }
        }
    }
}

fn open(path: &PathBuf) -> Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(format!("opening {}", path.display()), e))
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_fails_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = BuildLock::acquire(dir.path(), false).expect("first lock");
        let err = BuildLock::acquire(dir.path(), false).expect_err("held");
        assert!(matches!(err, Error::Locked(_)));
        drop(first);
        BuildLock::acquire(dir.path(), false).expect("free again");
    }
}
