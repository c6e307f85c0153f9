/**
 * The overlay's CSS. It lives inside a shadow root, so these rules cannot
 * leak into the page and the page's rules (globals.css) cannot reach in.
 */
export const OVERLAY_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  position: fixed; right: 12px; bottom: 12px; z-index: 2147483000;
  display: flex; flex-direction: column; align-items: flex-end; gap: 8px;
  font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #e8edf3;
  pointer-events: none;
}
.root > * { pointer-events: auto; }
.pill {
  /* Leaves the bottom-left corner to Next's own dev indicator on a narrow screen. */
  display: inline-flex; align-items: center; gap: 6px; max-width: calc(100vw - 96px);
  padding: 6px 12px; border-radius: 999px; border: 1px solid #3b4654;
  background: #1b2028; color: #e8edf3; font: inherit; cursor: pointer; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; box-shadow: 0 2px 10px rgb(0 0 0 / 0.25);
}
.pill:focus-visible, button:focus-visible, tr[tabindex]:focus-visible { outline: 3px solid #f5b400; outline-offset: 2px; }
.pill.warn { background: #5c3b00; border-color: #f5b400; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #34c77b; flex: none; }
.pill.warn .dot { background: #f5b400; }
/* The whole width of the screen: the Cache table's stored keys and sentences need it. */
.panel {
  width: calc(100vw - 24px); max-height: 75vh; display: flex; flex-direction: column;
  background: #12161c; border: 1px solid #3b4654; border-radius: 10px; box-shadow: 0 8px 30px rgb(0 0 0 / 0.35);
}
.panel-head { display: flex; align-items: center; gap: 10px; padding: 8px 10px; border-bottom: 1px solid #2a323d; flex-wrap: wrap; }
.panel-title { font-weight: 700; margin-right: auto; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 60%; }
.tabs { display: flex; gap: 4px; }
.tab, .small-button {
  font: inherit; color: #c9d3de; background: transparent; border: 1px solid #3b4654; border-radius: 6px;
  padding: 3px 9px; cursor: pointer;
}
.tab[aria-selected="true"] { background: #2457c5; border-color: #2457c5; color: #fff; }
.panel-body { overflow: auto; padding: 8px 10px 12px; }
.summary { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 0 0 8px; color: #aeb9c5; }
.summary b { color: #e8edf3; font-weight: 700; }
.warnings { margin: 0 0 8px; padding: 6px 8px; border-radius: 6px; background: #5c3b00; color: #ffe3a3; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #232a33; vertical-align: top; }
th { position: sticky; top: -8px; background: #12161c; color: #8d99a6; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.op { white-space: nowrap; }
.key { word-break: break-all; }
.stored-key { margin-top: 2px; color: #8d99a6; font-size: 11px; }
mark.gen { background: #243a5c; color: #cfe3ff; border-radius: 3px; padding: 0 2px; }
mark.gen.dead { background: #3a2a2a; color: #b9a1a1; text-decoration: line-through; }
.flag.dead-flag { margin-left: 6px; background: #3a2a2a; color: #ffd0d0; }
td.result { min-width: 220px; }
/* With the screen's width to spare, the stored key and the sentence get room to read in a few lines. */
@media (min-width: 900px) {
  table[aria-label] td.key { min-width: 240px; }
  td.result { min-width: 260px; }
  td > .value { min-width: 180px; }
}
.why { margin-top: 2px; color: #c9d3de; font-size: 11px; }
details.help { margin: 0 0 8px; padding: 4px 8px; border: 1px solid #2a323d; border-radius: 6px; color: #c9d3de; }
details.help summary { cursor: pointer; color: #8fc1ff; }
details.help dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 6px 0 2px; }
details.help dt { font-weight: 700; color: #e8edf3; }
details.help dd { margin: 0; }
section.follows { margin: 0 0 10px; padding: 6px 8px; border-left: 3px solid #f5b400; background: #171c23; }
h3 { margin: 8px 0 4px; font-size: 12px; color: #e8edf3; }
.muted { color: #8d99a6; }
.sqltext { white-space: pre-wrap; word-break: break-word; color: #cfe3ff; }
.params { color: #9fb0c2; word-break: break-all; }
.r-hit, .r-waited-hit, .r-stored, .r-ok { color: #34c77b; }
.r-miss { color: #ff9f6b; }
.r-stale-rejected, .r-error, .r-timeout, .r-waited-gave-up, .r-undecodable { color: #ff6b6b; font-weight: 700; }
.flag { display: inline-block; margin: 1px 4px 1px 0; padding: 0 5px; border-radius: 4px; background: #5c3b00; color: #ffe3a3; }
.flag.dup { background: #6b1f1f; color: #ffd0d0; }
.share { width: 90px; height: 8px; background: #232a33; border-radius: 4px; overflow: hidden; }
.share > span { display: block; height: 100%; background: #2f7df6; }
.timeline { position: relative; }
.tl-row { display: grid; grid-template-columns: 220px 1fr 70px; gap: 8px; align-items: center; padding: 2px 0; }
.tl-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tl-track { position: relative; height: 12px; background: #1b2028; border-radius: 3px; }
.tl-bar { position: absolute; top: 0; height: 12px; min-width: 2px; border-radius: 2px; }
.tl-bar.cache { background: #34c77b; }
.tl-bar.sql { background: #2f7df6; }
.tl-bar.request { background: #56606c; }
tr.clickable { cursor: pointer; }
tr.clickable:hover, tr.selected { background: #1d2530; }
.status-ok { color: #34c77b; }
.status-redirect { color: #8fc1ff; }
.status-error { color: #ff6b6b; }
.empty { color: #8d99a6; padding: 8px 0; }
.filters { display: flex; flex-wrap: wrap; gap: 4px 14px; border: 0; margin: 0 0 8px; padding: 0; color: #aeb9c5; }
.filters legend { float: left; margin-right: 10px; padding: 0; color: #8d99a6; }
.filters label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
.by-op { width: auto; margin: 0 0 8px; }
.by-op th, .by-op td { padding: 2px 8px; }
.callsite summary { cursor: pointer; white-space: nowrap; color: #cfe3ff; }
.callsite ol { margin: 4px 0 0; padding-left: 18px; color: #aeb9c5; }
.value .preview { color: #d8f5d0; word-break: break-all; }
pre.whole, pre.plan, pre.transcript {
  margin: 6px 0 0; padding: 6px 8px; max-height: 260px; overflow: auto; white-space: pre-wrap; word-break: break-word;
  background: #0b0e12; border: 1px solid #2a323d; border-radius: 6px; color: #e8edf3; font: inherit;
}
.sql-tools { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.sql-tools > pre, .sql-tools > .rerun, .sql-tools > p { flex-basis: 100%; }
.console .presets { display: flex; flex-wrap: wrap; gap: 4px; margin: 6px 0; }
.console pre.transcript { min-height: 80px; max-height: 300px; }
.prompt { display: flex; gap: 6px; margin-top: 6px; }
.prompt label { flex: 1; display: flex; align-items: center; gap: 6px; }
.prompt input { flex: 1; font: inherit; color: #e8edf3; background: #0b0e12; border: 1px solid #3b4654; border-radius: 6px; padding: 4px 8px; }
.prompt-mark { color: #8d99a6; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
button:disabled { opacity: 0.5; cursor: default; }
@media (max-width: 640px) {
  .panel { max-height: 80vh; }
  .panel-title { max-width: 100%; }
  .tabs { flex-wrap: wrap; }
  details.help dl { grid-template-columns: 1fr; }
}
`;
