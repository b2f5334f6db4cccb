//! The one gate every transfer request passes: a bound on requests in flight, a request-rate
//! limit (Spaces allows 800 ops/s per bucket, older buckets 500), and a deadline per request
//! that covers the SDK's own retries, so a stalled or throttled transfer ends with a clear
//! failure instead of hanging.
//!
//! The rate limit is DigitalOcean's: it holds back requests to Spaces only, unless asked to
//! hold back every server. Other S3 servers publish no such limit (AWS allows 5,500 GETs a
//! second per prefix), and throttling them to Spaces' rate would only make them slow.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use crate::error::{Error, Result};

/// The scheduler's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Requests moving at once, across every transfer.
    pub requests_in_flight: usize,
    /// Requests started per second; 0 turns the limit off.
    pub requests_per_second: u32,
    /// Whether the rate limit also holds back servers other than DigitalOcean Spaces.
    pub limit_every_server: bool,
    /// Time allowed for one request whatever its size, retries included.
    pub deadline_base: Duration,
    /// Extra time per byte, so a big part on a slow link is not cut off: the slowest rate
    /// (bytes per second) a request may move at before it counts as stalled.
    pub slowest_rate: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            requests_in_flight: 16,
            requests_per_second: 700,
            limit_every_server: false,
            deadline_base: Duration::from_secs(120),
            slowest_rate: 32 * 1024,
        }
    }
}

/// Whose limits a request is under: Spaces' published rate limit, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Spaces,
    OtherServer,
}

pub struct Scheduler {
    limits: Mutex<Limits>,
    /// Shared with the tasks that take away slots when the bound is lowered.
    slots: Arc<Semaphore>,
    /// When the next request may start (a GCRA rate limiter: no background task).
    next_start: Mutex<Instant>,
}

/// How far ahead of the steady rate a burst may run.
const BURST: Duration = Duration::from_millis(100);

