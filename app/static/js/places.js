// Places: the colonia typeahead, the location pin of the forms and the staff map.
// Every form works without this script: the colonia is a plain select and the pin optional.
(function () {
  "use strict";

  // --- Colonia typeahead: a search box over the select, fed by /colonias/buscar.json. ---
  function enhancePicker(box) {
    var select = box.querySelector("[data-role=colonia-select]");
    var cp = box.querySelector("[data-role=colonia-cp]");
    var listId = "colonia-suggestions";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control mb-2";
    input.id = "colonia-search";
    input.setAttribute("list", listId);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("placeholder", "Escriba para buscar la colonia");
    input.setAttribute("aria-label", "Buscar colonia");
    var list = document.createElement("datalist");
    list.id = listId;
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(list, select);
    var found = {};
    var timer = null;

    function showPostalCode() {
      var option = select.options[select.selectedIndex];
      var code = option && option.getAttribute("data-cp");
      cp.textContent = code ? "Código postal: " + code :
        (select.value === "otra" ? "Escriba la colonia abajo." : "El código postal se toma de la colonia elegida.");
    }

    function pick() {
      var hit = found[input.value];
      if (hit) {
        select.value = String(hit.id);
        select.dispatchEvent(new Event("change", {bubbles: true}));
      }
    }

    function suggest() {
      var q = input.value.trim();
      if (found[input.value]) { pick(); return; }
      if (q.length < 2) { return; }
      fetch(box.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (rows) {
          list.textContent = "";
          found = {};
          rows.forEach(function (row) {
            var option = document.createElement("option");
            option.value = row.label;
            list.appendChild(option);
            found[row.label] = row;
          });
          pick();  // the typed text may already be a whole label
        });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 150); });
    input.addEventListener("change", pick);
    select.addEventListener("change", showPostalCode);
    showPostalCode();
  }

  // --- The pin of the forms: click to place, drag to move, «Usar mi ubicación». ---
  function tileLayer(el) {
    return L.tileLayer(el.getAttribute("data-tiles"), {
      maxZoom: 19, attribution: el.getAttribute("data-attribution") || ""
    });
  }

  function enhancePin(el) {
    var form = el.closest("form");
    var lat = form.querySelector("[data-role=pin-lat]");
    var lng = form.querySelector("[data-role=pin-long]");
    var status = el.querySelector("[data-role=pin-status]");
    var bounds = L.latLngBounds(JSON.parse(el.getAttribute("data-bounds")));
    el.classList.add("is-ready");
    var map = L.map(el.querySelector("[data-role=canvas]"), {maxBounds: bounds.pad(0.05)});
    tileLayer(el).addTo(map);
    map.fitBounds(bounds);
    var marker = null;

    function place(latlng, zoom) {
      if (!bounds.contains(latlng)) {
        status.textContent = "Ese punto está fuera del municipio; marque un lugar dentro de él.";
        return;
      }
      if (!marker) {
        marker = L.marker(latlng, {draggable: true, keyboard: true, title: "Ubicación del problema"}).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
      lat.value = latlng.lat.toFixed(6);
      lng.value = latlng.lng.toFixed(6);
      status.textContent = "Ubicación marcada: " + lat.value + ", " + lng.value + ".";
      if (zoom) { map.setView(latlng, Math.max(map.getZoom(), 17)); }
      lat.dispatchEvent(new Event("change", {bubbles: true}));
    }

    map.on("click", function (e) { place(e.latlng); });
    el.querySelector("[data-role=clear]").addEventListener("click", function () {
      if (marker) { map.removeLayer(marker); marker = null; }
      lat.value = ""; lng.value = "";
      status.textContent = "Sin ubicación marcada.";
      lat.dispatchEvent(new Event("change", {bubbles: true}));
    });
    var locate = el.querySelector("[data-role=locate]");
    if (!navigator.geolocation) { locate.hidden = true; }
    locate.addEventListener("click", function () {
      status.textContent = "Buscando su ubicación…";
      navigator.geolocation.getCurrentPosition(function (p) {
        place(L.latLng(p.coords.latitude, p.coords.longitude), true);
      }, function () {
        status.textContent = "No se pudo obtener su ubicación; marque el lugar en el mapa.";
      }, {enableHighAccuracy: true, timeout: 10000});
    });
    if (lat.value && lng.value) { place(L.latLng(Number(lat.value), Number(lng.value)), true); }
  }

  // --- The staff map of open tickets. ---
  function enhanceStaffMap(el) {
    var bounds = L.latLngBounds(JSON.parse(el.getAttribute("data-bounds")));
    el.classList.add("is-ready");
    var map = L.map(el.querySelector("[data-role=canvas]"));
    tileLayer(el).addTo(map);
    map.fitBounds(bounds);
    var count = el.querySelector("[data-role=count]");
    fetch(el.getAttribute("data-pins-url"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (rows) {
        rows.forEach(function (row) {
          var popup = document.createElement("div");
          var a = document.createElement("a");
          a.href = row.url; a.textContent = row.folio;
          popup.appendChild(a);
          popup.appendChild(document.createTextNode(" · " + row.status + " · " + row.category + " · " + row.unit));
          L.marker([row.lat, row.long], {title: row.folio}).bindPopup(popup).addTo(map);
        });
        count.textContent = rows.length + (rows.length === 1 ? " ticket abierto" : " tickets abiertos") + " con ubicación.";
      });
  }

  document.querySelectorAll(".colonia-picker").forEach(enhancePicker);
  if (window.L) {
    document.querySelectorAll(".pin-map").forEach(enhancePin);
    document.querySelectorAll(".staff-map").forEach(enhanceStaffMap);
  }
})();
