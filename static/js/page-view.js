// Counts one view of the story page that loads this script, whatever cache served the page.
// The page names the beacon URL in data-page-view-url; a same-origin POST with no body,
// sent without holding up the page (navigator.sendBeacon), allowed by CSP's connect-src 'self'.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.pageViewUrl;
  if (!url) {
    return;
  }
  function send() {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) {
      return;
    }
    if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "same-origin" });
    }
  }
  // A page the browser prerenders but nobody opens is not a view.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
