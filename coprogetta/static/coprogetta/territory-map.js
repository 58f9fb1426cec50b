/* The directory's map: progressive enhancement over the list of resources.
 *
 * The list is always on the page. This script shows the map only when Leaflet has loaded,
 * puts a marker for every row of the list that has coordinates, and hides the map again
 * (with a message) when the tile server cannot be reached: no tile loaded and errors seen.
 */
(function () {
  "use strict";
  var section = document.getElementById("territory-map-section");
  var element = document.getElementById("territory-map");
  var failed = document.getElementById("territory-map-failed");
  if (!section || !element || typeof window.L === "undefined") {
    return;
  }
  var rows = document.querySelectorAll("#resource-list tr[data-lat]");
  if (!rows.length) {
    return;
  }
  section.hidden = false;
  var L = window.L;
  var map = L.map(element, { scrollWheelZoom: false });
  var loaded = 0;
  var errors = 0;
  var gaveUp = false;

  function fallBack() {
    if (gaveUp || loaded > 0) {
      return;
    }
    gaveUp = true;
    map.remove();
    section.hidden = true;
    failed.textContent = element.getAttribute("data-failed");
    failed.hidden = false;
  }

  var tiles = L.tileLayer(element.getAttribute("data-tiles"), {
    maxZoom: 19,
    attribution: element.getAttribute("data-attribution") || ""
  });
  tiles.on("tileload", function () { loaded += 1; });
  tiles.on("tileerror", function () {
    errors += 1;
    if (errors >= 3) {
      fallBack();
    }
  });
  tiles.addTo(map);

  var bounds = [];
  rows.forEach(function (row) {
    var lat = parseFloat(row.getAttribute("data-lat"));
    var lon = parseFloat(row.getAttribute("data-lon"));
    if (isNaN(lat) || isNaN(lon)) {
      return;
    }
    var link = document.createElement("a");
    link.href = row.getAttribute("data-url");
    link.textContent = row.getAttribute("data-name");
    var popup = document.createElement("div");
    popup.appendChild(link);
    var kind = document.createElement("div");
    kind.className = "small";
    kind.textContent = row.getAttribute("data-kind");
    popup.appendChild(kind);
    L.marker([lat, lon], { title: row.getAttribute("data-name"), alt: row.getAttribute("data-name") })
      .bindPopup(popup).addTo(map);
    bounds.push([lat, lon]);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 15);
  } else {
    map.fitBounds(bounds, { padding: [24, 24] });
  }
  /* No tile at all after a while (a blocked server sends no error either): the list alone. */
  window.setTimeout(function () {
    if (loaded === 0) {
      fallBack();
    }
  }, 8000);
}());
