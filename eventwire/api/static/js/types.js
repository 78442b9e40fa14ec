// PLOVER v2 event types with their map colours: cooperation in greens and blues, conflict in warm
// colours darkening towards violence, so a glance at the map tells cooperation from conflict.
export const PLOVER_COLORS = {
  AGREE: "#2e7d32", CONSULT: "#43a047", SUPPORT: "#7cb342", CONCEDE: "#c0ca33",
  COOPERATE: "#00897b", AID: "#26a69a", RETREAT: "#4fc3f7", REQUEST: "#5c6bc0",
  ACCUSE: "#ab47bc", REJECT: "#7b1fa2", THREATEN: "#f9a825", PROTEST: "#fb8c00",
  SANCTION: "#795548", MOBILIZE: "#f4511e", COERCE: "#e53935", ASSAULT: "#8e0000",
};
export const PLOVER_TYPES = Object.keys(PLOVER_COLORS);
const UNKNOWN_COLOR = "#607d8b";

export function typeColor(type) {
  return PLOVER_COLORS[type] || UNKNOWN_COLOR;
}

// Marker radius in pixels: area grows with the number killed, so 100 dead is ten times 1 dead.
export function markerRadius(fatalities) {
  const base = 4;
  if (!fatalities || fatalities < 0) return base;
  return Math.min(20, base + 1.6 * Math.sqrt(fatalities));
}
