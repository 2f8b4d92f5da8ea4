// Nestling's service worker, served at /sw.js by web/views/pwa.py, which puts one line in
// front of this file: self.NESTLING = {version, shell, offline, extra}.
//
// What it does, and nothing more:
// - keeps the app shell (stylesheet, scripts, icons, the offline page) on the phone;
// - pages: from the network when there is one (and keeps a copy of the last few care
//   pages opened); without one, the kept copy, or the offline page;
// - one-tap logs (Today's quick buttons, "Stop" on a timer, the answers to "possible
//   crying"): sent at once when possible,
//   else kept in IndexedDB with the moment of the tap and sent when the connection is
//   back. Each tap carries a key made on the phone (a UUID), sent with every try, and the
//   server stores one entry per key: a tap is stored once even when an answer was lost
//   and it had to be sent again.
"use strict";

const CONFIG = self.NESTLING;
const SHELL_CACHE = "nestling-shell-" + CONFIG.version;
const PAGE_CACHE = "nestling-pages";
// The last pages opened, kept for reading offline; older copies are dropped.
const MAX_PAGES = 25;
const DB_NAME = "nestling";
const STORE = "taps";
// Keep in step with web/urls.py (quick-log, timer-stop) and nestling.js.
const QUEUED_POSTS = [
  /^\/babies\/\d+\/quick\/[\w-]+\/$/,
  /^\/events\/\d+\/stop\/$/,
  /^\/cry-suggestions\/\d+\/(confirm|discard)\/$/,
];
// Pages never kept: signing in and out, check-ins (personal, and shared by choice only),
// the API, and anything that is not a page of the care log.
const NOT_KEPT = /^\/(login|logout|signup|join|api|admin|wellbeing|tell-us|report|inbox|channels|household)\//;
// A proxy's answer while Nestling itself is down: the tap never arrived, so keep it.
const NOT_ARRIVED = new Set([502, 503, 504]);

// --- install and update ----------------------------------------------------------------

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL_CACHE);
    await shell.addAll([...CONFIG.shell, CONFIG.offline]);
    const pages = await caches.open(PAGE_CACHE);
    await Promise.all(CONFIG.extra.map(async (url) => {
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (response.ok && !response.redirected) await pages.put(url, response);
      } catch (err) {
        // Help pages are a bonus offline; the worker installs without them.
      }
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("nestling-shell-") && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// --- answering requests ------------------------------------------------------------------

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (QUEUED_POSTS.some((re) => re.test(url.pathname))) {
      event.respondWith(sendOrKeep(request));
    } else if (url.pathname === "/logout/") {
      // Signing out removes the copies of pages, so the next person sees none of them.
      event.waitUntil(caches.delete(PAGE_CACHE));
    }
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  }
});

async function staticFile(request) {
  const shell = await caches.open(SHELL_CACHE);
  const kept = await shell.match(request, { ignoreVary: true });
  if (kept) return kept;
  try {
    const response = await fetch(request);
    if (response.ok) await shell.put(request, response.clone());
    return response;
  } catch (err) {
    return Response.error();
  }
}

async function page(request, url) {
  if (url.pathname === "/login/") await caches.delete(PAGE_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && isPage(response) && !NOT_KEPT.test(url.pathname)) {
      await keepPage(request, response.clone());
    }
    sendKeptTaps();
    return response;
  } catch (err) {
    const pages = await caches.open(PAGE_CACHE);
    const kept = (await pages.match(request, { ignoreVary: true })) || (await latest(pages, url));
    if (kept) return kept;
    const shell = await caches.open(SHELL_CACHE);
    return (await shell.match(CONFIG.offline, { ignoreVary: true })) || Response.error();
  }
}

// The History tab (/events/) redirects to the baby last looked at, and a redirect can't be
// kept: offline, it shows the last History page kept instead.
const REDIRECTS_TO = { "/events/": /^\/babies\/\d+\/events\/$/ };

async function latest(pages, url) {
  const target = REDIRECTS_TO[url.pathname];
  if (!target) return undefined;
  const keys = (await pages.keys()).reverse();
  const key = keys.find((k) => target.test(new URL(k.url).pathname));
  return key ? pages.match(key, { ignoreVary: true }) : undefined;
}

function isPage(response) {
  return (response.headers.get("Content-Type") || "").startsWith("text/html");
}

