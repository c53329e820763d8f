// Maps, an enhancement only: without JavaScript the coordinates field and the lists do the work.
// Leaflet comes from our static files (static/vendor/leaflet); tiles from settings.MAP_TILE_URL.
(function () {
  "use strict";

  var L = window.L;

  function announce(region, text) {
    if (!region) {
      return;
    }
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  function readJSON(text, fallback) {
    try {
      return JSON.parse(text);
    } catch (error) {
      return fallback;
    }
  }

  // Even-odd rule, the same test as orte.geo.in_ring on the server.
  function inArea(lat, lon, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var yi = ring[i][0], xi = ring[i][1], yj = ring[j][0], xj = ring[j][1];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }

  function formatPoint(latlng) {
    return latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5);
  }

  // "51.7886, 6.1386" or "51,7886; 6,1386" (the forms orte.geo.parse_point reads).
  function parsePoint(text) {
    var match =
      /^\s*([+-]?\d{1,3}(?:\.\d+)?)\s*,\s*([+-]?\d{1,3}(?:\.\d+)?)\s*$/.exec(text) ||
      /^\s*([+-]?\d{1,3}(?:[.,]\d+)?)\s*(?:[;,/]\s*|\s+)([+-]?\d{1,3}(?:[.,]\d+)?)\s*$/.exec(text);
    if (!match) {
      return null;
    }
    var lat = parseFloat(match[1].replace(",", "."));
    var lon = parseFloat(match[2].replace(",", "."));
    return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? L.latLng(lat, lon) : null;
  }

  // A Leaflet map with our tiles, attribution and the city outline; Leaflet's own keyboard
  // handling stays off where we handle keys ourselves.
  function createMap(root, element, options) {
    var bounds = readJSON(root.getAttribute("data-bounds"), null);
    var map = L.map(element, {
      keyboard: options.keyboard !== false,
      scrollWheelZoom: false,
      attributionControl: false,
      zoomSnap: options.zoomSnap || 1,
    });
    var attribution = document.createElement("a");
    attribution.textContent = root.getAttribute("data-attribution");
    var url = root.getAttribute("data-attribution-url");
    var credit = attribution.textContent;
    if (url) {
      attribution.href = url;
      credit = attribution.outerHTML;
    } else {
      credit = attribution.textContent.replace(/[<>&"]/g, "");
    }
    L.control
      .attribution({ prefix: '<a href="https://leafletjs.com/">Leaflet</a>' })
      .addAttribution(credit)
      .addTo(map);
    L.tileLayer(root.getAttribute("data-tile-url"), { maxZoom: 18, minZoom: 10, alt: "" }).addTo(map);
    var ring = readJSON(root.getAttribute("data-city-area"), []);
    if (ring.length) {
      L.polygon(ring, { className: "map-city-area", interactive: false, fill: false }).addTo(map);
    }
    if (bounds) {
      map.fitBounds([
        [bounds[0], bounds[1]],
        [bounds[2], bounds[3]],
      ]);
    }
    // Tiles are decoration for screen readers: the lists and the text field carry the content.
    map.getPane("tilePane").setAttribute("aria-hidden", "true");
    return { map: map, ring: ring };
  }

  function markerIcon(className, html) {
    return L.divIcon({ className: className, html: html || "", iconSize: null });
  }

  // An area (polygons of [lat, lon] rings) as one Leaflet polygon whose SVG path has a name.
  function areaLayer(latlngs, label, interactive) {
    var polygon = L.polygon(latlngs, { className: "map-area", interactive: Boolean(interactive) });
    polygon.on("add", function () {
      var path = polygon.getElement();
      if (path) {
        path.setAttribute("role", "img");
        path.setAttribute("aria-label", label);
      }
    });
    return polygon;
  }

  // The small map of one object's place: its area and point, not interactive beyond panning and
  // zooming; the text beside it names the place for everyone.
  function enhancePlaceMap(root) {
    var element = root.querySelector("[data-map]");
    var data = document.getElementById(root.getAttribute("data-place"));
    var place = readJSON(data ? data.textContent : "null", null);
    if (!element || !place || !(place.point || place.area)) {
      return;
    }
    root.hidden = false;
    var map = createMap(root, element, { keyboard: true }).map;
    var bounds = L.latLngBounds([]);
    if (place.area) {
      var polygon = areaLayer(place.area, root.getAttribute("data-area-label"), false).addTo(map);
      bounds.extend(polygon.getBounds());
    }
    if (place.point) {
      var marker = L.marker(place.point, {
        icon: markerIcon("map-pin"),
        keyboard: false,
        interactive: false,
      }).addTo(map);
      var icon = marker.getElement();
      icon.setAttribute("role", "img");
      icon.setAttribute("aria-label", root.getAttribute("data-point-label"));
      bounds.extend(marker.getLatLng());
    }
    map.fitBounds(bounds.pad(0.3), { maxZoom: 16, animate: false });
  }

  // The picker beside the coordinates field: click, or arrow keys and Enter.
  function enhancePicker(root) {
    var input = document.getElementById(root.getAttribute("data-input"));
    var element = root.querySelector("[data-map]");
    var status = root.querySelector("[data-map-status]");
    if (!input || !element) {
      return;
    }
    root.hidden = false;
    var created = createMap(root, element, { keyboard: false });
    var map = created.map;
    var marker = null;
    var draft = null;

    function place(latlng, isDraft) {
      if (!marker) {
        marker = L.marker(latlng, {
          icon: markerIcon("map-pin"),
          keyboard: false,
          interactive: false,
        }).addTo(map);
      }
      marker.setLatLng(latlng);
      marker.getElement().classList.toggle("map-pin--draft", Boolean(isDraft));
    }

    function setPoint(latlng) {
      if (!inArea(latlng.lat, latlng.lng, created.ring)) {
        announce(status, root.getAttribute("data-outside"));
        return;
      }
      draft = null;
      place(latlng, false);
      input.value = formatPoint(latlng);
      input.dispatchEvent(new Event("change", { bubbles: true }));
      announce(status, root.getAttribute("data-set") + " " + input.value);
    }

    var start = parsePoint(input.value);
    if (start) {
      place(start, false);
      map.setView(start, 16, { animate: false });
    }

    map.on("click", function (event) {
      setPoint(event.latlng);
    });

    input.addEventListener("input", function () {
      var latlng = parsePoint(input.value);
      if (latlng && inArea(latlng.lat, latlng.lng, created.ring)) {
        draft = null;
        place(latlng, false);
        map.panTo(latlng);
      }
    });

    var steps = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    element.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.altKey || event.metaKey) {
        return;
      }
      var step = steps[event.key];
      if (step) {
        event.preventDefault();
        var from = draft || (marker ? marker.getLatLng() : map.getCenter());
        var distance = event.shiftKey ? 100 : 20;
        var pixel = map.latLngToContainerPoint(from).add([step[0] * distance, step[1] * distance]);
        draft = map.containerPointToLatLng(pixel);
        place(draft, true);
        map.panInside(draft, { padding: [30, 30] });
      } else if (event.key === "Enter") {
        event.preventDefault();
        setPoint(draft || (marker ? marker.getLatLng() : map.getCenter()));
      } else if (event.key === "+" || event.key === "=") {
        event.preventDefault();
        map.zoomIn();
      } else if (event.key === "-") {
        event.preventDefault();
        map.zoomOut();
      }
    });
  }

  // Clustering: a marker closer than CELL pixels (at the current zoom) to a group's first
  // marker joins that group, and the group is drawn at that first marker. Unlike fixed grid
  // cells, nothing drawn is closer than CELL to anything else, so every target keeps its
  // 24 px and its space (a cluster is 40 px wide: 20 + 12 < 44).
  var CELL = 44;

  function clusters(map, items) {
    var groups = [];
    items.forEach(function (item) {
      var pixel = map.project(item.latlng, map.getZoom());
      for (var i = 0; i < groups.length; i++) {
        if (groups[i].pixel.distanceTo(pixel) < CELL) {
          groups[i].items.push(item);
          return;
        }
      }
      groups.push({ pixel: pixel, items: [item] });
    });
    return groups.map(function (group) {
      return group.items;
    });
  }

  // A map of the items of a list (proposals, projects): each marker leads to its list entry,
  // which stays the complete and primary view.
  function enhanceListMap(root) {
    var element = root.querySelector("[data-map]");
    var data = document.getElementById(root.getAttribute("data-items"));
    var items = readJSON(data ? data.textContent : "[]", []);
    if (!element || !items.length) {
      return;
    }
    root.hidden = false;
    var created = createMap(root, element, { keyboard: true });
    var map = created.map;
    var areas = L.layerGroup().addTo(map);
    var layer = L.layerGroup().addTo(map);
    items = items.map(function (item) {
      return { id: item.id, title: item.title, latlng: L.latLng(item.lat, item.lon), area: item.area };
    });
    var clusterLabel = root.getAttribute("data-cluster-label");
    var markerLabel = root.getAttribute("data-marker-label");
    var areaLabel = root.getAttribute("data-area-label");

    function showEntry(item) {
      var entry = document.getElementById(item.id);
      if (!entry) {
        return;
      }
      var link = entry.querySelector("a") || entry;
      entry.scrollIntoView({ block: "center" });
      link.focus();
    }

    // After a cluster zooms in, the focus goes to the marker of its first entry.
    var pendingFocus = null;

    function draw() {
      var hadFocus = element.contains(document.activeElement) && document.activeElement !== element;
      layer.clearLayers();
      clusters(map, items).forEach(function (group) {
        var marker;
        if (group.length === 1) {
          var item = group[0];
          marker = L.marker(item.latlng, {
            icon: markerIcon("map-pin"),
            title: markerLabel.replace("{title}", item.title),
            keyboard: true,
            riseOnHover: true,
          });
          marker.on("click", function () {
            showEntry(item);
          });
        } else {
          var bounds = L.latLngBounds(
            group.map(function (member) {
              return member.latlng;
            })
          );
          marker = L.marker(group[0].latlng, {
            icon: markerIcon("map-cluster", "<span>" + group.length + "</span>"),
            title: clusterLabel.replace("{count}", String(group.length)),
            keyboard: true,
          });
          marker.on("click", function () {
            if (map.getZoom() >= map.getMaxZoom() || bounds.getNorthEast().equals(bounds.getSouthWest())) {
              showEntry(group[0]);
            } else {
              pendingFocus = group[0].id;
              map.fitBounds(bounds.pad(0.3));
            }
          });
        }
        marker.addTo(layer);
        var icon = marker.getElement();
        icon.setAttribute("role", "button");
        icon.setAttribute("aria-label", marker.options.title);
        icon.removeAttribute("title");
        // Enter and Space act like a click (preventing the keypress Leaflet would also use).
        icon.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            event.stopPropagation();
            marker.fire("click");
          }
        });
        if (pendingFocus && group.some(function (member) { return member.id === pendingFocus; })) {
          pendingFocus = null;
          icon.focus();
        } else if (hadFocus && !element.contains(document.activeElement)) {
          element.focus();
        }
      });
    }

    var all = L.latLngBounds(
      items.map(function (item) {
        return item.latlng;
      })
    );
    // Areas are drawn once, under the markers; a click on one shows its entry like its marker.
    items.forEach(function (item) {
      if (item.area) {
        var polygon = areaLayer(item.area, areaLabel.replace("{title}", item.title), true);
        polygon.on("click", function () {
          showEntry(item);
        });
        polygon.addTo(areas);
        all.extend(polygon.getBounds());
      }
    });
    // Without animation: the markers are drawn once, not replaced a moment after the page loads.
    map.fitBounds(all.pad(0.2), { maxZoom: 15, animate: false });
    map.on("zoomend", draw);
    draw();
  }

  // Figures per place (proposals per Ortsteil): a circle at each place, its size growing with
  // the count and the count written in it; the table beside the map holds the same figures.
  function enhanceCountMap(root) {
    var element = root.querySelector("[data-map]");
    var data = document.getElementById(root.getAttribute("data-items"));
    var items = readJSON(data ? data.textContent : "[]", []);
    if (!element || !items.length) {
      return;
    }
    root.hidden = false;
    var map = createMap(root, element, { keyboard: true, zoomSnap: 0.5 }).map;
    var bounds = L.latLngBounds([]);
    var most = Math.max.apply(
      null,
      items.map(function (item) {
        return item.count;
      }).concat([1])
    );
    items.forEach(function (item) {
      // From 26 px (none) to 48 px (the most): the area grows with the count.
      var size = Math.round(26 + 22 * Math.sqrt(item.count / most));
      var marker = L.marker([item.lat, item.lon], {
        icon: L.divIcon({
          className: "map-count" + (item.count ? "" : " map-count--none"),
          html: '<span aria-hidden="true">' + String(item.count) + "</span>",
          iconSize: [size, size],
        }),
        keyboard: false,
        interactive: false,
      }).addTo(map);
      var icon = marker.getElement();
      icon.setAttribute("role", "img");
      icon.setAttribute("aria-label", item.name);
      icon.setAttribute("title", item.name);
      bounds.extend(marker.getLatLng());
    });
    // The places, not the whole city outline: one zoom step closer on a wide, low map.
    map.fitBounds(bounds, { padding: [30, 30], animate: false });
  }

  // Names from the gazetteer for the point field, in a native datalist filled as people type
  // (at most ten from /orte/suche/, asked 300 ms after the last key). Needs no map: it runs even
  // when Leaflet did not load. Without JavaScript the server still looks the name up.
  var LETTER = /\p{L}/u;

  function enhanceSuggestions(input) {
    var url = input.getAttribute("data-place-suggestions");
    if (!url || !window.fetch || !input.id) {
      return;
    }
    var list = document.createElement("datalist");
    list.id = input.id + "_places";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);
    var timer = null;
    var asked = "";

    function show(text, names) {
      if (input.value.trim() !== text) {
        return; // the answer came after more typing
      }
      list.textContent = "";
      names.slice(0, 10).forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        list.appendChild(option);
      });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || !LETTER.test(text) || text === asked) {
        return;
      }
      timer = window.setTimeout(function () {
        asked = text;
        window
          .fetch(url + "?q=" + encodeURIComponent(text), {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
          })
          .then(function (response) {
            return response.ok ? response.json() : { places: [] };
          })
          .then(function (data) {
            show(text, Array.isArray(data.places) ? data.places : []);
          })
          .catch(function () {
            asked = "";
          });
      }, 300);
    });
  }

  function init() {
    Array.prototype.forEach.call(
      document.querySelectorAll("input[data-place-suggestions]"),
      enhanceSuggestions
    );
    if (!L) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-map-picker]"), enhancePicker);
    Array.prototype.forEach.call(document.querySelectorAll("[data-list-map]"), enhanceListMap);
    Array.prototype.forEach.call(document.querySelectorAll("[data-place-map]"), enhancePlaceMap);
    Array.prototype.forEach.call(document.querySelectorAll("[data-count-map]"), enhanceCountMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
