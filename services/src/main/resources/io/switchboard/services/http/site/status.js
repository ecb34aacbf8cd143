// Switchboard's live status page. It loads /status.json once (services, model, JVM and the samples
// of the last five minutes), then follows /events: one {"sample", "jvm"} a second. A sample is
// {millis, services: {name: [open, total, refused, bytesIn, bytesOut, messages, errors]}}, counters
// since the server started; rates are differences between neighbouring samples.
// Every string from the server reaches the page through textContent or setAttribute, never as HTML;
// the charts are SVG paths built here. No libraries.
"use strict";

const WINDOW_MS = 300_000;   // what the server keeps, and what the charts show: five minutes
const GAP_MS = 4_000;        // a hole longer than this breaks a line (server down, tab asleep)
const STALE_MS = 4_000;      // no event for this long while "live": say so
const OPEN = 0, TOTAL = 1, REFUSED = 2, IN = 3, OUT = 4, MSGS = 5, ERRORS = 6;
const SVG = "http://www.w3.org/2000/svg";

const $ = id => document.getElementById(id);
let samples = [];            // oldest first, at most WINDOW_MS apart from the newest
let known = "";              // the service names of the snapshot the rows were built from
const rows = new Map();      // service name -> {row, cells: {field: td}, spark: svg}
let events = null;
let lastEvent = 0;           // Date.now() of the last event received
let lostOnce = false;        // the stream failed at least once: resynchronise when it is back
let resyncing = false;

// ---- formatting ----
function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? Math.round(n) : n.toFixed(n < 10 ? 1 : 0)) + " " + units[i];
}
function count(n) { return Math.round(n).toLocaleString("en"); }
function minutes() { const m = Math.round(span() / 60_000); return m + " min"; }
function perSecond(n) { return n < 10 && n > 0 ? n.toFixed(1) : count(n); }

// ---- rates from the samples ----
// Counter k of one service (or of all, name === null) per second between samples a and b;
// a counter that went down (server restarted) counts as 0.
function rate(a, b, name, k) {
  const seconds = (b.millis - a.millis) / 1000;
  if (seconds <= 0) return 0;
  let sum = 0;
  for (const n of name === null ? Object.keys(b.services) : [name]) {
    const before = a.services[n], after = b.services[n];
    if (before && after) sum += Math.max(0, after[k] - before[k]);
  }
  return sum / seconds;
}
// [{t0, t, v, gap}] for every pair of neighbouring samples: the rate over [t0, t].
function series(name, k) {
  const out = [];
  for (let i = 1; i < samples.length; i++) {
    out.push({ t0: samples[i - 1].millis, t: samples[i].millis, v: rate(samples[i - 1], samples[i], name, k), gap: samples[i].millis - samples[i - 1].millis > GAP_MS });
  }
  return out;
}

// ---- SVG drawing ----
// The smallest of 1, 2, 5 × 10^n at or above v (at least `floor`): a scale that reads well.
function nice(v, floor) {
  v = Math.max(v, floor);
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  return [1, 2, 5, 10].map(m => m * p).find(m => m >= v);
}
// The span the charts show: the history there is, at least a minute, at most WINDOW_MS.
function span() {
  if (samples.length < 2) return 60_000;
  return Math.min(WINDOW_MS, Math.max(60_000, samples[samples.length - 1].millis - samples[0].millis));
}
// Replaces svg's paths: one per series, each rate a step over its interval (so even one shows),
// x by time over span(), y from 0 to top.
function draw(svg, lines, top, width, height) {
  const base = document.createElementNS(SVG, "path");   // the zero line, across the whole window
  base.setAttribute("d", "M0 " + (height - 0.5) + "H" + width);
  base.setAttribute("class", "base");
  svg.replaceChildren(base);
  const end = samples.length ? samples[samples.length - 1].millis : 0;
  for (const { points, cls } of lines) {
    let d = "";
    for (const p of points) {
      const x = t => Math.max(0, width - (end - t) / span() * width).toFixed(1);
      const y = (height - Math.min(p.v / top, 1) * (height - 2) - 1).toFixed(1);
      d += (d === "" || p.gap ? "M" : "L") + x(p.t0) + " " + y + "L" + x(p.t) + " " + y;
    }
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d || "M0 0");
    path.setAttribute("class", cls);
    svg.append(path);
  }
}

