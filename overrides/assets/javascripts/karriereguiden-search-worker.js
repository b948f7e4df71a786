/* Search for the online site: Material's search box, answered by Pagefind.
 *
 * Material's bundle talks to a search worker through four messages (SETUP, READY, QUERY,
 * RESULT) and lets a site give it its own worker (theme `config.search`). This is that
 * worker. Instead of one lunr index of the whole site, fetched on every page view, it asks
 * Pagefind's index of the page's language (built by karriereguiden/search.py), which it
 * loads when the search box is first focused, and then only the chunks a query needs: the
 * cost of a search in bytes stays about the same whatever the size of the catalogue. Its
 * ranking is not: Pagefind scores every page that holds a word starting with the query,
 * which for a word on every page of 1,000 roles takes it 0.3 s or more.
 *
 * The page's language comes in the worker's address (`?lang=`, the page's <html lang>),
 * so results never come from another language's pages, even for a word several
 * languages share. Offline bundles (file://) keep Material's lunr worker instead: Pagefind
 * cannot load its files from file://.
 */
"use strict";

var SETUP = 0;
var READY = 1;
var QUERY = 2;
var RESULT = 3;

// The pages whose texts are fetched first; Material shows the first ten at once too.
var SHOWN = 10;
// Sections of one page listed under it ("n more on this page").
var SECTIONS = 5;

var LANGUAGE = new URL(self.location.href).searchParams.get("lang") || "unknown";
// This file lives at assets/javascripts/ in the site; the index at pagefind/.
var SITE = new URL("../../", self.location.href);

var pagefind = null;

function load() {
  if (!pagefind) {
    // Pagefind picks the index by the page's <html lang>, which a worker cannot see, and
    // ignores a language given to it in a worker (1.5.2): answer its one question.
    self.document = {
      querySelector: function () {
        return {
          getAttribute: function () {
            return LANGUAGE;
          },
        };
      },
    };
    pagefind = import(new URL("pagefind/pagefind.js", SITE).href).then(function (module) {
      return module
        .options({ baseUrl: SITE.pathname, excerptLength: 24 })
        .then(function () {
          return module.init();
        })
        .then(function () {
          return module;
        });
    });
    pagefind.catch(function () {
      pagefind = null; // a failed load (network) is tried again on the next query
    });
  }
  return pagefind;
}

function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

// Pagefind's excerpts are plain text with < and > escaped and <mark> around matches;
// anything else that looks like a tag is escaped before Material inserts it as HTML.
function safeExcerpt(excerpt) {
  return String(excerpt || "")
    .split(/(<\/?mark>)/)
    .map(function (part) {
      return /^<\/?mark>$/.test(part) ? part : part.replace(/</g, "&lt;").replace(/>/g, "&gt;");
    })
    .join("");
}

