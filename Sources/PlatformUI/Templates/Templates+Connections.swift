extension Templates {
    /// The home page: every connection, its status, schedule, latest sync and a "Sync now" button.
    static let connections = #"""
        <div class="page-head">
          <h1>Connections</h1>
          <a class="button primary" href="/connections/new"><span aria-hidden="true">+</span> New connection</a>
        </div>
        {{^rows}}
        <div class="empty">
          <p>No connections yet. A connection syncs a source into a destination, by hand or on a schedule.</p>
          <p><a href="/sources/new">Set up a source</a>, <a href="/destinations/new">set up a destination</a>, then <a href="/connections/new">connect them</a>.</p>
        </div>
        {{/rows}}
        {{#hasRows}}
        <div class="table-wrap">
        <table class="list" id="connections">
          <caption class="visually-hidden">Connections, with their latest job</caption>
          <thead>
            <tr>
              <th scope="col">Connection</th>
              <th scope="col">Status</th>
              <th scope="col">Schedule</th>
              <th scope="col">Latest job</th>
              <th scope="col" class="num">Records</th>
              <th scope="col" class="num">Duration</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
          {{#rows}}
            <tr data-connection="{{connectionID}}">
              <th scope="row">
                <a class="strong" href="/connections/{{connectionID}}">{{name}}</a>
                <div class="muted">{{sourceName}} <span aria-label="to">→</span> {{destinationName}}</div>
              </th>
              <td>{{#status}}{{>status}}{{/status}}</td>
              <td>{{schedule}}{{#nextRun}}<div class="muted">next <time datetime="{{nextRunMachine}}" title="{{nextRunTitle}}">{{nextRun}}</time></div>{{/nextRun}}</td>
              <td>{{#job}}<a href="/jobs/{{jobID}}" class="job-link">{{#jobStatus}}{{>status}}{{/jobStatus}}</a><div class="muted"><time datetime="{{whenMachine}}" title="{{whenTitle}}">{{when}}</time></div>{{/job}}{{^job}}<span class="muted">never synced</span>{{/job}}</td>
              <td class="num">{{records}}</td>
              <td class="num">{{duration}}</td>
              <td class="actions">
                <form method="post" action="/connections/{{connectionID}}/sync">
                  <input type="hidden" name="_csrf" value="{{csrf}}">
                  <button type="submit" class="button small"{{^canSync}} disabled{{/canSync}}>Sync now<span class="visually-hidden">: {{name}}</span></button>
                </form>
              </td>
            </tr>
          {{/rows}}
          </tbody>
        </table>
        </div>
        {{#pager}}{{>pager}}{{/pager}}
        {{/hasRows}}
        """#
}
