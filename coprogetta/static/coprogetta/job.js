// The page of a background job: ask for its state every second and show it, until it ends.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") { return; }
  var url = box.dataset.statusUrl;
  // The status line is a live region: rewrite it only when it changes, or a screen reader
  // would read the same words again at every poll.
  function setText(id, text) {
    var element = document.getElementById(id);
    if (element.textContent !== text) { element.textContent = text; }
  }
  function show(state) {
    var bar = document.getElementById("job-bar");
    bar.style.width = state.progress + "%";
    bar.setAttribute("aria-valuenow", state.progress);
    document.getElementById("job-percent").textContent = state.progress + " %";
    setText("job-status", state.status_label);
    setText("job-step", state.step ? " — " + state.step : "");
    if (state.error) {
      var error = document.getElementById("job-error");
      error.textContent = state.error;
      error.classList.remove("d-none");
    }
    if (state.result_url) {
      document.getElementById("job-result-link").href = state.result_url;
      document.getElementById("job-result").classList.remove("d-none");
    }
    if (state.finished) {
      var wait = document.getElementById("job-wait");
      if (wait) { wait.remove(); }
    }
  }
  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        show(state);
        if (!state.finished) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
