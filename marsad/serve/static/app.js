/* marsad dashboard: map, timeline, table and article view over /api.
 *
 * Safety rule: every value that comes from an article (text, title, names, URLs) reaches the page
 * through textContent / createTextNode or a checked attribute — never as parsed HTML markup.
 */
(function () {
  "use strict";

  var TYPE_COLORS = {
    ASSAULT: "#c0392b", COERCE: "#d35400", THREATEN: "#e67e22", MOBILIZE: "#a0522d",
    PROTEST: "#8e44ad", SANCTION: "#6d4c41", ACCUSE: "#b7950b", REJECT: "#7f8c8d",
    REQUEST: "#2980b9", CONSULT: "#16a085", AGREE: "#27ae60", SUPPORT: "#2e86c1",
    COOPERATE: "#1abc9c", AID: "#229954", RETREAT: "#5d6d7e", CONCEDE: "#48c9b0"
  };
  var PAGE = 50;
  var state = { filters: {}, offset: 0, total: 0, map: null, markers: null, countries: null,
                countryCounts: {}, types: [], selected: null };

  // ---------------------------------------------------------------------------------------- DOM
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "text") node.textContent = String(v);
        else if (k === "cls") node.className = v;
        else if (k === "cvar") node.style.setProperty("--c", String(v));  // CSSOM: allowed by the CSP
        else if (k === "on") Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
        else if (k === "href") { if (/^https?:\/\//i.test(String(v))) node.setAttribute("href", String(v)); }
        else node.setAttribute(k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function $(id) { return document.getElementById(id); }
  function color(type) { return TYPE_COLORS[type] || "#566573"; }
  function badge(type) { return el("span", { cls: "badge", cvar: color(type), text: type || "?" }); }
  function ar(text, cls) { return el("span", { lang: "ar", dir: "rtl", cls: "ar " + (cls || ""), text: text || "" }); }
  function fmtNum(n) { return n === null || n === undefined ? "" : Number(n).toLocaleString("en"); }
  function partyName(p) { return p.name_en || p.code || p.text || "?"; }

  // ---------------------------------------------------------------------------------------- API
  function qs(params) {
    var u = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== "") u.set(k, v);
    });
    var s = u.toString();
    return s ? "?" + s : "";
  }
  function api(path, params) {
    return fetch(path + qs(params || {}), { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) throw new Error((body && body.detail && (typeof body.detail === "string" ? body.detail
          : JSON.stringify(body.detail))) || ("HTTP " + r.status));
        return body;
      });
    });
  }
  function showError(err) {
    var box = $("error");
    if (!err) { box.hidden = true; box.textContent = ""; return; }
    box.textContent = String(err.message || err);
    box.hidden = false;
  }

  // ------------------------------------------------------------------------------------ filters
  function readFilters() {
    var f = {
      type: $("f-type").value, country: $("f-country").value, actor: $("f-actor").value.trim(),
      since: $("f-since").value, until: $("f-until").value, text: $("f-text").value.trim()
    };
    if ($("f-bbox").checked && state.map) {
      var b = state.map.getBounds();
      var w = Math.max(-180, b.getWest()), e = Math.min(180, b.getEast());
      var s = Math.max(-90, b.getSouth()), n = Math.min(90, b.getNorth());
      f.bbox = [w, s, e, n].map(function (x) { return x.toFixed(3); }).join(",");
    }
    return f;
  }
  function apply() { state.filters = readFilters(); state.offset = 0; refresh(); }

  function fillSelect(select, values, labels) {
    var keep = select.value;
    while (select.options.length > 1) select.remove(1);
    values.forEach(function (v) { select.appendChild(el("option", { value: v, text: labels ? labels(v) : v })); });
    select.value = values.indexOf(keep) >= 0 ? keep : "";
  }

  // --------------------------------------------------------------------------------------- load
  function refresh() {
    showError(null);
    var f = state.filters;
    return Promise.all([
      api("/api/events", Object.assign({ limit: PAGE, offset: state.offset }, f)).then(renderTable),
      api("/api/stats", f).then(renderStats),
      api("/api/points", f).then(renderPoints)
    ]).catch(showError);
  }

  function renderStats(stats) {
    state.types = stats.types || [];
    if ($("f-type").options.length <= 1) fillSelect($("f-type"), state.types);
    if (!state.filters.country) {
      fillSelect($("f-country"), Object.keys(stats.by_country || {}).filter(Boolean).sort());
    }
    state.countryCounts = stats.by_country || {};
    if (state.countries) state.countries.setStyle(countryStyle);
    renderTimeline(stats);
  }

  // -------------------------------------------------------------------------------------- table
  function renderTable(page) {
    state.total = page.total || 0;
    var tbody = clear($("events").tBodies[0]);
    if (!page.items.length) {
      tbody.appendChild(el("tr", null, el("td", { colspan: 7, cls: "muted empty", text: "No events match these filters." })));
    }
    page.items.forEach(function (ev) {
      var loc = ev.location || {};
      var who = (ev.actors || []).map(partyName).join(", ");
      var whom = (ev.recipients || []).map(partyName).join(", ");
      var tr = el("tr", { tabindex: 0, "data-key": ev.key, cls: "ev-row",
                          on: { click: function () { openEvent(ev.key); },
                                keydown: function (e) { if (e.key === "Enter") openEvent(ev.key); } } },
        el("td", { cls: "nowrap", text: ev.date || "—" }),
        el("td", null, badge(ev.type)),
        el("td", null, who || "—", whom ? el("span", { cls: "muted", text: " → " + whom }) : null),
        el("td", null, loc.name_en || loc.text || "", loc.country ? el("span", { cls: "muted", text: " " + loc.country }) : null),
        el("td", { cls: "num", text: ev.dead === null || ev.dead === undefined ? "" : fmtNum(ev.dead) }),
        el("td", { cls: "num", text: ev.n_sources }),
        el("td", { cls: "evidence" }, ar(ev.evidence || ""))
      );
      tbody.appendChild(tr);
    });
    var from = page.items.length ? page.offset + 1 : 0;
    $("page-note").textContent = fmtNum(from) + "–" + fmtNum(page.offset + page.items.length) + " of " + fmtNum(page.total);
    $("prev").disabled = page.offset <= 0;
    $("next").disabled = page.next_offset === null || page.next_offset === undefined;
    $("summary").textContent = fmtNum(page.total) + " events";
  }

  // ----------------------------------------------------------------------------------------- map
  function countryStyle(feature) {
    var n = state.countryCounts[feature.properties.iso3] || 0;
    var a = n ? Math.min(0.55, 0.12 + Math.log10(n + 1) * 0.15) : 0;
    return { pane: "countries", color: "#b7ae9c", weight: 0.6, fillColor: n ? "#c9a227" : "#f3efe6",
             fillOpacity: n ? a : 1, interactive: false };
  }
  function initMap() {
    if (!window.L) { $("map").textContent = "Map library missing."; return; }
    var map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 12, zoomSnap: 0.5, attributionControl: true,
                             preferCanvas: false }).setView([28, 42], 3.5);
    map.attributionControl.setPrefix("");
    map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");
    map.createPane("countries").style.zIndex = 300;
    map.createPane("events").style.zIndex = 450;
    state.map = map;
    state.markers = L.layerGroup().addTo(map);
    fetch("/static/countries.json").then(function (r) { return r.json(); }).then(function (geo) {
      state.countries = L.geoJSON(geo, { style: countryStyle, pane: "countries" }).addTo(map);
    }).catch(function () { /* outline is decoration only */ });
    map.on("moveend", function () { if ($("f-bbox").checked) apply(); });
    var legend = clear($("map-legend"));
    legend.appendChild(el("span", { cls: "muted", text: "Circle size: events at the place · colour: most frequent type" }));
  }
  function fitCentral(points) {
    // First view: the box holding the central 90% of places (weighted by events), not the outliers.
    var lats = [], lons = [];
    points.forEach(function (p) { for (var i = 0; i < Math.min(p[2], 50); i++) { lats.push(p[0]); lons.push(p[1]); } });
    if (!lats.length) return;
    lats.sort(function (a, b) { return a - b; }); lons.sort(function (a, b) { return a - b; });
    var q = function (a, f) { return a[Math.min(a.length - 1, Math.max(0, Math.round(f * (a.length - 1))))]; };
    var s = q(lats, 0.05), n = q(lats, 0.95), w = q(lons, 0.05), e = q(lons, 0.95);
    state.map.fitBounds([[s - 2, w - 3], [n + 2, e + 3]], { maxZoom: 6 });
  }
  function renderPoints(res) {
    if (!state.map) return;
    if (!state.fitted && res.points.length) { state.fitted = true; fitCentral(res.points); }
    state.markers.clearLayers();
    res.points.forEach(function (p) {
      var lat = p[0], lon = p[1], n = p[2], types = p[3], place = p[4], country = p[5];
      var top = Object.keys(types).sort(function (a, b) { return types[b] - types[a]; })[0];
      var m = L.circleMarker([lat, lon], {
        pane: "events", radius: Math.min(26, 5 + 3 * Math.sqrt(n)), color: "#fff", weight: 1.5,
        fillColor: color(top), fillOpacity: 0.85, className: "ev-marker"
      });
      m.bindTooltip(String(place || "") + " · " + n + (n === 1 ? " event" : " events"));
      m.on("click", function () { openPlace(m, lat, lon, place, country, n); });
      state.markers.addLayer(m);
    });
  }
  function openPlace(marker, lat, lon, place, country, n) {
    var d = 0.0001;
    var f = Object.assign({}, state.filters, { bbox: [lon - d, lat - d, lon + d, lat + d].join(","), limit: 20 });
    var box = el("div", { cls: "popup" }, el("strong", { text: (place || "?") + (country ? " · " + country : "") }),
                 el("div", { cls: "muted", text: n + (n === 1 ? " event" : " events") }));
    var list = el("ul", { cls: "popup-list" });
    box.appendChild(list);
    marker.unbindTooltip();
    marker.bindPopup(box, { maxWidth: 320 }).openPopup();
    api("/api/events", f).then(function (page) {
      page.items.forEach(function (ev) {
        list.appendChild(el("li", null, el("button", { type: "button", cls: "linklike popup-event", "data-key": ev.key,
          on: { click: function () { openEvent(ev.key); } } }, badge(ev.type), " ", ev.date || "", " ",
          el("span", { cls: "muted", text: (ev.actors || []).map(partyName).join(", ") }))));
      });
      if (page.total > page.items.length) list.appendChild(el("li", { cls: "muted", text: "… " + (page.total - page.items.length) + " more in the table" }));
      marker.getPopup().update();
    }).catch(showError);
  }

  // ------------------------------------------------------------------------------------ timeline
  function bucketOf(day, unit) {
    if (unit === "day") return day;
    if (unit === "month") return day.slice(0, 7);
    if (unit === "year") return day.slice(0, 4);
    var d = new Date(day + "T00:00:00Z");
    var dow = (d.getUTCDay() + 6) % 7;
    d.setUTCDate(d.getUTCDate() - dow);
    return d.toISOString().slice(0, 10);
  }
  function bucketRange(key, unit) {
    if (unit === "day") return [key, key];
    if (unit === "month") {
      var y = +key.slice(0, 4), m = +key.slice(5, 7);
      var last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      return [key + "-01", last];
    }
    if (unit === "year") return [key + "-01-01", key + "-12-31"];
    var d = new Date(key + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 6);
    return [key, d.toISOString().slice(0, 10)];
  }
  function nextBucket(key, unit) {
    if (unit === "year") return String(+key + 1);
    if (unit === "month") {
      var y = +key.slice(0, 4), m = +key.slice(5, 7) + 1;
      if (m > 12) { m = 1; y += 1; }
      return y + "-" + (m < 10 ? "0" : "") + m;
    }
    var d = new Date(key + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + (unit === "week" ? 7 : 1));
    return d.toISOString().slice(0, 10);
  }
  function renderTimeline(stats) {
    var box = clear($("timeline"));
    var days = stats.by_day || [];
    var notes = [];
    if (stats.undated) notes.push(fmtNum(stats.undated) + " without a full date");
    if (!days.length) { $("timeline-note").textContent = notes.join(" · "); box.appendChild(el("p", { cls: "muted", text: "No dated events." })); return; }
    // The axis covers the shortest stretch of time holding 90% of the dated events, so a few stray
    // old dates (an anniversary, a war recalled) do not squash the rest; the others are counted.
    var sums = days.map(function (d) { var n = 0; Object.keys(d.counts).forEach(function (t) { n += d.counts[t]; }); return n; });
    var all = sums.reduce(function (a, b) { return a + b; }, 0);
    var ms = days.map(function (d) { return Date.parse(d.day + "T00:00:00Z"); });
    var lo = 0, hi = days.length - 1, best = Infinity, acc = 0, i0 = 0;
    for (var j = 0; j < days.length; j++) {
      acc += sums[j];
      while (i0 < j && acc - sums[i0] >= all * 0.9) { acc -= sums[i0]; i0++; }
      if (acc >= all * 0.9 && ms[j] - ms[i0] < best) { best = ms[j] - ms[i0]; lo = i0; hi = j; }
    }
    var first = days[lo].day, last = days[hi].day;
    var span = (new Date(last + "T00:00:00Z") - new Date(first + "T00:00:00Z")) / 864e5;
    var unit = span <= 120 ? "day" : span <= 730 ? "week" : span <= 365 * 15 ? "month" : "year";
    var buckets = {}, order = [], outside = [0, 0];
    days.forEach(function (d, i) {
      if (i < lo || i > hi) { outside[i < lo ? 0 : 1] += sums[i]; return; }
      var k = bucketOf(d.day, unit);
      buckets[k] = buckets[k] || {};
      Object.keys(d.counts).forEach(function (t) { buckets[k][t] = (buckets[k][t] || 0) + d.counts[t]; });
    });
    var endKey = bucketOf(last, unit);
    for (var k = bucketOf(first, unit), guard = 0; guard < 2000; k = nextBucket(k, unit), guard++) {
      order.push(k);
      if (k >= endKey) break;
    }
    if (outside[0]) notes.push(fmtNum(outside[0]) + " earlier");
    if (outside[1]) notes.push(fmtNum(outside[1]) + " later");
    $("timeline-note").textContent = "per " + unit + (notes.length ? " · not shown: " + notes.join(", ") : "");
    var W = Math.max(box.clientWidth - 8 || 600, 280), H = 150, padL = 30, padB = 22, padT = 8;
    var max = 1;
    order.forEach(function (k) {
      var n = 0; Object.keys(buckets[k] || {}).forEach(function (t) { n += buckets[k][t]; }); if (n > max) max = n;
    });
    var NS = "http://www.w3.org/2000/svg";
    function s(tag, attrs) {
      var n = document.createElementNS(NS, tag);
      Object.keys(attrs || {}).forEach(function (a) { n.setAttribute(a, String(attrs[a])); });
      return n;
    }
    var svg = s("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", height: H, role: "img",
                         "aria-label": "Events per " + unit + " by type" });
    var bw = (W - padL - 4) / order.length;
    var scale = (H - padB - padT) / max;
    [0, Math.round(max / 2), max].filter(function (v, i, a) { return a.indexOf(v) === i; }).forEach(function (v) {
      var y = H - padB - v * scale;
      svg.appendChild(s("line", { x1: padL - 3, x2: W, y1: y, y2: y, class: "grid" }));
      var t = s("text", { x: padL - 5, y: y + 4, "text-anchor": "end", class: "axis" }); t.textContent = String(v);
      svg.appendChild(t);
    });
    var labelEvery = Math.max(1, Math.ceil(order.length / Math.max(2, Math.floor((W - padL) / 74))));
    var types = state.types.length ? state.types : Object.keys(TYPE_COLORS);
    order.forEach(function (k, i) {
      var x = padL + i * bw, y = H - padB;
      var b = buckets[k] || {};
      var g = s("g", { class: "bar", "data-bucket": k });
      var lines = [k + (unit === "week" ? " (week)" : "")];
      types.forEach(function (t) {
        var n = b[t]; if (!n) return;
        var h = n * scale; y -= h;
        g.appendChild(s("rect", { x: x + 0.5, y: y, width: Math.max(1, bw - 1), height: h, fill: color(t) }));
        lines.push(t + ": " + n);
      });
      g.appendChild(s("rect", { x: x, y: padT, width: bw, height: H - padB - padT, fill: "transparent", class: "hit" }));
      var tip = s("title", {});
      tip.textContent = lines.join("\n") + (lines.length > 1 ? "\n(click to show only these dates)" : "");
      g.appendChild(tip);
      if (lines.length > 1) g.addEventListener("click", function () {
        var r = bucketRange(k, unit);
        $("f-since").value = r[0]; $("f-until").value = r[1]; apply();
      });
      svg.appendChild(g);
      if (i % labelEvery === 0) {
        svg.appendChild(s("line", { x1: x + bw / 2, x2: x + bw / 2, y1: H - padB, y2: H - padB + 3, class: "tick" }));
        var t = s("text", { x: x + bw / 2, y: H - 6, "text-anchor": "middle", class: "axis" });
        t.textContent = unit === "day" || unit === "week" ? k.slice(5) + (i === 0 ? " " + k.slice(0, 4) : "") : k;
        svg.appendChild(t);
      }
    });
    box.appendChild(svg);
    var legend = el("div", { cls: "legend" });
    Object.keys(stats.by_type || {}).forEach(function (t) {
      legend.appendChild(el("button", { type: "button", cls: "legend-item linklike", title: "Show only " + t,
        on: { click: function () { $("f-type").value = t; apply(); } } },
        el("span", { cls: "swatch", cvar: color(t) }), t + " " + stats.by_type[t]));
    });
    box.appendChild(legend);
  }

  // ------------------------------------------------------------------------------ event + article
  function field(label, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return null;
    return el("div", { cls: "field" }, el("dt", { text: label }), el("dd", null, value));
  }
  function parties(list) {
    return (list || []).map(function (p) {
      return el("div", { cls: "party" }, el("span", { text: partyName(p) }),
        p.code ? el("code", { text: p.code }) : null, p.text ? ar(p.text, "small") : null);
    });
  }
  function openEvent(key) {
    showError(null);
    return api("/api/events/" + encodeURIComponent(key)).then(function (ev) {
      state.selected = ev;
      if (location.hash !== "#event=" + key) history.replaceState(null, "", "#event=" + encodeURIComponent(key));
      renderEvent(ev);
      var src = (ev.sources || [])[0];
      if (src) return openArticle(src.article, src);
      clear($("article-text"));
    }).catch(showError);
  }
  function renderEvent(ev) {
    var loc = ev.location || {};
    $("detail").hidden = false;
    document.body.classList.add("detail-open");
    clear($("detail-title"));
    append($("detail-title"), [badge(ev.type), " ", ev.date || "undated", " ",
      el("span", { cls: "muted small", text: ev.key })]);
    var coded = clear($("coded"));
    var dead = null;
    if (ev.dead !== null && ev.dead !== undefined) {
      dead = el("span", null, el("strong", { text: fmtNum(ev.dead) }),
        ev.dead_qualifier && ev.dead_qualifier !== "exact" ? " (" + ev.dead_qualifier.replace("_", " ") + ")" : "",
        ev.dead_max && ev.dead_max !== ev.dead ? el("span", { cls: "muted", text: " · highest figure " + fmtNum(ev.dead_max) }) : null);
    }
    var dl = el("dl", null,
      field("Type", [badge(ev.type), ev.mode ? " " + ev.mode : ""]),
      field("Date", (ev.date || "unknown") + (ev.date_end ? " – " + ev.date_end : "") + " · " + (ev.date_precision || "")),
      field("Actor", parties(ev.actors)),
      field("Recipient", parties(ev.recipients)),
      field("Place", ev.location ? [loc.name_en || "", loc.country ? " · " + loc.country : "",
        loc.precision ? el("span", { cls: "muted", text: " (" + loc.precision + ")" }) : null,
        loc.text ? el("div", null, ar(loc.text, "small")) : null] : null),
      field("Dead", dead),
      field("Injured", ev.injured !== null && ev.injured !== undefined ? fmtNum(ev.injured) : null),
      field("Speaker", ev.speaker ? [ev.speaker.name_en || "", " ", ar(ev.speaker.text || "", "small")] : null),
      field("Sources", ev.n_sources + (ev.n_articles ? " report(s) in " + ev.n_articles + " article(s)" : "")),
      field("Confidence", ev.confidence !== null && ev.confidence !== undefined ? String(ev.confidence) : null),
      field("Flags", [ev.negated ? "negated " : "", ev.future ? "future" : ""].join("").trim() || null)
    );
    coded.appendChild(dl);
    if ((ev.fatality_reports || []).length) {
      coded.appendChild(el("h3", { text: "Every casualty figure" }));
      var t = el("table", { cls: "figures" }, el("thead", null, el("tr", null,
        el("th", { text: "Dead" }), el("th", { text: "Who says so" }), el("th", { text: "Where" }))));
      var tb = el("tbody");
      ev.fatality_reports.forEach(function (f) {
        var art = f.article || {};
        tb.appendChild(el("tr", { cls: f.chosen ? "chosen" : "" },
          el("td", { cls: "num" }, (f.dead === null ? "?" : fmtNum(f.dead)) + (f.qualifier && f.qualifier !== "exact" ? " " + f.qualifier.replace("_", " ") : ""),
             f.chosen ? el("span", { cls: "chosen-mark", title: "the figure the dataset uses", text: " ✓" }) : null),
          el("td", null, f.speaker ? ar(f.speaker, "small") : el("span", { cls: "muted", text: "unattributed" }),
             f.side ? el("span", { cls: "muted", text: " · side " + f.side }) : null),
          el("td", null, el("button", { type: "button", cls: "linklike", text: (art.source || art.id || "article") + (art.published ? " " + art.published : ""),
             on: { click: function () { openArticle(art.hash, null, f); } } }),
             f.text ? el("div", null, ar(f.text, "small")) : null)));
      });
      t.appendChild(tb);
      coded.appendChild(t);
    }
    coded.appendChild(el("h3", { text: "Sources" }));
    var ul = el("ol", { cls: "sources" });
    (ev.sources || []).forEach(function (s) {
      ul.appendChild(el("li", null,
        el("button", { type: "button", cls: "linklike source-link", "data-article": s.article,
          on: { click: function () { openArticle(s.article, s); } } },
          s.title ? ar(s.title) : (s.article_id || "article")),
        el("div", { cls: "muted small", text: [s.source, s.published].filter(Boolean).join(" · ") }),
        s.url ? el("a", { href: s.url, rel: "noopener noreferrer nofollow", target: "_blank", cls: "small", text: "original ↗" }) : null,
        s.evidence ? el("blockquote", null, ar(s.evidence)) : null));
    });
    coded.appendChild(ul);
    if ((ev.revisions || []).length) {
      coded.appendChild(el("h3", { text: "Revisions" }));
      coded.appendChild(el("ul", { cls: "small" }, ev.revisions.map(function (r) {
        return el("li", { text: (r.revised_at || "") + ": " + (r.note || "") });
      })));
    }
  }

  // Split the text at every span boundary; each piece carries the classes of the spans over it.
  function renderSpans(container, text, spans) {
    clear(container);
    var cuts = [0, text.length];
    spans.forEach(function (s) {
      s.start = Math.max(0, Math.min(text.length, s.start | 0));
      s.end = Math.max(s.start, Math.min(text.length, s.end | 0));
      cuts.push(s.start, s.end);
    });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    var firstActive = null;
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1], piece = text.slice(a, b);
      var over = spans.filter(function (s) { return s.start <= a && s.end >= b && s.end > s.start; });
      if (!over.length) { container.appendChild(document.createTextNode(piece)); continue; }
      var active = over.some(function (s) { return s.cls.indexOf("ev-active") >= 0; });
      var node = el(active ? "mark" : "span", {
        cls: over.map(function (s) { return s.cls; }).join(" "),
        title: over.map(function (s) { return s.title; }).filter(Boolean).join("\n"),
        text: piece });
      var go = over.filter(function (s) { return s.open; })[0];
      if (go) { node.addEventListener("click", go.open); node.classList.add("clickable"); }
      if (active && !firstActive) { firstActive = node; node.id = "evidence"; }
      container.appendChild(node);
    }
    return firstActive;
  }

  function openArticle(id, source, figure) {
    if (!id) return Promise.resolve();
    return api("/api/articles/" + encodeURIComponent(id)).then(function (res) {
      var art = res.article;
      if (!state.selected) { $("detail").hidden = false; document.body.classList.add("detail-open");
        clear($("detail-title")); append($("detail-title"), ["Article ", el("span", { cls: "muted small", text: art.id.slice(0, 16) })]);
        clear($("coded")); }
      var meta = clear($("article-meta"));
      meta.appendChild(el("h3", { cls: "article-title" }, ar(art.title || "(untitled)")));
      meta.appendChild(el("div", { cls: "muted small", text: [art.source, art.published, art.ext_id].filter(Boolean).join(" · ") }));
      var spans = [];
      (res.entities || []).forEach(function (e) {
        (e.mentions || []).forEach(function (m) {
          spans.push({ start: m[0], end: m[1], cls: "ent ent-" + e.type,
                       title: e.type + ": " + (e.name_en || e.text) + (e.code ? " [" + e.code + "]" : "") });
        });
      });
      var activeIdx = source ? source.event_idx : null;
      (res.events || []).forEach(function (ev) {
        var range = null;
        var key = ev.dataset_key || ev.key;
        var isActive = activeIdx !== null && ev.idx === activeIdx;
        if (ev.ev_start !== undefined && ev.ev_start !== null) range = [ev.ev_start, ev.ev_end];
        if (range) {
          spans.push({ start: range[0], end: range[1], cls: isActive ? "ev ev-active" : "ev",
                       title: ev.type + (ev.date ? " · " + ev.date : "") + (ev.negated ? " · negated" : ""),
                       open: isActive ? null : function () { openEvent(key); } });
        }
        (ev.fatality_reports || []).forEach(function (f) {
          if (f.end > f.start && (isActive || figure)) spans.push({ start: f.start, end: f.end, cls: "fat",
            title: "figure: " + f.dead + (f.speaker ? " · " + f.speaker : "") });
        });
      });
      if (figure && figure.end > figure.start) spans.push({ start: figure.start, end: figure.end, cls: "ev-active fig",
        title: "figure: " + figure.dead });
      if (source && (activeIdx === null || activeIdx === undefined) && source.ev_end > source.ev_start) {
        spans.push({ start: source.ev_start, end: source.ev_end, cls: "ev ev-active", title: "evidence" });
      }
      var legend = clear($("article-legend"));
      [["ev-active", "evidence of this event"], ["ev", "other events"], ["fat", "casualty figure"],
       ["ent ent-PER", "person"], ["ent ent-ORG", "organisation"], ["ent ent-GPE", "country/city"], ["ent ent-LOC", "place"]]
        .forEach(function (p) { legend.appendChild(el("span", { cls: "key " + p[0], text: p[1] })); });
      var first = renderSpans($("article-text"), art.text || "", spans);
      $("article-text").setAttribute("data-article", art.id);
      if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
    }).catch(showError);
  }

  function closeDetail() {
    $("detail").hidden = true;
    document.body.classList.remove("detail-open");
    state.selected = null;
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }

  function route() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (h.indexOf("event=") === 0) openEvent(h.slice(6));
    else if (h.indexOf("article=") === 0) { state.selected = null; openArticle(h.slice(8)); }
  }

  // --------------------------------------------------------------------------------------- start
  function start() {
    initMap();
    $("filters").addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    ["f-type", "f-country", "f-since", "f-until", "f-bbox"].forEach(function (id) { $(id).addEventListener("change", apply); });
    $("f-reset").addEventListener("click", function () { $("filters").reset(); apply(); });
    $("prev").addEventListener("click", function () { state.offset = Math.max(0, state.offset - PAGE); refresh(); });
    $("next").addEventListener("click", function () { state.offset += PAGE; refresh(); });
    $("detail-close").addEventListener("click", closeDetail);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !$("detail").hidden) closeDetail(); });
    window.addEventListener("hashchange", route);
    state.filters = readFilters();
    refresh().then(function () { document.body.setAttribute("data-ready", "1"); });
    route();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
