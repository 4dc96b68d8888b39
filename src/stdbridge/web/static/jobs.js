/* The job page: follows a job as it runs, asking the API for it every second, and shows its result (the page
   again) when it has finished. Without this script the page says to reload it. */
(function () {
  "use strict";
  var section = document.querySelector("[data-job]");
  if (!section || ["done", "failed", "cancelled"].indexOf(section.getAttribute("data-state")) >= 0) { return; }
  var url = section.getAttribute("data-job");
  var bar = section.querySelector("[data-job-progress]");
  var count = section.querySelector("[data-job-count]");
  var message = section.querySelector("[data-job-message]");
  var state = section.querySelector("[data-job-state]");
  var hint = section.querySelector("[data-job-reload]");
  var lang = document.documentElement.lang.indexOf("zh") === 0 ? "zh" : "en";
  var names = lang === "zh"
    ? { queued: "排队中", running: "运行中", done: "已完成", failed: "失败", cancelled: "已取消" }
    : { queued: "queued", running: "running", done: "done", failed: "failed", cancelled: "cancelled" };
  var format = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en");
  var failures = 0;
  if (hint) { hint.hidden = true; }

  function show(job) {
    var p = job.progress;
    if (state && names[job.state]) {
      state.textContent = names[job.state];
      state.className = "job-state state-" + job.state;
    }
    if (message) { message.textContent = p.message || ""; }
    if (bar) {
      if (p.total) {
        bar.max = p.total;
        bar.value = Math.min(p.done, p.total);
      } else {
        bar.removeAttribute("value");  // a step that does not know its total: the bar moves to and fro
      }
    }
    if (count) { count.textContent = p.total ? format.format(p.done) + " / " + format.format(p.total) : (p.done ? format.format(p.done) : ""); }
  }

  function poll() {
    fetch(url + "?lang=" + lang, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (job) {
        failures = 0;
        show(job);
        if (["done", "failed", "cancelled"].indexOf(job.state) >= 0) {
          window.location.reload();  // the page shows the summary and the rejected rows
          return;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        failures += 1;
        if (failures < 30) { window.setTimeout(poll, 2000); } else if (hint) { hint.hidden = false; }
      });
  }
  window.setTimeout(poll, 500);
})();