// ---- the page ----
function setState(state, text) {
  const el = $("state");
  if (el.dataset.state !== state || el.textContent !== text) { el.dataset.state = state; el.textContent = text; }
}

const FIELDS = ["name", "endpoints", "open", "total", "in", "out", "rate", "errors", "trend"];
// One row per service, rebuilt only when the set of services changes.
function buildRows(services) {
  const labels = [...document.querySelectorAll("#services thead th")].map(th => th.textContent);
  const body = document.querySelector("#services tbody");
  body.replaceChildren();
  rows.clear();
  for (const service of services) {
    const row = body.insertRow();
    row.dataset.service = service.name;
    row.setAttribute("role", "row");
    const cells = {};
    FIELDS.forEach((field, i) => {
      const cell = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) cell.scope = "row";
      cell.setAttribute("role", i === 0 ? "rowheader" : "cell");
      cell.dataset.field = field;
      cell.dataset.label = labels[i];
      if (i >= 2 && i <= 7) cell.className = "num";
      row.append(cell);
      cells[field] = cell;
    });
    const name = document.createElement("strong");
    name.textContent = service.name;
    const description = document.createElement("span");
    description.className = "muted small desc";
    description.textContent = service.description;
    cells.name.append(name, description);
    for (const endpoint of service.endpoints) {
      const code = document.createElement("code");
      code.textContent = endpoint;
      cells.endpoints.append(code, " ");
    }
    const spark = document.createElementNS(SVG, "svg");
    spark.setAttribute("viewBox", "0 0 120 28");
    spark.setAttribute("preserveAspectRatio", "none");
    spark.setAttribute("class", "spark");
    spark.setAttribute("role", "img");
    cells.trend.append(spark);
    rows.set(service.name, { row, cells, spark });
  }
  known = services.map(s => s.name).join("\n");
}

// Everything that depends on the samples; called once per sample.
function render(jvm) {
  const last = samples[samples.length - 1], prev = samples[samples.length - 2];
  if (!last) return;
  for (const [name, { cells, spark }] of rows) {
    const c = last.services[name];
    if (!c) continue;
    cells.open.textContent = count(c[OPEN]);
    cells.total.textContent = count(c[TOTAL]);
    if (c[REFUSED] > 0) cells.total.textContent += " (" + count(c[REFUSED]) + " refused)";
    cells.in.textContent = bytes(c[IN]);
    cells.out.textContent = bytes(c[OUT]);
    cells.rate.textContent = prev ? perSecond(rate(prev, last, name, MSGS)) : "–";
    cells.errors.textContent = count(c[ERRORS]);
    cells.errors.classList.toggle("bad", c[ERRORS] > 0);
    const points = series(name, MSGS);
    const peak = Math.max(0, ...points.map(p => p.v));
    draw(spark, [{ points, cls: "line" }], nice(peak, 1), 120, 28);
    spark.setAttribute("aria-label", name + ": messages per second over " + minutes() + ", peak " + perSecond(peak));
  }
  // Totals over every service, and the throughput chart.
  if (prev) {
    $("total-in").textContent = bytes(rate(prev, last, null, IN)) + "/s";
    $("total-out").textContent = bytes(rate(prev, last, null, OUT)) + "/s";
    $("total-msgs").textContent = perSecond(rate(prev, last, null, MSGS)) + "/s";
  }
  $("total-open").textContent = count(Object.values(last.services).reduce((sum, c) => sum + c[OPEN], 0));
  const ins = series(null, IN), outs = series(null, OUT);
  const peakIn = Math.max(0, ...ins.map(p => p.v)), peakOut = Math.max(0, ...outs.map(p => p.v));
  const top = nice(Math.max(peakIn, peakOut), 1024);
  draw($("chart"), [{ points: ins, cls: "line in" }, { points: outs, cls: "line out" }], top, 600, 160);
  $("chart").setAttribute("aria-label", "Bytes per second, all services, last " + minutes() + ": in peaked at "
    + bytes(peakIn) + "/s, out at " + bytes(peakOut) + "/s");
  $("chart-scale").textContent = "scale 0 to " + bytes(top) + "/s, " + minutes() + " ago to now";
  $("span").textContent = "last " + minutes() + ", all services";
  if (jvm) {
    const bounded = jvm.heapMax > 0 && jvm.heapMax < 2 ** 50;   // Long.MAX_VALUE means "no limit"
    $("heap").textContent = bytes(jvm.heapUsed) + (bounded ? " of " + bytes(jvm.heapMax) : " (no limit)");
    $("heap-bar").style.width = bounded ? Math.min(100, 100 * jvm.heapUsed / jvm.heapMax).toFixed(1) + "%" : "0";
    $("threads").textContent = count(jvm.threads);
    $("cpus").textContent = count(jvm.cpus);
    $("version").textContent = jvm.version;
  }
}

