// The detente dashboard: plain DOM over the JSON API; charts by plotly.js (served by the app).
"use strict";

const QUAD = {1: ["verbal cooperation", "#2f7ebc"], 2: ["material cooperation", "#74b3e0"],
              3: ["verbal conflict", "#f0a35e"], 4: ["material conflict", "#c8412c"]};
const $ = (selector) => document.querySelector(selector);

// Each view draws only the answer to its latest request: an older one that arrives late is dropped.
const latest = {};
const ask = (view) => (latest[view] = (latest[view] || 0) + 1);
const stale = (view, asked) => latest[view] !== asked;

async function api(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail));
  return body;
}

function cell(row, text, href) {
  const td = document.createElement("td");
  if (href) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    td.appendChild(a);
  } else {
    td.textContent = text ?? "";
  }
  row.appendChild(td);
  return td;
}

const codes = (actors) => actors.map((a) => a.code).join("+");

// One row of an event or incident table: who, what, where, a column of its own, and the
// evidence linking to the article with that event marked.
function eventRow(body, e, extra, eventId) {
  const row = body.insertRow();
  for (const text of [e.date, codes(e.source), codes(e.target), e.cameo, e.plover_type, e.location ? e.location.name : "", extra]) {
    cell(row, text);
  }
  cell(row, e.sentence, `#article/${e.article_id}/${eventId}`);
  return row;
}

function show(view) {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
}

// --- dyad view -------------------------------------------------------------------------------

async function loadActors() {
  const actors = await api("/actors?limit=200");
  const options = new Map();  // countries first (CHN matches CHNMIL), then exact codes
  for (const a of actors) if (a.country) options.set(a.country, `${a.country} (${a.name})`);
  for (const a of actors) if (!options.has(a.code)) options.set(a.code, `${a.code} (${a.name})`);
  for (const select of [$("#actor-a"), $("#actor-b")]) {
    select.innerHTML = "";
    for (const [value, label] of options) select.add(new Option(label, value));
  }
  const values = [...options.keys()];
  if (values.length > 1) $("#actor-b").value = values[1];
}

async function showDyad() {
  const a = $("#actor-a").value, b = $("#actor-b").value, by = $("#period").value;
  const asked = ask("dyad");
  const periods = await api(`/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}?by=${by}`);
  if (stale("dyad", asked)) return;
  const x = periods.map((p) => p.period);
  const traces = Object.entries(QUAD).map(([quad, [name, color]]) => ({
    type: "bar", name, x, y: periods.map((p) => p.quad_classes[quad] || 0), marker: {color},
  }));
  traces.push({type: "scatter", mode: "lines+markers", name: "mean Goldstein", x, yaxis: "y2",
               y: periods.map((p) => p.mean_goldstein), line: {color: "#333"}});
  Plotly.newPlot("dyad-chart", traces, {
    barmode: "stack", title: `${a} – ${b}: incidents per ${by}`, xaxis: {type: "category"},
    yaxis: {title: "incidents"}, yaxis2: {title: "mean Goldstein", overlaying: "y", side: "right", range: [-10, 10], dtick: 5, showgrid: false},
    legend: {orientation: "h"}, margin: {t: 50},
  }, {displaylogo: false, responsive: true});
  $("#dyad-chart").on("plotly_click", (data) => showPeriod(a, b, by, data.points[0].x));
  const body = $("#dyad-periods tbody");
  body.innerHTML = "";
  for (const p of periods) {
    const row = body.insertRow();
    row.className = "clickable";
    row.dataset.period = p.period;
    row.onclick = () => showPeriod(a, b, by, p.period);
    cell(row, p.period);
    for (const key of ["incidents", "a_to_b", "b_to_a", "mutual", "reports", "mean_goldstein"]) cell(row, p[key]);
    cell(row, Object.entries(p.plover_types).map(([t, n]) => `${t} ${n}`).join(", "));
    cell(row, p.rate_per_1000_articles);
  }
}

