/*
 * Give the <style> elements that scripts create the page's CSP nonce.
 *
 * ReDoc's bundle (styled-components, style-loader) adds <style> elements at run
 * time and offers no way to hand it a nonce (webpack's __webpack_nonce__ is
 * compiled into the bundle), so under a policy without 'unsafe-inline' it
 * cannot style itself.  Load this first, with the request's nonce on its own
 * <script> tag.  Only elements created by scripts already running on the page
 * get the nonce: style markup injected into the HTML stays blocked.
 */
(() => {
  "use strict";
  const nonce = document.currentScript && document.currentScript.nonce;
  if (!nonce) {
    return;
  }
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (name, options) {
    const element = createElement.call(this, name, options);
    if (String(name).toLowerCase() === "style") {
      element.setAttribute("nonce", nonce);
    }
    return element;
  };
})();
