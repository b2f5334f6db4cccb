//! Link lifetimes as people type them: "1h", "6h", "1d", "3d", "7d", "90m", "2d12h", or
//! plain seconds.

use std::time::Duration;

use crate::error::{Error, Result};

pub fn parse(text: &str) -> Result<Duration> {
    let text = text.trim();
    let bad = || {
        Error::InvalidInput(format!(
            "\"{text}\" is not a duration: use a number with s, m, h or d, such as 1h, 90m, 3d or 2d12h."
        ))
    };
    if text.is_empty() {
        return Err(bad());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total = 0u64;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        let n: u64 = number.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(bad)?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse("1h").expect("ok").as_secs(), 3600);
        assert_eq!(parse("7d").expect("ok").as_secs(), 604_800);
        assert_eq!(parse("2d12h").expect("ok").as_secs(), 216_000);
        assert_eq!(parse("90m").expect("ok").as_secs(), 5400);
        assert_eq!(parse("45").expect("ok").as_secs(), 45);
        for bad in ["", "h", "1x", "1h2", "-1h", "1.5h"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
