//! Exponential backoff with full jitter, for the retries the SDK does not make itself.

use std::time::Duration;

const BASE_MS: u64 = 100;
const CAP_MS: u64 = 10_000;

/// The wait before retry number `attempt` (1-based): a random time up to
/// min(cap, base * 2^attempt), so many clients retrying at once spread out.
pub fn delay(attempt: u32) -> Duration {
    let ceiling = BASE_MS.saturating_mul(1u64 << attempt.min(16)).min(CAP_MS);
    Duration::from_millis(jitter(ceiling))
}

fn jitter(ceiling: u64) -> u64 {
    // Randomness from the clock is enough to spread retries; no crypto needed.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::from(d.subsec_nanos()))
        .unwrap_or(0);
    ceiling / 2 + nanos % (ceiling / 2 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_is_capped() {
        for attempt in 1..30 {
            let d = delay(attempt).as_millis() as u64;
            let ceiling = (BASE_MS << attempt.min(16)).min(CAP_MS);
            assert!(
                d >= ceiling / 2 && d <= ceiling,
                "attempt {attempt}: {d} ms"
            );
        }
    }
}
