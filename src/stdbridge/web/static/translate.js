/* The translation editor: the keyboard and autosave. Without this script every segment's form still saves.
   Ctrl+Enter confirms the active segment and goes to the next; Ctrl+Shift+S copies the source into the target;
   Alt+1..9 inserts the memory match (or machine translation) of that number, Alt+Shift+1..9 the term of that
   number. A draft is saved through the API a moment after the translator stops typing, with the version the
   page loaded: when someone else saved the segment since, nothing is overwritten and the page says so. */
(function () {
  "use strict";
  var form = document.querySelector("form.segment-form");
  if (!form) { return; }
  var area = form.querySelector("textarea[name=target]");
  var version = form.querySelector("input[name=version]");
  var status = form.querySelector(".autosave");
  var list = document.querySelector("ol.segments");
  var project = list ? list.getAttribute("data-project") : null;
  var segment = form.getAttribute("data-segment");
  var token = form.querySelector("input[name=csrf_token]").value;
  var zh = document.documentElement.lang.indexOf("zh") === 0;
  var words = zh
    ? { saving: "正在保存…", saved: "草稿已保存", conflict: "他人已保存此句段：请重新加载页面", failed: "未能保存：" }
    : { saving: "saving…", saved: "draft saved", conflict: "someone else saved this segment: reload the page",
        failed: "not saved: " };
  var inserts = Array.prototype.slice.call(document.querySelectorAll(".assist [data-insert]"));
  var terms = Array.prototype.slice.call(document.querySelectorAll(".assist [data-term]"));
  var timer = null;
  var saved = area.value;

  area.focus();
  area.setSelectionRange(area.value.length, area.value.length);

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    timer = null;
    if (area.readOnly || area.value === saved || !project) { return; }
    var sent = area.value;
    say(words.saving);
    fetch("/api/translate/" + project + "/segments/" + segment, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify({ target: sent, version: Number(version.value), confirm: false })
    }).then(function (answer) {
      return answer.json().then(function (body) { return { ok: answer.ok, code: answer.status, body: body }; });
    }).then(function (reply) {
      if (reply.ok) {
        version.value = reply.body.version;
        saved = sent;
        say(words.saved);
      } else if (reply.code === 409) {
        say(words.conflict);
      } else {
        say(words.failed + ((reply.body.error && reply.body.error.message) || reply.code));
      }
    }).catch(function (error) { say(words.failed + error); });
  }

  function insert(text) {
    var start = area.selectionStart, end = area.selectionEnd;
    if (!area.value.trim()) { area.value = text; } else {
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
      area.setSelectionRange(start + text.length, start + text.length);
    }
    area.dispatchEvent(new Event("input"));
  }

  area.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1500);
  });

  inserts.forEach(function (item, index) {
    item.title = (zh ? "插入（Alt+" : "insert (Alt+") + (index + 1) + ")";
    item.addEventListener("click", function () { insert(item.getAttribute("data-insert")); area.focus(); });
  });
  terms.forEach(function (item, index) {
    if (!item.getAttribute("data-term")) { return; }
    item.title = (zh ? "插入（Alt+Shift+" : "insert (Alt+Shift+") + (index + 1) + ")";
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey && event.key === "Enter") {
      event.preventDefault();
      if (timer) { clearTimeout(timer); timer = null; }
      var confirm = form.querySelector("button[value=confirm]") || form.querySelector("button[value=approve]");
      if (confirm) { form.requestSubmit(confirm); }
      return;
    }
    if (event.ctrlKey && event.shiftKey && (event.key === "S" || event.key === "s")) {
      event.preventDefault();
      area.value = area.getAttribute("data-source");
      area.dispatchEvent(new Event("input"));
      return;
    }
    if (event.altKey && /^Digit[1-9]$/.test(event.code)) {
      var number = Number(event.code.slice(5)) - 1;
      var pool = event.shiftKey ? terms.map(function (t) { return t.getAttribute("data-term"); })
        : inserts.map(function (i) { return i.getAttribute("data-insert"); });
      if (pool[number]) { event.preventDefault(); insert(pool[number]); }
    }
  });
})();