// Adds one sample from the stream, forgetting what left the window.
function add(sample) {
  const last = samples[samples.length - 1];
  if (last && sample.millis <= last.millis) return;
  samples.push(sample);
  while (samples.length && samples[0].millis < sample.millis - WINDOW_MS) samples.shift();
}

// The whole state from /status.json: on load, and when the stream comes back or sees new services.
async function resync() {
  if (resyncing) return;
  resyncing = true;
  try {
    const response = await fetch("/status.json", { cache: "no-store" });
    if (!response.ok) throw new Error("/status.json: HTTP " + response.status);
    const state = await response.json();
    $("model").textContent = state.model;
    $("pid").textContent = "· pid " + state.pid;
    samples = state.samples.filter(s => Object.keys(s.services).length > 0);
    if (state.services.map(s => s.name).join("\n") !== known) buildRows(state.services);
    render(state.jvm);
    if (!events) follow();
  } catch (e) {
    setState("reconnecting", "reconnecting… (" + e.message + ")");
    setTimeout(resync, 2000);
  } finally {
    resyncing = false;
  }
}

// Follows /events; EventSource reconnects by itself (the server asks for a retry after 2 s).
function follow() {
  events = new EventSource("/events");
  events.onopen = () => {
    setState("live", "live");
    if (lostOnce) resync();   // the server may have restarted: new services, counters from zero
  };
  events.onmessage = message => {
    const { sample, jvm } = JSON.parse(message.data);
    lastEvent = Date.now();
    setState("live", "live");
    add(sample);
    if (Object.keys(sample.services).join("\n") !== known) resync();
    render(jvm);
  };
  events.onerror = () => {
    lostOnce = true;
    setState("reconnecting", "reconnecting…" + (lastEvent ? " last update " + new Date(lastEvent).toLocaleTimeString() : ""));
    if (events.readyState === EventSource.CLOSED) { events = null; setTimeout(resync, 2000); }
  };
}

// A stream that is open but silent (a proxy holding it, a server stuck) is not "live".
setInterval(() => {
  if (lastEvent && $("state").dataset.state === "live" && Date.now() - lastEvent > STALE_MS) {
    setState("stale", "stale: no update since " + new Date(lastEvent).toLocaleTimeString());
  }
}, 1000);

// Colour theme: automatic (the system's), light or dark; remembered in this browser.
const THEMES = ["auto", "light", "dark"];
function applyTheme(theme) {
  if (theme === "auto") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  $("theme").textContent = theme;
  $("theme").setAttribute("aria-label", "Colour theme: " + (theme === "auto" ? "automatic" : theme) + " (change)");
}
$("theme").addEventListener("click", () => {
  const next = THEMES[(THEMES.indexOf($("theme").textContent) + 1) % THEMES.length];
  try { localStorage.setItem("switchboard-theme", next); } catch (e) { /* private mode: not remembered */ }
  applyTheme(next);
});
try { applyTheme(THEMES.includes(localStorage.getItem("switchboard-theme")) ? localStorage.getItem("switchboard-theme") : "auto"); }
catch (e) { applyTheme("auto"); }

resync();
