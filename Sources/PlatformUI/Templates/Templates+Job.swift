extension Templates {
    /// A job: its attempts, their counts and failures, and one attempt's log, followed live while it runs.
    static let job = #"""
        <div class="page-head">
          <div>
            <h1>{{title}}</h1>
            <p class="muted">of <a href="{{connectionHref}}">{{connectionName}}</a></p>
          </div>
          <div class="head-status" id="job-status" role="status" aria-live="polite">{{#jobStatus}}{{>status}}{{/jobStatus}}</div>
        </div>
        {{#cancelRequested}}<div class="flash flash-notice" role="status"><span aria-hidden="true">⊘</span> Cancelling: both connectors were asked to stop.</div>{{/cancelRequested}}
        {{#nextAttempt}}<div class="flash flash-notice" role="status"><span aria-hidden="true">↻</span> {{nextAttempt}}</div>{{/nextAttempt}}

        <section class="card" aria-labelledby="summary-heading">
          <h2 id="summary-heading" class="visually-hidden">Summary</h2>
          <dl class="facts">
            <div><dt>Created</dt><dd>{{created}}</dd></div>
            <div><dt>Started</dt><dd>{{started}}</dd></div>
            <div><dt>Ended</dt><dd>{{ended}}</dd></div>
            <div><dt>Duration</dt><dd>{{duration}}</dd></div>
            <div><dt>Records</dt><dd id="job-records">{{records}}</dd></div>
            <div><dt>Bytes</dt><dd>{{bytes}}</dd></div>
          </dl>
          {{#canCancel}}
          <form method="post" action="/jobs/{{jobID}}/cancel" class="inline">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <button type="submit" class="button danger">Cancel job</button>
          </form>
          {{/canCancel}}
        </section>

        <section class="card" aria-labelledby="attempts-heading">
          <h2 id="attempts-heading">Attempts</h2>
          {{^hasAttempts}}<p class="muted">No attempt has started yet: the job is waiting for a worker.</p>{{/hasAttempts}}
          {{#attempts}}
          <article class="attempt{{#isShown}} attempt-shown{{/isShown}}" aria-labelledby="attempt-{{number}}">
            <h3 id="attempt-{{number}}">{{label}} {{#attemptStatus}}{{>status}}{{/attemptStatus}}</h3>
            <p class="muted">Started {{started}} · {{duration}} · {{records}} records · {{bytes}}</p>
            {{#failure}}
            <div class="failure" role="note"><strong>Failed in {{origin}}</strong> ({{kind}}{{#retryable}}, retryable{{/retryable}}): <span class="pre-line">{{message}}</span></div>
            {{/failure}}
            {{#hasStreams}}
            <table class="list compact"><caption class="visually-hidden">Records per stream in attempt {{number}}</caption>
              <thead><tr><th scope="col">Stream</th><th scope="col" class="num">Records committed</th><th scope="col" class="num">Bytes</th></tr></thead>
              <tbody>{{#streams}}<tr><th scope="row">{{stream}}</th><td class="num">{{records}}</td><td class="num">{{bytes}}</td></tr>{{/streams}}</tbody>
            </table>
            {{/hasStreams}}
            <p class="attempt-links">{{^isShown}}<a href="{{href}}">Show its log</a>{{/isShown}}{{#downloadHref}}<a href="{{downloadHref}}" download>Download its log</a>{{/downloadHref}}</p>
          </article>
          {{/attempts}}
        </section>

        {{#log}}
        <section class="card" aria-labelledby="log-heading" id="log">
          <h2 id="log-heading">{{label}}</h2>
          {{#isPartial}}<p class="muted">The end of the log; download it to read it all.</p>{{/isPartial}}
          <pre class="log" id="log-text" tabindex="0" aria-label="{{label}}"{{#followURL}} data-follow="{{followURL}}" data-offset="{{offset}}" aria-live="off"{{/followURL}}>{{text}}</pre>
          {{#isEmpty}}<p class="muted" id="log-empty">Nothing logged yet.</p>{{/isEmpty}}
          {{#followURL}}<p class="muted" id="log-following" role="status"><span aria-hidden="true">⟳</span> Following the log while the job runs.</p>{{/followURL}}
          {{#downloadHref}}<p><a class="button small" href="{{downloadHref}}" download>Download the log</a></p>{{/downloadHref}}
        </section>
        {{/log}}
        """#
}
