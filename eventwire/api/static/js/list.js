// The event list: one row per event (newest first), pages appended with the API's cursor.
import { typeColor } from "./types.js";

function names(actors) {
  return (actors || []).map((a) => a.name || a.text).join("; ");
}

function row(ev, onSelect) {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "event-row";
  button.dataset.eventId = ev.event_id;
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
  button.addEventListener("click", () => onSelect(ev.event_id));
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

  mark(eventId) {
    for (const b of this.list.querySelectorAll(".event-row")) b.classList.toggle("active", b.dataset.eventId === eventId);
  }
}
