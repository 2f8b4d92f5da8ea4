// Nestling's Listen page: the cry detector of listening/ (Python), run in the browser.
//
// The microphone is read at 8 kHz; the same features are computed here from the tables
// listening/page.py serves (so the two cannot drift apart), the same model runs in ONNX
// Runtime Web, and the same hysteresis and merge rules make episodes. Only an episode's
// times and confidence are sent (POST /api/v1/cry-suggestions); no sound leaves the page.
"use strict";

(function () {
  // ---- features (listening/features.py) -------------------------------------------------

  function makeFFT(n) {
    const levels = Math.log2(n);
    const rev = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < levels; b++) r |= ((i >> b) & 1) << (levels - 1 - b);
      rev[i] = r;
    }
    const cos = new Float64Array(n / 2);
    const sin = new Float64Array(n / 2);
    for (let i = 0; i < n / 2; i++) {
      cos[i] = Math.cos((2 * Math.PI * i) / n);
      sin[i] = Math.sin((2 * Math.PI * i) / n);
    }
    // In place, forward (e^{-i...}), on separate real and imaginary arrays.
    return function fft(re, im) {
      for (let i = 0; i < n; i++) {
        const j = rev[i];
        if (j > i) {
          let t = re[i]; re[i] = re[j]; re[j] = t;
          t = im[i]; im[i] = im[j]; im[j] = t;
        }
      }
      for (let size = 2; size <= n; size *= 2) {
        const half = size / 2;
        const step = n / size;
        for (let start = 0; start < n; start += size) {
          for (let k = 0; k < half; k++) {
            const c = cos[k * step];
            const s = sin[k * step];
            const a = start + k;
            const b = a + half;
            const tr = re[b] * c + im[b] * s;
            const ti = im[b] * c - re[b] * s;
            re[b] = re[a] - tr;
            im[b] = im[a] - ti;
            re[a] += tr;
            im[a] += ti;
          }
        }
      }
    };
  }

  function Features(t) {
    const N = t.nfft;
    const bins = N / 2 + 1;
    const fft = makeFFT(N);
    const re = new Float64Array(N);
    const im = new Float64Array(N);
    const power = new Float64Array(bins);
    const width = t.mels + 5;
    const ENERGY = t.mels, VOICING = t.mels + 1, PITCH = t.mels + 2, HIGH = t.mels + 3, FLAT = t.mels + 4;

    function frame(samples, at) {
      const out = new Float64Array(width);
      let mean = 0;
      for (let i = 0; i < t.frame; i++) mean += samples[at + i];
      mean /= t.frame;
      re.fill(0);
      im.fill(0);
      for (let i = 0; i < t.frame; i++) re[i] = (samples[at + i] - mean) * t.window[i];
      fft(re, im);
      let total = 0;
      for (let k = 0; k < bins; k++) {
        power[k] = (re[k] * re[k] + im[k] * im[k]) / t.frame;
        total += power[k];
      }
      for (let m = 0; m < t.mels; m++) {
        const band = t.mel_bank[m];
        let sum = 0;
        for (let j = 0; j < band.weights.length; j++) sum += power[band.first + j] * band.weights[j];
        out[m] = Math.log10(sum + t.log_floor);
      }
      out[ENERGY] = Math.log10(total / bins + t.log_floor);
      let high = 0;
      for (let k = t.high_bin; k < bins; k++) high += power[k];
      out[HIGH] = high / (total + t.log_floor);
      let logSum = 0, sum = 0;
      for (let k = t.low_bin; k < bins; k++) {
        const v = power[k] + t.log_floor;
        logSum += Math.log(v);
        sum += v;
      }
      const count = bins - t.low_bin;
      out[FLAT] = Math.exp(logSum / count) / (sum / count);
      // Autocorrelation: the inverse transform of the power spectrum (real and even).
      for (let k = 0; k < bins; k++) { re[k] = power[k]; im[k] = 0; }
      for (let k = bins; k < N; k++) { re[k] = power[N - k]; im[k] = 0; }
      fft(re, im);
      const r0 = re[0] / N + t.log_floor;
      const lags = [];
      for (let l = t.lag_min - 1; l <= t.lag_max + 1; l++) {
        lags.push(re[l] / N / r0 / t.window_autocorrelation[l]);
      }
      let best = -1, top = -Infinity, topAt = 0;
      for (let i = 1; i < lags.length - 1; i++) if (lags[i] > top) { top = lags[i]; topAt = i - 1; }
      for (let i = 1; i < lags.length - 1; i++) {
        if (lags[i] >= lags[i - 1] && lags[i] >= lags[i + 1] && lags[i] >= t.peak_share * top) {
          best = i - 1;
          break;
        }
      }
      if (best < 0) best = topAt;
      out[VOICING] = Math.min(1, Math.max(0, lags[best + 1]));
      out[PITCH] = Math.log2(t.rate / (best + t.lag_min) / 440);
      return out;
    }

    function median(values) {
      const s = Float64Array.from(values).sort();
      const mid = s.length >> 1;
      return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }
    function meanOf(values) {
      let s = 0;
      for (const v of values) s += v;
      return s / values.length;
    }
    function stdOf(values) {
      const m = meanOf(values);
      let s = 0;
      for (const v of values) s += (v - m) * (v - m);
      return Math.sqrt(s / values.length);
    }

    function summarise(frames) {
      const n = frames.length;
      const out = [];
      const rowMeans = frames.map((f) => {
        let s = 0;
        for (let m = 0; m < t.mels; m++) s += f[m];
        return s / t.mels;
      });
      for (let m = 0; m < t.mels; m++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += frames[i][m] - rowMeans[i];
        out.push(s / n);
      }
      for (let m = 0; m < t.mels; m++) out.push(stdOf(frames.map((f) => f[m])));
      const level = frames.map((f) => f[ENERGY]);
      const voiced = frames.map((f) => f[VOICING] >= t.voiced);
      const pitches = frames.filter((f, i) => voiced[i]).map((f) => f[PITCH]);
      let run = 0, longest = 0;
      for (const v of voiced) { run = v ? run + 1 : 0; longest = Math.max(longest, run); }
      const steps = [];
      for (let i = 1; i < n; i++) {
        if (voiced[i] && voiced[i - 1]) steps.push(Math.abs(frames[i][PITCH] - frames[i - 1][PITCH]));
      }
      let flux = 0;
      for (let i = 1; i < n; i++) for (let m = 0; m < t.mels; m++) flux += Math.abs(frames[i][m] - frames[i - 1][m]);
      out.push(
        meanOf(level), stdOf(level), Math.max(...level),
        voiced.filter(Boolean).length / n, meanOf(frames.map((f) => f[VOICING])),
        pitches.length ? median(pitches) : 0, pitches.length ? stdOf(pitches) : 0,
        flux / ((n - 1) * t.mels),
        meanOf(frames.map((f) => f[HIGH])), meanOf(frames.map((f) => f[FLAT])),
        longest / n, steps.length ? meanOf(steps) : 0,
      );
      return out;
    }

    // A stream: feed samples in any pieces; returns the windows they complete.
    let pending = new Float64Array(0);
    let frames = [];
    return {
      frame,
      summarise,
      feed(samples) {
        const joined = new Float64Array(pending.length + samples.length);
        joined.set(pending);
        joined.set(samples, pending.length);
        let at = 0;
        while (at + t.frame <= joined.length) {
          frames.push(frame(joined, at));
          at += t.hop;
        }
        pending = joined.slice(at);
        const windows = [];
        while (frames.length >= t.window_frames) {
          windows.push(summarise(frames.slice(0, t.window_frames)));
          frames = frames.slice(t.window_step);
        }
        return windows;
      },
    };
  }

  // ---- episodes (listening/episodes.py) ----------------------------------------------------

  function Episodes(t) {
    const r = t.rules;
    let index = 0, recent = [], run = [], runStart = 0, runEnd = 0, held = null;
    function smoothed(p) {
      recent.push(p);
      recent = recent.slice(-r.smooth);
      const s = Float64Array.from(recent).sort();
      const mid = s.length >> 1;
      return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }
    function episode(first, last, probs) {
      const start = first * t.step_seconds;
      const end = last * t.step_seconds + t.window_seconds;
      if (end - start < r.min_length) return null;
      return { start, end, confidence: probs.reduce((a, b) => a + b, 0) / probs.length };
    }
    function closeStretch(closed) {
      const stretch = [runStart, runEnd, run];
      run = [];
      if (held) {
        const gap = (stretch[0] - held[1]) * t.step_seconds - t.window_seconds;
        if (gap <= r.merge_gap) {
          held = [held[0], stretch[1], held[2].concat(stretch[2])];
          return;
        }
        const done = episode(...held);
        if (done) closed.push(done);
      }
      held = stretch;
    }
    return {
      feed(probabilities) {
        const closed = [];
        for (const raw of probabilities) {
          const p = smoothed(raw);
          const i = index++;
          if (run.length) {
            if (p >= r.stay) { run.push(p); runEnd = i; continue; }
            closeStretch(closed);
          } else if (p >= r.start) {
            run = [p]; runStart = i; runEnd = i;
            continue;
          }
          if (held) {
            const quiet = (i - held[1]) * t.step_seconds - t.window_seconds;
            if (quiet > r.merge_gap) {
              const done = episode(...held);
              if (done) closed.push(done);
              held = null;
            }
          }
        }
        return closed;
      },
      finish() {
        const closed = [];
        if (run.length) closeStretch(closed);
        if (held) {
          const done = episode(...held);
          if (done) closed.push(done);
        }
        held = null;
        return closed;
      },
    };
  }

  // ---- the model (ONNX Runtime Web) -------------------------------------------------------

  async function loadModel(root) {
    const ort = window.ort;
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = root.dataset.ortPath;
    const session = await ort.InferenceSession.create(root.dataset.modelUrl, {
      executionProviders: ["wasm"],
    });
    return async function probabilities(t, windows) {
      if (!windows.length) return [];
      const width = t.features.length;
      const data = new Float32Array(windows.length * width);
      windows.forEach((w, i) => data.set(w, i * width));
      const input = new ort.Tensor("float32", data, [windows.length, width]);
      const out = await session.run({ features: input });
      const p = Array.from(out.probability.data);
      // A silent window is never crying (listening/model.py).
      return p.map((v, i) => (windows[i][t.level_index] < t.silence ? 0 : v));
    };
  }

  async function tables(root) {
    const response = await fetch(root.dataset.tablesUrl, { credentials: "same-origin" });
    return response.json();
  }

  // For tests and for checking a recording in the page: the whole chain on samples at 8 kHz.
  async function analyse(root, samples) {
    const t = await tables(root);
    const model = await loadModel(root);
    const features = Features(t);
    const windows = features.feed(Float64Array.from(samples));
    const probs = await model(t, windows);
    const episodes = Episodes(t);
    const found = episodes.feed(probs).concat(episodes.finish());
    return { windows, probabilities: probs, episodes: found };
  }

  // ---- the page ---------------------------------------------------------------------------

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function clock(date) {
    const root = document.querySelector("[data-listen]");
    return date.toLocaleTimeString([], {
      hour: "2-digit",
      minute: "2-digit",
      hour12: root.dataset.clock === "12",
      timeZone: root.dataset.timeZone || undefined,
    });
  }

  function startPage(root) {
    const startButton = root.querySelector("[data-start]");
    const stopButton = root.querySelector("[data-stop]");
    const status = root.querySelector("[data-status]");
    const heard = root.querySelector("[data-heard]");
    const say = (key, values) => {
      let text = root.dataset[key] || "";
      for (const [k, v] of Object.entries(values || {})) text = text.replace(`{${k}}`, v);
      status.textContent = text;
    };
    let session = null;

    async function send(began, found) {
      if (!found.length) return;
      const baby = root.querySelector("[name=baby]");
      const body = {
        source: "page",
        episodes: found.map((e) => ({
          start: new Date(began.getTime() + e.start * 1000).toISOString(),
          end: new Date(began.getTime() + e.end * 1000).toISOString(),
          confidence: Math.round(e.confidence * 1000) / 1000,
        })),
      };
      if (baby && baby.value) body.baby = Number(baby.value);
      const response = await fetch(root.dataset.apiUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(body),
      });
      for (const e of found) {
        const li = document.createElement("li");
        const from = clock(new Date(began.getTime() + e.start * 1000));
        const to = clock(new Date(began.getTime() + e.end * 1000 + 59999));
        li.textContent = (response.ok ? root.dataset.suggested : root.dataset.notSent)
          .replace("{start}", from).replace("{end}", to);
        heard.prepend(li);
      }
    }

    async function start() {
      startButton.disabled = true;
      say("loading");
      try {
        const t = await tables(root);
        const model = await loadModel(root);
        const stream = await navigator.mediaDevices.getUserMedia({
          audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
        });
        const context = new AudioContext({ sampleRate: t.rate });
        await context.audioWorklet.addModule(root.dataset.workletUrl);
        const source = context.createMediaStreamSource(stream);
        const tap = new AudioWorkletNode(context, "nestling-tap");
        const features = Features(t);
        const episodes = Episodes(t);
        const began = new Date();
        let buffered = [];
        let count = 0;
        let busy = Promise.resolve();
        tap.port.onmessage = (event) => {
          buffered.push(event.data);
          count += event.data.length;
          if (count < t.rate / 2) return;
          const chunk = new Float64Array(count);
          let at = 0;
          for (const b of buffered) { chunk.set(b, at); at += b.length; }
          buffered = [];
          count = 0;
          busy = busy.then(async () => {
            const probs = await model(t, features.feed(chunk));
            await send(began, episodes.feed(probs));
          });
        };
        source.connect(tap);
        let lock = null;
        const keepAwake = async () => {
          try {
            if ("wakeLock" in navigator && document.visibilityState === "visible") {
              lock = await navigator.wakeLock.request("screen");
            }
          } catch (e) {
            lock = null; // the browser said no (low battery, say): listening goes on
          }
        };
        await keepAwake();
        document.addEventListener("visibilitychange", keepAwake);
        session = {
          async stop() {
            document.removeEventListener("visibilitychange", keepAwake);
            tap.port.onmessage = null;
            stream.getTracks().forEach((track) => track.stop());
            await context.close();
            if (lock) lock.release().catch(() => {});
            await busy;
            await send(began, episodes.finish());
          },
        };
        say("listening", { time: clock(began) });
        stopButton.hidden = false;
        startButton.hidden = true;
        root.classList.add("is-listening");
      } catch (error) {
        startButton.disabled = false;
        say("failed", { reason: error && error.message ? error.message : String(error) });
      }
    }

    async function stop() {
      if (!session) return;
      const current = session;
      session = null;
      await current.stop();
      root.classList.remove("is-listening");
      stopButton.hidden = true;
      startButton.hidden = false;
      startButton.disabled = false;
      say("stopped");
    }

    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", stop);
    // Closing or leaving the page stops the microphone.
    window.addEventListener("pagehide", () => { if (session) session.stop(); });
  }

  const root = document.querySelector("[data-listen]");
  if (root) {
    window.nestlingListen = {
      analyse: (samples) => analyse(root, samples),
      tables: () => tables(root),
      featuresOf: async (samples) => Features(await tables(root)).feed(Float64Array.from(samples)),
    };
    startPage(root);
  }
})();
