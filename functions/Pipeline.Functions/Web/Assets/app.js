// Live scorecard: polls the page's JSON endpoint every 5 s with the last version as ETag (an unchanged scorecard is a
// 304 with no body) and replaces the sections whose HTML changed, announcing it in the aria-live region. Without
// JavaScript the page still works; reloading shows the same content.
(function () {
  "use strict";
  var main = document.getElementById("main");
  // Finance console: a close that is computing reloads the page every few seconds until it settles.
  if (main && main.dataset.refresh) {
    window.setTimeout(function () { window.location.reload(); }, Number(main.dataset.refresh) * 1000);
    return;
  }
  if (!main || !main.dataset.live) return;
  var url = main.dataset.live;
  var version = main.dataset.version || "";
  var live = document.getElementById("live");
  var busy = false;

  function poll() {
    if (busy || document.hidden) return;
    busy = true;
    fetch(url, { credentials: "same-origin", headers: { "If-None-Match": "\"" + version + "\"", "Accept": "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (response.status !== 200) return null;
        return response.json();
      })
      .then(function (data) {
        if (!data || data.version === version) return;
        version = data.version;
        main.dataset.version = version;
        var changed = [];
        Object.keys(data.sections).forEach(function (id) {
          var section = document.getElementById(id);
          if (section && section.innerHTML !== data.sections[id]) {
            section.innerHTML = data.sections[id];
            changed.push(id);
          }
        });
        if (changed.length && live) {
          var total = document.getElementById("projected-total");
          live.textContent = "Updated at " + new Date().toLocaleTimeString() + (total ? ": projected payout " + total.textContent + "." : ".");
        }
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { busy = false; });
  }

  window.setInterval(poll, 5000);
})();
