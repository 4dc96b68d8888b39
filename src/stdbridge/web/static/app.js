/* stdbridge pages: small conveniences on top of pages that work without any script. */
(function () {
  "use strict";

  // Sort order and "every edition" apply at once; without a script the "Apply" button does it (it stays
  // for the years, which apply when the reader has typed both).
  document.querySelectorAll("[data-autosubmit]").forEach(function (control) {
    control.addEventListener("change", function () {
      if (control.form) { control.form.submit(); }
    });
  });

  // On a narrow screen the filters sit above the results: fold them so the results come first.
  var narrow = window.matchMedia("(max-width: 760px)");
  document.querySelectorAll("details[data-collapse-narrow]").forEach(function (details) {
    if (narrow.matches) { details.open = false; }
  });

  // "/" puts the cursor in the search box, as on many search sites.
  var box = document.getElementById("q");
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "/" && box && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // A form that takes a while (a comparison, the compatibility of two whole bodies) says so while the reader
  // waits; a download leaves the page as it is, so it is not marked.
  function showsBusy(form, submitter) {
    var action = submitter && submitter.value;
    return !(submitter && submitter.formTarget) && (!action || action === "page");
  }
  function markBusy(form) {
    form.setAttribute("aria-busy", "true");
    var note = form.querySelector(".busy-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "busy-note";
      note.setAttribute("role", "status");
      form.appendChild(note);
    }
    note.textContent = form.getAttribute("data-busy");
  }
  function clearBusy(form) {
    form.removeAttribute("aria-busy");
    var note = form.querySelector(".busy-note");
    if (note) { note.remove(); }
  }
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!showsBusy(form, event.submitter)) { return; }
      markBusy(form);
      if (form.hasAttribute("data-progress") && streams()) {
        event.preventDefault();
        var submitter = event.submitter;
        sendWithProgress(form, submitter).catch(function () { sendPlainly(form, submitter); });
      }
    });
  });

  // A form marked data-progress asks for its work's progress as it goes (web/progress.py): a line of JSON for
  // each step, shown under the form, and last the page, which takes the place of this one. Anything unexpected
  // (an error, a broken connection, an answer without a page) sends the form the plain way.
  function streams() {
    return !!(window.fetch && window.TextDecoder && window.ReadableStream && window.URLSearchParams && window.history.pushState);
  }
  function showStep(form, step) {
    var note = form.querySelector(".busy-note");
    if (!note) { return; }
    var bar = note.querySelector("progress");
    var label = note.querySelector(".step");
    if (!bar) {
      bar = document.createElement("progress");
      label = document.createElement("span");
      label.className = "step";
      note.appendChild(document.createElement("br"));
      note.appendChild(bar);
      note.appendChild(label);
    }
    if (step.total) {
      bar.max = step.total;
      bar.value = step.done;
    } else {
      bar.removeAttribute("value");  // a step that does not know how much it has to do
    }
    var count = step.total ? step.done.toLocaleString() + " / " + step.total.toLocaleString() : (step.done ? step.done.toLocaleString() : "");
    label.textContent = step.label + (count ? " " + count : "");
  }
  function sendWithProgress(form, submitter) {
    var method = (form.getAttribute("method") || "get").toUpperCase();
    var url = form.getAttribute("action") || window.location.pathname;
    var data = new FormData(form);
    if (submitter && submitter.name) { data.set(submitter.name, submitter.value); }
    var request = { method: method, headers: { Accept: "application/x-ndjson" }, credentials: "same-origin" };
    if (method === "GET") {
      url += (url.indexOf("?") < 0 ? "?" : "&") + new URLSearchParams(data).toString();
    } else {
      request.body = data;
    }
    return fetch(url, request).then(function (response) {
      if (!response.ok || !response.body) { throw new Error("no stream"); }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var held = "";
      function read() {
        return reader.read().then(function (chunk) {
          held += decoder.decode(chunk.value || new Uint8Array(0), { stream: !chunk.done });
          var lines = held.split("\n");
          held = lines.pop();
          for (var i = 0; i < lines.length; i += 1) {
            if (!lines[i]) { continue; }
            var message = JSON.parse(lines[i]);
            if (message.progress) { showStep(form, message.progress); }
            if (typeof message.page === "string") { return message.page; }
          }
          if (chunk.done) { throw new Error("no page"); }
          return read();
        });
      }
      return read();
    }).then(function (page) {
      if (method === "GET") { window.history.pushState(null, "", url); }
      document.open();
      document.write(page);
      document.close();
    });
  }
  function sendPlainly(form, submitter) {
    if (submitter && submitter.name) {  // submit() sends no button: its value goes as a field
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = submitter.name;
      field.value = submitter.value;
      form.appendChild(field);
    }
    HTMLFormElement.prototype.submit.call(form);
  }
  window.addEventListener("pageshow", function () {  // back to a page whose form was busy
    document.querySelectorAll("form[aria-busy]").forEach(clearBusy);
  });

  // The comparison of two uploaded texts is fetched into the page, so that the files stay chosen and the full
  // report and the JSON can be asked for without choosing them again.
  document.querySelectorAll("form[data-keep-files]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var files = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
        return input.files && input.files.length > 0;
      });
      if (!files || !showsBusy(form, event.submitter) || !window.fetch || !window.DOMParser) { return; }
      event.preventDefault();
      var data = new FormData(form);
      data.set("action", "page");
      // getAttribute: the form's buttons are named "action", which hides the form's own property
      fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("compare-result");
          var shown = document.getElementById("compare-result");
          if (fresh && shown) {
            shown.replaceWith(fresh);
            fresh.querySelectorAll("[data-remember]").forEach(remember);
            fresh.scrollIntoView();
          }
        })
        .catch(function () { form.submit(); })
        .then(function () { clearBusy(form); });
    });
  });

  // Who decides about suggestions is asked once and remembered on this device.
  function remember(input) {
    var key = "stdbridge-" + input.getAttribute("data-remember");
    try {
      if (!input.value) { input.value = window.localStorage.getItem(key) || ""; }
      input.addEventListener("change", function () { window.localStorage.setItem(key, input.value.trim()); });
    } catch (error) { /* storage refused: nothing is remembered */ }
  }
  document.querySelectorAll("[data-remember]").forEach(remember);
})();