function words(query) {
  return query
    .toLowerCase()
    .split(/[\s\-,.;:!?()"']+/)
    .filter(Boolean);
}

// Titles come without marks: mark the words that start with a query word, as Material's
// own search does, and escape the rest.
function markTitle(title, terms) {
  var text = String(title || "");
  var lower = text.toLowerCase();
  var out = "";
  var i = 0;
  while (i < text.length) {
    var starts = i === 0 || /[\s\-–(/]/.test(text[i - 1]);
    var hit = starts
      ? terms.filter(function (term) {
          return lower.startsWith(term, i);
        })[0]
      : undefined;
    if (hit) {
      out += "<mark>" + escapeHtml(text.slice(i, i + hit.length)) + "</mark>";
      i += hit.length;
    } else {
      out += escapeHtml(text[i]);
      i += 1;
    }
  }
  return out;
}

function item(data, score, terms) {
  var marked = {};
  terms.forEach(function (term) {
    marked[term] = true;
  });
  var title = (data.meta && data.meta.title) || data.url;
  var page = {
    location: data.url,
    title: markTitle(title, terms),
    text: safeExcerpt(data.excerpt),
    score: score,
    terms: marked,
  };
  // Sections under their headings, but not the page's own title (the page stands for it).
  var sections = (data.sub_results || [])
    .filter(function (sub) {
      return sub.url.indexOf("#") >= 0 && sub.title !== title;
    })
    .slice(0, SECTIONS)
    .map(function (sub, n) {
      return {
        location: sub.url,
        title: markTitle(sub.title, terms),
        text: safeExcerpt(sub.excerpt),
        // Below the page's score: Material lists them folded under the page.
        score: score / (n + 2),
        terms: marked,
      };
    });
  return [page].concat(sections);
}

// Material's count is the number of pages it is given (`items.length` in its bundle), and it
// renders pages past the tenth from the same list as the reader scrolls. Each page costs
// a fetch of its text, so Material is given the best ten first; when the reader scrolls
// towards the end of them, the page's karriereguiden-search-results.js asks for more (see
// `more`), and the answer is sent again with up to MORE pages. Only once: Material clears
// its list for each answer and renders the first ten again at once, which keeps the place
// of a reader among the first ten but would move one already further down. Told the total
// (see `tell`), the page's script corrects Material's count where even that is not all.
var MORE = 50;

// The ten pages are sent in one answer. Sending the best three first (their texts are in
// about 0.1 s sooner at 1,000 roles) broke the keyboard: Material clears its list for each
// answer, so a reader who had pressed the down arrow to the first result lost that focus
// when the full list replaced it (tests/test_search.py caught it under load). The page's
// script now gives the focus back after the answer that brings more pages.
function pages(found, terms, from, to) {
  var best = found.results.slice(from, to);
  return Promise.all(
    best.map(function (result) {
      return result.data();
    })
  ).then(function (texts) {
    return texts.map(function (data, n) {
      // Material sorts nothing; scores only order a page's own entries.
      return item(data, best[n].score || to - from - n, terms);
    });
  });
}

// Material sends every change of the query, a keystroke apart. Pagefind's ranking cannot be
// interrupted (at 1,000 roles one search for a word on every page takes it 0.3 s or more),
// so a search starts only once typing pauses. Measured at 1,000 roles: a pause of twice the
// gap between the last two keystrokes (at least 40 ms) answered a fast typist 60 ms sooner
// on a quiet machine, but on a busy one the keystrokes came unevenly and it started ranking
// prefixes of the word ("kundeserv") while the reader was still typing, which cost 0.4 s.
var PAUSE_MS = 100;
// Only the answer to the last query is shown.
var latest = 0;

// The page says when the reader focuses the search box (overrides/main.html): Pagefind
// and the index's first parts load while the query is being typed. Its results script asks
// on the same channel for more pages, and is told how many pages the shown answer's query
// matches.
var channel =
  typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("karriereguiden-search") : null;
var count = null; // what the page was last told
var shown = null; // the answer on screen: {asked, found, terms, items}

if (channel) {
  channel.onmessage = function (event) {
    if (event.data === "focus") {
      load().catch(function () {});
    } else if (event.data === "count" && count) {
      channel.postMessage(count); // the page's script loaded after the answer
    } else if (event.data === "more") {
      more();
    }
  };
}

function tell(total, items) {
  count = { total: total, shown: items.length, first: items.length ? items[0][0].location : null };
  if (channel) {
    channel.postMessage(count);
  }
}

function more() {
  var answer = shown;
  if (!answer || answer.extended || answer.asked !== latest) {
    return;
  }
  var to = Math.min(answer.found.results.length, MORE);
  if (to <= answer.items.length) {
    return;
  }
  answer.extended = true;
  pages(answer.found, answer.terms, answer.items.length, to)
    .then(function (items) {
      if (answer.asked === latest) {
        answer.items = answer.items.concat(items);
        self.postMessage({ type: RESULT, data: { items: answer.items } });
        tell(answer.found.results.length, answer.items);
      }
    })
    .catch(function (error) {
      console.warn("Search failed:", error);
    });
}

// While the reader types, the index chunks of each word's first letters are fetched, so
// the search after the pause finds them loaded: the chunks of a longer word with the same
// start are among them. Once per start, not on every keystroke (each asks Pagefind for
// work on the CPU the typing needs too), and not for one or two letters, whose chunks
// would hold many words the query is not going to be. Measured at 1,000 roles ("kundeservice"
// typed at once): 4.3 KiB more (the chunks of "kun" beyond those of the word); from the last
// keystroke to the first result 0.55 s against 0.72 s without it (medians of six, busy
// machine), but no faster in another round: the ranking that follows dominates.
var PRELOAD_LETTERS = 3;
var preloaded = {};

function preload(query) {
  words(query).forEach(function (word) {
    var start = word.slice(0, PRELOAD_LETTERS);
    if (start.length === PRELOAD_LETTERS && !preloaded[start]) {
      preloaded[start] = true;
      load()
        .then(function (module) {
          return module.preload(start);
        })
        .catch(function () {
          delete preloaded[start]; // tried again with the next keystroke
        });
    }
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    // Material's SETUP carries its own index, trimmed to its settings on this site.
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var asked = ++latest;
    preload(message.data);
    setTimeout(function () {
      if (asked === latest) {
        answer(message.data, asked);
      }
    }, PAUSE_MS);
  }
});

function answer(query, asked) {
  var terms = words(query);
  function current() {
    return asked === latest;
  }
  function send(items, found) {
    if (current()) {
      shown = found ? { asked: asked, found: found, terms: terms, items: items } : null;
      self.postMessage({ type: RESULT, data: { items: items } });
      tell(found ? found.results.length : 0, items);
    }
  }
  if (!terms.length) {
    send([]);
    return;
  }
  load()
    .then(function (module) {
      return module.search(query);
    })
    .then(function (found) {
      // Texts are fetched only for the query still in the box.
      if (!current()) {
        return;
      }
      return pages(found, terms, 0, SHOWN).then(function (items) {
        send(items, found);
      });
    })
    .catch(function (error) {
      console.warn("Search failed:", error);
      send([]);
    });
}
