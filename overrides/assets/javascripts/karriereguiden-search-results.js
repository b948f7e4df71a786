/* What the online search's results need beyond Material's own code.
 *
 * The search worker (karriereguiden-search-worker.js) gives Material the texts of the best
 * ten pages first, and Material counts what it is given: "10 resultater" for a word on
 * sixteen pages, or on 3,000. On the channel the page already uses to tell the worker the
 * search box was focused, this script
 * - is told how many pages match, and corrects Material's line while the list on screen
 *   is the answer the counts belong to: "De 10 bedste af 16 resultater";
 * - is told when no page holds a word typed and the results come from a shorter word
 *   (Pagefind's fallback), and says so on that line instead of a count:
 *   "Ingen sider med »kundeservicerobot«; sider med »kundeservice«:";
 * - asks for more pages when the reader nears the end of the first ten (the worker then
 *   answers again with up to fifty, which Material renders as the reader scrolls);
 * - gives the focus back to the result it was on when that answer replaces the list.
 * Loaded when the search box is first focused (overrides/main.html), like the index.
 */
(function () {
  "use strict";
  var result = document.querySelector("[data-karriereguiden-count]");
  if (!result || !window.BroadcastChannel || !window.IntersectionObserver) {
    return;
  }
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var pattern = result.getAttribute("data-karriereguiden-count");
  var partialPattern = result.getAttribute("data-karriereguiden-partial");
  var numbers = new Intl.NumberFormat(document.documentElement.lang);
  var channel = new BroadcastChannel("karriereguiden-search");
  var latest = null; // the worker's last answer: {total, shown, first}
  var ours = null; // the line this script wrote, and Material's that it replaced
  var theirs = null;
  var focused = null; // the result the reader's focus is on (see describe)
  // Material renders the first ten pages of an answer at once, the rest as the reader
  // scrolls; the worker sends ten first (its SHOWN).
  var AT_ONCE = 10;

  function path(url) {
    var parsed = new URL(url, location.href);
    return parsed.pathname + parsed.hash;
  }

  function links() {
    return list.querySelectorAll(":scope > .md-search-result__item > .md-search-result__link");
  }

  // Material writes its line and the list in one go for each answer; the worker's message
  // comes on another channel, before or after. The line is changed only while the list on
  // screen is the answer the counts belong to: the same page first, and at least as many
  // pages rendered as Material renders at once (up to ten), at most as many as it was given.
  function isOnScreen(answer) {
    var rendered = links();
    return (
      answer !== null &&
      rendered.length > 0 &&
      rendered.length >= Math.min(answer.shown, AT_ONCE) &&
      rendered.length <= answer.shown &&
      path(rendered[0].href) === path(answer.first)
    );
  }

  function correctCount() {
    var text = null;
    if (latest && latest.partial && partialPattern && isOnScreen(latest)) {
      // Functions, not strings: a "$&" typed is text, not a replacement pattern.
      text = partialPattern
        .replace("{asked}", function () {
          return latest.partial.asked;
        })
        .replace("{found}", function () {
          return latest.partial.found;
        });
    } else if (latest && latest.total > latest.shown && isOnScreen(latest)) {
      text = pattern
        .replace("{shown}", numbers.format(latest.shown))
        .replace("{total}", numbers.format(latest.total));
    }
    if (text !== null) {
      if (meta.textContent !== text) {
        if (meta.textContent !== ours) {
          theirs = meta.textContent; // Material's own line, not one of ours
        }
        ours = text;
        meta.textContent = text;
      }
    } else if (ours !== null && meta.textContent === ours) {
      meta.textContent = theirs; // Material's own count is true again
    }
  }

  // The third page from the end of the first ten: once it is in view, more are asked for.
  var near = new IntersectionObserver(
    function (entries) {
      var inView = entries.some(function (entry) {
        return entry.isIntersecting;
      });
      if (inView) {
        near.disconnect();
        channel.postMessage("more");
      }
    },
    { root: result.closest(".md-search__scrollwrap") }
  );

  function watchForMore() {
    near.disconnect();
    var rendered = links();
    if (latest && latest.total > latest.shown && latest.shown === AT_ONCE && isOnScreen(latest)) {
      near.observe(rendered[rendered.length - 3]);
    }
  }

  // Where the focus is, described so that it can be found again in a new list: a link by
  // its address, a page's "n more on this page" by its page's address.
  function describe(element) {
    if (!result.contains(element)) {
      return null;
    }
    var link = element.closest("a[href]");
    if (link) {
      return { href: link.getAttribute("href"), summary: false };
    }
    var page = element.matches("summary") && pageLink(element);
    return page ? { href: page.getAttribute("href"), summary: true } : null;
  }

  function pageLink(element) {
    var item = element.closest(".md-search-result__item");
    return item && item.querySelector(":scope > .md-search-result__link");
  }

  function giveFocusBack() {
    if (!focused || (document.activeElement && document.activeElement !== document.body)) {
      return;
    }
    var link = Array.prototype.find.call(list.querySelectorAll("a[href]"), function (candidate) {
      return candidate.getAttribute("href") === focused.href;
    });
    var target = link && focused.summary ? link.parentNode.querySelector("summary") : link;
    if (target) {
      var folded = target.closest("details");
      if (folded && target.tagName !== "SUMMARY") {
        folded.open = true; // a section's link, under its page's unfolded list
      }
      target.focus();
    }
  }

  function update() {
    correctCount();
    watchForMore();
    giveFocusBack();
  }

  document.addEventListener("focusin", function (event) {
    focused = describe(event.target);
  });
  channel.onmessage = function (event) {
    if (event.data && typeof event.data.total === "number") {
      latest = event.data;
      update();
    }
  };
  new MutationObserver(update).observe(result, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  // An answer given before this script had loaded.
  channel.postMessage("count");
})();
