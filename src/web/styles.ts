/**
 * The app's stylesheet (served as /static/app.css), kept in a module like the report's, so the
 * build needs no copy step. Plain CSS: system fonts, one accent colour, the report's palette for
 * clusters (set from data through the CSSOM, which the Content-Security-Policy allows).
 */
export const APP_CSS = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --bg: #ffffff; --map: #fbfbf8;
  --accent: #1f6feb; --accent-soft: #eef4ff; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e;
  --radius: 8px; --shadow: 0 1px 2px rgba(31, 35, 40, 0.06), 0 1px 8px rgba(31, 35, 40, 0.04);
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 8px; }
h1 { font-size: 24px; font-weight: 650; }
h2 { font-size: 17px; font-weight: 650; }
h3 { font-size: 14px; font-weight: 650; }
h1 small, h2 small, h3 small { font-size: 13px; font-weight: 400; color: var(--muted); margin-left: 10px; }
p { margin: 0 0 8px; }
code, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
kbd { display: inline-block; min-width: 22px; padding: 1px 6px; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 5px; background: var(--soft); text-align: center; color: var(--ink); }
mark { background: #fff1a8; color: inherit; border-radius: 2px; padding: 0 1px; }
.muted { color: var(--muted); }
.small { font-size: 12.5px; }
.break { overflow-wrap: anywhere; }
.loading { padding: 40px; color: var(--muted); }
.error { color: var(--bad); }

button, .button, select, input { font: inherit; color: inherit; }
button, .button {
  display: inline-flex; align-items: center; gap: 6px; padding: 5px 12px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--bg); cursor: pointer; white-space: nowrap; text-decoration: none; color: var(--ink); line-height: 1.4;
}
button:hover:not(:disabled), .button:hover { background: var(--soft); text-decoration: none; }
button:disabled { opacity: 0.45; cursor: default; }
button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.primary:hover, .button.primary:hover { background: #1a5fcc; }
button.link { border: 0; padding: 0; background: none; color: var(--accent); }
button.link:hover { background: none; text-decoration: underline; }
button.toggle.on { background: var(--accent-soft); border-color: var(--accent); color: var(--accent); }
select, input[type="text"], input[type="search"], input[type="number"] {
  padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); min-width: 0;
}
input[type="number"] { width: 84px; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.field { display: inline-flex; align-items: center; gap: 6px; }
.field > span { color: var(--muted); font-size: 12.5px; }
.row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.button-group { display: inline-flex; }
.button-group button { border-radius: 0; margin-left: -1px; }
.button-group button:first-child { border-radius: 6px 0 0 6px; margin-left: 0; }
.button-group button:last-child { border-radius: 0 6px 6px 0; }

.topbar {
  position: sticky; top: 0; z-index: 10; display: flex; align-items: center; gap: 16px; height: 48px; padding: 0 16px;
  border-bottom: 1px solid var(--line); background: rgba(255, 255, 255, 0.96); backdrop-filter: blur(6px);
}
.brand { font-weight: 750; font-size: 16px; letter-spacing: -0.01em; color: var(--ink); }
.brand:hover { text-decoration: none; }
.project { color: var(--muted); max-width: 28ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.nav { display: flex; gap: 2px; margin-left: 8px; }
.nav a { padding: 6px 10px; border-radius: 6px; color: var(--ink); }
.nav a:hover { background: var(--soft); text-decoration: none; }
.nav a.active { background: var(--accent-soft); color: var(--accent); font-weight: 600; }
.coder-badge { margin-left: auto; color: var(--muted); display: inline-flex; gap: 8px; }

.page { max-width: 1240px; margin: 0 auto; padding: 22px 24px 56px; }
.page-header { margin-bottom: 18px; }
.page-header .toolbar { border: 0; padding: 0; margin: 10px 0; }
.lede { color: var(--muted); max-width: 90ch; }
.crumbs { margin-bottom: 6px; }
.notice { padding: 16px 18px; border: 1px solid var(--line); border-radius: var(--radius); background: var(--soft); max-width: 760px; }
.notice.error { background: #fff5f5; border-color: #f5c2c7; color: #842029; }
.notice.done { text-align: center; margin: 40px auto; }
.notice code { display: inline-block; margin-top: 4px; padding: 2px 6px; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; background: var(--bg); box-shadow: var(--shadow); }
.card.narrow { max-width: 420px; margin: 48px auto; display: grid; gap: 10px; }
.card.narrow button { justify-content: center; }
.edit-panel { margin: 0 0 16px; }
.edit-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 6px 0; }
.edit-row input[type=text] { flex: 1; min-width: 200px; }
.edit-row input[type=number] { width: 5em; }
.tick { margin-right: 6px; }
.tree-panel ul { list-style: none; margin: 0; padding-left: 18px; border-left: 1px dotted var(--line); }
.tree-panel .tree-root { padding-left: 0; border: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 16px; }
.cluster-card h2 a { color: var(--ink); }
.cluster-card.noise { background: var(--soft); }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 3px; margin-right: 7px; vertical-align: -1px; box-shadow: inset 0 0 0 1px rgba(0, 0, 0, 0.12); }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin: 6px 0; }
.chip { padding: 1px 9px; border: 1px solid var(--line); border-radius: 999px; background: var(--soft); font-size: 12.5px; }
.thumbs { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.thumb { display: block; line-height: 0; border-radius: 6px; overflow: hidden; border: 1px solid var(--line); background: var(--soft); }
.thumb img { width: 76px; height: 76px; object-fit: cover; display: block; }
.thumb.large img { width: 124px; height: 124px; }
.thumb:hover { border-color: var(--accent); }
.thumbs.mini { gap: 3px; margin: 4px 0 0; }
.thumbs.mini .thumb img { width: 34px; height: 34px; }
.duplicate-body { display: grid; grid-template-columns: 126px minmax(0, 1fr); gap: 14px; align-items: start; }
.duplicate-representative { margin: 0; }
.duplicate-representative figcaption { margin-top: 4px; font-size: 12px; line-height: 1.3; }
.duplicate-members { margin: 0; align-content: flex-start; }
.duplicate-member { margin: 0; text-align: center; }
.duplicate-member .thumb img { width: 56px; height: 56px; }
.duplicate-member figcaption { font-size: 11px; color: var(--muted); font-variant-numeric: tabular-nums; }

.table { border-collapse: collapse; width: 100%; font-size: 13px; }
.table th, .table td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.table th { color: var(--muted); font-weight: 600; white-space: nowrap; }
.table td.num { text-align: right; font-variant-numeric: tabular-nums; }

.map-page { display: flex; flex-direction: column; height: calc(100vh - 48px); }
.toolbar { display: flex; flex-wrap: wrap; gap: 10px 14px; align-items: center; padding: 8px 16px; border-bottom: 1px solid var(--line); background: var(--bg); }
.map-status { color: var(--muted); font-size: 12.5px; margin-left: auto; }
.map-body { flex: 1; display: flex; min-height: 0; }
.map-stage { flex: 1; position: relative; overflow: hidden; background: var(--map); min-width: 0; }
.map-stage > .notice { margin: 24px; }
.map-canvas { display: block; cursor: grab; touch-action: none; outline: none; }
.map-canvas.panning { cursor: grabbing; }
.map-canvas.lasso, .map-canvas.selecting { cursor: crosshair; }
.map-tooltip {
  position: absolute; z-index: 5; width: 240px; padding: 8px; border: 1px solid var(--line); border-radius: var(--radius);
  background: rgba(255, 255, 255, 0.97); box-shadow: 0 6px 24px rgba(31, 35, 40, 0.16); pointer-events: none; font-size: 12.5px;
}
.map-tooltip img { display: block; max-width: 100%; max-height: 170px; margin: 0 auto 6px; border-radius: 4px; }
.tip-id { font-weight: 600; overflow-wrap: anywhere; }
.tip-keywords { color: var(--muted); }
.map-side { width: 350px; flex: none; border-left: 1px solid var(--line); overflow-y: auto; padding: 12px 14px 24px; background: var(--bg); }
.map-side h3 { margin-top: 14px; color: var(--muted); text-transform: uppercase; font-size: 11.5px; letter-spacing: 0.06em; }
.search { display: flex; gap: 6px; }
.search input { flex: 1; }
.search-count { margin-top: 8px; }
.hits { list-style: none; padding: 0; margin: 6px 0 0; }
.hits li { display: grid; grid-template-columns: 52px minmax(0, 1fr); gap: 8px; padding: 6px 0; border-bottom: 1px solid var(--line); }
.hit-thumb img { width: 52px; height: 52px; object-fit: cover; border-radius: 4px; display: block; }
.hit-id { font-weight: 600; text-align: left; overflow-wrap: anywhere; }
.snippet { font-size: 12.5px; color: var(--ink); margin: 2px 0 0; overflow-wrap: anywhere; }
.prompt { display: inline-block; margin-left: 6px; font-size: 10.5px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.selection { margin-top: 12px; padding: 10px; border: 1px dashed var(--line); border-radius: var(--radius); }
.hint { color: var(--muted); font-size: 12.5px; margin: 0; }
.legend { list-style: none; padding: 0; margin: 4px 0 0; }
.legend a { display: grid; grid-template-columns: 18px 28px 1fr auto; align-items: baseline; gap: 4px; padding: 4px 6px; border-radius: 6px; color: var(--ink); }
.legend a:hover { background: var(--soft); text-decoration: none; }
.legend-label { color: var(--muted); font-variant-numeric: tabular-nums; }
.legend-keywords { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.legend-size { color: var(--muted); font-variant-numeric: tabular-nums; font-size: 12.5px; }

.summary { margin: 8px 0 26px; padding: 16px 18px; border: 1px solid var(--line); border-radius: 10px; background: var(--soft); }
.keyword-bars { list-style: none; padding: 0; margin: 10px 0; display: grid; gap: 4px; max-width: 720px; }
.keyword-bars li { display: grid; grid-template-columns: 180px 1fr 56px; align-items: center; gap: 10px; }
.keyword-bars .term { font-weight: 600; overflow-wrap: anywhere; }
.bar-track { height: 10px; border-radius: 5px; background: #e4e8ec; overflow: hidden; }
.bar-track .bar { display: block; height: 100%; background: var(--accent); border-radius: 5px; }
.keyword-bars .score { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; text-align: right; }
.pager { display: flex; align-items: center; gap: 14px; margin: 12px 0; color: var(--muted); }
.members { display: grid; }
.member { display: grid; grid-template-columns: 130px 1fr; gap: 18px; padding: 16px 0; border-bottom: 1px solid var(--line); }
.member h3 { overflow-wrap: anywhere; }
.description { margin: 6px 0 10px; max-width: 90ch; }
.description .prompt { margin-left: 0; }
.description p { margin: 2px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.description-missing p { color: var(--muted); font-style: italic; }

.image-layout { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 28px; align-items: start; }
.image-frame { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 10px; background: var(--soft); text-align: center; position: sticky; top: 64px; }
.image-frame img { max-width: 100%; max-height: 72vh; border-radius: 4px; }
.image-info section { margin-bottom: 22px; }

.table-scroll { overflow: auto; max-height: 72vh; border: 1px solid var(--line); border-radius: 10px; }
.contingency { border-collapse: separate; border-spacing: 0; font-size: 12.5px; }
.contingency th, .contingency td { border-bottom: 1px solid #edf0f3; border-right: 1px solid #edf0f3; }
.contingency thead th { position: sticky; top: 0; z-index: 2; background: var(--bg); vertical-align: bottom; }
.contingency .corner { left: 0; z-index: 3; color: var(--muted); font-weight: 500; text-align: left; padding: 6px 10px; }
.col-head { width: 74px; min-width: 74px; padding: 6px 4px; text-align: left; font-weight: 500; }
.col-label { font-weight: 650; }
.col-text { display: block; color: var(--muted); font-size: 11px; line-height: 1.25; max-height: 2.6em; overflow: hidden; }
.row-head { position: sticky; left: 0; z-index: 1; background: var(--bg); min-width: 250px; max-width: 320px; text-align: left; padding: 6px 10px; font-weight: 500; }
.row-head a { font-weight: 650; color: var(--ink); }
.row-text, .row-head .muted { display: block; }
.cell { text-align: center; padding: 0; height: 34px; }
.cell button { width: 100%; height: 100%; border: 0; border-radius: 0; background: transparent; justify-content: center; font-variant-numeric: tabular-nums; }
.cell button:hover { outline: 2px solid var(--accent); outline-offset: -2px; background: transparent; }
.cell.strong button { color: #fff; font-weight: 650; }
.cell-detail { margin-top: 22px; }

.coding-page { max-width: 1320px; }
.coding-header { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 16px; margin-bottom: 14px; }
.coding-header h1 { margin: 0 8px 0 0; font-size: 20px; }
.coding-header .button { margin-left: auto; }
.progress { width: 180px; height: 8px; border-radius: 4px; background: #e4e8ec; overflow: hidden; }
.progress .bar { display: block; height: 100%; background: var(--accent); transition: width 0.2s; }
.save-status { font-size: 12.5px; padding: 2px 8px; border-radius: 999px; background: var(--soft); }
.save-status[data-state="saved"] { color: var(--ok); }
.save-status[data-state="saving"] { color: var(--warn); }
.save-status[data-state="error"] { color: #fff; background: var(--bad); }
.coder { color: var(--muted); }
.pair-number { color: var(--muted); margin-bottom: 8px; }
.pair-images { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 18px; }
.pair-image { margin: 0; min-width: 0; }
.pair-frame { height: 42vh; min-height: 220px; display: flex; align-items: center; justify-content: center; border: 1px solid var(--line); border-radius: 10px; background: var(--soft); overflow: hidden; }
.pair-frame img { max-width: 100%; max-height: 100%; object-fit: contain; }
.pair-image figcaption { display: flex; flex-wrap: wrap; gap: 2px 12px; margin-top: 6px; font-size: 12.5px; }
.pair-image figcaption strong { flex-basis: 100%; }
.pair-image .meta { color: var(--muted); max-width: 100%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.scales { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-top: 16px; }
.scale { padding: 12px 14px; border: 1px solid var(--line); border-radius: 10px; opacity: 0.6; }
.scale.active { opacity: 1; border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent); background: #fbfdff; }
.points { list-style: none; padding: 0; margin: 8px 0 0; display: grid; gap: 4px; }
.points li { display: grid; grid-template-columns: 30px 130px 1fr; align-items: baseline; gap: 8px; padding: 5px 8px; border-radius: 6px; }
.points li.chosen { background: var(--accent-soft); }
.points li.chosen kbd { background: var(--accent); color: #fff; border-color: var(--accent); }
.keys { margin-top: 14px; }
.set-images { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; margin-bottom: 16px; }
.set-images figure { margin: 0; height: 190px; display: flex; align-items: center; justify-content: center; border: 1px solid var(--line); border-radius: 8px; background: var(--soft); overflow: hidden; }
.set-images img { max-width: 100%; max-height: 100%; object-fit: contain; }
.options { list-style: none; padding: 0; margin: 0; display: grid; gap: 6px; max-width: 900px; }
.options li { display: grid; grid-template-columns: 32px 1fr; align-items: baseline; gap: 10px; padding: 8px 12px; border: 1px solid var(--line); border-radius: 8px; cursor: pointer; }
.options li:hover { background: var(--soft); }
.options li.cursor { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent); }
.options li.chosen { background: var(--accent-soft); }
.study-list { list-style: none; padding: 0; display: grid; gap: 14px; margin: 0 0 24px; }
.setup { margin-top: 10px; }
.setup .toolbar { border: 0; padding: 8px 0; }

@media (max-width: 900px) {
  .map-side { width: 280px; }
  .image-layout, .scales, .pair-images { grid-template-columns: 1fr; }
  .image-frame { position: static; }
  .nav a { padding: 6px 6px; }
}
`;
