//! The one way git-hotfix writes a file, in the work tree (`CHANGELOG.md`), the hooks
//! directory or the git directory (a commit message, the seal key) alike. The work tree holds
//! what other people committed, so a path there can be a symbolic link to anywhere (a hook in
//! `.git/hooks`, a file of the user's home): [`write`] refuses a symbolic link or anything else
//! that is not a regular file at the path, and, in the work tree, a directory on the way that
//! leads out of it. It writes a temporary file created exclusively beside the target and
//! renames it into place, so a reader never sees half a file and a failed write leaves the old
//! one as it was; a file made once and kept private (the seal key) is created with
//! [`create_new`], which never replaces anything. It uses nothing of the crate but `error`.

use std::fs;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path};

use crate::error::{Error, Result};

/// A change to one text file of the work tree that git-hotfix makes itself (a changelog entry,
/// a version set): the path relative to the top, what it held (`None`: a new file) and what
/// it is to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub path: String,
    pub before: Option<String>,
    pub after: String,
}

/// Where a file is written and with which mode.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The work tree the file is in: no directory on the way may lead out of it through a
    /// symbolic link. `None` for a path the user or git named (the git directory, the hooks
    /// directory outside the work tree, `--output FILE`): only the file itself is checked.
    pub work_tree: Option<&'a Path>,
    /// The mode to leave the file with (0o755 for a hook). `None` keeps the mode the file had;
    /// a new file gets 0o666 less the umask, as `git` and `fs::write` create files.
    pub mode: Option<u32>,
}

impl<'a> Options<'a> {
    /// A file of the work tree `top`.
    pub fn in_work_tree(top: &'a Path) -> Options<'a> {
        Options {
            work_tree: Some(top),
            mode: None,
        }
    }

    /// The same options, leaving the file with `mode`.
    pub fn mode(self, mode: u32) -> Options<'a> {
        Options {
            mode: Some(mode),
            ..self
        }
    }
}

/// Refuses a path [`write`] would refuse, before anything is read from it or written; the
/// file's metadata when it exists (a regular file, never followed through a link).
pub fn check(path: &Path, work_tree: Option<&Path>) -> Result<Option<fs::Metadata>> {
    if let Some(top) = work_tree {
        check_inside(path, top)?;
    }
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(
                Error::refused(format!("cannot write {}: {err}", path.display()))
                    .hint("check that its directory is readable"),
            );
        }
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(Some(meta));
    }
    let what = if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    };
    Err(Error::refused(format!(
        "refusing to write {}: it is {what}, and git-hotfix writes only regular files",
        path.display()
    ))
    .hint("replace it with a regular file, or remove it, then run the command again"))
}

/// In the work tree, the directory holding `path` must be inside `top` once symbolic links are
/// resolved: a committed link (`docs -> /home/user`) cannot lead the write elsewhere.
fn check_inside(path: &Path, top: &Path) -> Result<()> {
    let outside = || {
        Error::refused(format!(
            "refusing to write {}: its directory leads out of the work tree {} through a symbolic link",
            path.display(),
            top.display()
        ))
        .hint("replace the symbolic link with a directory, then run the command again")
    };
    let Ok(relative) = path.strip_prefix(top) else {
        return Err(outside());
    };
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(outside());
    }
    let parent = path.parent().unwrap_or(top);
    let (Ok(real_top), Ok(real_parent)) = (fs::canonicalize(top), fs::canonicalize(parent)) else {
        return Err(outside());
    };
    if real_parent.starts_with(&real_top) {
        Ok(())
    } else {
        Err(outside())
    }
}

/// Writes `contents` to `path`: refuses what [`check`] refuses, writes a temporary file created
/// exclusively (`O_EXCL`) in the same directory, gives it the mode (asked for, or the old
/// file's) and renames it over `path`. On any failure nothing is written and the old file is
/// as it was.
pub fn write(path: &Path, contents: &[u8], options: Options) -> Result<()> {
    let existing = check(path, options.work_tree)?;
    let mode = options
        .mode
        .or_else(|| existing.map(|meta| meta.permissions().mode() & 0o7777));
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let failed = |err: std::io::Error| {
        Error::refused(format!("cannot write {}: {err}", path.display())).hint(format!(
            "check that {} is writable, then run the command again",
            dir.display()
        ))
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".git-hotfix-")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
        .map_err(failed)?;
    temp.write_all(contents).map_err(failed)?;
    if let Some(mode) = mode {
        fs::set_permissions(temp.path(), fs::Permissions::from_mode(mode)).map_err(failed)?;
    }
    // `rename` replaces whatever is at `path` now, a link included, and never follows it.
    temp.persist(path).map_err(|err| failed(err.error))?;
    Ok(())
}

