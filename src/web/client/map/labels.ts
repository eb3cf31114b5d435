import type { Camera } from './camera.js';

export interface ClusterAnchor {
  readonly label: number;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly text: string;
}

/** Where each cluster's name goes: the median of its members (robust to a few strays). */
export function clusterAnchors(xy: Float32Array, labels: Int32Array, textOf: (label: number) => string | undefined): ClusterAnchor[] {
  const members = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    let list = members.get(labels[i]);
    if (!list) members.set(labels[i], (list = []));
    list.push(i);
  }
  const median = (values: Float64Array): number => {
    values.sort();
    const mid = values.length >> 1;
    return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  };
  const anchors: ClusterAnchor[] = [];
  for (const [label, indices] of members) {
    const text = textOf(label);
    if (text === undefined) continue;
    const xs = Float64Array.from(indices, (i) => xy[2 * i]);
    const ys = Float64Array.from(indices, (i) => xy[2 * i + 1]);
    anchors.push({ label, x: median(xs), y: median(ys), size: indices.length, text });
  }
  return anchors.sort((a, b) => b.size - a.size);
}

/**
 * Draws cluster names, largest cluster first, skipping any that would overlap one already
 * placed: at every zoom the map shows as many names as fit, never a pile, and none cut off at an edge.
 */
export function drawClusterLabels(ctx: CanvasRenderingContext2D, camera: Camera, anchors: readonly ClusterAnchor[], emphasised: number | null): void {
  const placed: Array<[number, number, number, number]> = [];
  ctx.save();
  ctx.font = '600 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  for (const anchor of anchors) {
    const ax = camera.screenX(anchor.x);
    const ay = camera.screenY(anchor.y);
    if (ax < -200 || ay < -20 || ax > camera.width + 200 || ay > camera.height + 20) continue;
    const width = ctx.measureText(anchor.text).width + 12;
    // A name near the edge is moved inside rather than cut off.
    const x = Math.min(Math.max(ax, width / 2 + 2), Math.max(width / 2 + 2, camera.width - width / 2 - 2));
    const y = Math.min(Math.max(ay, 12), Math.max(12, camera.height - 12));
    const box: [number, number, number, number] = [x - width / 2, y - 10, x + width / 2, y + 10];
    if (anchor.label !== emphasised && placed.some((p) => box[0] < p[2] && box[2] > p[0] && box[1] < p[3] && box[3] > p[1])) continue;
    placed.push(box);
    ctx.lineWidth = 4;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.92)';
    ctx.strokeText(anchor.text, x, y);
    ctx.fillStyle = anchor.label === emphasised ? '#000' : '#1f2328';
    ctx.fillText(anchor.text, x, y);
  }
  ctx.restore();
}
