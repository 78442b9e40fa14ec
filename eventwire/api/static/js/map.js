// The event map: country outlines (Natural Earth, served by eventwire) in Web Mercator on SVG, events as
// markers coloured by PLOVER type and sized by fatalities, clustered on a screen grid. No tiles, no network.
import { markerRadius, typeColor } from "./types.js";

const SVG = "http://www.w3.org/2000/svg";
const WORLD = 1000; // country paths are drawn once in a WORLD x WORLD square and scaled by a transform
const MAX_LAT = 85.05113; // where Web Mercator is cut off (the square's edge)
const CLUSTER_PX = 40; // markers within one grid cell of this many screen pixels are drawn as one cluster
const MAX_SCALE = 2 ** 22; // pixels per world at the deepest zoom (street level): k is pixels across the world
const ZOOM_STEP = 2;
const SAME_PLACE_PX = 8; // a cluster whose members lie this close at the deepest zoom is one place: list it
const ANTARCTICA = "010";

export function project(lon, lat) {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2];
}

export function unproject(x, y) {
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  return [x * 360 - 180, lat];
}

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

// A ring that crosses the antimeridian (Russia's far east, Fiji) is drawn past the right edge instead of
// as a streak across the whole map.
function ringPath(ring) {
  const jumps = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
  let d = "";
  ring.forEach(([lon, lat], i) => {
    const [x, y] = project(jumps && lon < 0 ? lon + 360 : lon, lat);
    d += `${i ? "L" : "M"}${(x * WORLD).toFixed(2)},${(y * WORLD).toFixed(2)}`;
  });
  return d + "Z";
}

function geometryPath(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flat().map(ringPath).join("");
}

function piePath(r, start, end) {
  if (end - start >= 0.9999) return `M${-r},0A${r},${r} 0 1 1 ${r},0A${r},${r} 0 1 1 ${-r},0Z`;
  const a0 = 2 * Math.PI * start - Math.PI / 2;
  const a1 = 2 * Math.PI * end - Math.PI / 2;
  const large = end - start > 0.5 ? 1 : 0;
  return `M0,0L${r * Math.cos(a0)},${r * Math.sin(a0)}A${r},${r} 0 ${large} 1 ${r * Math.cos(a1)},${r * Math.sin(a1)}Z`;
}

function reportsLabel(p) {
  const outlets = p.outlet_count || 0;
  const by = outlets ? `${outlets} outlet${outlets === 1 ? "" : "s"}` : "outlet not named";
  return `${p.mentions} report${p.mentions === 1 ? "" : "s"}, ${by}`;
}

export class EventMap {
  constructor(container, { onSelect, onViewChange }) {
    this.container = container;
    this.onSelect = onSelect;
    this.onViewChange = onViewChange;
    this.features = [];
    this.selected = null;
    this.k = 256;
    this.tx = 0;
    this.ty = 0;
    this.svg = el("svg", { class: "map-svg", role: "img", "aria-label": "map of events" }, container);
    el("rect", { class: "sea", x: 0, y: 0, width: "100%", height: "100%" }, this.svg);
    this.land = el("g", { class: "land" }, this.svg);
    this.markers = el("g", { class: "markers" }, this.svg);
    this.halo = el("circle", { class: "halo", r: 14, visibility: "hidden" }, this.svg);
    this.popup = document.createElement("div");
    this.popup.className = "map-popup";
    this.popup.hidden = true;
    container.appendChild(this.popup);
    this._controls();
    this._interaction();
    new ResizeObserver(() => this._render()).observe(container);
  }

  // ---- data
  setWorld(topology) {
    const countries = window.topojson.feature(topology, topology.objects.countries).features;
    const frag = document.createDocumentFragment();
    for (const country of countries) {
      if (!country.geometry || country.id === ANTARCTICA) continue;
      const path = el("path", { d: geometryPath(country.geometry), class: "country" });
      el("title", {}, path).textContent = country.properties.name;
      frag.appendChild(path);
    }
    this.land.replaceChildren(frag);
    this._applyTransform();
  }

