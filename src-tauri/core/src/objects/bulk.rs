//! One request (or a few) per key, many keys at once: the scheduler bounds what is in
//! flight and the request rate; here we only keep enough futures queued to feed it.

use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use tokio_util::sync::CancellationToken;

use super::selection::{all_keys, expand};
use super::{Ctx, KeyFailure, KeyInfo, OnProgress, OpPhase, OpProgress, OpReport};
use crate::error::Result;

/// Futures queued for the scheduler; above its largest in-flight bound.
const QUEUED: usize = 64;
const REPORT_EVERY: Duration = Duration::from_millis(150);

/// What one key's step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Skipped,
}

/// Expand the selection (folders to every key under them; with `files_only`, without
/// folder markers) and run `step` on each key.
#[allow(clippy::too_many_arguments)]
pub async fn each_selected_key<F, Fut>(
    ctx: Ctx<'_>,
    bucket: &str,
    items: &[String],
    files_only: bool,
    phase: OpPhase,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
    step: F,
) -> Result<OpReport>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<Outcome>>,
{
    let expanded = expand(ctx.s3, bucket, items, cancel, on_progress).await?;
    let keys = all_keys(&expanded)
        .into_iter()
        .filter(|k| !(files_only && k.key.ends_with('/')))
        .collect();
    let (report, _) = run_each(
        keys,
        phase,
        cancel,
        on_progress,
        |k: &KeyInfo| k.key.clone(),
        |k| step(k.key.clone()),
    )
    .await;
    Ok(report)
}

/// Run `step` for every item; a failing item is recorded and the rest go on. Stops
/// starting new items when `cancel` fires. `key_of` names an item in the report.
pub async fn run_each<T, F, Fut>(
    items: Vec<T>,
    phase: OpPhase,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
    key_of: impl Fn(&T) -> String,
    step: F,
) -> (OpReport, Vec<T>)
where
    F: Fn(&T) -> Fut,
    Fut: Future<Output = Result<Outcome>>,
{
    let total = items.len() as u64;
    let throttle = Throttle::new(on_progress);
    let mut report = OpReport::default();
    let mut succeeded = Vec::new();
    let step = &step;
    let mut results = stream::iter(items)
        .take_while(|_| futures::future::ready(!cancel.is_cancelled()))
        .map(|item| async move {
            let result = step(&item).await;
            (item, result)
        })
        .buffer_unordered(QUEUED);
    while let Some((item, result)) = results.next().await {
        match result {
            Ok(Outcome::Done) => {
                report.done += 1;
                succeeded.push(item);
            }
            Ok(Outcome::Skipped) => report.skipped += 1,
            Err(e) => report.failed.push(KeyFailure {
                key: key_of(&item),
                message: e.to_string(),
            }),
        }
        throttle.report(progress(phase, &report, total), false);
    }
    report.cancelled = cancel.is_cancelled()
        && report.done + report.skipped + (report.failed.len() as u64) < total;
    throttle.report(progress(phase, &report, total), true);
    (report, succeeded)
}

fn progress(phase: OpPhase, report: &OpReport, total: u64) -> OpProgress {
    OpProgress {
        phase,
        done: report.done + report.skipped,
        total,
        failed: report.failed.len() as u64,
    }
}

/// Progress at most every 150 ms, and always the last.
pub struct Throttle<'a> {
    on_progress: OnProgress<'a>,
    last: Mutex<Option<Instant>>,
}

impl<'a> Throttle<'a> {
    pub fn new(on_progress: OnProgress<'a>) -> Self {
        Throttle {
            on_progress,
            last: Mutex::new(None),
        }
    }

    pub fn report(&self, p: OpProgress, always: bool) {
        let now = Instant::now();
        let due = match self.last.lock() {
            Ok(mut last) => {
                let due = always || last.is_none_or(|t| now.duration_since(t) >= REPORT_EVERY);
                if due {
                    *last = Some(now);
                }
                due
            }
            Err(_) => always,
        };
        if due {
            (self.on_progress)(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[tokio::test]
    async fn failures_are_listed_and_the_rest_go_on() {
        let cancel = CancellationToken::new();
        let last = Mutex::new(OpProgress::default());
        let on = |p: OpProgress| *last.lock().expect("lock") = p;
        let (report, ok) = run_each(
            (0..10).collect(),
            OpPhase::Deleting,
            &cancel,
            &on,
            |i: &i32| format!("k{i}"),
            |i| {
                let i = *i;
                async move {
                    match i {
                        3 => Err(Error::AccessDenied("no".into())),
                        5 => Ok(Outcome::Skipped),
                        _ => Ok(Outcome::Done),
                    }
                }
            },
        )
        .await;
        assert_eq!(report.done, 8);
        assert_eq!(report.skipped, 1);
        assert_eq!(report.failed.len(), 1);
        assert_eq!(report.failed[0].key, "k3");
        assert!(!report.cancelled);
        assert_eq!(ok.len(), 8);
        let p = *last.lock().expect("lock");
        assert_eq!((p.done, p.total, p.failed), (9, 10, 1));
    }

    #[tokio::test]
    async fn cancelling_stops_new_items() {
        let cancel = CancellationToken::new();
        cancel.cancel();
        let (report, _) = run_each(
            vec![1, 2, 3],
            OpPhase::Copying,
            &cancel,
            &super::super::no_progress,
            |i: &i32| i.to_string(),
            |_| async { Ok(Outcome::Done) },
        )
        .await;
        assert_eq!(report.done, 0);
        assert!(report.cancelled);
    }
}
