extension AssetRoutes {
    /// The UI's JavaScript: the live parts only. Every page works without it
    /// (forms post, a running job's page reloads itself); with it, a running
    /// job's log follows live, schedules preview as they are typed, a `oneOf`
    /// choice swaps its fields, "Test connection" answers in place, the
    /// connector list filters as one types, and a long discover shows progress.
    static let script = #"""
        "use strict";
        document.documentElement.classList.add("js");

        function onReady(run) {
          if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
          else run();
        }

        // A running job: poll for new log lines and the job's status.
        function followLog() {
          const log = document.getElementById("log-text");
          if (!log || !log.dataset.follow) return;
          let offset = Number(log.dataset.offset || "0");
          let attempts = null;
          const status = document.getElementById("job-status");
          const records = document.getElementById("job-records");
          const empty = document.getElementById("log-empty");
          async function poll() {
            try {
              const response = await fetch(log.dataset.follow + "&offset=" + offset, { headers: { "Accept": "application/json" } });
              if (!response.ok) throw new Error(String(response.status));
              const progress = await response.json();
              if (progress.text) {
                const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
                log.append(document.createTextNode(progress.text));
                if (empty) empty.hidden = true;
                if (atBottom) log.scrollTop = log.scrollHeight;
              }
              offset = progress.offset;
              if (records) records.textContent = progress.records;
              if (status) {
                const label = status.querySelector(".status");
                if (label && label.lastChild) label.lastChild.textContent = " " + progress.statusLabel;
              }
              if (attempts === null) attempts = progress.attempts;
              if (progress.terminal || progress.attempts !== attempts) {
                window.location.reload();
                return;
              }
            } catch (error) {
              // The server may be restarting: keep trying, a little slower.
              setTimeout(poll, 3000);
              return;
            }
            setTimeout(poll, 1000);
          }
          setTimeout(poll, 1000);
        }

        // A oneOf choice: show the chosen option's fields, disable the others (so they are neither checked nor sent).
        function setUpChoices() {
          document.querySelectorAll("[data-choice-select]").forEach(function (select) {
            const choice = select.closest("[data-choice]");
            const options = Array.from(choice.querySelectorAll(":scope > .choice-options > [data-choice-option]"));
            function update() {
              options.forEach(function (option) { option.disabled = option.dataset.choiceOption !== select.value; });
            }
            select.addEventListener("change", update);
            update();
          });
        }

        // The connector list: filter as one types.
        function setUpFilters() {
          document.querySelectorAll("[data-filter]").forEach(function (input) {
            const list = document.querySelector(input.dataset.filter);
            const count = document.getElementById(input.getAttribute("aria-describedby"));
            if (!list) return;
            const form = input.closest("form");
            if (form) form.addEventListener("submit", function (event) { event.preventDefault(); });
            function update() {
              const terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
              let shown = 0;
              list.querySelectorAll("[data-filter-text]").forEach(function (item) {
                const match = terms.every(function (term) { return item.dataset.filterText.includes(term); });
                item.hidden = !match;
                if (match) shown += 1;
              });
              if (count) count.textContent = shown + (shown === 1 ? " connector" : " connectors");
            }
            input.addEventListener("input", update);
            update();
          });
        }

        // Something slow behind a link or a form (installing a connector, discovering streams): say so while it runs.
        function showProgress(box, text) {
          if (!box) return;
          const started = Date.now();
          box.hidden = false;
          const label = box.querySelector("[data-progress-text]");
          const elapsed = box.querySelector("[data-progress-elapsed]");
          if (label) label.textContent = text;
          setInterval(function () {
            if (elapsed) elapsed.textContent = Math.round((Date.now() - started) / 1000) + " s";
          }, 1000);
        }

        function setUpProgress() {
          document.querySelectorAll("a[data-progress]").forEach(function (link) {
            link.addEventListener("click", function () {
              showProgress(document.getElementById("connector-progress"), link.dataset.progress);
            });
          });
          document.querySelectorAll("form[data-progress]").forEach(function (form) {
            form.addEventListener("submit", function () {
              showProgress(form.querySelector(".progress"), form.dataset.progress);
              form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
            });
          });
        }

