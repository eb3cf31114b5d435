/**
 * Puts a tooltip of about `width` x `height` pixels beside the pointer: to its right, flipped to
 * its left near the stage's right edge, and kept inside the stage. The app's map and
 * report.html's map both place their hover cards with it.
 */
export function placeBesidePointer(
  tooltip: HTMLElement,
  stage: HTMLElement,
  clientX: number,
  clientY: number,
  size: { readonly width: number; readonly height: number },
): void {
  const rect = stage.getBoundingClientRect();
  const x = clientX - rect.left;
  const y = clientY - rect.top;
  tooltip.style.left = `${x + 16 + size.width > rect.width ? Math.max(4, x - size.width - 16) : x + 16}px`;
  tooltip.style.top = `${Math.min(Math.max(4, y - 20), Math.max(4, rect.height - size.height))}px`;
}
