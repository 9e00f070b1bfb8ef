/* argmap map page: search, filters, cards, focus, keyboard, embed height.
 *
 * Safety rule of this file: data from the map (labels, texts, names, URLs) reaches the page only
 * through textContent, DOM properties and vis-network's canvas; never through innerHTML,
 * insertAdjacentHTML, document.write or a string handed to the HTML parser.  Links are made
 * only for http(s) URLs and open in a new tab with rel="noopener noreferrer".
 */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var payload = JSON.parse(document.getElementById("argmap-data").textContent);
  var model = payload.model;
  var words = payload.words;
  var reduceMotion = !!(window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  var animation = reduceMotion ? false : { duration: 350, easingFunction: "easeInOutQuad" };

  var byId = {};
  model.nodes.forEach(function (n) { byId[n.id] = n; });
  var CLAIMS = { proposal: 1, claim: 1, topic: 1 };
  var RELATIONS = { support: 1, rebut: 1, undermine: 1, undercut: 1 };

  // Who argues about whom, looking through support junctions.
  var outgoing = {}, incoming = {};
  model.edges.forEach(function (e) {
    (outgoing[e.from] = outgoing[e.from] || []).push(e);
    (incoming[e.to] = incoming[e.to] || []).push(e);
  });

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "text") { node.textContent = attrs[key]; }
        else if (key === "className") { node.className = attrs[key]; }
        else { node.setAttribute(key, attrs[key]); }
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function isWebUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s<>"'`\\]+$/i.test(url);
  }

  function link(url, text) {
    if (!isWebUrl(url)) { return el("span", { text: text || String(url || "") }); }
    var a = el("a", { text: text || url, target: "_blank", rel: "noopener noreferrer" });
    a.href = url;
    return a;
  }

  // --- the network ---------------------------------------------------------------------
  var nodes = new vis.DataSet(payload.vis.nodes);
  var edges = new vis.DataSet(payload.vis.edges);
  var home = {};
  payload.vis.nodes.forEach(function (n) { home[n.id] = { x: n.x, y: n.y }; });
  var container = $("map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    physics: { enabled: false, solver: "forceAtlas2Based", stabilization: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, keyboard: false, navigationButtons: false, tooltipDelay: 3600000,
                   multiselect: false, zoomSpeed: 0.6 },
    nodes: { shapeProperties: { interpolation: false } },
    edges: { smooth: { enabled: payload.layout !== "layered", type: "continuous", roundness: 0.3 },
             selectionWidth: 1.5, hoverWidth: 0.5 }
  });

  // --- "for" and "against" labels over the arguments about the main proposal ------------
  var mainProposal = null, sides = { "for": [], against: [] };
  (function () {
    var best = -1;
    model.nodes.forEach(function (n) {
      if (n.kind !== "proposal") { return; }
      var count = (incoming[n.id] || []).length;
      if (count > best) { best = count; mainProposal = n; }
    });
    if (!mainProposal) { return; }
    (incoming[mainProposal.id] || []).forEach(function (e) {
      var from = byId[e.from];
      if (!from || !RELATIONS[e.kind]) { return; }
      var ids = from.kind === "junction" ? (from.premises || []) : [from.id];
      ids.forEach(function (id) {
        var side = sides[e.kind === "support" ? "for" : "against"];
        if (side.indexOf(id) < 0) { side.push(id); }
      });
    });
  }());
  var colours = payload.colours;
  network.on("afterDrawing", function (ctx) {
    if (!mainProposal || state.focus || model.aggregated || payload.layout !== "layered") { return; }
    [["for", "Arguments for"], ["against", "Arguments against"]].forEach(function (pair) {
      var ids = sides[pair[0]].filter(function (id) { return lastVisible[id]; });
      if (ids.length < 2) { return; }
      var boxes = ids.map(function (id) { return network.getBoundingBox(id); });
      var left = Math.min.apply(null, boxes.map(function (b) { return b.left; }));
      var right = Math.max.apply(null, boxes.map(function (b) { return b.right; }));
      var top = Math.min.apply(null, boxes.map(function (b) { return b.top; }));
      var x = (left + right) / 2, y = top - 24;
      var text = pair[1] + " \u2191";
      ctx.font = "bold 28px system-ui, -apple-system, Segoe UI, Roboto, Liberation Sans, DejaVu Sans, sans-serif";
      var width = ctx.measureText(text).width;
      ctx.fillStyle = colours.background;
      ctx.fillRect(x - width / 2 - 8, y - 19, width + 16, 38);
      ctx.fillStyle = pair[0] === "for" ? colours.support : colours.attack;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(text, x, y);
    });
  });

  // --- visibility: filters, "also show" and focus -------------------------------------
  var state = { actor: "", group: "", topic: "", relations: {}, statuses: {},
                showActors: false, showSources: false, focus: null };
  model.facets.relations.forEach(function (k) { state.relations[k] = true; });
  // A map drawn around one node (argmap draw --focus) is small: show who said what, and where.
  if (payload.focus) {
    state.showActors = state.showSources = true;
    $("show-actors").checked = $("show-sources").checked = true;
  }
  model.facets.statuses.forEach(function (k) { state.statuses[k] = true; });

  function claimPasses(n) {
    if (n.kind === "proposal") { return true; }
    if (state.actor && (n.actors || []).indexOf(state.actor) < 0) { return false; }
    if (state.group && (n.groups || []).indexOf(state.group) < 0) { return false; }
    if (state.topic && (n.topics || []).indexOf(state.topic) < 0) { return false; }
    if (n.status && state.statuses[n.status] === false) { return false; }
    return true;
  }

  function computeVisible() {
    var visible = {};
    model.nodes.forEach(function (n) {
      if (CLAIMS[n.kind]) { visible[n.id] = claimPasses(n); }
    });
    model.nodes.forEach(function (n) {
      if (n.kind === "junction") {
        var premises = (n.premises || []).filter(function (p) { return visible[p]; });
        visible[n.id] = !!visible[n.conclusion] && premises.length > 0;
      }
    });
    model.nodes.forEach(function (n) {
      if (n.kind === "actor" || n.kind === "source") {
        var on = n.kind === "actor" ? (state.showActors || state.actor === n.id || state.group === n.id)
                                    : state.showSources;
        var linked = (outgoing[n.id] || []).concat(incoming[n.id] || []).some(function (e) {
          return visible[e.from === n.id ? e.to : e.from];
        });
        visible[n.id] = (on && linked) || n.id === payload.focus;
      }
    });
    if (state.focus) {
      Object.keys(visible).forEach(function (id) {
        if (!state.focus.members[id]) { visible[id] = false; }
      });
      state.focus.extra.forEach(function (id) { visible[id] = true; });
    }
    return visible;
  }

  function edgeVisible(e, visible) {
    if (!visible[e.from] || !visible[e.to]) { return false; }
    if (RELATIONS[e.kind] && state.relations[e.kind] === false) { return false; }
    return true;
  }

  var lastVisible = {};
  function applyVisibility() {
    var visible = computeVisible();
    lastVisible = visible;
    nodes.update(model.nodes.map(function (n) { return { id: n.id, hidden: !visible[n.id] }; }));
    edges.update(model.edges.map(function (e) { return { id: e.id, hidden: !edgeVisible(e, visible) }; }));
    var claims = model.nodes.filter(function (n) { return CLAIMS[n.kind]; });
    var shown = claims.filter(function (n) { return visible[n.id]; }).length;
    var text = "Showing " + shown + " of " + claims.length + " " + (model.aggregated ? "groups" : "claims");
    if (state.focus) { text += " around \u201c" + byId[state.focus.centre].label + "\u201d"; }
    $("status-line").textContent = text + ".";
    postHeight();
  }

  // --- cards ---------------------------------------------------------------------------
  var card = $("card");
  var pinned = null;

  function relationList(title, items) {
    if (!items.length) { return null; }
    return el("div", null, [el("h3", { text: title }), el("ul", { className: "related" }, items.map(function (item) {
      var target = byId[item.id];
      var b = el("button", { type: "button", text: target ? target.label : item.id });
      b.addEventListener("click", function () { select(item.id, true); });
      return el("li", null, [item.word ? el("span", { text: item.word + ":" }) : null, b]);
    }))]);
  }

  function argumentsAbout(id) {
    var about = [], from = [];
    (outgoing[id] || []).forEach(function (e) {
      if (!RELATIONS[e.kind]) { return; }
      var target = byId[e.to];
      if (target && target.kind === "junction") {
        if (e.kind === "support") { about.push({ id: target.conclusion, word: words.relation.support }); }
        else { about.push({ id: target.conclusion, word: words.relation.undercut }); }
      } else { about.push({ id: e.to, word: words.relation[e.kind] }); }
    });
    (incoming[id] || []).forEach(function (e) {
      if (!RELATIONS[e.kind]) { return; }
      var source = byId[e.from];
      if (source && source.kind === "junction") {
        (source.premises || []).forEach(function (p) { from.push({ id: p, word: words.by.support }); });
        (incoming[source.id] || []).forEach(function (u) {
          if (u.kind === "undercut") { from.push({ id: u.from, word: words.by.undercut }); }
        });
      } else { from.push({ id: e.from, word: words.by[e.kind] }); }
    });
    return { about: about, from: from };
  }

  function showCard(id, pin) {
    var n = byId[id];
    if (!n) { return; }
    if (n.kind === "junction") {
      n = byId[n.conclusion] || n;
      id = n.id;
    }
    if (pin) { pinned = id; }
    while (card.firstChild) { card.removeChild(card.firstChild); }
    var close = el("button", { type: "button", className: "close", "aria-label": "Close" }, ["\u00d7"]);
    close.addEventListener("click", hideCard);
    card.appendChild(close);
    card.appendChild(el("h2", { text: (n.doubtful ? payload.doubtfulMark + " " : "") + n.label }));
    var meta = [words.kind[n.kind] || n.kind];
    if (n.actor_kind) { meta.push(n.actor_kind); }
    if (n.source_kind) { meta.push(n.source_kind); }
    if (n.status) { meta.push(words.status[n.status]); }
    if (n.first_stated) { meta.push("first stated " + n.first_stated); }
    if (n.date && n.kind === "source") { meta.push(n.date); }
    card.appendChild(el("p", { className: "meta", text: meta.join(" \u00b7 ") }));
    (n.reviews || []).forEach(function (r) {
      if (!r.doubtful) { return; }
      card.appendChild(el("p", { className: "warn" }, [
        el("strong", { text: "Fact-check: " + r.verdict + ". " }), r.reason,
        r.reviewer ? " (" + r.reviewer + ")" : ""]));
    });
    if (n.text && n.text !== n.label) { card.appendChild(el("p", { text: n.text })); }
    (n.texts || []).forEach(function (t) {
      if (t.text !== n.text) { card.appendChild(el("p", { lang: t.lang || "", text: t.text })); }
    });
    if (n.kind === "topic") {
      card.appendChild(el("ul", null, (n.members || []).map(function (m) {
        return el("li", { text: m.label });
      })));
    }
    if (n.assertions && n.assertions.length) {
      card.appendChild(el("h3", { text: "Who said it" }));
      card.appendChild(el("ul", null, n.assertions.map(function (a) {
        var parts = [el("strong", { text: a.actor_label || a.actor })];
        if (a.date) { parts.push(", " + a.date); }
        if (a.source_label) { parts.push(", in "); parts.push(el("cite", { text: a.source_label })); }
        if (a.locator) { parts.push(" (" + a.locator + ")"); }
        var item = el("li", null, parts);
        (a.quotes || []).forEach(function (q) {
          item.appendChild(el("blockquote", { lang: q.lang || "", text: "\u201c" + q.text + "\u201d" }));
        });
        return item;
      })));
    }
    if (n.sources && n.sources.length) {
      card.appendChild(el("h3", { text: "Sources" }));
      card.appendChild(el("ul", null, n.sources.map(function (s) {
        var parts = [];
        var web = (s.links || []).filter(function (l) { return isWebUrl(l.url); });
        parts.push(web.length ? link(web[0].url, s.label) : el("span", { text: s.label }));
        var extra = [s.publisher, s.date].filter(Boolean).join(", ");
        if (extra) { parts.push(" \u2014 " + extra); }
        return el("li", null, parts);
      })));
    }
    if (n.kind === "source" || n.kind === "actor") {
      var details = [n.publisher, n.country, n.party].filter(Boolean);
      (n.roles || []).forEach(function (r) { details.push(r); });
      (n.identifiers || []).forEach(function (i) { details.push(i); });
      if (details.length) { card.appendChild(el("p", { text: details.join(" \u00b7 ") })); }
      var links = (n.links || []);
      if (links.length) {
        card.appendChild(el("ul", null, links.map(function (l) { return el("li", null, [link(l.url, l.text)]); })));
      }
    }
    var rel = argumentsAbout(id);
    var about = relationList("It argues", rel.about);
    if (about) { card.appendChild(about); }
    var from = relationList("Arguments about it", rel.from);
    if (from) { card.appendChild(from); }
    if (n.kind === "actor" || n.kind === "source") {
      var said = (outgoing[id] || []).concat(incoming[id] || []).map(function (e) {
        return { id: e.from === id ? e.to : e.from, word: "" };
      });
      var list = relationList(n.kind === "actor" ? "Claims stated" : "Claims stated in it", said);
      if (list) { card.appendChild(list); }
    }
    var actions = el("div", { className: "actions" });
    if (!state.focus || state.focus.centre !== id) {
      var focusButton = el("button", { type: "button", text: "Show only its neighbourhood" });
      focusButton.addEventListener("click", function () { focusOn(id); });
      actions.appendChild(focusButton);
    }
    if (state.focus) {
      var backButton = el("button", { type: "button", text: "Back to the whole map" });
      backButton.addEventListener("click", unfocus);
      actions.appendChild(backButton);
    }
    card.appendChild(actions);
    card.hidden = false;
    postHeight();
  }

  function hideCard() {
    pinned = null;
    card.hidden = true;
    network.unselectAll();
    postHeight();
  }

  // --- selection and focus --------------------------------------------------------------
  var current = null;

  function revealNode(id) {
    var n = byId[id];
    if (!n) { return; }
    if (!lastVisible[id]) {
      if (state.focus && !state.focus.members[id]) { unfocus(true); }
      if (n.kind === "actor") { state.showActors = true; $("show-actors").checked = true; }
      if (n.kind === "source") { state.showSources = true; $("show-sources").checked = true; }
      applyVisibility();
      if (!lastVisible[id]) { resetFilters(); }
    }
  }

  function select(id, pin) {
    revealNode(id);
    current = id;
    network.selectNodes([id]);
    var scale = Math.max(network.getScale(), 0.85);
    network.focus(id, { scale: scale, animation: animation });
    showCard(id, pin);
  }

  function neighbourhood(centre) {
    var members = {}, ring = { above: [], below: [], leaves: [] };
    members[centre] = true;
    function add(id, where) {
      if (!members[id]) { members[id] = true; ring[where].push(id); }
    }
    (outgoing[centre] || []).forEach(function (e) {
      var t = byId[e.to];
      if (e.kind === "cites") { add(e.to, "leaves"); }
      else if (t && t.kind === "junction") {
        members[t.id] = true;
        add(t.conclusion, "above");
        (t.premises || []).forEach(function (p) { add(p, "below"); });
      } else { add(e.to, "above"); }
    });
    (incoming[centre] || []).forEach(function (e) {
      var s = byId[e.from];
      if (e.kind === "stated") { add(e.from, "leaves"); }
      else if (s && s.kind === "junction") {
        members[s.id] = true;
        (s.premises || []).forEach(function (p) { add(p, "below"); });
        (incoming[s.id] || []).forEach(function (u) { add(u.from, "below"); });
      } else { add(e.from, "below"); }
    });
    return { members: members, ring: ring };
  }

  function focusOn(id) {
    var n = byId[id];
    if (n && n.kind === "junction") { id = n.conclusion; }
    if (state.focus) { unfocus(true); }
    var hood = neighbourhood(id);
    var extra = hood.ring.leaves.slice();
    state.focus = { centre: id, members: hood.members, extra: extra };
    // A small layered picture: what it argues about above, arguments about it below,
    // who said it and where at the bottom.
    var rows = [[hood.ring.above, -230], [[id], 0], [hood.ring.below, 230], [hood.ring.leaves, 420]];
    rows.forEach(function (row) {
      var ids = row[0], y = row[1], width = 215;
      if (ids === hood.ring.leaves) { width = 175; }
      ids.forEach(function (nid, i) {
        network.moveNode(nid, (i - (ids.length - 1) / 2) * width, y);
      });
    });
    Object.keys(hood.members).forEach(function (mid) {
      var m = byId[mid];
      if (m && m.kind === "junction") {
        var c = network.getPositions([m.conclusion])[m.conclusion];
        var ps = (m.premises || []).map(function (p) { return network.getPositions([p])[p]; });
        var px = ps.reduce(function (s, p) { return s + p.x; }, 0) / Math.max(ps.length, 1);
        if (c) { network.moveNode(mid, (px * 2 + c.x) / 3, c.y + 150); }
      }
    });
    $("back").hidden = false;
    applyVisibility();
    network.fit({ animation: animation, maxZoomLevel: 1.1 });
    select(id, true);
  }

  function unfocus(quiet) {
    if (!state.focus) { return; }
    state.focus = null;
    Object.keys(home).forEach(function (id) { network.moveNode(id, home[id].x, home[id].y); });
    $("back").hidden = true;
    applyVisibility();
    if (quiet !== true) {
      network.fit({ animation: animation });
      if (pinned) { showCard(pinned, true); }
    }
  }

  // --- controls -----------------------------------------------------------------------
  // A relation's card: what argues about what, who drew the link and where.
  var edgeById = {};
  model.edges.forEach(function (e) { edgeById[e.id] = e; });
  function showRelationCard(edgeId) {
    var e = edgeById[edgeId];
    if (!e || !RELATIONS[e.kind]) { return; }
    var from = byId[e.from], to = byId[e.to];
    if (to && to.kind === "junction") { to = byId[to.conclusion] || to; }
    if (from && from.kind === "junction") {
      from = { label: (from.premises || []).map(function (p) { return byId[p] ? byId[p].label : p; }).join(" + ") };
    }
    pinned = edgeId;
    while (card.firstChild) { card.removeChild(card.firstChild); }
    var close = el("button", { type: "button", className: "close", "aria-label": "Close" }, ["\u00d7"]);
    close.addEventListener("click", hideCard);
    card.appendChild(close);
    card.appendChild(el("h2", { text: (from ? from.label : e.from) }));
    card.appendChild(el("p", { className: "meta", text: words.relation[e.kind] }));
    card.appendChild(el("p", null, [el("strong", { text: to ? to.label : e.to })]));
    if (e.stated_by && e.stated_by.length) { card.appendChild(el("p", { text: "Linked by " + e.stated_by.join(", ") })); }
    if (e.stated_in && e.stated_in.length) { card.appendChild(el("p", { text: "In " + e.stated_in.join("; ") })); }
    if (e.comment) { card.appendChild(el("p", { text: e.comment })); }
    card.hidden = false;
    postHeight();
  }

  network.on("click", function (params) {
    if (params.nodes.length) { current = params.nodes[0]; showCard(params.nodes[0], true); }
    else if (params.edges.length) { showRelationCard(params.edges[0]); }
    else { hideCard(); }
  });
  network.on("hoverNode", function (params) { if (!pinned) { showCard(params.node, false); } });
  network.on("blurNode", function () { if (!pinned) { card.hidden = true; postHeight(); } });
  network.on("doubleClick", function (params) { if (params.nodes.length) { focusOn(params.nodes[0]); } });

  $("fit").addEventListener("click", function () { network.fit({ animation: animation }); });
  $("back").addEventListener("click", function () { unfocus(); });
  function zoom(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: animation });
  }
  $("zoom-in").addEventListener("click", function () { zoom(1.25); });
  $("zoom-out").addEventListener("click", function () { zoom(0.8); });
  $("physics").addEventListener("click", function () {
    var on = this.getAttribute("aria-pressed") !== "true";
    this.setAttribute("aria-pressed", on ? "true" : "false");
    network.setOptions({ physics: { enabled: on } });
  });

  function resetFilters() {
    state.actor = state.group = state.topic = "";
    ["filter-actor", "filter-group", "filter-topic"].forEach(function (id) { $(id).value = ""; });
    Array.prototype.forEach.call(document.querySelectorAll(".filter-status"), function (box) {
      box.checked = true; state.statuses[box.value] = true;
    });
    applyVisibility();
  }

  [["filter-actor", "actor"], ["filter-group", "group"], ["filter-topic", "topic"]].forEach(function (pair) {
    $(pair[0]).addEventListener("change", function () {
      state[pair[1]] = this.value;
      applyVisibility();
      if (!state.focus) { network.fit({ animation: animation }); }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".filter-relation"), function (box) {
    box.addEventListener("change", function () { state.relations[box.value] = box.checked; applyVisibility(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".filter-status"), function (box) {
    box.addEventListener("change", function () { state.statuses[box.value] = box.checked; applyVisibility(); });
  });
  $("show-actors").addEventListener("change", function () { state.showActors = this.checked; applyVisibility(); });
  $("show-sources").addEventListener("change", function () { state.showSources = this.checked; applyVisibility(); });

  // Search: claims, actors and sources whose label, text or people match every word typed.
  var search = $("search"), results = $("results");
  var haystack = model.nodes.filter(function (n) { return n.kind !== "junction"; }).map(function (n) {
    var names = (n.assertions || []).map(function (a) { return a.actor_label + " " + a.source_label; });
    return { id: n.id, label: String(n.label || "").toLowerCase(),
             text: [n.label, n.text, names.join(" "), (n.topic_labels || []).join(" ")]
               .join(" ").toLowerCase() };
  });
  function runSearch() {
    var query = search.value.trim().toLowerCase();
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!query) { results.hidden = true; network.unselectAll(); return; }
    var terms = query.split(/\s+/);
    // Matches in the label first, then in the text or the people; claims before the rest.
    var found = haystack.filter(function (h) {
      return terms.every(function (t) { return h.text.indexOf(t) >= 0; });
    }).map(function (h, index) {
      var inLabel = terms.every(function (t) { return h.label.indexOf(t) >= 0; });
      return { h: h, rank: (inLabel ? 0 : 2) + (CLAIMS[byId[h.id].kind] ? 0 : 1), index: index };
    }).sort(function (a, b) { return (a.rank - b.rank) || (a.index - b.index); })
      .map(function (r) { return r.h; });
    found.slice(0, 20).forEach(function (h) {
      var n = byId[h.id];
      var b = el("button", { type: "button", "data-node": n.id },
                 [n.label, " ", el("span", { className: "kind", text: words.kind[n.kind] || n.kind })]);
      b.addEventListener("click", function () {
        results.hidden = true;
        select(n.id, true);
      });
      results.appendChild(el("li", null, [b]));
    });
    if (!found.length) { results.appendChild(el("li", { text: "No match." })); }
    results.hidden = false;
    network.selectNodes(found.map(function (h) { return h.id; }).filter(function (id) { return lastVisible[id]; }));
    $("status-line").textContent = found.length + (found.length === 1 ? " match." : " matches.");
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = results.querySelector("button");
      if (first) { event.preventDefault(); first.click(); }
    } else if (event.key === "ArrowDown") {
      var button = results.querySelector("button");
      if (button) { event.preventDefault(); button.focus(); }
    } else if (event.key === "Escape") {
      search.value = ""; runSearch();
    }
  });
  results.addEventListener("keydown", function (event) {
    var buttons = Array.prototype.slice.call(results.querySelectorAll("button"));
    var index = buttons.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && index < buttons.length - 1) { event.preventDefault(); buttons[index + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (index > 0 ? buttons[index - 1] : search).focus(); }
    if (event.key === "Escape") { results.hidden = true; search.focus(); }
  });

  // Keyboard on the map: arrows walk the visible claims in reading order.
  function readingOrder() {
    var positions = network.getPositions();
    return model.nodes.filter(function (n) { return n.kind !== "junction" && lastVisible[n.id]; })
      .map(function (n) { return n.id; })
      .sort(function (a, b) {
        var pa = positions[a], pb = positions[b];
        return (pa.y - pb.y) || (pa.x - pb.x) || (a < b ? -1 : 1);
      });
  }
  container.addEventListener("keydown", function (event) {
    var key = event.key, order, index;
    if (key === "ArrowRight" || key === "ArrowDown" || key === "ArrowLeft" || key === "ArrowUp") {
      event.preventDefault();
      order = readingOrder();
      if (!order.length) { return; }
      index = order.indexOf(current);
      var step = (key === "ArrowRight" || key === "ArrowDown") ? 1 : -1;
      index = index < 0 ? 0 : (index + step + order.length) % order.length;
      current = order[index];
      network.selectNodes([current]);
      network.focus(current, { scale: Math.max(network.getScale(), 0.85), animation: animation });
      showCard(current, false);
    } else if ((key === "Enter" || key === " ") && current) {
      event.preventDefault();
      showCard(current, true);
    } else if (key === "+" || key === "=") { event.preventDefault(); zoom(1.25); }
    else if (key === "-" || key === "_") { event.preventDefault(); zoom(0.8); }
    else if (key === "0") { event.preventDefault(); network.fit({ animation: animation }); }
    else if (key === "Escape") {
      if (!card.hidden) { hideCard(); } else if (state.focus) { unfocus(); }
    }
  });

  // The outline: a button per claim shows it on the map.
  var outline = $("outline"), toggle = $("outline-toggle");
  toggle.addEventListener("click", function () {
    var open = outline.classList.toggle("collapsed") === false;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.textContent = open ? "Hide the text version" : "Read the map as text";
    if (open) { outline.focus(); }
    postHeight();
  });
  $("skip-to-text").addEventListener("click", function () {
    if (outline.classList.contains("collapsed")) { toggle.click(); } else { outline.focus(); }
  });
  outline.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button.goto") : null;
    if (!target) { return; }
    var id = target.getAttribute("data-node");
    if (byId[id]) {
      select(id, true);
      container.scrollIntoView({ behavior: reduceMotion ? "auto" : "smooth", block: "center" });
      container.focus({ preventScroll: true });
    }
  });
  window.addEventListener("beforeprint", function () { outline.classList.remove("collapsed"); });

  // On a phone the legend starts folded, so the map is on the first screen.
  if (window.matchMedia && window.matchMedia("(max-width: 600px)").matches) {
    $("legend-box").open = false;
  }
  window.addEventListener("beforeprint", function () { $("legend-box").open = true; });

  // --- embedding: tell the host page our height (Pym.js and AMP embed-size formats) -------
  var pymId = "";
  try { pymId = new URLSearchParams(window.location.search).get("childId") || ""; } catch (e) { pymId = ""; }
  var lastHeight = 0, heightTimer = null;
  function sendHeight() {
    heightTimer = null;
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight) { return; }
    lastHeight = height;
    root.setAttribute("data-height", String(height));
    if (window.parent && window.parent !== window) {
      window.parent.postMessage({ sentinel: "amp", type: "embed-size", height: height }, "*");
      window.parent.postMessage("pymxPYMx" + pymId + "xPYMxheightxPYMx" + height, "*");
    }
  }
  function postHeight() {
    if (!heightTimer) { heightTimer = window.setTimeout(sendHeight, 30); }
  }
  if (window.ResizeObserver) { new ResizeObserver(postHeight).observe(document.body); }
  window.addEventListener("resize", postHeight);
  window.addEventListener("load", postHeight);

  applyVisibility();
  network.fit({ animation: false });
  // On a phone the whole map is too small to read: start on the proposals, readable, and say
  // how to see the rest.
  if (container.clientWidth < 600 && network.getScale() < 0.45 && mainProposal && !payload.focus) {
    var top = network.getPositions([mainProposal.id])[mainProposal.id];
    network.moveTo({ position: { x: top.x, y: top.y + container.clientHeight * 0.8 }, scale: 0.5,
                     animation: false });
    $("status-line").textContent += " Drag to explore; − or “Whole map” shows all of it.";
  }
  if (payload.focus && byId[payload.focus]) { showCard(payload.focus, true); network.selectNodes([payload.focus]); current = payload.focus; }
  root.setAttribute("data-ready", "true");
  sendHeight();
}());