function periodRange(period, by) {
  if (by === "year") return [`${period}-01-01`, `${period}-12-31`];
  if (by === "month") {
    const [y, m] = period.split("-").map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [`${period}-01`, `${period}-${String(last).padStart(2, "0")}`];
  }
  if (by === "week") {
    const end = new Date(`${period}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 6);
    return [period, end.toISOString().slice(0, 10)];
  }
  return [period, period];
}

async function showPeriod(a, b, by, period) {
  const [since, until] = periodRange(period, by);
  const asked = ask("period");
  const both = await Promise.all([[a, b], [b, a]].map(([s, t]) =>
    api(`/incidents?source=${encodeURIComponent(s)}&target=${encodeURIComponent(t)}&since=${since}&until=${until}&limit=1000`)));
  if (stale("period", asked)) return;
  const seen = new Set(), incidents = [];
  for (const i of both.flat()) if (!seen.has(i.id)) { seen.add(i.id); incidents.push(i); }
  $("#period-title").textContent = `${period}: ${incidents.length} incident(s)`;
  const body = $("#period-incidents tbody");
  body.innerHTML = "";
  for (const i of incidents) {
    const row = eventRow(body, i, `${i.num_mentions} in ${i.num_articles} article(s), ${i.num_sources} source(s)`, i.event_id);
    row.className = "incident";
  }
}

// --- network view ----------------------------------------------------------------------------

async function showNetwork() {
  const graph = await api("/network");
  const n = graph.nodes.length, at = new Map();
  graph.nodes.forEach((node, k) => at.set(node.id, [Math.cos(2 * Math.PI * k / n), Math.sin(2 * Math.PI * k / n)]));
  const traces = graph.edges.map((e) => ({
    type: "scatter", mode: "lines", hoverinfo: "text", showlegend: false,
    text: `${e.source} → ${e.target}: ${e.incidents} incidents (${e.cooperation} cooperation, ${e.conflict} conflict)`,
    x: [at.get(e.source)[0], at.get(e.target)[0]], y: [at.get(e.source)[1], at.get(e.target)[1]],
    line: {width: 1 + 2 * Math.log2(1 + e.incidents), color: e.conflict > e.cooperation ? QUAD[4][1] : QUAD[1][1]},
  }));
  traces.push({type: "scatter", mode: "markers+text", textposition: "top center", showlegend: false,
               x: graph.nodes.map((d) => at.get(d.id)[0]), y: graph.nodes.map((d) => at.get(d.id)[1]),
               text: graph.nodes.map((d) => d.id), marker: {size: 14, color: "#1f3a5f"}});
  Plotly.newPlot("network-chart", traces, {
    title: "Actors: edges blue for cooperation, red for conflict", xaxis: {visible: false}, yaxis: {visible: false},
  }, {displaylogo: false, responsive: true});
}

// --- events view -----------------------------------------------------------------------------

async function showEvents(event) {
  if (event) event.preventDefault();
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($("#events-form"))) if (value) params.set(key, value);
  params.set("limit", "500");
  const asked = ask("events");
  let events, failure = "";
  try {
    events = await api(`/events?${params}`);
  } catch (error) {
    failure = error.message;
  }
  if (stale("events", asked)) return;
  const body = $("#events-table tbody");
  body.innerHTML = "";
  $("#events-error").textContent = failure;
  if (failure) return;
  for (const e of events) {
    eventRow(body, e, ["negated", "hypothetical", "background", "future"].filter((f) => e[f]).join(" "), e.id);
  }
}

// --- article view: the text with every event's evidence marked ----------------------------------

async function showArticle(articleId, eventId) {
  const article = await api(`/articles/${encodeURIComponent(articleId)}`);
  $("#article-title").textContent = article.title || article.doc_id;
  $("#article-meta").textContent = [article.source, article.published, `${article.events.length} events`].filter(Boolean).join(" · ");
  const text = article.text, box = $("#article-text");
  box.innerHTML = "";
  const spans = new Map();  // one mark per evidence sentence, listing its events
  for (const e of article.events) {
    const key = `${e.char_start}:${e.char_end}`;
    if (!spans.has(key)) spans.set(key, {start: e.char_start, end: e.char_end, events: []});
    spans.get(key).events.push(e);
  }
  let at = 0, target = null;
  for (const span of [...spans.values()].sort((x, y) => x.start - y.start)) {
    if (span.start < at) continue;
    box.appendChild(document.createTextNode(text.slice(at, span.start)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(span.start, span.end);
    mark.title = span.events.map((e) => `${codes(e.source)} → ${codes(e.target)}: ${e.cameo} ${e.plover_type || ""}`).join("\n");
    mark.dataset.events = span.events.map((e) => e.id).join(" ");
    if (span.events.some((e) => e.quad_class >= 3)) mark.classList.add("conflict");
    if (span.events.some((e) => e.id === eventId)) { mark.id = "selected"; target = mark; }
    box.appendChild(mark);
    at = span.end;
  }
  box.appendChild(document.createTextNode(text.slice(at)));
  if (target) { target.scrollIntoView({block: "center"}); target.style.outline = "2px solid #1f3a5f"; }
}

// --- routing ---------------------------------------------------------------------------------

async function route() {
  const [view, ...rest] = (location.hash.slice(1) || "dyad").split("/");
  show(view === "article" ? "article" : view);
  if (view === "network") await showNetwork();
  else if (view === "events") await showEvents();
  else if (view === "article") await showArticle(rest[0], rest[1]);
}

$("#dyad-form").addEventListener("submit", (event) => { event.preventDefault(); showDyad(); });
$("#events-form").addEventListener("submit", showEvents);
window.addEventListener("hashchange", route);
loadActors().then(() => route()).then(() => { if (!location.hash || location.hash === "#dyad") return showDyad(); });
