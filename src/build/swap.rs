//! Full rebuilds are built in a staging folder beside the index and swapped in at the end, so
//! searches never see a half-built index and a failed rebuild leaves the old one serving.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The staging folder for a full rebuild of `dir`: a hidden sibling, on the same filesystem.
pub fn staging_dir(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.newsidx-rebuild"))
}

/// Copies the user's hidden files (such as `.gitignore`) from the old index folder to the new,
/// leaving tantivy's and newsidx's own bookkeeping files behind.
pub fn carry_dotfiles(from: &Path, to: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(from) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours =
            name.starts_with(".tantivy") || name == ".managed.json" || name.starts_with(".newsidx");
        if name.starts_with('.') && !ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            fs::copy(entry.path(), to.join(&*name))
                .map_err(|e| Error::io(format!("copying {}", entry.path().display()), e))?;
        }
    }
    Ok(())
}

/// Puts `staging` in the place of `dir` and deletes the old index.
pub fn swap_in(staging: &Path, dir: &Path) -> Result<()> {
    let io = |what: &str, e| Error::io(format!("{what} {}", dir.display()), e);
    if !dir.exists() {
        return fs::rename(staging, dir).map_err(|e| io("moving the new index to", e));
    }
    exchange(staging, dir).map_err(|e| io("swapping in the new index at", e))?;
    // `staging` now holds the old index.
    fs::remove_dir_all(staging).map_err(|e| io("removing the old index beside", e))
}

/// Atomically exchanges two folders (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Filesystems without RENAME_EXCHANGE: two renames, with a brief gap.
        Err(rustix::io::Errno::INVAL) | Err(rustix::io::Errno::NOSYS) => two_renames(a, b),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    two_renames(a, b)
}

fn two_renames(a: &Path, b: &Path) -> std::io::Result<()> {
    let aside = a.with_extension("old");
    fs::rename(b, &aside)?;
    fs::rename(a, b)?;
    fs::rename(&aside, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_is_a_hidden_sibling() {
        assert_eq!(
            staging_dir(Path::new("/srv/idx")),
            PathBuf::from("/srv/.idx.newsidx-rebuild")
        );
        assert_eq!(
            staging_dir(Path::new("index")),
            PathBuf::from(".index.newsidx-rebuild")
        );
    }

    #[test]
    fn swap_replaces_contents_and_carries_dotfiles() {
        let root = tempfile::tempdir().expect("tempdir");
        let dir = root.path().join("idx");
        let staging = staging_dir(&dir);
        fs::create_dir_all(&dir).expect("mkdir");
        fs::create_dir_all(&staging).expect("mkdir");
        fs::write(dir.join("old.bin"), "old").expect("write");
        fs::write(dir.join(".gitignore"), "*\n").expect("write");
        fs::write(dir.join(".tantivy-writer.lock"), "").expect("write");
        fs::write(staging.join("new.bin"), "new").expect("write");
        carry_dotfiles(&dir, &staging).expect("carry");
        swap_in(&staging, &dir).expect("swap");
        assert!(dir.join("new.bin").exists());
        assert!(dir.join(".gitignore").exists());
        assert!(!dir.join("old.bin").exists());
        assert!(!dir.join(".tantivy-writer.lock").exists());
        assert!(!staging.exists());
    }
}
