//! How a transfer is cut into parts: the pure arithmetic, kept apart so it is easy to test.

/// Objects above this go up in parts.
pub const MULTIPART_THRESHOLD: u64 = 16 * MIB;
/// Smallest part we make by default.
pub const MIN_PART_SIZE: u64 = 8 * MIB;
/// S3's minimum for every part but the last: no preference goes below it.
pub const S3_MIN_PART_SIZE: u64 = 5 * MIB;
/// S3 allows at most 10,000 parts per upload.
pub const MAX_PARTS: u64 = 10_000;
/// Spaces allows 10 concurrent PUTs per object: stay below.
pub const MAX_PARTS_IN_FLIGHT: usize = 8;
/// A single PUT may carry at most 5 GB.
pub const MAX_SINGLE_PUT: u64 = 5 * 1000 * 1000 * 1000;

pub const MIB: u64 = 1024 * 1024;

/// max(8 MiB, ceil(size / 10,000)), rounded up to a whole MiB.
pub fn part_size(size: u64) -> u64 {
    part_size_at_least(size, 0)
}

/// The part size when the user asks for parts of at least `at_least` bytes (0: the default
/// 8 MiB). A preference is only a minimum: never under S3's 5 MiB, and never so small that
/// the object would need more than 10,000 parts. Rounded up to a whole MiB.
pub fn part_size_at_least(size: u64, at_least: u64) -> u64 {
    let floor = if at_least == 0 {
        MIN_PART_SIZE
    } else {
        at_least.max(S3_MIN_PART_SIZE)
    };
    size.div_ceil(MAX_PARTS).max(floor).div_ceil(MIB) * MIB
}

/// Whether an object of `size` bytes goes up as a multipart upload.
pub fn is_multipart(size: u64, threshold: u64) -> bool {
    size > threshold.min(MAX_SINGLE_PUT)
}

/// A byte range of the source: part `number` (1-based) covers `offset..offset + len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub number: i32,
    pub offset: u64,
    pub len: u64,
}

/// The parts of an object of `size` bytes cut into `part_size` pieces.
pub fn parts(size: u64, part_size: u64) -> Vec<Part> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut number = 1;
    while offset < size {
        let len = part_size.min(size - offset);
        out.push(Part {
            number,
            offset,
            len,
        });
        offset += len;
        number += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_sizes() {
        assert_eq!(part_size(0), 8 * MIB);
        assert_eq!(part_size(100 * MIB), 8 * MIB);
        // 6 GiB still fits 8 MiB parts (768 of them).
        assert_eq!(part_size(6 * 1024 * MIB), 8 * MIB);
        // 1 TB needs bigger parts to stay under 10,000.
        let tb = 1_000_000_000_000;
        let size = part_size(tb);
        assert!(size > 8 * MIB && size.is_multiple_of(MIB));
        assert!(tb.div_ceil(size) <= MAX_PARTS);
        // 5 TB, the largest object, still fits.
        let max = 5 * tb;
        assert!(max.div_ceil(part_size(max)) <= MAX_PARTS);
    }

    #[test]
    fn a_part_size_preference_is_a_minimum() {
        assert_eq!(part_size_at_least(100 * MIB, 0), 8 * MIB);
        assert_eq!(part_size_at_least(100 * MIB, 32 * MIB), 32 * MIB);
        // Below S3's minimum: 5 MiB.
        assert_eq!(part_size_at_least(100 * MIB, MIB), 5 * MIB);
        // Not a whole MiB: rounded up.
        assert_eq!(part_size_at_least(100 * MIB, 6 * MIB + 1), 7 * MIB);
        // 1 TB in 5 MiB parts would be 190,735 parts: the 10,000 limit wins.
        let tb = 1_000_000_000_000;
        let size = part_size_at_least(tb, 5 * MIB);
        assert_eq!(size, part_size(tb));
        assert!(tb.div_ceil(size) <= MAX_PARTS);
    }

    #[test]
    fn parts_cover_the_object_exactly() {
        let size = 20 * MIB + 3;
        let ps = parts(size, 8 * MIB);
        assert_eq!(ps.len(), 3);
        assert_eq!(
            ps[0],
            Part {
                number: 1,
                offset: 0,
                len: 8 * MIB
            }
        );
        assert_eq!(
            ps[2],
            Part {
                number: 3,
                offset: 16 * MIB,
                len: 4 * MIB + 3
            }
        );
        assert_eq!(ps.iter().map(|p| p.len).sum::<u64>(), size);
        assert!(parts(0, 8 * MIB).is_empty());
    }

    #[test]
    fn threshold() {
        assert!(!is_multipart(16 * MIB, MULTIPART_THRESHOLD));
        assert!(is_multipart(16 * MIB + 1, MULTIPART_THRESHOLD));
        // Above 5 GB a single PUT is impossible whatever the setting says.
        assert!(is_multipart(6 * 1024 * MIB, u64::MAX));
    }
}
