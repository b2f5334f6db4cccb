//! Small downloads reach their final name only once their bytes are on disk, but one fsync
//! per file made the disk, not the network, the limit for thousands of small files (each
//! fdatasync is its own data write, inode write and device flush). So they are saved in
//! groups: one thread writes every file that arrived while it last synced, makes the whole
//! group durable at once, then renames each into place. A group is as large as the files
//! that came in during one sync, so a lone file waits for nothing.

use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use tokio::sync::oneshot;

use super::download::{local_write_error, TempFile};
use crate::error::{Error, Result};

/// One file to save: its final path and its whole content.
struct Job {
    target: PathBuf,
    bytes: Vec<u8>,
    done: oneshot::Sender<Result<u64>>,
}

struct Queue {
    jobs: Vec<Job>,
    /// A thread is draining the queue; new jobs join its next group.
    draining: bool,
}

static QUEUE: Mutex<Queue> = Mutex::new(Queue {
    jobs: Vec::new(),
    draining: false,
});

/// Writes `bytes` to `target` through a temporary file beside it, renamed into place only
/// after the content is durable. Returns the size written.
pub async fn save(target: PathBuf, bytes: Vec<u8>) -> Result<u64> {
    let (done, outcome) = oneshot::channel();
    let start = {
        let mut q = QUEUE.lock().unwrap_or_else(PoisonError::into_inner);
        q.jobs.push(Job {
            target,
            bytes,
            done,
        });
        !std::mem::replace(&mut q.draining, true)
    };
    if start {
        tokio::task::spawn_blocking(drain);
    }
    outcome
        .await
        .map_err(|_| Error::Internal("The file writer stopped.".into()))?
}

fn drain() {
    let _reset = ResetOnPanic;
    loop {
        let jobs = {
            let mut q = QUEUE.lock().unwrap_or_else(PoisonError::into_inner);
            if q.jobs.is_empty() {
                q.draining = false;
                return;
            }
            std::mem::take(&mut q.jobs)
        };
        save_group(jobs);
    }
}

/// Should a group panic, the next save starts a new drainer instead of waiting forever on
/// one that is gone (its own jobs hear "The file writer stopped").
struct ResetOnPanic;

impl Drop for ResetOnPanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            QUEUE
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .draining = false;
        }
    }
}

/// Write every file, make them durable together, rename each; every job hears its outcome.
fn save_group(jobs: Vec<Job>) {
    let mut written = Vec::with_capacity(jobs.len());
    for job in jobs {
        match write_temp(&job) {
            Ok(temp) => written.push((job, temp)),
            Err(e) => {
                let _ = job.done.send(Err(e));
            }
        }
    }
    let files: Vec<&File> = written.iter().map(|(_, t)| &*t.file).collect();
    if let Err(e) = make_durable(&files) {
        for (job, _temp) in written {
            let _ = job.done.send(Err(local_write_error(&e, &job.target)));
        }
        return;
    }
    for (job, temp) in written {
        let _ = job.done.send(temp.persist(&job.target));
    }
}

fn write_temp(job: &Job) -> Result<TempFile> {
    let temp = TempFile::create(&job.target, 0)?;
    (&*temp.file)
        .write_all(&job.bytes)
        .map_err(|e| local_write_error(&e, &job.target))?;
    Ok(temp)
}

/// On Linux one syncfs per filesystem the group touches: it writes the group's data and
/// inodes in one pass and flushes the device once. It also writes whatever else is waiting
/// on that disk (a large download, another program's files), so a group can wait behind
/// them; that data had to reach the disk anyway. Elsewhere each file on its own.
#[cfg(target_os = "linux")]
fn make_durable(files: &[&File]) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mut synced = Vec::new();
    for file in files {
        let dev = file.metadata()?.dev();
        if synced.contains(&dev) {
            continue;
        }
        rustix::fs::syncfs(file)?;
        synced.push(dev);
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn make_durable(files: &[&File]) -> io::Result<()> {
    files.iter().try_for_each(|f| f.sync_data())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn files_saved_together_each_land_whole_under_their_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let saves = (0..50).map(|i| {
            let target = dir.path().join(format!("sub/f{i}"));
            tokio::spawn(save(target, vec![i as u8; 1000 + i]))
        });
        for (i, handle) in saves.enumerate() {
            let size = handle.await.expect("join").expect("save");
            assert_eq!(size, 1000 + i as u64);
            let bytes = std::fs::read(dir.path().join(format!("sub/f{i}"))).expect("read");
            assert_eq!(bytes, vec![i as u8; 1000 + i]);
        }
        let names = std::fs::read_dir(dir.path().join("sub"))
            .expect("ls")
            .count();
        assert_eq!(names, 50, "no temporary file is left beside the saved ones");
    }

    #[tokio::test]
    async fn a_file_that_cannot_be_written_fails_alone_and_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A plain file where the folder should be: creating the temp file under it fails.
        std::fs::write(dir.path().join("blocked"), b"x").expect("write");
        let bad = save(dir.path().join("blocked/f"), vec![1; 10]);
        let good = save(dir.path().join("ok"), vec![2; 10]);
        let (bad, good) = tokio::join!(bad, good);
        let err = bad.expect_err("cannot write under a file");
        assert!(err.to_string().contains("blocked"), "{err}");
        assert_eq!(good.expect("the other file"), 10);
        assert_eq!(
            std::fs::read(dir.path().join("ok")).expect("read"),
            vec![2; 10]
        );
        assert_eq!(
            std::fs::read(dir.path().join("blocked")).expect("read"),
            b"x"
        );
    }
}
