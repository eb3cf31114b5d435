import { escapeHtml } from '../report/escape.js';

/**
 * The one HTML page: an empty shell that loads the client. No data is ever written into it;
 * the client fetches JSON and builds the DOM with textContent.
 */
export function shellPage(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
<script type="module" src="/static/main.js"></script>
</head>
<body>
<div id="app" class="app"><p class="loading">Loading…</p></div>
<noscript>connote serve needs JavaScript.</noscript>
</body>
</html>
`;
}
