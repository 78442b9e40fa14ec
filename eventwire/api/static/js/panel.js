// The event panel: who, what, where, when and how sure, then the article's clean text with this event's
// evidence sentences highlighted (other events' evidence and place mentions are marked more lightly).
import { typeColor } from "./types.js";

function node(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") n.className = v;
    else if (k === "dataset") Object.assign(n.dataset, v);
    else n.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) n.append(c);
  return n;
}

function actorList(actors) {
  if (!actors || !actors.length) return node("span", { class: "muted" }, "not stated");
  const list = node("ul", { class: "actors" });
  for (const a of actors) {
    const code = a.code || [a.country, a.sector].filter(Boolean).join(" ");
    const named = a.name && a.name !== a.text ? ` (${a.name})` : "";
    list.append(node("li", {}, `${a.text}${named}`, code ? node("span", { class: "code" }, code) : null));
  }
  return list;
}

function placeText(loc) {
  if (!loc) return node("span", { class: "muted" }, "not located");
  const where = [loc.name, loc.admin1 && loc.admin1 !== loc.name ? loc.admin1 : null, loc.country].filter(Boolean);
  return node("span", {}, where.join(", "),
    node("span", { class: "muted" }, ` · ${loc.precision} · ${loc.lat.toFixed(3)}, ${loc.lon.toFixed(3)}`));
}

function dateText(ev) {
  if (!ev.date) return node("span", { class: "muted" }, "unknown");
  const how = ev.date_precision === "publication" ? "publication date" : `to the ${ev.date_precision}`;
  return node("span", {}, ev.date, node("span", { class: "muted" },
    ` · ${how}${ev.date_text ? ` · “${ev.date_text}”` : ""}`));
}

function facts(ev) {
  const rows = [
    ["Date", dateText(ev)],
    ["Actors", actorList(ev.actors)],
    ["Recipients", actorList(ev.recipients)],
    ["Place", placeText(ev.location)],
    ["Killed", ev.fatalities ?? node("span", { class: "muted" }, "not stated")],
    ["Injured", ev.injured ?? node("span", { class: "muted" }, "not stated")],
    ["Modality", node("span", { class: `badge modality-${ev.modality}` }, ev.modality)],
    ["Attribution", ev.attribution || node("span", { class: "muted" }, "none")],
    ["Confidence", `${Math.round((ev.confidence || 0) * 100)}%`],
  ];
  const dl = node("dl", { class: "facts" });
  for (const [label, value] of rows) dl.append(node("dt", {}, label), node("dd", { dataset: { fact: label } }, value));
  return dl;
}

// Split the text at every span boundary; each piece carries the classes of the spans covering it.
export function markedText(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(text.length, s.start)));
    cuts.add(Math.max(0, Math.min(text.length, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) { out.append(piece); continue; }
    const classes = [...new Set(covering.map((s) => s.cls))];
    const tag = classes.includes("evidence") ? "mark" : "span";
    const n = node(tag, { class: classes.join(" ") }, piece);
    const other = covering.find((s) => s.eventId);
    if (other && !classes.includes("evidence")) n.dataset.eventId = other.eventId;
    out.append(n);
  }
  return out;
}

function article(ev, doc, onSelect) {
  const spans = [];
  for (const s of ev.evidence || []) spans.push({ start: s.start, end: s.end, cls: "evidence" });
  for (const other of doc.events || []) {
    if (other.event_id === ev.event_id) continue;
    for (const s of other.evidence || []) spans.push({ start: s.start, end: s.end, cls: "other-evidence", eventId: other.event_id });
  }
  for (const p of doc.places || []) {
    if (p.start !== null && p.start !== undefined) spans.push({ start: p.start, end: p.end, cls: "place" });
  }
  const body = node("div", { class: "article-text" });
  body.append(markedText(doc.text || "", spans));
  body.addEventListener("click", (e) => {
    const id = e.target.closest("[data-event-id]")?.dataset.eventId;
    if (id) onSelect(id);
  });
  return body;
}

function source(doc) {
  const bits = [doc.outlet, doc.published, (doc.wire || []).length ? `wire: ${doc.wire.join(", ")}` : null]
    .filter(Boolean).join(" · ");
  const title = doc.url
    ? node("a", { href: doc.url, target: "_blank", rel: "noopener noreferrer" }, doc.title || doc.url)
    : (doc.title || doc.source);
  return node("div", { class: "source" }, node("div", { class: "source-title" }, title),
    node("div", { class: "muted" }, bits || doc.source));
}

function others(ev, doc, onSelect) {
  const rest = (doc.events || []).filter((e) => e.event_id !== ev.event_id);
  if (!rest.length) return null;
  const list = node("ul", { class: "others" });
  for (const o of rest) {
    const b = node("button", { type: "button", dataset: { eventId: o.event_id } },
      node("span", { class: "chip", style: `background:${typeColor(o.plover?.type)}` }),
      `${o.plover?.type || "?"} · ${(o.actors || []).map((a) => a.name || a.text).join("; ") || "?"} → ` +
      `${(o.recipients || []).map((a) => a.name || a.text).join("; ") || "?"}`);
    b.addEventListener("click", () => onSelect(o.event_id));
    list.append(node("li", {}, b));
  }
  return node("section", {}, node("h3", {}, `Other events in this article (${rest.length})`), list);
}