async function keepPage(request, response) {
  const pages = await caches.open(PAGE_CACHE);
  await pages.delete(request, { ignoreVary: true });
  await pages.put(request, response);
  const keys = await pages.keys(); // oldest first: insertion order
  const extra = new Set(CONFIG.extra.map((path) => new URL(path, self.location.origin).href));
  const dropable = keys.filter((key) => !extra.has(key.url));
  for (const key of dropable.slice(0, Math.max(0, dropable.length - MAX_PAGES))) {
    await pages.delete(key);
  }
}

// --- one-tap logs: send now, or keep and send later --------------------------------------

async function sendOrKeep(request) {
  const form = new URLSearchParams(await request.clone().text());
  const key = form.get("client_key") || request.headers.get("Idempotency-Key") || newKey();
  form.set("client_key", key);
  try {
    const response = await fetch(request.url, {
      method: "POST",
      body: form.toString(),
      headers: withKey(request.headers, key),
      credentials: "same-origin",
      redirect: request.mode === "navigate" ? "manual" : "follow",
    });
    if (!NOT_ARRIVED.has(response.status)) {
      sendKeptTaps();
      return response;
    }
  } catch (err) {
    // No connection: keep the tap below.
  }
  form.set("tapped_at", new Date().toISOString());
  await keepTap({ key: key, url: request.url, body: form.toString(), tappedAt: Date.now() });
  if (self.registration.sync) self.registration.sync.register("nestling-taps").catch(() => {});
  await tellPages({ type: "queue", count: await countTaps() });
  if (request.mode === "navigate") {
    // A form sent without htmx: back to the page it came from (its kept copy).
    return Response.redirect(request.referrer || "/", 303);
  }
  // htmx: nothing to swap in; the note at the top of the page says what is waiting.
  return new Response("", { status: 202, headers: { "HX-Reswap": "none" } });
}

function withKey(original, key) {
  const headers = new Headers();
  for (const name of ["Content-Type", "X-CSRFToken", "HX-Request", "HX-Target", "HX-Trigger", "HX-Current-URL"]) {
    const value = original.get(name);
    if (value) headers.set(name, value);
  }
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/x-www-form-urlencoded");
  headers.set("Idempotency-Key", key);
  return headers;
}

function newKey() {
  if (self.crypto.randomUUID) return self.crypto.randomUUID();
  const b = self.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let sending = null;

// Send every kept tap, oldest first; one at a time, and never two sends at once.
function sendKeptTaps(csrfToken) {
  if (!sending) {
    sending = sendAll(csrfToken).finally(() => { sending = null; });
  }
  return sending;
}

async function sendAll(csrfToken) {
  const taps = await allTaps();
  if (!taps.length) return;
  let sent = 0;
  let signIn = false;
  for (const tap of taps) {
    const form = new URLSearchParams(tap.body);
    // The page's token is the freshest; the one from the tap still works unless the
    // person signed in again meanwhile.
    const token = csrfToken || form.get("csrfmiddlewaretoken");
    if (token) form.set("csrfmiddlewaretoken", token);
    let response;
    try {
      response = await fetch(tap.url, {
        method: "POST",
        body: form.toString(),
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Idempotency-Key": tap.key,
          "X-CSRFToken": token || "",
          "HX-Request": "true",
        },
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch (err) {
      break; // still offline: the rest wait, in order
    }
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      signIn = true; // signed out, or the session changed: kept until they sign in
      break;
    }
    if (NOT_ARRIVED.has(response.status) || response.status === 429) break;
    // Stored, or already stored under this key (the server returns that entry), or
    // refused for good (a deleted baby, a timer someone already stopped): done either way.
    await dropTap(tap.key);
    sent += 1;
  }
  await tellPages({ type: "queue", count: await countTaps(), sent: sent, signIn: signIn });
}

self.addEventListener("sync", (event) => {
  if (event.tag === "nestling-taps") event.waitUntil(sendKeptTaps());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "send") {
    event.waitUntil(sendKeptTaps(data.csrf));
  } else if (data.type === "count") {
    event.waitUntil(countTaps().then((count) => {
      if (event.source) event.source.postMessage({ type: "queue", count: count });
    }));
  }
});

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    client.postMessage(message);
  }
}

// --- IndexedDB: the kept taps ------------------------------------------------------------

function openDb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: "key" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function withStore(mode, action) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

function keepTap(tap) { return withStore("readwrite", (store) => store.put(tap)); }
function dropTap(key) { return withStore("readwrite", (store) => store.delete(key)); }
function countTaps() { return withStore("readonly", (store) => store.count()); }
async function allTaps() {
  const taps = await withStore("readonly", (store) => store.getAll());
  return taps.sort((a, b) => a.tappedAt - b.tappedAt);
}
