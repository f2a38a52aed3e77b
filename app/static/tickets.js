// Intake form helpers: citizens on file, the unit the catalog proposes, possible duplicates.
// The form works without this script; it only saves typing.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form) { return; }
  var byId = function (id) { return document.getElementById(id); };
  var box = byId("citizen-suggestions");
  var timer = null;

  function debounce(fn) {
    return function () { clearTimeout(timer); timer = setTimeout(fn.bind(this), 250); };
  }

  function fillCitizen(p) {
    byId("citizen_id").value = p.id;
    byId("citizen_name").value = p.name;
    byId("citizen_phone").value = p.phone;
    byId("citizen_email").value = p.email;
    byId("citizen_address").value = p.address;
    byId("citizen_colonia").value = p.colonia;
    byId("citizen_localidad").value = p.localidad || "Fresnillo";
    if (!byId("colonia").value) { byId("colonia").value = p.colonia; }
    box.textContent = "";
    var note = document.createElement("p");
    note.className = "small text-success";
    note.textContent = "Ciudadano registrado: se usarán sus datos.";
    box.appendChild(note);
  }

  // The citizen's latest folios under their suggestion, and a link to all of them.
  function historyLine(history) {
    var div = document.createElement("div");
    div.className = "list-group-item small text-muted";
    div.setAttribute("data-testid", "citizen-history");
    div.appendChild(document.createTextNode("Solicitudes anteriores (" + history.total + "): "));
    history.folios.forEach(function (f, i) {
      if (i) { div.appendChild(document.createTextNode(" · ")); }
      var a = document.createElement("a");
      a.href = f.url; a.target = "_blank"; a.textContent = f.folio;
      div.appendChild(a);
      div.appendChild(document.createTextNode(" (" + f.status + ", " + f.date + ")"));
    });
    if (history.total > history.folios.length) {
      var all = document.createElement("a");
      all.href = history.url; all.target = "_blank"; all.textContent = "ver todas";
      div.appendChild(document.createTextNode(" · "));
      div.appendChild(all);
    }
    return div;
  }

  function suggest() {
    var q = this.value.trim();
    byId("citizen_id").value = "";
    if (q.length < 3) { box.textContent = ""; return; }
    fetch(form.dataset.citizensUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (people) {
        box.textContent = "";
        people.forEach(function (p) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "list-group-item list-group-item-action";
          b.textContent = p.name + " · " + (p.phone || "sin teléfono") + (p.colonia ? " · " + p.colonia : "");
          b.addEventListener("click", function () { fillCitizen(p); });
          box.appendChild(b);
          if (p.history && p.history.total) { box.appendChild(historyLine(p.history)); }
        });
      });
  }

  function showProposal() {
    var el = byId("proposed-unit");
    var proposals = JSON.parse(el.dataset.proposals || "{}");
    var units = JSON.parse(el.dataset.units || "{}");
    var unitId = proposals[byId("category_id").value];
    el.textContent = unitId ? "El catálogo propone: " + (units[unitId] || "") : "";
  }

  function duplicates() {
    var cat = byId("category_id").value, col = byId("colonia").value.trim();
    var picked = byId("colonia_id") ? byId("colonia_id").value : "";
    var lat = byId("latitude") ? byId("latitude").value : "", lng = byId("longitude") ? byId("longitude").value : "";
    var target = byId("duplicates");
    if (!cat || cat === "0" || (!col && !picked && !lat)) { target.textContent = ""; return; }
    var url = form.dataset.duplicatesUrl + "?categoria=" + encodeURIComponent(cat) +
      "&colonia=" + encodeURIComponent(col) + "&colonia_id=" + encodeURIComponent(picked) +
      "&lat=" + encodeURIComponent(lat) + "&long=" + encodeURIComponent(lng);
    fetch(url, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (rows) {
        target.textContent = "";
        if (!rows.length) { return; }
        var div = document.createElement("div");
        div.className = "alert alert-warning";
        div.setAttribute("data-testid", "duplicate-candidates");
        var title = document.createElement("strong");
        title.textContent = "Posibles duplicados (misma categoría y colonia o a menos de 150 m, abiertos, últimos 30 días):";
        div.appendChild(title);
        var ul = document.createElement("ul");
        ul.className = "mb-0";
        rows.forEach(function (t) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = t.url; a.target = "_blank"; a.textContent = t.folio;
          li.appendChild(a);
          li.appendChild(document.createTextNode(" · " + t.status + " · " + t.unit + " · " + t.description + " "));
          var link = document.createElement("button");
          link.type = "button"; link.className = "btn btn-sm btn-outline-dark";
          link.textContent = "Vincular a este folio";
          link.addEventListener("click", function () { byId("duplicate_of").value = t.folio; });
          li.appendChild(link);
          ul.appendChild(li);
        });
        div.appendChild(ul);
        target.appendChild(div);
      });
  }

  byId("citizen_phone").addEventListener("input", debounce(suggest));
  byId("citizen_name").addEventListener("input", debounce(suggest));
  byId("category_id").addEventListener("change", function () { showProposal(); duplicates(); });
  byId("colonia").addEventListener("change", duplicates);
  ["colonia_id", "latitude"].forEach(function (id) {
    if (byId(id)) { byId(id).addEventListener("change", duplicates); }
  });
  byId("citizen_colonia").addEventListener("change", function () {
    if (!byId("colonia").value) { byId("colonia").value = this.value; duplicates(); }
  });
  showProposal();
})();