export function renderPanel(container, ev, doc, { onSelect, onClose, onBack = null }) {
  const type = ev.plover?.type || "unknown";
  const close = node("button", { type: "button", class: "close", "aria-label": "close" }, "×");
  close.addEventListener("click", onClose);
  let back = null;
  if (onBack) {
    back = node("button", { type: "button", class: "back" }, "← all reports of this event");
    back.addEventListener("click", onBack);
  }
  const cameo = ev.cameo ? `CAMEO ${ev.cameo.code} · quad ${ev.cameo.quad_class} · Goldstein ${ev.cameo.goldstein}` : "";
  const header = node("header", {},
    node("h2", {}, node("span", { class: "chip", style: `background:${typeColor(type)}` }), type,
      ev.plover?.mode ? node("span", { class: "mode" }, `\u2009/\u2009${ev.plover.mode}`) : null),
    node("div", { class: "muted" }, cameo), close);
  const count = (ev.evidence || []).length;
  const text = article(ev, doc, onSelect);
  const parts = [back, header, facts(ev), source(doc),
    node("section", {}, node("h3", {}, `Article text · ${count} evidence sentence${count === 1 ? "" : "s"} highlighted`),
      text),
    others(ev, doc, onSelect)];
  container.replaceChildren(...parts.filter((p) => p !== null)); // replaceChildren would print "null"
  container.dataset.eventId = ev.event_id;
  delete container.dataset.clusterId;
  container.hidden = false;
  const first = text.querySelector("mark.evidence");
  if (first) first.scrollIntoView({ block: "center" });
  container.scrollTop = 0;
}

// ---- a real event: the consensus over its reports, and the list of them (each opens the event panel)
function figure(value, range) {
  if (value === null || value === undefined) return node("span", { class: "muted" }, "not stated");
  const spread = range && range[0] !== range[1] ? node("span", { class: "muted" }, ` · reports say ${range[0]}–${range[1]}`) : null;
  return node("span", {}, String(value), spread);
}

function clusterFacts(c) {
  const docs = c.documents === c.mentions ? "" : ` in ${c.documents} documents`;
  const seen = c.first_seen === c.last_seen ? c.first_seen : `${c.first_seen} to ${c.last_seen}`;
  const rows = [
    ["Date", dateText(c)],
    ["Actors", actorList(c.actors)],
    ["Recipients", actorList(c.recipients)],
    ["Place", placeText(c.location)],
    ["Killed", figure(c.fatalities, c.fatalities_range)],
    ["Injured", figure(c.injured, c.injured_range)],
    ["Modality", node("span", { class: `badge modality-${c.modality}` }, c.modality)],
    ["Reported", `${c.mentions} report${c.mentions === 1 ? "" : "s"}${docs} by ${(c.outlets || []).length || "no named"} outlet${(c.outlets || []).length === 1 ? "" : "s"}`],
    ["Outlets", (c.outlets || []).join(", ") || node("span", { class: "muted" }, "not named")],
    ["Published", seen || node("span", { class: "muted" }, "unknown")],
  ];
  const dl = node("dl", { class: "facts" });
  for (const [label, value] of rows) dl.append(node("dt", {}, label), node("dd", { dataset: { fact: label } }, value));
  return dl;
}

function reportList(reports, onReport) {
  const list = node("ul", { class: "reports" });
  for (const r of reports) {
    const killed = r.fatalities !== null && r.fatalities !== undefined ? ` · ${r.fatalities} killed` : "";
    const b = node("button", { type: "button", class: "report", dataset: { eventId: r.event_id } },
      node("span", { class: "report-source" }, `${r.outlet || "unknown outlet"} · ${r.published || "undated"}`),
      node("span", { class: "report-title" }, r.title || r.doc_id),
      node("span", { class: "muted" }, `${r.plover?.type || "?"} · ${r.date || "undated"}${killed}`));
    b.addEventListener("click", () => onReport(r.event_id));
    list.append(node("li", {}, b));
  }
  return list;
}

export function renderClusterPanel(container, cluster, { onReport, onClose }) {
  const type = cluster.plover?.type || "unknown";
  const close = node("button", { type: "button", class: "close", "aria-label": "close" }, "×");
  close.addEventListener("click", onClose);
  const cameo = cluster.cameo ? `CAMEO ${cluster.cameo.code} · quad ${cluster.cameo.quad_class} · Goldstein ${cluster.cameo.goldstein}` : "";
  const header = node("header", {},
    node("h2", {}, node("span", { class: "chip", style: `background:${typeColor(type)}` }), type,
      cluster.plover?.mode ? node("span", { class: "mode" }, `\u2009/\u2009${cluster.plover.mode}`) : null),
    node("div", { class: "muted" }, `consensus of ${cluster.mentions} report${cluster.mentions === 1 ? "" : "s"} · ${cameo}`), close);
  const reports = cluster.reports || [];
  container.replaceChildren(header, clusterFacts(cluster),
    node("section", {}, node("h3", {}, `Reports (${reports.length}): open one to read its evidence`),
      reportList(reports, onReport)));
  container.dataset.clusterId = cluster.cluster_id;
  delete container.dataset.eventId;
  container.hidden = false;
  container.scrollTop = 0;
}
