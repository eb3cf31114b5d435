/** report.html's stylesheet: readable from a phone (one column, the map a screen tall) to a wide screen. */
export const REPORT_STYLE = `
:root{--ink:#1f2328;--muted:#59636e;--line:#d8dee4;--bg:#ffffff;--card:#f6f8fa;--map:#fbfbf8;--accent:#1f6feb}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header,main,footer{max-width:1280px;margin:0 auto;padding:16px 24px}
h1{margin:8px 0}
.lede{color:var(--muted);max-width:80ch}
.muted{color:var(--muted)}
.notice{background:#fff8c5;border:1px solid #eed888;border-radius:8px;padding:8px 12px}
nav a{display:inline-block;margin:4px 8px 4px 0;padding:2px 10px;border:1px solid var(--line);border-radius:999px;text-decoration:none;color:inherit}
button{font:inherit;padding:4px 12px;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--ink);cursor:pointer}
button:hover:not(:disabled){border-color:var(--accent)}
button:disabled{opacity:.45;cursor:default}
select,input[type=search]{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:6px;background:#fff;max-width:100%}
summary{cursor:pointer}
summary h2,summary h3{display:inline;font-size:1.2em}
.explorer{margin:8px 0 24px}
.toolbar{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;margin-bottom:8px}
.toolbar form{display:flex;gap:6px;align-items:center;flex:1 1 260px}
.toolbar input[type=search]{flex:1;min-width:0}
.zoom button{min-width:2.4em;margin-right:2px}
.explore-body{display:flex;height:min(72vh,640px);border:1px solid var(--line);border-radius:8px;overflow:hidden}
.map-stage{flex:1;position:relative;overflow:hidden;background:var(--map);min-width:0}
.map-canvas{display:block;cursor:grab;touch-action:none;outline:none}
.map-canvas.panning{cursor:grabbing}
.map-canvas.lasso,.map-canvas.selecting{cursor:crosshair}
.map-tooltip{position:absolute;z-index:2;width:200px;pointer-events:none;background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px;box-shadow:0 4px 14px rgba(0,0,0,.12);font-size:13px}
.tip-thumb{display:block;width:100%;height:150px;margin-bottom:6px;border-radius:4px;background:#eee center/contain no-repeat}
.tip-id{font-weight:600;overflow-wrap:anywhere}
.explore-side{width:320px;flex:none;border-left:1px solid var(--line);overflow-y:auto;padding:8px 10px;background:var(--bg)}
.explore-side h3{margin:4px 0;color:var(--muted);text-transform:uppercase;font-size:11.5px;letter-spacing:.06em}
.legend{list-style:none;padding:0;margin:0}
.legend button{display:grid;grid-template-columns:18px 1fr auto;gap:6px;align-items:baseline;width:100%;text-align:left;border:0;padding:4px 6px;background:none}
.legend button:hover{background:var(--card)}
.legend-label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.legend-size{color:var(--muted);font-variant-numeric:tabular-nums;font-size:12.5px}
.cluster-view{margin-top:14px;padding:12px 14px;background:var(--card);border:1px solid var(--line);border-radius:10px}
.cluster-view header,.image-sheet header{display:flex;justify-content:space-between;align-items:flex-start;gap:8px;max-width:none;margin:0;padding:0}
.cluster-view h2,.image-sheet h2{margin:0;font-size:1.15em;overflow-wrap:anywhere}
.close{border:0;background:none;font-size:1.6em;line-height:1;padding:0 6px}
.member-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(110px,1fr));gap:8px;margin:10px 0}
.member{display:flex;flex-direction:column;align-items:stretch;gap:4px;padding:4px;background:#fff}
.member .thumb{width:100%;height:auto;aspect-ratio:1}
.member-id{font-size:12px;color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.pager{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.page-of{color:var(--muted);font-size:.9em}
dialog{max-width:min(920px,96vw);width:100%;border:1px solid var(--line);border-radius:12px;padding:16px}
dialog::backdrop{background:rgba(0,0,0,.45)}
.image-body{display:grid;grid-template-columns:minmax(0,280px) 1fr;gap:16px;margin-top:10px}
.big-thumb{display:block;width:100%;aspect-ratio:1;border-radius:8px;background:#eee center/contain no-repeat}
.image-sheet h3{margin:10px 0 4px;font-size:.95em;color:var(--muted)}
.memberships{list-style:none;padding:0;margin:0}
.description,.image-text{white-space:pre-wrap}
.image-text{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;background:var(--card);padding:6px 8px;border-radius:6px}
.tree{margin:8px 0 14px}
.tree ul{list-style:none;margin:0;padding-left:18px;border-left:1px dotted var(--line)}
.tree-root{padding-left:0!important;border:0!important}
.tree li{margin:2px 0}
.tree small{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px;min-width:0}
.card h3{margin:0 0 6px;font-size:1.05em}
.card small{color:var(--muted);font-weight:normal}
.about{margin:4px 0}
.criteria{color:var(--muted);font-size:.9em;margin:4px 0}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:baseline;flex:none}
.kw{display:inline-block;margin:2px 4px 2px 0;padding:1px 8px;background:#fff;border:1px solid var(--line);border-radius:999px;font-size:.9em}
.tfidf{color:var(--muted);font-size:.88em}
.label{font-weight:600}
.thumbs{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.thumb{width:96px;height:96px;border-radius:6px;background:#ddd center/cover no-repeat;border:1px solid var(--line)}
.no-thumb{display:flex;align-items:center;justify-content:center;font-size:11px;color:var(--muted);overflow:hidden;overflow-wrap:anywhere;text-align:center;padding:4px}
blockquote{margin:8px 0;padding:6px 10px;border-left:3px solid var(--line);font-size:.9em;color:#333;max-height:9.5em;overflow:auto}
cite{display:block;font-style:normal;font-weight:600;font-size:.85em;color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
footer{color:var(--muted);font-size:.85em}
@media (max-width:760px){
header,main,footer{padding:10px 12px}
.explore-body{flex-direction:column;height:auto}
.map-stage{height:62vh;flex:none}
.explore-side{width:auto;border-left:0;border-top:1px solid var(--line);max-height:40vh}
.cards{grid-template-columns:1fr}
.thumb{width:72px;height:72px}
.image-body{grid-template-columns:1fr}
.big-thumb{max-width:320px;margin:0 auto}
.member-grid{grid-template-columns:repeat(auto-fill,minmax(90px,1fr))}
}
`;
