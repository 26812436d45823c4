import { formatNumber } from '../format';

/**
 * Horizontal bars drawn as SVG (no chart library: a few hundred bytes, prints well, no canvas).
 * The chart is an image with a name; the numbers are also written on each bar and the page shows
 * the same data as a table, so nothing is told by length or colour alone.
 */
export function ReportBarChart({ title, rows }: { title: string; rows: Array<{ label: string; value: number }> }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const barHeight = 24;
  const gap = 8;
  const labelWidth = 180;
  const width = 640;
  const height = rows.length * (barHeight + gap);
  return (
    <svg
      role="img"
      aria-label={title}
      viewBox={`0 0 ${width} ${Math.max(height, barHeight)}`}
      width="100%"
      style={{ maxWidth: width, display: 'block' }}
    >
      {rows.map((r, i) => {
        const y = i * (barHeight + gap);
        const w = Math.round(((width - labelWidth - 60) * r.value) / max);
        return (
          <g key={r.label}>
            <text
              x={labelWidth - 8}
              y={y + barHeight / 2}
              dominantBaseline="middle"
              textAnchor="end"
              fontSize="13"
              fill="#212529"
            >
              {r.label.length > 24 ? `${r.label.slice(0, 23)}…` : r.label}
            </text>
            <rect x={labelWidth} y={y} width={Math.max(w, 2)} height={barHeight} fill="#1864ab" rx="2" />
            <text
              x={labelWidth + Math.max(w, 2) + 6}
              y={y + barHeight / 2}
              dominantBaseline="middle"
              fontSize="13"
              fill="#212529"
            >
              {formatNumber(r.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A small line of monthly values (the numbers are in the label, read by screen readers). */
export function ReportSparkline({ label, values }: { label: string; values: number[] }) {
  const width = 120;
  const height = 28;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values
    .map((v, i) => `${Math.round(i * step)},${Math.round(height - 2 - ((height - 4) * v) / max)}`)
    .join(' ');
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <polyline points={points} fill="none" stroke="#1864ab" strokeWidth="2" />
    </svg>
  );
}
