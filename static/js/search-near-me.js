// "Stories near me" on the public search page (newsbudget/search, docs/search.md).
// The button appears only where the browser can locate; the browser asks the reader, and
// nothing is sent unless they agree: then the rounded position (about 100 m) fills the
// form's lat/lon fields and the form is submitted like any other search.
(function () {
  "use strict";
  var button = document.getElementById("near-me");
  if (!button || !("geolocation" in navigator)) {
    return;
  }
  var status = document.getElementById("near-me-status");
  var form = button.form;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Finding where you are…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(3);
        form.elements.lon.value = position.coords.longitude.toFixed(3);
        form.submit();
      },
      function (error) {
        status.textContent =
          error.code === error.PERMISSION_DENIED
            ? "Location not shared, so the search covers everywhere."
            : "Your location is not available right now.";
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
