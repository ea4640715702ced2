/* litsearch review report: box lists, record search and filters, record entries.
   Plain script, no library. User text is only ever written with textContent (never
   innerHTML), and links are made only for http(s) addresses. */
(function () {
  "use strict";
  var PAGE = 50, BOX_PAGE = 200;
  var meta = JSON.parse(document.getElementById("meta").textContent);
  var T = meta.tables, F = {}, D = {}, E = {};
  meta.index_fields.forEach(function (n, i) { F[n] = i; });
  meta.detail_fields.forEach(function (n, i) { D[n] = i; });
  meta.trail_fields.forEach(function (n, i) { E[n] = i; });
  var index = null, pos = null, lower = null, chunks = {}, matches = [], shown = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function $(id) { return document.getElementById(id); }
  function fmt(n) { return Number(n).toLocaleString("en"); }

  /* Data blocks are JSON, or JSON gzipped and base64-encoded in a large review
     (meta.packed): a third of the bytes for the browser to parse. */
  function unpack(id) {
    var text = $(id).textContent;
    if (!meta.packed) return Promise.resolve(JSON.parse(text));
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("this browser cannot unpack them (it needs Chrome or " +
        "Edge 80, Firefox 113, Safari 16.4 or newer)"));
    }
    var bin = atob(text), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }
  var ready = null;
  function whenReady(fn) {
    if (!ready) ready = unpack("index").then(setIndex);
    return ready.then(fn).catch(function (err) {
      $("count").textContent = "The records could not be read: " + err.message + ".";
    });
  }
  function loadChunk(i) {
    var c = Math.floor(i / meta.chunk);
    if (chunks[c]) return Promise.resolve();
    return unpack("chunk-" + c).then(function (rows) { chunks[c] = rows; });
  }
  function setIndex(rows) {
    index = rows;
    pos = new Map();
    lower = new Array(index.length);
    for (var i = 0; i < index.length; i++) {
      pos.set(index[i][F.id], i);
      lower[i] = (index[i][F.title] || "").toLowerCase();
    }
  }
  function detail(i) { return chunks[Math.floor(i / meta.chunk)][i % meta.chunk]; }
  function title(id) {
    var i = pos.get(id);
    return i === undefined ? "(record not in this review)" : (index[i][F.title] || "(no title)");
  }
  function recordLink(id) {
    var a = el("a", { href: "#record-" + id, "data-record-id": String(id) }, "record " + id);
    return a;
  }

  /* ---- PRISMA boxes ---- */
  function showBox(keys, trigger) { whenReady(function () { drawBox(keys, trigger); }); }
  function drawBox(keys, trigger) {
    var panel = $("box-panel"), body = $("box-body");
    body.textContent = "";
    document.querySelectorAll("#diagram g.box.selected").forEach(function (g) {
      g.classList.remove("selected");
    });
    if (trigger && trigger.classList) trigger.classList.add("selected");
    keys.forEach(function (key) {
      var box = meta.boxes[key];
      if (!box) return;
      var sec = el("section", { class: "box-key", "data-key": key });
      var n = box.hidden ? "hidden" : fmt(box.ids.length);
      sec.appendChild(el("h4", {}, box.label + " (" + n + ")"));
      sec.appendChild(el("p", { class: "rec-meta" }, "litsearch prisma --explain " + key));
      if (box.hidden) {
        sec.appendChild(el("p", {}, "Blind screening: the records behind this box are " +
          "hidden until screening is finished."));
      } else if (!box.ids.length) {
        sec.appendChild(el("p", {}, "No records."));
      } else {
        var list = el("ol", { class: "box-records" });
        sec.appendChild(list);
        var more = el("button", { type: "button", class: "show-all" });
        var render = function (upto) {
          for (var i = list.children.length; i < Math.min(upto, box.ids.length); i++) {
            var id = box.ids[i], li = el("li", { "data-record-id": String(id) });
            li.appendChild(recordLink(id));
            var extra = box.details[box.detail[i]];
            li.appendChild(document.createTextNode(" — " + title(id) + (extra ? " (" + extra + ")" : "")));
            list.appendChild(li);
          }
          more.hidden = list.children.length >= box.ids.length;
          more.textContent = "Show all " + fmt(box.ids.length) + " records";
        };
        render(BOX_PAGE);
        more.addEventListener("click", function () { render(box.ids.length); });
        sec.appendChild(more);
      }
      body.appendChild(sec);
    });
    panel.hidden = false;
    var h = $("box-h");
    h.textContent = "Records behind the box: " + keys.map(function (k) {
      return meta.boxes[k] ? meta.boxes[k].label : k; }).join(", ");
    h.focus();
  }
  document.querySelectorAll("#diagram g.box").forEach(function (g) {
    var keys = (g.getAttribute("data-keys") || "").split(" ").filter(function (k) {
      return meta.boxes[k]; });
    if (!keys.length) return;
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", g.textContent.replace(/\s+/g, " ").trim() + ". Show the records.");
    g.addEventListener("click", function () { showBox(keys, g); });
    g.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showBox(keys, g); }
    });
  });
  document.querySelectorAll("button[data-box]").forEach(function (b) {
    b.addEventListener("click", function () { showBox([b.getAttribute("data-box")], b); });
  });

  /* ---- merged pairs ---- */
  var merged = $("merged-pairs");
  if (merged) merged.addEventListener("toggle", function () {
    var body = $("merged-body");
    if (!merged.open || body.children.length) return;
    whenReady(function () { drawMerged(body); });
  });
  function drawMerged(body) {
    var list = el("ol", { class: "box-records" });
    var more = el("button", { type: "button" });
    var render = function (upto) {
      for (var i = list.children.length; i < Math.min(upto, meta.merged.length); i++) {
        var p = meta.merged[i], li = el("li");
        li.appendChild(recordLink(p[0]));
        li.appendChild(document.createTextNode(" and "));
        li.appendChild(recordLink(p[1]));
        li.appendChild(document.createTextNode(" — rule " + p[3] +
          (p[2] === null ? "" : ", score " + p[2]) + ": " + title(p[0])));
        list.appendChild(li);
      }
      more.hidden = list.children.length >= meta.merged.length;
      more.textContent = "Show all " + fmt(meta.merged.length) + " pairs";
    };
    render(BOX_PAGE);
    more.addEventListener("click", function () { render(meta.merged.length); });
    body.appendChild(list);
    body.appendChild(more);
  }

  /* ---- record entries ---- */
  function fact(dl, name, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", {}, name));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
  function entry(i) {
    var row = index[i], d = detail(i), box = el("div", { class: "record-entry" });
    var dl = el("dl", { class: "facts" });
    fact(dl, "Authors", d[D.authors]);
    var src = d[D.journal] + (d[D.volume] ? " " + d[D.volume] : "") +
      (d[D.issue] ? "(" + d[D.issue] + ")" : "") + (d[D.pages] ? ": " + d[D.pages] : "");
    fact(dl, "Source", src.trim());
    fact(dl, "Year", row[F.year]);
    fact(dl, "DOI", d[D.doi]);
    fact(dl, "PMID", d[D.pmid]);
    fact(dl, "Language", d[D.language]);
    fact(dl, "Type", d[D.types]);
    fact(dl, "Database id", d[D.source_id]);
    if (/^https?:\/\//i.test(d[D.url])) {
      fact(dl, "Link", el("a", { href: d[D.url], rel: "noopener noreferrer" }, d[D.url]));
    } else fact(dl, "Link", d[D.url]);
    fact(dl, "Status", T.status[row[F.status]] || (meta.blind ? "hidden (blind screening)" : ""));
    box.appendChild(dl);
    if (d[D.abstract]) {
      box.appendChild(el("h4", {}, "Abstract"));
      box.appendChild(el("p", {}, d[D.abstract]));
    }
    box.appendChild(el("h4", {}, "Found by"));
    var runs = el("ul");
    d[D.runs].forEach(function (r) {
      runs.appendChild(el("li", {}, r[1] + ", search run " + r[0] +
        (r[2] ? " (added it to the review)" : " (found it again)")));
    });
    box.appendChild(runs);
    box.appendChild(el("h4", {}, "Deduplication"));
    var c = d[D.cluster];
    if (!c) box.appendChild(el("p", {}, "Not deduplicated yet: screened as its own unit."));
    else {
      var why = c[2] ? "joined by rule " + c[2] + (c[3] === null ? "" : " (score " + c[3] + ")")
        : "the cluster's first record";
      box.appendChild(el("p", {}, "Cluster " + c[0] + ", screened as record " + c[1] + "; " + why + "."));
      if (c[4].length > 1) {
        var ml = el("ul");
        c[4].forEach(function (m) {
          var li = el("li");
          li.appendChild(recordLink(m));
          var j = pos.get(m);
          li.appendChild(document.createTextNode(" — " + (j === undefined ? "" :
            T.database[index[j][F.database]] + ": ") + title(m)));
          ml.appendChild(li);
        });
        box.appendChild(ml);
      }
    }
    box.appendChild(el("h4", {}, "Decision trail"));
    if (meta.blind) box.appendChild(el("p", { class: "warn" },
      "Blind screening: other reviewers' votes are not shown."));
    var trail = d[D.trail];
    if (!trail.length) box.appendChild(el("p", {}, "No decisions yet."));
    else {
      var ol = el("ol", { class: "trail" });
      trail.forEach(function (ev) {
        var text = ev[E.time] + " — " + ev[E.reviewer] + ", " + ev[E.stage] + ": " + ev[E.decision];
        if (ev[E.reason]) text += " (" + ev[E.reason] + ")";
        if (ev[E.criterion]) text += " [criterion " + ev[E.criterion] + "]";
        if (ev[E.note]) text += " — note: " + ev[E.note];
        if (ev[E.resolution]) text += " — resolves a conflict";
        if (ev[E.replaces]) text += " — replaces event " + ev[E.replaces];
        if (ev[E.record] !== row[F.id]) text += " — made on record " + ev[E.record];
        text += " (via " + ev[E.source] + ", event " + ev[E.event];
        if (ev[E.model]) text += "; shown in ranking " + ev[E.model] +
          (ev[E.rank] ? " at rank " + ev[E.rank] : "");
        text += ")";
        ol.appendChild(el("li", {}, text));
      });
      box.appendChild(ol);
    }
    return box;
  }
  function toggle(li, i, btn, open) {
    var existing = li.querySelector(".record-entry");
    if (existing && !open) {
      existing.remove();
      btn.setAttribute("aria-expanded", "false");
      return Promise.resolve();
    }
    return loadChunk(i).then(function () {
      if (!li.querySelector(".record-entry")) li.appendChild(entry(i));
      btn.setAttribute("aria-expanded", "true");
    });
  }
  function item(i) {
    var row = index[i], li = el("li", { id: "record-" + row[F.id], "data-record-id": String(row[F.id]) });
    var head = el("h3", { class: "rec-head" });
    var btn = el("button", { type: "button", class: "linkish", "aria-expanded": "false" },
      row[F.title] || "(no title)");
    btn.addEventListener("click", function () { toggle(li, i, btn, false); });
    head.appendChild(btn);
    li.appendChild(head);
    var bits = ["record " + row[F.id], T.database[row[F.database]]];
    if (row[F.year]) bits.push(row[F.year]);
    if (T.status[row[F.status]]) bits.push(T.status[row[F.status]]);
    li.appendChild(el("div", { class: "rec-meta" }, bits.join(" · ")));
    return li;
  }

  /* ---- search and filters ---- */
  var selects = { status: "f-status", stage: "f-stage", decision: "f-decision",
                  reviewer: "f-reviewer", reason: "f-reason", database: "f-database" };
  Object.keys(selects).forEach(function (name) {
    var sel = $(selects[name]);
    (T[name] || []).map(function (v, i) { return [v, i]; })
      .filter(function (p) { return p[0] !== ""; })
      .sort(function (a, b) { return a[0].localeCompare(b[0]); })
      .forEach(function (p) { sel.appendChild(el("option", { value: String(p[1]) }, p[0])); });
  });
  function val(id) { var v = $(id).value; return v === "" ? null : Number(v); }
  function apply() { return whenReady(filter); }
  function filter() {
    var q = $("q").value.trim().toLowerCase(), qid = /^#?\d+$/.test(q) ? Number(q.replace("#", "")) : null;
    var st = val("f-status"), sg = val("f-stage"), de = val("f-decision"), rv = val("f-reviewer"),
      rs = val("f-reason"), db = val("f-database"), y0 = val("f-year-from"), y1 = val("f-year-to");
    var voteFilter = sg !== null || de !== null || rv !== null || rs !== null;
    matches = [];
    for (var i = 0; i < index.length; i++) {
      var r = index[i];
      if (q) {
        if (qid !== null) { if (r[F.id] !== qid) continue; }
        else if (lower[i].indexOf(q) < 0 && (r[F.doi] || "").toLowerCase() !== q) continue;
      }
      if (st !== null && r[F.status] !== st) continue;
      if (db !== null && r[F.database] !== db) continue;
      if (y0 !== null && !(r[F.year] >= y0)) continue;
      if (y1 !== null && !(r[F.year] <= y1)) continue;
      if (voteFilter && !r[F.votes].some(function (v) {
        return (sg === null || v[0] === sg) && (rv === null || v[1] === rv) &&
          (de === null || v[2] === de) && (rs === null || v[3] === rs);
      })) continue;
      matches.push(i);
    }
    $("list").textContent = "";
    $("list").setAttribute("data-query", q);  /* what the list shows, for tests and tools */
    shown = 0;
    more();
    $("count").textContent = fmt(matches.length) + " of " + fmt(index.length) + " records match.";
  }
  function more() {
    var list = $("list"), frag = document.createDocumentFragment();
    var upto = Math.min(shown + PAGE, matches.length);
    for (; shown < upto; shown++) frag.appendChild(item(matches[shown]));
    list.appendChild(frag);
    $("more").hidden = shown >= matches.length;
    $("more").textContent = "Show " + fmt(Math.min(PAGE, matches.length - shown)) + " more";
  }
  var timer = null;
  $("q").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  /* The search box has its own (debounced) listener; its change on blur must not redraw
     the list under a click. */
  $("filters").addEventListener("change", function (ev) { if (ev.target.id !== "q") apply(); });
  $("filters").addEventListener("reset", function () { setTimeout(apply, 0); });
  $("more").addEventListener("click", more);

  function openFromHash() {
    var m = /^#record-(\d+)$/.exec(location.hash);
    if (m) whenReady(function () { openRecord(Number(m[1])); });
  }
  function openRecord(id) {
    var i = pos.get(id);
    if (i === undefined) return;
    /* Cleared by hand: form.reset() would redraw the list again after this. */
    $("filters").querySelectorAll("input, select").forEach(function (c) { c.value = ""; });
    $("q").value = String(id);
    filter();
    var li = $("record-" + id), btn = li.querySelector("button");
    toggle(li, i, btn, true).then(function () {
      btn.focus();
      li.scrollIntoView();
    });
  }
  window.addEventListener("hashchange", openFromHash);
  /* A link to the record already in the address fires no hashchange: open it anyway
     (the search or filters may hide it, or its entry was folded). */
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#record-"]');
    if (!a || a.getAttribute("href") !== location.hash) return;
    ev.preventDefault();
    openFromHash();
  });
  /* A printout shows what the folded parts hold. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  /* Index parsed after the first paint, so the top of the page shows at once. */
  setTimeout(function () {
    apply().then(function () {
      openFromHash();
      document.documentElement.setAttribute("data-ready", "1");
      document.documentElement.setAttribute("data-ready-ms",
        String(Math.round(performance.now())));
    });
  }, 0);
})();
