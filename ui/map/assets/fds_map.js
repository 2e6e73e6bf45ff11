/*
 * FDSMap — the JavaScript half of the map bridge (食品药品安全应急指挥 地图).
 *
 * The page is built once by folium; after that Python changes it only through the
 * QWebChannel object "fdsBridge":
 *   Python → JS : fdsBridge.command(json)  — {op, args} or an array of them (a batch)
 *   JS → Python : fdsBridge.jsReady(), jsIncidentClicked(id), jsContextPoint(lat, lon),
 *                 jsAreaDrawn(id, geojson), jsPointPicked(lat, lon), jsPickCancelled(),
 *                 jsPainted(token, summary), jsError(text)
 * window.FDSMap.state() returns a JSON-able summary that tests and benchmarks read.
 */
(function () {
  'use strict';

  var LEVELS = {
    1: { color: '#c0392b', roman: 'Ⅰ', label: 'Ⅰ级（特别重大）' },
    2: { color: '#e67e22', roman: 'Ⅱ', label: 'Ⅱ级（重大）' },
    3: { color: '#f1c40f', roman: 'Ⅲ', label: 'Ⅲ级（较大）' },
    4: { color: '#2980b9', roman: 'Ⅳ', label: 'Ⅳ级（一般）' },
    0: { color: '#7f8c8d', roman: '?', label: '未分级' }
  };
  var CATEGORIES = {
    food_production: { color: '#8c564b', label: '食品生产' },
    food_operation: { color: '#bcbd22', label: '食品经营' },
    catering: { color: '#e377c2', label: '餐饮服务' },
    drug_production: { color: '#17becf', label: '药品生产' },
    drug_operation: { color: '#2ca02c', label: '药品经营' },
    drug_use: { color: '#9467bd', label: '药品使用' },
    device: { color: '#393b79', label: '医疗器械' },
    cosmetics: { color: '#637939', label: '化妆品' },
    other: { color: '#95a5a6', label: '其他' }
  };
  var STYLE = {
    outline: { color: '#1b2631', weight: 3, fill: false, interactive: false },
    county: { color: '#566573', weight: 1.4, fillColor: '#fbfcfc', fillOpacity: 0.85, interactive: false },
    depot: '#1e8449',
    area: { color: '#8e44ad', weight: 2, dashArray: '6 4', fillColor: '#8e44ad', fillOpacity: 0.12 },
    route: { color: '#117864', weight: 4, opacity: 0.9 }
  };

  // Translations of the page's own words (Chinese source → shown text), set by the
  // set_labels op; data (region, incident, depot names) is never translated.
  var LABELS = {};
  function T(zh) { return LABELS[zh] || zh; }

  function esc(text) {
    return String(text == null ? '' : text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  var FDSMap = {
    map: null,
    layers: {},
    incidents: {},
    depots: {},
    areas: {},
    routes: [],
    entityCount: 0,
    selected: null,
    bridge: null,
    drawing: null,
    entityLoading: null,
    commandsApplied: 0,
    errors: [],
    canvas: null,
    boundaryCodes: [],
    LEVELS: LEVELS,
    CATEGORIES: CATEGORIES
  };
  window.FDSMap = FDSMap;

  FDSMap.init = function (config, map, layers) {
    FDSMap.map = map;
    FDSMap.layers = layers;
    FDSMap.config = config;
    FDSMap.canvas = L.canvas({ padding: 0.3 });
    // Own panes so depots, routes and incidents stay above the entity clusters
    // (markerPane 600) and below tooltips (650).
    [['fdsRoutes', 605], ['fdsDepots', 620], ['fdsIncidents', 640]].forEach(function (p) {
      map.createPane(p[0]).style.zIndex = p[1];
    });
    FDSMap.renderers = { routes: L.svg({ pane: 'fdsRoutes' }), depots: L.svg({ pane: 'fdsDepots' }) };
    map.getContainer().style.background = config.hasTiles ? '#eef1f2' : '#d5dde3';
    map.attributionControl && map.attributionControl.setPrefix(false);

    var cluster = layers.entities;
    cluster.options.iconCreateFunction = function (c) {
      var n = c.getChildCount();
      var size = n < 100 ? 30 : n < 1000 ? 36 : 44;
      return L.divIcon({
        html: '<div><span>' + n + '</span></div>',
        className: 'fds-cluster', iconSize: L.point(size, size)
      });
    };
    cluster.on('click', function (e) {
      var o = e.layer.options;
      var cat = CATEGORIES[o.fdsCategory] || CATEGORIES.other;
      L.popup().setLatLng(e.layer.getLatLng())
        .setContent('<b>' + esc(o.fdsName) + '</b><br>' + esc(T(cat.label))).openOn(map);
    });

    // township names only from zoom 11: at city scale they would bury everything else
    var zoomClass = function () {
      L.DomUtil[map.getZoom() >= 11 ? 'removeClass' : 'addClass'](map.getContainer(), 'fds-zoom-low');
    };
    map.on('zoomend', zoomClass);
    zoomClass();

    map.on('contextmenu', function (e) {
      if (FDSMap.drawing) { return; }
      FDSMap.lastContext = [e.latlng.lat, e.latlng.lng];
      FDSMap.call('jsContextPoint', e.latlng.lat, e.latlng.lng);
    });
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
    addLegend(map);
    addLayerBoxTitle();
    var layerBox = document.querySelector('.leaflet-control-layers');
    if (layerBox) { L.DomEvent.disableClickPropagation(layerBox); foldOnClick(layerBox); }
    map.on('resize', function () { foldForSize(map); });
    foldForSize(map);
    connect();
  };

  FDSMap.call = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (FDSMap.bridge && typeof FDSMap.bridge[name] === 'function') {
      FDSMap.bridge[name].apply(FDSMap.bridge, args);
    }
  };

  function connect() {
    if (typeof qt === 'undefined' || !qt.webChannelTransport || typeof QWebChannel === 'undefined') {
      FDSMap.errors.push('no QWebChannel transport');
      return; // opened outside the console (e.g. a browser): static page only
    }
    new QWebChannel(qt.webChannelTransport, function (channel) {
      FDSMap.bridge = channel.objects.fdsBridge;
      FDSMap.bridge.command.connect(FDSMap.dispatch);
      FDSMap.bridge.jsReady();
    });
  }

  FDSMap.dispatch = function (json) {
    var msg = JSON.parse(json);
    var batch = Array.isArray(msg) ? msg : [msg];
    for (var i = 0; i < batch.length; i++) {
      var op = OPS[batch[i].op];
      try {
        if (!op) { throw new Error('unknown op ' + batch[i].op); }
        op(batch[i].args || {});
        FDSMap.commandsApplied += 1;
      } catch (err) {
        var text = batch[i].op + ': ' + (err && err.message ? err.message : err);
        FDSMap.errors.push(text);
        FDSMap.call('jsError', text);
      }
    }
  };

  /* ---------- legend ---------- */
  function legendHtml() {
    var h = '<div class="fds-legend-title fds-toggle" title="' + esc(T('显示或收起')) + '">' + esc(T('图例')) +
      '</div><div class="fds-box-body"><div class="fds-legend-sec">' + esc(T('事件等级')) + '</div>';
    [1, 2, 3, 4, 0].forEach(function (k) {
      h += '<div><i class="fds-sw-inc" style="background:' + LEVELS[k].color + '"></i>' + esc(T(LEVELS[k].label)) + '</div>';
    });
    h += '<div><i class="fds-sw-inc fds-sw-overdue"></i>' + esc(T('超时未处置（闪烁）')) + '</div>';
    h += '<div class="fds-legend-sec">' + esc(T('资源与范围')) + '</div>';
    h += '<div><i class="fds-sw-depot"></i>' + esc(T('储备库（大小=库存量）')) + '</div>';
    h += '<div><i class="fds-sw-area"></i>' + esc(T('影响范围')) + '</div>';
    h += '<div><i class="fds-sw-route"></i>' + esc(T('调运路线（预计到达）')) + '</div>';
    h += '<div class="fds-legend-sec">' + esc(T('监管对象')) + '</div><div class="fds-legend-cols">';
    Object.keys(CATEGORIES).forEach(function (k) {
      if (k === 'other') { return; }
      h += '<div><i class="fds-sw-ent" style="background:' + CATEGORIES[k].color + '"></i>' + esc(T(CATEGORIES[k].label)) + '</div>';
    });
    return h + '</div></div>';
  }

  /* ---------- legend and layer box: each folds to its title; folded at first in a small map ---------- */
  var COMPACT = { width: 620, height: 520 };  // below either, the two boxes would cover the map

  function foldBoxes() {
    return [FDSMap.legendDiv, document.querySelector('.leaflet-control-layers')].filter(Boolean);
  }

  FDSMap.setFolded = function (box, folded, byUser) {
    box.classList.toggle('fds-collapsed', !!folded);
    if (byUser) { box.dataset.fdsUser = '1'; }  // the user's choice outlasts later resizes
  };

  FDSMap.folded = function () {
    return foldBoxes().map(function (box) { return box.classList.contains('fds-collapsed'); });
  };

  function foldForSize(map) {
    var size = map.getSize();
    var small = size.x < COMPACT.width || size.y < COMPACT.height;
    foldBoxes().forEach(function (box) {
      if (!box.dataset.fdsUser) { FDSMap.setFolded(box, small, false); }
    });
  }

  function addLayerBoxTitle() {
    var box = document.querySelector('.leaflet-control-layers');
    if (!box || box.querySelector('.fds-toggle')) { return; }
    var title = document.createElement('div');
    title.className = 'fds-layers-title fds-toggle';
    title.dataset.fdsName = '图层';
    title.textContent = T('图层');
    title.title = T('显示或收起');
    box.insertBefore(title, box.firstChild);
  }

  function foldOnClick(box) {
    box.addEventListener('click', function (e) {
      if (e.target.closest && e.target.closest('.fds-toggle')) {
        FDSMap.setFolded(box, !box.classList.contains('fds-collapsed'), true);
      }
    });
  }

  function addLegend(map) {
    var legend = L.control({ position: 'bottomright' });
    legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'fds-legend');
      div.innerHTML = legendHtml();
      L.DomEvent.disableClickPropagation(div);
      foldOnClick(div);
      FDSMap.legendDiv = div;
      return div;
    };
    legend.addTo(map);
  }

  function relabel() {
    if (FDSMap.legendDiv) { FDSMap.legendDiv.innerHTML = legendHtml(); }
    document.querySelectorAll('.fds-layers-title').forEach(function (el) {
      el.textContent = T(el.dataset.fdsName);
      el.title = T('显示或收起');
    });
    // the layer control (made by folium): keep each label's source name, show its translation
    document.querySelectorAll('.leaflet-control-layers-overlays label span span, ' +
      '.leaflet-control-layers-overlays label > span').forEach(function (el) {
      if (el.children.length) { return; }
      if (!el.dataset.fdsName) { el.dataset.fdsName = el.textContent.trim(); }
      el.textContent = ' ' + T(el.dataset.fdsName);
    });
    Object.keys(FDSMap.incidents).forEach(function (k) {
      var inc = FDSMap.incidents[k];
      inc.marker.setTooltipContent(incidentTip(inc.data));
    });
    Object.keys(FDSMap.depots).forEach(function (k) {
      var d = FDSMap.depots[k];
      d.marker.setTooltipContent(depotTooltip(d.data));
    });
  }

  /* ---------- helpers ---------- */
  function incidentIcon(inc) {
    var lv = LEVELS[inc.level] || LEVELS[0];
    var cls = 'fds-inc fds-lvl-' + inc.level + (inc.overdue ? ' fds-overdue' : '') +
      (FDSMap.selected === inc.id ? ' fds-selected' : '');
    return L.divIcon({
      className: 'fds-inc-wrap',
      html: '<div class="' + cls + '" data-incident="' + esc(inc.id) + '" style="background:' +
        lv.color + '"><span>' + lv.roman + '</span></div>',
      iconSize: [28, 28], iconAnchor: [14, 14], tooltipAnchor: [14, 0]
    });
  }

  function depotRadius(stock, maxStock) {
    if (!(maxStock > 0)) { return 8; }
    return 6 + 16 * Math.sqrt(Math.max(0, stock) / maxStock);
  }

  function depotTooltip(d) {
    var h = '<b>' + esc(d.name) + '</b><br>' + esc(T('总库存：')) + esc(d.stock_text);
    (d.items || []).slice(0, 6).forEach(function (it) {
      h += '<br>· ' + esc(it.name) + ' ' + esc(it.qty) + esc(it.unit || '');
    });
    return h;
  }

  function restyleDepots() {
    var max = 0;
    Object.keys(FDSMap.depots).forEach(function (k) { max = Math.max(max, FDSMap.depots[k].data.stock || 0); });
    Object.keys(FDSMap.depots).forEach(function (k) {
      var d = FDSMap.depots[k];
      d.marker.setRadius(depotRadius(d.data.stock || 0, max));
    });
  }

  function upsertDepot(d) {
    var existing = FDSMap.depots[d.id];
    if (existing) {
      existing.data = d;
      existing.marker.setLatLng([d.lat, d.lon]);
      existing.marker.setTooltipContent(depotTooltip(d));
      return;
    }
    var m = L.circleMarker([d.lat, d.lon], {
      radius: 8, color: '#ffffff', weight: 2, fillColor: STYLE.depot, fillOpacity: 0.9,
      pane: 'fdsDepots', renderer: FDSMap.renderers.depots
    }).bindTooltip(depotTooltip(d), { direction: 'top', className: 'fds-tip' });
    m.addTo(FDSMap.layers.depots);
    FDSMap.depots[d.id] = { data: d, marker: m };
  }

  function paintSoon(fn) {
    // hidden pages get no animation frames: answer at once rather than never
    if (document.visibilityState !== 'visible') { setTimeout(fn, 0); return; }
    requestAnimationFrame(function () { requestAnimationFrame(fn); });
  }

  function labelFor(feature) {
    var p = feature.properties || {};
    if (!p.label || p.level === '市' || p.level === '省' && FDSMap.boundaryCodes.length > 1) { return null; }
    return L.tooltip({
      permanent: true, direction: 'center', className: 'fds-region-label', interactive: false
    }).setLatLng(p.label).setContent(esc(p.name));
  }

  /* ---------- drawing an affected area ---------- */
  function startDrawing(incidentId) {
    stopDrawing();
    var map = FDSMap.map;
    var st = { id: incidentId, pts: [], line: L.polyline([], { color: STYLE.area.color, weight: 2, dashArray: '4 4' }).addTo(map) };
    st.onClick = function (e) {
      var p = [e.latlng.lat, e.latlng.lng];
      var last = st.pts[st.pts.length - 1];
      if (last && Math.abs(last[0] - p[0]) < 1e-9 && Math.abs(last[1] - p[1]) < 1e-9) { return; }
      st.pts.push(p);
      st.line.setLatLngs(st.pts);
    };
    st.onDbl = function (e) {
      L.DomEvent.stop(e);
      finishDrawing();
    };
    st.onKey = function (e) {
      if (e.originalEvent.key === 'Escape') { stopDrawing(); }
    };
    map.doubleClickZoom.disable();
    map.on('click', st.onClick).on('dblclick', st.onDbl).on('keydown', st.onKey);
    L.DomUtil.addClass(map.getContainer(), 'fds-drawing');
    FDSMap.drawing = st;
  }

  function stopDrawing() {
    var st = FDSMap.drawing;
    if (!st) { return; }
    var map = FDSMap.map;
    map.off('click', st.onClick).off('dblclick', st.onDbl).off('keydown', st.onKey);
    map.removeLayer(st.line);
    map.doubleClickZoom.enable();
    L.DomUtil.removeClass(map.getContainer(), 'fds-drawing');
    FDSMap.drawing = null;
  }

  function finishDrawing() {
    var st = FDSMap.drawing;
    if (!st) { return; }
    var pts = st.pts;
    stopDrawing();
    if (pts.length < 3) { return; }
    var ring = pts.map(function (p) { return [p[1], p[0]]; });
    ring.push(ring[0]);
    var geom = { type: 'Polygon', coordinates: [ring] };
    OPS.set_affected_area({ incident_id: st.id, geojson: geom });
    FDSMap.call('jsAreaDrawn', st.id, JSON.stringify(geom));
  }
  FDSMap.finishDrawing = finishDrawing;

  /* ---------- picking one point for 接报 (the next click on the map) ---------- */
  function startPick() {
    stopPick();
    var map = FDSMap.map;
    var st = {};
    st.onClick = function (e) {
      stopPick();
      FDSMap.call('jsPointPicked', e.latlng.lat, e.latlng.lng);
    };
    st.onKey = function (e) {
      if (e.originalEvent.key === 'Escape') { stopPick(); FDSMap.call('jsPickCancelled'); }
    };
    map.on('click', st.onClick).on('keydown', st.onKey);
    L.DomUtil.addClass(map.getContainer(), 'fds-drawing');
    FDSMap.picking = st;
  }

  function stopPick() {
    var st = FDSMap.picking;
    if (!st) { return; }
    FDSMap.map.off('click', st.onClick).off('keydown', st.onKey);
    L.DomUtil.removeClass(FDSMap.map.getContainer(), 'fds-drawing');
    FDSMap.picking = null;
  }

  /* ---------- operations (one per Python API call) ---------- */
  var OPS = {
    set_boundaries: function (a) {
      var group = FDSMap.layers.boundaries;
      group.clearLayers();
      var fc = a.feature_collection || { features: [] };
      FDSMap.boundaryCodes = (fc.features || []).map(function (f) { return (f.properties || {}).code; });
      var outlines = [];
      (fc.features || []).forEach(function (f) {
        var p = f.properties || {};
        var isOutline = (p.level === '市' || p.level === '省') && fc.features.length > 1;
        var layer = L.geoJSON(f, { style: isOutline ? STYLE.outline : STYLE.county, interactive: false });
        if (isOutline) { outlines.push(layer); } else { group.addLayer(layer); }
        var label = labelFor(f);
        if (label) { group.addLayer(label); }
      });
      outlines.forEach(function (l) { group.addLayer(l); });
    },
    fit_bounds: function (a) {
      var b = a.bbox; // west, south, east, north
      FDSMap.map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [12, 12], animate: false });
    },
    upsert_incident: function (a) {
      var inc = FDSMap.incidents[a.id];
      if (inc) {
        inc.data = a;
        inc.marker.setLatLng([a.lat, a.lon]);
        inc.marker.setIcon(incidentIcon(a));
        inc.marker.setTooltipContent(incidentTip(a));
        return;
      }
      var marker = L.marker([a.lat, a.lon], { icon: incidentIcon(a), pane: 'fdsIncidents', zIndexOffset: 1000, riseOnHover: true, keyboard: false });
      marker.bindTooltip(incidentTip(a), { direction: 'right', className: 'fds-tip' });
      marker.on('click', function () { FDSMap.call('jsIncidentClicked', a.id); });
      marker.on('contextmenu', function (e) { L.DomEvent.stop(e); });
      marker.addTo(FDSMap.layers.incidents);
      FDSMap.incidents[a.id] = { data: a, marker: marker };
    },
    remove_incident: function (a) {
      var inc = FDSMap.incidents[a.id];
      if (!inc) { return; }
      FDSMap.layers.incidents.removeLayer(inc.marker);
      delete FDSMap.incidents[a.id];
      if (FDSMap.selected === a.id) { FDSMap.selected = null; }
      OPS.set_affected_area({ incident_id: a.id, geojson: null });
    },
    select_incident: function (a) {
      var prev = FDSMap.selected;
      FDSMap.selected = a.id;
      [prev, a.id].forEach(function (id) {
        var inc = id != null && FDSMap.incidents[id];
        if (inc) { inc.marker.setIcon(incidentIcon(inc.data)); }
      });
      var cur = a.id != null && FDSMap.incidents[a.id];
      if (cur) {
        cur.marker.setZIndexOffset(2000);
        FDSMap.map.panTo(cur.marker.getLatLng(), { animate: false });
        cur.marker.openTooltip();
      }
      if (prev && prev !== a.id && FDSMap.incidents[prev]) { FDSMap.incidents[prev].marker.setZIndexOffset(1000); }
    },
    set_depots: function (a) {
      FDSMap.layers.depots.clearLayers();
      FDSMap.depots = {};
      (a.depots || []).forEach(upsertDepot);
      restyleDepots();
    },
    upsert_depot: function (a) {
      upsertDepot(a);
      restyleDepots();
    },
    remove_depot: function (a) {
      var d = FDSMap.depots[a.id];
      if (d) { FDSMap.layers.depots.removeLayer(d.marker); delete FDSMap.depots[a.id]; restyleDepots(); }
    },
    set_entities: function (a) {
      var cluster = FDSMap.layers.entities;
      var cats = a.categories;
      var rows = a.rows; // [id, name, lat, lon, categoryIndex]
      var markers = new Array(rows.length);
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        var key = cats[r[4]] || 'other';
        markers[i] = L.circleMarker([r[2], r[3]], {
          renderer: FDSMap.canvas, radius: 5, weight: 1, color: '#ffffff',
          fillColor: (CATEGORIES[key] || CATEGORIES.other).color, fillOpacity: 0.9,
          fdsId: r[0], fdsName: r[1], fdsCategory: key
        });
      }
      cluster.clearLayers();
      FDSMap.entityCount = 0;
      var started = performance.now();
      FDSMap.entityLoading = new Promise(function (resolve) {
        cluster.options.chunkProgress = function (done, total) {
          FDSMap.entityCount = done;
          if (done >= total) {
            FDSMap.entityLoadMs = performance.now() - started;
            cluster.options.chunkProgress = null;
            resolve(total);
          }
        };
        if (!markers.length) { resolve(0); return; }
        cluster.addLayers(markers);
        if (!FDSMap.map.hasLayer(cluster)) { FDSMap.entityCount = markers.length; resolve(markers.length); }
      });
    },
    set_affected_area: function (a) {
      var old = FDSMap.areas[a.incident_id];
      if (old) { FDSMap.layers.areas.removeLayer(old); delete FDSMap.areas[a.incident_id]; }
      var g = a.geojson;
      if (!g) { return; }
      var layer;
      if (g.radius_m != null) {
        layer = L.circle([g.lat, g.lon], L.extend({ radius: g.radius_m }, STYLE.area));
      } else {
        layer = L.geoJSON(g, { style: STYLE.area });
      }
      var inc = FDSMap.incidents[a.incident_id];
      layer.bindTooltip(esc(T('影响范围')) + (inc ? '：' + esc(inc.data.title) : ''), { sticky: true, className: 'fds-tip' });
      layer.addTo(FDSMap.layers.areas);
      FDSMap.areas[a.incident_id] = layer;
    },
    set_routes: function (a) {
      OPS.clear_routes();
      (a.routes || []).forEach(function (r) {
        var pane = { pane: 'fdsRoutes', renderer: FDSMap.renderers.routes };
        var line = L.polyline(r.path, L.extend({}, STYLE.route, pane));
        var halo = L.polyline(r.path, L.extend({ color: '#ffffff', weight: 8, opacity: 0.8, interactive: false }, pane));
        var group = L.layerGroup([halo, line]);
        var text = (r.label ? esc(r.label) + ' · ' : '') + esc(T('预计')) + ' ' + esc(r.eta_text);
        var html = r.detail ? '<b>' + text + '</b><div class="fds-eta-detail">' + esc(r.detail) + '</div>' : text;
        if (r.detail) { text += ' ' + esc(r.detail); }
        var mid = r.path[Math.floor(r.path.length / 2)];
        if (r.path.length === 2) {
          mid = [(r.path[0][0] + r.path[1][0]) / 2, (r.path[0][1] + r.path[1][1]) / 2];
        }
        group.addLayer(L.tooltip({ permanent: true, direction: 'top', offset: [0, -8], className: 'fds-eta', interactive: false })
          .setLatLng(mid).setContent(html));
        group.addTo(FDSMap.layers.routes);
        FDSMap.routes.push({ id: r.id, group: group, eta: r.eta_text, text: text, path: r.path });
      });
    },
    clear_routes: function () {
      FDSMap.layers.routes.clearLayers();
      FDSMap.routes = [];
    },
    set_places: function (a) {
      var group = FDSMap.layers.places;
      group.clearLayers();
      (a.places || []).forEach(function (p) { // [name, lat, lon]
        var m = L.circleMarker([p[1], p[2]], {
          renderer: FDSMap.canvas, radius: 2.5, weight: 1, color: '#ffffff', fillColor: '#34495e',
          fillOpacity: 0.9, interactive: false
        });
        m.bindTooltip(esc(p[0]), { permanent: true, direction: 'right', offset: [4, 0],
          className: 'fds-place-label', interactive: false });
        group.addLayer(m);
      });
      FDSMap.placeCount = (a.places || []).length;
    },
    set_still: function (a) {
      document.body.classList.toggle('fds-still', !!a.still);
    },
    // Overdue markers blink by this class on the incidents' pane, set and cleared by the
    // window's one-second clock (MapView.blink) while some incident is overdue: no CSS
    // animation and no timer of the page's own, so the page repaints in the same beat as the
    // window's countdowns (one frame a second, not 60) and not at all when nothing is overdue.
    blink: function (a) {
      FDSMap.map.getPane('fdsIncidents').classList.toggle('fds-blink-off', !!a.off);
    },
    set_labels: function (a) {
      LABELS = a.labels || {};
      relabel();
    },
    start_drawing: function (a) { startDrawing(a.incident_id); },
    cancel_drawing: function () { stopDrawing(); },
    start_pick: function () { stopDrawing(); startPick(); },
    cancel_pick: function () { stopPick(); },
    request_paint: function (a) {
      var loading = FDSMap.entityLoading || Promise.resolve(0);
      loading.then(function () {
        paintSoon(function () { FDSMap.call('jsPainted', a.token, JSON.stringify(FDSMap.state())); });
      });
    }
  };
  FDSMap.OPS = OPS;

  function incidentTip(a) {
    var lv = LEVELS[a.level] || LEVELS[0];
    return '<b>' + esc(a.title) + '</b><br>' + esc(T(lv.label)) +
      (a.overdue ? '<br><span class="fds-warn">' + esc(T('已超时')) + '</span>' : '');
  }

  FDSMap.state = function () {
    var c = FDSMap.map.getCenter();
    return {
      zoom: FDSMap.map.getZoom(),
      center: [c.lat, c.lng],
      incidents: Object.keys(FDSMap.incidents),
      selected: FDSMap.selected,
      depots: Object.keys(FDSMap.depots).length,
      entities: FDSMap.entityCount,
      areas: Object.keys(FDSMap.areas),
      routes: FDSMap.routes.length,
      places: FDSMap.placeCount || 0,
      boundaries: FDSMap.boundaryCodes,
      commandsApplied: FDSMap.commandsApplied,
      errors: FDSMap.errors.slice(-5)
    };
  };
})();
