import { escapeHtml } from './escape.js';

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  /** Interval ends, drawn as an error bar when present. */
  readonly lower?: number;
  readonly upper?: number;
  /** A short label drawn beside the point (e.g. "k=7, 4% noise"). */
  readonly note?: string;
}

export interface ChartSeries {
  readonly name: string;
  readonly colour: string;
  readonly points: readonly ChartPoint[];
  /** A dashed line (e.g. a chance baseline) instead of a solid one. */
  readonly dashed?: boolean;
  /** Marker of each point: a filled circle (default), a hollow diamond, or none. */
  readonly marker?: 'circle' | 'diamond' | 'none';
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly width?: number;
  readonly height?: number;
  /** A sentence under the title (what the bars and lines mean). */
  readonly subtitle?: string;
}

/** "Nice" tick values (1, 2, 5 x 10^k steps) covering [min, max]. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * A standalone SVG line chart with interval bars, e.g. cluster quality against minimum
 * cluster size per method. Categorical x positions (the sizes swept) are evenly spaced.
 */
export function lineChartSvg(options: LineChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 400;
  const margin = { top: options.subtitle ? 64 : 48, right: 250, bottom: 56, left: 64 };
  const xs = [...new Set(options.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const values = options.series.flatMap((s) => s.points.flatMap((p) => [p.y, p.lower ?? p.y, p.upper ?? p.y])).filter(Number.isFinite);
  let minY = Math.min(0, ...values);
  let maxY = Math.max(0, ...values);
  if (minY === maxY) maxY = minY + 1;
  const pad = (maxY - minY) * 0.05;
  minY -= pad;
  maxY += pad;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  // Keep the first and last sizes off the axis edges so their interval bars stay readable.
  const inset = 32;
  const xOf = (x: number): number =>
    margin.left + inset + (xs.length === 1 ? (plotWidth - 2 * inset) / 2 : (xs.indexOf(x) / (xs.length - 1)) * (plotWidth - 2 * inset));
  const yOf = (y: number): number => margin.top + (1 - (y - minY) / (maxY - minY)) * plotHeight;
  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${margin.left}" y="28" font-size="16" font-weight="600">${escapeHtml(options.title)}</text>`);
  if (options.subtitle) parts.push(`<text x="${margin.left}" y="46" font-size="12" fill="#555">${escapeHtml(options.subtitle)}</text>`);
  for (const tick of niceTicks(minY, maxY)) {
    const y = yOf(tick).toFixed(1);
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y}" y2="${y}" stroke="${tick === 0 ? '#888' : '#e3e3e3'}"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${y}" font-size="12" text-anchor="end" dominant-baseline="middle">${escapeHtml(tick)}</text>`);
  }
  for (const x of xs) {
    parts.push(`<text x="${xOf(x).toFixed(1)}" y="${margin.top + plotHeight + 20}" font-size="12" text-anchor="middle">${escapeHtml(x)}</text>`);
  }
  parts.push(
    `<text x="${margin.left + plotWidth / 2}" y="${height - 12}" font-size="13" text-anchor="middle">${escapeHtml(options.xLabel)}</text>`,
    `<text transform="translate(18 ${margin.top + plotHeight / 2}) rotate(-90)" font-size="13" text-anchor="middle">${escapeHtml(options.yLabel)}</text>`,
  );
  // Notes of the first annotated series go above its points, of the second below, and so on.
  let annotated = 0;
  options.series.forEach((series, index) => {
    const noteBelow = series.points.some((p) => p.note) && annotated++ % 2 === 1;
    // Offset series slightly so overlapping interval bars stay visible.
    const dx = (index - (options.series.length - 1) / 2) * 6;
    const finite = series.points.filter((p) => Number.isFinite(p.y));
    const dash = series.dashed ? ' stroke-dasharray="5 4"' : '';
    if (finite.length > 1) {
      const d = finite.map((p, i) => `${i === 0 ? 'M' : 'L'}${(xOf(p.x) + dx).toFixed(1)},${yOf(p.y).toFixed(1)}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${series.colour}" stroke-width="2"${dash}/>`);
    }
    for (const p of finite) {
      const x = (xOf(p.x) + dx).toFixed(1);
      const y = yOf(p.y).toFixed(1);
      if (p.lower !== undefined && p.upper !== undefined && Number.isFinite(p.lower) && Number.isFinite(p.upper)) {
        parts.push(`<line x1="${x}" x2="${x}" y1="${yOf(p.lower).toFixed(1)}" y2="${yOf(p.upper).toFixed(1)}" stroke="${series.colour}" stroke-width="1.5"${dash}/>`);
      }
      const title = `<title>${escapeHtml(`${series.name}, ${p.x}: ${p.y.toFixed(3)}${p.note ? ` (${p.note})` : ''}`)}</title>`;
      if ((series.marker ?? 'circle') === 'circle') parts.push(`<circle cx="${x}" cy="${y}" r="4" fill="${series.colour}">${title}</circle>`);
      else if (series.marker === 'diamond') {
        const [cx, cy] = [Number(x), Number(y)];
        parts.push(`<path d="M${cx},${cy - 5} L${cx + 5},${cy} L${cx},${cy + 5} L${cx - 5},${cy} Z" fill="#ffffff" stroke="${series.colour}" stroke-width="1.5">${title}</path>`);
      }
      if (p.note) parts.push(`<text x="${(Number(x) + 7).toFixed(1)}" y="${(Number(y) + (noteBelow ? 16 : -7)).toFixed(1)}" font-size="10" fill="${series.colour}">${escapeHtml(p.note)}</text>`);
    }
    const ly = margin.top + 8 + index * 20;
    const legendX = margin.left + plotWidth + 16;
    parts.push(
      series.dashed
        ? `<line x1="${legendX}" x2="${legendX + 12}" y1="${ly}" y2="${ly}" stroke="${series.colour}" stroke-width="2"${dash}/>`
        : `<rect x="${legendX}" y="${ly - 6}" width="12" height="12" fill="${series.marker === 'diamond' ? '#ffffff' : series.colour}" stroke="${series.colour}"/>`,
      `<text x="${legendX + 18}" y="${ly}" font-size="12" dominant-baseline="middle">${escapeHtml(series.name)}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif">\n${parts.join('\n')}\n</svg>\n`;
}
