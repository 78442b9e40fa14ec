// The eventwire page: filters (kept in the URL), map, timeline, list and event panel, wired to the API.
// Two views: "events" (the default) shows real events, each a cluster of the reports of it, with their
// report and outlet counts; "reports" shows every event as one article tells it (the API's mentions).
import { FILTER_KEYS, Latest, getJSON } from "./api.js";
import { EventList } from "./list.js";
import { EventMap } from "./map.js";
import { renderClusterPanel, renderPanel } from "./panel.js";
import { Timeline } from "./timeline.js";
import { PLOVER_TYPES, markerRadius, typeColor } from "./types.js";

const MAP_LIMIT = 5000; // markers per request; the API flags `truncated` beyond it
const LIST_PAGE = 50;
const TYPING_MS = 400; // wait this long after the last keystroke before filtering
const MAP_MOVE_MS = 250; // and this long after the map stops moving before asking for its events

const VIEWS = {
  events: { map: "/api/clusters.geojson", list: "/api/clusters", records: "clusters", count: "clusters" },
  reports: { map: "/api/events.geojson", list: "/api/events", records: "events", count: "mentions" },
};
const state = { filters: {}, view: "events", cluster: null, event: null, cursor: null };
const form = document.getElementById("filters");
const requests = { map: new Latest(), list: new Latest(), count: new Latest(), timeline: new Latest() };
let fittedOnce = false;

const map = new EventMap(document.getElementById("map"), { onSelect: open, onViewChange: debounce(loadMap, MAP_MOVE_MS) });
const timeline = new Timeline(document.getElementById("timeline"), {
  onBrush: (since, until) => setFilters({ ...state.filters, since, until }),
});
const list = new EventList(document.getElementById("list"), { onSelect: open, onMore: loadMore });
const panel = document.getElementById("panel");

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

function pick(obj, keys) {
  const out = {};
  for (const k of keys) if (obj[k]) out[k] = obj[k];
  return out;
}

// ---- URL <-> state: the URL always holds the filters and the open event, so any view can be shared
function readUrl() {
  const params = new URLSearchParams(location.search);
  state.filters = {};
  for (const k of FILTER_KEYS) if (params.get(k)) state.filters[k] = params.get(k);
  state.view = params.get("view") === "reports" ? "reports" : "events";
  state.cluster = state.view === "events" ? params.get("cluster") : null;
  state.event = params.get("event");
}

function writeUrl() {
  const params = new URLSearchParams(pick(state.filters, FILTER_KEYS));
  if (state.view !== "events") params.set("view", state.view);
  if (state.cluster) params.set("cluster", state.cluster);
  if (state.event) params.set("event", state.event);
  const url = `${location.pathname}${params.toString() ? `?${params}` : ""}`;
  if (url !== `${location.pathname}${location.search}`) history.pushState(null, "", url);
}

function syncForm() {
  for (const k of FILTER_KEYS) {
    form.elements[k].value = state.filters[k] || "";
    form.elements[k].classList.remove("invalid");
  }
  for (const b of document.querySelectorAll(".view-toggle button")) {
    b.setAttribute("aria-pressed", String(b.dataset.view === state.view));
  }
  document.body.dataset.view = state.view;
}

function showError(err) {
  const box = document.getElementById("error");
  if (!err) { box.hidden = true; return; }
  box.textContent = err.message;
  box.hidden = false;
  const input = err.field && form.elements[err.field];
  if (input) input.classList.add("invalid");
}

function setFilters(filters) {
  state.filters = pick(filters, FILTER_KEYS);
  writeUrl();
  syncForm();
  refresh();
}

// ---- loading
function refresh() {
  showError(null);
  timeline.setRange(state.filters.since, state.filters.until);
  return Promise.all([loadMap(), loadList(), loadCount(), loadTimeline()]).catch(showError);
}

async function loadMap() {
  const bbox = map.bbox();
  const params = { ...state.filters, limit: MAP_LIMIT, bbox: bbox ? bbox.join(",") : null };
  const data = await getJSON(VIEWS[state.view].map, params, requests.map.signal()).catch(showError);
  if (!data) return;
  map.setEvents(data.features);
  map.select(state.view === "events" ? state.cluster : state.event);
  if (!fittedOnce) {
    fittedOnce = true;
    map.fitEvents();
  }
  legend(data.features, data.truncated);
  document.body.dataset.mapLoaded = "true";
}

async function loadList() {
  const params = { ...state.filters, limit: LIST_PAGE };
  const view = VIEWS[state.view];
  const data = await getJSON(view.list, params, requests.list.signal());
  if (!data) return;
  state.cursor = data.next_cursor;
  list.show(data[view.records], Boolean(data.next_cursor));
  list.mark(markedId());
}

async function loadMore() {
  if (!state.cursor) return;
  const params = { ...state.filters, limit: LIST_PAGE, cursor: state.cursor };
  const view = VIEWS[state.view];
  const data = await getJSON(view.list, params, requests.list.signal()).catch(showError);
  if (!data) return;
  state.cursor = data.next_cursor;
  list.show(data[view.records], Boolean(data.next_cursor), true);
  list.mark(markedId());
}

async function loadCount() {
  const params = { ...state.filters, count: VIEWS[state.view].count };
  const stats = await getJSON("/api/stats", params, requests.count.signal());
  if (!stats) return;
  const filtered = Object.keys(state.filters).length ? " matching" : "";
  const what = stats.counted === "clusters"
    ? `${stats.events.toLocaleString()} events${filtered} (${stats.mentions.toLocaleString()} reports)`
    : `${stats.events.toLocaleString()} reports${filtered}`;
  document.getElementById("count").textContent = `${what} · ${stats.documents.toLocaleString()} articles`;
}

