/**
 * The embedded thumbnails, read back from the page's stylesheet: report.html stores each image
 * once as a CSS rule `.r<row>{background-image:url(data:...)}` (so the cards show it without
 * script), and the map draws the same data URIs on its canvas.
 */
export function thumbnailUrls(): Map<number, string> {
  const urls = new Map<number, string>();
  const style = document.getElementById('connote-thumbnails');
  const sheet = style instanceof HTMLStyleElement ? style.sheet : null;
  for (const rule of Array.from(sheet?.cssRules ?? [])) {
    if (!(rule instanceof CSSStyleRule)) continue;
    const row = /^\.r(\d+)$/.exec(rule.selectorText);
    const url = /^url\("?(.*?)"?\)$/.exec(rule.style.backgroundImage);
    if (row && url) urls.set(Number(row[1]), url[1]);
  }
  return urls;
}