        // "Test connection": run the connector's check in place, keeping what was typed (secrets included).
        function setUpChecks() {
          document.querySelectorAll("form[data-spec-form] [data-check]").forEach(function (button) {
            const form = button.form;
            const progress = form.querySelector("[data-check-progress]");
            const result = form.querySelector("[data-check-result]");
            button.addEventListener("click", async function (event) {
              event.preventDefault();
              if (!form.reportValidity()) return;
              button.disabled = true;
              progress.hidden = false;
              result.replaceChildren();
              try {
                const response = await fetch(button.formAction, {
                  method: "POST", body: new URLSearchParams(new FormData(form)),
                  headers: { "Accept": "application/json" },
                });
                const answer = await response.json();
                const box = document.createElement("div");
                box.className = "flash " + (answer.succeeded ? "flash-notice" : "flash-alert");
                box.id = "check-result";
                const badge = document.createElement("strong");
                badge.textContent = (answer.succeeded ? "✓ " : "✕ ") + answer.label;
                const message = document.createElement("span");
                message.className = "pre-line";
                message.textContent = " " + answer.message;
                box.append(badge, message);
                if (answer.problems && answer.problems.length) {
                  const list = document.createElement("ul");
                  answer.problems.forEach(function (problem) {
                    const item = document.createElement("li");
                    item.textContent = problem;
                    list.append(item);
                  });
                  box.append(list);
                }
                result.append(box);
              } catch (error) {
                result.textContent = "The test could not run: " + error;
              } finally {
                button.disabled = false;
                progress.hidden = true;
              }
            });
          });
        }

        // The schedule editor: show the chosen kind's fields, preview the next runs as one types.
        function setUpScheduleEditors() {
          document.querySelectorAll("[data-schedule-editor]").forEach(function (editor) {
            const preview = editor.querySelector("#schedule-preview");
            let timer = null;
            let asked = 0;
            function fields() {
              const data = new URLSearchParams();
              editor.querySelectorAll("input, select").forEach(function (input) {
                if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
                if (input.name) data.append(input.name, input.value);
              });
              return data;
            }
            function showParts() {
              const kind = fields().get("schedule_type") || "manual";
              editor.querySelectorAll("[data-schedule-part]").forEach(function (part) {
                part.hidden = part.dataset.schedulePart !== kind;
              });
            }
            async function refresh() {
              const ask = ++asked;
              try {
                const response = await fetch("/schedule/preview?" + fields().toString(), { headers: { "Accept": "application/json" } });
                const answer = await response.json();
                if (ask !== asked) return;
                preview.replaceChildren();
                preview.dataset.state = answer.ok ? "ok" : "error";
                editor.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
                if (!answer.ok) {
                  const line = document.createElement("p");
                  line.id = "schedule-problem";
                  const icon = document.createElement("span");
                  icon.setAttribute("aria-hidden", "true");
                  icon.textContent = "✕ ";
                  const text = document.createElement("span");
                  text.dataset.previewError = "";
                  text.textContent = answer.error;
                  line.append(icon, text);
                  preview.append(line);
                  const names = { units: "units", cron: "cron", time_zone: "time_zone", time_unit: "time_unit" };
                  const input = editor.querySelector("[name='" + (names[answer.field] || "cron") + "']");
                  if (input) input.setAttribute("aria-invalid", "true");
                  return;
                }
                const words = document.createElement("p");
                words.dataset.previewWords = "";
                words.textContent = answer.words;
                preview.append(words);
                if (answer.runs.length) {
                  const heading = document.createElement("p");
                  heading.className = "small-heading";
                  heading.textContent = "Next runs";
                  const list = document.createElement("ol");
                  list.className = "next-runs";
                  list.dataset.previewRuns = "";
                  answer.runs.forEach(function (run) {
                    const item = document.createElement("li");
                    item.textContent = run;
                    list.append(item);
                  });
                  preview.append(heading, list);
                }
              } catch (error) {
                // Keep the last preview; the server checks again on save.
              }
            }
            function changed() {
              showParts();
              clearTimeout(timer);
              timer = setTimeout(refresh, 250);
            }
            editor.addEventListener("input", changed);
            editor.addEventListener("change", changed);
            showParts();
          });
        }

        onReady(function () {
          followLog();
          setUpScheduleEditors();
          setUpChoices();
          setUpFilters();
          setUpProgress();
          setUpChecks();
          const problems = document.getElementById("form-problems");
          if (problems) problems.focus();
        });
        """#
}