impl Scheduler {
    pub fn new(limits: Limits) -> Self {
        Scheduler {
            limits: Mutex::new(limits),
            slots: Arc::new(Semaphore::new(limits.requests_in_flight.max(1))),
            // A full burst is allowed from the start.
            next_start: Mutex::new(
                Instant::now()
                    .checked_sub(BURST)
                    .unwrap_or_else(Instant::now),
            ),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits.lock().map(|l| *l).unwrap_or_default()
    }

    /// Change the limits while transfers run. A lower bound takes effect as requests in
    /// flight finish (their slots are then retired); a higher one at once.
    pub fn set_limits(&self, new: Limits) {
        let Ok(mut limits) = self.limits.lock() else {
            return;
        };
        let (old_n, new_n) = (
            limits.requests_in_flight.max(1),
            new.requests_in_flight.max(1),
        );
        *limits = new;
        if new_n > old_n {
            self.slots.add_permits(new_n - old_n);
        } else if new_n < old_n {
            let slots = Arc::clone(&self.slots);
            let retire = u32::try_from(old_n - new_n).unwrap_or(u32::MAX);
            tokio::spawn(async move {
                if let Ok(permits) = slots.acquire_many(retire).await {
                    permits.forget();
                }
            });
        }
    }

    /// The time one request moving `bytes` may take.
    pub fn deadline_for(&self, bytes: u64) -> Duration {
        let limits = self.limits();
        let per_byte = bytes / limits.slowest_rate.max(1);
        limits.deadline_base + Duration::from_secs(per_byte)
    }

    /// Run one request (`what` names it for the error) once a slot and the rate allow,
    /// within its deadline.
    pub async fn run<T>(
        &self,
        lane: Lane,
        what: &str,
        bytes: u64,
        request: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let _slot = self.admit(lane).await?;
        let deadline = self.deadline_for(bytes);
        match tokio::time::timeout(deadline, request).await {
            Ok(result) => result,
            Err(_) => Err(Error::Network(format!(
                "The server did not finish {what} within {} seconds, retries included. Check your network and try again.",
                deadline.as_secs()
            ))),
        }
    }

    async fn admit(&self, lane: Lane) -> Result<SemaphorePermit<'_>> {
        let slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| Error::Internal("The transfer scheduler stopped.".into()))?;
        if let Some(at) = self.start_time(lane) {
            tokio::time::sleep_until(at).await;
        }
        Ok(slot)
    }

    /// When this request may start, reserving that instant for it.
    fn start_time(&self, lane: Lane) -> Option<Instant> {
        let limits = self.limits();
        let rate = limits.requests_per_second;
        if rate == 0 || (lane == Lane::OtherServer && !limits.limit_every_server) {
            return None;
        }
        let interval = Duration::from_secs(1) / rate;
        let now = Instant::now();
        let mut next = self.next_start.lock().ok()?;
        let earliest = now.checked_sub(BURST).unwrap_or(now);
        let at = (*next).max(earliest);
        *next = at + interval;
        (at > now).then_some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    fn limits(requests_in_flight: usize, requests_per_second: u32) -> Limits {
        Limits {
            requests_in_flight,
            requests_per_second,
            limit_every_server: false,
            deadline_base: Duration::from_secs(5),
            slowest_rate: 1024,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn requests_in_flight_are_bounded() {
        let sched = Arc::new(Scheduler::new(limits(3, 0)));
        let now = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let (sched, now, peak) = (sched.clone(), now.clone(), peak.clone());
                tokio::spawn(async move {
                    sched
                        .run(Lane::Spaces, "a test request", 0, async {
                            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                            peak.fetch_max(n, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            now.fetch_sub(1, Ordering::SeqCst);
                            Ok(())
                        })
                        .await
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("join").expect("request");
        }
        assert_eq!(peak.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn the_rate_is_limited_after_a_short_burst() {
        let sched = Scheduler::new(limits(1000, 100));
        let start = Instant::now();
        for _ in 0..111 {
            sched
                .run(Lane::Spaces, "a test request", 0, async { Ok(()) })
                .await
                .expect("run");
        }
        // 100 per second with a 100 ms burst (10 requests): 111 requests need ~1 s.
        let took = start.elapsed();
        assert!(
            took >= Duration::from_millis(990) && took < Duration::from_millis(1100),
            "{took:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn only_spaces_are_rate_limited_unless_every_server_is() {
        async fn time_111(sched: &Scheduler, lane: Lane) -> Duration {
            let start = Instant::now();
            for _ in 0..111 {
                sched
                    .run(lane, "a test request", 0, async { Ok(()) })
                    .await
                    .expect("run");
            }
            start.elapsed()
        }
        let sched = Scheduler::new(limits(1000, 100));
        assert!(time_111(&sched, Lane::OtherServer).await < Duration::from_millis(10));
        assert!(time_111(&sched, Lane::Spaces).await >= Duration::from_millis(990));
        sched.set_limits(Limits {
            limit_every_server: true,
            ..limits(1000, 100)
        });
        assert!(time_111(&sched, Lane::OtherServer).await >= Duration::from_millis(990));
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_past_its_deadline_fails_clearly() {
        let sched = Scheduler::new(limits(1, 0));
        let err = sched
            .run(Lane::Spaces, "uploading part 3", 2048, async {
                tokio::time::sleep(Duration::from_secs(60)).await;
                Ok(())
            })
            .await
            .expect_err("deadline");
        assert_eq!(err.kind(), crate::error::ErrorKind::Network);
        // 5 s plus 2 s for 2 KiB at the slowest rate of 1 KiB/s.
        assert!(err.to_string().contains("within 7 seconds"), "{err}");
    }

    #[tokio::test(start_paused = true)]
    async fn the_bound_can_be_raised_and_lowered_while_requests_run() {
        let sched = Arc::new(Scheduler::new(limits(2, 0)));
        let peak_with = |n: usize| {
            let sched = Arc::clone(&sched);
            async move {
                let now = Arc::new(AtomicUsize::new(0));
                let peak = Arc::new(AtomicUsize::new(0));
                let tasks: Vec<_> = (0..n * 4)
                    .map(|_| {
                        let (sched, now, peak) = (sched.clone(), now.clone(), peak.clone());
                        tokio::spawn(async move {
                            sched
                                .run(Lane::Spaces, "a test request", 0, async {
                                    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                                    peak.fetch_max(n, Ordering::SeqCst);
                                    tokio::time::sleep(Duration::from_millis(10)).await;
                                    now.fetch_sub(1, Ordering::SeqCst);
                                    Ok(())
                                })
                                .await
                        })
                    })
                    .collect();
                for t in tasks {
                    t.await.expect("join").expect("request");
                }
                peak.load(Ordering::SeqCst)
            }
        };
        assert_eq!(peak_with(2).await, 2);
        sched.set_limits(limits(6, 0));
        assert_eq!(peak_with(6).await, 6);
        sched.set_limits(limits(3, 0));
        tokio::task::yield_now().await;
        assert_eq!(peak_with(6).await, 3);
        assert_eq!(sched.limits().requests_in_flight, 3);
    }
}
