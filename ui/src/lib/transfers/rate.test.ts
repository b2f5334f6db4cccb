import { describe, expect, it } from 'vitest';
import { etaSeconds, RateMeter, SMOOTHING_MS, STALL_MS, WARMUP_MS } from './rate';

describe('RateMeter', () => {
  it('knows no speed from a single report, nor from a first burst', () => {
    const m = new RateMeter();
    m.sample(0, 1000);
    expect(m.rateAt(1000)).toBeNull();
    m.sample(8_000_000, 1010);
    expect(m.rateAt(1010)).toBeNull();
    // The first estimate averages the whole first second.
    m.sample(9_000_000, 1000 + WARMUP_MS);
    expect(m.rateAt(1000 + WARMUP_MS)).toBe(9_000_000);
  });

  it('measures a steady stream exactly', () => {
    const m = new RateMeter();
    // 150 KB every 150 ms = 1 MB/s, like the backend's throttled reports.
    for (let i = 0; i <= 40; i++) m.sample(i * 150_000, i * 150);
    expect(m.rateAt(6000)).toBeCloseTo(1_000_000, 0);
  });

  it('smooths a burst instead of jumping to it', () => {
    const m = new RateMeter();
    for (let i = 0; i <= 20; i++) m.sample(i * 150_000, i * 150);
    // One report of 10× the bytes in the same 150 ms.
    m.sample(20 * 150_000 + 1_500_000, 21 * 150);
    const r = m.rateAt(21 * 150) ?? 0;
    expect(r).toBeGreaterThan(1_000_000);
    expect(r).toBeLessThan(2_000_000);
  });

  it('weighs reports by the time between them, not their number', () => {
    const steady = new RateMeter();
    const bursty = new RateMeter();
    steady.sample(0, 0);
    bursty.sample(0, 0);
    // Both move from 1 MB/s to 3 MB/s for one second; one hears about it 10 times, one once.
    steady.sample(1_000_000, 1000);
    bursty.sample(1_000_000, 1000);
    for (let i = 1; i <= 10; i++) steady.sample(1_000_000 + i * 300_000, 1000 + i * 100);
    bursty.sample(4_000_000, 2000);
    expect(steady.rateAt(2000)).toBeCloseTo(bursty.rateAt(2000) ?? 0, -3);
    const expected = 1_000_000 + (3_000_000 - 1_000_000) * (1 - Math.exp(-1000 / SMOOTHING_MS));
    expect(bursty.rateAt(2000)).toBeCloseTo(expected, 0);
  });

  it('fades when reports stop, rather than showing the last speed forever', () => {
    const m = new RateMeter();
    m.sample(0, 0);
    m.sample(1_000_000, 1000);
    expect(m.rateAt(1000 + STALL_MS)).toBe(1_000_000);
    const later = m.rateAt(1000 + STALL_MS + 10_000) ?? 0;
    expect(later).toBeLessThan(100_000);
    expect(later).toBeGreaterThan(0);
  });

  it('starts over when the count goes back (a retry counts from zero)', () => {
    const m = new RateMeter();
    m.sample(0, 0);
    m.sample(5_000_000, 1000);
    m.sample(0, 1100);
    expect(m.rateAt(1100)).toBeNull();
    m.sample(1_000_000, 2100);
    expect(m.rateAt(2100)).toBe(1_000_000);
  });

  it('lets two reports in the same millisecond count as one', () => {
    const m = new RateMeter();
    m.sample(0, 0);
    m.sample(500, 1000);
    m.sample(1000, 1000);
    expect(m.rateAt(1000)).toBe(500);
    m.sample(2000, 2000);
    expect(m.rateAt(2000)).toBeGreaterThan(500);
  });
});

describe('etaSeconds', () => {
  it('divides what is left by the speed', () => {
    expect(etaSeconds(10_000_000, 1_000_000)).toBe(10);
    expect(etaSeconds(-5, 1000)).toBe(0);
  });

  it('has no answer without a speed', () => {
    expect(etaSeconds(1000, null)).toBeNull();
    expect(etaSeconds(1000, 0)).toBeNull();
  });
});
