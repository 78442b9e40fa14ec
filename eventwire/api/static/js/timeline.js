// The timeline: events per day as bars; dragging across it (brushing) sets the date filter, a click
// without dragging clears it. Events dated only to a month or year, or not at all, are counted aside.
const SVG = "http://www.w3.org/2000/svg";
const DAY_MS = 86_400_000;
const MARGIN = { left: 34, right: 26, top: 10, bottom: 20 };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MAX_TICKS = 9;
const CLICK_PX = 4; // a drag shorter than this is a click

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function dayNumber(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function isoDay(n) {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function ticks(first, last) {
  const span = last - first;
  const out = [];
  if (span <= 20) {
    for (let n = first; n <= last; n++) out.push(n);
  } else if (span <= 120) {
    for (let n = first; n <= last; n += 7) out.push(n);
  } else {
    const start = new Date(first * DAY_MS);
    for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); ; m++) {
      const n = Date.UTC(y, m, 1) / DAY_MS;
      if (n > last) break;
      if (n >= first) out.push(n);
    }
  }
  const every = Math.ceil(out.length / MAX_TICKS);
  return out.filter((_, i) => i % every === 0);
}

function tickLabel(n, span) {
  const d = new Date(n * DAY_MS);
  return span > 120 ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

export class Timeline {
  constructor(container, { onBrush }) {
    this.container = container;
    this.onBrush = onBrush;
    this.days = new Map();
    this.aside = 0;
    this.range = [null, null];
    this.svg = el("svg", { class: "timeline-svg", role: "img", "aria-label": "events per day" }, container);
    this.note = document.createElement("div");
    this.note.className = "timeline-note";
    container.appendChild(this.note);
    this._brushing();
    new ResizeObserver(() => this.render()).observe(container);
  }

  // byDay: {"2023-05-11": 6, "2023-09": 1, "unknown": 9, ...} from /api/stats
  setData(byDay) {
    this.days = new Map();
    this.aside = 0;
    for (const [key, count] of Object.entries(byDay || {})) {
      if (DAY_RE.test(key)) this.days.set(dayNumber(key), count);
      else this.aside += count;
    }
    this.render();
  }

  setRange(since, until) {
    this.range = [since || null, until || null];
    this.render();
  }

  _domain() {
    const keys = [...this.days.keys()];
    if (!keys.length) return null;
    return [Math.min(...keys), Math.max(...keys) + 1]; // the last day's bar ends a day later
  }

  _x(n) {
    const [first, end] = this.domain;
    return MARGIN.left + ((n - first) / (end - first)) * this.plotWidth;
  }

  _dayAt(px) {
    const [first, end] = this.domain;
    const n = first + ((px - MARGIN.left) / this.plotWidth) * (end - first);
    return Math.max(first, Math.min(end - 1, Math.floor(n)));
  }

  render() {
    const width = this.container.clientWidth || 600;
    const height = Math.max(80, (this.container.clientHeight || 120) - 22);
    this.svg.setAttribute("width", width);
    this.svg.setAttribute("height", height);
    this.svg.replaceChildren();
    this.domain = this._domain();
    this.plotWidth = width - MARGIN.left - MARGIN.right;
    const plotHeight = height - MARGIN.top - MARGIN.bottom;
    const total = [...this.days.values()].reduce((a, b) => a + b, 0);
    this.note.textContent = (this.domain ? `${total} events by day` : "no dated events") +
      (this.aside ? ` · ${this.aside} dated only to a month or year, or undated, are not shown` : "") +
      (this.domain ? " · drag across to filter by date, click to clear" : "");
    if (!this.domain) return;
    const [first, end] = this.domain;
    const max = Math.max(...this.days.values());
    const dayWidth = this.plotWidth / (end - first);
    const [since, until] = this.range;
    const lo = since ? dayNumber(since) : -Infinity;
    const hi = until ? dayNumber(until) : Infinity;
    const bars = el("g", { class: "bars" }, this.svg);
    for (const [n, count] of this.days) {
      const h = Math.max(1, (count / max) * plotHeight);
      el("rect", {
        x: this._x(n), y: MARGIN.top + plotHeight - h, width: Math.max(1, dayWidth - (dayWidth > 4 ? 1 : 0)),
        height: h, class: n >= lo && n <= hi ? "bar" : "bar dim", "data-day": isoDay(n), "data-count": count,
      }, bars);
    }
    const axis = el("g", { class: "axis" }, this.svg);
    el("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight },
      axis);
    for (const n of ticks(first, end - 1)) {
      el("text", { x: this._x(n), y: height - 5, class: "tick" }, axis).textContent = tickLabel(n, end - first);
    }
    el("text", { x: MARGIN.left - 4, y: MARGIN.top + 8, class: "ymax" }, axis).textContent = String(max);
    if (since || until) {
      const x0 = this._x(Math.max(first, lo));
      const x1 = this._x(Math.min(end, hi + 1));
      if (x1 > x0) {
        el("rect", { class: "brush", x: x0, y: MARGIN.top, width: x1 - x0, height: plotHeight }, this.svg);
      }
    }
    this.plotTop = MARGIN.top;
    this.plotHeight = plotHeight;
  }

  _brushing() {
    let start = null;
    let live = null;
    const local = (e) => e.clientX - this.svg.getBoundingClientRect().left;
    this.svg.addEventListener("pointerdown", (e) => {
      if (!this.domain || e.button !== 0) return;
      start = Math.max(MARGIN.left, Math.min(MARGIN.left + this.plotWidth, local(e)));
      this.svg.setPointerCapture?.(e.pointerId);
      live = el("rect", { class: "brush live", x: start, y: this.plotTop, width: 0, height: this.plotHeight }, this.svg);
    });
    this.svg.addEventListener("pointermove", (e) => {
      if (start === null) return;
      const x = Math.max(MARGIN.left, Math.min(MARGIN.left + this.plotWidth, local(e)));
      live.setAttribute("x", Math.min(start, x));
      live.setAttribute("width", Math.abs(x - start));
    });
    const finish = (e) => {
      if (start === null) return;
      const x = Math.max(MARGIN.left, Math.min(MARGIN.left + this.plotWidth, local(e)));
      const [a, b] = [Math.min(start, x), Math.max(start, x)];
      start = null;
      if (b - a < CLICK_PX) return this.onBrush(null, null);
      this.onBrush(isoDay(this._dayAt(a)), isoDay(this._dayAt(b)));
    };
    this.svg.addEventListener("pointerup", finish);
    this.svg.addEventListener("pointercancel", () => { start = null; this.render(); });
  }
}