async function loadTimeline() {
  // the timeline counts under every filter but the dates, so a brush can always be moved or widened
  const params = { ...pick(state.filters, ["type", "country", "actor", "q"]), count: VIEWS[state.view].count };
  const stats = await getJSON("/api/stats", params, requests.timeline.signal());
  if (stats) timeline.setData(stats.by_day);
}

// the record the map and list highlight: the open cluster, or the open event in the reports view
function markedId() {
  return state.view === "events" ? state.cluster : state.event;
}

function mark() {
  map.select(markedId());
  list.mark(markedId());
}

// a marker or list row was chosen: a cluster in the events view, an event in the reports view
function open(id) {
  return state.view === "events" ? selectCluster(id) : select(id);
}

async function selectCluster(clusterId) {
  state.cluster = clusterId;
  state.event = null;
  writeUrl();
  mark();
  if (!clusterId) { panel.hidden = true; return; }
  try {
    const cluster = await getJSON(`/api/clusters/${encodeURIComponent(clusterId)}`);
    if (state.cluster !== clusterId || state.event) return; // something else was opened meanwhile
    renderClusterPanel(panel, cluster, { onReport: select, onClose: () => selectCluster(null) });
  } catch (err) {
    showError(err);
  }
}

async function select(eventId) {
  state.event = eventId;
  writeUrl();
  mark();
  if (!eventId) {
    if (state.cluster) return selectCluster(state.cluster);
    panel.hidden = true;
    return;
  }
  const clusterId = state.cluster;
  try {
    const ev = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
    const doc = await getJSON(`/api/documents/${encodeURIComponent(ev.doc_id)}`);
    if (state.event !== eventId) return; // another event was opened meanwhile
    const back = clusterId ? () => selectCluster(clusterId) : null;
    renderPanel(panel, ev, doc, { onSelect: select, onClose: back || (() => select(null)), onBack: back });
  } catch (err) {
    showError(err);
  }
}

function setView(view) {
  if (view === state.view) return;
  state.view = view;
  state.cluster = null;
  state.event = null;
  panel.hidden = true;
  writeUrl();
  syncForm();
  refresh();
}

// the panel shows the open event, else the open cluster
function reopen() {
  if (state.event) return select(state.event);
  if (state.cluster) return selectCluster(state.cluster);
  panel.hidden = true;
  return mark();
}

function legend(features, truncated) {
  const counts = {};
  for (const f of features) counts[f.properties.plover_type] = (counts[f.properties.plover_type] || 0) + 1;
  const box = document.getElementById("legend");
  const items = Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([type, n]) => {
    const item = document.createElement("button");
    item.type = "button";
    item.className = "legend-item";
    item.title = `show only ${type}`;
    item.dataset.type = type;
    const chip = document.createElement("span");
    chip.className = "chip";
    chip.style.background = typeColor(type);
    item.append(chip, `${type} ${n}`);
    item.addEventListener("click", () => setFilters({ ...state.filters, type }));
    return item;
  });
  const sizes = document.createElement("span");
  sizes.className = "legend-sizes";
  sizes.append("killed:");
  for (const n of [1, 10, 100]) {
    const dot = document.createElement("span");
    const d = 2 * markerRadius(n);
    dot.className = "size-dot";
    dot.style.width = dot.style.height = `${d}px`;
    sizes.append(dot, String(n));
  }
  const note = document.createElement("span");
  note.className = "muted";
  note.textContent = truncated ? `newest ${MAP_LIMIT.toLocaleString()} shown: zoom in or filter` :
    `${features.length.toLocaleString()} on the map`;
  box.replaceChildren(...items, sizes, note);
}

// ---- set-up
async function options() {
  const stats = await getJSON("/api/stats");
  const typeSelect = form.elements.type;
  for (const type of PLOVER_TYPES) {
    typeSelect.append(new Option(`${type} (${stats.by_type[type] || 0})`, type));
  }
  const countrySelect = form.elements.country;
  for (const [code, n] of Object.entries(stats.by_country)) {
    if (code !== "unknown") countrySelect.append(new Option(`${code} (${n})`, code));
  }
}

async function basemap() {
  try {
    const response = await fetch("/static/build/world.json");
    if (!response.ok || !window.topojson) throw new Error("missing");
    map.setWorld(await response.json());
  } catch {
    showError(new Error("The country outlines are not built: run `make setup` (it runs the npm build)."));
  }
}

function wireForm() {
  const apply = () => setFilters(Object.fromEntries(FILTER_KEYS.map((k) => [k, form.elements[k].value.trim()])));
  const typed = debounce(apply, TYPING_MS);
  form.addEventListener("change", (e) => { if (e.target.type !== "search") apply(); });
  form.addEventListener("input", (e) => { if (e.target.type === "search") typed(); });
  form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
  form.addEventListener("reset", (e) => { e.preventDefault(); setFilters({}); });
  for (const b of document.querySelectorAll(".view-toggle button")) {
    b.addEventListener("click", () => setView(b.dataset.view));
  }
  window.addEventListener("popstate", () => {
    readUrl();
    syncForm();
    refresh();
    reopen();
  });
}

async function start() {
  readUrl();
  wireForm();
  map.fitWorld();
  await Promise.all([options().catch(showError), basemap()]);
  syncForm();
  await refresh();
  await reopen();
  document.body.dataset.ready = "true";
}

start();
