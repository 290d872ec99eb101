/** One line of the table: what cdnops did, what it is compared with, and cdnops ÷ baseline. */
export interface BenchRow {
  measure: string;
  cdnops: string;
  baseline: string;
  /** cdnops ÷ baseline: lower is better; 1.00 is as good as the baseline. */
  ratio: number;
  /** The target for the ratio, when it has one. */
  goal?: string;
}

/** Milliseconds as the table shows them: whole above 100, one decimal below. */
export function ms(value: number): string {
  return value >= 100 ? `${Math.round(value).toLocaleString('en-US')} ms` : `${value.toFixed(1)} ms`;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| Measure | cdnops | Baseline | Ratio | Goal |',
    '| --- | --- | --- | ---: | --- |',
    ...rows.map(
      (row) =>
        `| ${row.measure} | ${row.cdnops} | ${row.baseline} | ${Number.isNaN(row.ratio) ? '–' : row.ratio.toFixed(2)} | ${row.goal ?? ''} |`,
    ),
  ];
  return lines.join('\n');
}
