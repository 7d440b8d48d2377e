/* The language switch and the offline search box: no network, no libraries. */
(function () {
  "use strict";
  var html = document.documentElement;
  var root = document.body.dataset.root || "";

  /* Language: EN, 中文 or both, remembered across pages (localStorage works on file:// too). */
  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-set-lang]"));
  function showLanguage(language) {
    html.dataset.lang = language;
    html.lang = language === "zh" ? "zh-Hans" : "en";
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.setLang === language));
    });
  }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      showLanguage(button.dataset.setLang);
      try { localStorage.setItem("glossary-lang", button.dataset.setLang); } catch (error) { /* private mode */ }
    });
  });
  showLanguage(html.dataset.lang || "both");

  /* Fuzzy search over English names, Chinese names and aliases, like the terminal app's:
     exact > prefix > every query word starting a word of the name > one typo > a typo in a prefix > substring >
     the query's letters in order ("adm" in "adam"), the closer together the better. */
  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}\p{M}]+/gu, "");
  }
  function words(text) {
    return text.normalize("NFKC").toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  }
  function distance(a, b) { /* optimal string alignment: a swap of neighbours counts as one edit */
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1);
        rows[i].push(best);
      }
    }
    return rows[a.length][b.length];
  }
  function startsInOrder(prefixes, nameWords) {
    var position = 0;
    for (var k = 0; k < prefixes.length; k++) {
      while (position < nameWords.length && nameWords[position].indexOf(prefixes[k]) !== 0) position++;
      if (position === nameWords.length) return false;
      position++;
    }
    return true;
  }
  function score(query, queryWords, key) {
    var needle = key.key;
    if (needle === query) return 200;
    if (needle.indexOf(query) === 0) return 150 + 10 * query.length / needle.length;
    if (queryWords.length && startsInOrder(queryWords, key.words)) return 120;
    if (query.length >= 4) {
      if (Math.abs(needle.length - query.length) <= 1 && distance(query, needle) <= 1) return 110;
      for (var n = query.length - 1; n <= query.length + 1; n++) {
        if (n < needle.length && distance(query, needle.slice(0, n)) <= 1) return 100;
      }
    }
    if (query.length >= 2 && needle.indexOf(query) >= 0) return 90;
    var span = query.length >= 2 ? subsequence(query, needle) : 0;
    return span ? 60 + 25 * query.length / span + (needle[0] === query[0] ? 4 : 0) : 0;
  }
  function subsequence(query, needle) { /* the shortest stretch of needle holding query's letters in order, or 0 */
    var shortest = 0;
    for (var start = needle.indexOf(query[0]); start >= 0; start = needle.indexOf(query[0], start + 1)) {
      var at = start;
      for (var k = 1; k < query.length && at >= 0; k++) at = needle.indexOf(query[k], at + 1);
      if (at < 0) break;
      if (!shortest || at - start + 1 < shortest) shortest = at - start + 1;
    }
    return shortest;
  }
  var entries = (window.GLOSSARY_INDEX || []).map(function (row, rank) {
    var names = [row[1], row[2]].concat(row[3]);
    return {
      id: row[0], name: row[1], nameZh: row[2], rank: rank,
      keys: [row[0]].concat(names).map(function (name) {
        return { name: name, key: normalise(name), words: words(name) };
      })
    };
  });
  function search(text, limit) {
    var query = normalise(text);
    if (!query) return [];
    var queryWords = words(text);
    var hits = [];
    entries.forEach(function (entry) {
      var best = null;
      entry.keys.forEach(function (key) {
        var value = score(query, queryWords, key);
        if (value > 0 && (best === null || value > best.score)) best = { entry: entry, score: value, matched: key.name };
      });
      if (best) hits.push(best);
    });
    hits.sort(function (a, b) { return b.score - a.score || a.entry.rank - b.entry.rank; });
    return hits.slice(0, limit);
  }
  window.glossarySearch = search;

  var input = document.getElementById("search");
  var list = document.getElementById("results");
  var active = -1;
  function span(className, text, language) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    if (language) element.lang = language;
    return element;
  }
  function mark(index) {
    var items = list.querySelectorAll("a");
    active = Math.max(-1, Math.min(index, items.length - 1));
    items.forEach(function (item, position) { item.setAttribute("aria-selected", String(position === active)); });
    if (active >= 0) items[active].scrollIntoView({ block: "nearest" });
  }
  function show() {
    var hits = search(input.value, 12);
    list.replaceChildren();
    hits.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + "terms/" + hit.entry.id + ".html";
      link.setAttribute("role", "option");
      if (hit.entry.nameZh === hit.entry.name) {
        link.append(span("name", hit.entry.name));
      } else {
        link.append(span("name en", hit.entry.name), span("name zh", hit.entry.nameZh, "zh-Hans"));
      }
      if (hit.matched !== hit.entry.name && hit.matched !== hit.entry.nameZh && hit.matched !== hit.entry.id) {
        link.append(span("matched", hit.matched));
      }
      item.append(link);
      list.append(item);
    });
    if (input.value.trim() && !hits.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.append(span("en", "No term matches"), span("zh", "没有匹配的术语", "zh-Hans"));
      list.append(none);
    }
    list.hidden = !input.value.trim();
    mark(hits.length ? 0 : -1);
  }
  if (input && list) {
    input.addEventListener("input", show);
    input.addEventListener("focus", function () { if (input.value.trim()) show(); });
    input.addEventListener("keydown", function (event) {
      var links = list.querySelectorAll("a");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        mark(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && links[Math.max(active, 0)]) {
        event.preventDefault();
        window.location.href = links[Math.max(active, 0)].href;
      } else if (event.key === "Escape") {
        input.value = "";
        list.hidden = true;
      }
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest(".search")) list.hidden = true;
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "/" && document.activeElement !== input) { event.preventDefault(); input.focus(); }
    });
  }
})();
