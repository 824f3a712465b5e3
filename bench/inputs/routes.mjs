// The simulated service every generated log describes: routes with their share of traffic, median latency and
// error rates, so each format carries a mix of fast and slow endpoints and a few failures.

export const ROUTES = [
  { path: "/api/users", method: "GET", share: 0.3, medianMs: 4 },
  { path: "/api/users/{id}", method: "GET", share: 0.2, medianMs: 3 },
  { path: "/api/orders", method: "GET", share: 0.15, medianMs: 8 },
  { path: "/api/orders", method: "POST", share: 0.08, medianMs: 15 },
  { path: "/api/search", method: "GET", share: 0.12, medianMs: 20 },
  { path: "/api/cart", method: "PUT", share: 0.07, medianMs: 6 },
  { path: "/static/app.js", method: "GET", share: 0.05, medianMs: 1 },
  { path: "/health", method: "GET", share: 0.03, medianMs: 0.3 },
];

/** Picks a route by its share of traffic. */
export function routePicker(random) {
  const cumulative = [];
  let sum = 0;
  for (const route of ROUTES) cumulative.push((sum += route.share));
  return () => {
    const u = random() * sum;
    let i = 0;
    while (cumulative[i] < u) i++;
    return ROUTES[i];
  };
}

/** A response status: mostly 200, with 0.5% 404 and 0.5% 500. */
export function statusOf(random) {
  const u = random();
  return u < 0.005 ? 500 : u < 0.01 ? 404 : 200;
}

/** `/api/users/{id}` with a concrete id. */
export const concretePath = (route, random) => route.path.replace("{id}", String(1 + Math.floor(random() * 50_000)));
