// Summaries of repeated measurements, and how they are written.

// The q-quantile (0..1) of sorted values, interpolated between neighbours.
function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

// Median and spread of a list of numbers: p10–p90 from 10 values on, min–max below.
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const wide = sorted.length >= 10;
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    low: wide ? quantile(sorted, 0.1) : sorted[0],
    high: wide ? quantile(sorted, 0.9) : sorted[sorted.length - 1],
    spread: wide ? 'p10–p90' : 'min–max',
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

// A number with `digits` decimals, as text.
export const fixed = (value, digits = 1) => value.toFixed(digits);

// "412.3 ms (p10–p90 398.1–450.2)" for a summary in milliseconds.
export function describe(s, unit = 'ms', digits = 1) {
  const spread = `${s.spread} ${fixed(s.low, digits)}–${fixed(s.high, digits)}`;
  return `${fixed(s.median, digits)} ${unit} (${spread})`;
}

// "412 ms (398–450)": the short form for the Markdown table.
export function brief(s, unit = 'ms', digits = 0) {
  const d = (v) => fixed(v, digits);
  return `${d(s.median)} ${unit} (${d(s.low)}–${d(s.high)})`;
}
