/* The map view of search results: an addition to the list, never a replacement.
   Runs only when Leaflet loaded and tiles are configured; otherwise the list stays as it is. */
(function () {
  "use strict";
  var box = document.getElementById("map");
  var data = document.getElementById("map-data");
  if (!box || !data || typeof window.L === "undefined") { return; }
  var tiles = box.getAttribute("data-tiles");
  if (!tiles) { return; }
  var points = JSON.parse(data.textContent || "[]");
  box.hidden = false;
  var map = window.L.map(box, { scrollWheelZoom: false });
  var layer = window.L.tileLayer(tiles, { maxZoom: 18, attribution: box.getAttribute("data-attribution") || "" });
  var failures = 0;
  layer.on("tileerror", function () {
    failures += 1;
    if (failures === 3) {
      var note = document.getElementById("map-offline");
      if (note) { note.hidden = false; }
    }
  });
  layer.addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var marker = window.L.marker([point.lat, point.lon], { title: point.name, alt: point.name }).addTo(map);
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    marker.bindPopup(link);
    bounds.push([point.lat, point.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); }
  else { map.setView([0, 0], 2); }
})();
