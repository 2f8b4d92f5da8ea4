// Nestling's only script: running timers tick, one-time secrets can be copied, and the
// service worker (sw.js) is registered, so pages open and taps are kept while offline.
// htmx does the rest; everything works without this file.
(function () {
  "use strict";

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function format(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    return h > 0 ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-since]").forEach(function (el) {
      var since = Date.parse(el.getAttribute("data-since"));
      if (!isNaN(since)) {
        el.textContent = format(Math.max(0, Math.floor((now - since) / 1000)));
      }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.querySelector(button.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = button.getAttribute("data-copied") || "✓";
      });
    }
  });

  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
  setInterval(tick, 1000);

  // --- Offline: one-tap logs kept on the phone, and a note saying what is waiting --------

  // Keep in step with sw.js: the posts the service worker keeps while offline.
  var QUEUED_POSTS = [
    /^\/babies\/\d+\/quick\/[\w-]+\/$/,
    /^\/events\/\d+\/stop\/$/,
    /^\/cry-suggestions\/\d+\/(confirm|discard)\/$/,
  ];
  var waiting = 0;
  var signIn = false;
  var sentCount = 0;
  var sentTimer = null;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // Every tap gets its own key, made here when it is tapped: if the answer is lost and the
  // tap is sent again, the server knows it already has it. Capture phase, so the field is
  // in place before htmx reads the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    var path = new URL(form.action, location.href).pathname;
    if (!QUEUED_POSTS.some(function (re) { return re.test(path); })) return;
    var field = form.querySelector("input[name=client_key]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "client_key";
      form.appendChild(field);
    }
    field.value = newKey();
  }, true);

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (err) {
      return "";
    }
  }

  function showNote() {
    var note = document.getElementById("offline-note");
    if (!note) return;
    var lead = "";
    var rest = [];
    if (waiting === 1) lead = note.getAttribute("data-waiting-one");
    if (waiting > 1) lead = note.getAttribute("data-waiting-many").replace("{n}", waiting);
    if (!navigator.onLine) rest.push(note.getAttribute("data-offline"));
    if (waiting && signIn && navigator.onLine) rest.push(note.getAttribute("data-sign-in"));
    if (!lead && !rest.length && sentCount) lead = note.getAttribute("data-sent").replace("{n}", sentCount);
    var key = lead + "|" + rest.join(" ");
    note.hidden = !lead && !rest.length;
    note.classList.toggle("is-offline", !navigator.onLine || waiting > 0);
    if (note.getAttribute("data-shown") === key) return;
    note.setAttribute("data-shown", key);
    // Built from text nodes only: nothing here is parsed as HTML.
    note.textContent = "";
    if (lead) {
      var strong = document.createElement("strong");
      strong.textContent = lead;
      note.appendChild(strong);
    }
    if (rest.length) {
      var span = document.createElement("span");
      span.textContent = rest.join(" ");
      note.appendChild(span);
    }
  }

  function askWorker(message) {
    if (!navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  function sendWaiting() {
    if (navigator.onLine) askWorker({ type: "send", csrf: csrfToken() });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type !== "queue") return;
      waiting = data.count || 0;
      signIn = !!data.signIn;
      if (data.sent) {
        sentCount = data.sent;
        clearTimeout(sentTimer);
        sentTimer = setTimeout(function () { sentCount = 0; showNote(); }, 8000);
        // What was sent may have started or stopped a timer: redraw Today's lists.
        if (window.htmx) {
          htmx.trigger(document.body, "timers-changed");
          htmx.trigger(document.body, "timeline-changed");
        }
      }
      showNote();
    });
    document.addEventListener("DOMContentLoaded", function () {
      var meta = document.querySelector("meta[name=nestling-sw]");
      if (!meta || !window.isSecureContext) return;
      navigator.serviceWorker.register(meta.content, { scope: "/" }).catch(function () {
        // No worker (a private window, storage turned off): the site works online only.
      });
      askWorker({ type: "count" });
      sendWaiting();
    });
    window.addEventListener("online", function () { showNote(); sendWaiting(); });
    window.addEventListener("offline", showNote);
    // navigator.onLine can say "online" on a network that reaches nothing: keep trying.
    setInterval(function () { if (waiting) sendWaiting(); }, 20000);
  }
  document.addEventListener("DOMContentLoaded", showNote);
})();
