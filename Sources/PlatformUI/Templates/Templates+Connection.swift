extension Templates {
    /// A connection: actions, schedule editor, streams editor, settings, job history.
    static let connection = #"""
        <div class="page-head">
          <div>
            <h1>{{name}}</h1>
            <p class="muted"><a href="{{sourceHref}}">{{sourceName}}</a> <span aria-label="to">→</span> <a href="{{destinationHref}}">{{destinationName}}</a></p>
          </div>
          <div class="head-status">{{#status}}{{>status}}{{/status}}</div>
        </div>
        {{#statusReason}}<div class="flash flash-alert" role="alert"><span aria-hidden="true">⏸</span> {{statusReason}}</div>{{/statusReason}}
        {{#hasProblems}}
        <div class="flash flash-alert" role="alert" id="form-problems" tabindex="-1">
          <span aria-hidden="true">✕</span> <strong>{{problemTitle}}</strong>
          <ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul>
        </div>
        {{/hasProblems}}

        <div class="button-row actions-bar">
          <form method="post" action="/connections/{{connectionID}}/sync" class="inline">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <button type="submit" class="button primary"{{^canSync}} disabled{{/canSync}}>Sync now</button>
          </form>
          <form method="post" action="/connections/{{connectionID}}/status" class="inline">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            {{#isActive}}<input type="hidden" name="status" value="inactive"><button type="submit" class="button">Disable</button>{{/isActive}}
            {{^isActive}}<input type="hidden" name="status" value="active"><button type="submit" class="button">Enable</button>{{/isActive}}
          </form>
          <a class="button" href="/connections/{{connectionID}}/reset">Reset data</a>
          <a class="button danger" href="/connections/{{connectionID}}/delete">Delete</a>
        </div>

        <section aria-labelledby="jobs-heading" class="card" id="jobs">
          <h2 id="jobs-heading">Job history</h2>
          {{#chart}}<figure class="chart">{{{chart}}}</figure>{{/chart}}
          {{^hasJobs}}<p class="muted">No job yet.</p>{{/hasJobs}}
          {{#hasJobs}}
          <div class="table-wrap">
          <table class="list" id="job-history">
            <caption class="visually-hidden">Jobs of this connection, newest first</caption>
            <thead><tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col" class="num">Duration</th><th scope="col" class="num">Records</th><th scope="col" class="num">Bytes</th><th scope="col">Attempts</th></tr></thead>
            <tbody>
            {{#jobs}}
              <tr data-job="{{jobID}}">
                <th scope="row"><a href="/jobs/{{jobID}}">{{type}} {{jobID}}</a></th>
                <td>{{#jobStatus}}{{>status}}{{/jobStatus}}</td>
                <td><time datetime="{{createdMachine}}" title="{{createdTitle}}">{{created}}</time></td>
                <td class="num">{{duration}}</td>
                <td class="num">{{records}}</td>
                <td class="num">{{bytes}}</td>
                <td>{{attempts}}</td>
              </tr>
              {{#failure}}
              <tr class="detail-row"><td></td><td colspan="6" class="failure"><strong>Failed in {{origin}}</strong> ({{kind}}): <span class="pre-line">{{message}}</span></td></tr>
              {{/failure}}
              {{#hasStreams}}
              <tr class="detail-row"><td></td><td colspan="6">
                <details><summary>Records per stream</summary>
                  <table class="list compact"><thead><tr><th scope="col">Stream</th><th scope="col" class="num">Records</th><th scope="col" class="num">Bytes</th></tr></thead>
                  <tbody>{{#streams}}<tr><th scope="row">{{stream}}</th><td class="num">{{records}}</td><td class="num">{{bytes}}</td></tr>{{/streams}}</tbody></table>
                </details>
              </td></tr>
              {{/hasStreams}}
            {{/jobs}}
            </tbody>
          </table>
          </div>
          {{#jobsPager}}{{>pager}}{{/jobsPager}}
          {{/hasJobs}}
        </section>

        <section aria-labelledby="schedule-heading" class="card" id="schedule">
          <h2 id="schedule-heading">Schedule</h2>
          <p>Now: syncs <strong>{{scheduleWords}}</strong>.</p>
          {{#hasNextRuns}}<p class="small-heading">Next runs</p><ol class="next-runs" id="next-runs">{{#nextRuns}}<li>{{.}}</li>{{/nextRuns}}</ol>{{/hasNextRuns}}
          <form method="post" action="/connections/{{connectionID}}/schedule" data-schedule-form>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            {{#scheduleEditor}}{{>scheduleEditor}}{{/scheduleEditor}}
            <div class="button-row">
              <button type="submit" class="button primary">Save the schedule</button>
              <button type="submit" class="button no-js-only" formaction="/connections/{{connectionID}}/schedule/preview">Preview</button>
            </div>
          </form>
        </section>

        <section aria-labelledby="streams-heading" class="card" id="streams-section">
          <h2 id="streams-heading">Streams <span class="muted small">{{selectedCount}}</span></h2>
          <form method="post" action="/connections/{{connectionID}}/streams">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            {{#streamsEditor}}{{>streamsEditor}}{{/streamsEditor}}
            <div class="button-row"><button type="submit" class="button primary">Save the streams</button></div>
          </form>
        </section>

        <section aria-labelledby="settings-heading" class="card" id="settings">
          <h2 id="settings-heading">Settings</h2>
          <form method="post" action="/connections/{{connectionID}}/settings">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            {{#settings}}{{>connectionSettings}}{{/settings}}
            <div class="button-row"><button type="submit" class="button primary">Save the settings</button></div>
          </form>
        </section>
        """#

    /// A connection's name, namespace and prefix (``ConnectionSettingsView``); inside a form.
    static let connectionSettings = #"""
        <div class="field">
          <label for="connection-name">Name<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></label>
          <input id="connection-name" name="name" type="text" value="{{name}}" required maxlength="200">
        </div>
        <fieldset>
          <legend>Where the tables go</legend>
          <label class="check" for="namespace-destination"><input type="radio" id="namespace-destination" name="namespace_definition" value="destination"{{#isDestination}} checked{{/isDestination}}> The destination's default schema</label>
          <label class="check" for="namespace-source"><input type="radio" id="namespace-source" name="namespace_definition" value="source"{{#isSource}} checked{{/isSource}}> The source's namespace</label>
          <label class="check" for="namespace-custom"><input type="radio" id="namespace-custom" name="namespace_definition" value="custom_format"{{#isCustom}} checked{{/isCustom}}> A custom namespace</label>
          <div class="field">
            <label for="namespace-format">Custom namespace</label>
            <input id="namespace-format" name="namespace_format" type="text" value="{{namespaceFormat}}" placeholder="${SOURCE_NAMESPACE}" aria-describedby="namespace-format-help">
            <p class="help" id="namespace-format-help">Used with “A custom namespace”; <code>${SOURCE_NAMESPACE}</code> is the source's.</p>
          </div>
        </fieldset>
        <div class="field">
          <label for="connection-prefix">Table name prefix</label>
          <input id="connection-prefix" name="prefix" type="text" value="{{prefix}}" maxlength="100" placeholder="none" aria-describedby="connection-prefix-help">
          <p class="help" id="connection-prefix-help">Put before every table's name, such as <code>shop_</code>.</p>
        </div>
        """#
}
