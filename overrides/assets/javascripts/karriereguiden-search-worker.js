/* Search for the online site: Material's search box, answered by Pagefind.
 *
 * Material's bundle talks to a search worker through four messages (SETUP, READY, QUERY,
 * RESULT) and lets a site give it its own worker (theme `config.search`). This is that
 * worker. Instead of one lunr index of the whole site, fetched on every page view, it asks
 * Pagefind's index of the page's language (built by karriereguiden/site/search.py), which it
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

// Ranking (Pagefind's `ranking.metaWeights`): a role's names are metadata fields of its
// pages (karriereguiden/site/search.py, name_fields), one field per name: "name1"... on the role
// page, "role1"... on its salary and FAQ pages. For every field the query matches, even in
// part, Pagefind adds the field's weight times the query words' IDF and the share of the
// query the field covers (squared) to the score of the page's text; the title (the first
// h1) keeps Pagefind's 5. The text's score (BM25) is up to about 4.3 times the IDF (1.8
// where the diacritics match) for each different word that matches: a short FAQ page with
// "kundeservicechef", "kundeserviceleder" and "kundeservice" scores three times. So:
// - for any of a role's names, its role page (200 + title) comes before its salary and FAQ
//   pages (30 + title), and those before hand-written pages (their text and title only);
// - for a word of several roles' names ("kundeservice", "teamledare"), their role pages
//   come before any salary or FAQ page: a role page's one field (200) outweighs the fields
//   of five names of another role that start with the word (5 x 30) and its text.
// See exactNamesFirst for the one case these weights cannot settle.
var NAME_FIELDS = 24; // search.NAME_FIELDS
var ROLE_PAGE_WEIGHT = 200;
var ROLE_PAGES_WEIGHT = 30;
var META_WEIGHTS = { title: 5 };
for (var field = 1; field <= NAME_FIELDS; field++) {
  META_WEIGHTS["name" + field] = ROLE_PAGE_WEIGHT;
  META_WEIGHTS["role" + field] = ROLE_PAGES_WEIGHT;
}

function load() {
  if (!pagefind) {
    // Pagefind picks the index by the page's <html lang>, which a worker cannot see, and
    // ignores a language given to it in a worker (1.5.2, 1.6.0): answer its one question.
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
        .options({
          baseUrl: SITE.pathname,
          excerptLength: 24,
          ranking: { metaWeights: META_WEIGHTS },
        })
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

// marked: Material's terms of the answer, {word: true}, or false for a word no page holds
// (see partialMatch): Material lists those under a result as missing.
function item(data, score, marked) {
  var terms = Object.keys(marked).filter(function (term) {
    return marked[term];
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
function texts(found, from, to) {
  var best = found.results.slice(from, to);
  return Promise.all(
    best.map(function (result) {
      return result.data();
    })
  ).then(function (data) {
    return data.map(function (page, n) {
      // Material sorts nothing; scores only order a page's own entries.
      return { data: page, score: best[n].score || to - from - n };
    });
  });
}

function pages(found, marked, from, to) {
  return texts(found, from, to).then(function (fetched) {
    return fetched.map(function (page) {
      return item(page.data, page.score, marked);
    });
  });
}

// What Pagefind leaves out of a query, and how it writes the rest.
var PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;

function normalized(text) {
  // As Pagefind normalizes a query: lower case, without diacritics.
  return String(text || "")
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "");
}

// Pagefind adds a name field's boost for every field a query matches, even in part: on the
// Swedish site "teamleder i kundeservice" (the Danish title of one role) ranked a role with
// four names starting "kundeservice" above the role of that name, whose one field matched
// all of it. Among the pages shown, those with a name field that is the whole query (as
// Pagefind reads it) come first, the role page before its salary and FAQ pages, the rest
// in Pagefind's order.
function comparable(text) {
  return normalized(text)
    .replace(PUNCTUATION, "")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");
}

function exactNamesFirst(fetched, query) {
  var asked = comparable(query);
  function rank(page) {
    var meta = (page.data && page.data.meta) || {};
    var best = 2;
    Object.keys(meta).forEach(function (key) {
      if (/^(name|role)\d+$/.test(key) && comparable(meta[key]) === asked) {
        best = Math.min(best, key.indexOf("name") === 0 ? 0 : 1);
      }
    });
    return best;
  }
  return fetched
    .map(function (page, n) {
      return { page: page, rank: rank(page), n: n };
    })
    .sort(function (a, b) {
      return a.rank - b.rank || a.n - b.n;
    })
    .map(function (entry) {
      return entry.page;
    });
}

// Honest partial matches. When no indexed word starts with a query word, Pagefind (1.5)
// searches the longest indexed word the query word starts with ("kundeservicerobot" finds
// the pages with "kundeservice"), and its results look like any others. A query word is
// found as typed when a word of a page shown starts with it (of its text, title or name
// fields, which Pagefind all indexes: such a word would have been searched, not a shorter
// one), or else when Pagefind finds it quoted (an exact search of its stem: "lønnen" on
// pages with "lønn"). Otherwise the answer is a partial one, and the word found instead
// is the word at the pages' match locations that shares the longest start with it.
function queryWords(query) {
  return String(query)
    .toLowerCase()
    .replace(PUNCTUATION, "")
    .split(/\s+/)
    .filter(Boolean);
}

// A page's words: those of its text (all of them, or those at the locations that matched)
// and of its title and name fields, without the punctuation around them.
function pageWords(data, matchedOnly) {
  var found = [];
  var content = String(data.content || "").split(/[\r\n\s]+/g);
  if (matchedOnly) {
    (data.locations || []).forEach(function (at) {
      found.push(content[at] || "");
    });
  } else {
    found = content;
  }
  if (!matchedOnly || !found.length) {
    var meta = data.meta || {};
    Object.keys(meta).forEach(function (key) {
      if (key === "title" || /^(name|role)\d+$/.test(key)) {
        found = found.concat(String(meta[key]).split(/\s+/));
      }
    });
  }
  var parts = [];
  found.forEach(function (word) {
    var plain = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    parts.push(plain);
    // Pagefind indexes "kundeservice-manager" as the whole and as each part.
    if (/\p{Pd}/u.test(plain)) {
      parts = parts.concat(plain.split(/\p{Pd}/u), [plain.replace(PUNCTUATION, "")]);
    }
  });
  return parts.filter(Boolean);
}

function commonStart(one, other) {
  var n = 0;
  while (n < one.length && n < other.length && one[n] === other[n]) {
    n += 1;
  }
  return n;
}

function partialMatch(module, query, fetched) {
  var asked = queryWords(query);
  var every = [];
  var matched = [];
  fetched.forEach(function (page) {
    every = every.concat(pageWords(page.data, false));
    matched = matched.concat(pageWords(page.data, true));
  });
  every = every.map(normalized);
  var checks = asked.map(function (word) {
    var start = normalized(word);
    var found = every.some(function (candidate) {
      return candidate.startsWith(start);
    });
    if (!fetched.length || found) {
      return Promise.resolve(null);
    }
    return module.search('"' + word + '"').then(function (exact) {
      if (exact.results.length) {
        return null;
      }
      var best = null;
      var bestLength = 0;
      matched.forEach(function (candidate) {
        var length = commonStart(normalized(candidate), start);
        if (length > bestLength) {
          best = candidate.toLowerCase();
          bestLength = length;
        }
      });
      return best ? { word: word, instead: best } : null;
    });
  });
  return Promise.all(checks).then(function (found) {
    var missing = found.filter(Boolean);
    if (!missing.length) {
      return null;
    }
    var instead = asked.map(function (word) {
      var swap = missing.filter(function (entry) {
        return entry.word === word;
      })[0];
      return swap ? swap.instead : word;
    });
    return { asked: asked.join(" "), found: instead.join(" "), missing: missing };
  });
}

// Material's terms for an answer: the words searched, and for a partial answer the words
// no page holds (false: Material lists them under a result as missing, and leaves them
// out of the words highlighted on the page a result opens) and the words found instead.
function markedTerms(terms, partial) {
  var marked = {};
  terms.forEach(function (term) {
    marked[term] = true;
  });
  if (partial) {
    partial.missing.forEach(function (entry) {
      words(entry.word).forEach(function (term) {
        marked[term] = false;
      });
      words(entry.instead).forEach(function (term) {
        marked[term] = true;
      });
    });
  }
  return marked;
}

// Material sends every change of the query, a keystroke apart. Pagefind's ranking cannot be
// interrupted (at 1,000 roles one search for a word on every page takes it 0.3 s or more),
// so a search starts only once typing pauses. Measured at 1,000 roles: a pause of twice the
// gap between the last two keystrokes (at least 40 ms) answered a fast typist 60 ms sooner
// on a quiet machine, but on a busy one the keystrokes came unevenly and it started ranking
// prefixes of the word ("kundeserv") while the reader was still typing, which cost 0.4 s.
//
// A person types a key every 150 ms or so (issue 24), and a pause of 100 ms then came
// after every key: each prefix was searched and its ten texts fetched, 59 requests and
// 248 KB for the first search at 1,000 roles against 149 KB typed at once. So the pause
// follows the reader's pace: twice the longest of their last three gaps between keys
// (gaps over a second are a reader thinking, not typing), at least PAUSE_MS and at most
// MAX_PAUSE_MS, which is also the pause after a first key. At once, keys come a few ms
// apart and the pause stays 100 ms; at 150 ms per key it is 300 ms, so an uneven key (a
// busy machine) does not start a search of a prefix.
var PAUSE_MS = 100;
var MAX_PAUSE_MS = 400;
var GAPS = 3;
var gaps = [];
var lastKey = null;

function pause(now) {
  if (lastKey !== null && now - lastKey < 1000) {
    gaps = gaps.concat([now - lastKey]).slice(-GAPS);
  } else {
    gaps = [];
  }
  lastKey = now;
  if (!gaps.length) {
    // The first key: the reader's pace is not known yet. Searched after 100 ms, "k" alone
    // loaded the index chunks of every word starting with k at 1,000 roles: 11 requests
    // and 37 KiB more for a query typed at 150 ms per key.
    return MAX_PAUSE_MS;
  }
  var longest = Math.max.apply(null, gaps);
  return Math.min(MAX_PAUSE_MS, Math.max(PAUSE_MS, 2 * longest));
}
// Only the answer to the last query is shown.
var latest = 0;

// The page says when the reader focuses the search box (overrides/main.html): Pagefind
// and the index's first parts load while the query is being typed. Its results script asks
// on the same channel for more pages, and is told how many pages the shown answer's query
// matches.
var channel =
  typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("karriereguiden-search") : null;
var count = null; // what the page was last told
var shown = null; // the answer on screen: {asked, found, marked, partial, items}

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

function tell(total, items, partial) {
  count = {
    total: total,
    shown: items.length,
    first: items.length ? items[0][0].location : null,
    partial: partial ? { asked: partial.asked, found: partial.found } : null,
  };
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
  pages(answer.found, answer.marked, answer.items.length, to)
    .then(function (items) {
      if (answer.asked === latest) {
        answer.items = answer.items.concat(items);
        self.postMessage({ type: RESULT, data: { items: answer.items } });
        tell(answer.found.results.length, answer.items, answer.partial);
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
    // Material asks with an empty query as the search box opens, a moment before the first
    // key. That is no keystroke: counted as one, it made the first key look typed at once,
    // and the first letter alone was searched while the reader went on typing.
    var wait = 0;
    if (String(message.data).trim()) {
      wait = pause(Date.now());
    } else {
      lastKey = null;
      gaps = [];
    }
    setTimeout(function () {
      if (asked === latest) {
        answer(message.data, asked);
      }
    }, wait);
  }
});

function answer(query, asked) {
  var terms = words(query);
  function current() {
    return asked === latest;
  }
  function send(items, found, marked, partial) {
    if (current()) {
      shown = found
        ? { asked: asked, found: found, marked: marked, partial: partial, items: items }
        : null;
      self.postMessage({ type: RESULT, data: { items: items } });
      tell(found ? found.results.length : 0, items, partial);
    }
  }
  if (!terms.length) {
    send([]);
    return;
  }
  load()
    .then(function (module) {
      return module.search(query).then(function (found) {
        // Texts are fetched only for the query still in the box.
        if (!current()) {
          return;
        }
        return texts(found, 0, SHOWN).then(function (fetched) {
          if (!current()) {
            return;
          }
          fetched = exactNamesFirst(fetched, query);
          return partialMatch(module, query, fetched).then(function (partial) {
            var marked = markedTerms(terms, partial);
            var items = fetched.map(function (page) {
              return item(page.data, page.score, marked);
            });
            send(items, found, marked, partial);
          });
        });
      });
    })
    .catch(function (error) {
      console.warn("Search failed:", error);
      send([]);
    });
}
