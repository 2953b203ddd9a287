// The easy-Japanese checker in the page editor (Checks side panel).
//
// As the editor types, the Japanese text of the form (plain fields, and each paragraph of the
// Draftail rich-text editors) is sent to the checker endpoint, debounced, and the report fills
// the panel: score, level and each finding with its sentence. Clicking a finding puts the
// cursor on the text it is about. Nothing reloads; a newer request cancels an older one.
(function () {
  "use strict";

  var DEBOUNCE_MS = 300;
  var JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]/;
  // Fields that are not prose a reader reads: the URL slug, and the word and reading a
  // vocabulary entry teaches (they are glossed on the page).
  var SKIPPED_NAME = /(^slug$|^next$|-word$|-reading$|^comment)/;

  function init() {
    var panel = document.querySelector("[data-ej-checker]");
    var form = document.querySelector("form[data-edit-form]");
    if (!panel || !form) return;

    var endpoint = panel.dataset.ejEndpoint;
    var japaneseUi = (panel.dataset.ejLanguage || "ja").indexOf("ja") === 0;
    var labels = {};
    Object.keys(panel.dataset).forEach(function (key) {
      if (key.indexOf("ejLabel") === 0) labels[key.slice(7).toLowerCase()] = panel.dataset[key];
    });
    var scoreEl = panel.querySelector("[data-ej-score]");
    var levelEl = panel.querySelector("[data-ej-level]");
    var targetEl = panel.querySelector("[data-ej-target]");
    var statusEl = panel.querySelector("[data-ej-status]");
    var listEl = panel.querySelector("[data-ej-findings]");

    var timer = null;
    var inflight = null;
    var lastSent = "";
    var sources = {}; // segment id -> {el, kind, block}
    var known = []; // words a vocabulary list on the page explains

    function target() {
      var select = form.querySelector("[name=target_level]");
      return (select && select.value) || panel.dataset.ejDefaultTarget || "N4";
    }

    // The text of the form in reading order, each run with the element that holds it.
    function collect() {
      var segments = [];
      known = [];
      sources = {};
      var n = 0;
      function add(el, text, kind, block) {
        if (!text || !JAPANESE.test(text)) return;
        var id = "s" + n++;
        sources[id] = {el: el, kind: kind, block: block};
        segments.push({id: id, text: text});
      }
      var nodes = form.querySelectorAll(
        "input[type=text], textarea, [contenteditable=true]"
      );
      nodes.forEach(function (el) {
        if (el.isContentEditable) {
          el.querySelectorAll("[data-block=true]").forEach(function (block) {
            add(el, block.textContent, "rich", block);
          });
          return;
        }
        if (el.closest("[contenteditable=true]") || el.closest("[data-side-panel]")) return;
        if (/-word$/.test(el.name || "") && el.value.trim()) known.push(el.value.trim());
        if (SKIPPED_NAME.test(el.name || "")) return;
        add(el, el.value, "field", null);
      });
      return segments;
    }

    function setStatus(text) {
      statusEl.textContent = text || "";
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    }

    function run() {
      var segments = collect();
      var body = JSON.stringify({target: target(), segments: segments, known: known});
      if (body === lastSent) return;
      lastSent = body;
      if (inflight) inflight.abort();
      if (!segments.length) {
        render(null);
        setStatus(labels.empty);
        return;
      }
      inflight = new AbortController();
      setStatus(labels.checking);
      var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
      fetch(endpoint, {
        method: "POST",
        body: body,
        signal: inflight.signal,
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : ""}
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (report) {
          inflight = null;
          render(report);
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          lastSent = "";
          setStatus(labels.error);
        });
    }

    function text(tag, className, content) {
      var el = document.createElement(tag);
      if (className) el.className = className;
      if (content) el.textContent = content;
      return el;
    }

    function render(report) {
      listEl.textContent = "";
      panel.classList.remove("ej-panel--fails", "ej-panel--meets");
      if (!report) {
        scoreEl.textContent = "-";
        levelEl.textContent = "-";
        targetEl.textContent = target();
        return;
      }
      scoreEl.textContent = String(report.score);
      levelEl.textContent = japaneseUi ? report.level_ja : report.level_en;
      targetEl.textContent = report.target;
      panel.classList.add(report.meets_target ? "ej-panel--meets" : "ej-panel--fails");
      setStatus(report.meets_target ? labels.meets : labels.fails);
      if (!report.findings.length) {
        listEl.appendChild(text("li", "ej-finding ej-finding--none", labels.none));
        return;
      }
      report.findings.forEach(function (finding) {
        var item = text("li", "ej-finding ej-finding--" + finding.severity);
        var button = text("button", "ej-finding__button");
        button.type = "button";
        button.dataset.segment = finding.segment;
        button.dataset.start = finding.start;
        button.dataset.end = finding.end;
        var head = text("span", "ej-finding__head");
        // People read the rule's title and the severity's label; the ids stay for styling.
        item.dataset.rule = finding.rule;
        head.appendChild(text("span", "ej-finding__rule", japaneseUi ? finding.rule_title_ja : finding.rule_title_en));
        head.appendChild(text("span", "ej-finding__severity", finding.severity_label));
        button.appendChild(head);
        var sentence = finding.sentence;
        var quote = text("span", "ej-finding__sentence");
        quote.lang = "ja";
        if (sentence && sentence.mark_end > sentence.mark_start) {
          quote.appendChild(document.createTextNode(sentence.text.slice(0, sentence.mark_start)));
          quote.appendChild(text("mark", "", sentence.text.slice(sentence.mark_start, sentence.mark_end)));
          quote.appendChild(document.createTextNode(sentence.text.slice(sentence.mark_end)));
        } else {
          quote.textContent = sentence ? sentence.text : finding.excerpt;
        }
        button.appendChild(quote);
        var why = text("span", "ej-finding__why", japaneseUi ? finding.message_ja : finding.message_en);
        why.title = japaneseUi ? finding.message_en : finding.message_ja;
        button.appendChild(why);
        if (finding.suggestion) {
          button.appendChild(text("span", "ej-finding__suggestion", labels.suggestion + " " + finding.suggestion));
        }
        item.appendChild(button);
        listEl.appendChild(item);
      });
    }

    function flash(el) {
      el.classList.add("ej-flash");
      setTimeout(function () { el.classList.remove("ej-flash"); }, 1500);
    }

    // Select characters [start, end) of a rich-text paragraph (across its text nodes).
    function selectInBlock(block, start, end) {
      var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      var range = document.createRange();
      var seen = 0;
      var startSet = false;
      var node;
      while ((node = walker.nextNode())) {
        var length = node.textContent.length;
        if (!startSet && start <= seen + length) {
          range.setStart(node, start - seen);
          startSet = true;
        }
        if (startSet && end <= seen + length) {
          range.setEnd(node, end - seen);
          break;
        }
        seen += length;
      }
      if (!startSet) return;
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }

    function focusFinding(button) {
      var source = sources[button.dataset.segment];
      if (!source || !source.el.isConnected) return;
      var start = Number(button.dataset.start);
      var end = Number(button.dataset.end);
      var target = source.block && source.block.isConnected ? source.block : source.el;
      target.scrollIntoView({block: "center", behavior: "smooth"});
      if (source.kind === "field") {
        source.el.focus({preventScroll: true});
        try { source.el.setSelectionRange(start, Math.max(start, end)); } catch (e) { /* not a text input */ }
      } else {
        source.el.focus({preventScroll: true});
        if (source.block && source.block.isConnected) selectInBlock(source.block, start, Math.max(start, end));
      }
      flash(target);
    }

    listEl.addEventListener("click", function (event) {
      var button = event.target.closest(".ej-finding__button");
      if (button) focusFinding(button);
    });

    ["input", "keyup", "change", "paste", "cut"].forEach(function (type) {
      form.addEventListener(type, schedule, true);
    });
    // Draftail updates its DOM without native input events for most keystrokes.
    new MutationObserver(schedule).observe(form, {subtree: true, characterData: true, childList: true});
    targetEl.textContent = target();
    schedule();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
