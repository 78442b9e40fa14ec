// The list: one row per real event (a cluster, with its report and outlet counts) or per report (an
// event as one article tells it), newest first, pages appended with the API's cursor.
import { typeColor } from "./types.js";

function names(actors) {
  return (actors || []).map((a) => a.name || a.text).join("; ");
}

export function reportsText(cluster) {
  const n = cluster.mentions;
  const outlets = (cluster.outlets || []).length;
  const by = outlets ? `${outlets} outlet${outlets === 1 ? "" : "s"}` : "outlet not named";
  return `${n} report${n === 1 ? "" : "s"} · ${by}`;
}

function row(ev, onSelect) {
  const li = document.createElement("li");
  const button = document.createElement("button");
  const id = ev.cluster_id || ev.event_id;
  button.type = "button";
  button.className = ev.cluster_id ? "event-row cluster-row" : "event-row";
  if (ev.cluster_id) {
    button.dataset.clusterId = ev.cluster_id;
    button.dataset.mentions = ev.mentions;
  } else {
    button.dataset.eventId = ev.event_id;
  }
  button.dataset.type = ev.plover?.type || "";
  const chip = document.createElement("span");
  chip.className = "chip";
  chip.style.background = typeColor(ev.plover?.type);
  const head = document.createElement("span");
  head.className = "row-head";
  const killed = ev.fatalities ? ` · ${ev.fatalities} killed` : "";
  head.append(chip, `${ev.date || "undated"} · ${ev.plover?.type || "?"}${killed}`);
  if (ev.modality && ev.modality !== "asserted") {
    const badge = document.createElement("span");
    badge.className = `badge modality-${ev.modality}`;
    badge.textContent = ev.modality;
    head.append(" ", badge);
  }
  const who = document.createElement("span");
  who.className = "row-who";
  who.textContent = `${names(ev.actors) || "?"} → ${names(ev.recipients) || "?"}`;
  const where = document.createElement("span");
  where.className = "row-where muted";
  const loc = ev.location;
  where.textContent = [loc ? `${loc.name}, ${loc.country}` : "not located", ev.outlet].filter(Boolean).join(" · ");
  button.append(head, who, where);
  if (ev.cluster_id) {
    const reports = document.createElement("span");
    reports.className = `row-reports${ev.mentions > 1 ? " many" : ""}`;
    reports.textContent = reportsText(ev);
    reports.title = (ev.outlets || []).join(", ");
    button.append(reports);
  }
  button.addEventListener("click", () => onSelect(id));
  li.appendChild(button);
  return li;
}

export class EventList {
  constructor(container, { onSelect, onMore }) {
    this.list = document.createElement("ul");
    this.list.className = "event-list";
    this.more = document.createElement("button");
    this.more.type = "button";
    this.more.className = "more";
    this.more.textContent = "Load more";
    this.more.hidden = true;
    this.more.addEventListener("click", onMore);
    this.onSelect = onSelect;
    container.append(this.list, this.more);
  }

  show(events, hasMore, append = false) {
    const frag = document.createDocumentFragment();
    for (const ev of events) frag.appendChild(row(ev, this.onSelect));
    if (append) this.list.appendChild(frag);
    else this.list.replaceChildren(frag);
    this.more.hidden = !hasMore;
  }

  mark(id) {
    for (const b of this.list.querySelectorAll(".event-row")) {
      b.classList.toggle("active", Boolean(id) && (b.dataset.clusterId || b.dataset.eventId) === id);
    }
  }
}
