/**
 * A label whose values come from callers (operation names) yet stay few: the first `max`
 * distinct values that match `pattern` keep their own label, anything later or odd is `other`.
 * Each label value is a time series Prometheus stores for good, so the cap bounds both
 * the scrape and this process's memory, whatever clients send.
 */
export function boundedLabel(max: number, pattern: RegExp): (value: string) => string {
  const known = new Set<string>();
  return (value) => {
    if (known.has(value)) return value;
    if (known.size >= max || !pattern.test(value)) return 'other';
    known.add(value);
    return value;
  };
}