/// Creates the directories of the work tree `top` on the way to `dir` that do not exist yet (a
/// fragment directory), refusing to go through anything that is not a directory: a committed
/// symbolic link cannot make a directory appear outside the work tree.
pub fn create_dirs(dir: &Path, top: &Path) -> Result<()> {
    let refused = || {
        Error::refused(format!(
            "refusing to create {}: it must be a directory of the work tree {}, reached without symbolic links",
            dir.display(),
            top.display()
        ))
        .hint("replace what is in the way with a directory, then run the command again")
    };
    let relative = dir.strip_prefix(top).map_err(|_| refused())?;
    let mut at = top.to_path_buf();
    for part in relative.components() {
        let Component::Normal(part) = part else {
            return Err(refused());
        };
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(refused()),
            Err(err) if err.kind() == ErrorKind::NotFound => {
                fs::create_dir(&at).map_err(|err| {
                    Error::refused(format!("cannot create {}: {err}", at.display()))
                        .hint("check that the work tree is writable")
                })?;
            }
            Err(err) => {
                return Err(
                    Error::refused(format!("cannot create {}: {err}", at.display()))
                        .hint("check that the work tree is readable"),
                );
            }
        }
    }
    Ok(())
}

/// Creates `path` with `contents` and `mode` only when nothing is there yet (a key, made once):
/// the file appears whole or not at all, never wider than `mode`. `false` when something was
/// already there, which is left as it was.
pub fn create_new(path: &Path, contents: &[u8], mode: u32) -> Result<bool> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let failed = |err: std::io::Error| {
        Error::refused(format!("cannot create {}: {err}", path.display())).hint(format!(
            "check that {} is writable, then run the command again",
            dir.display()
        ))
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".git-hotfix-")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .map_err(failed)?;
    fs::set_permissions(temp.path(), fs::Permissions::from_mode(mode)).map_err(failed)?;
    temp.write_all(contents).map_err(failed)?;
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(err) if err.error.kind() == ErrorKind::AlreadyExists => Ok(false),
        Err(err) => Err(failed(err.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode_of(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn writes_a_new_file_and_keeps_the_mode_of_an_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("CHANGELOG.md");
        write(&path, b"one\n", Options::in_work_tree(dir.path())).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one\n");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write(&path, b"two\n", Options::in_work_tree(dir.path())).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two\n");
        assert_eq!(mode_of(&path), 0o640);
        write(&path, b"three\n", Options::default().mode(0o755)).unwrap();
        assert_eq!(mode_of(&path), 0o755);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
    }

    #[test]
    fn directories_are_created_inside_the_work_tree_only() {
        let top = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        create_dirs(&top.path().join("changelog.d/sub"), top.path()).unwrap();
        assert!(top.path().join("changelog.d/sub").is_dir());
        std::os::unix::fs::symlink(elsewhere.path(), top.path().join("docs")).unwrap();
        let err = create_dirs(&top.path().join("docs/news"), top.path()).unwrap_err();
        assert!(
            err.message.contains("refusing to create"),
            "{}",
            err.message
        );
        assert!(!elsewhere.path().join("news").exists());
    }

    #[test]
    fn create_new_makes_a_private_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        assert!(create_new(&path, b"first", 0o600).unwrap());
        assert_eq!(mode_of(&path), 0o600);
        assert!(!create_new(&path, b"second", 0o600).unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"first");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        assert!(!create_new(&link, b"x", 0o600).unwrap());
        assert!(!dir.path().join("nowhere").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_symbolic_link_or_a_directory_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("hook");
        fs::write(&target, "#!/bin/sh\n").unwrap();
        let link = dir.path().join("CHANGELOG.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = write(&link, b"payload", Options::in_work_tree(dir.path())).unwrap_err();
        assert!(
            err.message.contains("it is a symbolic link"),
            "{}",
            err.message
        );
        assert_eq!(err.hints.len(), 1);
        assert_eq!(fs::read(&target).unwrap(), b"#!/bin/sh\n");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(write(&dangling, b"x", Options::default()).is_err());
        assert!(!dir.path().join("nowhere").exists());
        fs::create_dir(dir.path().join("sub")).unwrap();
        let err = write(&dir.path().join("sub"), b"x", Options::default()).unwrap_err();
        assert!(err.message.contains("it is a directory"), "{}", err.message);
    }

    #[test]
    fn a_directory_leading_out_of_the_work_tree_is_refused() {
        let top = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), top.path().join("docs")).unwrap();
        let path = top.path().join("docs/notes.md");
        let err = write(&path, b"x", Options::in_work_tree(top.path())).unwrap_err();
        assert!(
            err.message.contains("leads out of the work tree"),
            "{}",
            err.message
        );
        assert!(!elsewhere.path().join("notes.md").exists());
        // A link that stays inside the work tree is fine.
        fs::create_dir(top.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real", top.path().join("alias")).unwrap();
        write(
            &top.path().join("alias/a.md"),
            b"x",
            Options::in_work_tree(top.path()),
        )
        .unwrap();
        assert_eq!(fs::read(top.path().join("real/a.md")).unwrap(), b"x");
        // Outside the work tree, only the file itself is checked.
        write(&path, b"y", Options::default()).unwrap();
        assert_eq!(fs::read(elsewhere.path().join("notes.md")).unwrap(), b"y");
    }
}