  setEvents(features) {
    this.features = features.map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      const [x, y] = project(lon, lat);
      return { id: f.id, x, y, p: f.properties };
    });
    this._cluster();
  }

  select(eventId) {
    this.selected = eventId;
    this._placeHalo();
  }

  // ---- view
  size() {
    return [this.container.clientWidth || 800, this.container.clientHeight || 500];
  }

  fitBounds(west, south, east, north, maxScale = 2 ** 12) {
    const [w, h] = this.size();
    const [x0, y0] = project(west, north);
    const [x1, y1] = project(east, south);
    const pad = 40;
    const k = Math.min((w - 2 * pad) / Math.max(x1 - x0, 1e-9), (h - 2 * pad) / Math.max(y1 - y0, 1e-9), maxScale);
    this._setView(Math.max(k, this._minScale()), w / 2 - ((x0 + x1) / 2) * k, h / 2 - ((y0 + y1) / 2) * k);
  }

  fitWorld() {
    this.fitBounds(-170, -56, 180, 75);
  }

  fitEvents() {
    if (!this.features.length) return this.fitWorld();
    const lons = this.features.map((f) => unproject(f.x, f.y)[0]);
    const lats = this.features.map((f) => unproject(f.x, f.y)[1]);
    this.fitBounds(Math.min(...lons) - 2, Math.min(...lats) - 2, Math.max(...lons) + 2, Math.max(...lats) + 2, 2 ** 11);
  }

  // The visible area as [west, south, east, north], clamped to the world; null when it shows all of it.
  bbox() {
    const [w, h] = this.size();
    const [west, north] = unproject(Math.max(0, -this.tx / this.k), Math.max(0, -this.ty / this.k));
    const [east, south] = unproject(Math.min(1, (w - this.tx) / this.k), Math.min(1, (h - this.ty) / this.k));
    if (west <= -179.9 && east >= 179.9) return null;
    const r = (v) => Math.round(v * 1000) / 1000;
    return [r(west), r(Math.max(-90, south)), r(east), r(Math.min(90, north))];
  }

  zoomBy(factor, cx = null, cy = null) {
    const [w, h] = this.size();
    cx = cx ?? w / 2;
    cy = cy ?? h / 2;
    const k = Math.max(this._minScale(), Math.min(MAX_SCALE, this.k * factor));
    const f = k / this.k;
    this._setView(k, cx - (cx - this.tx) * f, cy - (cy - this.ty) * f);
  }

  _minScale() {
    const [w, h] = this.size();
    return Math.min(w, h) * 0.8;
  }

  _setView(k, tx, ty) {
    const rescaled = k !== this.k;
    this.k = k;
    this.tx = tx;
    this.ty = ty;
    this._applyTransform();
    if (rescaled) this._cluster();
    else this._placeHalo();
    this.popup.hidden = true;
    if (this.onViewChange) this.onViewChange();
  }

  _applyTransform() {
    const s = this.k / WORLD;
    this.land.setAttribute("transform", `matrix(${s},0,0,${s},${this.tx},${this.ty})`);
    this.markers.setAttribute("transform", `translate(${this.tx},${this.ty})`);
    this.svg.dataset.scale = String(Math.round(this.k));
  }

  _render() {
    this._applyTransform();
    this._cluster();
  }

  // ---- markers
  _cluster() {
    const cells = new Map();
    for (const f of this.features) {
      const px = f.x * this.k;
      const py = f.y * this.k;
      const key = `${Math.floor(px / CLUSTER_PX)}:${Math.floor(py / CLUSTER_PX)}`;
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { sx: 0, sy: 0, members: [] }));
      c.sx += px;
      c.sy += py;
      c.members.push(f);
    }
    const frag = document.createDocumentFragment();
    for (const c of cells.values()) {
      const cx = c.sx / c.members.length;
      const cy = c.sy / c.members.length;
      frag.appendChild(c.members.length === 1 ? this._marker(c.members[0]) : this._clusterNode(c.members, cx, cy));
    }
    this.markers.replaceChildren(frag);
    this.svg.dataset.events = String(this.features.length);
    this._placeHalo();
  }

  // A real event (cluster) carries `mentions` and `outlet_count`; a report (event) has neither.
  _marker(f) {
    const node = el("circle", {
      class: "marker", cx: f.x * this.k, cy: f.y * this.k, r: markerRadius(f.p.fatalities),
      fill: typeColor(f.p.plover_type), "data-event-id": f.id, "data-type": f.p.plover_type || "", tabindex: 0,
    });
    const killed = f.p.fatalities ? `, ${f.p.fatalities} killed` : "";
    el("title", {}, node).textContent =
      `${f.p.date || "undated"} ${f.p.plover_type || ""}: ${f.p.actors || "?"} → ${f.p.recipients || "?"}` +
      ` (${f.p.place || ""}${killed})` + (f.p.mentions ? ` · ${reportsLabel(f.p)}` : "");
    node.addEventListener("click", (e) => { e.stopPropagation(); this.onSelect(f.id); });
    node.addEventListener("keydown", (e) => { if (e.key === "Enter") this.onSelect(f.id); });
    if (!f.p.mentions) return node;
    node.dataset.mentions = f.p.mentions;
    node.dataset.outlets = f.p.outlet_count;
    if (f.p.mentions < 2) return node;
    // the number of reports, on a badge at the marker's upper right
    const r = markerRadius(f.p.fatalities);
    const badge = el("g", { class: "marker-reports", transform: `translate(${f.x * this.k + r},${f.y * this.k - r})` });
    el("circle", { r: 7 }, badge);
    el("text", { dy: "0.35em" }, badge).textContent = String(f.p.mentions);
    const frag = document.createDocumentFragment();
    frag.append(node, badge);
    return frag;
  }

  _clusterNode(members, cx, cy) {
    const counts = {};
    let killed = 0;
    for (const m of members) {
      const t = m.p.plover_type || "?";
      counts[t] = (counts[t] || 0) + 1;
      killed += m.p.fatalities || 0;
    }
    const r = Math.min(30, 11 + 4 * Math.log2(members.length)) + (killed ? Math.min(8, Math.log2(1 + killed)) : 0);
    const types = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    const g = el("g", {
      class: "cluster", transform: `translate(${cx},${cy})`, "data-count": members.length,
      "data-types": types.map(([t, n]) => `${t}:${n}`).join(","), tabindex: 0,
    });
    let at = 0;
    for (const [t, n] of types) {
      el("path", { d: piePath(r, at, at + n / members.length), fill: typeColor(t) }, g);
      at += n / members.length;
    }
    el("circle", { r: r * 0.55, class: "cluster-hole" }, g);
    el("text", { class: "cluster-count", dy: "0.35em" }, g).textContent = String(members.length);
    el("title", {}, g).textContent = `${members.length} events` + (killed ? `, ${killed} killed` : "") + ": " +
      types.map(([t, n]) => `${n} ${t}`).join(", ");
    const open = (e) => { e.stopPropagation(); this._openCluster(members, cx, cy); };
    g.addEventListener("click", open);
    g.addEventListener("keydown", (e) => { if (e.key === "Enter") open(e); });
    return g;
  }

  // Zoom in on a cluster; when its events share one place (a city-level geocode), list them instead.
  _openCluster(members, cx, cy) {
    const xs = members.map((m) => m.x);
    const ys = members.map((m) => m.y);
    const spread = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) * MAX_SCALE;
    if (spread > SAME_PLACE_PX && this.k < MAX_SCALE) {
      const [west, north] = unproject(Math.min(...xs), Math.min(...ys));
      const [east, south] = unproject(Math.max(...xs), Math.max(...ys));
      this.fitBounds(west, south, east, north, Math.max(this.k * ZOOM_STEP, 2 ** 10));
      return;
    }
    this._showPopup(members, cx + this.tx, cy + this.ty);
  }

  _showPopup(members, x, y) {
    const list = document.createElement("ul");
    const sorted = [...members].sort((a, b) => String(b.p.date).localeCompare(String(a.p.date)));
    for (const m of sorted.slice(0, 50)) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.eventId = m.id;
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.style.background = typeColor(m.p.plover_type);
      button.append(chip, `${m.p.date || "undated"} ${m.p.plover_type || ""} · ${m.p.actors || "?"} → ` +
        `${m.p.recipients || "?"}` + (m.p.mentions ? ` · ${reportsLabel(m.p)}` : ""));
      button.addEventListener("click", () => { this.popup.hidden = true; this.onSelect(m.id); });
      item.appendChild(button);
      list.appendChild(item);
    }
    const title = document.createElement("div");
    title.className = "map-popup-title";
    title.textContent = `${members.length} events at ${members[0].p.place || "this place"}` +
      (members.length > 50 ? " (newest 50)" : "");
    this.popup.replaceChildren(title, list);
    const [w, h] = this.size();
    this.popup.style.left = `${Math.min(Math.max(8, x + 12), w - 300)}px`;
    this.popup.style.top = `${Math.min(Math.max(8, y - 20), h - 220)}px`;
    this.popup.hidden = false;
  }

  _placeHalo() {
    const f = this.selected && this.features.find((m) => m.id === this.selected);
    if (!f) return this.halo.setAttribute("visibility", "hidden");
    this.halo.setAttribute("cx", f.x * this.k + this.tx);
    this.halo.setAttribute("cy", f.y * this.k + this.ty);
    this.halo.setAttribute("visibility", "visible");
  }

  // ---- interaction: drag to pan, wheel / double-click / buttons to zoom
  _controls() {
    const box = document.createElement("div");
    box.className = "map-controls";
    const buttons = [["+", "zoom in", () => this.zoomBy(ZOOM_STEP)], ["−", "zoom out", () => this.zoomBy(1 / ZOOM_STEP)],
      ["⤢", "show all events", () => this.fitEvents()]];
    for (const [label, title, action] of buttons) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.title = title;
      b.setAttribute("aria-label", title);
      b.addEventListener("click", action);
      box.appendChild(b);
    }
    this.container.appendChild(box);
  }

  _interaction() {
    let drag = null;
    this.svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false };
    });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 3) return;
      if (!drag.moved) this.svg.setPointerCapture?.(e.pointerId);
      drag.moved = true;
      this.svg.classList.add("dragging");
      this.tx = drag.tx + dx;
      this.ty = drag.ty + dy;
      this._applyTransform();
      this._placeHalo();
    });
    window.addEventListener("pointerup", () => {
      if (drag && drag.moved) {
        this.svg.classList.remove("dragging");
        this.popup.hidden = true;
        if (this.onViewChange) this.onViewChange();
      }
      drag = null;
    });
    this.svg.addEventListener("click", () => { this.popup.hidden = true; });
    this.svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const rect = this.svg.getBoundingClientRect();
      this.zoomBy(2 ** (-e.deltaY / 400), e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
    this.svg.addEventListener("dblclick", (e) => {
      const rect = this.svg.getBoundingClientRect();
      this.zoomBy(ZOOM_STEP, e.clientX - rect.left, e.clientY - rect.top);
    });
    window.addEventListener("keydown", (e) => { if (e.key === "Escape") this.popup.hidden = true; });
  }
}
