// Talking to eventwire's HTTP API: query strings from the filter state, JSON with the error envelope.
export const FILTER_KEYS = ["type", "country", "actor", "q", "since", "until"];

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.field = error.field || null;
  }
}

// Fetch JSON from the API; an aborted request (superseded by a newer one) resolves to null.
export async function getJSON(path, params = {}, signal = undefined) {
  let response;
  try {
    response = await fetch(path + query(params), { signal, headers: { Accept: "application/json" } });
  } catch (err) {
    if (err.name === "AbortError") return null;
    throw err;
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// Keeps one request per purpose in flight: starting a new one aborts the previous.
export class Latest {
  constructor() { this.controller = null; }
  signal() {
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }
}
