// The dashboard's small amount of JavaScript: draw the charts, save them, the map's date
// slider, and the review buttons. Everything else works as plain links and forms.
(function () {
  "use strict";
  const emigre = (window.emigre = window.emigre || { views: {} });

  function download(url, name) {
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function csvCell(v) {
    if (v === null || v === undefined) return "";
    let s = Array.isArray(v) ? v.join(";") : String(v);
    if (/^[=+\-@\t\r]/.test(s) && isNaN(Number(s))) s = "'" + s;
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function tableData(fig, name) {
    const el = fig.querySelector('script.table-data[data-table="' + name + '"]');
    return el ? JSON.parse(el.textContent) : null;
  }

  function toCsv(data) {
    // Counts of people as whole people, as the API's CSV gives them.
    const people = new Set(data.people || []);
    const cell = (row, c) =>
      people.has(c) && typeof row[c] === "number" ? Math.round(row[c]) : row[c];
    const lines = [data.columns.join(",")];
    for (const row of data.rows) lines.push(data.columns.map((c) => csvCell(cell(row, c))).join(","));
    return lines.join("\n") + "\n";
  }

  function embedAll() {
    const figures = Array.from(document.querySelectorAll("figure.chart"));
    const jobs = figures.map((fig) => {
      const id = fig.dataset.figure;
      const spec = JSON.parse(fig.querySelector("script.spec").textContent);
      const target = fig.querySelector(".vega");
      // Measure the width here: "container" sizing does not reach maps (projections).
      const width = chartWidth(target);
      if (spec.width === "container") spec.width = width;
      // A title, a source line, axis labels or legends wider than the chart would squeeze
      // its plot (a phone's bar chart went to zero width): fit each to the width.
      wrapTitle(spec, width);
      if (width < 600) {
        for (const p of spec.params || []) if (p.name === "narrow") p.value = true;
        spec.config = Object.assign({}, spec.config, {
          // Legends one above another, entries stacked, so none runs past the chart.
          legend: Object.assign({}, (spec.config || {}).legend, {
            direction: "vertical",
            labelLimit: width - 60,
            layout: { bottom: { anchor: "start", direction: "vertical" } },
          }),
          axisY: Object.assign({}, (spec.config || {}).axisY, { labelLimit: Math.floor(width * 0.35) }),
        });
      }
      if (spec.projection && spec.width < 600) spec.height = Math.round(spec.width * 0.85);
      return vegaEmbed(target, spec, {
        renderer: "svg",
        logLevel: vega.Error,
        actions: { export: true, source: false, compiled: false, editor: false },
        downloadFileName: id,
      }).then((result) => {
        emigre.views[id] = result.view;
        return result.view;
      });
    });
    return Promise.all(jobs).then(
      () => {
        document.body.dataset.chartsReady = "1";
      },
      (err) => {
        console.error("chart failed:", err);
        document.body.dataset.chartsReady = "error";
      }
    );
  }

  function chartWidth(target) {
    return Math.max(240, Math.floor(target.getBoundingClientRect().width) - 24);
  }

  // The title (about 8.5 px a character) and the source line under it (about 6 px),
  // wrapped to the chart's width, so that they never widen the chart on a small screen.
  function wrapTitle(spec, width) {
    if (!spec.title) return;
    if (typeof spec.title.text === "string") spec.title.text = wrapWords(spec.title.text, width / 8.5);
    if (typeof spec.title.subtitle === "string") spec.title.subtitle = wrapWords(spec.title.subtitle, width / 6);
  }

  function wrapWords(text, chars) {
    const per = Math.max(24, Math.floor(chars));
    const lines = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && (line + " " + word).length > per) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  function followResize() {
    let pending = null;
    window.addEventListener("resize", () => {
      clearTimeout(pending);
      pending = setTimeout(() => {
        for (const fig of document.querySelectorAll("figure.chart")) {
          const view = emigre.views[fig.dataset.figure];
          if (view) view.width(chartWidth(fig.querySelector(".vega"))).runAsync();
        }
      }, 150);
    });
  }

  function wireFigureActions() {
    document.addEventListener("click", (ev) => {
      const btn = ev.target.closest("button[data-action]");
      if (!btn) return;
      const fig = btn.closest("figure.chart");
      const id = fig.dataset.figure;
      const action = btn.dataset.action;
      if (action === "csv") {
        const data = tableData(fig, btn.dataset.table);
        const blob = new Blob([toCsv(data)], { type: "text/csv" });
        const url = URL.createObjectURL(blob);
        download(url, id + "-" + btn.dataset.table + ".csv");
        setTimeout(() => URL.revokeObjectURL(url), 1000);
        return;
      }
      const view = emigre.views[id];
      if (!view) return;
      view.toImageURL(action, action === "png" ? 2 : 1).then((url) => download(url, id + "." + action));
    });
  }

  // The map: a date slider that redraws the symbols, the table and the URL without a reload.
  function wireMap() {
    const slider = document.getElementById("map-date");
    if (!slider) return;
    const dates = JSON.parse(slider.dataset.dates);
    const label = document.getElementById("map-date-label");
    const hidden = document.querySelector('form.map-controls input[name="date"]');
    const fig = document.getElementById("fig-map");
    const frames = tableData(fig, "frames");
    const tableBody = fig.querySelector('details[data-table="destinations"] tbody');
    const list = document.getElementById("map-countries");
    const columns = tableData(fig, "destinations").columns;
    function show(i) {
      const date = dates[i];
      label.textContent = date;
      slider.setAttribute("aria-valuetext", date);
      if (hidden) hidden.value = date;
      const view = emigre.views.map;
      if (view) view.signal("date", date).runAsync();
      const rows = frames.rows.filter((r) => r.date === date).sort((a, b) => (b.value || 0) - (a.value || 0));
      const cur = tableData(fig, "destinations");
      cur.rows = rows;
      fig.querySelector('script.table-data[data-table="destinations"]').textContent = JSON.stringify(cur);
      if (tableBody) {
        tableBody.replaceChildren(
          ...rows.map((r) => {
            const tr = document.createElement("tr");
            for (const c of columns) {
              const td = document.createElement("td");
              const v = r[c];
              td.textContent = v === null || v === undefined ? "–" : typeof v === "number" ? Math.round(v).toLocaleString("en") : String(v);
              tr.appendChild(td);
            }
            return tr;
          })
        );
      }
      if (list) {
        list.replaceChildren(
          ...rows.map((r) => {
            const li = document.createElement("li");
            const a = document.createElement("a");
            a.href = r.href;
            a.textContent = r.name;
            li.append(a, ": " + r.text);
            return li;
          })
        );
      }
      if (window.location.protocol !== "file:") {
        const url = new URL(window.location.href);
        url.searchParams.set("date", date);
        history.replaceState(null, "", url);
      }
      for (const a of fig.querySelectorAll("a.api")) {
        const u = new URL(a.href, window.location.href);
        u.searchParams.set("date", date);
        a.href = u.pathname + u.search;
      }
    }
    slider.addEventListener("input", () => show(Number(slider.value)));
    for (const radio of document.querySelectorAll("[data-autosubmit]")) {
      radio.addEventListener("change", () => radio.form.submit());
    }
  }

  // Review: PATCH /api/claims/{id} with the write token the reviewer gave this tab.
  const TOKEN_KEY = "emigre-write-token";

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  // The token is given once, in the form on the Evidence page, and kept for this tab only;
  // it travels in the Authorization header of the fetch calls, never in a URL or a link.
  function say(text, isError) {
    const el = document.getElementById("review-status");
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("error", !!isError);
  }

  function showTokenState() {
    const el = document.getElementById("token-state");
    if (el) el.textContent = token() ? "A token is set for this tab." : "No token set.";
  }

  async function patchClaim(row, body) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const t = token();
    if (t) headers.Authorization = "Bearer " + t;
    const url = "/api/claims/" + encodeURIComponent(row.dataset.claim) + "?case=" + encodeURIComponent(row.dataset.case);
    const res = await fetch(url, { method: "PATCH", headers, body: JSON.stringify(body) });
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = { message: res.statusText };
    }
    return { ok: res.ok, status: res.status, data };
  }

  function wireReview() {
    if (!document.body.dataset.writable) return;
    showTokenState();
    const save = document.getElementById("save-token");
    if (save) {
      const keep = (ev) => {
        if (ev) ev.preventDefault();
        const v = document.getElementById("write-token").value.trim();
        if (v) sessionStorage.setItem(TOKEN_KEY, v);
        document.getElementById("write-token").value = "";
        showTokenState();
      };
      save.addEventListener("click", () => keep());
      document.getElementById("token-form").addEventListener("submit", keep);
      document.getElementById("forget-token").addEventListener("click", () => {
        sessionStorage.removeItem(TOKEN_KEY);
        showTokenState();
      });
    }
    document.addEventListener("click", async (ev) => {
      const btn = ev.target.closest("button[data-review]");
      if (!btn) return;
      const row = btn.closest("tr[data-claim]");
      const res = await patchClaim(row, { state: btn.dataset.review });
      if (res.ok) {
        row.dataset.state = res.data.state;
        row.querySelector("td.state").textContent = res.data.state === "extracted" ? "not reviewed" : res.data.state;
        say("Claim " + row.dataset.claim + " is now " + res.data.state + ".", false);
      } else {
        say("Not changed (" + res.status + "): " + res.data.message, true);
      }
    });
    const dialog = document.getElementById("edit-dialog");
    if (!dialog) return;
    let editing = null;
    document.addEventListener("click", async (ev) => {
      const btn = ev.target.closest("button[data-edit]");
      if (!btn) return;
      editing = btn.closest("tr[data-claim]");
      const res = await fetch("/api/claims/" + encodeURIComponent(editing.dataset.claim) + "?case=" + encodeURIComponent(editing.dataset.case));
      const claim = (await res.json()).claim;
      const form = document.getElementById("edit-form");
      document.getElementById("edit-id").textContent = claim.id;
      for (const name of ["qualifier", "value", "low", "high", "measure", "destination", "start", "end", "note"]) {
        form.elements[name].value = claim[name] === null || claim[name] === undefined ? "" : claim[name];
      }
      document.getElementById("edit-error").textContent = "";
      dialog.showModal();
    });
    document.getElementById("edit-save").addEventListener("click", async (ev) => {
      ev.preventDefault();
      const form = document.getElementById("edit-form");
      const body = {};
      for (const name of ["qualifier", "measure", "start", "end", "note", "destination"]) {
        body[name] = form.elements[name].value.trim() || null;
      }
      for (const name of ["value", "low", "high"]) {
        const v = form.elements[name].value.trim();
        body[name] = v === "" ? null : Number(v);
      }
      const res = await patchClaim(editing, body);
      if (res.ok) {
        dialog.close();
        say("Claim " + editing.dataset.claim + " saved; reload to see every change.", false);
        editing.querySelector("td.number a").textContent = res.data.number;
      } else {
        document.getElementById("edit-error").textContent = "Not saved (" + res.status + "): " + res.data.message;
      }
    });
  }

  // The report's evidence table has no server behind it: a search box filters its rows.
  function wireClaimSearch() {
    const box = document.getElementById("claims-filter");
    if (!box) return;
    const rows = Array.from(document.querySelectorAll("#claims-table tbody tr"));
    const count = document.getElementById("claim-count");
    box.addEventListener("input", () => {
      const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const row of rows) {
        const text = row.textContent.toLowerCase();
        const hit = words.every((w) => text.includes(w));
        row.hidden = !hit;
        if (hit) shown += 1;
      }
      if (count) count.textContent = String(shown);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    wireClaimSearch();
    wireFigureActions();
    wireReview();
    emigre.ready = embedAll().then(wireMap);
    followResize();
  });
})();
