/* Keep search results in the reader's language.
 *
 * Opened from file://, Material loads one search index for all languages as a script that
 * assigns `var __index = {...}`. This accessor is defined first, so the assignment passes
 * through it and only the pages of this page's language reach the search worker.
 */
(function () {
  "use strict";
  var config = window.__karriereguiden;
  if (!config) {
    return;
  }
  function inLanguage(doc) {
    var location = doc.location;
    if (config.prefix) {
      return location.indexOf(config.prefix) === 0;
    }
    return !config.other_prefixes.some(function (prefix) {
      return location.indexOf(prefix) === 0;
    });
  }
  var index;
  Object.defineProperty(window, "__index", {
    configurable: true,
    get: function () {
      return index;
    },
    set: function (value) {
      if (value && value.docs) {
        value.docs = value.docs.filter(inLanguage);
      }
      index = value;
    },
  });
})();
