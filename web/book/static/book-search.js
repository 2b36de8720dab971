// Search results from file:// (loaded by search.html only). Sphinx's searchtools.js fetch()es every result page
// to show a summary under its link; Chromium refuses fetch() on file:// URLs. bpkit-search-pages.js holds each
// page's text by section (written by tools/book.py after the build): answer those requests from it.
(() => {
  const pages = window.BPKIT_SEARCH_PAGES || {};
  const realFetch = window.fetch ? window.fetch.bind(window) : null;
  window.fetch = (resource, options) => {
    const url = new URL(typeof resource === "string" ? resource : resource.url, document.baseURI);
    const name = decodeURIComponent(url.pathname.split("/").pop());
    if (Object.prototype.hasOwnProperty.call(pages, name)) {
      return Promise.resolve(new Response(pages[name], {headers: {"Content-Type": "text/html"}}));
    }
    return realFetch ? realFetch(resource, options) : Promise.reject(new TypeError("no fetch"));
  };
})();
