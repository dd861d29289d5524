// Headline tests on the fronts (docs/ab-testing.md).  The cached page carries every headline
// of each running test on its link (data-headline-variants, the original first); this script
// asks the beacon which one this reader sees — which also counts the impression — shows it,
// and reports a click through it with sendBeacon.  No script here means no test: readers
// without JavaScript, crawlers and signed-in staff (the beacon assigns them nothing) keep the
// real headline.  Static and same-origin: a cached page cannot carry a CSP nonce.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.impressionsUrl;
  var links = document.querySelectorAll("a[data-headline-test]");
  if (!url || !links.length || !window.fetch) {
    return;
  }
  function post(target) {
    if (navigator.sendBeacon && navigator.sendBeacon(target)) {
      return;
    }
    fetch(target, { method: "POST", keepalive: true, credentials: "same-origin" });
  }
  function show(variants) {
    links.forEach(function (link) {
      var variant = variants[link.dataset.headlineTest];
      var headlines;
      if (variant === undefined) {
        return;
      }
      try {
        headlines = JSON.parse(link.dataset.headlineVariants);
      } catch (error) {
        return;
      }
      if (typeof headlines[variant] === "string" && headlines[variant]) {
        link.textContent = headlines[variant];
      }
      link.addEventListener("click", function () {
        post(link.dataset.headlineClickUrl);
      });
    });
  }
  function assign() {
    var body = new URLSearchParams();
    links.forEach(function (link) {
      body.append("tests", link.dataset.headlineTest);
    });
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { variants: {} };
      })
      .then(function (data) {
        show(data.variants || {});
      })
      .catch(function () {});
  }
  // A page the browser prerenders but nobody opens shows no headline to anyone.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", assign, { once: true });
  } else {
    assign();
  }
})();
