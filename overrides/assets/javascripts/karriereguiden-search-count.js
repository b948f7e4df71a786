/* The true count of an online search's results.
 *
 * The search worker (karriereguiden-search-worker.js) gives Material the texts of the best
 * ten pages only, and Material counts what it is given: "10 resultater" for a word on
 * sixteen pages, or on 3,000. The worker tells this script how many pages match, on the
 * channel the page already uses to tell it the search box was focused, and this script
 * corrects Material's line: "De 10 bedste af 16 resultater". Loaded when the search box is
 * first focused (overrides/main.html), like the index.
 */
(function () {
  "use strict";
  var result = document.querySelector("[data-karriereguiden-count]");
  if (!result || !window.BroadcastChannel) {
    return;
  }
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var pattern = result.getAttribute("data-karriereguiden-count");
  var numbers = new Intl.NumberFormat(document.documentElement.lang);
  var latest = null; // the worker's last answer: {total, shown, first}
  var ours = null; // the line this script wrote, and the one of Material's it replaced
  var theirs = null;

  function path(url) {
    var parsed = new URL(url, location.href);
    return parsed.pathname + parsed.hash;
  }

  // Material writes its line and the list in one go for each answer; the worker's message
  // comes on another channel, before or after. The line is changed only while the list on
  // screen is the answer the counts belong to: as many pages, the same one first.
  function correct() {
    var first = list.querySelector(".md-search-result__link");
    var shown = list.querySelectorAll(":scope > .md-search-result__item").length;
    var matches =
      latest &&
      latest.total > latest.shown &&
      shown === latest.shown &&
      first &&
      path(first.href) === path(latest.first);
    if (matches) {
      var text = pattern
        .replace("{shown}", numbers.format(latest.shown))
        .replace("{total}", numbers.format(latest.total));
      if (meta.textContent !== text) {
        theirs = meta.textContent;
        ours = text;
        meta.textContent = text;
      }
    } else if (ours !== null && meta.textContent === ours) {
      meta.textContent = theirs; // Material's own count is true again
    }
  }

  var channel = new BroadcastChannel("karriereguiden-search");
  channel.onmessage = function (event) {
    if (event.data && typeof event.data.total === "number") {
      latest = event.data;
      correct();
    }
  };
  new MutationObserver(correct).observe(result, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  // An answer given before this script had loaded.
  channel.postMessage("count");
})();
